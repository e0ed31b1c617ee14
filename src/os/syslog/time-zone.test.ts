import { describe, it, expect } from 'vitest';
import { formatOffset, localTime, zoneTime } from './time-zone.ts';

describe('zoneTime', () => {
  it('is UTC for UTC and unknown zones', () => {
    expect(zoneTime('UTC', Date.UTC(2026, 6, 1))).toEqual({ offsetMinutes: 0, abbreviation: 'UTC' });
    expect(zoneTime('Etc/UTC', Date.UTC(2026, 6, 1)).offsetMinutes).toBe(0);
    expect(zoneTime('Mars/Olympus', Date.UTC(2026, 6, 1)).offsetMinutes).toBe(0);
  });

  // 2026: summer time from Sunday 29 March to Sunday 25 October, switching at 01:00 UTC.
  it('switches Europe/Paris to CEST at 01:00 UTC on the last Sunday of March', () => {
    expect(zoneTime('Europe/Paris', Date.UTC(2026, 2, 29, 0, 59, 59)).abbreviation).toBe('CET');
    expect(zoneTime('Europe/Paris', Date.UTC(2026, 2, 29, 1, 0, 0))).toEqual({ offsetMinutes: 120, abbreviation: 'CEST' });
  });

  it('switches back to CET at 01:00 UTC on the last Sunday of October', () => {
    expect(zoneTime('Europe/Paris', Date.UTC(2026, 9, 25, 0, 59, 59)).offsetMinutes).toBe(120);
    expect(zoneTime('Europe/Paris', Date.UTC(2026, 9, 25, 1, 0, 0))).toEqual({ offsetMinutes: 60, abbreviation: 'CET' });
  });

  it('gives the seeds\' November dates +0100 in Paris', () => {
    const t = localTime('Europe/Paris', Date.UTC(2026, 10, 7, 14, 10, 33));
    expect([t.day, t.hours, t.minutes, t.seconds, formatOffset(t.offsetMinutes, '')]).toEqual([7, 15, 10, 33, '+0100']);
  });

  it('rolls the date over at local midnight', () => {
    const t = localTime('Europe/Paris', Date.UTC(2026, 11, 31, 23, 30));
    expect([t.year, t.month, t.day, t.hours, t.weekday]).toEqual([2027, 0, 1, 0, 5]);
  });
});
