// `{{NAME}}` and `{{X-100}}` in scenario strings: integer arithmetic over the params, with the
// usual precedence (`*` before `+` and `-`), parentheses and unary minus. The result is inserted
// as decimal text; fields that want a number read that text like any other. There is no escape:
// `{{` always opens a template (no Debian configuration file of our labs needs a literal one).
import type { ResolvedParams } from './params.ts';
import { childPath, type Reader } from './reader.ts';
import type { MapEntry, TreeNode } from './tree.ts';

export type ParamValues = ReadonlyMap<string, number>;

/**
 * `errors` lists what to tell the teacher. It may be empty on failure when the only cause is a
 * param named in `unresolved` (declared, but its own problem was reported already).
 */
export type Expansion = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly errors: readonly string[] };

export type Evaluation =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly error: string; readonly silent: boolean };

/** Replace every `{{...}}` of `text`. */
export function expandTemplates(text: string, values: ParamValues, unresolved: ReadonlySet<string> = new Set()): Expansion {
  if (!text.includes('{{')) return { ok: true, text };
  const errors: string[] = [];
  let failed = false;
  let out = '';
  let at = 0;
  for (;;) {
    const open = text.indexOf('{{', at);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) {
      errors.push(`unterminated "{{" (no "}}" after it)`);
      failed = true;
      break;
    }
    const source = text.slice(open, close + 2);
    const result = evaluateTemplate(text.slice(open + 2, close), values, unresolved);
    if (result.ok) out += text.slice(at, open) + String(result.value);
    else {
      failed = true;
      if (!result.silent) errors.push(`${result.error} in ${source}`);
    }
    at = close + 2;
  }
  return failed ? { ok: false, errors } : { ok: true, text: out + text.slice(at) };
}

type Token = { kind: 'num'; value: number } | { kind: 'name'; name: string } | { kind: 'op'; op: string };

/** Evaluate the inside of one `{{...}}`. */
export function evaluateTemplate(expr: string, values: ParamValues, unresolved: ReadonlySet<string> = new Set()): Evaluation {
  const tokens: Token[] = [];
  const lexer = /\s*(?:([0-9]+)|([A-Za-z_][A-Za-z0-9_]*)|([-+*()]))/y;
  let at = 0;
  while (at < expr.length) {
    if (/^\s*$/.test(expr.slice(at))) break;
    lexer.lastIndex = at;
    const m = lexer.exec(expr);
    if (!m) {
      const bad = expr.slice(at).trimStart()[0];
      return fail(`unexpected "${bad}" (only params, integers, + - * and parentheses)`);
    }
    if (m[1] !== undefined) tokens.push({ kind: 'num', value: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ kind: 'name', name: m[2] });
    else tokens.push({ kind: 'op', op: m[3] });
    at = lexer.lastIndex;
  }
  if (tokens.length === 0) return fail('empty template');
  return new Evaluator(tokens, values, unresolved).run();
}

function fail(error: string, silent = false): Evaluation {
  return { ok: false, error, silent };
}

class Evaluator {
  private i = 0;
  /** Set on meeting an unresolved param: evaluation goes on (with 0) to still find syntax errors. */
  private sawUnresolved = false;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly values: ParamValues,
    private readonly unresolved: ReadonlySet<string>,
  ) {}

  run(): Evaluation {
    const result = this.sum();
    if (result.ok && this.i < this.tokens.length) return fail(`unexpected ${describe(this.tokens[this.i])}`);
    if (result.ok && this.sawUnresolved) return fail('uses a param without a value', true);
    return result;
  }

  // sum := product (('+' | '-') product)*
  private sum(): Evaluation {
    let left = this.product();
    while (left.ok && this.peekOp('+', '-')) {
      const op = this.take() as { op: string };
      const right = this.product();
      if (!right.ok) return right;
      left = checked(op.op === '+' ? left.value + right.value : left.value - right.value);
    }
    return left;
  }

  // product := unary ('*' unary)*
  private product(): Evaluation {
    let left = this.unary();
    while (left.ok && this.peekOp('*')) {
      this.take();
      const right = this.unary();
      if (!right.ok) return right;
      left = checked(left.value * right.value);
    }
    return left;
  }

  // unary := '-' unary | atom
  private unary(): Evaluation {
    if (this.peekOp('-')) {
      this.take();
      const inner = this.unary();
      return inner.ok ? checked(-inner.value) : inner;
    }
    return this.atom();
  }

  // atom := integer | name | '(' sum ')'
  private atom(): Evaluation {
    const token = this.take();
    if (token === undefined) return fail('expected a number or a param name at the end');
    if (token.kind === 'num') return checked(token.value);
    if (token.kind === 'name') {
      const value = this.values.get(token.name);
      if (value !== undefined) return { ok: true, value };
      if (this.unresolved.has(token.name)) {
        this.sawUnresolved = true;
        return { ok: true, value: 0 };
      }
      return fail(`unknown param '${token.name}'`);
    }
    if (token.op === '(') {
      const inner = this.sum();
      if (!inner.ok) return inner;
      if (!this.peekOp(')')) return fail(this.i < this.tokens.length ? `expected ")" before ${describe(this.tokens[this.i])}` : 'missing ")"');
      this.take();
      return inner;
    }
    return fail(`expected a number or a param name before ${describe(token)}`);
  }

  private peekOp(...ops: string[]): boolean {
    const t = this.tokens[this.i];
    return t !== undefined && t.kind === 'op' && ops.includes(t.op);
  }

  private take(): Token | undefined {
    return this.tokens[this.i++];
  }
}

function checked(value: number): Evaluation {
  return Number.isSafeInteger(value) ? { ok: true, value: value === 0 ? 0 : value } : fail('result is too large');
}

function describe(t: Token): string {
  return t.kind === 'num' ? String(t.value) : t.kind === 'name' ? `'${t.name}'` : `"${t.op}"`;
}

/**
 * Expand every string and map key of a located tree. A string whose templates fail comes back
 * `broken` (reported here once, ignored by readers); a map entry whose key fails is dropped.
 */
export function expandTree(node: TreeNode, path: string, params: ResolvedParams, reader: Reader): TreeNode {
  if (node.kind === 'scalar') {
    const result = expandTemplates(node.value, params.values, params.unresolved);
    if (result.ok) return result.text === node.value ? node : { ...node, value: result.text };
    for (const message of result.errors) reader.error(path, message, node.pos);
    return { ...node, broken: true };
  }
  if (node.kind === 'seq') {
    return { ...node, items: node.items.map((item, i) => expandTree(item, childPath(path, i), params, reader)) };
  }
  const entries: MapEntry[] = [];
  for (const entry of node.entries) {
    const key = expandTemplates(entry.key, params.values, params.unresolved);
    if (!key.ok) {
      for (const message of key.errors) reader.error(childPath(path, entry.key), message, entry.keyPos);
      continue;
    }
    const at = childPath(path, key.text);
    entries.push({ key: key.text, keyPos: entry.keyPos, value: expandTree(entry.value, at, params, reader) });
  }
  return { ...node, entries };
}
