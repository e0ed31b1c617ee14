import { describe, it, expect } from 'vitest';
import { scan } from './scanner.ts';

const kinds = (text: string): string[] => scan(text).map((t) => `${t.kind}:${t.value}`);

describe('the display filter scanner', () => {
  it('reads symbolic and English operators as the same comparison', () => {
    expect(kinds('a == 1')).toEqual(kinds('a eq 1'));
    expect(kinds('a != 1')).toEqual(kinds('a ne 1'));
    expect(kinds('a >= 1 && b')).toEqual(kinds('a ge 1 and b'));
  });
  it('gives != the all-not-equal meaning and !== / ~= the any-not-equal one (Wireshark 4.0)', () => {
    expect(scan('a != 1')[1].value).toBe('all_ne');
    expect(scan('a !== 1')[1].value).toBe('any_ne');
    expect(scan('a ~= 1')[1].value).toBe('any_ne');
    expect(scan('a === 1')[1].value).toBe('all_eq');
  });
  it('keeps addresses in one literal but splits a range at ..', () => {
    expect(kinds('192.168.0.0/24 aa:bb:cc:dd:ee:ff 1..10')).toEqual([
      'word:192.168.0.0/24',
      'word:aa:bb:cc:dd:ee:ff',
      'word:1',
      'dotdot:..',
      'word:10',
      'eof:',
    ]);
  });
  it('resolves escapes in quoted strings and keeps the source range with quotes', () => {
    const [t] = scan('"a\\x41\\101\\n\\""');
    expect(t).toMatchObject({ kind: 'string', value: 'aAA\n"', start: 0, end: 15 });
  });
  it('turns an unknown character into an error token instead of throwing', () => {
    expect(scan('tcp @ 😀').map((t) => t.kind)).toEqual(['word', 'error', 'error', 'eof']);
  });
});
