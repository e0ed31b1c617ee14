// rm(1): unlink files, -r directories depth first, -d empty directories. A missing file is an
// error unless -f; removing from a directory the user cannot write to gives `rm: cannot remove
// 'etudiant': Permission denied` (seed 003). On a terminal, a write-protected file is asked
// about first, as GNU rm does.
import type { Process, Program } from '../../os/program.ts';
import type { Stat } from '../../os/fs/types.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { askYes } from '../lib/prompt.ts';
import { fileTypeName } from '../lib/file-type.ts';
import { baseName, joinPath } from '../lib/path.ts';
import { coreutilsVersion } from '../lib/version.ts';

interface RmOptions {
  force: boolean;
  interactive: 'never' | 'always' | 'once';
  recursive: boolean;
  dir: boolean;
  verbose: boolean;
  preserveRoot: boolean;
}

export const rm: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'rm');
  const p = ctx.getopt({
    short: 'dfiIrRv',
    long: [
      long('dir', 'none', 'd'), long('force', 'none', 'f'), long('interactive', 'optional', 'interactive'), long('recursive', 'none', 'r'),
      long('verbose', 'none', 'v'), long('no-preserve-root'), long('preserve-root', 'optional'), long('one-file-system'),
      long('help'), long('version'),
    ],
  });
  if (!p) return 1;
  const o: RmOptions = { force: false, interactive: 'never', recursive: false, dir: false, verbose: false, preserveRoot: true };
  for (const opt of p.options) {
    switch (opt.key) {
      case 'd': o.dir = true; break;
      case 'f': o.force = true; o.interactive = 'never'; break;
      case 'i': o.interactive = 'always'; o.force = false; break;
      case 'I': o.interactive = 'once'; o.force = false; break;
      case 'interactive':
        o.interactive = opt.arg === 'never' || opt.arg === 'no' || opt.arg === 'none' ? 'never' : opt.arg === 'once' ? 'once' : 'always';
        break;
      case 'r': case 'R': o.recursive = true; break;
      case 'v': o.verbose = true; break;
      case 'no-preserve-root': o.preserveRoot = false; break;
      case 'help':
        ctx.out(`Usage: ${ctx.name} [OPTION]... [FILE]...\nRemove (unlink) the FILE(s).\n`);
        return 0;
      case 'version':
        ctx.out(coreutilsVersion('rm'));
        return 0;
    }
  }
  if (p.operands.length === 0) {
    if (o.force) return 0;
    ctx.error(ctx._('missing operand'));
    ctx.tryHelp();
    return 1;
  }
  if (o.interactive === 'once' && (o.recursive || p.operands.length > 3)) {
    const q = o.recursive
      ? ctx._(p.operands.length === 1 ? '%s: remove %zu argument recursively? ' : '%s: remove %zu arguments recursively? ', ctx.name, p.operands.length)
      : ctx._('%s: remove %zu arguments? ', ctx.name, p.operands.length);
    if (!(await askYes(proc, q, ctx.loc))) return 0;
  }
  const fs = ctx.fs;
  const cred = proc.cred;
  const cwd = proc.cwd;
  const tty = proc.stdin.tty !== null;
  let ok = true;

  const writable = (path: string, st: Stat) => st.type === 'symlink' || fs.access(path, 2, cred, cwd).ok;

  const ask = async (path: string, st: Stat, what: 'remove' | 'descend'): Promise<boolean> => {
    const protectedFile = !o.force && !writable(path, st) && (tty || o.interactive === 'always');
    if (o.interactive !== 'always' && !protectedFile) return true;
    const type = ctx._(fileTypeName(st));
    const q =
      what === 'descend'
        ? ctx._(protectedFile ? '%s: descend into write-protected directory %s? ' : '%s: descend into directory %s? ', ctx.name, ctx.qaf(path))
        : ctx._(protectedFile ? '%s: remove write-protected %s %s? ' : '%s: remove %s %s? ', ctx.name, type, ctx.qaf(path));
    return askYes(proc, q, ctx.loc);
  };

  const removeOne = async (path: string, top: boolean): Promise<boolean> => {
    const l = fs.lstat(path, cred, cwd);
    if (!l.ok) {
      if (o.force && l.errno === 'ENOENT') return true;
      ctx.error(ctx._('cannot remove %s', ctx.qaf(path)), l.errno);
      return false;
    }
    const st = l.value;
    if (st.type === 'dir') {
      if (!o.recursive && !o.dir) {
        ctx.error(ctx._('cannot remove %s', ctx.qaf(path)), 'EISDIR');
        return false;
      }
      if (o.recursive) {
        if (top && o.preserveRoot) {
          const real = fs.realpath(path, cred, cwd);
          if (real.ok && real.value === '/') {
            if (path === '/') ctx.error(ctx._('it is dangerous to operate recursively on %s', ctx.qaf('/')));
            else ctx.error(ctx._('it is dangerous to operate recursively on %s (same as %s)', ctx.qaf(path), ctx.qaf('/')));
            ctx.error(ctx._('use --no-preserve-root to override this failsafe'));
            return false;
          }
        }
        const list = fs.readdir(path, cred, cwd);
        if (list.ok && list.value.some((e) => e.name !== '.' && e.name !== '..')) {
          if (!(await ask(path, st, 'descend'))) return false;
          let all = true;
          for (const e of list.value) {
            if (e.name === '.' || e.name === '..') continue;
            if (!(await removeOne(joinPath(path, e.name), false))) all = false;
          }
          if (!all) return false;
        } else if (!list.ok && list.errno !== 'EACCES') {
          ctx.error(ctx._('cannot remove %s', ctx.qaf(path)), list.errno);
          return false;
        }
      }
      if (!(await ask(path, st, 'remove'))) return false;
      const r = fs.rmdir(path, cred, cwd);
      if (!r.ok) {
        ctx.error(ctx._('cannot remove %s', ctx.qaf(path)), r.errno);
        return false;
      }
      if (o.verbose) ctx.out(ctx._('removed directory %s\n', ctx.qaf(path)));
      return true;
    }
    if (!(await ask(path, st, 'remove'))) return false;
    const r = fs.unlink(path, cred, cwd);
    if (!r.ok) {
      if (o.force && r.errno === 'ENOENT') return true;
      ctx.error(ctx._('cannot remove %s', ctx.qaf(path)), r.errno);
      return false;
    }
    if (o.verbose) ctx.out(ctx._('removed %s\n', ctx.qaf(path)));
    return true;
  };

  for (const name of p.operands) {
    const base = baseName(name);
    if (base === '.' || base === '..') {
      ctx.error(ctx._('refusing to remove %s or %s directory: skipping %s', ctx.qaf('.'), ctx.qaf('..'), ctx.qaf(name)));
      ok = false;
      continue;
    }
    if (!(await removeOne(name, true))) ok = false;
  }
  return ok ? 0 : 1;
};
