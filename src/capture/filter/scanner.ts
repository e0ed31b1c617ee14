// The display filter scanner (Wireshark epan/dfilter/scanner.l): the filter text as tokens,
// each with its character range so an error can point at it. Never throws: an unknown
// character becomes an `error` token the parser reports as unexpected.

export type TokenKind =
  | 'lparen'
  | 'rparen'
  | 'lbrace'
  | 'rbrace'
  | 'comma'
  | 'dotdot'
  | 'cmp'
  | 'contains'
  | 'matches'
  | 'in'
  | 'and'
  | 'or'
  | 'xor'
  | 'not'
  | 'word'
  | 'string'
  | 'unterminated'
  | 'error'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token, as the user typed it (quotes included). */
  readonly text: string;
  /** For strings: the value with escapes resolved; for comparisons: the canonical operator. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** Canonical comparison operators: `!=` is all_ne since Wireshark 3.6, `!==`/`~=` any_ne (see compile.ts). */
export type CmpOp = 'any_eq' | 'all_eq' | 'all_ne' | 'any_ne' | 'gt' | 'lt' | 'ge' | 'le';

const SYMBOLS: readonly (readonly [string, TokenKind, string])[] = [
  ['===', 'cmp', 'all_eq'],
  ['!==', 'cmp', 'any_ne'],
  ['==', 'cmp', 'any_eq'],
  ['!=', 'cmp', 'all_ne'],
  ['~=', 'cmp', 'any_ne'],
  ['>=', 'cmp', 'ge'],
  ['<=', 'cmp', 'le'],
  ['&&', 'and', 'and'],
  ['||', 'or', 'or'],
  ['^^', 'xor', 'xor'],
  ['..', 'dotdot', '..'],
  ['>', 'cmp', 'gt'],
  ['<', 'cmp', 'lt'],
  ['~', 'matches', 'matches'],
  ['!', 'not', 'not'],
  ['(', 'lparen', '('],
  [')', 'rparen', ')'],
  ['{', 'lbrace', '{'],
  ['}', 'rbrace', '}'],
  [',', 'comma', ','],
];

const KEYWORDS: ReadonlyMap<string, readonly [TokenKind, string]> = new Map([
  ['eq', ['cmp', 'any_eq']],
  ['any_eq', ['cmp', 'any_eq']],
  ['all_eq', ['cmp', 'all_eq']],
  ['ne', ['cmp', 'all_ne']],
  ['all_ne', ['cmp', 'all_ne']],
  ['any_ne', ['cmp', 'any_ne']],
  ['gt', ['cmp', 'gt']],
  ['lt', ['cmp', 'lt']],
  ['ge', ['cmp', 'ge']],
  ['le', ['cmp', 'le']],
  ['contains', ['contains', 'contains']],
  ['matches', ['matches', 'matches']],
  ['in', ['in', 'in']],
  ['and', ['and', 'and']],
  ['or', ['or', 'or']],
  ['xor', ['xor', 'xor']],
  ['not', ['not', 'not']],
]);

/** Characters of an unquoted literal: field names, numbers, addresses (1.2.3.4/24, aa:bb, aa-bb). */
const WORD_CHAR = /[A-Za-z0-9_.:\-/]/;

export function scan(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, value = text.slice(start, end)): void => {
    tokens.push({ kind, text: text.slice(start, end), value, start, end });
  };
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '"') {
      const s = scanString(text, i);
      if (s === undefined) {
        // Wireshark points just past the end of the text when the closing quote is missing.
        push('unterminated', text.length, text.length);
        i = text.length;
      } else {
        push('string', i, s.end, s.value);
        i = s.end;
      }
      continue;
    }
    const sym = SYMBOLS.find(([s]) => text.startsWith(s, i));
    if (sym !== undefined) {
      push(sym[1], i, i + sym[0].length, sym[2]);
      i += sym[0].length;
      continue;
    }
    if (WORD_CHAR.test(c)) {
      let j = i;
      // A `..` ends the word so that `1..10` is a range, not one literal.
      while (j < text.length && WORD_CHAR.test(text[j]) && !text.startsWith('..', j)) j++;
      const word = text.slice(i, j);
      const kw = KEYWORDS.get(word);
      if (kw !== undefined) push(kw[0], i, j, kw[1]);
      else push('word', i, j);
      i = j;
      continue;
    }
    const cp = text.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    push('error', i, i + width);
    i += width;
  }
  push('eof', text.length, text.length, '');
  return tokens;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** A double-quoted string with C escapes (\n, \xhh, \ooo), as Wireshark's scanner reads it. */
function scanString(text: string, start: number): { value: string; end: number } | undefined {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') return { value, end: i + 1 };
    if (c === '\\' && i + 1 < text.length) {
      const e = text[i + 1];
      const hex = /^x([0-9A-Fa-f]{1,2})/.exec(text.slice(i + 1, i + 4));
      const oct = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4));
      if (hex !== null) {
        value += String.fromCharCode(parseInt(hex[1], 16));
        i += 1 + hex[0].length;
      } else if (oct !== null) {
        value += String.fromCharCode(parseInt(oct[0], 8) & 0xff);
        i += 1 + oct[0].length;
      } else {
        value += ESCAPES[e] ?? e;
        i += 2;
      }
      continue;
    }
    value += c;
    i++;
  }
  return undefined;
}
