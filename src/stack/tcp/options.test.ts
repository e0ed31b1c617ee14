import { describe, expect, it } from 'vitest';
import { readSynOptions, sackOptionLength, synOptionsLength, writeSack, writeSynOptions, writeTimestamps } from './options.ts';

const hex = (u: Uint8Array) => [...u].map((x) => x.toString(16).padStart(2, '0')).join(' ');

describe('TCP options as Linux writes them', () => {
  it('SYN: MSS, SACK_PERM, Timestamps, NOP, WS (bytes of the fidelity capture smtp_local_lo, frame 1)', () => {
    const buf = new Uint8Array(20);
    const o = { mss: 65495, sack: true, ts: true, tsval: 0x0707c542, tsecr: 0, wscale: 10 };
    expect(synOptionsLength(o)).toBe(20);
    expect(writeSynOptions(buf, 0, o)).toBe(20);
    expect(hex(buf)).toBe('02 04 ff d7 04 02 08 0a 07 07 c5 42 00 00 00 00 01 03 03 0a');
  });

  it('SYN-ACK to a peer that offered only SACK and MSS: NOP, NOP, SACK_PERM', () => {
    const buf = new Uint8Array(8);
    const o = { mss: 1460, sack: true, ts: false, tsval: 0, tsecr: 0, wscale: -1 };
    expect(writeSynOptions(buf, 0, o)).toBe(8);
    expect(hex(buf)).toBe('02 04 05 b4 01 01 04 02');
  });

  it('SYN-ACK without SACK but with timestamps: NOP, NOP before Timestamps', () => {
    const buf = new Uint8Array(16);
    const o = { mss: 1460, sack: false, ts: true, tsval: 1, tsecr: 2, wscale: -1 };
    expect(writeSynOptions(buf, 0, o)).toBe(16);
    expect(hex(buf.subarray(4, 8))).toBe('01 01 08 0a');
  });

  it('data segments: NOP, NOP, Timestamps (frame 3 of the same capture)', () => {
    const buf = new Uint8Array(12);
    writeTimestamps(buf, 0, 0x0707c542, 0xaf99ffd5);
    expect(hex(buf)).toBe('01 01 08 0a 07 07 c5 42 af 99 ff d5');
  });

  it('SACK blocks after NOP, NOP', () => {
    const buf = new Uint8Array(sackOptionLength(1));
    writeSack(buf, 0, [[1, 2]]);
    expect(hex(buf)).toBe('01 01 05 0a 00 00 00 01 00 00 00 02');
  });

  it('reads what a SYN offered, capping the window scale at 14 (RFC 7323 §2.3)', () => {
    const o = readSynOptions([
      { kind: 'mss', value: 1400 },
      { kind: 'window-scale', shift: 15 },
      { kind: 'timestamps', tsval: 5, tsecr: 0 },
    ]);
    expect(o).toEqual({ mss: 1400, wscale: 14, sackPermitted: false, tsval: 5, tsecr: 0 });
  });
});
