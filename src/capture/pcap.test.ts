import { describe, it, expect } from 'vitest';
import { writePcap } from './pcap.ts';
import { LINKTYPE_ETHERNET, type CapturedFrame } from './record.ts';

/** A broadcast Ethernet II frame of `len` bytes from 02:00:00:00:00:<src>, ethertype 0x88b5. */
function frame(time: number, src: number, len = 60): CapturedFrame {
  const bytes = new Uint8Array(len);
  bytes.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, src, 0x88, 0xb5]);
  for (let i = 14; i < len; i++) bytes[i] = i & 0xff;
  return { time, host: 'CLIENT', iface: 'eth0', bytes, linktype: LINKTYPE_ETHERNET };
}

function ok(r: ReturnType<typeof writePcap>): DataView {
  if (!r.ok) throw new Error(r.error.message);
  return new DataView(r.value.buffer, r.value.byteOffset, r.value.byteLength);
}

const EPOCH = 1_700_000_000n * 1_000_000_000n;

describe('writePcap', () => {
  it('writes a little-endian nanosecond pcap 2.4 header for Ethernet', () => {
    const v = ok(writePcap([frame(0, 1)]));
    expect(v.getUint32(0, true)).toBe(0xa1b23c4d);
    expect([v.getUint8(0), v.getUint8(1), v.getUint8(2), v.getUint8(3)]).toEqual([0x4d, 0x3c, 0xb2, 0xa1]);
    expect(v.getUint16(4, true)).toBe(2);
    expect(v.getUint16(6, true)).toBe(4);
    expect(v.getInt32(8, true)).toBe(0);
    expect(v.getUint32(12, true)).toBe(0);
    expect(v.getUint32(16, true)).toBe(262144);
    expect(v.getUint32(20, true)).toBe(1);
  });

  it('stamps each record with the epoch plus its virtual time, to the nanosecond', () => {
    const v = ok(writePcap([frame(1_234_567_891, 1)], { epochNs: EPOCH }));
    expect(v.getUint32(24, true)).toBe(1_700_000_001);
    expect(v.getUint32(28, true)).toBe(234_567_891);
    expect(v.getUint32(32, true)).toBe(60);
    expect(v.getUint32(36, true)).toBe(60);
    expect(v.getUint8(40 + 11)).toBe(1); // the frame's bytes follow, unchanged
  });

  it('writes microseconds with the classic magic, truncating like libpcap', () => {
    const v = ok(writePcap([frame(1_234_567_891, 1)], { nanosecond: false, epochNs: EPOCH }));
    expect(v.getUint32(0, true)).toBe(0xa1b2c3d4);
    expect(v.getUint32(24, true)).toBe(1_700_000_001);
    expect(v.getUint32(28, true)).toBe(234_567);
  });

  it('cuts frames at the snapshot length but keeps their original length', () => {
    const r = writePcap([frame(0, 1, 1514)], { snaplen: 96 });
    const v = ok(r);
    expect(v.getUint32(16, true)).toBe(96);
    expect(v.getUint32(32, true)).toBe(96);
    expect(v.getUint32(36, true)).toBe(1514);
    expect(v.byteLength).toBe(24 + 16 + 96);
  });

  it('writes frames in time order', () => {
    const v = ok(writePcap([frame(2000, 2), frame(1000, 1)]));
    expect(v.getUint8(40 + 11)).toBe(1);
    expect(v.getUint8(40 + 60 + 16 + 11)).toBe(2);
  });

  it('writes an empty capture as a header alone', () => {
    expect(ok(writePcap([])).byteLength).toBe(24);
  });

  it('refuses frames of two link types (pcap has one per file)', () => {
    const other = { ...frame(5, 2), linktype: 113 /* LINKTYPE_LINUX_SLL */ };
    const r = writePcap([frame(0, 1), other]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('mixed-linktype');
  });

  it('refuses a bad snapshot length and a time before 1970', () => {
    const a = writePcap([frame(0, 1)], { snaplen: 0 });
    expect(!a.ok && a.error.kind).toBe('bad-option');
    const b = writePcap([frame(-5, 1)], { epochNs: 0n });
    expect(!b.ok && b.error.kind).toBe('bad-time');
  });
});
