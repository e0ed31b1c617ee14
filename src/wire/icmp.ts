// ICMP messages (RFC 792): type, code, checksum over the whole message, a 32-bit "rest of
// header" whose meaning depends on the type, then data.
import { checkRoom, copyInto, readU32, writeU16, writeU32 } from './bytes.ts';
import { internetChecksum, onesComplementSum, type ChecksumOptions } from './checksum.ts';
import { fail, ok, type Result } from './result.ts';

export const ICMP_ECHO_REPLY = 0;
export const ICMP_DEST_UNREACH = 3;
export const ICMP_ECHO_REQUEST = 8;
export const ICMP_TIME_EXCEEDED = 11;
// Destination Unreachable codes (RFC 792, RFC 1191 for fragmentation needed).
export const ICMP_NET_UNREACH = 0;
export const ICMP_HOST_UNREACH = 1;
export const ICMP_PROTO_UNREACH = 2;
export const ICMP_PORT_UNREACH = 3;
export const ICMP_FRAG_NEEDED = 4;
// Time Exceeded code.
export const ICMP_TTL_EXCEEDED = 0;
export const ICMP_HEADER_LENGTH = 8;

export interface IcmpMessage {
  type: number;
  code: number;
  /** Bytes 4-7: identifier<<16 | sequence for echo; 0, or the next-hop MTU (low 16 bits) for errors. */
  rest: number;
  /** Echo data, or for errors the offending IP header + 8 bytes of its payload. */
  payload: Uint8Array;
}

/** The message runs to the end of `bytes` (pass the IPv4 payload view). */
export function parseIcmp(bytes: Uint8Array, offset = 0, opts?: ChecksumOptions): Result<IcmpMessage> {
  const available = bytes.length - offset;
  if (offset < 0 || available < ICMP_HEADER_LENGTH) {
    return fail('truncated', `ICMP header needs 8 bytes, got ${Math.max(0, available)}`, offset);
  }
  if (opts?.verifyChecksum !== false && onesComplementSum(bytes, offset, bytes.length) !== 0xffff) {
    return fail('bad-checksum', 'bad ICMP checksum', offset + 2);
  }
  return ok({
    type: bytes[offset],
    code: bytes[offset + 1],
    rest: readU32(bytes, offset + 4),
    payload: bytes.subarray(offset + ICMP_HEADER_LENGTH),
  });
}

export function icmpHeaderLength(_message?: IcmpMessage): number {
  return ICMP_HEADER_LENGTH;
}

export function emitIcmpInto(message: IcmpMessage, buf: Uint8Array, offset: number): number {
  const length = ICMP_HEADER_LENGTH + message.payload.length;
  checkRoom(buf, offset, length, 'ICMP message');
  buf[offset] = message.type;
  buf[offset + 1] = message.code;
  buf[offset + 2] = 0;
  buf[offset + 3] = 0;
  writeU32(buf, offset + 4, message.rest);
  copyInto(message.payload, buf, offset + ICMP_HEADER_LENGTH);
  writeU16(buf, offset + 2, internetChecksum(buf, offset, offset + length));
  return length;
}

export function emitIcmp(message: IcmpMessage): Uint8Array {
  const buf = new Uint8Array(ICMP_HEADER_LENGTH + message.payload.length);
  emitIcmpInto(message, buf, 0);
  return buf;
}

export function icmpEchoId(message: IcmpMessage): number {
  return message.rest >>> 16;
}

export function icmpEchoSeq(message: IcmpMessage): number {
  return message.rest & 0xffff;
}

/** An echo request or reply (RFC 792 "Echo or Echo Reply Message"). */
export function makeEcho(type: number, id: number, seq: number, data: Uint8Array): IcmpMessage {
  return { type, code: 0, rest: (((id & 0xffff) << 16) | (seq & 0xffff)) >>> 0, payload: data };
}
