// The Internet checksum (RFC 1071): the one's complement of the one's complement sum of the
// 16-bit big-endian words. It runs over every TCP segment twice (emit and verify), so the sum
// is a plain loop over bytes with an integer accumulator.
import type { Ipv4 } from './addr.ts';

/** Parse options shared by the codecs that carry a checksum. */
export interface ChecksumOptions {
  /** Default true: a wrong checksum makes parse fail with 'bad-checksum'. */
  verifyChecksum?: boolean;
}

// Fold after each 32 KiB: 16384 words of at most 0xffff stay below 2^30, so the accumulator
// remains a small integer for V8 (no heap numbers) and exact whatever the buffer length.
const CHUNK = 32768;

function fold(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

/**
 * One's complement sum of buf[start..end) added to `initial`, with the carries folded back
 * (RFC 1071 §2(C)): the result is at most 0xffff and can be passed on as `initial`.
 * An odd final byte counts as the high byte of a word padded with zero.
 */
export function onesComplementSum(buf: Uint8Array, start: number, end: number, initial = 0): number {
  if (start < 0 || end > buf.length) {
    throw new RangeError(`checksum range ${start}..${end} outside a ${buf.length}-byte buffer`);
  }
  let sum = fold(initial);
  if (end <= start) return sum;
  if (end - start >= WIDE_MIN && ((buf.byteOffset + start) & 1) === 0) return fold(sum + wideSum(buf, start, end));
  const evenEnd = end - ((end - start) & 1);
  let i = start;
  while (i < evenEnd) {
    const stop = evenEnd - i > CHUNK ? i + CHUNK : evenEnd;
    for (; i < stop; i += 2) sum += (buf[i] << 8) | buf[i + 1];
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  if (evenEnd < end) sum += buf[evenEnd] << 8;
  return fold(sum);
}

// Long ranges are summed 16 bits at a time in the machine's (little-endian) order through a
// Uint16Array view, then byte-swapped: RFC 1071 §2(B), the sum is byte-order independent.
// About twice as fast as the byte loop on a full-size segment.
const WIDE_MIN = 128;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function wideSum(buf: Uint8Array, start: number, end: number): number {
  const words = (end - start) >>> 1;
  const view = new Uint16Array(buf.buffer, buf.byteOffset + start, words);
  let sum = 0;
  for (let i = 0; i < words; i++) sum += view[i];
  // 32k words of 0xffff stay far below 2^53: one fold at the end is enough.
  sum = fold(sum);
  if (LITTLE_ENDIAN) sum = ((sum & 0xff) << 8) | (sum >>> 8);
  if ((end - start) & 1) sum += buf[end - 1] << 8;
  return sum;
}

/** Folds the carries and complements: the 16-bit value to put in a checksum field. */
export function finishChecksum(sum: number): number {
  return ~fold(sum) & 0xffff;
}

export function internetChecksum(buf: Uint8Array, start: number, end: number): number {
  return finishChecksum(onesComplementSum(buf, start, end));
}

/** Sum of the TCP/UDP pseudo-header (RFC 9293 §3.1, RFC 768): addresses, zero+protocol, length. */
export function pseudoHeaderSum(src: Ipv4, dst: Ipv4, protocol: number, length: number): number {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
}
