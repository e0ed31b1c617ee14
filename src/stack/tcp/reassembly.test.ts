import { describe, expect, it } from 'vitest';
import { Reassembly } from './reassembly.ts';

const b = (s: string) => new TextEncoder().encode(s);
const t = (d: Uint8Array | null) => (d === null ? null : new TextDecoder().decode(d));

describe('Reassembly', () => {
  it('holds a segment until the hole before it is filled', () => {
    const r = new Reassembly();
    r.insert(105, b('world'), false);
    expect(t(r.shift(100))).toBeNull();
    // the hole 100..105 arrives through the normal path; then the held bytes follow
    expect(t(r.shift(105))).toBe('world');
    expect(r.empty).toBe(true);
  });

  it('keeps each byte once when segments overlap', () => {
    const r = new Reassembly();
    r.insert(10, b('cdef'), false);
    r.insert(8, b('abcd'), false);
    r.insert(12, b('efgh'), false);
    expect(r.bytes).toBe(8);
    const parts: string[] = [];
    for (let d = r.shift(8); d !== null; d = r.shift(8 + parts.join('').length)) parts.push(t(d)!);
    expect(parts.join('')).toBe('abcdefgh');
  });

  it('drops what was already received and returns the rest', () => {
    const r = new Reassembly();
    r.insert(0, b('abcdef'), false);
    expect(t(r.shift(4))).toBe('ef');
  });

  it('remembers a FIN that arrived before the data in front of it', () => {
    const r = new Reassembly();
    r.insert(50, b('end'), true);
    expect(r.finSeq).toBe(53);
  });

  it('reports SACK blocks with the latest arrival first (RFC 2018 §4)', () => {
    const r = new Reassembly();
    r.insert(200, b('aaaa'), false);
    r.insert(300, b('bbbb'), false);
    r.insert(204, b('cc'), false);
    expect(r.sackBlocks(3)).toEqual([
      [200, 206],
      [300, 304],
    ]);
    r.insert(400, b('d'), false);
    expect(r.sackBlocks(2)).toEqual([
      [400, 401],
      [200, 206],
    ]);
  });

  it('works across the 2^32 wrap of sequence numbers', () => {
    const r = new Reassembly();
    r.insert(0xfffffffe, b('abcd'), false);
    expect(t(r.shift(0xfffffffe))).toBe('abcd');
  });
});
