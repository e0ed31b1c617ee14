// Shell arithmetic (bash(1) "ARITHMETIC EVALUATION"): 64-bit signed integers with wrap-around,
// C operators and precedence, variables evaluated recursively, bases 0x, 0 and N#digits.
// Errors come back as values with bash's message and its "error token" (the text left from
// the token where evaluation stopped).

export interface ArithVars {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

/** A failure: bash prints `EXPR: ERROR (error token is "TOKEN")`, with ERROR a msgid. */
export type ArithResult = { ok: true; value: bigint } | { ok: false; expr: string; error: string; token: string };

type Node =
  | { k: 'num'; v: bigint }
  | { k: 'var'; name: string; at: number }
  | { k: 'un'; op: string; e: Node; at: number }
  | { k: 'incdec'; op: '++' | '--'; prefix: boolean; name: string }
  | { k: 'bin'; op: string; a: Node; b: Node; at: number }
  | { k: 'assign'; op: string; name: string; e: Node }
  | { k: 'cond'; c: Node; a: Node; b: Node }
  | { k: 'comma'; a: Node; b: Node };

class ArithError {
  constructor(
    readonly message: string,
    readonly at: number,
  ) {}
}

const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);

const BINARY: { ops: string[]; right?: boolean }[] = [
  { ops: ['||'] },
  { ops: ['&&'] },
  { ops: ['|'] },
  { ops: ['^'] },
  { ops: ['&'] },
  { ops: ['==', '!='] },
  { ops: ['<=', '>=', '<', '>'] },
  { ops: ['<<', '>>'] },
  { ops: ['+', '-'] },
  { ops: ['*', '/', '%'] },
  { ops: ['**'], right: true },
];
const ASSIGN_OPS = ['<<=', '>>=', '*=', '/=', '%=', '+=', '-=', '&=', '^=', '|=', '='];
const TOKENS = ['<<=', '>>=', '**', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '*=', '/=', '%=', '+=', '-=', '&=', '^=', '|=',
  '+', '-', '*', '/', '%', '<', '>', '=', '!', '~', '&', '^', '|', '?', ':', ',', '(', ')'];

class Parser {
  private pos = 0;
  tokStart = 0;
  private tok = '';

  constructor(private readonly src: string) {
    this.advance();
  }

  private advance(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
    this.tokStart = this.pos;
    if (this.pos >= this.src.length) {
      this.tok = '';
      return;
    }
    const rest = this.src.slice(this.pos);
    const m = /^[A-Za-z_][A-Za-z0-9_]*|^[0-9][0-9A-Za-z_#@]*/.exec(rest);
    if (m) {
      this.tok = m[0];
    } else {
      this.tok = TOKENS.find((t) => rest.startsWith(t)) ?? rest[0];
    }
    this.pos += this.tok.length;
  }

  /** Reads the current token through a call, so TypeScript does not keep a stale narrowing. */
  private at(t: string): boolean {
    return this.tok === t;
  }

  private fail(message: string): never {
    // At the end of the text bash names the last token it read.
    throw new ArithError(message, this.tok === '' ? this.lastStart : this.tokStart);
  }

  private lastStart = 0;

  private eat(): string {
    const t = this.tok;
    this.lastStart = this.tokStart;
    this.advance();
    return t;
  }

  parseAll(): Node {
    const n = this.comma();
    if (this.tok !== '') this.fail('syntax error in expression');
    return n;
  }

  private comma(): Node {
    let a = this.assign();
    while (this.tok === ',') {
      this.eat();
      a = { k: 'comma', a, b: this.assign() };
    }
    return a;
  }

  private assign(): Node {
    if (/^[A-Za-z_]/.test(this.tok)) {
      const save = { pos: this.pos, tokStart: this.tokStart, tok: this.tok };
      const name = this.eat();
      if (ASSIGN_OPS.includes(this.tok)) {
        const op = this.eat();
        return { k: 'assign', op, name, e: this.assign() };
      }
      this.pos = save.pos;
      this.tokStart = save.tokStart;
      this.tok = save.tok;
    }
    return this.ternary();
  }

  private ternary(): Node {
    const c = this.binary(0);
    if (this.tok !== '?') return c;
    this.eat();
    const a = this.comma();
    if (!this.at(':')) this.fail("`:' expected for conditional expression");
    this.eat();
    const b = this.ternary();
    return { k: 'cond', c, a, b };
  }

  private binary(level: number): Node {
    if (level >= BINARY.length) return this.unary();
    const { ops, right } = BINARY[level];
    let a = this.binary(level + 1);
    while (ops.includes(this.tok)) {
      const op = this.eat();
      // Errors in the operation (division by 0) quote the text from the right operand on.
      const at = this.tokStart;
      const b = right ? this.binary(level) : this.binary(level + 1);
      a = { k: 'bin', op, a, b, at };
      if (right) break;
    }
    return a;
  }

  private unary(): Node {
    const t = this.tok;
    if (t === '++' || t === '--') {
      this.eat();
      if (!/^[A-Za-z_]/.test(this.tok)) this.fail('syntax error: operand expected');
      return { k: 'incdec', op: t, prefix: true, name: this.eat() };
    }
    if (t === '!' || t === '~' || t === '-' || t === '+') {
      const at = this.tokStart;
      this.eat();
      return { k: 'un', op: t, e: this.unary(), at };
    }
    return this.postfix();
  }

  private postfix(): Node {
    const t = this.tok;
    if (t === '(') {
      this.eat();
      const e = this.comma();
      if (this.tok !== ')') this.fail('missing `)\'');
      this.eat();
      return e;
    }
    if (/^[0-9]/.test(t)) {
      const at = this.tokStart;
      this.eat();
      return { k: 'num', v: this.number(t, at) };
    }
    if (/^[A-Za-z_]/.test(t)) {
      const at = this.tokStart;
      const name = this.eat();
      if (this.tok === '++' || this.tok === '--') {
        const op = this.eat() as '++' | '--';
        return { k: 'incdec', op, prefix: false, name };
      }
      return { k: 'var', name, at };
    }
    this.fail('syntax error: operand expected');
  }

  private number(t: string, at: number): bigint {
    const r = parseNumber(t);
    if (r === null) throw new ArithError('value too great for base', at);
    return r;
  }
}

/** A number in shell syntax: decimal, 0x hex, 0 octal, base#digits (2..64). */
export function parseNumber(t: string): bigint | null {
  let base = 10;
  let digits = t;
  const hash = t.indexOf('#');
  if (hash > 0) {
    base = Number(t.slice(0, hash));
    digits = t.slice(hash + 1);
    if (base < 2 || base > 64 || digits === '') return null;
  } else if (/^0[xX]/.test(t)) {
    base = 16;
    digits = t.slice(2);
    if (digits === '') return 0n;
  } else if (t.length > 1 && t.startsWith('0')) {
    base = 8;
    digits = t.slice(1);
  }
  let v = 0n;
  for (const ch of digits) {
    let d: number;
    if (ch >= '0' && ch <= '9') d = ch.charCodeAt(0) - 48;
    else if (ch >= 'a' && ch <= 'z') d = ch.charCodeAt(0) - 97 + 10;
    else if (ch >= 'A' && ch <= 'Z') d = ch.charCodeAt(0) - 65 + (base > 36 ? 36 : 10);
    else if (ch === '@') d = 62;
    else if (ch === '_') d = 63;
    else return null;
    if (d >= base) return null;
    v = wrap(v * BigInt(base) + BigInt(d));
  }
  return v;
}

class Evaluator {
  constructor(
    private readonly vars: ArithVars,
    private depth: number,
  ) {}

  eval(n: Node): bigint {
    switch (n.k) {
      case 'num':
        return n.v;
      case 'var':
        return this.varValue(n.name);
      case 'un': {
        const v = this.eval(n.e);
        if (n.op === '!') return v === 0n ? 1n : 0n;
        if (n.op === '~') return wrap(~v);
        if (n.op === '-') return wrap(-v);
        return v;
      }
      case 'incdec': {
        const old = this.varValue(n.name);
        const nv = wrap(n.op === '++' ? old + 1n : old - 1n);
        this.vars.set(n.name, String(nv));
        return n.prefix ? nv : old;
      }
      case 'assign': {
        let v = this.eval(n.e);
        if (n.op !== '=') v = this.apply(n.op.slice(0, -1), this.varValue(n.name), v, 0);
        this.vars.set(n.name, String(v));
        return v;
      }
      case 'cond':
        return this.eval(n.c) !== 0n ? this.eval(n.a) : this.eval(n.b);
      case 'comma':
        this.eval(n.a);
        return this.eval(n.b);
      case 'bin': {
        if (n.op === '&&') return this.eval(n.a) !== 0n && this.eval(n.b) !== 0n ? 1n : 0n;
        if (n.op === '||') return this.eval(n.a) !== 0n || this.eval(n.b) !== 0n ? 1n : 0n;
        const a = this.eval(n.a);
        const b = this.eval(n.b);
        return this.apply(n.op, a, b, n.at);
      }
    }
  }

  private apply(op: string, a: bigint, b: bigint, at: number): bigint {
    switch (op) {
      case '+': return wrap(a + b);
      case '-': return wrap(a - b);
      case '*': return wrap(a * b);
      case '/':
      case '%':
        if (b === 0n) throw new ArithError('division by 0', at);
        return wrap(op === '/' ? a / b : a % b);
      case '**':
        if (b < 0n) throw new ArithError('exponent less than 0', at);
        return wrap(a ** b);
      case '<<': return wrap(a << (b & 63n));
      case '>>': return wrap(a >> (b & 63n));
      case '&': return a & b;
      case '|': return a | b;
      case '^': return a ^ b;
      case '==': return a === b ? 1n : 0n;
      case '!=': return a !== b ? 1n : 0n;
      case '<': return a < b ? 1n : 0n;
      case '>': return a > b ? 1n : 0n;
      case '<=': return a <= b ? 1n : 0n;
      case '>=': return a >= b ? 1n : 0n;
    }
    return 0n;
  }

  /** A variable's value is itself an expression (x=y+1 works); unset or empty is 0. */
  private varValue(name: string): bigint {
    const raw = this.vars.get(name);
    if (raw === undefined || raw.trim() === '') return 0n;
    if (/^\s*-?[0-9]+\s*$/.test(raw)) {
      const t = raw.trim();
      const neg = t.startsWith('-');
      const v = parseNumber(neg ? t.slice(1) : t);
      if (v !== null) return neg ? wrap(-v) : v;
    }
    if (this.depth > 100) throw new ArithError('expression recursion level exceeded', 0);
    this.depth++;
    try {
      const r = evaluate(raw.trim(), this.vars, this.depth);
      if (!r.ok) throw new NestedError(r);
      return r.value;
    } finally {
      this.depth--;
    }
  }
}

/** A failure inside a variable's own expression: bash reports it with that expression. */
class NestedError {
  constructor(readonly result: ArithResult) {}
}

export function evaluate(text: string, vars: ArithVars, depth = 0): ArithResult {
  const src = text.replace(/^\s+/, '');
  if (src.trim() === '') return { ok: true, value: 0n };
  try {
    const p = new Parser(src);
    const tree = p.parseAll();
    const ev = new Evaluator(vars, depth);
    return { ok: true, value: ev.eval(tree) };
  } catch (e) {
    if (e instanceof NestedError) return e.result;
    if (e instanceof ArithError) return { ok: false, expr: src, error: e.message, token: src.slice(e.at) };
    throw e;
  }
}
