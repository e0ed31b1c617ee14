// Random and cut-short cooked/loopback frames: the dissectors answer with [Malformed Packet] or
// data, never an exception, in the full and the lean pass alike.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng.ts';
import { dissectCapture, formatSummaryLine, type FrameInput } from '../dissect-capture.ts';
import { treeLines } from './tree.ts';

describe('cooked and loopback link types on random bytes', () => {
  it('never throw (4,000 frames each)', () => {
    const rng = new Rng('link-types');
    for (const linktype of [0, 108, 113, 276]) {
      const frames: FrameInput[] = [];
      for (let i = 0; i < 4000; i++) {
        const len = rng.int(0, 80);
        const bytes = rng.bytes(len);
        // Half of them claim IPv4, so the upper layers see garbage too.
        if (i % 2 === 0 && linktype >= 113 && len > 16) {
          if (linktype === 113) bytes.set([0x08, 0x00], 14);
          else bytes.set([0x08, 0x00], 0);
        }
        if (i % 2 === 0 && linktype < 113 && len > 4) bytes.set(linktype === 0 ? [2, 0, 0, 0] : [0, 0, 0, 2], 0);
        frames.push({ timeNs: BigInt(i) * 1000n, bytes, linktype });
      }
      const full = dissectCapture(frames);
      const lean = dissectCapture(frames, { tree: false });
      expect(full.map(formatSummaryLine)).toEqual(lean.map(formatSummaryLine));
      expect(full.every((r) => treeLines(r.tree).length > 0)).toBe(true);
      expect(full.some((r) => r.malformed)).toBe(true);
    }
  });
});
