import { describe, it, expect } from 'vitest';
import { formatBytes } from './conversations.ts';

describe('conversation byte counts read like tshark', () => {
  it('are exact below 10000 bytes and whole SI units above (130,200 bytes read 130 kB)', () => {
    expect(formatBytes(54)).toBe('54 bytes');
    expect(formatBytes(9999)).toBe('9999 bytes');
    expect(formatBytes(10000)).toBe('10 kB');
    expect(formatBytes(130200)).toBe('130 kB');
    expect(formatBytes(12_345_678)).toBe('12 MB');
  });
});
