// Big-endian field access shared by the codecs (network byte order, RFC 1700). Direct byte
// reads and writes: no DataView is allocated on the per-packet path.

export function readU16(buf: Uint8Array, off: number): number {
  return (buf[off] << 8) | buf[off + 1];
}

export function readU32(buf: Uint8Array, off: number): number {
  return ((buf[off] << 24) | (buf[off + 1] << 16) | (buf[off + 2] << 8) | buf[off + 3]) >>> 0;
}

export function writeU16(buf: Uint8Array, off: number, value: number): void {
  buf[off] = value >>> 8;
  buf[off + 1] = value;
}

export function writeU32(buf: Uint8Array, off: number, value: number): void {
  buf[off] = value >>> 24;
  buf[off + 1] = value >>> 16;
  buf[off + 2] = value >>> 8;
  buf[off + 3] = value;
}

/**
 * Copies `src` to `dst[at..]`, unless it already lies there: a stack that emits the inner
 * layer straight into the frame buffer then passes that view as the outer layer's payload,
 * so each layer is written once.
 */
export function copyInto(src: Uint8Array, dst: Uint8Array, at: number): void {
  if (src.buffer === dst.buffer && src.byteOffset === dst.byteOffset + at) return;
  dst.set(src, at);
}

/** The caller's buffer must hold what an emit function is about to write (an invariant, not input). */
export function checkRoom(buf: Uint8Array, offset: number, length: number, what: string): void {
  if (offset < 0 || offset + length > buf.length) {
    throw new RangeError(`${what}: ${length} bytes do not fit at offset ${offset} of a ${buf.length}-byte buffer`);
  }
}
