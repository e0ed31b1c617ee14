import { describe, it, expect } from 'vitest';
import { formatRelative, formatShortTimestamp, formatTimespan, formatTimestamp } from './systemd-time.ts';

const T = Date.UTC(2026, 10, 22, 3, 33, 55);

describe('systemd time formats', () => {
  it('prints status timestamps and journal prefixes as systemd 252', () => {
    expect(formatTimestamp(T)).toBe('Sun 2026-11-22 03:33:55 UTC');
    expect(formatTimestamp(T, true, 'Europe/Paris')).toBe('dim. 2026-11-22 04:33:55 CET');
    expect(formatShortTimestamp(Date.UTC(2026, 10, 7, 15, 10, 33))).toBe('Nov 07 15:10:33');
  });

  it('says how long ago in systemd\'s steps', () => {
    expect(formatRelative(T, T)).toBe('now');
    expect(formatRelative(T, T + 5_000)).toBe('5s ago');
    expect(formatRelative(T, T + 65_000)).toBe('1min 5s ago');
    expect(formatRelative(T, T + 7 * 60_000)).toBe('7min ago');
    expect(formatRelative(T, T + 2 * 3600_000 + 3 * 60_000)).toBe('2h 3min ago');
    expect(formatRelative(T, T + 3 * 86400_000)).toBe('3 days ago');
  });

  it('formats durations with millisecond accuracy', () => {
    expect(formatTimespan(65_123_000)).toBe('1min 5.123s');
    expect(formatTimespan(43_000)).toBe('43ms');
    expect(formatTimespan(5_000_000)).toBe('5s');
  });
});
