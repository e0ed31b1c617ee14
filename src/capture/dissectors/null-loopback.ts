// BSD loopback captures: a 4-byte address family before the IP packet, in the capturing
// machine's byte order for LINKTYPE_NULL (Wireshark guesses it: a family fits in 16 bits) and
// in network order for LINKTYPE_LOOP (OpenBSD), as packet-null.c reads them.
import { markMalformed, type Packet } from './packet.ts';
import { add, item } from './tree.ts';

export const LINKTYPE_NULL = 0;
export const LINKTYPE_LOOP = 108;

/** BSD AF_* values; the IPv6 one differs between the BSDs (24, 28, 30). */
const FAMILIES: ReadonlyMap<number, string> = new Map([
  [2, 'IP'],
  [7, 'OSI'],
  [23, 'IPX'],
  [24, 'IPv6'],
  [28, 'IPv6'],
  [30, 'IPv6'],
]);

function dissectLoopback(packet: Packet, offset: number, end: number, networkOrder: boolean): number {
  const b = packet.bytes;
  packet.layers.push('null');
  packet.cols.protocol = 'NULL';
  if (end - offset < 4) {
    packet.tree.push(item('Null/Loopback', offset, end - offset, 'null'));
    markMalformed(packet, 'NULL', offset);
    return end - offset;
  }
  const big = ((b[offset] << 24) | (b[offset + 1] << 16) | (b[offset + 2] << 8) | b[offset + 3]) >>> 0;
  const little = ((b[offset + 3] << 24) | (b[offset + 2] << 16) | (b[offset + 1] << 8) | b[offset]) >>> 0;
  const family = networkOrder ? big : (little & 0xffff0000) === 0 ? little : big;
  const node = item('Null/Loopback', offset, 4, 'null');
  packet.tree.push(node);
  const name = FAMILIES.get(family);
  add(node, item(`Family: ${name ?? 'Unknown'} (${family})`, offset, 4, 'null.family', family));
  const start = offset + 4;
  const next =
    name === 'IP' ? packet.tables.ethertype.get(0x0800) : name === 'IPv6' ? packet.tables.ethertype.get(0x86dd) : undefined;
  if (next === undefined) {
    // No dissector takes the payload: tshark leaves the address columns unset.
    packet.tables.data(packet, start, end);
    packet.cols.source = packet.cols.destination = packet.cols.protocol = 'N/A';
    packet.cols.info = 'Null/Loopback';
    return end - offset;
  }
  next(packet, start, end);
  return end - offset;
}

export function dissectNull(packet: Packet, offset: number, end: number): number {
  return dissectLoopback(packet, offset, end, false);
}

export function dissectLoop(packet: Packet, offset: number, end: number): number {
  return dissectLoopback(packet, offset, end, true);
}
