// find(1) from findutils 4.9: paths then an expression of tests (-name -iname -path -type
// -maxdepth -mindepth -newer -mtime -mmin -size -user -group -perm -empty), operators (! -a -o
// and parentheses) and actions (-print -print0 -ls -printf -delete -exec ... ; / + -prune -quit).
// Directories are walked in readdir order, as the real find does. Messages quote names with
// the locale's marks (‘x’), which findutils' French catalog does not translate.
import type { Process, Program } from '../../os/program.ts';
import type { Stat } from '../../os/fs/types.ts';
import { Ctx } from '../lib/context.ts';
import { quote } from '../lib/quote.ts';
import { joinPath, baseName } from '../lib/path.ts';
import { UserDb } from '../../os/users/user-db.ts';
import { modeString, diskBlocks1K } from '../lib/file-mode.ts';
import { parseMode } from '../lib/mode-arg.ts';
import { strftime } from '../lib/strftime.ts';
import { localeOf } from '../lib/locale.ts';
import { globToRegExp } from '../lib/glob.ts';

type Node =
  | { op: 'and' | 'or' | 'comma'; l: Node; r: Node }
  | { op: 'not'; e: Node }
  | { op: 'test'; name: string; arg: string; args?: string[]; action: boolean };

interface Visit {
  path: string;
  st: Stat;
  depth: number;
}

const VERSION = 'find (GNU findutils) 4.9.0\nCopyright (C) 2022 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n\nWritten by Eric B. Decker, James Youngman, and Kevin Dalley.\nFeatures enabled: D_TYPE O_NOFOLLOW(enabled) LEAF_OPTIMISATION FTS(FTS_CWDFD) CBO(level=2) \n';

const NO_ARG = new Set(['-print', '-print0', '-ls', '-delete', '-prune', '-quit', '-empty', '-true', '-false', '-readable', '-writable', '-executable', '-depth', '-nouser', '-nogroup', '-xdev', '-mount', '-noleaf', '-follow', '-daystart', '-ignore_readdir_race']);
const ONE_ARG = new Set(['-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-type', '-xtype', '-maxdepth', '-mindepth', '-newer', '-mtime', '-mmin', '-atime', '-amin', '-ctime', '-cmin', '-size', '-user', '-group', '-uid', '-gid', '-perm', '-links', '-inum', '-printf', '-fprint', '-regex', '-iregex', '-samefile', '-lname', '-ilname', '-regextype']);
const ACTIONS = new Set(['-print', '-print0', '-ls', '-delete', '-exec', '-execdir', '-ok', '-okdir', '-printf', '-fprint', '-quit', '-prune']);
const OPTIONS = new Set(['-maxdepth', '-mindepth', '-depth', '-xdev', '-mount', '-noleaf', '-follow', '-daystart', '-regextype', '-ignore_readdir_race']);

export const find: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'find', 'findutils');
  const q = (s: string) => quote(s, ctx.loc, false);
  const args = [...ctx.args];
  let follow = false;
  while (args.length > 0 && /^-[HLP]+$/.test(args[0])) {
    follow = args[0].includes('L');
    args.shift();
  }
  if (args[0] === '--help') {
    ctx.out('Usage: find [-H] [-L] [-P] [-Olevel] [-D debugopts] [path...] [expression]\n');
    return 0;
  }
  if (args[0] === '--version') {
    ctx.out(VERSION);
    return 0;
  }
  const paths: string[] = [];
  while (args.length > 0 && !(args[0].startsWith('-') && args[0].length > 1) && args[0] !== '(' && args[0] !== '!') paths.push(args.shift()!);
  if (paths.length === 0) paths.push('.');

  // Parse the expression (recursive descent: or > and > not > primary).
  let pos = 0;
  let maxDepth = Infinity;
  let minDepth = 0;
  let depthFirst = false;
  let hasAction = false;
  const fail = (msg: string, ...a: string[]): never => {
    throw new ParseError(ctx._(msg, ...a));
  };
  const primary = (): Node => {
    const t = args[pos++];
    if (t === undefined) return fail('expected an expression at end of input');
    if (t === '(') {
      if (pos >= args.length) fail("invalid expression; expected to find a ')' but didn't see one. Perhaps you need an extra predicate after '('");
      const e = orExpr();
      if (args[pos] !== ')') fail("invalid expression; I was expecting to find a ')' somewhere but did not see one.");
      pos++;
      return e;
    }
    if (t === '!' || t === '-not') return { op: 'not', e: primary() };
    if (!t.startsWith('-')) fail('paths must precede expression: `%s\'', t);
    if (t === '-exec' || t === '-execdir' || t === '-ok' || t === '-okdir') {
      const cmd: string[] = [];
      while (pos < args.length && args[pos] !== ';' && !(args[pos] === '+' && cmd[cmd.length - 1] === '{}')) cmd.push(args[pos++]);
      if (pos >= args.length || cmd.length === 0) fail("missing argument to `%s'", t);
      const term = args[pos++];
      hasAction = true;
      return { op: 'test', name: t, arg: term, args: cmd, action: true };
    }
    if (NO_ARG.has(t)) {
      if (t === '-depth') depthFirst = true;
      if (t === '-follow') follow = true;
      if (ACTIONS.has(t) && t !== '-prune') hasAction = true;
      if (OPTIONS.has(t)) return { op: 'test', name: '-true', arg: '', action: false };
      return { op: 'test', name: t, arg: '', action: ACTIONS.has(t) };
    }
    if (ONE_ARG.has(t)) {
      const a = args[pos++];
      if (a === undefined) fail("missing argument to `%s'", t);
      if (t === '-maxdepth' || t === '-mindepth') {
        if (!/^\d+$/.test(a)) fail('Expected a positive decimal integer argument to %s, but got %s', t, q(a));
        if (t === '-maxdepth') maxDepth = Number(a);
        else minDepth = Number(a);
        return { op: 'test', name: '-true', arg: '', action: false };
      }
      if (t === '-type' || t === '-xtype') {
        for (const c of a.split(',')) if (!'fdlcbps'.includes(c) || c === '') fail('Unknown argument to %s: %s', t, a);
      }
      if (t === '-newer') {
        const s = ctx.fs.stat(a, proc.cred, proc.cwd);
        if (!s.ok) {
          ctx.error(`${q(a)}: ${ctx.strerror(s.errno)}`);
          throw new ParseError(null);
        }
        return { op: 'test', name: t, arg: String(s.value.mtimeMs), action: false };
      }
      if (t === '-printf' || t === '-fprint') hasAction = true;
      if (t === '-regextype') return { op: 'test', name: '-true', arg: '', action: false };
      return { op: 'test', name: t, arg: a, action: ACTIONS.has(t) };
    }
    if (t === '-true' || t === '-false') return { op: 'test', name: t, arg: '', action: false };
    return fail("unknown predicate `%s'", t);
  };
  const notExpr = (): Node => primary();
  const andExpr = (): Node => {
    let l = notExpr();
    while (pos < args.length && args[pos] !== ')' && args[pos] !== '-o' && args[pos] !== '-or' && args[pos] !== ',') {
      if (args[pos] === '-a' || args[pos] === '-and') pos++;
      l = { op: 'and', l, r: notExpr() };
    }
    return l;
  };
  const orExpr = (): Node => {
    let l = andExpr();
    while (args[pos] === '-o' || args[pos] === '-or' || args[pos] === ',') {
      const op = args[pos++] === ',' ? 'comma' : 'or';
      l = { op, l, r: andExpr() };
    }
    return l;
  };
  let expr: Node | null = null;
  try {
    if (args.length > 0) {
      expr = orExpr();
      if (pos < args.length) fail(args[pos] === ')' ? "invalid expression; you have too many ')'" : 'paths must precede expression: `%s\'', args[pos]);
    }
  } catch (e) {
    if (e instanceof ParseError) {
      if (e.message !== null) ctx.error(e.message);
      return 1;
    }
    throw e;
  }
  const print: Node = { op: 'test', name: '-print', arg: '', action: true };
  const program: Node = expr === null ? print : hasAction ? expr : { op: 'and', l: expr, r: print };

  const db = UserDb.load(ctx.fs);
  const now = proc.host.wallTimeMs();
  const timeLoc = localeOf(proc.env, 'LC_TIME');
  let status = 0;
  let quit = false;
  let out = '';
  const flush = () => {
    if (out) ctx.out(out);
    out = '';
  };
  const batches = new Map<Node, string[]>();
  let pruned = false;

  const runExec = async (cmd: string[], path: string): Promise<boolean> => {
    flush();
    const argv = cmd.map((a) => a.replaceAll('{}', path));
    const child = proc.spawn(argv);
    if ('error' in child) {
      ctx.error(`${q(argv[0])}: ${ctx.strerror(child.error === 'ENOENT' ? 'ENOENT' : 'EACCES')}`);
      status = 1;
      return false;
    }
    return (await child.wait()) === 0;
  };

  const numCmp = (arg: string, value: number): boolean => {
    const n = Number(arg.replace(/^[+-]/, ''));
    if (arg.startsWith('+')) return value > n;
    if (arg.startsWith('-')) return value < n;
    return value === n;
  };

  const evaluate = async (n: Node, v: Visit): Promise<boolean> => {
    switch (n.op) {
      case 'and': return (await evaluate(n.l, v)) && (await evaluate(n.r, v));
      case 'or': return (await evaluate(n.l, v)) || (await evaluate(n.r, v));
      case 'comma': await evaluate(n.l, v); return evaluate(n.r, v);
      case 'not': return !(await evaluate(n.e, v));
    }
    const st = v.st;
    const name = v.path === '/' ? '/' : baseName(v.path);
    switch (n.name) {
      case '-true': return true;
      case '-false': return false;
      case '-name': return globToRegExp(n.arg, false).test(name);
      case '-iname': return globToRegExp(n.arg, true).test(name);
      case '-path': case '-wholename': return globToRegExp(n.arg, false, true).test(v.path);
      case '-ipath': case '-iwholename': return globToRegExp(n.arg, true, true).test(v.path);
      case '-regex': case '-iregex': {
        try {
          return new RegExp(`^(?:${n.arg})$`, n.name === '-iregex' ? 'is' : 's').test(v.path);
        } catch {
          return false;
        }
      }
      case '-type': case '-xtype': {
        const letter = st.type === 'dir' ? 'd' : st.type === 'symlink' ? 'l' : st.type === 'chardev' ? 'c' : 'f';
        return n.arg.split(',').includes(letter);
      }
      case '-newer': return st.mtimeMs > Number(n.arg);
      case '-mtime': case '-atime': case '-ctime': {
        const t = n.name === '-mtime' ? st.mtimeMs : n.name === '-atime' ? st.atimeMs : st.ctimeMs;
        return numCmp(n.arg, Math.floor((now - t) / 86_400_000));
      }
      case '-mmin': case '-amin': case '-cmin': {
        const t = n.name === '-mmin' ? st.mtimeMs : n.name === '-amin' ? st.atimeMs : st.ctimeMs;
        return numCmp(n.arg, Math.ceil((now - t) / 60_000));
      }
      case '-size': {
        const m = /^([+-]?)(\d+)([bckwMG]?)$/.exec(n.arg);
        if (!m) return false;
        const unit = { b: 512, c: 1, k: 1024, w: 2, M: 1048576, G: 1073741824, '': 512 }[m[3] as 'b'];
        const size = Math.ceil(st.size / unit);
        return numCmp(m[1] + m[2], size);
      }
      case '-empty': {
        if (st.type === 'dir') {
          const r = ctx.fs.readdir(v.path, proc.cred, proc.cwd);
          return r.ok && r.value.filter((e) => e.name !== '.' && e.name !== '..').length === 0;
        }
        return st.type === 'file' && st.size === 0;
      }
      case '-user': return (db.userByName(n.arg)?.uid ?? (/^\d+$/.test(n.arg) ? Number(n.arg) : -2)) === st.uid;
      case '-group': return (db.groupByName(n.arg)?.gid ?? (/^\d+$/.test(n.arg) ? Number(n.arg) : -2)) === st.gid;
      case '-uid': return numCmp(n.arg, st.uid);
      case '-gid': return numCmp(n.arg, st.gid);
      case '-nouser': return !db.userByUid(st.uid);
      case '-nogroup': return !db.groupByGid(st.gid);
      case '-links': return numCmp(n.arg, st.nlink);
      case '-inum': return numCmp(n.arg, st.ino);
      case '-perm': {
        const mode = n.arg.replace(/^[-/]/, '');
        const change = parseMode(mode);
        if (!change) return false;
        const want = change(0, false);
        if (n.arg.startsWith('-')) return (st.mode & want) === want;
        if (n.arg.startsWith('/')) return want === 0 || (st.mode & want) !== 0;
        return (st.mode & 0o7777) === want;
      }
      case '-readable': return ctx.fs.access(v.path, 4, proc.cred, proc.cwd).ok;
      case '-writable': return ctx.fs.access(v.path, 2, proc.cred, proc.cwd).ok;
      case '-executable': return ctx.fs.access(v.path, 1, proc.cred, proc.cwd).ok;
      case '-print': out += v.path + '\n'; return true;
      case '-print0': out += v.path + '\0'; return true;
      case '-fprint': {
        ctx.fs.writeFile(n.arg, v.path + '\n', proc.cred, { append: true, cwd: proc.cwd });
        return true;
      }
      case '-ls': out += lsLine(v); return true;
      case '-printf': out += printfLine(n.arg, v); return true;
      case '-prune': pruned = true; return true;
      case '-quit': quit = true; return true;
      case '-delete': {
        const r = st.type === 'dir' ? ctx.fs.rmdir(v.path, proc.cred, proc.cwd) : ctx.fs.unlink(v.path, proc.cred, proc.cwd);
        if (!r.ok) {
          flush();
          ctx.error(ctx._('cannot delete %s', q(v.path)) + ': ' + ctx.strerror(r.errno));
          status = 1;
          return false;
        }
        return true;
      }
      case '-exec': case '-execdir': case '-ok': case '-okdir': {
        if (n.arg === '+') {
          const list = batches.get(n) ?? [];
          list.push(v.path);
          batches.set(n, list);
          return true;
        }
        return runExec(n.args!, v.path);
      }
    }
    return false;
  };

  const lsLine = (v: Visit): string => {
    const st = v.st;
    const recent = st.mtimeMs > now - 15778476000 && st.mtimeMs <= now;
    const date = strftime(recent ? '%b %e %H:%M' : '%b %e  %Y', st.mtimeMs, timeLoc);
    const target = st.type === 'symlink' ? ctx.fs.readlink(v.path, proc.cred, proc.cwd) : null;
    return `${String(st.ino).padStart(9)} ${String(diskBlocks1K(st.type, st.size)).padStart(6)} ${modeString(st.type, st.mode)} ${String(st.nlink).padStart(3)} ${db.userName(st.uid).padEnd(8)} ${db.groupName(st.gid).padEnd(8)} ${String(st.size).padStart(8)} ${date} ${v.path}${target?.ok ? ' -> ' + target.value : ''}\n`;
  };

  const printfLine = (fmt: string, v: Visit): string => {
    const st = v.st;
    return fmt
      .replace(/\\(n|t|0|\\)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === '0' ? '\0' : '\\'))
      .replace(/%(-?\d*)([pfhsmuUgGdkiTtyn%])/g, (_m, w: string, c: string) => {
        let r: string;
        switch (c) {
          case 'p': r = v.path; break;
          case 'f': r = baseName(v.path); break;
          case 'h': r = v.path.includes('/') ? v.path.slice(0, v.path.lastIndexOf('/')) || '/' : '.'; break;
          case 's': r = String(st.size); break;
          case 'm': r = (st.mode & 0o7777).toString(8); break;
          case 'u': r = db.userName(st.uid); break;
          case 'U': r = String(st.uid); break;
          case 'g': r = db.groupName(st.gid); break;
          case 'G': r = String(st.gid); break;
          case 'd': r = String(v.depth); break;
          case 'k': r = String(diskBlocks1K(st.type, st.size)); break;
          case 'i': r = String(st.ino); break;
          case 'n': r = String(st.nlink); break;
          case 'y': r = st.type === 'dir' ? 'd' : st.type === 'symlink' ? 'l' : st.type === 'chardev' ? 'c' : 'f'; break;
          case 't': r = strftime('%a %b %e %H:%M:%S.0000000000 %Y', st.mtimeMs, timeLoc); break;
          case 'T': r = strftime('%Y-%m-%d', st.mtimeMs, timeLoc); break;
          default: r = '%';
        }
        if (w) {
          const n = Math.abs(Number(w));
          r = w.startsWith('-') ? r.padEnd(n) : r.padStart(n);
        }
        return r;
      });
  };

  const walk = async (path: string, depth: number, top: boolean): Promise<void> => {
    if (quit) return;
    const s = follow || top ? ctx.fs.stat(path, proc.cred, proc.cwd) : ctx.fs.lstat(path, proc.cred, proc.cwd);
    const st = s.ok ? s : ctx.fs.lstat(path, proc.cred, proc.cwd);
    if (!st.ok) {
      flush();
      ctx.error(`${q(path)}: ${ctx.strerror(st.errno)}`);
      status = 1;
      return;
    }
    const v: Visit = { path, st: st.value, depth };
    pruned = false;
    if (!depthFirst && depth >= minDepth) await evaluate(program, v);
    const prunedHere = pruned;
    if (out.length > 65536) flush();
    if (st.value.type === 'dir' && depth < maxDepth && !prunedHere && !quit) {
      const list = ctx.fs.readdir(path, proc.cred, proc.cwd);
      if (!list.ok) {
        flush();
        ctx.error(`${q(path)}: ${ctx.strerror(list.errno)}`);
        status = 1;
      } else {
        for (const e of list.value) {
          if (e.name === '.' || e.name === '..') continue;
          await walk(joinPath(path, e.name).replace(/^\.\/\.\//, './'), depth + 1, false);
          if (quit) break;
        }
      }
    }
    if (depthFirst && depth >= minDepth && !quit) await evaluate(program, v);
  };

  for (const p of paths) {
    await walk(p, 0, true);
    if (quit) break;
  }
  flush();
  for (const [n, list] of batches) {
    if (n.op !== 'test' || list.length === 0) continue;
    const cmd = n.args!;
    const i = cmd.indexOf('{}');
    const argv = [...cmd.slice(0, i), ...list, ...cmd.slice(i + 1)];
    const child = proc.spawn(argv);
    if ('error' in child) {
      ctx.error(`${q(argv[0])}: ${ctx.strerror('ENOENT')}`);
      status = 1;
    } else if ((await child.wait()) !== 0) status = 1;
  }
  return status;
};

class ParseError {
  constructor(readonly message: string | null) {}
}
