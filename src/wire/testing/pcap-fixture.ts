// Test helper: the frames of a classic libpcap file (the fidelity captures of real Debian). Pure
// bytes in, views out; the tests read the file with node:fs. Not used outside tests.
import { finishChecksum, onesComplementSum } from '../checksum.ts';

export const LINKTYPE_ETHERNET = 1;

/** The fidelity captures, under /work/shared/fidelity/pcap (see its README). */
export const FIDELITY_PCAPS = [
  'ping_arp_eth0.pcap',
  'dns_local_lo.pcap',
  'smtp_local_lo.pcap',
  'pop3_local_lo.pcap',
  'popa3d_local_lo.pcap',
  'imap_local_lo.pcap',
] as const;

export interface PcapFile {
  linkType: number;
  /** Captured bytes of each record, as views into the file. */
  frames: Uint8Array[];
}

/** 24-byte global header, then records of a 16-byte header and the captured bytes. */
export function readPcap(file: Uint8Array): PcapFile {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const magic = view.getUint32(0, true);
  let little: boolean;
  if (magic === 0xa1b2c3d4) little = true;
  else if (magic === 0xd4c3b2a1) little = false;
  else throw new Error(`not a microsecond libpcap file (magic 0x${magic.toString(16)})`);
  const linkType = view.getUint32(20, little);
  const frames: Uint8Array[] = [];
  let at = 24;
  while (at < file.length) {
    if (at + 16 > file.length) throw new Error(`pcap record header cut at byte ${at}`);
    const captured = view.getUint32(at + 8, little);
    const original = view.getUint32(at + 12, little);
    if (captured !== original) throw new Error(`pcap record at byte ${at} was truncated by the snap length`);
    if (at + 16 + captured > file.length) throw new Error(`pcap record at byte ${at} cut short`);
    frames.push(file.subarray(at + 16, at + 16 + captured));
    at += 16 + captured;
  }
  return { linkType, frames };
}

/**
 * Linux hands loopback packets over with CHECKSUM_PARTIAL: the TCP/UDP checksum field holds
 * only the folded pseudo-header sum, and tcpdump captures it so. Finishing the sum over the
 * segment, as a NIC with checksum offload would, gives the checksum a real wire would carry.
 * Returns a copy of the frame; `at` is the offset of the checksum field, `start` of the segment.
 */
export function completePartialChecksum(frame: Uint8Array, start: number, at: number, udp: boolean): Uint8Array {
  const copy = frame.slice();
  let checksum = finishChecksum(onesComplementSum(copy, start, copy.length));
  if (udp && checksum === 0) checksum = 0xffff;
  copy[at] = checksum >>> 8;
  copy[at + 1] = checksum & 0xff;
  return copy;
}
