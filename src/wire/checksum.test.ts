import { describe, expect, it } from 'vitest';
import { finishChecksum, internetChecksum, onesComplementSum, pseudoHeaderSum } from './checksum.ts';
import { hex } from './testing/hex.ts';

// A slow, obviously correct reference: sum every word with BigInt, fold at the end.
function referenceSum(buf: Uint8Array, start: number, end: number): number {
  let sum = 0n;
  for (let i = start; i < end; i += 2) sum += BigInt((buf[i] << 8) | (i + 1 < end ? buf[i + 1] : 0));
  while (sum > 0xffffn) sum = (sum & 0xffffn) + (sum >> 16n);
  return Number(sum);
}

describe('Internet checksum (RFC 1071)', () => {
  it('matches the worked example of RFC 1071 §3', () => {
    const bytes = hex('00 01 f2 03 f4 f5 f6 f7');
    expect(onesComplementSum(bytes, 0, 8)).toBe(0xddf2);
    expect(internetChecksum(bytes, 0, 8)).toBe(0x220d);
  });

  it('pads an odd final byte with zero', () => {
    expect(onesComplementSum(hex('01 02 03'), 0, 3)).toBe(0x0402);
    expect(onesComplementSum(hex('ff'), 0, 1)).toBe(0xff00);
  });

  it('gives the header checksum of a real IPv4 header (ping_arp_eth0 frame 3)', () => {
    const header = hex('45 00 00 54 27 a6 40 00 40 01 00 00 c0 a8 00 1c c0 a8 00 01');
    expect(internetChecksum(header, 0, 20)).toBe(0x9195);
    header[10] = 0x91;
    header[11] = 0x95;
    expect(onesComplementSum(header, 0, 20)).toBe(0xffff);
  });

  it('chains partial sums through initial', () => {
    const bytes = hex('45 00 00 54 27 a6 40 00 40 01 91 95 c0 a8 00 1c c0 a8 00 01');
    const whole = onesComplementSum(bytes, 0, 20);
    expect(onesComplementSum(bytes, 8, 20, onesComplementSum(bytes, 0, 8))).toBe(whole);
  });

  it('agrees with a reference over large and odd ranges', () => {
    const buf = new Uint8Array(200_001);
    for (let i = 0; i < buf.length; i++) buf[i] = 0xff - (i % 7);
    expect(onesComplementSum(buf, 0, buf.length)).toBe(referenceSum(buf, 0, buf.length));
    expect(onesComplementSum(buf, 3, 1503)).toBe(referenceSum(buf, 3, 1503));
    expect(onesComplementSum(buf, 0, 0)).toBe(0);
  });

  it('folds carries and complements', () => {
    expect(finishChecksum(0x1fffe)).toBe(0);
    expect(finishChecksum(0)).toBe(0xffff);
    expect(finishChecksum(0x12345)).toBe(~0x2346 & 0xffff);
  });

  it('sums the pseudo-header that Linux leaves in a loopback SYN (smtp_local_lo frame 1)', () => {
    // 127.0.0.1 -> 127.0.0.1, TCP, 40 bytes: the capture's checksum field reads 0xfe30.
    expect(onesComplementSum(new Uint8Array(0), 0, 0, pseudoHeaderSum(0x7f000001, 0x7f000001, 6, 40))).toBe(0xfe30);
  });

  it('refuses ranges outside the buffer', () => {
    expect(() => onesComplementSum(new Uint8Array(4), 0, 5)).toThrow(RangeError);
  });
});

describe('onesComplementSum on long ranges (16-bit view path)', () => {
  // Reference: RFC 1071's byte-pair loop.
  function reference(buf: Uint8Array, start: number, end: number, initial: number): number {
    let sum = initial;
    for (let i = start; i + 1 < end; i += 2) sum += (buf[i] << 8) | buf[i + 1];
    if ((end - start) & 1) sum += buf[end - 1] << 8;
    while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
    return sum;
  }

  it('agrees with the byte loop for every alignment, odd length and initial sum', () => {
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 16;
    const backing = new Uint8Array(4000).map(() => next() & 0xff);
    for (let t = 0; t < 400; t++) {
      const base = next() % 7;
      const buf = backing.subarray(base);
      const start = next() % 50;
      const end = Math.min(buf.length, start + 128 + (next() % 3000));
      const initial = next() * 3;
      expect(onesComplementSum(buf, start, end, initial)).toBe(reference(buf, start, end, initial));
    }
  });
});
