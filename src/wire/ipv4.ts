// IPv4 header (RFC 791 §3.1). Emit computes IHL, total length and the header checksum; parse
// checks them and cuts the payload at the total length, which drops Ethernet padding.
import { readIpv4, writeIpv4, type Ipv4 } from './addr.ts';
import { checkRoom, copyInto, readU16, writeU16 } from './bytes.ts';
import { internetChecksum, onesComplementSum, type ChecksumOptions } from './checksum.ts';
import { fail, ok, type Result } from './result.ts';

export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPV4_MIN_HEADER_LENGTH = 20;
/** IHL is 4 bits of 32-bit words: at most 60 bytes, so at most 40 bytes of options. */
export const IPV4_MAX_HEADER_LENGTH = 60;

export interface Ipv4Packet {
  /** Differentiated services code point (RFC 2474), the upper 6 bits of the old TOS byte. */
  dscp: number;
  /** Explicit congestion notification (RFC 3168), the lower 2 bits. */
  ecn: number;
  identification: number;
  dontFragment: boolean;
  moreFragments: boolean;
  /** In 8-byte units. */
  fragmentOffset: number;
  ttl: number;
  protocol: number;
  src: Ipv4;
  dst: Ipv4;
  /** Raw option bytes; emit pads them with zeros (End of Option List) to a 4-byte boundary. */
  options: Uint8Array;
  payload: Uint8Array;
  /** Parse only, informative: the header checksum as received. */
  checksum?: number;
  /** Parse only, informative: the total length field. */
  totalLength?: number;
}

/**
 * The reserved flag bit (RFC 791 "must be zero") is ignored on receive, as Linux does; emit
 * always sends it as zero.
 */
export function parseIpv4Packet(bytes: Uint8Array, offset = 0, opts?: ChecksumOptions): Result<Ipv4Packet> {
  const available = bytes.length - offset;
  if (offset < 0 || available < IPV4_MIN_HEADER_LENGTH) {
    return fail('truncated', `IPv4 header needs 20 bytes, got ${Math.max(0, available)}`, offset);
  }
  const versionIhl = bytes[offset];
  if (versionIhl >>> 4 !== 4) return fail('bad-version', `IP version ${versionIhl >>> 4}, expected 4`, offset);
  const headerLength = (versionIhl & 0x0f) * 4;
  if (headerLength < IPV4_MIN_HEADER_LENGTH) {
    return fail('bad-length', `IPv4 header length ${headerLength} is below 20`, offset);
  }
  if (headerLength > available) {
    return fail('truncated', `IPv4 header length ${headerLength} exceeds the ${available} bytes received`, offset);
  }
  const totalLength = readU16(bytes, offset + 2);
  if (totalLength < headerLength) {
    return fail('bad-length', `IPv4 total length ${totalLength} is below the header length ${headerLength}`, offset + 2);
  }
  if (totalLength > available) {
    return fail('truncated', `IPv4 total length ${totalLength} exceeds the ${available} bytes received`, offset + 2);
  }
  const checksum = readU16(bytes, offset + 10);
  // A correct header sums to 0xffff including its own checksum (RFC 1071 §1).
  if (opts?.verifyChecksum !== false && onesComplementSum(bytes, offset, offset + headerLength) !== 0xffff) {
    return fail('bad-checksum', `bad IPv4 header checksum 0x${checksum.toString(16).padStart(4, '0')}`, offset + 10);
  }
  const tos = bytes[offset + 1];
  const flagsFragment = readU16(bytes, offset + 6);
  return ok({
    dscp: tos >>> 2,
    ecn: tos & 3,
    identification: readU16(bytes, offset + 4),
    dontFragment: (flagsFragment & 0x4000) !== 0,
    moreFragments: (flagsFragment & 0x2000) !== 0,
    fragmentOffset: flagsFragment & 0x1fff,
    ttl: bytes[offset + 8],
    protocol: bytes[offset + 9],
    src: readIpv4(bytes, offset + 12),
    dst: readIpv4(bytes, offset + 16),
    options: bytes.subarray(offset + IPV4_MIN_HEADER_LENGTH, offset + headerLength),
    payload: bytes.subarray(offset + headerLength, offset + totalLength),
    checksum,
    totalLength,
  });
}

export function ipv4HeaderLength(packet: Ipv4Packet): number {
  return IPV4_MIN_HEADER_LENGTH + ((packet.options.length + 3) & ~3);
}

/** Writes header and payload at `offset` (the payload is not copied if it already lies there). */
export function emitIpv4Into(packet: Ipv4Packet, buf: Uint8Array, offset: number): number {
  const headerLength = ipv4HeaderLength(packet);
  if (headerLength > IPV4_MAX_HEADER_LENGTH) {
    throw new RangeError(`IPv4 options of ${packet.options.length} bytes exceed 40`);
  }
  const totalLength = headerLength + packet.payload.length;
  if (totalLength > 0xffff) throw new RangeError(`IPv4 packet of ${totalLength} bytes exceeds 65535`);
  checkRoom(buf, offset, totalLength, 'IPv4 packet');
  buf[offset] = 0x40 | (headerLength >>> 2);
  buf[offset + 1] = ((packet.dscp & 0x3f) << 2) | (packet.ecn & 3);
  writeU16(buf, offset + 2, totalLength);
  writeU16(buf, offset + 4, packet.identification);
  writeU16(
    buf,
    offset + 6,
    (packet.dontFragment ? 0x4000 : 0) | (packet.moreFragments ? 0x2000 : 0) | (packet.fragmentOffset & 0x1fff),
  );
  buf[offset + 8] = packet.ttl;
  buf[offset + 9] = packet.protocol;
  buf[offset + 10] = 0;
  buf[offset + 11] = 0;
  writeIpv4(buf, offset + 12, packet.src);
  writeIpv4(buf, offset + 16, packet.dst);
  buf.set(packet.options, offset + IPV4_MIN_HEADER_LENGTH);
  buf.fill(0, offset + IPV4_MIN_HEADER_LENGTH + packet.options.length, offset + headerLength);
  writeU16(buf, offset + 10, internetChecksum(buf, offset, offset + headerLength));
  copyInto(packet.payload, buf, offset + headerLength);
  return totalLength;
}

export function emitIpv4(packet: Ipv4Packet): Uint8Array {
  const buf = new Uint8Array(ipv4HeaderLength(packet) + packet.payload.length);
  emitIpv4Into(packet, buf, 0);
  return buf;
}
