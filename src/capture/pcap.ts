// Classic libpcap files ("tcpdump format", draft-ietf-opsawg-pcap), written little-endian.
// Wireshark, tshark and tcpdump all read it; it has a single link type and no interface names
// (pcapng.ts keeps those).
import { exported, exportFailed, type ExportResult } from './export-result.ts';
import { absoluteTimeNs, DEFAULT_EPOCH_NS, inTimeOrder, LINKTYPE_ETHERNET, type CapturedFrame } from './record.ts';

export interface PcapOptions {
  /** Nanosecond timestamps (magic 0xa1b23c4d); false = microseconds (0xa1b2c3d4). Default true. */
  nanosecond?: boolean;
  /** Longest captured length per frame; longer frames are cut (orig_len keeps the truth). Default 262144. */
  snaplen?: number;
  /** Wall date of virtual time 0 in ns since 1970; default DEFAULT_EPOCH_NS (record.ts). */
  epochNs?: bigint;
}

export const PCAP_MAGIC_MICROSECONDS = 0xa1b2c3d4;
export const PCAP_MAGIC_NANOSECONDS = 0xa1b23c4d;
export const DEFAULT_SNAPLEN = 262144; // what tcpdump and dumpcap use

const FILE_HEADER_LEN = 24;
const RECORD_HEADER_LEN = 16;
const U32_LIMIT = 0x1_0000_0000n;

/**
 * The frames as a pcap file, in time order. Fails when the frames use more than one link type
 * (pcap has one per file: export as pcapng instead) or a timestamp does not fit.
 */
export function writePcap(frames: readonly CapturedFrame[], opts: PcapOptions = {}): ExportResult<Uint8Array> {
  const nanosecond = opts.nanosecond ?? true;
  const snaplen = opts.snaplen ?? DEFAULT_SNAPLEN;
  const epochNs = opts.epochNs ?? DEFAULT_EPOCH_NS;
  if (!Number.isInteger(snaplen) || snaplen < 1 || snaplen > 0xffffffff) {
    return exportFailed('bad-option', `snaplen must be an integer from 1 to 4294967295, got ${snaplen}`);
  }
  const linktype = frames.length > 0 ? frames[0].linktype : LINKTYPE_ETHERNET;
  const other = frames.find((f) => f.linktype !== linktype);
  if (other !== undefined) {
    return exportFailed(
      'mixed-linktype',
      `pcap holds one link type per file, these frames have ${linktype} and ${other.linktype}: export as pcapng`,
    );
  }

  const ordered = inTimeOrder(frames);
  let size = FILE_HEADER_LEN;
  for (const f of ordered) size += RECORD_HEADER_LEN + Math.min(f.bytes.length, snaplen);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);

  view.setUint32(0, nanosecond ? PCAP_MAGIC_NANOSECONDS : PCAP_MAGIC_MICROSECONDS, true);
  view.setUint16(4, 2, true); // version 2.4
  view.setUint16(6, 4, true);
  view.setInt32(8, 0, true); // thiszone: timestamps are UTC
  view.setUint32(12, 0, true); // sigfigs: always 0
  view.setUint32(16, snaplen, true);
  view.setUint32(20, linktype, true);

  const unitsPerSecond = nanosecond ? 1_000_000_000n : 1_000_000n;
  let at = FILE_HEADER_LEN;
  for (const f of ordered) {
    const abs = absoluteTimeNs(epochNs, f.time);
    const units = nanosecond ? abs : abs / 1000n; // microseconds truncate, as libpcap does
    const seconds = units / unitsPerSecond;
    if (abs < 0n || seconds >= U32_LIMIT) {
      return exportFailed('bad-time', `frame at ${f.time} ns falls outside the pcap time range (1970-2106)`);
    }
    const caplen = Math.min(f.bytes.length, snaplen);
    view.setUint32(at, Number(seconds), true);
    view.setUint32(at + 4, Number(units % unitsPerSecond), true);
    view.setUint32(at + 8, caplen, true);
    view.setUint32(at + 12, f.bytes.length, true);
    out.set(caplen === f.bytes.length ? f.bytes : f.bytes.subarray(0, caplen), at + RECORD_HEADER_LEN);
    at += RECORD_HEADER_LEN + caplen;
  }
  return exported(out);
}
