import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { readCapture } from './pcap-reader.ts';
import { writePcap } from './pcap.ts';
import { writePcapng } from './pcapng.ts';
import { DEFAULT_EPOCH_NS, type CapturedFrame } from './record.ts';

const PCAP_DIR = '/work/shared/fidelity/pcap';

function frame(time: number, host: string, iface: string, n: number): CapturedFrame {
  return { time, host, iface, linktype: 1, bytes: Uint8Array.from({ length: 60 + n }, (_, i) => (i * 7 + n) & 255) };
}

const frames = [frame(0, 'A', 'eth0', 0), frame(1500, 'B', 'eth1', 1), frame(2_000_000_001, 'A', 'eth0', 2)];

function unwrap(r: { ok: true; value: Uint8Array } | { ok: false }): Uint8Array {
  if (!r.ok) throw new Error('export failed');
  return r.value;
}

/** Same file with every 16/32-bit field swapped is hard to build generically; build big-endian by hand. */
function bigEndianPcap(nano: boolean): Uint8Array {
  const out = new Uint8Array(24 + 16 + 4);
  const v = new DataView(out.buffer);
  v.setUint32(0, nano ? 0xa1b23c4d : 0xa1b2c3d4, false);
  v.setUint16(4, 2, false);
  v.setUint16(6, 4, false);
  v.setUint32(16, 65535, false);
  v.setUint32(20, 1, false);
  v.setUint32(24, 10, false);
  v.setUint32(28, 5, false);
  v.setUint32(32, 4, false);
  v.setUint32(36, 100, false);
  out.set([1, 2, 3, 4], 40);
  return out;
}

function bigEndianPcapng(): Uint8Array {
  const blocks: number[][] = [];
  const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  const u16 = (n: number) => [(n >>> 8) & 255, n & 255];
  const block = (type: number, body: number[]) => [...u32(type), ...u32(body.length + 12), ...body, ...u32(body.length + 12)];
  blocks.push(block(0x0a0d0d0a, [...u32(0x1a2b3c4d), ...u16(1), ...u16(0), ...u32(0xffffffff), ...u32(0xffffffff)]));
  // IDB with if_tsresol = 3 (milliseconds)
  blocks.push(block(1, [...u16(1), 0, 0, ...u32(0), ...u16(9), ...u16(1), 3, 0, 0, 0, 0, 0, 0, 0]));
  blocks.push(block(6, [...u32(0), ...u32(0), ...u32(1500), ...u32(4), ...u32(4), 9, 8, 7, 6]));
  return Uint8Array.from(blocks.flat());
}

describe('readCapture', () => {
  it('reads every frame of the real tshark captures', () => {
    const r = readCapture(new Uint8Array(readFileSync(`${PCAP_DIR}/ping_arp_eth0.pcap`)));
    expect(r.error).toBeUndefined();
    expect(r.frames).toHaveLength(6);
    expect(r.frames[0].bytes.length).toBe(42);
    expect(r.frames[0].timeNs).toBe(1795319626169942000n);
    const smtp = readCapture(new Uint8Array(readFileSync(`${PCAP_DIR}/smtp_local_lo.pcap`)));
    expect(smtp.frames).toHaveLength(24);
  });

  it('round-trips our own pcap export in micro and nanoseconds', () => {
    const nano = readCapture(unwrap(writePcap(frames)));
    expect(nano.error).toBeUndefined();
    expect(nano.frames.map((f) => f.timeNs - DEFAULT_EPOCH_NS)).toEqual([0n, 1500n, 2_000_000_001n]);
    expect(nano.frames[1].bytes).toEqual(frames[1].bytes);
    const micro = readCapture(unwrap(writePcap(frames, { nanosecond: false })));
    expect(micro.frames.map((f) => f.timeNs - DEFAULT_EPOCH_NS)).toEqual([0n, 1000n, 2_000_000_000n]);
  });

  it('round-trips our own pcapng export with several named interfaces', () => {
    const r = readCapture(unwrap(writePcapng(frames)));
    expect(r.error).toBeUndefined();
    expect(r.frames.map((f) => f.interfaceName)).toEqual(['A:eth0', 'B:eth1', 'A:eth0']);
    expect(r.frames.map((f) => f.interfaceId)).toEqual([0, 1, 0]);
    expect(r.frames[2].timeNs - DEFAULT_EPOCH_NS).toBe(2_000_000_001n);
    expect(r.frames[2].bytes).toEqual(frames[2].bytes);
  });

  it('reads big-endian pcap files of both precisions', () => {
    const micro = readCapture(bigEndianPcap(false));
    expect(micro.frames[0].timeNs).toBe(10_000_005_000n);
    expect(micro.frames[0].origLen).toBe(100);
    expect(Array.from(micro.frames[0].bytes)).toEqual([1, 2, 3, 4]);
    expect(readCapture(bigEndianPcap(true)).frames[0].timeNs).toBe(10_000_000_005n);
  });

  it('reads a big-endian pcapng file with millisecond if_tsresol', () => {
    const r = readCapture(bigEndianPcapng());
    expect(r.error).toBeUndefined();
    expect(r.frames[0].timeNs).toBe(1_500_000_000n);
    expect(Array.from(r.frames[0].bytes)).toEqual([9, 8, 7, 6]);
  });

  it('reads simple packet blocks on interface 0', () => {
    const file = unwrap(writePcapng([frames[0]]));
    // Replace the EPB by an SPB carrying the same bytes.
    const spb = new Uint8Array(12 + 4 + 60);
    const v = new DataView(spb.buffer);
    v.setUint32(0, 3, true);
    v.setUint32(4, spb.length, true);
    v.setUint32(8, 60, true);
    spb.set(frames[0].bytes, 12);
    v.setUint32(spb.length - 4, spb.length, true);
    const epbLength = 12 + 20 + 60;
    const joined = new Uint8Array(file.length - epbLength + spb.length);
    joined.set(file.subarray(0, file.length - epbLength));
    joined.set(spb, file.length - epbLength);
    const r = readCapture(joined);
    expect(r.error).toBeUndefined();
    expect(r.frames[0].bytes).toEqual(frames[0].bytes);
  });

  it('keeps every packet before a cut and says the file was cut short', () => {
    for (const file of [unwrap(writePcap(frames)), unwrap(writePcapng(frames))]) {
      for (let cutAt = file.length - 1; cutAt > file.length - 70; cutAt -= 7) {
        const r = readCapture(file.subarray(0, cutAt));
        expect(r.frames).toHaveLength(2);
        expect(r.error).toMatch(/cut short in the middle of packet 3/);
      }
    }
  });

  it('keeps the packets before a corrupt length field', () => {
    const file = unwrap(writePcap(frames)).slice();
    const third = 24 + 16 + 60 + 16 + 61;
    new DataView(file.buffer).setUint32(third + 8, 0x7fffffff, true);
    const r = readCapture(file);
    expect(r.frames).toHaveLength(2);
    expect(r.error).toMatch(/damaged or corrupt/);
  });

  it('refuses a file that is not a capture', () => {
    expect(readCapture(new TextEncoder().encode('hello world')).error).toMatch(/isn't a capture file/);
    expect(readCapture(new Uint8Array(2)).error).toMatch(/too short/);
  });
});
