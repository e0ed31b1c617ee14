import { describe, it, expect } from 'vitest';
import { parseFilter } from './parser.ts';
import type { FilterNode } from './parser.ts';

/** The tree as a compact s-expression, to read precedence at a glance. */
function show(n: FilterNode | undefined): string {
  if (n === undefined) return '';
  switch (n.kind) {
    case 'and':
    case 'or':
    case 'xor':
      return `(${n.kind} ${show(n.left)} ${show(n.right)})`;
    case 'not':
      return `(not ${show(n.expr)})`;
    case 'test':
      return n.entity.tok.text;
    case 'cmp':
      return `(${n.op} ${n.left.tok.text} ${n.right.tok.text})`;
    case 'contains':
    case 'matches':
      return `(${n.kind} ${n.left.tok.text} ${n.right.tok.text})`;
    case 'in':
      return `(in ${n.left.tok.text} ${n.items.map((i) => (i.hi ? `${i.lo.tok.text}..${i.hi.tok.text}` : i.lo.tok.text)).join(' ')})`;
  }
}

const parse = (text: string): string => {
  const r = parseFilter(text);
  return r.ok ? show(r.node) : `error ${r.message} ${r.start}-${r.end}`;
};

describe('the display filter grammar', () => {
  it('binds not tighter than and, and tighter than xor, and xor tighter than or', () => {
    expect(parse('a or b and not c')).toBe('(or a (and b (not c)))');
    expect(parse('a || b ^^ c && d')).toBe('(or a (xor b (and c d)))');
    expect(parse('(a or b) and c')).toBe('(and (or a b) c)');
  });
  it('chains comparisons as Wireshark 4.0 does', () => {
    expect(parse('1 < tcp.port <= 80')).toBe('(and (lt 1 tcp.port) (le tcp.port 80))');
  });
  it('reads sets with commas or blanks and ranges', () => {
    expect(parse('tcp.port in {25, 110 1..10}')).toBe('(in tcp.port 25 110 1..10)');
  });
  it('points at the first token that cannot continue the expression', () => {
    expect(parse('tcp.port = 25')).toBe('error "=" was unexpected in this context. 9-10');
    expect(parse('tcp and')).toBe('error Unexpected end of filter expression. 7-7');
  });
  it('treats an empty filter as no filter', () => {
    expect(parse('   ')).toBe('');
  });
});
