// The display filter grammar (Wireshark epan/dfilter/grammar.lemon), by recursive descent.
// Precedence, lowest first: or, xor, and, not. A syntax error is a value with Wireshark's
// message and the character range of the offending token.
import { scan } from './scanner.ts';
import type { CmpOp, Token } from './scanner.ts';

/** A field name, protocol name or literal, not yet told apart (that is the semantic check's job). */
export interface Entity {
  readonly tok: Token;
}

export interface SetItem {
  readonly lo: Entity;
  readonly hi?: Entity;
}

export type FilterNode =
  | { readonly kind: 'and' | 'or' | 'xor'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: 'not'; readonly expr: FilterNode }
  | { readonly kind: 'test'; readonly entity: Entity }
  | { readonly kind: 'cmp'; readonly op: CmpOp; readonly opTok: Token; readonly left: Entity; readonly right: Entity }
  | { readonly kind: 'contains' | 'matches'; readonly opTok: Token; readonly left: Entity; readonly right: Entity }
  | { readonly kind: 'in'; readonly opTok: Token; readonly left: Entity; readonly items: readonly SetItem[] };

export interface FilterError {
  readonly ok: false;
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export type ParseResult = { readonly ok: true; readonly node: FilterNode | undefined } | FilterError;

class SyntaxError_ {
  constructor(readonly error: FilterError) {}
}

export function parseFilter(text: string): ParseResult {
  const tokens = scan(text);
  // An empty filter shows every packet, as an empty display filter bar does.
  if (tokens[0].kind === 'eof') return { ok: true, node: undefined };
  const p = new Parser(tokens);
  try {
    const node = p.expr();
    p.expectEnd();
    return { ok: true, node };
  } catch (e) {
    // Only our own error values unwind the descent; anything else is a bug and rethrown.
    if (e instanceof SyntaxError_) return e.error;
    throw e;
  }
}

export function unexpected(tok: Token): FilterError {
  if (tok.kind === 'eof') return { ok: false, message: 'Unexpected end of filter expression.', start: tok.start, end: tok.end };
  if (tok.kind === 'unterminated')
    return { ok: false, message: 'The final quote was missing from a quoted string.', start: tok.start, end: tok.end };
  return { ok: false, message: `"${tok.text}" was unexpected in this context.`, start: tok.start, end: tok.end };
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    const t = this.tokens[this.pos];
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private fail(tok: Token): never {
    throw new SyntaxError_(unexpected(tok));
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.kind !== 'eof') this.fail(t);
  }

  expr(): FilterNode {
    let left = this.xor();
    while (this.peek().kind === 'or') {
      this.next();
      left = { kind: 'or', left, right: this.xor() };
    }
    return left;
  }

  private xor(): FilterNode {
    let left = this.and();
    while (this.peek().kind === 'xor') {
      this.next();
      left = { kind: 'xor', left, right: this.and() };
    }
    return left;
  }

  private and(): FilterNode {
    let left = this.unary();
    while (this.peek().kind === 'and') {
      this.next();
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): FilterNode {
    if (this.peek().kind === 'not') {
      this.next();
      return { kind: 'not', expr: this.unary() };
    }
    if (this.peek().kind === 'lparen') {
      this.next();
      const inner = this.expr();
      const close = this.next();
      if (close.kind !== 'rparen') this.fail(close);
      return inner;
    }
    return this.relation();
  }

  private entity(): Entity {
    const t = this.next();
    if (t.kind !== 'word' && t.kind !== 'string') this.fail(t);
    return { tok: t };
  }

  private relation(): FilterNode {
    const left = this.entity();
    const t = this.peek();
    if (t.kind === 'contains' || t.kind === 'matches') {
      this.next();
      return { kind: t.kind, opTok: t, left, right: this.entity() };
    }
    if (t.kind === 'in') {
      this.next();
      return { kind: 'in', opTok: t, left, items: this.set() };
    }
    if (t.kind !== 'cmp') return { kind: 'test', entity: left };
    // Wireshark 4.0 chains comparisons: `a < b < c` is `a < b and b < c`.
    let node: FilterNode | undefined;
    let lhs = left;
    while (this.peek().kind === 'cmp') {
      const opTok = this.next();
      const rhs = this.entity();
      const cmp: FilterNode = { kind: 'cmp', op: opTok.value as CmpOp, opTok, left: lhs, right: rhs };
      node = node === undefined ? cmp : { kind: 'and', left: node, right: cmp };
      lhs = rhs;
    }
    return node ?? this.fail(t);
  }

  private set(): SetItem[] {
    const open = this.next();
    if (open.kind !== 'lbrace') this.fail(open);
    const items: SetItem[] = [];
    for (;;) {
      const lo = this.entity();
      let hi: Entity | undefined;
      if (this.peek().kind === 'dotdot') {
        this.next();
        hi = this.entity();
      }
      items.push(hi === undefined ? { lo } : { lo, hi });
      const t = this.peek();
      if (t.kind === 'rbrace') {
        this.next();
        return items;
      }
      // Wireshark 4.0 separates elements with commas; older versions (and the issue) with blanks.
      if (t.kind === 'comma') this.next();
    }
  }
}
