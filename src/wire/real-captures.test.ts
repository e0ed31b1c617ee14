// Every frame Debian put on the wire in the fidelity captures goes through every codec layer:
// it must parse, verify its checksums, and re-emit byte for byte.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isLoopbackIpv4 } from './addr.ts';
import { emitArp, parseArp } from './arp.ts';
import { onesComplementSum, pseudoHeaderSum } from './checksum.ts';
import { emitEthernet, ETHERTYPE_ARP, ETHERTYPE_IPV4, parseEthernet } from './ethernet.ts';
import { emitIcmp, parseIcmp } from './icmp.ts';
import { emitIpv4, IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, parseIpv4Packet } from './ipv4.ts';
import type { Result } from './result.ts';
import { emitTcp, parseTcp } from './tcp.ts';
import { completePartialChecksum, FIDELITY_PCAPS, LINKTYPE_ETHERNET, readPcap } from './testing/pcap-fixture.ts';
import { emitUdp, parseUdp } from './udp.ts';

function load(name: string) {
  return readPcap(new Uint8Array(readFileSync(new URL(`../../../shared/fidelity/pcap/${name}`, import.meta.url))));
}

function value<T>(r: Result<T>, where: string): T {
  if (!r.ok) throw new Error(`${where}: ${r.error.kind}: ${r.error.message}`);
  return r.value;
}

function flipped(bytes: Uint8Array, at: number): Uint8Array {
  const copy = bytes.slice();
  copy[at] ^= 0x01;
  return copy;
}

// Frame counts by protocol, as tshark counts them in the capinfos/summary recordings.
const EXPECTED: Record<string, Record<string, number>> = {
  'ping_arp_eth0.pcap': { arp: 2, icmp: 4 },
  'dns_local_lo.pcap': { udp: 12 },
  'smtp_local_lo.pcap': { tcp: 24 },
  'pop3_local_lo.pcap': { tcp: 70 },
  'popa3d_local_lo.pcap': { tcp: 59 },
  'imap_local_lo.pcap': { tcp: 44 },
};

describe.each(FIDELITY_PCAPS)('every frame of %s', (name) => {
  const pcap = load(name);

  it('parses at every layer, verifies its checksums and re-emits byte for byte', () => {
    expect(pcap.linkType).toBe(LINKTYPE_ETHERNET);
    const seen: Record<string, number> = {};
    pcap.frames.forEach((captured, i) => {
      const where = `${name} frame ${i + 1}`;
      let frame = captured;
      const probe = value(parseEthernet(frame), where);
      let protocol = 'other';
      if (probe.ethertype === ETHERTYPE_IPV4) {
        const ip = value(parseIpv4Packet(probe.payload), where);
        const segmentLength = ip.payload.length;
        expect(14 + ip.totalLength!, `${where} carries no padding`).toBe(frame.length);
        if (ip.protocol === IPPROTO_TCP || ip.protocol === IPPROTO_UDP) {
          const start = 14 + 20 + ip.options.length;
          const at = start + (ip.protocol === IPPROTO_TCP ? 16 : 6);
          if (isLoopbackIpv4(ip.src)) {
            // Loopback packets are captured with CHECKSUM_PARTIAL: the field holds the folded
            // pseudo-header sum; finish it as a NIC would before checking the real checksum.
            const pseudo = onesComplementSum(frame, 0, 0, pseudoHeaderSum(ip.src, ip.dst, ip.protocol, segmentLength));
            expect((frame[at] << 8) | frame[at + 1], `${where} partial checksum`).toBe(pseudo);
            frame = completePartialChecksum(frame, start, at, ip.protocol === IPPROTO_UDP);
          }
        }
      }

      const eth = value(parseEthernet(frame), where);
      expect(emitEthernet(eth), where).toEqual(frame);
      if (eth.ethertype === ETHERTYPE_ARP) {
        protocol = 'arp';
        const arp = value(parseArp(eth.payload), where);
        expect(emitArp(arp), where).toEqual(eth.payload);
      } else if (eth.ethertype === ETHERTYPE_IPV4) {
        const ip = value(parseIpv4Packet(eth.payload), where);
        expect(emitIpv4(ip), where).toEqual(eth.payload);
        expect(parseIpv4Packet(flipped(eth.payload, 10)), where).toMatchObject({ ok: false, error: { kind: 'bad-checksum' } });
        if (ip.protocol === IPPROTO_ICMP) {
          protocol = 'icmp';
          const icmp = value(parseIcmp(ip.payload), where);
          expect(emitIcmp(icmp), where).toEqual(ip.payload);
          expect(parseIcmp(flipped(ip.payload, 2)), where).toMatchObject({ ok: false, error: { kind: 'bad-checksum' } });
        } else if (ip.protocol === IPPROTO_TCP) {
          protocol = 'tcp';
          const tcp = value(parseTcp(ip.payload, 0, ip.src, ip.dst), where);
          expect(emitTcp(tcp, ip.src, ip.dst), where).toEqual(ip.payload);
          expect(parseTcp(flipped(ip.payload, 16), 0, ip.src, ip.dst), where).toMatchObject({ ok: false, error: { kind: 'bad-checksum' } });
        } else if (ip.protocol === IPPROTO_UDP) {
          protocol = 'udp';
          const udp = value(parseUdp(ip.payload, 0, ip.src, ip.dst), where);
          expect(emitUdp(udp, ip.src, ip.dst), where).toEqual(ip.payload);
          expect(parseUdp(flipped(ip.payload, 6), 0, ip.src, ip.dst), where).toMatchObject({ ok: false, error: { kind: 'bad-checksum' } });
        }
      }
      seen[protocol] = (seen[protocol] ?? 0) + 1;
    });
    expect(seen).toEqual(EXPECTED[name]);
  });
});
