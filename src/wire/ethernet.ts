// Ethernet II frames (IEEE 802.3 with an EtherType, RFC 894). Frames here carry no preamble and
// no FCS, as in a pcap with link type 1; a short frame keeps whatever padding its sender put in
// the payload, and the IPv4 parser drops it by total length.
import { readMac, writeMac, type Mac } from './addr.ts';
import { checkRoom, copyInto, readU16, writeU16 } from './bytes.ts';
import { fail, ok, type Result } from './result.ts';

export const ETHERNET_HEADER_LENGTH = 14;
export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_IPV6 = 0x86dd;

export interface EthernetFrame {
  dst: Mac;
  src: Mac;
  /** Values below 0x0600 are IEEE 802.3 lengths, not types; callers simply find no handler for them. */
  ethertype: number;
  payload: Uint8Array;
}

export function parseEthernet(bytes: Uint8Array, offset = 0): Result<EthernetFrame> {
  if (offset < 0 || bytes.length - offset < ETHERNET_HEADER_LENGTH) {
    return fail('truncated', `Ethernet header needs 14 bytes, got ${Math.max(0, bytes.length - offset)}`, offset);
  }
  return ok({
    dst: readMac(bytes, offset),
    src: readMac(bytes, offset + 6),
    ethertype: readU16(bytes, offset + 12),
    payload: bytes.subarray(offset + ETHERNET_HEADER_LENGTH),
  });
}

export function ethernetHeaderLength(_frame?: EthernetFrame): number {
  return ETHERNET_HEADER_LENGTH;
}

/** Writes header and payload at `offset` (the payload is not copied if it already lies there). */
export function emitEthernetInto(frame: EthernetFrame, buf: Uint8Array, offset: number): number {
  const length = ETHERNET_HEADER_LENGTH + frame.payload.length;
  checkRoom(buf, offset, length, 'Ethernet frame');
  writeMac(buf, offset, frame.dst);
  writeMac(buf, offset + 6, frame.src);
  writeU16(buf, offset + 12, frame.ethertype);
  copyInto(frame.payload, buf, offset + ETHERNET_HEADER_LENGTH);
  return length;
}

export function emitEthernet(frame: EthernetFrame): Uint8Array {
  const buf = new Uint8Array(ETHERNET_HEADER_LENGTH + frame.payload.length);
  emitEthernetInto(frame, buf, 0);
  return buf;
}
