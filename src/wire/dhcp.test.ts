import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IPV4_ANY, IPV4_BROADCAST, MAC_BROADCAST } from './addr.ts';
import {
  BOOTP_MIN_LENGTH,
  BOOTREPLY,
  BOOTREQUEST,
  DHCP_FLAG_BROADCAST,
  DHCPACK,
  DHCPDISCOVER,
  HTYPE_ETHERNET,
  dhcpChaddr,
  dhcpClientMac,
  dhcpOption,
  emitDhcp,
  parseDhcp,
  type DhcpMessage,
} from './dhcp.ts';
import { emitEthernet, ETHERTYPE_IPV4 } from './ethernet.ts';
import { emitIpv4, IPPROTO_UDP } from './ipv4.ts';
import { hex } from './testing/hex.ts';
import { emitUdp } from './udp.ts';

// No isc-dhcp capture exists in fidelity/, so both golden messages are built by hand from
// RFC 2131 §2 (fixed fields) and RFC 2132 (options), shaped as Debian 12's dhclient and dhcpd
// send them; the last test checks that real tshark dissects them cleanly.
const CLIENT_MAC = 0x080027a1b2c3;
const XID = 0x3903f326;

// DHCPDISCOVER, 300 bytes:
//   0  op 01 (BOOTREQUEST), htype 01 (Ethernet), hlen 06, hops 00
//   4  xid 3903f326           8  secs 0000, flags 0000 (dhclient asks for unicast replies)
//  12  ciaddr, yiaddr, siaddr, giaddr: all 0.0.0.0
//  28  chaddr 08:00:27:a1:b2:c3 and 10 zero bytes     44  sname (64 zeros)    108  file (128 zeros)
// 236  magic cookie 63 82 53 63
// 240  35 01 01                    message type DISCOVER
//      3d 07 01 080027a1b2c3       client id: htype 1 and the MAC
//      32 04 0a36d40a              requested address 10.54.212.10 (the previous lease)
//      0c 06 "client"              host name
//      37 0d 01 1c 02 03 0f 06 77 0c 2c 2f 1a 79 2a   Debian's dhclient.conf request list
//      ff                          end
// 282  18 zero pads up to the 300-byte BOOTP minimum (RFC 951)
const DISCOVER_BYTES = hex(`
  01 01 06 00 39 03 f3 26 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
  08 00 27 a1 b2 c3 00 00 00 00 00 00 00 00 00 00
  ${'00 '.repeat(64)} ${'00 '.repeat(128)}
  63 82 53 63
  35 01 01 3d 07 01 08 00 27 a1 b2 c3 32 04 0a 36 d4 0a 0c 06 63 6c 69 65 6e 74
  37 0d 01 1c 02 03 0f 06 77 0c 2c 2f 1a 79 2a ff
  ${'00 '.repeat(18)}`);

// DHCPACK from the server 10.54.212.1, 307 bytes:
//   0  op 02 (BOOTREPLY), 01, 06, 00, xid 3903f326, secs 0000, flags 0000
//  12  ciaddr 0.0.0.0, yiaddr 10.54.212.10, siaddr 0.0.0.0, giaddr 0.0.0.0
//  28  chaddr as above, sname and file empty, cookie
// 240  35 01 05                    message type ACK
//      36 04 0a36d401              server id 10.54.212.1
//      33 04 00000258              lease time 600 s (dhcpd's default-lease-time)
//      3a 04 0000012c  3b 04 0000020d   T1 300 s, T2 525 s (RFC 2131 §4.4.5: 0.5 and 0.875)
//      01 04 ffffff00              subnet mask
//      03 04 0a36d401              router
//      06 08 0a36d401 0a36d402     DNS servers
//      0f 0f "etudiant541.iut"     domain name
//      ff
// 306  the options run past byte 300: no padding
const ACK_BYTES = hex(`
  02 01 06 00 39 03 f3 26 00 00 00 00 00 00 00 00 0a 36 d4 0a 00 00 00 00 00 00 00 00
  08 00 27 a1 b2 c3 00 00 00 00 00 00 00 00 00 00
  ${'00 '.repeat(64)} ${'00 '.repeat(128)}
  63 82 53 63
  35 01 05 36 04 0a 36 d4 01 33 04 00 00 02 58 3a 04 00 00 01 2c 3b 04 00 00 02 0d
  01 04 ff ff ff 00 03 04 0a 36 d4 01 06 08 0a 36 d4 01 0a 36 d4 02
  0f 0f 65 74 75 64 69 61 6e 74 35 34 31 2e 69 75 74 ff`);

const FIXED = {
  htype: HTYPE_ETHERNET,
  hlen: 6,
  hops: 0,
  xid: XID,
  secs: 0,
  flags: 0,
  ciaddr: 0,
  siaddr: 0,
  giaddr: 0,
  chaddr: dhcpChaddr(CLIENT_MAC),
  sname: '',
  file: '',
};

export const DISCOVER: DhcpMessage = {
  ...FIXED,
  op: BOOTREQUEST,
  yiaddr: 0,
  options: [
    { kind: 'message-type', type: DHCPDISCOVER },
    { kind: 'client-id', htype: 1, id: hex('08 00 27 a1 b2 c3') },
    { kind: 'requested-address', address: 0x0a36d40a },
    { kind: 'host-name', name: 'client' },
    { kind: 'parameter-request-list', codes: [1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42] },
  ],
};

export const ACK: DhcpMessage = {
  ...FIXED,
  op: BOOTREPLY,
  yiaddr: 0x0a36d40a,
  options: [
    { kind: 'message-type', type: DHCPACK },
    { kind: 'server-id', address: 0x0a36d401 },
    { kind: 'lease-time', seconds: 600 },
    { kind: 'renewal-time', seconds: 300 },
    { kind: 'rebinding-time', seconds: 525 },
    { kind: 'subnet-mask', address: 0xffffff00 },
    { kind: 'routers', addresses: [0x0a36d401] },
    { kind: 'dns-servers', addresses: [0x0a36d401, 0x0a36d402] },
    { kind: 'domain-name', name: 'etudiant541.iut' },
  ],
};

function parsed(bytes: Uint8Array): DhcpMessage {
  const r = parseDhcp(bytes);
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return r.value;
}

describe('DHCP messages (RFC 2131, RFC 2132)', () => {
  it('emits a DISCOVER padded to the 300-byte BOOTP minimum, and parses it back', () => {
    expect(DISCOVER_BYTES).toHaveLength(BOOTP_MIN_LENGTH);
    expect(emitDhcp(DISCOVER)).toEqual(DISCOVER_BYTES);
    expect(parsed(DISCOVER_BYTES)).toEqual(DISCOVER);
    expect(dhcpClientMac(parsed(DISCOVER_BYTES))).toBe(CLIENT_MAC);
  });

  it('emits an ACK with lease, T1, T2, mask, router, DNS servers and domain', () => {
    expect(ACK_BYTES).toHaveLength(307);
    expect(emitDhcp(ACK)).toEqual(ACK_BYTES);
    const ack = parsed(ACK_BYTES);
    expect(ack).toEqual(ACK);
    expect(dhcpOption(ack, 'message-type')?.type).toBe(DHCPACK);
    expect(dhcpOption(ack, 'dns-servers')?.addresses).toEqual([0x0a36d401, 0x0a36d402]);
    expect(dhcpOption(ack, 'host-name')).toBeUndefined();
  });

  it('grows past 300 bytes when the options need it', () => {
    const big = { ...ACK, options: [...ACK.options, { kind: 'domain-name' as const, name: 'x'.repeat(100) }] };
    const bytes = emitDhcp(big);
    expect(bytes).toHaveLength(ACK_BYTES.length + 102);
    expect(parsed(bytes)).toEqual(big);
  });

  it('keeps the broadcast flag, sname, file, pads and unknown options in order', () => {
    const msg: DhcpMessage = {
      ...DISCOVER,
      flags: DHCP_FLAG_BROADCAST,
      sname: 'S54',
      file: 'pxelinux.0',
      options: [
        { kind: 'message-type', type: DHCPDISCOVER },
        { kind: 'pad' },
        { kind: 'raw', code: 81, data: hex('00 00 00 06 63 6c 69 65 6e 74') },
        { kind: 'raw', code: 224, data: new Uint8Array(0) },
      ],
    };
    const bytes = emitDhcp(msg);
    expect(bytes.subarray(10, 12)).toEqual(hex('80 00'));
    expect(bytes.subarray(44, 48)).toEqual(hex('53 35 34 00'));
    expect(bytes.subarray(240, 260)).toEqual(hex('35 01 01 00 51 0a 00 00 00 06 63 6c 69 65 6e 74 e0 00 ff 00'));
    expect(parsed(bytes)).toEqual(msg);
  });

  it('keeps options whose length does not fit their type raw, so they re-emit unchanged', () => {
    const bytes = DISCOVER_BYTES.slice();
    bytes.fill(0, 240);
    bytes.set(hex('35 02 01 01 ff'), 240); // a two-byte message type
    const msg = parsed(bytes);
    expect(msg.options[0]).toEqual({ kind: 'raw', code: 53, data: hex('01 01') });
    expect(emitDhcp(msg)).toEqual(bytes);
  });

  it('refuses short messages, a missing cookie, a missing end option and options past the end', () => {
    expect(parseDhcp(DISCOVER_BYTES.subarray(0, 239))).toMatchObject({ ok: false, error: { kind: 'truncated' } });
    const noCookie = DISCOVER_BYTES.slice();
    noCookie[236] = 0;
    expect(parseDhcp(noCookie)).toMatchObject({ ok: false, error: { kind: 'unsupported', offset: 236 } });
    expect(parseDhcp(ACK_BYTES.subarray(0, 306))).toMatchObject({ ok: false, error: { kind: 'truncated', offset: 306 } });
    // The domain name option starts at 289 and says 15 bytes.
    expect(parseDhcp(ACK_BYTES.subarray(0, 300))).toMatchObject({ ok: false, error: { kind: 'truncated', offset: 289 } });
  });

  it('parses at an offset (the payload of a UDP datagram in a frame)', () => {
    const framed = new Uint8Array(42 + ACK_BYTES.length);
    framed.set(ACK_BYTES, 42);
    expect(parseDhcp(framed, 42)).toEqual(parseDhcp(ACK_BYTES));
  });
});

/** An Ethernet/IPv4/UDP frame around a DHCP payload, built with our own emitters. */
function frame(payload: Uint8Array, srcMac: number, dstMac: number, src: number, dst: number, sport: number, dport: number): Uint8Array {
  const udp = emitUdp({ srcPort: sport, dstPort: dport, payload }, src, dst);
  const ip = emitIpv4({
    dscp: 4, // dhclient sets IPTOS_LOWDELAY
    ecn: 0,
    identification: 0,
    dontFragment: false,
    moreFragments: false,
    fragmentOffset: 0,
    ttl: 64,
    protocol: IPPROTO_UDP,
    src,
    dst,
    options: new Uint8Array(0),
    payload: udp,
  });
  return emitEthernet({ dst: dstMac, src: srcMac, ethertype: ETHERTYPE_IPV4, payload: ip });
}

/** A classic little-endian microsecond pcap (LINKTYPE_ETHERNET), one frame per second. */
function pcap(frames: Uint8Array[]): Uint8Array {
  const parts: number[] = [];
  const u32 = (v: number) => parts.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24);
  const u16 = (v: number) => parts.push(v & 0xff, v >>> 8);
  u32(0xa1b2c3d4);
  u16(2);
  u16(4);
  u32(0);
  u32(0);
  u32(65535);
  u32(1);
  frames.forEach((f, i) => {
    u32(1_700_000_000 + i);
    u32(0);
    u32(f.length);
    u32(f.length);
    parts.push(...f);
  });
  return Uint8Array.from(parts);
}

describe('DHCP against real tshark', () => {
  it('tshark reads our DISCOVER and ACK as DHCP with no malformed packet or expert warning', () => {
    const server = 0x0a36d401;
    const discover = frame(emitDhcp(DISCOVER), CLIENT_MAC, MAC_BROADCAST, IPV4_ANY, IPV4_BROADCAST, 68, 67);
    const ack = frame(emitDhcp(ACK), 0x080027000001, CLIENT_MAC, server, 0x0a36d40a, 67, 68);
    const dir = mkdtempSync(join(tmpdir(), 'dhcp-'));
    try {
      const file = join(dir, 'dhcp.pcap');
      writeFileSync(file, pcap([discover, ack]));
      const tshark = (...args: string[]) =>
        execFileSync('tshark', ['-r', file, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const summary = tshark().split('\n');
      expect(summary[0]).toMatch(/0\.0\.0\.0 → 255\.255\.255\.255 +DHCP 342 DHCP Discover - Transaction ID 0x3903f326$/);
      expect(summary[1]).toMatch(/10\.54\.212\.1 → 10\.54\.212\.10 +DHCP 349 DHCP ACK +- Transaction ID 0x3903f326$/);
      const details = tshark('-V');
      expect(details).toContain('Client MAC address: PcsCompu_a1:b2:c3 (08:00:27:a1:b2:c3)');
      expect(details).toContain('Option: (51) IP Address Lease Time');
      expect(details).toContain('Domain Name: etudiant541.iut');
      expect(details).not.toMatch(/Malformed|Expert Info|\[.*(Warning|Error)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
