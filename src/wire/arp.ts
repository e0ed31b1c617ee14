// ARP for IPv4 over Ethernet (RFC 826). Other hardware or protocol types are refused as
// 'unsupported': the simulated stack speaks nothing else.
import { readIpv4, readMac, writeIpv4, writeMac, type Ipv4, type Mac } from './addr.ts';
import { checkRoom, readU16, writeU16 } from './bytes.ts';
import { ETHERTYPE_IPV4 } from './ethernet.ts';
import { fail, ok, type Result } from './result.ts';

export const ARP_REQUEST = 1;
export const ARP_REPLY = 2;
/** 8 fixed bytes + 2 * (6-byte MAC + 4-byte IPv4). */
export const ARP_PACKET_LENGTH = 28;
const HTYPE_ETHERNET = 1;

export interface ArpPacket {
  op: number;
  senderMac: Mac;
  senderIp: Ipv4;
  targetMac: Mac;
  targetIp: Ipv4;
}

/** Bytes past the 28 of the packet (Ethernet padding to 60 bytes) are ignored. */
export function parseArp(bytes: Uint8Array, offset = 0): Result<ArpPacket> {
  if (offset < 0 || bytes.length - offset < ARP_PACKET_LENGTH) {
    return fail('truncated', `ARP packet needs 28 bytes, got ${Math.max(0, bytes.length - offset)}`, offset);
  }
  const htype = readU16(bytes, offset);
  const ptype = readU16(bytes, offset + 2);
  if (htype !== HTYPE_ETHERNET || ptype !== ETHERTYPE_IPV4) {
    return fail('unsupported', `ARP for hardware type ${htype}, protocol 0x${ptype.toString(16)}`, offset);
  }
  if (bytes[offset + 4] !== 6 || bytes[offset + 5] !== 4) {
    return fail('bad-length', `ARP address lengths ${bytes[offset + 4]}/${bytes[offset + 5]}, expected 6/4`, offset + 4);
  }
  return ok({
    op: readU16(bytes, offset + 6),
    senderMac: readMac(bytes, offset + 8),
    senderIp: readIpv4(bytes, offset + 14),
    targetMac: readMac(bytes, offset + 18),
    targetIp: readIpv4(bytes, offset + 24),
  });
}

export function arpHeaderLength(_packet?: ArpPacket): number {
  return ARP_PACKET_LENGTH;
}

export function emitArpInto(packet: ArpPacket, buf: Uint8Array, offset: number): number {
  checkRoom(buf, offset, ARP_PACKET_LENGTH, 'ARP packet');
  writeU16(buf, offset, HTYPE_ETHERNET);
  writeU16(buf, offset + 2, ETHERTYPE_IPV4);
  buf[offset + 4] = 6;
  buf[offset + 5] = 4;
  writeU16(buf, offset + 6, packet.op);
  writeMac(buf, offset + 8, packet.senderMac);
  writeIpv4(buf, offset + 14, packet.senderIp);
  writeMac(buf, offset + 18, packet.targetMac);
  writeIpv4(buf, offset + 24, packet.targetIp);
  return ARP_PACKET_LENGTH;
}

export function emitArp(packet: ArpPacket): Uint8Array {
  const buf = new Uint8Array(ARP_PACKET_LENGTH);
  emitArpInto(packet, buf, 0);
  return buf;
}
