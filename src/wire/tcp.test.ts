import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { onesComplementSum, pseudoHeaderSum } from './checksum.ts';
import {
  emitTcp,
  emitTcpInto,
  parseTcp,
  seqAdd,
  seqGe,
  seqGt,
  seqLe,
  seqLt,
  TCP_ACK,
  TCP_PSH,
  TCP_SYN,
  tcpHeaderLength,
  type TcpSegment,
} from './tcp.ts';
import { hex } from './testing/hex.ts';
import { completePartialChecksum, readPcap } from './testing/pcap-fixture.ts';

const smtp = readPcap(new Uint8Array(readFileSync(new URL('../../../shared/fidelity/pcap/smtp_local_lo.pcap', import.meta.url))));
const LOCALHOST = 0x7f000001;
const CLIENT = 0xc0a8001c; // 192.168.0.28
const SERVER = 0xc0a80001; // 192.168.0.1

// smtp_local_lo frames 1, 2 and 4 from byte 34 (127.0.0.1:58420 <-> 127.0.0.1:25), checksums
// completed from Linux's loopback partial sums (0xfe30, 0xfe30, 0xfe4b) and checked independently.
const SYN = hex(`
  e4 34 00 19 a3 6b 89 42 00 00 00 00 a0 02
  ff d7 72 b9 00 00 02 04 ff d7 04 02 08 0a 07 07
  c5 42 00 00 00 00 01 03 03 0a`);
const SYN_ACK = hex(`
  00 19 e4 34 80 5d 7d 20 a3 6b 89 43 a0 12
  ff cb c5 c6 00 00 02 04 ff d7 04 02 08 0a af 99
  ff d5 07 07 c5 42 01 03 03 0a`);
const BANNER = new TextEncoder().encode('220 vm ESMTP Postfix (Debian/GNU)\r\n');
const BANNER_SEGMENT = hex(`
  00 19 e4 34 80 5d 7d 21 a3 6b 89 43 80 18
  00 40 06 ae 00 00 01 01 08 0a af 99 ff ee 07 07
  c5 42`);

// Hand-built, checksums computed independently: an ACK with two SACK blocks (RFC 2018 §3),
// the first across the sequence wrap; and a SYN with a TCP Fast Open cookie (kind 34, RFC 7413).
const SACK_ACK = hex(`
  9c 40 00 19 00 00 00 01 00 00 03 e8 a0 10 01 f6 1a ae 00 00
  01 01 05 12 ff ff ff f0 00 00 00 10 00 00 0b b8 00 00 0f a0`);
const SYN_FAST_OPEN = hex(`
  9c 40 00 19 12 34 56 78 00 00 00 00 80 02 fa f0 cb 52 00 00
  22 0a 01 02 03 04 05 06 07 08 01 01`);

const syn: TcpSegment = {
  srcPort: 58420,
  dstPort: 25,
  seq: 0xa36b8942,
  ack: 0,
  flags: TCP_SYN,
  window: 65495,
  urgentPointer: 0,
  options: [
    { kind: 'mss', value: 65495 },
    { kind: 'sack-permitted' },
    { kind: 'timestamps', tsval: 117949762, tsecr: 0 },
    { kind: 'nop' },
    { kind: 'window-scale', shift: 10 },
  ],
  payload: new Uint8Array(0),
};

function parsed(bytes: Uint8Array, src: number, dst: number, offset = 0): TcpSegment {
  const r = parseTcp(bytes, offset, src, dst);
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return r.value;
}

describe('TCP segments (RFC 9293)', () => {
  it('golden bytes are the real segments, with the checksum a wire would carry', () => {
    const golden = [SYN, SYN_ACK, undefined, BANNER_SEGMENT];
    golden.forEach((bytes, i) => {
      if (!bytes) return;
      const captured = smtp.frames[i];
      const length = captured.length - 34;
      // Linux leaves the folded pseudo-header sum in the field of loopback packets (CHECKSUM_PARTIAL).
      expect((captured[50] << 8) | captured[51]).toBe(onesComplementSum(captured, 0, 0, pseudoHeaderSum(LOCALHOST, LOCALHOST, 6, length)));
      expect(completePartialChecksum(captured, 34, 50, false).subarray(34, 34 + bytes.length)).toEqual(bytes);
    });
  });

  it('parses the real SYN with MSS, SACK_PERM, TS, NOP and WS options', () => {
    expect(parsed(SYN, LOCALHOST, LOCALHOST)).toEqual(syn);
  });

  it('emits a constructed SYN to the golden bytes', () => {
    expect(emitTcp(syn, LOCALHOST, LOCALHOST)).toEqual(SYN);
    expect(tcpHeaderLength(syn)).toBe(40);
  });

  it('parses the real SYN-ACK: ack = client ISN + 1', () => {
    const s = parsed(SYN_ACK, LOCALHOST, LOCALHOST);
    expect(s.flags).toBe(TCP_SYN | TCP_ACK);
    expect(s.seq).toBe(0x805d7d20);
    expect(s.ack).toBe(seqAdd(syn.seq, 1));
    expect(s.options[2]).toEqual({ kind: 'timestamps', tsval: 0xaf99ffd5, tsecr: 117949762 });
    expect(emitTcp(s, LOCALHOST, LOCALHOST)).toEqual(SYN_ACK);
  });

  it('parses and emits the real Postfix banner segment', () => {
    const full = completePartialChecksum(smtp.frames[3], 34, 50, false).subarray(34);
    const banner: TcpSegment = {
      srcPort: 25,
      dstPort: 58420,
      seq: 0x805d7d21,
      ack: 0xa36b8943,
      flags: TCP_PSH | TCP_ACK,
      window: 64,
      urgentPointer: 0,
      options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsval: 0xaf99ffee, tsecr: 117949762 }],
      payload: BANNER,
    };
    expect(full.subarray(0, 32)).toEqual(BANNER_SEGMENT);
    expect(parsed(full, LOCALHOST, LOCALHOST)).toEqual(banner);
    expect(emitTcp(banner, LOCALHOST, LOCALHOST)).toEqual(full);
    const payload = parsed(full, LOCALHOST, LOCALHOST).payload;
    expect(payload.buffer).toBe(full.buffer);
    expect(payload.byteOffset).toBe(full.byteOffset + 32);
  });

  it('round-trips SACK blocks, unsigned across the wrap', () => {
    const s = parsed(SACK_ACK, CLIENT, SERVER);
    expect(s.options).toEqual([
      { kind: 'nop' },
      { kind: 'nop' },
      { kind: 'sack', blocks: [[0xfffffff0, 0x10], [3000, 4000]] },
    ]);
    expect(emitTcp(s, CLIENT, SERVER)).toEqual(SACK_ACK);
  });

  it('keeps options it does not know as raw bytes', () => {
    const s = parsed(SYN_FAST_OPEN, CLIENT, SERVER);
    expect(s.options[0]).toEqual({ kind: 'unknown', type: 34, data: hex('01 02 03 04 05 06 07 08') });
    expect(emitTcp(s, CLIENT, SERVER)).toEqual(SYN_FAST_OPEN);
  });

  it('pads options with End of Option List bytes to a 4-byte boundary', () => {
    const s: TcpSegment = { ...syn, options: [{ kind: 'mss', value: 1460 }, { kind: 'eol' }] };
    expect(tcpHeaderLength(s)).toBe(28);
    const bytes = emitTcp(s, CLIENT, SERVER);
    expect(bytes[12] >> 4).toBe(7);
    expect(bytes.subarray(20, 28)).toEqual(hex('02 04 05 b4 00 00 00 00'));
    expect(parsed(bytes, CLIENT, SERVER).options).toEqual(s.options);
    const windowScaleOnly = emitTcp({ ...syn, options: [{ kind: 'window-scale', shift: 7 }] }, CLIENT, SERVER);
    expect(windowScaleOnly.subarray(20, 24)).toEqual(hex('03 03 07 00'));
  });

  it('refuses more than 40 bytes of options', () => {
    const tooMany: TcpSegment = { ...syn, options: [{ kind: 'unknown', type: 253, data: new Uint8Array(39) }] };
    expect(() => emitTcp(tooMany, CLIENT, SERVER)).toThrow(RangeError);
  });

  it.each([
    ['an MSS option of length 3', '02 03 05 b4'],
    ['an option of length 0', 'fd 00 00 00'],
    ['an option of length 1', 'fd 01 00 00'],
    ['an option running past the header', '01 01 fd 05'],
    ['an option without its length byte', '01 01 01 08'],
    ['a SACK option of length 9', '05 09 00 00 00 00 00 00 00 00 00 00'],
    ['a timestamps option of length 8', '08 08 00 00 00 00 00 00'],
    ['a window scale option of length 4', '03 04 07 00'],
    ['a SACK-permitted option of length 3', '04 03 00 00'],
  ])('reports %s as bad-length', (_name, optionBytes) => {
    const options = hex(optionBytes);
    const bytes = new Uint8Array(20 + options.length);
    bytes.set(SYN.subarray(0, 20));
    bytes[12] = ((20 + options.length) / 4) << 4;
    bytes.set(options, 20);
    expect(parseTcp(bytes, 0, CLIENT, SERVER, { verifyChecksum: false })).toMatchObject({ ok: false, error: { kind: 'bad-length' } });
  });

  it('reports a data offset below 5 as bad-length and beyond the bytes as truncated', () => {
    const low = SYN.slice();
    low[12] = 0x40;
    expect(parseTcp(low, 0, LOCALHOST, LOCALHOST, { verifyChecksum: false })).toMatchObject({ ok: false, error: { kind: 'bad-length', offset: 12 } });
    expect(parseTcp(SYN.subarray(0, 39), 0, LOCALHOST, LOCALHOST)).toMatchObject({ ok: false, error: { kind: 'truncated', offset: 12 } });
    expect(parseTcp(SYN.subarray(0, 19), 0, LOCALHOST, LOCALHOST)).toMatchObject({ ok: false, error: { kind: 'truncated' } });
  });

  it('verifies the checksum over pseudo-header, header and data', () => {
    const corrupt = SYN.slice();
    corrupt[7] ^= 1;
    expect(parseTcp(corrupt, 0, LOCALHOST, LOCALHOST)).toMatchObject({ ok: false, error: { kind: 'bad-checksum', offset: 16 } });
    expect(parseTcp(SYN, 0, LOCALHOST, CLIENT)).toMatchObject({ ok: false, error: { kind: 'bad-checksum' } });
    const r = parseTcp(corrupt, 0, LOCALHOST, LOCALHOST, { verifyChecksum: false });
    expect(r.ok && r.value.seq).toBe(0xa36b8943);
  });

  it('ignores the reserved bits on receive and sends them as zero', () => {
    const reserved = SYN.slice();
    reserved[12] |= 0x0f;
    const r = parseTcp(reserved, 0, LOCALHOST, LOCALHOST, { verifyChecksum: false });
    expect(r.ok && emitTcp(r.value, LOCALHOST, LOCALHOST)).toEqual(SYN);
  });

  it('writes into a frame buffer without copying a payload already in place', () => {
    const frame = new Uint8Array(34 + 32 + BANNER.length);
    frame.set(BANNER, 66);
    const segment = parsed(completePartialChecksum(smtp.frames[3], 34, 50, false), LOCALHOST, LOCALHOST, 34);
    expect(emitTcpInto({ ...segment, payload: frame.subarray(66) }, frame, 34, LOCALHOST, LOCALHOST)).toBe(32 + BANNER.length);
    expect(frame.subarray(34, 66)).toEqual(BANNER_SEGMENT);
    expect(() => emitTcpInto(segment, frame, 40, LOCALHOST, LOCALHOST)).toThrow(RangeError);
  });
});

describe('sequence number arithmetic (RFC 9293 §3.4)', () => {
  it('compares across the 2^32 wrap', () => {
    expect(seqLt(0xfffffff0, 0x10)).toBe(true);
    expect(seqGt(0x10, 0xfffffff0)).toBe(true);
    expect(seqLe(5, 5)).toBe(true);
    expect(seqGe(5, 5)).toBe(true);
    expect(seqLt(5, 5)).toBe(false);
    expect(seqLt(1, 2)).toBe(true);
    expect(seqGe(1, 2)).toBe(false);
  });

  it('adds modulo 2^32 and stays unsigned', () => {
    expect(seqAdd(0xffffffff, 2)).toBe(1);
    expect(seqAdd(0x7fffffff, 1)).toBe(0x80000000);
    expect(seqAdd(10, -20)).toBe(0xfffffff6);
  });
});
