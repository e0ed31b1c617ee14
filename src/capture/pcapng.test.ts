import { describe, it, expect } from 'vitest';
import { writePcapng } from './pcapng.ts';
import { LINKTYPE_ETHERNET, type CapturedFrame } from './record.ts';

function frame(time: number, host: string, iface: string, src: number, len = 60): CapturedFrame {
  const bytes = new Uint8Array(len);
  bytes.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, src, 0x88, 0xb5]);
  return { time, host, iface, bytes, linktype: LINKTYPE_ETHERNET };
}

interface Block {
  type: number;
  body: DataView;
}

/** Splits a little-endian pcapng file into blocks, checking both copies of each total length. */
function blocks(file: Uint8Array): Block[] {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out: Block[] = [];
  let at = 0;
  while (at < file.length) {
    const type = v.getUint32(at, true);
    const total = v.getUint32(at + 4, true);
    expect(total % 4).toBe(0);
    expect(v.getUint32(at + total - 4, true)).toBe(total);
    out.push({ type, body: new DataView(file.buffer, file.byteOffset + at + 8, total - 12) });
    at += total;
  }
  expect(at).toBe(file.length);
  return out;
}

/** Options from `offset` in a block body: [code, value bytes]; checks padding and opt_endofopt. */
function options(body: DataView, offset: number): [number, Uint8Array][] {
  const out: [number, Uint8Array][] = [];
  let at = offset;
  for (;;) {
    const code = body.getUint16(at, true);
    const len = body.getUint16(at + 2, true);
    if (code === 0) {
      expect(len).toBe(0);
      expect(at + 4).toBe(body.byteLength); // opt_endofopt ends the block's options
      return out;
    }
    out.push([code, new Uint8Array(body.buffer, body.byteOffset + at + 4, len)]);
    at += 4 + ((len + 3) & ~3);
  }
}

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

function write(frames: CapturedFrame[], opts = {}): Uint8Array {
  const r = writePcapng(frames, opts);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('writePcapng', () => {
  const frames = [
    frame(0, 'CLIENT', 'eth0', 1),
    frame(1_234_567_891, 'ROUTEUR', 'eth1', 2, 61), // odd length: packet data needs padding
    frame(3_000_000_007, 'CLIENT', 'eth0', 3),
  ];

  it('opens with a section header: byte-order magic, version 1.0, unknown length, application', () => {
    const [shb] = blocks(write(frames));
    expect(shb.type).toBe(0x0a0d0d0a);
    expect(shb.body.getUint32(0, true)).toBe(0x1a2b3c4d);
    expect(shb.body.getUint16(4, true)).toBe(1);
    expect(shb.body.getUint16(6, true)).toBe(0);
    expect(shb.body.getBigInt64(8, true)).toBe(-1n);
    expect(options(shb.body, 16).map(([c, v]) => [c, text(v)])).toEqual([[4, 'netsim']]);
  });

  it('describes each HOST:IFACE once, named and with nanosecond resolution', () => {
    const idbs = blocks(write(frames)).filter((b) => b.type === 1);
    expect(idbs.length).toBe(2);
    const described = idbs.map((b) => {
      const opts = options(b.body, 8);
      return {
        linktype: b.body.getUint16(0, true),
        name: text(opts.find(([c]) => c === 2)![1]),
        tsresol: [...opts.find(([c]) => c === 9)![1]],
      };
    });
    expect(described).toEqual([
      { linktype: 1, name: 'CLIENT:eth0', tsresol: [9] },
      { linktype: 1, name: 'ROUTEUR:eth1', tsresol: [9] },
    ]);
  });

  it('writes one enhanced packet per frame with its interface id and 64-bit nanosecond time', () => {
    const epochNs = 1_700_000_000n * 1_000_000_000n;
    const epbs = blocks(write(frames, { epochNs })).filter((b) => b.type === 6);
    const seen = epbs.map((b) => {
      const ts = (BigInt(b.body.getUint32(4, true)) << 32n) | BigInt(b.body.getUint32(8, true));
      return { iface: b.body.getUint32(0, true), ts, caplen: b.body.getUint32(12, true), len: b.body.getUint32(16, true), src: b.body.getUint8(20 + 11) };
    });
    expect(seen).toEqual([
      { iface: 0, ts: epochNs, caplen: 60, len: 60, src: 1 },
      { iface: 1, ts: epochNs + 1_234_567_891n, caplen: 61, len: 61, src: 2 },
      { iface: 0, ts: epochNs + 3_000_000_007n, caplen: 60, len: 60, src: 3 },
    ]);
    expect(epbs[1].body.byteLength).toBe(20 + 64); // 61 bytes padded to 64, no options
  });

  it('writes packets in time order whatever order they were given in', () => {
    const epbs = blocks(write([frames[2], frames[0], frames[1]])).filter((b) => b.type === 6);
    expect(epbs.map((b) => b.body.getUint8(20 + 11))).toEqual([1, 2, 3]);
  });

  it('takes the application name and snapshot length from the options', () => {
    const bs = blocks(write([frame(0, 'A', 'eth0', 1, 1514)], { application: 'netsim 0.1', snaplen: 128 }));
    expect(text(options(bs[0].body, 16)[0][1])).toBe('netsim 0.1');
    expect(bs[1].body.getUint32(4, true)).toBe(128);
    expect(bs[2].body.getUint32(12, true)).toBe(128);
    expect(bs[2].body.getUint32(16, true)).toBe(1514);
  });

  it('gives an interface seen with two link types one description per link type', () => {
    const odd = { ...frame(5, 'CLIENT', 'eth0', 2), linktype: 113 };
    const idbs = blocks(write([frame(0, 'CLIENT', 'eth0', 1), odd])).filter((b) => b.type === 1);
    expect(idbs.map((b) => b.body.getUint16(0, true))).toEqual([1, 113]);
  });

  it('refuses a time before 1970', () => {
    const r = writePcapng([frame(-1, 'A', 'eth0', 1)], { epochNs: 0n });
    expect(!r.ok && r.error.kind).toBe('bad-time');
  });
});
