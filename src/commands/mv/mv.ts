// mv(1): rename SOURCE to DEST, or move SOURCE... into DIRECTORY. `mv: cannot move 'a' to 'b':
// Permission denied`; a directory cannot go inside itself.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { targetOperands } from '../lib/target-operands.ts';
import { long } from '../lib/getopt.ts';
import { askYes } from '../lib/prompt.ts';
import { baseName, joinPath, resolvePath } from '../lib/path.ts';
import { coreutilsVersion } from '../lib/version.ts';

export const mv: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'mv');
  const p = ctx.getopt({
    short: 'bfint:TuvS:Z',
    long: [
      long('backup', 'optional', 'b'), long('force', 'none', 'f'), long('interactive', 'none', 'i'), long('no-clobber', 'none', 'n'),
      long('target-directory', 'required', 't'), long('no-target-directory', 'none', 'T'), long('update', 'optional', 'u'),
      long('verbose', 'none', 'v'), long('suffix', 'required', 'S'), long('strip-trailing-slashes'), long('help'), long('version'),
    ],
  });
  if (!p) return 1;
  let mode: 'force' | 'interactive' | 'noclobber' = 'force';
  let verbose = false;
  let update = false;
  let targetDir: string | null = null;
  let noTargetDir = false;
  for (const o of p.options) {
    switch (o.key) {
      case 'f': mode = 'force'; break;
      case 'i': mode = 'interactive'; break;
      case 'n': mode = 'noclobber'; break;
      case 't': targetDir = o.arg!; break;
      case 'T': noTargetDir = true; break;
      case 'u': update = true; break;
      case 'v': verbose = true; break;
      case 'help':
        ctx.out(`Usage: ${ctx.name} [OPTION]... [-T] SOURCE DEST\n  or:  ${ctx.name} [OPTION]... SOURCE... DIRECTORY\n  or:  ${ctx.name} [OPTION]... -t DIRECTORY SOURCE...\nRename SOURCE to DEST, or move SOURCE(s) to DIRECTORY.\n`);
        return 0;
      case 'version':
        ctx.out(coreutilsVersion('mv'));
        return 0;
    }
  }
  const fs = ctx.fs;
  const cred = proc.cred;
  const cwd = proc.cwd;
  const ops = p.operands;
  const targets = targetOperands(ctx, proc, ops, targetDir, noTargetDir);
  if (typeof targets === 'number') return targets;
  const { sources, dest, intoDir } = targets;
  let ok = true;
  for (const src of sources) {
    const dst = intoDir ? joinPath(dest, baseName(src)) : dest;
    const s = fs.lstat(src, cred, cwd);
    if (!s.ok) {
      ctx.error(ctx._('cannot stat %s', ctx.qaf(src)), s.errno);
      ok = false;
      continue;
    }
    const d = fs.lstat(dst, cred, cwd);
    if (d.ok) {
      if (d.value.ino === s.value.ino) {
        ctx.error(ctx._('%s and %s are the same file', ctx.qaf(src), ctx.qaf(dst)));
        ok = false;
        continue;
      }
      if (d.value.type === 'dir' && s.value.type !== 'dir') {
        ctx.error(ctx._('cannot overwrite directory %s with non-directory', ctx.qaf(dst)));
        ok = false;
        continue;
      }
      if (d.value.type !== 'dir' && s.value.type === 'dir') {
        ctx.error(ctx._('cannot overwrite non-directory %s with directory %s', ctx.qaf(dst), ctx.qaf(src)));
        ok = false;
        continue;
      }
      if (mode === 'noclobber') continue;
      if (update && d.value.mtimeMs >= s.value.mtimeMs) continue;
      const writable = fs.access(dst, 2, cred, cwd).ok || d.value.type === 'symlink';
      if (mode === 'interactive' || (!writable && mode !== 'force' && proc.stdin.tty)) {
        const q = writable
          ? ctx._('%s: overwrite %s? ', ctx.name, ctx.qaf(dst))
          : ctx._('%s: replace %s, overriding mode %04lo (%s)? ', ctx.name, ctx.qaf(dst), d.value.mode.toString(8).padStart(4, '0'), '');
        if (!(await askYes(proc, q, ctx.loc))) continue;
      }
    }
    if (s.value.type === 'dir') {
      const a = resolvePath(cwd, src);
      const b = resolvePath(cwd, dst);
      if (b.startsWith(a + '/')) {
        ctx.error(ctx._('cannot move %s to a subdirectory of itself, %s', ctx.qaf(src), ctx.qaf(dst)));
        ok = false;
        continue;
      }
    }
    const r = fs.rename(src, dst, cred, cwd);
    if (!r.ok) {
      ctx.error(ctx._('cannot move %s to %s', ctx.qaf(src), ctx.qaf(dst)), r.errno);
      ok = false;
      continue;
    }
    if (verbose) ctx.out(ctx._('renamed ') + `${ctx.qaf(src)} -> ${ctx.qaf(dst)}\n`);
  }
  return ok ? 0 : 1;
};
