// parseDns and parseDhcp never throw: random, truncated and mutated buffers (seeded, so a failure
// replays), and whatever parses re-emits to bytes that parse back to the same record.
import { readFileSync } from 'node:fs';
import { prng } from './testing/prng.ts';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DHCPDISCOVER, DHCPOFFER, dhcpChaddr, emitDhcp, parseDhcp } from './dhcp.ts';
import { emitDns, parseDns, type DnsMessage } from './dns.ts';
import type { Result, WireErrorKind } from './result.ts';
import { readPcap } from './testing/pcap-fixture.ts';

const RUNS = 20_000;
const KINDS = new Set<WireErrorKind>(['truncated', 'bad-checksum', 'bad-version', 'bad-length', 'bad-value', 'unsupported']);


const dnsCapture = readPcap(new Uint8Array(readFileSync(new URL('../../../shared/fidelity/pcap/dns_local_lo.pcap', import.meta.url))));
const base = { opcode: 0, tc: false, z: false, cd: false, qr: true, aa: true, rd: true, ra: true, ad: false, rcode: 0 };
const extra: DnsMessage = {
  id: 9,
  ...base,
  questions: [{ name: '_smtp._tcp.etudiant541.iut.', type: 33, class: 1 }],
  answers: [
    { name: '_smtp._tcp.etudiant541.iut.', type: 33, class: 1, ttl: 60, data: { kind: 'SRV', priority: 1, weight: 2, port: 25, target: 'S54.etudiant541.iut.' } },
    { name: 'etudiant541.iut.', type: 16, class: 1, ttl: 60, data: { kind: 'TXT', strings: ['a', 'bc'] } },
    { name: 'etudiant541.iut.', type: 28, class: 1, ttl: 60, data: { kind: 'AAAA', address: new Uint8Array(16).fill(1) } },
    { name: 'www.etudiant541.iut.', type: 5, class: 1, ttl: 60, data: { kind: 'CNAME', target: 'S54.etudiant541.iut.' } },
  ],
  authority: [{ name: 'etudiant541.iut.', type: 2, class: 1, ttl: 60, data: { kind: 'NS', target: 'S54.etudiant541.iut.' } }],
  additional: [{ name: 'x.', type: 99, class: 1, ttl: 0, data: { kind: 'raw', data: Uint8Array.of(1, 2, 3) } }],
  edns: { udpPayloadSize: 1232, extendedRcode: 0, version: 0, dnssecOk: true, z: 0, options: [{ code: 10, data: new Uint8Array(8) }] },
};
const DNS_SEEDS = [...dnsCapture.frames.map((f) => f.subarray(42)), emitDns(extra)];

const fixed = { htype: 1, hlen: 6, hops: 0, xid: 0x3903f326, secs: 3, flags: 0x8000, ciaddr: 0, siaddr: 0, giaddr: 0, sname: '', file: '' };
const DHCP_SEEDS = [
  emitDhcp({
    ...fixed,
    op: 1,
    yiaddr: 0,
    chaddr: dhcpChaddr(0x080027a1b2c3),
    options: [
      { kind: 'message-type', type: DHCPDISCOVER },
      { kind: 'client-id', htype: 1, id: Uint8Array.of(8, 0, 0x27, 0xa1, 0xb2, 0xc3) },
      { kind: 'host-name', name: 'client' },
      { kind: 'parameter-request-list', codes: [1, 3, 6, 15, 51, 58, 59] },
    ],
  }),
  emitDhcp({
    ...fixed,
    op: 2,
    yiaddr: 0x0a36d40a,
    chaddr: dhcpChaddr(0x080027a1b2c3),
    options: [
      { kind: 'message-type', type: DHCPOFFER },
      { kind: 'server-id', address: 0x0a36d401 },
      { kind: 'lease-time', seconds: 600 },
      { kind: 'renewal-time', seconds: 300 },
      { kind: 'rebinding-time', seconds: 525 },
      { kind: 'subnet-mask', address: 0xffffff00 },
      { kind: 'routers', addresses: [0x0a36d401] },
      { kind: 'dns-servers', addresses: [0x0a36d401, 0x0a36d402] },
      { kind: 'domain-name', name: 'etudiant541.iut' },
      { kind: 'requested-address', address: 0x0a36d40a },
      { kind: 'pad' },
      { kind: 'raw', code: 81, data: Uint8Array.of(0, 0, 0) },
    ],
  }),
];

/** Parsed once: emit, parse again, and the record must be unchanged (throws on failure only). */
function roundTrips<T>(record: T, emit: (r: T) => Uint8Array, parse: (b: Uint8Array) => Result<T>): void {
  const again = parse(emit(record));
  if (!again.ok) throw new Error(`re-parse failed: ${again.error.kind}: ${again.error.message}`);
  if (!isDeepStrictEqual(again.value, record)) throw new Error('emit -> parse changed the record');
}

function fuzz<T>(
  seedValue: number,
  seeds: Uint8Array[],
  parse: (b: Uint8Array, offset: number) => Result<T>,
  emit: (r: T) => Uint8Array,
): number {
  const random = prng(seedValue);
  const int = (n: number) => Math.floor(random() * n);
  // Values that hit the interesting branches: pointers, reserved label types, end and pad.
  const special = [0x00, 0xc0, 0xc0, 0x3f, 0x40, 0x80, 0xff, 0x01, 0x29];
  let parsed = 0;
  for (let run = 0; run < RUNS; run++) {
    let bytes: Uint8Array;
    const shape = run % 4;
    if (shape === 0) {
      bytes = new Uint8Array(int(seeds[0].length * 2));
      for (let i = 0; i < bytes.length; i++) bytes[i] = int(256);
    } else {
      const seed = seeds[int(seeds.length)];
      bytes = seed.slice(0, shape === 1 ? int(seed.length + 1) : seed.length);
      const mutations = shape === 1 ? 0 : 1 + int(4);
      for (let m = 0; m < mutations && bytes.length > 0; m++) {
        const at = int(bytes.length);
        const r = random();
        bytes[at] = r < 0.4 ? special[int(special.length)] : r < 0.7 ? int(256) : bytes[at] ^ (1 << int(8));
      }
    }
    for (const offset of [0, int(bytes.length + 4) - 2]) {
      const r = parse(bytes, offset);
      if (!r.ok) {
        if (!KINDS.has(r.error.kind)) throw new Error(`unknown error kind ${r.error.kind}`);
        continue;
      }
      parsed++;
      roundTrips(r.value, emit, (b) => parse(b, 0));
    }
  }
  return parsed;
}

describe('DNS and DHCP parsers under fuzzing', () => {
  it(`parseDns never throws on ${RUNS} random, truncated and mutated messages, and what parses round-trips`, () => {
    // Many mutations still parse (TTLs, ids, addresses), so the round-trip half is exercised.
    expect(fuzz(0xd45, DNS_SEEDS, parseDns, emitDns)).toBeGreaterThan(2000);
  });

  it(`parseDhcp never throws on ${RUNS} random, truncated and mutated messages, and what parses round-trips`, () => {
    expect(fuzz(0xd8c9, DHCP_SEEDS, parseDhcp, emitDhcp)).toBeGreaterThan(2000);
  });
});
