// Outgoing frames are carved from shared slabs instead of one ArrayBuffer each: allocating a
// fresh 1.5 KB backing store per frame (malloc + zero fill) was the largest cost of a bulk TCP
// transfer. A frame is a view of exactly its bytes, never written again once sent, so views may
// share a slab; a slab is freed when the last frame on it (e.g. in a capture) is gone.
const SLAB_BYTES = 256 * 1024;
// Bigger frames (lo carries up to 64 KB) get their own buffer.
const MAX_SLAB_FRAME = 16 * 1024;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

/** A zero-filled byte array of `length` bytes for a new frame. */
export function allocateFrame(length: number): Uint8Array {
  if (length > MAX_SLAB_FRAME) return new Uint8Array(length);
  if (used + length > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const frame = new Uint8Array(slab, used, length);
  // Keep every frame 8-byte aligned so typed views over headers stay cheap.
  used += (length + 7) & ~7;
  return frame;
}
