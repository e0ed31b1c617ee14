// Linux "cooked" captures (tcpdump -i any, or a capture on lo from some tools): a pseudo
// header in place of Ethernet's, v1 (LINKTYPE_LINUX_SLL, 16 bytes) and v2 (LINKTYPE_LINUX_SLL2,
// 20 bytes), as packet-sll.c shows them; the protocol field hands off through the ethertype table.
import { readMac } from '../../wire/addr.ts';
import { markMalformed, type Packet } from './packet.ts';
import { macWithRaw, resolveMac } from './oui.ts';
import { hexString } from './ethernet.ts';
import { add, hex, item, type ProtoTree } from './tree.ts';

export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_LINUX_SLL2 = 276;

const PACKET_TYPES = ['Unicast to us', 'Broadcast', 'Multicast', 'Unicast to another host', 'Sent by us'];
/** ARPHRD_* values (linux/if_arp.h) that captures carry. */
const HA_TYPES: ReadonlyMap<number, string> = new Map([
  [1, 'Ethernet'],
  [772, 'Loopback'],
  [776, 'IPv6-in-IPv4'],
  [778, 'GRE over IP'],
  [65534, 'None'],
]);
const ETHERTYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x0800, 'IPv4'],
  [0x0806, 'ARP'],
  [0x86dd, 'IPv6'],
]);

function packetType(t: number): string {
  return `${PACKET_TYPES[t] ?? 'Unknown'} (${t})`;
}

function haType(t: number): string {
  return `${HA_TYPES.get(t) ?? 'Unknown'} (${t})`;
}

/** The link-layer address: a MAC when it has six bytes, else its bytes in hex. */
function sourceItem(packet: Packet, at: number, halen: number): ProtoTree {
  const b = packet.bytes;
  if (halen === 6) {
    const mac = readMac(b, at);
    packet.cols.source = resolveMac(mac);
    return item(`Source: ${macWithRaw(mac)}`, at, 6, 'sll.src.eth', mac);
  }
  const len = Math.min(halen, 8);
  return item(`Source: ${hexString(b.subarray(at, at + len))}`, at, len, 'sll.src.other', b.slice(at, at + len));
}

/** The 8-byte address field's unused tail ("Unused: 0000" after a MAC). */
function unusedItem(b: Uint8Array, at: number, halen: number): ProtoTree | null {
  const used = Math.min(halen, 8);
  if (used >= 8) return null;
  const tail = b.subarray(at + used, at + 8);
  return item(`Unused: ${hexString(tail)}`, at + used, 8 - used, 'sll.unused', tail);
}

function handOff(packet: Packet, etype: number, start: number, end: number): void {
  packet.layers.push('ethertype');
  const next = packet.tables.ethertype.get(etype) ?? packet.tables.data;
  next(packet, start, end);
}

export function dissectLinuxSll(packet: Packet, offset: number, end: number): number {
  const b = packet.bytes;
  packet.layers.push('sll');
  packet.cols.protocol = 'SLL';
  if (end - offset >= 2) packet.cols.info = PACKET_TYPES[(b[offset] << 8) | b[offset + 1]] ?? 'Unknown';
  if (end - offset < 16) {
    const node = item('Linux cooked capture v1', offset, end - offset, 'sll');
    packet.tree.push(node);
    // The fields that fit are shown before the exception, as Wireshark adds them one by one.
    const fits = (at: number): boolean => offset + at + 2 <= end;
    const u16 = (i: number): number => (b[offset + i] << 8) | b[offset + i + 1];
    if (fits(0)) add(node, item(`Packet type: ${packetType(u16(0))}`, offset, 2, 'sll.pkttype', u16(0)));
    if (fits(2)) add(node, item(`Link-layer address type: ${haType(u16(2))}`, offset + 2, 2, 'sll.hatype', u16(2)));
    if (fits(4)) add(node, item(`Link-layer address length: ${u16(4)}`, offset + 4, 2, 'sll.halen', u16(4)));
    const info = packet.cols.info;
    markMalformed(packet, 'SLL', offset);
    packet.cols.info = info + '[Malformed Packet]'; // no separator after the packet type (tshark)
    return end - offset;
  }
  const u16 = (i: number): number => (b[offset + i] << 8) | b[offset + i + 1];
  const pkttype = u16(0);
  const hatype = u16(2);
  const halen = u16(4);
  const etype = u16(14);
  const node = item('Linux cooked capture v1', offset, 16, 'sll');
  packet.tree.push(node);
  add(node, item(`Packet type: ${packetType(pkttype)}`, offset, 2, 'sll.pkttype', pkttype));
  add(node, item(`Link-layer address type: ${haType(hatype)}`, offset + 2, 2, 'sll.hatype', hatype));
  add(node, item(`Link-layer address length: ${halen}`, offset + 4, 2, 'sll.halen', halen));
  add(node, sourceItem(packet, offset + 6, halen));
  const unused = unusedItem(b, offset + 6, halen);
  if (unused !== null) add(node, unused);
  add(node, item(`Protocol: ${ETHERTYPE_NAMES.get(etype) ?? 'Unknown'} (${hex(etype, 4)})`, offset + 14, 2, 'sll.etype', etype));
  handOff(packet, etype, offset + 16, end);
  return end - offset;
}

export function dissectLinuxSll2(packet: Packet, offset: number, end: number): number {
  const b = packet.bytes;
  packet.layers.push('sll');
  packet.cols.protocol = 'SLL';
  if (end - offset >= 11) packet.cols.info = PACKET_TYPES[b[offset + 10]] ?? 'Unknown';
  if (end - offset < 20) {
    packet.tree.push(item('Linux cooked capture v2', offset, end - offset, 'sll'));
    const info = packet.cols.info;
    markMalformed(packet, 'SLL', offset);
    packet.cols.info = info + '[Malformed Packet]';
    return end - offset;
  }
  const u16 = (i: number): number => (b[offset + i] << 8) | b[offset + i + 1];
  const etype = u16(0);
  const ifindex = ((u16(4) << 16) | u16(6)) >>> 0;
  const hatype = u16(8);
  const pkttype = b[offset + 10];
  const halen = b[offset + 11];
  const node = item('Linux cooked capture v2', offset, 20, 'sll');
  packet.tree.push(node);
  add(node, item(`Protocol: ${ETHERTYPE_NAMES.get(etype) ?? 'Unknown'} (${hex(etype, 4)})`, offset, 2, 'sll.etype', etype));
  add(node, item(`Interface index: ${ifindex}`, offset + 4, 4, 'sll.ifindex', ifindex));
  add(node, item(`Link-layer address type: ${haType(hatype)}`, offset + 8, 2, 'sll.hatype', hatype));
  add(node, item(`Packet type: ${packetType(pkttype)}`, offset + 10, 1, 'sll.pkttype', pkttype));
  add(node, item(`Link-layer address length: ${halen}`, offset + 11, 1, 'sll.halen', halen));
  add(node, sourceItem(packet, offset + 12, halen));
  const unused = unusedItem(b, offset + 12, halen);
  if (unused !== null) add(node, unused);
  handOff(packet, etype, offset + 20, end);
  return end - offset;
}
