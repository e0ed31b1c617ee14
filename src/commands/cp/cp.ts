// cp(1): SOURCE DEST, or SOURCE... DIRECTORY. Directories need -r; -p keeps mode, owner (root
// only) and times; -a = -dR --preserve=all (symlinks copied as links); -i/-n/-f for existing
// files; -v prints `'a' -> 'b'`. A new file gets the source's mode minus the umask (022).
import type { Process, Program } from '../../os/program.ts';
import type { Stat } from '../../os/fs/types.ts';
import { Ctx } from '../lib/context.ts';
import { targetOperands } from '../lib/target-operands.ts';
import { long } from '../lib/getopt.ts';
import { askYes } from '../lib/prompt.ts';
import { baseName, joinPath, resolvePath } from '../lib/path.ts';
import { coreutilsVersion } from '../lib/version.ts';

const UMASK = 0o022;

export const cp: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'cp');
  const p = ctx.getopt({
    short: 'abdfHilLnPprRst:TuvxS:',
    long: [
      long('archive', 'none', 'a'), long('backup', 'optional', 'b'), long('force', 'none', 'f'), long('interactive', 'none', 'i'),
      long('link', 'none', 'l'), long('dereference', 'none', 'L'), long('no-clobber', 'none', 'n'), long('no-dereference', 'none', 'P'),
      long('preserve', 'optional', 'preserve'), long('no-preserve', 'required', 'no-preserve'), long('recursive', 'none', 'R'),
      long('symbolic-link', 'none', 's'), long('target-directory', 'required', 't'), long('no-target-directory', 'none', 'T'),
      long('update', 'optional', 'u'), long('verbose', 'none', 'v'), long('one-file-system', 'none', 'x'), long('suffix', 'required', 'S'),
      long('help'), long('version'),
    ],
  });
  if (!p) return 1;
  let recursive = false;
  let preserve = false;
  let deref: boolean | null = null;
  let mode: 'force' | 'interactive' | 'noclobber' | 'default' = 'default';
  let verbose = false;
  let update = false;
  let targetDir: string | null = null;
  let noTargetDir = false;
  for (const o of p.options) {
    switch (o.key) {
      case 'a': recursive = true; preserve = true; deref = false; break;
      case 'd': case 'P': deref = false; break;
      case 'L': case 'H': deref = true; break;
      case 'f': mode = 'force'; break;
      case 'i': mode = 'interactive'; break;
      case 'n': mode = 'noclobber'; break;
      case 'p': preserve = true; break;
      case 'preserve': preserve = true; break;
      case 'r': case 'R': recursive = true; break;
      case 't': targetDir = o.arg!; break;
      case 'T': noTargetDir = true; break;
      case 'u': update = true; break;
      case 'v': verbose = true; break;
      case 'help':
        ctx.out(`Usage: ${ctx.name} [OPTION]... [-T] SOURCE DEST\n  or:  ${ctx.name} [OPTION]... SOURCE... DIRECTORY\n  or:  ${ctx.name} [OPTION]... -t DIRECTORY SOURCE...\nCopy SOURCE to DEST, or multiple SOURCE(s) to DIRECTORY.\n`);
        return 0;
      case 'version':
        ctx.out(coreutilsVersion('cp'));
        return 0;
    }
  }
  // With -r, symlinks inside the tree are copied as links unless -L (GNU's default -P for -R).
  const followLinks = deref ?? !recursive;
  const fs = ctx.fs;
  const cred = proc.cred;
  const cwd = proc.cwd;
  const ops = p.operands;
  const targets = targetOperands(ctx, proc, ops, targetDir, noTargetDir);
  if (typeof targets === 'number') return targets;
  const { sources, dest, intoDir } = targets;
  let ok = true;

  const copyMeta = (src: Stat, dst: string) => {
    if (!preserve) return;
    if (cred.uid === 0) fs.chown(dst, src.uid, src.gid, cred, { noFollow: true, cwd });
    if (src.type !== 'symlink') {
      fs.chmod(dst, src.mode, cred, cwd);
      fs.utimes(dst, src.atimeMs, src.mtimeMs, cred, cwd);
    }
  };

  const copy = async (src: string, dst: string, top: boolean): Promise<boolean> => {
    const s = top && deref === null ? fs.stat(src, cred, cwd) : followLinks ? fs.stat(src, cred, cwd) : fs.lstat(src, cred, cwd);
    if (!s.ok) {
      ctx.error(ctx._('cannot stat %s', ctx.qaf(src)), s.errno);
      return false;
    }
    const st = s.value;
    const d = fs.lstat(dst, cred, cwd);
    if (st.type === 'dir') {
      if (!recursive) {
        ctx.error(ctx._('-r not specified; omitting directory %s', ctx.qaf(src)));
        return false;
      }
      const absSrc = resolvePath(cwd, src);
      const absDst = resolvePath(cwd, dst);
      if (absDst === absSrc || absDst.startsWith(absSrc + '/')) {
        ctx.error(ctx._('cannot copy a directory, %s, into itself, %s', ctx.qaf(src), ctx.qaf(dst)));
        return false;
      }
      if (d.ok && d.value.type !== 'dir') {
        ctx.error(ctx._('cannot overwrite non-directory %s with directory %s', ctx.qaf(dst), ctx.qaf(src)));
        return false;
      }
      if (!d.ok) {
        const r = fs.mkdir(dst, cred, { mode: st.mode & ~UMASK & 0o777, cwd });
        if (!r.ok) {
          ctx.error(ctx._('cannot create directory %s', ctx.qaf(dst)), r.errno);
          return false;
        }
        if (verbose) ctx.out(`${ctx.qaf(src)} -> ${ctx.qaf(dst)}\n`);
      }
      const list = fs.readdir(src, cred, cwd);
      if (!list.ok) {
        ctx.error(ctx._('cannot access %s', ctx.qaf(src)), list.errno);
        return false;
      }
      let all = true;
      for (const e of list.value) {
        if (e.name === '.' || e.name === '..') continue;
        if (!(await copy(joinPath(src, e.name), joinPath(dst, e.name), false))) all = false;
      }
      copyMeta(st, dst);
      return all;
    }
    if (d.ok) {
      if (d.value.ino === st.ino && d.value.type === st.type) {
        ctx.error(ctx._('%s and %s are the same file', ctx.qaf(src), ctx.qaf(dst)));
        return false;
      }
      if (d.value.type === 'dir') {
        ctx.error(ctx._('cannot overwrite directory %s with non-directory', ctx.qaf(dst)));
        return false;
      }
      if (mode === 'noclobber') return true;
      if (update && d.value.mtimeMs >= st.mtimeMs) return true;
      if (mode === 'interactive' && !(await askYes(proc, ctx._('%s: overwrite %s? ', ctx.name, ctx.qaf(dst)), ctx.loc))) return true;
    }
    if (st.type === 'symlink') {
      const t = fs.readlink(src, cred, cwd);
      if (!t.ok) {
        ctx.error(ctx._('cannot read symbolic link %s', ctx.qaf(src)), t.errno);
        return false;
      }
      if (d.ok) fs.unlink(dst, cred, cwd);
      const r = fs.symlink(t.value, dst, cred, cwd);
      if (!r.ok) {
        ctx.error(ctx._('cannot create symbolic link %s', ctx.qaf(dst)), r.errno);
        return false;
      }
      if (verbose) ctx.out(`${ctx.qaf(src)} -> ${ctx.qaf(dst)}\n`);
      copyMeta(st, dst);
      return true;
    }
    const data = fs.readFile(src, cred, cwd);
    if (!data.ok) {
      ctx.error(ctx._('cannot open %s for reading', ctx.qaf(src)), data.errno);
      return false;
    }
    let w = fs.writeFile(dst, data.value, cred, { cwd, mode: st.mode & ~UMASK & 0o777 });
    if (!w.ok && d.ok && mode === 'force') {
      fs.unlink(dst, cred, cwd);
      w = fs.writeFile(dst, data.value, cred, { cwd, mode: st.mode & ~UMASK & 0o777 });
    }
    if (!w.ok) {
      ctx.error(ctx._(d.ok ? 'cannot open %s for writing' : 'cannot create regular file %s', ctx.qaf(dst)), w.errno);
      return false;
    }
    if (verbose) ctx.out(`${ctx.qaf(src)} -> ${ctx.qaf(dst)}\n`);
    copyMeta(st, dst);
    return true;
  };

  for (const src of sources) {
    const dst = intoDir ? joinPath(dest, baseName(src)) : dest;
    if (!(await copy(src, dst, true))) ok = false;
  }
  return ok ? 0 : 1;
};
