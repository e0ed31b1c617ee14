// The addresses Wireshark's conversation and endpoint taps receive for one frame, read from its
// bytes: the link layer's MACs (Ethernet only), the outer IPv4 header, and UDP/TCP ports of an
// unfragmented packet. Quoted headers inside ICMP errors are not counted, as taps skip them.
import { formatIpv4, readMac } from '../../wire/addr.ts';
import type { FrameInput } from '../dissect-capture.ts';
import { resolveMac } from '../dissectors/oui.ts';

export interface FrameAddresses {
  readonly timeNs: bigint;
  /** Length on the wire: what byte counts add up. */
  readonly length: number;
  readonly eth?: { readonly src: string; readonly dst: string };
  readonly ip?: { readonly src: string; readonly dst: string };
  readonly udp?: { readonly src: number; readonly dst: number };
  readonly tcp?: { readonly src: number; readonly dst: number };
}

/** Where the IPv4 header starts for each link type, or -1 when the frame carries no IPv4. */
function ipv4Offset(f: FrameInput): number {
  const b = f.bytes;
  const be16 = (i: number): number => (i + 1 < b.length ? (b[i] << 8) | b[i + 1] : -1);
  switch (f.linktype) {
    case 1:
      return be16(12) === 0x0800 ? 14 : -1;
    case 113:
      return be16(14) === 0x0800 ? 16 : -1;
    case 276:
      return be16(0) === 0x0800 ? 20 : -1;
    case 0:
    case 108: {
      if (b.length < 4) return -1;
      const family = f.linktype === 108 || b[0] === 0 ? be16(2) : b[0] | (b[1] << 8);
      return family === 2 ? 4 : -1;
    }
    default:
      return -1;
  }
}

export function frameAddresses(f: FrameInput): FrameAddresses {
  const b = f.bytes;
  const base = { timeNs: f.timeNs, length: f.origLen ?? b.length };
  let eth: FrameAddresses['eth'];
  if (f.linktype === 1 && b.length >= 14) {
    eth = { src: resolveMac(readMac(b, 6)), dst: resolveMac(readMac(b, 0)) };
  }
  const at = ipv4Offset(f);
  if (at < 0 || b.length < at + 20 || b[at] >> 4 !== 4) return { ...base, eth };
  const ihl = (b[at] & 15) * 4;
  const ip = { src: formatIpv4(((b[at + 12] << 24) | (b[at + 13] << 16) | (b[at + 14] << 8) | b[at + 15]) >>> 0), dst: formatIpv4(((b[at + 16] << 24) | (b[at + 17] << 16) | (b[at + 18] << 8) | b[at + 19]) >>> 0) };
  const fragment = (((b[at + 6] << 8) | b[at + 7]) & 0x1fff) !== 0;
  const t = at + ihl;
  if (fragment || ihl < 20 || b.length < t + 4) return { ...base, eth, ip };
  const ports = { src: (b[t] << 8) | b[t + 1], dst: (b[t + 2] << 8) | b[t + 3] };
  const proto = b[at + 9];
  if (proto === 17 && b.length >= t + 8) return { ...base, eth, ip, udp: ports };
  if (proto === 6 && b.length >= t + 20) return { ...base, eth, ip, tcp: ports };
  return { ...base, eth, ip };
}
