import { describe, it, expect } from 'vitest';
import { formatTime, MS, SECOND, US } from './time.ts';

describe('formatTime', () => {
  it('shows seconds with nine decimals like Wireshark at nanosecond resolution', () => {
    expect(formatTime(0)).toBe('0.000000000');
    expect(formatTime(12 * SECOND + 345 * US)).toBe('12.000345000');
    expect(formatTime(1 * MS + 7)).toBe('0.001000007');
  });

  it('keeps the sign of a negative delta', () => {
    expect(formatTime(-1500 * MS)).toBe('-1.500000000');
  });
});
