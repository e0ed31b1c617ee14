import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ARP_PACKET_LENGTH, ARP_REPLY, ARP_REQUEST, arpHeaderLength, emitArp, emitArpInto, parseArp, type ArpPacket } from './arp.ts';
import { hex } from './testing/hex.ts';
import { readPcap } from './testing/pcap-fixture.ts';

const ping = readPcap(new Uint8Array(readFileSync(new URL('../../../shared/fidelity/pcap/ping_arp_eth0.pcap', import.meta.url))));

// ping_arp_eth0 frames 1 and 2 without their Ethernet header: "Who has 192.168.0.1? Tell
// 192.168.0.28" and "192.168.0.1 is at 02:00:00:00:00:01".
const REQUEST = hex('00 01 08 00 06 04 00 01 02 00 00 00 00 1c c0 a8 00 1c 00 00 00 00 00 00 c0 a8 00 01');
const REPLY = hex('00 01 08 00 06 04 00 02 02 00 00 00 00 01 c0 a8 00 01 02 00 00 00 00 1c c0 a8 00 1c');

const request: ArpPacket = {
  op: ARP_REQUEST,
  senderMac: 0x02000000001c,
  senderIp: 0xc0a8001c,
  targetMac: 0,
  targetIp: 0xc0a80001,
};
const reply: ArpPacket = {
  op: ARP_REPLY,
  senderMac: 0x020000000001,
  senderIp: 0xc0a80001,
  targetMac: 0x02000000001c,
  targetIp: 0xc0a8001c,
};

describe('ARP (RFC 826)', () => {
  it('golden bytes are the real request and reply', () => {
    expect(ping.frames[0].subarray(14)).toEqual(REQUEST);
    expect(ping.frames[1].subarray(14)).toEqual(REPLY);
  });

  it('parses the real request and reply', () => {
    expect(parseArp(REQUEST)).toEqual({ ok: true, value: request });
    expect(parseArp(REPLY)).toEqual({ ok: true, value: reply });
  });

  it('emits constructed packets to the golden bytes', () => {
    expect(emitArp(request)).toEqual(REQUEST);
    expect(emitArp(reply)).toEqual(REPLY);
  });

  it('parses inside a frame at offset 14 and ignores Ethernet padding after 28 bytes', () => {
    const padded = new Uint8Array(60);
    padded.set(ping.frames[1]);
    expect(parseArp(padded, 14)).toEqual({ ok: true, value: reply });
  });

  it('reports fewer than 28 bytes as truncated', () => {
    const r = parseArp(REQUEST.subarray(0, 27));
    expect(!r.ok && r.error.kind).toBe('truncated');
  });

  it('refuses hardware and protocol types other than Ethernet/IPv4', () => {
    const ieee802 = REQUEST.slice();
    ieee802[1] = 6;
    expect(parseArp(ieee802)).toMatchObject({ ok: false, error: { kind: 'unsupported' } });
    const ipv6 = REQUEST.slice();
    ipv6[2] = 0x86;
    ipv6[3] = 0xdd;
    expect(parseArp(ipv6)).toMatchObject({ ok: false, error: { kind: 'unsupported' } });
    const badLength = REQUEST.slice();
    badLength[5] = 16;
    expect(parseArp(badLength)).toMatchObject({ ok: false, error: { kind: 'bad-length', offset: 4 } });
  });

  it('writes into a caller buffer at an offset', () => {
    const buf = new Uint8Array(14 + ARP_PACKET_LENGTH);
    expect(emitArpInto(reply, buf, 14)).toBe(28);
    expect(buf.subarray(14)).toEqual(REPLY);
    expect(arpHeaderLength(reply)).toBe(28);
  });
});
