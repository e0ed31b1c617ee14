import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  emitIcmp,
  emitIcmpInto,
  ICMP_DEST_UNREACH,
  ICMP_ECHO_REPLY,
  ICMP_ECHO_REQUEST,
  ICMP_FRAG_NEEDED,
  ICMP_PORT_UNREACH,
  icmpEchoId,
  icmpEchoSeq,
  icmpHeaderLength,
  makeEcho,
  parseIcmp,
  type IcmpMessage,
} from './icmp.ts';
import { hex } from './testing/hex.ts';
import { readPcap } from './testing/pcap-fixture.ts';

const ping = readPcap(new Uint8Array(readFileSync(new URL('../../../shared/fidelity/pcap/ping_arp_eth0.pcap', import.meta.url))));

// ping_arp_eth0 frame 3 from byte 34: echo request id=0x6a35 seq=1, the iputils timestamp
// (8 bytes) then 0x10..0x37.
const ECHO_REQUEST = hex(`
  08 00 bd 8c 6a 35 00 01 4a 67 02 6b 00 00
  00 00 c2 97 02 00 00 00 00 00 10 11 12 13 14 15
  16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23 24 25
  26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35
  36 37`);
const PING_DATA = ECHO_REQUEST.slice(8);

// Hand-built, checksums computed independently: port unreachable for a UDP datagram
// 192.168.0.28:40000 -> 192.168.0.1:9 carrying "hi", quoting the whole datagram.
const PORT_UNREACHABLE = hex(`
  03 03 7e 86 00 00 00 00 45 00 00 1e 12 34 40 00 40 11 a7 2d c0 a8 00 1c c0 a8 00 01
  9c 40 00 09 00 0a 79 b9 68 69`);
// Fragmentation needed with next-hop MTU 1400 (RFC 1191 §4), quoting header + 8 bytes.
const FRAG_NEEDED = hex(`
  03 04 e1 76 00 00 05 78 45 00 00 1e 12 34 40 00 40 11 a7 2d c0 a8 00 1c c0 a8 00 01
  9c 40 00 09 00 0a 79 b9`);

describe('ICMP (RFC 792)', () => {
  it('golden bytes are the real echo request', () => {
    expect(ping.frames[2].subarray(34)).toEqual(ECHO_REQUEST);
  });

  it('parses the real echo request: id 0x6a35, seq 1, 56 data bytes', () => {
    const r = parseIcmp(ECHO_REQUEST);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toEqual({ type: ICMP_ECHO_REQUEST, code: 0, rest: 0x6a350001, payload: PING_DATA });
    expect(icmpEchoId(r.value)).toBe(0x6a35);
    expect(icmpEchoSeq(r.value)).toBe(1);
    expect(r.value.payload.buffer).toBe(ECHO_REQUEST.buffer);
  });

  it('builds the real request and its reply with makeEcho', () => {
    expect(emitIcmp(makeEcho(ICMP_ECHO_REQUEST, 0x6a35, 1, PING_DATA))).toEqual(ECHO_REQUEST);
    // Frame 4: the reply carries the same id, seq and data.
    expect(emitIcmp(makeEcho(ICMP_ECHO_REPLY, 0x6a35, 1, PING_DATA))).toEqual(ping.frames[3].subarray(34));
  });

  it('re-emits every echo of the capture byte for byte', () => {
    for (const frame of ping.frames.slice(2)) {
      const r = parseIcmp(frame, 34);
      if (!r.ok) throw new Error(r.error.message);
      expect(emitIcmp(r.value)).toEqual(frame.subarray(34));
    }
  });

  it('keeps the high bits of id and sequence unsigned', () => {
    const m = makeEcho(ICMP_ECHO_REQUEST, 0xffff, 0xfffe, new Uint8Array(0));
    expect(m.rest).toBe(0xfffffffe);
    expect(icmpEchoId(m)).toBe(0xffff);
    expect(icmpEchoSeq(m)).toBe(0xfffe);
    const r = parseIcmp(emitIcmp(m));
    expect(r.ok && r.value.rest).toBe(0xfffffffe);
  });

  it('emits and parses a port unreachable quoting the offending datagram', () => {
    const message: IcmpMessage = {
      type: ICMP_DEST_UNREACH,
      code: ICMP_PORT_UNREACH,
      rest: 0,
      payload: PORT_UNREACHABLE.slice(8),
    };
    expect(emitIcmp(message)).toEqual(PORT_UNREACHABLE);
    expect(parseIcmp(PORT_UNREACHABLE)).toEqual({ ok: true, value: message });
  });

  it('carries the next-hop MTU of fragmentation needed in the rest of the header', () => {
    const r = parseIcmp(FRAG_NEEDED);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.code).toBe(ICMP_FRAG_NEEDED);
    expect(r.value.rest & 0xffff).toBe(1400);
    expect(emitIcmp(r.value)).toEqual(FRAG_NEEDED);
  });

  it('reports fewer than 8 bytes as truncated', () => {
    expect(parseIcmp(ECHO_REQUEST.subarray(0, 7))).toMatchObject({ ok: false, error: { kind: 'truncated' } });
  });

  it('verifies the checksum over the whole message, data included', () => {
    const corrupt = ECHO_REQUEST.slice();
    corrupt[40] ^= 1;
    expect(parseIcmp(corrupt)).toMatchObject({ ok: false, error: { kind: 'bad-checksum', offset: 2 } });
    expect(parseIcmp(corrupt, 0, { verifyChecksum: false }).ok).toBe(true);
  });

  it('writes into a caller buffer at an offset', () => {
    const buf = new Uint8Array(34 + ECHO_REQUEST.length);
    expect(emitIcmpInto(makeEcho(ICMP_ECHO_REQUEST, 0x6a35, 1, PING_DATA), buf, 34)).toBe(64);
    expect(buf.subarray(34)).toEqual(ECHO_REQUEST);
    expect(icmpHeaderLength()).toBe(8);
  });
});
