import { describe, it, expect } from 'vitest';
import { Rng } from './rng.ts';

function draw(r: Rng, n: number): number[] {
  return Array.from({ length: n }, () => r.nextU32());
}

describe('Rng', () => {
  it('replays the same sequence for the same seed', () => {
    expect(draw(new Rng('lab-42'), 50)).toEqual(draw(new Rng('lab-42'), 50));
    expect(draw(new Rng(7), 10)).toEqual(draw(new Rng('7'), 10));
  });

  it('pins the sequence so every platform and every release replays old scenarios identically', () => {
    // Golden values: changing the generator or the seeding changes every recorded run.
    expect(draw(new Rng('netsim'), 4)).toEqual(GOLDEN_NETSIM);
  });

  it('gives different sequences for different seeds', () => {
    expect(draw(new Rng('a'), 8)).not.toEqual(draw(new Rng('b'), 8));
  });

  it('forks a child that does not depend on how much the parent drew', () => {
    const fresh = new Rng('seed');
    const used = new Rng('seed');
    draw(used, 1000);
    expect(draw(used.fork('host:A'), 20)).toEqual(draw(fresh.fork('host:A'), 20));
  });

  it('forks distinct labels into distinct streams, and nested forks are stable', () => {
    const r = new Rng('seed');
    expect(draw(r.fork('host:A'), 8)).not.toEqual(draw(r.fork('host:B'), 8));
    expect(draw(r.fork('host:A'), 8)).not.toEqual(draw(new Rng('seed'), 8));
    expect(draw(r.fork('A').fork('tcp'), 5)).toEqual(draw(new Rng('seed').fork('A').fork('tcp'), 5));
  });

  it('int() stays within [min, max] inclusive and reaches both ends', () => {
    const r = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = r.int(-3, 3);
      expect(v).toBeGreaterThanOrEqual(-3);
      expect(v).toBeLessThanOrEqual(3);
      seen.add(v);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(r.int(5, 5)).toBe(5);
  });

  it('int() is roughly uniform (chi-square over 10 buckets)', () => {
    const r = new Rng('uniform');
    const counts = new Array(10).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[r.int(0, 9)]++;
    const expected = n / 10;
    const chi2 = counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: the 99.9th percentile is 27.9.
    expect(chi2).toBeLessThan(27.9);
  });

  it('int() handles ranges wider than 32 bits, like a 48-bit MAC suffix', () => {
    const r = new Rng('wide');
    for (let i = 0; i < 1000; i++) {
      const v = r.int(0, 2 ** 48 - 1);
      expect(Number.isInteger(v) && v >= 0 && v < 2 ** 48).toBe(true);
    }
    const hi = Array.from({ length: 200 }, () => r.int(0, 2 ** 40));
    expect(hi.some((v) => v > 2 ** 33)).toBe(true);
  });

  it('int() refuses an empty or non-integer range', () => {
    const r = new Rng(0);
    expect(() => r.int(3, 2)).toThrow(RangeError);
    expect(() => r.int(0, 1.5)).toThrow(RangeError);
  });

  it('float() lies in [0, 1) and averages about one half', () => {
    const r = new Rng('f');
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = r.float();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(Math.abs(sum / 10_000 - 0.5)).toBeLessThan(0.02);
  });

  it('bytes() returns the requested length, reproducibly', () => {
    const a = new Rng('b').bytes(7);
    expect(a.length).toBe(7);
    expect(a).toEqual(new Rng('b').bytes(7));
    expect(new Rng('b').bytes(0).length).toBe(0);
  });
});

// sfc32(cyrb128("netsim")) after skipping 15 outputs, checked against the reference JS implementation.
const GOLDEN_NETSIM = [1578901278, 386476837, 3847166700, 2344857197];
