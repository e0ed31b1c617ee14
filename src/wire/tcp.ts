// TCP segments (RFC 9293 §3.1) with their options: MSS (§3.7.1), window scale and timestamps
// (RFC 7323), SACK (RFC 2018). Sequence arithmetic is modulo 2^32 (RFC 9293 §3.4).
import type { Ipv4 } from './addr.ts';
import { checkRoom, copyInto, readU16, readU32, writeU16, writeU32 } from './bytes.ts';
import { finishChecksum, onesComplementSum, pseudoHeaderSum, type ChecksumOptions } from './checksum.ts';
import { IPPROTO_TCP } from './ipv4.ts';
import { fail, ok, type Result } from './result.ts';

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;
export const TCP_ECE = 0x40;
export const TCP_CWR = 0x80;
export const TCP_MIN_HEADER_LENGTH = 20;
/** Data offset is 4 bits of 32-bit words: 60 bytes, so 40 bytes of options at most. */
export const TCP_MAX_HEADER_LENGTH = 60;

// Option kinds (IANA "TCP Option Kind Numbers").
const OPT_EOL = 0;
const OPT_NOP = 1;
const OPT_MSS = 2;
const OPT_WINDOW_SCALE = 3;
const OPT_SACK_PERMITTED = 4;
const OPT_SACK = 5;
const OPT_TIMESTAMPS = 8;

export type TcpOption =
  | { kind: 'eol' }
  | { kind: 'nop' }
  | { kind: 'mss'; value: number }
  | { kind: 'window-scale'; shift: number }
  | { kind: 'sack-permitted' }
  | { kind: 'sack'; blocks: Array<[number, number]> }
  | { kind: 'timestamps'; tsval: number; tsecr: number }
  | { kind: 'unknown'; type: number; data: Uint8Array };

export interface TcpSegment {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  /** TCP_FIN | TCP_SYN | ... */
  flags: number;
  window: number;
  urgentPointer: number;
  options: TcpOption[];
  payload: Uint8Array;
}

const EOL: TcpOption = { kind: 'eol' };
const NOP: TcpOption = { kind: 'nop' };
const SACK_PERMITTED: TcpOption = { kind: 'sack-permitted' };

function badOption(message: string, at: number): Result<never> {
  return fail('bad-length', message, at);
}

/**
 * Options in header order. Known kinds must have their RFC length (so that emit reproduces
 * them); an EOL ends the list and the bytes after it are padding.
 */
function parseOptions(bytes: Uint8Array, start: number, end: number): Result<TcpOption[]> {
  const options: TcpOption[] = [];
  let i = start;
  while (i < end) {
    const kind = bytes[i];
    if (kind === OPT_EOL) {
      options.push(EOL);
      break;
    }
    if (kind === OPT_NOP) {
      options.push(NOP);
      i++;
      continue;
    }
    if (i + 1 >= end) return badOption(`TCP option ${kind} has no length byte`, i);
    const length = bytes[i + 1];
    if (length < 2 || i + length > end) return badOption(`TCP option ${kind} has bad length ${length}`, i + 1);
    switch (kind) {
      case OPT_MSS:
        if (length !== 4) return badOption(`TCP MSS option length ${length}, expected 4`, i + 1);
        options.push({ kind: 'mss', value: readU16(bytes, i + 2) });
        break;
      case OPT_WINDOW_SCALE:
        if (length !== 3) return badOption(`TCP window scale option length ${length}, expected 3`, i + 1);
        options.push({ kind: 'window-scale', shift: bytes[i + 2] });
        break;
      case OPT_SACK_PERMITTED:
        if (length !== 2) return badOption(`TCP SACK-permitted option length ${length}, expected 2`, i + 1);
        options.push(SACK_PERMITTED);
        break;
      case OPT_SACK: {
        if (length < 10 || (length - 2) % 8 !== 0) {
          return badOption(`TCP SACK option length ${length}, expected 2 + 8n`, i + 1);
        }
        const blocks: Array<[number, number]> = [];
        for (let b = i + 2; b < i + length; b += 8) blocks.push([readU32(bytes, b), readU32(bytes, b + 4)]);
        options.push({ kind: 'sack', blocks });
        break;
      }
      case OPT_TIMESTAMPS:
        if (length !== 10) return badOption(`TCP timestamps option length ${length}, expected 10`, i + 1);
        options.push({ kind: 'timestamps', tsval: readU32(bytes, i + 2), tsecr: readU32(bytes, i + 6) });
        break;
      default:
        options.push({ kind: 'unknown', type: kind, data: bytes.subarray(i + 2, i + length) });
    }
    i += length;
  }
  return ok(options);
}

/**
 * The segment runs to the end of `bytes` (pass the IPv4 payload view). The reserved bits
 * between data offset and flags are ignored on receive (RFC 9293 §3.1) and emitted as zero.
 */
export function parseTcp(
  bytes: Uint8Array,
  offset: number,
  src: Ipv4,
  dst: Ipv4,
  opts?: ChecksumOptions,
): Result<TcpSegment> {
  const available = bytes.length - offset;
  if (offset < 0 || available < TCP_MIN_HEADER_LENGTH) {
    return fail('truncated', `TCP header needs 20 bytes, got ${Math.max(0, available)}`, offset);
  }
  const headerLength = (bytes[offset + 12] >>> 4) * 4;
  if (headerLength < TCP_MIN_HEADER_LENGTH) {
    return fail('bad-length', `TCP data offset ${headerLength / 4} is below 5`, offset + 12);
  }
  if (headerLength > available) {
    return fail('truncated', `TCP header length ${headerLength} exceeds the ${available} bytes received`, offset + 12);
  }
  if (opts?.verifyChecksum !== false) {
    const sum = onesComplementSum(bytes, offset, bytes.length, pseudoHeaderSum(src, dst, IPPROTO_TCP, available));
    if (sum !== 0xffff) return fail('bad-checksum', 'bad TCP checksum', offset + 16);
  }
  const options = parseOptions(bytes, offset + TCP_MIN_HEADER_LENGTH, offset + headerLength);
  if (!options.ok) return options;
  return ok({
    srcPort: readU16(bytes, offset),
    dstPort: readU16(bytes, offset + 2),
    seq: readU32(bytes, offset + 4),
    ack: readU32(bytes, offset + 8),
    flags: bytes[offset + 13],
    window: readU16(bytes, offset + 14),
    urgentPointer: readU16(bytes, offset + 18),
    options: options.value,
    payload: bytes.subarray(offset + headerLength),
  });
}

function optionLength(option: TcpOption): number {
  switch (option.kind) {
    case 'eol':
    case 'nop':
      return 1;
    case 'mss':
      return 4;
    case 'window-scale':
      return 3;
    case 'sack-permitted':
      return 2;
    case 'sack':
      return 2 + 8 * option.blocks.length;
    case 'timestamps':
      return 10;
    case 'unknown':
      return 2 + option.data.length;
  }
}

/** 20 bytes plus the options rounded up to a 4-byte boundary. */
export function tcpHeaderLength(segment: TcpSegment): number {
  const options = segment.options;
  let length = 0;
  for (let i = 0; i < options.length; i++) length += optionLength(options[i]);
  return TCP_MIN_HEADER_LENGTH + ((length + 3) & ~3);
}

function writeOption(option: TcpOption, buf: Uint8Array, at: number): void {
  switch (option.kind) {
    case 'eol':
      buf[at] = OPT_EOL;
      return;
    case 'nop':
      buf[at] = OPT_NOP;
      return;
    case 'mss':
      buf[at] = OPT_MSS;
      buf[at + 1] = 4;
      writeU16(buf, at + 2, option.value);
      return;
    case 'window-scale':
      buf[at] = OPT_WINDOW_SCALE;
      buf[at + 1] = 3;
      buf[at + 2] = option.shift;
      return;
    case 'sack-permitted':
      buf[at] = OPT_SACK_PERMITTED;
      buf[at + 1] = 2;
      return;
    case 'sack':
      buf[at] = OPT_SACK;
      buf[at + 1] = 2 + 8 * option.blocks.length;
      for (let b = 0; b < option.blocks.length; b++) {
        writeU32(buf, at + 2 + 8 * b, option.blocks[b][0]);
        writeU32(buf, at + 6 + 8 * b, option.blocks[b][1]);
      }
      return;
    case 'timestamps':
      buf[at] = OPT_TIMESTAMPS;
      buf[at + 1] = 10;
      writeU32(buf, at + 2, option.tsval);
      writeU32(buf, at + 6, option.tsecr);
      return;
    case 'unknown':
      buf[at] = option.type;
      buf[at + 1] = 2 + option.data.length;
      buf.set(option.data, at + 2);
      return;
  }
}

/**
 * Writes header, options (in the given order, zero-padded) and payload at `offset`, then the
 * checksum over pseudo-header and segment. The payload is not copied if it already lies there.
 */
export function emitTcpInto(segment: TcpSegment, buf: Uint8Array, offset: number, src: Ipv4, dst: Ipv4): number {
  const headerLength = tcpHeaderLength(segment);
  if (headerLength > TCP_MAX_HEADER_LENGTH) throw new RangeError(`TCP options exceed 40 bytes`);
  const length = headerLength + segment.payload.length;
  if (length > 0xffff) throw new RangeError(`TCP segment of ${length} bytes exceeds 65535`);
  checkRoom(buf, offset, length, 'TCP segment');
  writeU16(buf, offset, segment.srcPort);
  writeU16(buf, offset + 2, segment.dstPort);
  writeU32(buf, offset + 4, segment.seq);
  writeU32(buf, offset + 8, segment.ack);
  buf[offset + 12] = (headerLength >>> 2) << 4;
  buf[offset + 13] = segment.flags;
  writeU16(buf, offset + 14, segment.window);
  buf[offset + 16] = 0;
  buf[offset + 17] = 0;
  writeU16(buf, offset + 18, segment.urgentPointer);
  let at = offset + TCP_MIN_HEADER_LENGTH;
  const options = segment.options;
  for (let i = 0; i < options.length; i++) {
    writeOption(options[i], buf, at);
    at += optionLength(options[i]);
  }
  // Pad with End of Option List bytes to the data offset (RFC 9293 §3.1 "Padding").
  buf.fill(OPT_EOL, at, offset + headerLength);
  copyInto(segment.payload, buf, offset + headerLength);
  const sum = onesComplementSum(buf, offset, offset + length, pseudoHeaderSum(src, dst, IPPROTO_TCP, length));
  writeU16(buf, offset + 16, finishChecksum(sum));
  return length;
}

export function emitTcp(segment: TcpSegment, src: Ipv4, dst: Ipv4): Uint8Array {
  const buf = new Uint8Array(tcpHeaderLength(segment) + segment.payload.length);
  emitTcpInto(segment, buf, 0, src, dst);
  return buf;
}

/** a < b in sequence space (RFC 9293 §3.4): the signed 32-bit distance decides across the wrap. */
export function seqLt(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

export function seqLe(a: number, b: number): boolean {
  return ((a - b) | 0) <= 0;
}

export function seqGt(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}

export function seqGe(a: number, b: number): boolean {
  return ((a - b) | 0) >= 0;
}

/** a + n modulo 2^32, unsigned. */
export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}
