// pcapng files (draft-ietf-opsawg-pcapng), written little-endian: one Section Header Block, one
// Interface Description Block per captured HOST:IFACE (named, so Wireshark shows which machine
// saw each frame), then one Enhanced Packet Block per frame with nanosecond timestamps.
import { exported, exportFailed, type ExportResult } from './export-result.ts';
import { absoluteTimeNs, DEFAULT_EPOCH_NS, inTimeOrder, interfaceKey, type CapturedFrame } from './record.ts';
import { DEFAULT_SNAPLEN } from './pcap.ts';

export interface PcapngOptions {
  /** Wall date of virtual time 0 in ns since 1970; default DEFAULT_EPOCH_NS (record.ts). */
  epochNs?: bigint;
  /** shb_userappl, the program that wrote the file; default "netsim". */
  application?: string;
  /** Longest captured length per frame (IDB SnapLen); default 262144. */
  snaplen?: number;
}

// Block types (section 4 and 11.1 of the draft).
export const BLOCK_SECTION_HEADER = 0x0a0d0d0a;
export const BLOCK_INTERFACE_DESCRIPTION = 0x00000001;
export const BLOCK_ENHANCED_PACKET = 0x00000006;
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

// Option codes (section 3.5, 4.1, 4.2).
const OPT_ENDOFOPT = 0;
const SHB_USERAPPL = 4;
const IF_NAME = 2;
const IF_TSRESOL = 9;
/** if_tsresol value: most significant bit 0 = a power of ten, 10^-9 s = nanoseconds. */
const TSRESOL_NANOSECONDS = 9;

const U64_LIMIT = 1n << 64n;
const encoder = new TextEncoder();

function pad4(n: number): number {
  return (n + 3) & ~3;
}

type Option = readonly [code: number, value: Uint8Array];

/** Options, each padded to 32 bits, ended by opt_endofopt; nothing at all when there are none. */
function optionsBytes(options: readonly Option[]): Uint8Array {
  if (options.length === 0) return new Uint8Array(0);
  let size = 4; // opt_endofopt
  for (const [, value] of options) size += 4 + pad4(value.length);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const [code, value] of options) {
    view.setUint16(at, code, true);
    view.setUint16(at + 2, value.length, true);
    out.set(value, at + 4);
    at += 4 + pad4(value.length);
  }
  view.setUint16(at, OPT_ENDOFOPT, true);
  view.setUint16(at + 2, 0, true);
  return out;
}

/** Block = type, total length, body (a multiple of 4 bytes), total length again (for backward reading). */
function block(type: number, fixed: Uint8Array, tail: Uint8Array): Uint8Array {
  const total = 12 + fixed.length + tail.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, total, true);
  out.set(fixed, 8);
  out.set(tail, 8 + fixed.length);
  view.setUint32(total - 4, total, true);
  return out;
}

function sectionHeader(application: string): Uint8Array {
  const fixed = new Uint8Array(16);
  const view = new DataView(fixed.buffer);
  view.setUint32(0, BYTE_ORDER_MAGIC, true);
  view.setUint16(4, 1, true); // version 1.0
  view.setUint16(6, 0, true);
  view.setBigInt64(8, -1n, true); // section length not given: readers scan blocks
  return block(BLOCK_SECTION_HEADER, fixed, optionsBytes([[SHB_USERAPPL, encoder.encode(application)]]));
}

function interfaceDescription(name: string, linktype: number, snaplen: number): Uint8Array {
  const fixed = new Uint8Array(8);
  const view = new DataView(fixed.buffer);
  view.setUint16(0, linktype, true);
  view.setUint16(2, 0, true); // reserved
  view.setUint32(4, snaplen, true);
  const opts = optionsBytes([
    [IF_NAME, encoder.encode(name)],
    [IF_TSRESOL, Uint8Array.of(TSRESOL_NANOSECONDS)],
  ]);
  return block(BLOCK_INTERFACE_DESCRIPTION, fixed, opts);
}

function enhancedPacket(interfaceId: number, timestamp: bigint, bytes: Uint8Array, snaplen: number): Uint8Array {
  const caplen = Math.min(bytes.length, snaplen);
  const fixed = new Uint8Array(20 + pad4(caplen)); // packet data padded to 32 bits; no options
  const view = new DataView(fixed.buffer);
  view.setUint32(0, interfaceId, true);
  view.setUint32(4, Number(timestamp >> 32n), true); // timestamp in if_tsresol units, high word first
  view.setUint32(8, Number(timestamp & 0xffffffffn), true);
  view.setUint32(12, caplen, true);
  view.setUint32(16, bytes.length, true);
  fixed.set(caplen === bytes.length ? bytes : bytes.subarray(0, caplen), 20);
  return block(BLOCK_ENHANCED_PACKET, fixed, new Uint8Array(0));
}

/**
 * The frames as a pcapng file, in time order. Interfaces are numbered in order of first
 * appearance; a HOST:IFACE whose frames use two link types gets one interface per link type.
 */
export function writePcapng(frames: readonly CapturedFrame[], opts: PcapngOptions = {}): ExportResult<Uint8Array> {
  const epochNs = opts.epochNs ?? DEFAULT_EPOCH_NS;
  const snaplen = opts.snaplen ?? DEFAULT_SNAPLEN;
  if (!Number.isInteger(snaplen) || snaplen < 1 || snaplen > 0xffffffff) {
    return exportFailed('bad-option', `snaplen must be an integer from 1 to 4294967295, got ${snaplen}`);
  }
  const ordered = inTimeOrder(frames);
  const blocks: Uint8Array[] = [sectionHeader(opts.application ?? 'netsim')];
  const packets: Uint8Array[] = [];
  const ids = new Map<string, number>();
  for (const f of ordered) {
    const name = interfaceKey(f);
    const key = `${name}\u0000${f.linktype}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
      blocks.push(interfaceDescription(name, f.linktype, snaplen));
    }
    const ts = absoluteTimeNs(epochNs, f.time);
    if (ts < 0n || ts >= U64_LIMIT) {
      return exportFailed('bad-time', `frame at ${f.time} ns falls before 1970 or past the pcapng time range`);
    }
    packets.push(enhancedPacket(id, ts, f.bytes, snaplen));
  }
  let size = 0;
  for (const b of blocks) size += b.length;
  for (const b of packets) size += b.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  for (const b of packets) {
    out.set(b, at);
    at += b.length;
  }
  return exported(out);
}
