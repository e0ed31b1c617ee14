// test(1) and [(1) from coreutils (the shell has its own builtins; these are /usr/bin/test
// and /usr/bin/[): POSIX argument-count rules, then -a/-o/!/( ) expressions. Exit 0 true,
// 1 false, 2 on a syntax error (`test: invalid integer ‘a’`).
import type { Process, Program } from '../../os/program.ts';
import type { Stat } from '../../os/fs/types.ts';
import { Ctx } from '../lib/context.ts';
import { coreutilsVersion } from '../lib/version.ts';

class SyntaxError2 {
  constructor(readonly message: string) {}
}

const UNARY = new Set(['-b', '-c', '-d', '-e', '-f', '-g', '-h', '-L', '-k', '-p', '-r', '-s', '-S', '-t', '-u', '-w', '-x', '-O', '-G', '-N', '-z', '-n']);
const BINARY = new Set(['=', '==', '!=', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

function makeTest(bracket: boolean): Program {
  return async (proc: Process) => {
    const ctx = new Ctx(proc, bracket ? '[' : 'test');
    let argv = [...ctx.args];
    if (bracket) {
      if (argv.length === 1 && argv[0] === '--help') {
        ctx.out(`Usage: test EXPRESSION\n  or:  test\n  or:  [ EXPRESSION ]\n  or:  [ ]\n  or:  [ OPTION\n`);
        return 0;
      }
      if (argv.length === 1 && argv[0] === '--version') {
        ctx.out(coreutilsVersion('['));
        return 0;
      }
      if (argv[argv.length - 1] !== ']') {
        ctx.error(ctx._('missing %s', ctx.q(']')));
        return 2;
      }
      argv = argv.slice(0, -1);
    }
    const fs = ctx.fs;
    const stat = (p: string, l = false): Stat | null => {
      const r = l ? fs.lstat(p, proc.cred, proc.cwd) : fs.stat(p, proc.cred, proc.cwd);
      return r.ok ? r.value : null;
    };
    const int = (s: string): bigint => {
      const t = s.trim();
      if (!/^[+-]?\d+$/.test(t)) throw new SyntaxError2(ctx._('invalid integer %s', ctx.q(s)));
      return BigInt(t);
    };
    const unary = (op: string, a: string): boolean => {
      switch (op) {
        case '-z': return a === '';
        case '-n': return a !== '';
        case '-e': return stat(a) !== null;
        case '-f': return stat(a)?.type === 'file';
        case '-d': return stat(a)?.type === 'dir';
        case '-c': return stat(a)?.type === 'chardev';
        case '-b': case '-p': case '-S': return false;
        case '-h': case '-L': return stat(a, true)?.type === 'symlink';
        case '-s': return (stat(a)?.size ?? 0) > 0;
        case '-r': return fs.access(a, 4, proc.cred, proc.cwd).ok;
        case '-w': return fs.access(a, 2, proc.cred, proc.cwd).ok;
        case '-x': return fs.access(a, 1, proc.cred, proc.cwd).ok;
        case '-u': return ((stat(a)?.mode ?? 0) & 0o4000) !== 0;
        case '-g': return ((stat(a)?.mode ?? 0) & 0o2000) !== 0;
        case '-k': return ((stat(a)?.mode ?? 0) & 0o1000) !== 0;
        case '-O': return stat(a)?.uid === proc.cred.uid;
        case '-G': return stat(a)?.gid === proc.cred.gid;
        case '-N': { const s = stat(a); return s !== null && s.mtimeMs > s.atimeMs; }
        case '-t': return /^\d+$/.test(a) && Number(a) <= 2 && [proc.stdin, proc.stdout, proc.stderr][Number(a)].tty !== null;
      }
      return false;
    };
    const binary = (a: string, op: string, b: string): boolean => {
      switch (op) {
        case '=': case '==': return a === b;
        case '!=': return a !== b;
        case '-eq': return int(a) === int(b);
        case '-ne': return int(a) !== int(b);
        case '-lt': return int(a) < int(b);
        case '-le': return int(a) <= int(b);
        case '-gt': return int(a) > int(b);
        case '-ge': return int(a) >= int(b);
        case '-nt': { const x = stat(a); const y = stat(b); return x !== null && (y === null || x.mtimeMs > y.mtimeMs); }
        case '-ot': { const x = stat(a); const y = stat(b); return y !== null && (x === null || x.mtimeMs < y.mtimeMs); }
        case '-ef': { const x = stat(a); const y = stat(b); return x !== null && y !== null && x.ino === y.ino; }
      }
      return false;
    };
    let pos = 0;
    const n = argv.length;
    const beyond = (): never => {
      throw new SyntaxError2(ctx._('missing argument after %s', ctx.q(argv[n - 1])));
    };
    // expr grammar (GNU test.c): or -> and ( -o and )*, and -> term ( -a term )*, term -> ! term | ( or ) | primary.
    const term = (): boolean => {
      if (pos >= n) beyond();
      if (argv[pos] === '!') {
        pos++;
        return !term();
      }
      if (argv[pos] === '(') {
        pos++;
        if (pos >= n) beyond();
        const v = orExpr();
        if (argv[pos] !== ')') throw new SyntaxError2(ctx._('%s expected', ctx.q(')')) + (pos < n ? ctx._(', %s found', ctx.q(argv[pos])) : ''));
        pos++;
        return v;
      }
      if (pos + 2 < n && BINARY.has(argv[pos + 1])) {
        const v = binary(argv[pos], argv[pos + 1], argv[pos + 2]);
        pos += 3;
        return v;
      }
      if (UNARY.has(argv[pos])) {
        if (pos + 1 >= n) beyond();
        const v = unary(argv[pos], argv[pos + 1]);
        pos += 2;
        return v;
      }
      return argv[pos++] !== '';
    };
    const andExpr = (): boolean => {
      let v = term();
      while (argv[pos] === '-a') {
        pos++;
        v = term() && v;
      }
      return v;
    };
    const orExpr = (): boolean => {
      let v = andExpr();
      while (argv[pos] === '-o') {
        pos++;
        v = andExpr() || v;
      }
      return v;
    };
    const posix = (): boolean => {
      switch (n) {
        case 0: return false;
        case 1: return argv[0] !== '';
        case 2:
          if (argv[0] === '!') return argv[1] === '';
          if (argv[0].length === 2 && argv[0][0] === '-') {
            if (UNARY.has(argv[0])) return unary(argv[0], argv[1]);
            throw new SyntaxError2(ctx._('%s: unary operator expected', ctx.q(argv[0])));
          }
          return beyond();
        case 3:
          if (BINARY.has(argv[1])) return binary(argv[0], argv[1], argv[2]);
          if (argv[0] === '!') {
            pos = 1;
            return !posixN(2);
          }
          if (argv[0] === '(' && argv[2] === ')') return argv[1] !== '';
          if (argv[1] === '-a' || argv[1] === '-o') break;
          throw new SyntaxError2(ctx._('%s: binary operator expected', ctx.q(argv[1])));
        case 4:
          if (argv[0] === '!') {
            pos = 1;
            return !posixN(3);
          }
          if (argv[0] === '(' && argv[3] === ')') {
            pos = 1;
            return posixN(2);
          }
          break;
      }
      const v = orExpr();
      if (pos < n) throw new SyntaxError2(ctx._('extra argument %s', ctx.q(argv[pos])));
      return v;
    };
    const posixN = (count: number): boolean => {
      const saved = argv;
      argv = argv.slice(pos, pos + count);
      pos = 0;
      const r = (() => {
        const m = argv.length;
        if (m === 2 && argv[0] === '!') return argv[1] === '';
        if (m === 2) return UNARY.has(argv[0]) ? unary(argv[0], argv[1]) : beyond();
        if (m === 3 && BINARY.has(argv[1])) return binary(argv[0], argv[1], argv[2]);
        return orExpr();
      })();
      argv = saved;
      return r;
    };
    try {
      return posix() ? 0 : 1;
    } catch (e) {
      if (e instanceof SyntaxError2) {
        ctx.error(e.message);
        return 2;
      }
      throw e;
    }
  };
}

export const test = makeTest(false);
export const bracket = makeTest(true);
