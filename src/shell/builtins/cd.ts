// cd and pwd (bash(1) "SHELL BUILTIN COMMANDS"): logical paths by default (PWD keeps the path
// as typed through symlinks, `..` removes the last component), -P for physical ones; `cd -`
// goes to $OLDPWD and prints it; CDPATH is searched for relative names.
import type { Builtin, ShellApi } from '../interp/api.ts';
import type { FdTable } from '../interp/fds.ts';
import type { ErrnoName } from '../messages.ts';

/** Removes `.`, `..` and duplicate slashes from an absolute path, textually. */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

function tryDir(sh: ShellApi, path: string): ErrnoName | null {
  const fs = sh.proc.host.fs;
  const st = fs.stat(path, sh.proc.cred);
  if (!st.ok) return st.errno as ErrnoName;
  if (st.value.type !== 'dir') return 'ENOTDIR';
  const x = fs.access(path, 1, sh.proc.cred);
  if (!x.ok) return x.errno as ErrnoName;
  return null;
}

function fail(sh: ShellApi, io: FdTable, dir: string, errno: ErrnoName): number {
  if (sh.dash) sh.error(io, `cd: can't cd to ${dir}`);
  else sh.builtinError(io, 'cd', `${dir}: ${sh.msg.strerror(errno)}`);
  return sh.dash ? 2 : 1;
}

export const cdBuiltin: Builtin = (sh, argv, io) => {
  let args = argv.slice(1);
  let physical = false;
  while (args.length && /^-[LP@e]+$/.test(args[0])) {
    if (args[0].includes('P')) physical = true;
    else if (args[0].includes('L')) physical = false;
    args = args.slice(1);
  }
  if (args[0] === '--') args = args.slice(1);
  if (args.length > 1 && !sh.dash) {
    sh.builtinError(io, 'cd', sh.msg.t('too many arguments'));
    return 1;
  }
  let dir = args[0];
  let print = false;
  if (dir === undefined) {
    const home = sh.vars.get('HOME');
    if (home === undefined) {
      sh.builtinError(io, 'cd', sh.msg.t('HOME not set'));
      return 1;
    }
    if (home === '') return 0;
    dir = home;
  } else if (dir === '-') {
    const old = sh.vars.get('OLDPWD');
    if (old === undefined || old === '') {
      sh.builtinError(io, 'cd', sh.msg.t('OLDPWD not set'));
      return 1;
    }
    dir = old;
    print = true;
  } else if (dir === '') {
    return 0;
  }
  const pwd = sh.vars.get('PWD') ?? sh.cwd;
  const base = pwd.startsWith('/') ? pwd : sh.cwd;
  const candidates: { path: string; viaCdpath: boolean }[] = [];
  const cdpath = sh.vars.get('CDPATH');
  if (cdpath && !dir.startsWith('/') && !/^\.\.?(\/|$)/.test(dir)) {
    for (const entry of cdpath.split(':')) {
      const prefix = entry === '' ? base : entry.startsWith('/') ? entry : `${base}/${entry}`;
      candidates.push({ path: `${prefix}/${dir}`, viaCdpath: entry !== '' });
    }
  }
  candidates.push({ path: dir.startsWith('/') ? dir : `${base}/${dir}`, viaCdpath: false });
  let firstError: ErrnoName | null = null;
  for (const c of candidates) {
    let target = physical ? c.path : normalizePath(c.path);
    const err = tryDir(sh, target);
    if (err) {
      firstError ??= err;
      continue;
    }
    if (physical) {
      const real = sh.proc.host.fs.realpath(target, sh.proc.cred);
      if (real.ok) target = real.value;
    }
    sh.cwd = target;
    if (!sh.vars.set('OLDPWD', pwd)) sh.assign(io, 'OLDPWD', pwd);
    sh.assign(io, 'PWD', target);
    if (print || c.viaCdpath) io.stdout.write(target + '\n');
    return 0;
  }
  return fail(sh, io, args[0] ?? dir, firstError ?? 'ENOENT');
};

export const pwdBuiltin: Builtin = (sh, argv, io) => {
  const physical = argv.slice(1).some((a) => /^-[LP]*P[LP]*$/.test(a));
  let dir = sh.vars.get('PWD');
  if (physical || dir === undefined || !dir.startsWith('/')) {
    const real = sh.proc.host.fs.realpath(sh.cwd, sh.proc.cred);
    dir = real.ok ? real.value : sh.cwd;
  }
  io.stdout.write(dir + '\n');
  return 0;
};
