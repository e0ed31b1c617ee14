import { describe, expect, it } from 'vitest';
import { checkRoom, copyInto, readU16, readU32, writeU16, writeU32 } from './bytes.ts';

describe('big-endian fields', () => {
  it('writes and reads 16- and 32-bit values in network order', () => {
    const buf = new Uint8Array(6);
    writeU16(buf, 0, 0xabcd);
    writeU32(buf, 2, 0xfedcba98);
    expect(Array.from(buf)).toEqual([0xab, 0xcd, 0xfe, 0xdc, 0xba, 0x98]);
    expect(readU16(buf, 0)).toBe(0xabcd);
    expect(readU32(buf, 2)).toBe(0xfedcba98);
  });
});

describe('copyInto', () => {
  it('copies a payload into place', () => {
    const buf = new Uint8Array(5);
    copyInto(Uint8Array.of(1, 2, 3), buf, 2);
    expect(Array.from(buf)).toEqual([0, 0, 1, 2, 3]);
  });

  it('leaves a payload that already lies at the destination untouched', () => {
    const frame = Uint8Array.of(0, 0, 7, 8);
    const sub = frame.subarray(1);
    copyInto(frame.subarray(2), sub, 1);
    expect(Array.from(frame)).toEqual([0, 0, 7, 8]);
  });

  it('copies overlapping views correctly', () => {
    const buf = Uint8Array.of(1, 2, 3, 4, 0);
    copyInto(buf.subarray(0, 4), buf, 1);
    expect(Array.from(buf)).toEqual([1, 1, 2, 3, 4]);
  });
});

describe('checkRoom', () => {
  it('refuses to write past the end of the buffer', () => {
    expect(() => checkRoom(new Uint8Array(10), 4, 7, 'x')).toThrow(RangeError);
    expect(() => checkRoom(new Uint8Array(10), 4, 6, 'x')).not.toThrow();
  });
});
