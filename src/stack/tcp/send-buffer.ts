// The send queue: bytes the application wrote that the peer has not acknowledged yet (sent or
// not). A list of chunks, never one growing array: appending is O(1), acknowledging drops whole
// chunks, and a cursor remembers where the next new segment starts so sending a segment does
// not walk the queue from its head (only retransmissions do).

export class SendBuffer {
  private chunks: Uint8Array[] = [];
  /** Index of the first chunk still holding unacknowledged bytes. */
  private head = 0;
  /** Bytes of chunks[head] already acknowledged. */
  private headOff = 0;
  /** Bytes held: from the first unacknowledged byte to the end. */
  length = 0;
  // Read cursor: offset `curPos` (from the first held byte) is byte `curOff` of chunks[curIdx].
  private curPos = -1;
  private curIdx = 0;
  private curOff = 0;

  /** Appends bytes the caller hands over (the caller must not modify them afterwards). */
  push(data: Uint8Array): void {
    if (data.length === 0) return;
    this.chunks.push(data);
    this.length += data.length;
  }

  /** Drops `n` bytes from the front (they were acknowledged). */
  consume(n: number): void {
    if (n <= 0) return;
    if (n > this.length) throw new RangeError(`SendBuffer.consume(${n}) with ${this.length} held`);
    this.length -= n;
    if (this.curPos >= 0) this.curPos = this.curPos >= n ? this.curPos - n : -1;
    const chunks = this.chunks;
    while (n > 0) {
      const left = chunks[this.head].length - this.headOff;
      if (n < left) {
        this.headOff += n;
        break;
      }
      n -= left;
      this.head++;
      this.headOff = 0;
    }
    if (this.length === 0) {
      chunks.length = 0;
      this.head = 0;
      this.headOff = 0;
      this.curPos = -1;
    } else if (this.head >= 64 && this.head * 2 >= chunks.length) {
      // Compact now and then so the array does not grow without bound (no shift() per ACK).
      const dropped = this.head;
      chunks.splice(0, dropped);
      this.head = 0;
      this.curIdx -= dropped;
      if (this.curIdx < 0) this.curPos = -1;
    }
  }

  /** Copies `len` bytes starting `offset` bytes after the first held byte into `dst` at `dstOff`. */
  copyOut(offset: number, len: number, dst: Uint8Array, dstOff: number): void {
    if (offset < 0 || offset + len > this.length) {
      throw new RangeError(`SendBuffer.copyOut(${offset}, ${len}) with ${this.length} held`);
    }
    const chunks = this.chunks;
    let idx: number;
    let off: number;
    if (this.curPos === offset) {
      idx = this.curIdx;
      off = this.curOff;
    } else {
      // Walk from the head (a retransmission, or the cursor was invalidated).
      idx = this.head;
      off = this.headOff;
      let skip = offset;
      while (skip > 0) {
        const left = chunks[idx].length - off;
        if (skip < left) {
          off += skip;
          break;
        }
        skip -= left;
        idx++;
        off = 0;
      }
    }
    let remaining = len;
    while (remaining > 0) {
      const chunk = chunks[idx];
      const take = Math.min(remaining, chunk.length - off);
      dst.set(off === 0 && take === chunk.length ? chunk : chunk.subarray(off, off + take), dstOff);
      dstOff += take;
      remaining -= take;
      off += take;
      if (off === chunk.length) {
        idx++;
        off = 0;
      }
    }
    this.curPos = offset + len;
    this.curIdx = idx;
    this.curOff = off;
  }
}
