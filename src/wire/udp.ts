// UDP datagrams (RFC 768) with the pseudo-header checksum. The datagram must fill the buffer
// exactly: pass the IPv4 payload view, already cut at the IP total length.
import type { Ipv4 } from './addr.ts';
import { checkRoom, copyInto, readU16, writeU16 } from './bytes.ts';
import { finishChecksum, onesComplementSum, pseudoHeaderSum, type ChecksumOptions } from './checksum.ts';
import { IPPROTO_UDP } from './ipv4.ts';
import { fail, ok, type Result } from './result.ts';

export const UDP_HEADER_LENGTH = 8;

export interface UdpDatagram {
  srcPort: number;
  dstPort: number;
  payload: Uint8Array;
}

/**
 * A zero checksum means "none computed" (RFC 768) and is accepted; re-emitting such a datagram
 * fills the checksum in.
 */
export function parseUdp(
  bytes: Uint8Array,
  offset: number,
  src: Ipv4,
  dst: Ipv4,
  opts?: ChecksumOptions,
): Result<UdpDatagram> {
  const available = bytes.length - offset;
  if (offset < 0 || available < UDP_HEADER_LENGTH) {
    return fail('truncated', `UDP header needs 8 bytes, got ${Math.max(0, available)}`, offset);
  }
  const length = readU16(bytes, offset + 4);
  if (length > available) {
    return fail('truncated', `UDP length ${length} exceeds the ${available} bytes received`, offset + 4);
  }
  if (length !== available || length < UDP_HEADER_LENGTH) {
    return fail('bad-length', `UDP length ${length} does not match the ${available} bytes received`, offset + 4);
  }
  if (opts?.verifyChecksum !== false && readU16(bytes, offset + 6) !== 0) {
    const sum = onesComplementSum(bytes, offset, offset + length, pseudoHeaderSum(src, dst, IPPROTO_UDP, length));
    if (sum !== 0xffff) return fail('bad-checksum', 'bad UDP checksum', offset + 6);
  }
  return ok({
    srcPort: readU16(bytes, offset),
    dstPort: readU16(bytes, offset + 2),
    payload: bytes.subarray(offset + UDP_HEADER_LENGTH, offset + length),
  });
}

export function udpHeaderLength(_datagram?: UdpDatagram): number {
  return UDP_HEADER_LENGTH;
}

/** Writes header and payload at `offset` (the payload is not copied if it already lies there). */
export function emitUdpInto(datagram: UdpDatagram, buf: Uint8Array, offset: number, src: Ipv4, dst: Ipv4): number {
  const length = UDP_HEADER_LENGTH + datagram.payload.length;
  if (length > 0xffff) throw new RangeError(`UDP datagram of ${length} bytes exceeds 65535`);
  checkRoom(buf, offset, length, 'UDP datagram');
  writeU16(buf, offset, datagram.srcPort);
  writeU16(buf, offset + 2, datagram.dstPort);
  writeU16(buf, offset + 4, length);
  buf[offset + 6] = 0;
  buf[offset + 7] = 0;
  copyInto(datagram.payload, buf, offset + UDP_HEADER_LENGTH);
  const checksum = finishChecksum(
    onesComplementSum(buf, offset, offset + length, pseudoHeaderSum(src, dst, IPPROTO_UDP, length)),
  );
  // A computed zero is sent as all ones: zero on the wire means "no checksum" (RFC 768).
  writeU16(buf, offset + 6, checksum === 0 ? 0xffff : checksum);
  return length;
}

export function emitUdp(datagram: UdpDatagram, src: Ipv4, dst: Ipv4): Uint8Array {
  const buf = new Uint8Array(UDP_HEADER_LENGTH + datagram.payload.length);
  emitUdpInto(datagram, buf, 0, src, dst);
  return buf;
}
