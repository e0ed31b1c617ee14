import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  emitIpv4,
  emitIpv4Into,
  ipv4HeaderLength,
  IPPROTO_ICMP,
  parseIpv4Packet,
  type Ipv4Packet,
} from './ipv4.ts';
import { hex } from './testing/hex.ts';
import { readPcap } from './testing/pcap-fixture.ts';

const ping = readPcap(new Uint8Array(readFileSync(new URL('../../../shared/fidelity/pcap/ping_arp_eth0.pcap', import.meta.url))));

// ping_arp_eth0 frame 3 from byte 14: 192.168.0.28 -> 192.168.0.1, DF, ttl 64, ICMP echo request.
const ECHO_REQUEST = hex(`
  45 00 00 54 27 a6 40 00 40 01 91 95 c0 a8 00 1c c0 a8
  00 01 08 00 bd 8c 6a 35 00 01 4a 67 02 6b 00 00
  00 00 c2 97 02 00 00 00 00 00 10 11 12 13 14 15
  16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23 24 25
  26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35
  36 37`);
// Frame 4, the reply: Linux answers with DF clear and its own identification.
const ECHO_REPLY_HEADER = hex('45 00 00 54 a9 6e 00 00 40 01 4f cd c0 a8 00 01 c0 a8 00 1c');

// Hand-built (checksum computed independently): an IGMPv3 report with the Router Alert option
// (RFC 2113), IHL 6, TOS 0xc0 as Linux sends it.
const WITH_ROUTER_ALERT = hex(`
  46 c0 00 28 00 00 40 00 01 02 43 35 c0 a8 00 1c e0 00 00 16 94 04 00 00
  22 00 f9 02 00 00 00 01 04 00 00 00 e0 00 00 fb`);

const echoRequest: Ipv4Packet = {
  dscp: 0,
  ecn: 0,
  identification: 0x27a6,
  dontFragment: true,
  moreFragments: false,
  fragmentOffset: 0,
  ttl: 64,
  protocol: IPPROTO_ICMP,
  src: 0xc0a8001c,
  dst: 0xc0a80001,
  options: new Uint8Array(0),
  payload: ECHO_REQUEST.slice(20),
};

function parsed(bytes: Uint8Array, offset = 0): Ipv4Packet {
  const r = parseIpv4Packet(bytes, offset);
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return r.value;
}

describe('IPv4 (RFC 791)', () => {
  it('golden bytes are frame 3 of the real capture', () => {
    expect(ping.frames[2].subarray(14)).toEqual(ECHO_REQUEST);
    expect(ping.frames[3].subarray(14, 34)).toEqual(ECHO_REPLY_HEADER);
  });

  it('parses every header field of the real echo request', () => {
    expect(parsed(ECHO_REQUEST)).toEqual({ ...echoRequest, checksum: 0x9195, totalLength: 84 });
  });

  it('parses the real reply: DF clear, new identification', () => {
    const p = parsed(ping.frames[3], 14);
    expect(p.dontFragment).toBe(false);
    expect(p.identification).toBe(0xa96e);
    expect(p.src).toBe(0xc0a80001);
    expect(p.checksum).toBe(0x4fcd);
  });

  it('emits a constructed packet to the golden bytes, with IHL, length and checksum computed', () => {
    expect(emitIpv4(echoRequest)).toEqual(ECHO_REQUEST);
  });

  it('round-trips options', () => {
    const p = parsed(WITH_ROUTER_ALERT);
    expect(p.options).toEqual(hex('94 04 00 00'));
    expect(p.dscp).toBe(48);
    expect(p.ttl).toBe(1);
    expect(p.payload.length).toBe(16);
    expect(emitIpv4(p)).toEqual(WITH_ROUTER_ALERT);
  });

  it('pads options with zeros to a 4-byte boundary', () => {
    const withNop = { ...echoRequest, options: hex('01') };
    expect(ipv4HeaderLength(withNop)).toBe(24);
    const bytes = emitIpv4(withNop);
    expect(bytes[0]).toBe(0x46);
    expect(bytes.subarray(20, 24)).toEqual(hex('01 00 00 00'));
    expect(parsed(bytes).options).toEqual(hex('01 00 00 00'));
  });

  it('refuses more than 40 bytes of options', () => {
    expect(() => emitIpv4({ ...echoRequest, options: new Uint8Array(41) })).toThrow(RangeError);
  });

  it('round-trips DSCP, ECN and fragmentation fields', () => {
    const fragment = { ...echoRequest, dscp: 46, ecn: 2, dontFragment: false, moreFragments: true, fragmentOffset: 185 };
    const bytes = emitIpv4(fragment);
    expect(bytes[1]).toBe(0xba);
    expect(bytes.subarray(6, 8)).toEqual(hex('20 b9'));
    const { checksum: _c, totalLength: _t, ...back } = parsed(bytes);
    expect(back).toEqual(fragment);
  });

  it('drops Ethernet padding after the total length', () => {
    const small = emitIpv4({ ...echoRequest, payload: hex('08 00 f7 ff 00 00 00 00') });
    const padded = new Uint8Array(46);
    padded.set(small);
    const p = parsed(padded);
    expect(p.payload).toEqual(hex('08 00 f7 ff 00 00 00 00'));
    expect(p.totalLength).toBe(28);
  });

  it('returns payload and options as views into the input', () => {
    const p = parsed(WITH_ROUTER_ALERT);
    expect(p.payload.buffer).toBe(WITH_ROUTER_ALERT.buffer);
    expect(p.payload.byteOffset).toBe(WITH_ROUTER_ALERT.byteOffset + 24);
    expect(p.options.buffer).toBe(WITH_ROUTER_ALERT.buffer);
  });

  it('reports a version other than 4', () => {
    const v6 = ECHO_REQUEST.slice();
    v6[0] = 0x65;
    expect(parseIpv4Packet(v6)).toMatchObject({ ok: false, error: { kind: 'bad-version', offset: 0 } });
  });

  it('reports a header length below 20 bytes', () => {
    const short = ECHO_REQUEST.slice();
    short[0] = 0x44;
    expect(parseIpv4Packet(short)).toMatchObject({ ok: false, error: { kind: 'bad-length' } });
  });

  it('reports a total length beyond the buffer as truncated, and below the header as bad-length', () => {
    expect(parseIpv4Packet(ECHO_REQUEST.subarray(0, 83))).toMatchObject({ ok: false, error: { kind: 'truncated', offset: 2 } });
    expect(parseIpv4Packet(ECHO_REQUEST.subarray(0, 19))).toMatchObject({ ok: false, error: { kind: 'truncated' } });
    expect(parseIpv4Packet(WITH_ROUTER_ALERT.subarray(0, 22))).toMatchObject({ ok: false, error: { kind: 'truncated' } });
    const tiny = ECHO_REQUEST.slice();
    tiny[2] = 0;
    tiny[3] = 19;
    expect(parseIpv4Packet(tiny, 0, { verifyChecksum: false })).toMatchObject({ ok: false, error: { kind: 'bad-length' } });
  });

  it('reports a wrong header checksum unless told not to verify', () => {
    const corrupt = ECHO_REQUEST.slice();
    corrupt[8] = 63; // ttl changed by a router that forgot the checksum
    expect(parseIpv4Packet(corrupt)).toMatchObject({ ok: false, error: { kind: 'bad-checksum', offset: 10 } });
    const r = parseIpv4Packet(corrupt, 0, { verifyChecksum: false });
    expect(r.ok && r.value.ttl).toBe(63);
    expect(r.ok && r.value.checksum).toBe(0x9195);
  });

  it('ignores the reserved flag on receive and sends it as zero', () => {
    const evil = ECHO_REQUEST.slice();
    evil[6] |= 0x80;
    const r = parseIpv4Packet(evil, 0, { verifyChecksum: false });
    if (!r.ok) throw new Error(r.error.message);
    const p = r.value;
    expect(p.dontFragment).toBe(true);
    expect(emitIpv4(p)).toEqual(ECHO_REQUEST);
  });

  it('writes into a frame buffer without copying a payload already in place', () => {
    const frame = new Uint8Array(14 + 84);
    frame.set(ECHO_REQUEST.subarray(20), 34);
    const written = emitIpv4Into({ ...echoRequest, payload: frame.subarray(34) }, frame, 14);
    expect(written).toBe(84);
    expect(frame.subarray(14)).toEqual(ECHO_REQUEST);
    expect(() => emitIpv4Into(echoRequest, new Uint8Array(83), 0)).toThrow(RangeError);
  });
});
