import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  emitEthernet,
  emitEthernetInto,
  ETHERNET_HEADER_LENGTH,
  ethernetHeaderLength,
  ETHERTYPE_ARP,
  ETHERTYPE_IPV4,
  parseEthernet,
  type EthernetFrame,
} from './ethernet.ts';
import { hex } from './testing/hex.ts';
import { readPcap } from './testing/pcap-fixture.ts';

const ping = readPcap(new Uint8Array(readFileSync(new URL('../../../shared/fidelity/pcap/ping_arp_eth0.pcap', import.meta.url))));

// ping_arp_eth0 frame 1 (`tshark -x`): 02:00:00:00:00:1c asks who has 192.168.0.1.
const ARP_REQUEST_FRAME = hex(`
  ff ff ff ff ff ff 02 00 00 00 00 1c 08 06 00 01
  08 00 06 04 00 01 02 00 00 00 00 1c c0 a8 00 1c
  00 00 00 00 00 00 c0 a8 00 01`);

describe('Ethernet II frames', () => {
  it('golden bytes are frame 1 of the real capture', () => {
    expect(ping.frames[0]).toEqual(ARP_REQUEST_FRAME);
  });

  it('parses the header of a real broadcast ARP frame', () => {
    const r = parseEthernet(ARP_REQUEST_FRAME);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.dst).toBe(0xffffffffffff);
    expect(r.value.src).toBe(0x02000000001c);
    expect(r.value.ethertype).toBe(ETHERTYPE_ARP);
    expect(r.value.payload).toEqual(ARP_REQUEST_FRAME.subarray(14));
  });

  it('returns the payload as a view into the input, not a copy', () => {
    const r = parseEthernet(ARP_REQUEST_FRAME);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.payload.buffer).toBe(ARP_REQUEST_FRAME.buffer);
    expect(r.value.payload.byteOffset).toBe(ARP_REQUEST_FRAME.byteOffset + 14);
  });

  it('emits a constructed frame to the golden bytes', () => {
    const frame: EthernetFrame = {
      dst: 0xffffffffffff,
      src: 0x02000000001c,
      ethertype: ETHERTYPE_ARP,
      payload: ARP_REQUEST_FRAME.slice(14),
    };
    expect(emitEthernet(frame)).toEqual(ARP_REQUEST_FRAME);
  });

  it('re-emits every frame of the capture byte for byte', () => {
    for (const bytes of ping.frames) {
      const r = parseEthernet(bytes);
      if (!r.ok) throw new Error(r.error.message);
      expect(emitEthernet(r.value)).toEqual(bytes);
    }
  });

  it('parses at an offset', () => {
    const shifted = new Uint8Array(3 + ARP_REQUEST_FRAME.length);
    shifted.set(ARP_REQUEST_FRAME, 3);
    const r = parseEthernet(shifted, 3);
    expect(r.ok && r.value.src).toBe(0x02000000001c);
  });

  it('reports frames shorter than 14 bytes as truncated', () => {
    const r = parseEthernet(ARP_REQUEST_FRAME.subarray(0, 13));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('truncated');
    expect(parseEthernet(ARP_REQUEST_FRAME.subarray(0, 14)).ok).toBe(true);
  });

  it('writes into a caller buffer without copying a payload already in place', () => {
    const buf = new Uint8Array(40);
    buf.set([1, 2, 3, 4], 16);
    const frame: EthernetFrame = { dst: 1, src: 2, ethertype: ETHERTYPE_IPV4, payload: buf.subarray(16, 20) };
    expect(emitEthernetInto(frame, buf, 2)).toBe(18);
    expect(Array.from(buf.subarray(2, 20))).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 8, 0, 1, 2, 3, 4]);
    expect(ethernetHeaderLength(frame)).toBe(ETHERNET_HEADER_LENGTH);
    expect(() => emitEthernetInto(frame, buf, 30)).toThrow(RangeError);
  });
});
