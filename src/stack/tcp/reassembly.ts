// Out-of-order segments waiting for the hole before them to be filled (RFC 9293 §3.10.7.4,
// "segment text"; RFC 5681 §4.2 asks for an immediate ACK both when one arrives and when the hole
// closes). Pieces are kept sorted and non-overlapping; their ranges are also what the SACK option
// reports (RFC 2018 §4).
import { seqGe, seqGt, seqLe, seqLt } from '../../wire/tcp.ts';

interface Piece {
  seq: number;
  end: number; // seq + data.length (mod 2^32)
  data: Uint8Array;
}

export class Reassembly {
  private pieces: Piece[] = [];
  /** Sequence number of a FIN that arrived before the data in front of it, or -1. */
  finSeq = -1;
  /** Bytes held (counted against the receive window). */
  bytes = 0;
  /** Start of the piece stored last: its range leads the SACK blocks (RFC 2018 §4). */
  private lastSeq = 0;

  get empty(): boolean {
    return this.pieces.length === 0 && this.finSeq === -1;
  }

  /** Stores `data` (copied) at `seq`, skipping bytes already held. */
  insert(seq: number, data: Uint8Array, fin: boolean): void {
    const end = (seq + data.length) >>> 0;
    if (fin) this.finSeq = end;
    if (data.length === 0) return;
    this.lastSeq = seq;
    const pieces = this.pieces;
    let s = seq;
    let i = 0;
    while (i < pieces.length && seqLt(s, end)) {
      const p = pieces[i];
      if (seqLe(end, p.seq)) break;
      if (seqGe(s, p.end)) {
        i++;
        continue;
      }
      if (seqLt(s, p.seq)) {
        this.add(i, s, data.subarray((s - seq) >>> 0, (p.seq - seq) >>> 0));
        i++;
      }
      s = p.end;
      i++;
    }
    if (seqLt(s, end)) this.add(i, s, data.subarray((s - seq) >>> 0));
  }

  private add(index: number, seq: number, view: Uint8Array): void {
    const data = view.slice();
    this.pieces.splice(index, 0, { seq, end: (seq + data.length) >>> 0, data });
    this.bytes += data.length;
  }

  /**
   * The next bytes that continue `rcvNxt`, removed from the queue, or null when the hole is still
   * open. Bytes before `rcvNxt` (already received) are dropped.
   */
  shift(rcvNxt: number): Uint8Array | null {
    const pieces = this.pieces;
    while (pieces.length > 0) {
      const p = pieces[0];
      if (seqGt(p.seq, rcvNxt)) return null;
      pieces.shift();
      this.bytes -= p.data.length;
      if (seqLe(p.end, rcvNxt)) continue;
      return p.data.subarray((rcvNxt - p.seq) >>> 0);
    }
    return null;
  }

  /** Contiguous ranges held, the one holding the latest arrival first, at most `max` (RFC 2018 §4). */
  sackBlocks(max: number): Array<[number, number]> {
    const ranges: Array<[number, number]> = [];
    for (const p of this.pieces) {
      const last = ranges[ranges.length - 1];
      if (last !== undefined && last[1] === p.seq) last[1] = p.end;
      else ranges.push([p.seq, p.end]);
    }
    const first = ranges.findIndex(([a, b]) => seqLe(a, this.lastSeq) && seqLt(this.lastSeq, b));
    if (first > 0) ranges.unshift(ranges.splice(first, 1)[0]);
    return ranges.slice(0, max);
  }

  clear(): void {
    this.pieces.length = 0;
    this.bytes = 0;
    this.finSeq = -1;
  }
}
