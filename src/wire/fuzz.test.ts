// No input makes a parser throw: random, truncated and mutated buffers (seeded, reproducible)
// go through every parse function, and whatever parses must re-emit to bytes that round-trip.
import { readFileSync } from 'node:fs';
import { prng } from './testing/prng.ts';
import { describe, expect, it } from 'vitest';
import { emitArp, parseArp } from './arp.ts';
import { emitEthernet, parseEthernet } from './ethernet.ts';
import { emitIcmp, parseIcmp } from './icmp.ts';
import { emitIpv4, parseIpv4Packet } from './ipv4.ts';
import type { Result, WireErrorKind } from './result.ts';
import { emitTcp, parseTcp } from './tcp.ts';
import { FIDELITY_PCAPS, readPcap } from './testing/pcap-fixture.ts';
import { emitUdp, parseUdp } from './udp.ts';

const RUNS = 20_000;
const KINDS = new Set<WireErrorKind>(['truncated', 'bad-checksum', 'bad-version', 'bad-length', 'bad-value', 'unsupported']);


const seeds = FIDELITY_PCAPS.flatMap(
  (name) => readPcap(new Uint8Array(readFileSync(new URL(`../../../shared/fidelity/pcap/${name}`, import.meta.url)))).frames,
);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Whatever parsed re-emits to bytes that parse again and re-emit identically (assertions only
 * on failure: the loop runs ~500,000 parses).
 */
function roundTrips<T>(record: T, emit: (r: T) => Uint8Array, parse: (b: Uint8Array) => Result<T>): void {
  const first = emit(record);
  const again = parse(first);
  if (!again.ok) throw new Error(`re-parse failed: ${again.error.kind}: ${again.error.message}`);
  if (!sameBytes(emit(again.value), first)) throw new Error(`emit -> parse -> emit changed the bytes`);
}

describe('parsers under fuzzing', () => {
  it(`never throw on ${RUNS} random, truncated and mutated buffers`, () => {
    const random = prng(0x5eed);
    const int = (n: number) => Math.floor(random() * n);

    const counts = { ethernet: 0, arp: 0, ipv4: 0, icmp: 0, udp: 0, tcp: 0 };
    const check = <T>(r: Result<T>, layer: keyof typeof counts): r is { ok: true; value: T } => {
      if (!r.ok) {
        if (!KINDS.has(r.error.kind)) throw new Error(`unknown error kind ${r.error.kind}`);
        return false;
      }
      counts[layer]++;
      return true;
    };

    for (let run = 0; run < RUNS; run++) {
      let bytes: Uint8Array;
      const shape = run % 4;
      if (shape === 0) {
        bytes = new Uint8Array(int(120));
        for (let i = 0; i < bytes.length; i++) bytes[i] = int(256);
      } else {
        const seed = seeds[int(seeds.length)];
        bytes = seed.slice(0, shape === 1 ? int(seed.length + 1) : seed.length);
        // Mutations: a few random bytes, biased towards the headers where the length fields are.
        const mutations = shape === 1 ? 0 : 1 + int(4);
        for (let m = 0; m < mutations && bytes.length > 0; m++) {
          const at = random() < 0.8 ? int(Math.min(bytes.length, 80)) : int(bytes.length);
          bytes[at] = random() < 0.5 ? int(256) : bytes[at] ^ (1 << int(8));
        }
      }
      const opts = { verifyChecksum: random() < 0.3 };
      const src = random() < 0.5 ? 0x7f000001 : int(0x100000000);
      const dst = random() < 0.5 ? 0x7f000001 : int(0x100000000);
      const offsets = [0, 14, 34, int(bytes.length + 4) - 2];

      for (const offset of offsets) {
        const eth = parseEthernet(bytes, offset);
        if (check(eth, 'ethernet')) roundTrips(eth.value, emitEthernet, (b) => parseEthernet(b));
        const arp = parseArp(bytes, offset);
        if (check(arp, 'arp')) roundTrips(arp.value, emitArp, (b) => parseArp(b));
        const ip = parseIpv4Packet(bytes, offset, opts);
        if (check(ip, 'ipv4')) roundTrips(ip.value, emitIpv4, (b) => parseIpv4Packet(b));
        const icmp = parseIcmp(bytes, offset, opts);
        if (check(icmp, 'icmp')) roundTrips(icmp.value, emitIcmp, (b) => parseIcmp(b));
        const udp = parseUdp(bytes, offset, src, dst, opts);
        if (check(udp, 'udp')) roundTrips(udp.value, (d) => emitUdp(d, src, dst), (b) => parseUdp(b, 0, src, dst));
        const tcp = parseTcp(bytes, offset, src, dst, opts);
        if (check(tcp, 'tcp')) roundTrips(tcp.value, (t) => emitTcp(t, src, dst), (b) => parseTcp(b, 0, src, dst));
      }
    }
    // The corpus must reach past the header checks, or the round-trip half tests nothing.
    for (const [layer, n] of Object.entries(counts)) expect(n, layer).toBeGreaterThan(50);
  });
});
