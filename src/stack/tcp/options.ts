// TCP options as Linux lays them out (net/ipv4/tcp_output.c, tcp_options_write): the order and
// NOP padding are visible in every capture, so they are written byte for byte like Linux does.
//   SYN:      MSS, SACK_PERM, Timestamps, NOP, Window scale        (20 bytes: 40-byte header)
//   SYN-ACK:  the same, keeping only what the peer offered
//   others:   NOP, NOP, Timestamps (12 bytes), then NOP, NOP, SACK blocks when some are held
import type { TcpOption } from '../../wire/tcp.ts';

const OPT_NOP = 1;
const OPT_MSS = 2;
const OPT_WINDOW = 3;
const OPT_SACK_PERM = 4;
const OPT_SACK = 5;
const OPT_TIMESTAMP = 8;

/** RFC 7323 §2.3: a shift above 14 is treated as 14. */
const MAX_WSCALE = 14;

/** What a SYN or SYN-ACK offered (RFC 9293 §3.7.1, RFC 7323 §2-3, RFC 2018 §2). */
export interface SynOptions {
  mss: number | null;
  wscale: number | null;
  sackPermitted: boolean;
  tsval: number | null;
  tsecr: number;
}

export function readSynOptions(options: TcpOption[]): SynOptions {
  const out: SynOptions = { mss: null, wscale: null, sackPermitted: false, tsval: null, tsecr: 0 };
  for (const o of options) {
    switch (o.kind) {
      case 'mss':
        out.mss = o.value;
        break;
      case 'window-scale':
        out.wscale = Math.min(o.shift, MAX_WSCALE);
        break;
      case 'sack-permitted':
        out.sackPermitted = true;
        break;
      case 'timestamps':
        out.tsval = o.tsval;
        out.tsecr = o.tsecr;
        break;
    }
  }
  return out;
}

/** The Timestamps option of a segment, or null. */
export function findTimestamps(options: TcpOption[]): { tsval: number; tsecr: number } | null {
  for (let i = 0; i < options.length; i++) {
    const o = options[i];
    if (o.kind === 'timestamps') return o;
  }
  return null;
}

/** What we put in a SYN or SYN-ACK. `wscale` < 0 leaves Window scale out. */
export interface SynOffer {
  mss: number;
  sack: boolean;
  ts: boolean;
  tsval: number;
  tsecr: number;
  wscale: number;
}

export function synOptionsLength(o: SynOffer): number {
  return 4 + (o.ts ? 12 : o.sack ? 4 : 0) + (o.wscale >= 0 ? 4 : 0);
}

function u32(buf: Uint8Array, off: number, v: number): void {
  buf[off] = v >>> 24;
  buf[off + 1] = (v >>> 16) & 0xff;
  buf[off + 2] = (v >>> 8) & 0xff;
  buf[off + 3] = v & 0xff;
}

/** Writes the SYN options in Linux's order; returns the bytes written (a multiple of 4). */
export function writeSynOptions(buf: Uint8Array, off: number, o: SynOffer): number {
  const start = off;
  buf[off++] = OPT_MSS;
  buf[off++] = 4;
  buf[off++] = o.mss >>> 8;
  buf[off++] = o.mss & 0xff;
  if (o.ts) {
    if (o.sack) {
      buf[off++] = OPT_SACK_PERM;
      buf[off++] = 2;
    } else {
      buf[off++] = OPT_NOP;
      buf[off++] = OPT_NOP;
    }
    buf[off++] = OPT_TIMESTAMP;
    buf[off++] = 10;
    u32(buf, off, o.tsval);
    u32(buf, off + 4, o.tsecr);
    off += 8;
  } else if (o.sack) {
    buf[off++] = OPT_NOP;
    buf[off++] = OPT_NOP;
    buf[off++] = OPT_SACK_PERM;
    buf[off++] = 2;
  }
  if (o.wscale >= 0) {
    buf[off++] = OPT_NOP;
    buf[off++] = OPT_WINDOW;
    buf[off++] = 3;
    buf[off++] = o.wscale;
  }
  return off - start;
}

/** NOP, NOP, Timestamps: 12 bytes (RFC 7323 Appendix A). */
export function writeTimestamps(buf: Uint8Array, off: number, tsval: number, tsecr: number): number {
  buf[off] = OPT_NOP;
  buf[off + 1] = OPT_NOP;
  buf[off + 2] = OPT_TIMESTAMP;
  buf[off + 3] = 10;
  u32(buf, off + 4, tsval);
  u32(buf, off + 8, tsecr);
  return 12;
}

export function sackOptionLength(blocks: number): number {
  return blocks === 0 ? 0 : 4 + 8 * blocks;
}

/** NOP, NOP, SACK with its blocks (RFC 2018 §3). */
export function writeSack(buf: Uint8Array, off: number, blocks: ReadonlyArray<readonly [number, number]>): number {
  if (blocks.length === 0) return 0;
  buf[off] = OPT_NOP;
  buf[off + 1] = OPT_NOP;
  buf[off + 2] = OPT_SACK;
  buf[off + 3] = 2 + 8 * blocks.length;
  let p = off + 4;
  for (const [left, right] of blocks) {
    u32(buf, p, left);
    u32(buf, p + 4, right);
    p += 8;
  }
  return p - off;
}
