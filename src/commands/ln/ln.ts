// ln(1): hard links by default, -s symbolic (the target is stored as written), -f replaces an
// existing name, -v prints `'link' -> 'target'`. TARGET... DIRECTORY links into the directory.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { baseName, joinPath } from '../lib/path.ts';
import { coreutilsVersion } from '../lib/version.ts';

export const ln: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'ln');
  const p = ctx.getopt({
    short: 'bdfFinLPrst:TvS:',
    long: [
      long('backup', 'optional', 'b'), long('force', 'none', 'f'), long('interactive', 'none', 'i'), long('no-dereference', 'none', 'n'),
      long('logical', 'none', 'L'), long('physical', 'none', 'P'), long('relative', 'none', 'r'), long('symbolic', 'none', 's'),
      long('target-directory', 'required', 't'), long('no-target-directory', 'none', 'T'), long('verbose', 'none', 'v'),
      long('suffix', 'required', 'S'), long('help'), long('version'),
    ],
  });
  if (!p) return 1;
  let symbolic = false;
  let force = false;
  let verbose = false;
  let noDeref = false;
  let targetDir: string | null = null;
  let noTargetDir = false;
  for (const o of p.options) {
    switch (o.key) {
      case 's': symbolic = true; break;
      case 'f': force = true; break;
      case 'v': verbose = true; break;
      case 'n': noDeref = true; break;
      case 't': targetDir = o.arg!; break;
      case 'T': noTargetDir = true; break;
      case 'help':
        ctx.out(`Usage: ${ctx.name} [OPTION]... [-T] TARGET LINK_NAME\n  or:  ${ctx.name} [OPTION]... TARGET\n  or:  ${ctx.name} [OPTION]... TARGET... DIRECTORY\n  or:  ${ctx.name} [OPTION]... -t DIRECTORY TARGET...\n`);
        return 0;
      case 'version':
        ctx.out(coreutilsVersion('ln'));
        return 0;
    }
  }
  const fs = ctx.fs;
  const cred = proc.cred;
  const cwd = proc.cwd;
  const ops = p.operands;
  if (ops.length === 0) {
    ctx.error(ctx._('missing file operand'));
    ctx.tryHelp();
    return 1;
  }
  let pairs: [string, string][];
  if (targetDir !== null) pairs = ops.map((t) => [t, joinPath(targetDir!, baseName(t))]);
  else if (ops.length === 1) pairs = [[ops[0], baseName(ops[0])]];
  else {
    const last = ops[ops.length - 1];
    const st = noDeref ? fs.lstat(last, cred, cwd) : fs.stat(last, cred, cwd);
    const isDir = !noTargetDir && st.ok && st.value.type === 'dir';
    if (ops.length > 2 && !isDir) {
      ctx.error(ctx._('target %s', ctx.qaf(last)), st.ok ? 'ENOTDIR' : st.errno);
      return 1;
    }
    pairs = isDir ? ops.slice(0, -1).map((t) => [t, joinPath(last, baseName(t))]) : [[ops[0], last]];
  }
  let ok = true;
  for (const [target, link] of pairs) {
    if (!symbolic) {
      const s = fs.lstat(target, cred, cwd);
      if (!s.ok) {
        ctx.error(ctx._('failed to access %s', ctx.qaf(target)), s.errno);
        ok = false;
        continue;
      }
      if (s.value.type === 'dir') {
        ctx.error(ctx._('%s: hard link not allowed for directory', ctx.qaf(target)));
        ok = false;
        continue;
      }
    }
    if (force) {
      const e = fs.lstat(link, cred, cwd);
      if (e.ok && e.value.type !== 'dir') fs.unlink(link, cred, cwd);
    }
    const r = symbolic ? fs.symlink(target, link, cred, cwd) : fs.link(target, link, cred, cwd);
    if (!r.ok) {
      if (symbolic) ctx.error(ctx._('failed to create symbolic link %s', ctx.qaf(link)), r.errno);
      else if (r.errno === 'EEXIST') ctx.error(ctx._('failed to create hard link %s', ctx.qaf(link)), r.errno);
      else ctx.error(ctx._('failed to create hard link %s => %s', ctx.qaf(link), ctx.qaf(target)), r.errno);
      ok = false;
      continue;
    }
    if (verbose) ctx.out(`${ctx.qaf(link)} ${symbolic ? '->' : '=>'} ${ctx.qaf(target)}\n`);
  }
  return ok ? 0 : 1;
};
