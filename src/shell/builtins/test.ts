// test, [ and the conditions of [[ ]] (bash(1) "CONDITIONAL EXPRESSIONS"). test follows
// POSIX's rules by argument count (1 to 4 arguments), then a recursive grammar with ! -a -o ( ).
// [[ ]] adds && || and pattern matching on the right of == and !=.
import type { FdTable } from '../interp/fds.ts';
import type { Builtin, ShellApi } from '../interp/api.ts';
import { matchPattern } from '../expand/pattern.ts';
import { parseNumber } from '../expand/arithmetic.ts';

const UNARY = new Set(['-a', '-b', '-c', '-d', '-e', '-f', '-g', '-h', '-k', '-p', '-r', '-s', '-t', '-u', '-w', '-x', '-G', '-L', '-N', '-O', '-S', '-z', '-n', '-o', '-v']);
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef', '=~']);

export interface TestToken {
  text: string;
  /** [[ ]]: only unquoted words are operators. test: always true. */
  op: boolean;
  /** [[ ]]: the word as a pattern (right of == and !=). */
  pattern?: string;
}

class TestError {
  constructor(readonly message: string) {}
}

export class TestEvaluator {
  private i = 0;

  constructor(
    private readonly sh: ShellApi,
    private readonly t: TestToken[],
    private readonly extended: boolean,
  ) {}

  private isOp(k: number, ...ops: string[]): boolean {
    const tok = this.t[k];
    return tok !== undefined && tok.op && ops.includes(tok.text);
  }

  /** 0 true, 1 false; throws TestError (status 2). */
  run(): number {
    const n = this.t.length;
    if (!this.extended) {
      const r = this.posix(0, n);
      if (r !== null) return r ? 0 : 1;
    }
    this.i = 0;
    const v = this.orExpr();
    if (this.i < n) {
      if (this.extended) throw new TestError(`syntax error in conditional expression`);
      throw new TestError(this.sh.msg.t('too many arguments'));
    }
    return v ? 0 : 1;
  }

  /** POSIX's table for 0-4 arguments; null: use the full grammar. */
  private posix(from: number, n: number): boolean | null {
    const a = (k: number) => this.t[from + k].text;
    switch (n) {
      case 0:
        return false;
      case 1:
        return a(0) !== '';
      case 2:
        if (a(0) === '!') return a(1) === '';
        if (UNARY.has(a(0))) return this.unary(a(0), a(1));
        throw new TestError(this.sh.msg.t('%s: unary operator expected', a(0)));
      case 3:
        if (BINARY.has(a(1)) || a(1) === '-a' || a(1) === '-o') {
          if (a(1) === '-a') return a(0) !== '' && a(2) !== '';
          if (a(1) === '-o') return a(0) !== '' || a(2) !== '';
          return this.binary(a(0), a(1), a(2), undefined);
        }
        if (a(0) === '!') {
          const r = this.posix(from + 1, 2);
          return r === null ? null : !r;
        }
        if (a(0) === '(' && a(2) === ')') return a(1) !== '';
        throw new TestError(this.sh.msg.t('%s: binary operator expected', a(1)));
      case 4:
        if (a(0) === '!') {
          const r = this.posix(from + 1, 3);
          return r === null ? null : !r;
        }
        if (a(0) === '(' && a(3) === ')') return this.posix(from + 1, 2);
        return null;
      default:
        return null;
    }
  }

  private orExpr(): boolean {
    let v = this.andExpr();
    while (this.isOp(this.i, '-o', '||')) {
      this.i++;
      const r = this.andExpr();
      v = v || r;
    }
    return v;
  }

  private andExpr(): boolean {
    let v = this.notExpr();
    while (this.isOp(this.i, '-a', '&&')) {
      this.i++;
      const r = this.notExpr();
      v = v && r;
    }
    return v;
  }

  private notExpr(): boolean {
    if (this.isOp(this.i, '!')) {
      this.i++;
      return !this.notExpr();
    }
    return this.primary();
  }

  private primary(): boolean {
    const t = this.t;
    const n = t.length;
    if (this.i >= n) throw new TestError(this.sh.msg.t('argument expected'));
    if (this.isOp(this.i, '(')) {
      this.i++;
      const v = this.orExpr();
      if (!this.isOp(this.i, ')')) throw new TestError(this.sh.msg.t("`)' expected"));
      this.i++;
      return v;
    }
    // binary?
    if (this.i + 2 < n && this.isOp(this.i + 1, ...BINARY)) {
      const left = t[this.i].text;
      const op = t[this.i + 1].text;
      const right = t[this.i + 2];
      this.i += 3;
      return this.binary(left, op, right.text, right.pattern);
    }
    if (this.i + 1 < n && this.isOp(this.i, ...UNARY)) {
      const op = t[this.i].text;
      const arg = t[this.i + 1].text;
      this.i += 2;
      return this.unary(op, arg);
    }
    const word = t[this.i].text;
    this.i++;
    return word !== '';
  }

  private integer(s: string): bigint {
    const m = /^\s*([+-]?)(\d+)\s*$/.exec(s);
    if (!m) throw new TestError(this.sh.dash ? `Illegal number: ${s}` : this.sh.msg.t('%s: integer expression expected', s));
    const v = parseNumber(m[2].replace(/^0+(?=\d)/, '')) ?? 0n;
    return m[1] === '-' ? -v : v;
  }

  binary(a: string, op: string, b: string, pattern: string | undefined): boolean {
    switch (op) {
      case '=':
      case '==':
        return this.extended && pattern !== undefined ? matchPattern(pattern, a) : a === b;
      case '!=':
        return this.extended && pattern !== undefined ? !matchPattern(pattern, a) : a !== b;
      case '<':
        return a < b;
      case '>':
        return a > b;
      case '=~':
        try {
          return new RegExp(b).test(a);
        } catch {
          return false;
        }
      case '-eq':
        return this.integer(a) === this.integer(b);
      case '-ne':
        return this.integer(a) !== this.integer(b);
      case '-lt':
        return this.integer(a) < this.integer(b);
      case '-le':
        return this.integer(a) <= this.integer(b);
      case '-gt':
        return this.integer(a) > this.integer(b);
      case '-ge':
        return this.integer(a) >= this.integer(b);
      case '-nt':
      case '-ot': {
        const sa = this.stat(a, true);
        const sb = this.stat(b, true);
        if (op === '-nt') return sa !== null && (sb === null || sa.mtimeMs > sb.mtimeMs);
        return sb !== null && (sa === null || sa.mtimeMs < sb.mtimeMs);
      }
      case '-ef': {
        const sa = this.stat(a, true);
        const sb = this.stat(b, true);
        return sa !== null && sb !== null && sa.ino === sb.ino;
      }
    }
    return false;
  }

  private stat(path: string, follow: boolean) {
    if (path === '') return null;
    const fs = this.sh.proc.host.fs;
    const r = follow ? fs.stat(path, this.sh.proc.cred, this.sh.cwd) : fs.lstat(path, this.sh.proc.cred, this.sh.cwd);
    return r.ok ? r.value : null;
  }

  private access(path: string, want: number): boolean {
    if (path === '') return false;
    return this.sh.proc.host.fs.access(path, want, this.sh.proc.cred, this.sh.cwd).ok;
  }

  unary(op: string, arg: string): boolean {
    switch (op) {
      case '-z':
        return arg === '';
      case '-n':
        return arg !== '';
      case '-e':
      case '-a':
        return this.stat(arg, true) !== null;
      case '-f':
        return this.stat(arg, true)?.type === 'file';
      case '-d':
        return this.stat(arg, true)?.type === 'dir';
      case '-h':
      case '-L':
        return this.stat(arg, false)?.type === 'symlink';
      case '-c':
        return this.stat(arg, true)?.type === 'chardev';
      case '-b':
      case '-p':
      case '-S':
        return false;
      case '-s':
        return (this.stat(arg, true)?.size ?? 0) > 0;
      case '-r':
        return this.access(arg, 4);
      case '-w':
        return this.access(arg, 2);
      case '-x':
        return this.access(arg, 1);
      case '-g':
        return ((this.stat(arg, true)?.mode ?? 0) & 0o2000) !== 0;
      case '-u':
        return ((this.stat(arg, true)?.mode ?? 0) & 0o4000) !== 0;
      case '-k':
        return ((this.stat(arg, true)?.mode ?? 0) & 0o1000) !== 0;
      case '-O':
        return this.stat(arg, true)?.uid === this.sh.proc.cred.uid;
      case '-G':
        return this.stat(arg, true)?.gid === this.sh.proc.cred.gid;
      case '-N': {
        const st = this.stat(arg, true);
        return st !== null && st.mtimeMs > st.atimeMs;
      }
      case '-t': {
        const fd = Number(arg);
        if (!Number.isInteger(fd)) return false;
        const s = fd === 0 ? this.sh.proc.stdin : fd === 1 ? this.sh.proc.stdout : fd === 2 ? this.sh.proc.stderr : null;
        return s !== null && s.tty !== null;
      }
      case '-v':
        return this.sh.vars.get(arg) !== undefined;
      case '-o':
        return (this.sh.flags as unknown as Record<string, boolean>)[arg] === true;
    }
    return false;
  }
}

/** Evaluates a condition; prints errors as `bash: NAME: TEXT`; 0, 1 or 2. */
export function evaluateCondition(sh: ShellApi, io: FdTable, name: string, tokens: TestToken[], extended: boolean): number {
  try {
    return new TestEvaluator(sh, tokens, extended).run();
  } catch (e) {
    if (e instanceof TestError) {
      sh.builtinError(io, name, e.message);
      return 2;
    }
    throw e;
  }
}

export const testBuiltin: Builtin = (sh, argv, io) => {
  const name = argv[0];
  let args = argv.slice(1);
  if (name === '[') {
    if (args[args.length - 1] !== ']') {
      sh.builtinError(io, name, sh.msg.t("missing `]'"));
      return 2;
    }
    args = args.slice(0, -1);
  }
  return evaluateCondition(sh, io, name, args.map((text) => ({ text, op: true })), false);
};
