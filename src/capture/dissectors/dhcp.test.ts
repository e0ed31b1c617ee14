import { describe, it, expect, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BOOTREPLY,
  BOOTREQUEST,
  DHCP_FLAG_BROADCAST,
  DHCPDISCOVER,
  DHCPOFFER,
  dhcpChaddr,
  emitDhcp,
  HTYPE_ETHERNET,
  type DhcpMessage,
} from '../../wire/dhcp.ts';
import { emitEthernet, ETHERTYPE_IPV4 } from '../../wire/ethernet.ts';
import { emitIpv4, IPPROTO_UDP } from '../../wire/ipv4.ts';
import { emitUdp } from '../../wire/udp.ts';
import { dissectCapture, formatSummaryLine } from '../dissect-capture.ts';
import { readCapture } from '../pcap-reader.ts';
import { writePcap } from '../pcap.ts';
import { LINKTYPE_ETHERNET, type CapturedFrame } from '../record.ts';
import { treeLines } from './tree.ts';

const CLIENT_MAC = 0x0800271c2b3a;
const SERVER = 0xc0a80001; // 192.168.0.1

function frame(src: number, srcMac: number, sport: number, dport: number, msg: DhcpMessage): Uint8Array {
  const udp = emitUdp({ srcPort: sport, dstPort: dport, payload: emitDhcp(msg) }, src, 0xffffffff);
  const ip = emitIpv4({
    dscp: 0, ecn: 0, identification: 1, dontFragment: false, moreFragments: false, fragmentOffset: 0,
    ttl: 64, protocol: IPPROTO_UDP, src, dst: 0xffffffff, options: new Uint8Array(0), payload: udp,
  });
  return emitEthernet({ dst: 0xffffffffffff, src: srcMac, ethertype: ETHERTYPE_IPV4, payload: ip });
}

const base = {
  htype: HTYPE_ETHERNET, hlen: 6, hops: 0, xid: 0x3903f326, ciaddr: 0, giaddr: 0, chaddr: dhcpChaddr(CLIENT_MAC),
};
/** What dhclient sends first (RFC 2131 §4.4.1). */
const discover = frame(0, CLIENT_MAC, 68, 67, {
  ...base, op: BOOTREQUEST, secs: 0, flags: 0, yiaddr: 0, siaddr: 0, sname: '', file: '',
  options: [
    { kind: 'message-type', type: DHCPDISCOVER },
    { kind: 'client-id', htype: 1, id: Uint8Array.from([0x08, 0x00, 0x27, 0x1c, 0x2b, 0x3a]) },
    { kind: 'requested-address', address: 0xc0a8001c },
    { kind: 'host-name', name: 'client' },
    { kind: 'parameter-request-list', codes: [1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42] },
  ],
});
/** A server's answer with the usual lease options (RFC 2132 §3, §9). */
const offer = frame(SERVER, 0x020000000001, 67, 68, {
  ...base, op: BOOTREPLY, secs: 3, flags: DHCP_FLAG_BROADCAST, yiaddr: 0xc0a8001c, siaddr: SERVER, sname: 'srv', file: 'boot.img',
  options: [
    { kind: 'message-type', type: DHCPOFFER },
    { kind: 'server-id', address: SERVER },
    { kind: 'lease-time', seconds: 86400 },
    { kind: 'renewal-time', seconds: 43200 },
    { kind: 'rebinding-time', seconds: 75600 },
    { kind: 'subnet-mask', address: 0xffffff00 },
    { kind: 'routers', addresses: [SERVER] },
    { kind: 'dns-servers', addresses: [SERVER, 0x08080808] },
    { kind: 'domain-name', name: 'lan' },
  ],
});

const frames: CapturedFrame[] = [
  { time: 0, host: 'C', iface: 'eth0', linktype: LINKTYPE_ETHERNET, bytes: discover },
  { time: 1000, host: 'S', iface: 'eth0', linktype: LINKTYPE_ETHERNET, bytes: offer },
];
const EPOCH = 1795318435_000000000n;
const pcap = writePcap(frames, { epochNs: EPOCH });
if (!pcap.ok) throw new Error(pcap.error.message);
const rows = dissectCapture(readCapture(pcap.value).frames);

describe('DHCP dissector', () => {
  it('names the message type and transaction ID in Info, padded as tshark does', () => {
    expect(rows.map((r) => [r.protocol, r.info])).toEqual([
      ['DHCP', 'DHCP Discover - Transaction ID 0x3903f326'],
      ['DHCP', 'DHCP Offer    - Transaction ID 0x3903f326'],
    ]);
    expect(rows[0].protocols).toBe('eth:ethertype:ip:udp:dhcp');
  });

  it('shows the options with their values and fields', () => {
    const lines = treeLines(rows[1].tree);
    expect(lines).toContain('Dynamic Host Configuration Protocol (Offer)');
    expect(lines).toContain('    Option: (54) DHCP Server Identifier (192.168.0.1)');
    expect(lines).toContain('        IP Address Lease Time: (86400s) 1 day');
    expect(lines).toContain('        Domain Name Server: 8.8.8.8');
    const dhcp = rows[0].tree.find((n) => n.field === 'dhcp')!;
    const type = dhcp.children.find((n) => n.label.startsWith('Option: (53)'))!;
    expect(type.children.find((n) => n.field === 'dhcp.option.dhcp')).toMatchObject({ label: 'DHCP: Discover (1)', offset: 284, length: 1 });
  });

  it('marks a message cut inside its options as malformed', () => {
    const cut = discover.slice(0, discover.length - 40);
    // Keep the IP and UDP lengths consistent with the cut so only DHCP runs short.
    const read = dissectCapture([{ timeNs: 0n, bytes: fixLengths(cut), linktype: LINKTYPE_ETHERNET }]);
    expect(read[0].malformed).toBe(true);
    expect(read[0].info).toBe('DHCP Discover - Transaction ID 0x3903f326 [Malformed Packet]');
  });
});

function fixLengths(f: Uint8Array): Uint8Array {
  const out = f.slice();
  const ipLen = out.length - 14;
  out[16] = ipLen >> 8;
  out[17] = ipLen & 0xff;
  out[38] = (ipLen - 20) >> 8;
  out[39] = (ipLen - 20) & 0xff;
  out[40] = out[41] = 0; // no UDP checksum
  return out;
}

function which(tool: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}
const TSHARK = which('tshark');

describe.runIf(TSHARK !== '' || Boolean(process.env.CI))('DHCP frames read by real tshark', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netsim-dhcp-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'dhcp.pcap');
  writeFileSync(file, pcap.value);
  const tshark = (args: string[]) => execFileSync(TSHARK, ['-r', file, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  it('prints the same summary lines', () => {
    expect(rows.map(formatSummaryLine)).toEqual(tshark([]).trimEnd().split('\n'));
  });

  it('prints the same detail tree, line for line', () => {
    const theirs: string[][] = [];
    for (const line of tshark(['-V']).split('\n')) {
      if (line.startsWith('Frame ')) theirs.push([]);
      if (theirs.length > 0 && line !== '') theirs[theirs.length - 1].push(line);
    }
    expect(rows.map((r) => treeLines(r.tree))).toEqual(theirs);
  });
});
