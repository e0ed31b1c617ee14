import { describe, expect, it } from 'vitest';
import { SendBuffer } from './send-buffer.ts';

function bytes(from: number, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (from + i) & 0xff);
}

function read(buf: SendBuffer, offset: number, len: number): number[] {
  const out = new Uint8Array(len);
  buf.copyOut(offset, len, out, 0);
  return [...out];
}

describe('SendBuffer', () => {
  it('reads a segment that spans several writes', () => {
    const buf = new SendBuffer();
    buf.push(bytes(0, 3));
    buf.push(bytes(3, 2));
    buf.push(bytes(5, 4));
    expect(buf.length).toBe(9);
    expect(read(buf, 2, 5)).toEqual([2, 3, 4, 5, 6]);
  });

  it('reads on from where the previous segment ended, and again from anywhere (retransmission)', () => {
    const buf = new SendBuffer();
    for (let i = 0; i < 10; i++) buf.push(bytes(i * 10, 10));
    expect(read(buf, 0, 15)).toEqual([...bytes(0, 15)]);
    expect(read(buf, 15, 15)).toEqual([...bytes(15, 15)]);
    expect(read(buf, 5, 3)).toEqual([5, 6, 7]);
  });

  it('drops acknowledged bytes and keeps offsets relative to the first unacknowledged one', () => {
    const buf = new SendBuffer();
    buf.push(bytes(0, 10));
    buf.push(bytes(10, 10));
    expect(read(buf, 0, 12)).toEqual([...bytes(0, 12)]);
    buf.consume(7);
    expect(buf.length).toBe(13);
    expect(read(buf, 5, 4)).toEqual([12, 13, 14, 15]);
    buf.consume(13);
    expect(buf.length).toBe(0);
    buf.push(bytes(20, 2));
    expect(read(buf, 0, 2)).toEqual([20, 21]);
  });

  it('stays correct across the compaction of many small writes', () => {
    const buf = new SendBuffer();
    for (let i = 0; i < 300; i++) buf.push(Uint8Array.of(i & 0xff));
    let acked = 0;
    while (acked < 290) {
      expect(read(buf, 0, 3)).toEqual([acked & 0xff, (acked + 1) & 0xff, (acked + 2) & 0xff]);
      buf.consume(1);
      acked++;
    }
    expect(read(buf, 0, 10)).toEqual([...bytes(290, 10)]);
  });

  it('refuses to read past what it holds (a broken invariant)', () => {
    const buf = new SendBuffer();
    buf.push(bytes(0, 4));
    expect(() => read(buf, 2, 3)).toThrow(RangeError);
  });
});
