import { describe, expect, it } from 'vitest';
import { SmtpLineReader } from './line-reader.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

describe('SMTP line reader', () => {
  it('ends lines at CRLF or bare LF and keeps a lone CR inside a line', () => {
    const r = new SmtpLineReader();
    const seg = enc.encode('a\r\nb\nc\rd\r\n');
    const got: string[] = [];
    for (let i = 0; i < seg.length; ) {
      const step = r.read(seg, i, 100);
      i = step.next;
      if (step.line !== null) got.push(dec.decode(step.line));
    }
    expect(got).toEqual(['a', 'b', 'c\rd']);
  });

  it('holds a partial line until its end arrives in a later segment', () => {
    const r = new SmtpLineReader();
    expect(r.read(enc.encode('NO'), 0, 100).line).toBeNull();
    expect(r.pendingBytes).toBe(2);
    const step = r.read(enc.encode('OP\r\n'), 0, 100);
    expect(dec.decode(step.line ?? new Uint8Array())).toBe('NOOP');
  });

  it('keeps only `limit` bytes of a long line and reports how many it skipped', () => {
    const r = new SmtpLineReader();
    r.read(enc.encode('x'.repeat(10)), 0, 4);
    const step = r.read(enc.encode('yy\r\n'), 0, 4);
    expect(dec.decode(step.line ?? new Uint8Array())).toBe('xxxx');
    expect(step.skipped).toBe(9);
  });
});
