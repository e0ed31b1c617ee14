import { describe, it, expect } from 'vitest';
import { free } from './free.ts';
import { run } from '../testing/fake-process.ts';

describe('free', () => {
  it('lines up its columns as procps', async () => {
    const lines = (await run(free, { argv: ['free'] })).stdout.split('\n');
    expect(lines[0]).toBe('               total        used        free      shared  buff/cache   available');
    expect(lines[1]).toMatch(/^Mem: {9}2014948 +\d+ +\d+ +1120 +262000 +\d+$/);
    expect(lines[1].length).toBe(lines[0].length);
    expect(lines[2]).toBe('Swap:         998396           0      998396');
  });
});
