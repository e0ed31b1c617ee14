// Test helper: the segments of a FakeNetwork log as a classic libpcap file (Ethernet + IPv4 +
// TCP), to compare with real captures in tshark. Pure bytes; the caller writes the file.
import { emitEthernet, ETHERTYPE_IPV4 } from '../../../wire/ethernet.ts';
import { emitIpv4, IPPROTO_TCP } from '../../../wire/ipv4.ts';
import type { Packet } from './fake-network.ts';

export function toPcap(log: readonly Packet[]): Uint8Array {
  const records: Uint8Array[] = [];
  let id = 1;
  for (const p of log) {
    const ipPacket = emitIpv4({
      dscp: 0,
      ecn: 0,
      identification: id++ & 0xffff,
      dontFragment: true,
      moreFragments: false,
      fragmentOffset: 0,
      ttl: 64,
      protocol: IPPROTO_TCP,
      src: p.src,
      dst: p.dst,
      options: new Uint8Array(0),
      payload: p.bytes,
    });
    const mac = (a: number): number => 0x020000000000 + a;
    const frame = emitEthernet({ dst: mac(p.dst), src: mac(p.src), ethertype: ETHERTYPE_IPV4, payload: ipPacket });
    const rec = new Uint8Array(16 + frame.length);
    const v = new DataView(rec.buffer);
    const us = Math.floor(p.time / 1000);
    v.setUint32(0, Math.floor(us / 1e6), true);
    v.setUint32(4, us % 1e6, true);
    v.setUint32(8, frame.length, true);
    v.setUint32(12, frame.length, true);
    rec.set(frame, 16);
    records.push(rec);
  }
  const header = new Uint8Array(24);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, 0xa1b2c3d4, true);
  hv.setUint16(4, 2, true);
  hv.setUint16(6, 4, true);
  hv.setUint32(16, 262144, true);
  hv.setUint32(20, 1, true);
  const total = records.reduce((n, r) => n + r.length, 24);
  const out = new Uint8Array(total);
  out.set(header, 0);
  let at = 24;
  for (const r of records) {
    out.set(r, at);
    at += r.length;
  }
  return out;
}
