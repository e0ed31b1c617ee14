import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { Rng } from '../../engine/rng.ts';
import { readCapture } from '../pcap-reader.ts';
import { dissectCapture, formatSummaryLine, type FrameInput } from '../dissect-capture.ts';
import { treeLines } from './tree.ts';

const DIR = '/work/shared/fidelity/pcap';
const seeds = ['ping_arp_eth0', 'smtp_local_lo', 'dns_local_lo', 'pop3_local_lo', 'imap_local_lo', 'popa3d_local_lo'].flatMap(
  (n) => readCapture(new Uint8Array(readFileSync(`${DIR}/${n}.pcap`))).frames,
);

function randomFrame(rng: Rng): Uint8Array {
  const bytes = rng.bytes(rng.int(0, 120));
  if (bytes.length >= 14 && rng.int(0, 3) > 0) {
    const type = [0x0800, 0x0806, 0x86dd][rng.int(0, 2)];
    bytes[12] = type >> 8;
    bytes[13] = type & 255;
    if (type === 0x0800 && bytes.length >= 34) {
      bytes[14] = 0x40 | rng.int(0, 15);
      bytes[23] = [1, 6, 17][rng.int(0, 2)];
    }
  }
  return bytes;
}

function mutatedFrame(rng: Rng): Uint8Array {
  const seed = seeds[rng.int(0, seeds.length - 1)].bytes;
  const bytes = seed.slice(0, rng.int(0, 3) === 0 ? rng.int(0, seed.length) : seed.length);
  const flips = rng.int(1, 4);
  for (let i = 0; i < flips && bytes.length > 0; i++) bytes[rng.int(0, bytes.length - 1)] = rng.int(0, 255);
  return bytes;
}

describe('dissector fuzzing', () => {
  it('survives 100,000 random and mutated frames without throwing', () => {
    const rng = new Rng('capture-fuzz');
    let malformed = 0;
    for (let batch = 0; batch < 100; batch++) {
      const frames: FrameInput[] = [];
      for (let i = 0; i < 1000; i++) {
        const bytes = i % 2 === 0 ? randomFrame(rng) : mutatedFrame(rng);
        frames.push({ timeNs: BigInt(batch * 1000 + i) * 1000n, bytes, linktype: 1 });
      }
      const rows = dissectCapture(frames);
      expect(rows).toHaveLength(1000);
      for (const row of rows) {
        expect(typeof formatSummaryLine(row)).toBe('string');
        expect(treeLines(row.tree)[0]).toMatch(/^Frame \d+: /);
        if (row.malformed) malformed++;
      }
    }
    expect(malformed).toBeGreaterThan(100);
  });
});
