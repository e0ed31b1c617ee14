// Local time for log lines and dates without Intl's tz database: UTC and the European zones of
// the labs, whose summer time follows the EU rule (Directive 2000/84/EC): from the last Sunday of
// March to the last Sunday of October, both switches at 01:00 UTC.

/** Standard-time offset (minutes east of UTC) of the zones that follow the EU rule. */
const EU_ZONES: Record<string, { std: number; stdName: string; dstName: string }> = {
  'Europe/Paris': { std: 60, stdName: 'CET', dstName: 'CEST' },
  'Europe/Brussels': { std: 60, stdName: 'CET', dstName: 'CEST' },
  'Europe/Berlin': { std: 60, stdName: 'CET', dstName: 'CEST' },
  'Europe/Madrid': { std: 60, stdName: 'CET', dstName: 'CEST' },
  'Europe/Rome': { std: 60, stdName: 'CET', dstName: 'CEST' },
  'Europe/Luxembourg': { std: 60, stdName: 'CET', dstName: 'CEST' },
  'Europe/Zurich': { std: 60, stdName: 'CET', dstName: 'CEST' },
  'Europe/Amsterdam': { std: 60, stdName: 'CET', dstName: 'CEST' },
  CET: { std: 60, stdName: 'CET', dstName: 'CEST' },
  'Europe/London': { std: 0, stdName: 'GMT', dstName: 'BST' },
  'Europe/Lisbon': { std: 0, stdName: 'WET', dstName: 'WEST' },
  'Europe/Athens': { std: 120, stdName: 'EET', dstName: 'EEST' },
  'Europe/Helsinki': { std: 120, stdName: 'EET', dstName: 'EEST' },
};

export interface ZoneTime {
  /** Minutes east of UTC in effect at that instant. */
  readonly offsetMinutes: number;
  /** Abbreviation as date(1) prints it (UTC, CET, CEST...). */
  readonly abbreviation: string;
}

/** 00:00 UTC of the last Sunday of `month` (0-based) in `year`, in ms. */
function lastSunday(year: number, month: number): number {
  const lastDay = Date.UTC(year, month + 1, 0);
  const weekday = new Date(lastDay).getUTCDay();
  return lastDay - weekday * 86_400_000;
}

const HOUR_MS = 3_600_000;

/** Which offset a zone has at an instant; unknown zones are UTC (as glibc without tzdata). */
export function zoneTime(zone: string, utcMs: number): ZoneTime {
  const eu = EU_ZONES[zone];
  if (!eu) return { offsetMinutes: 0, abbreviation: 'UTC' };
  const year = new Date(utcMs).getUTCFullYear();
  const start = lastSunday(year, 2) + HOUR_MS;
  const end = lastSunday(year, 9) + HOUR_MS;
  const dst = utcMs >= start && utcMs < end;
  return dst ? { offsetMinutes: eu.std + 60, abbreviation: eu.dstName } : { offsetMinutes: eu.std, abbreviation: eu.stdName };
}

/** The fields of the local wall-clock time of an instant in a zone. */
export interface LocalTime {
  readonly year: number;
  /** 0-11 */
  readonly month: number;
  readonly day: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  /** 0 = Sunday */
  readonly weekday: number;
  readonly offsetMinutes: number;
  readonly abbreviation: string;
}

export function localTime(zone: string, utcMs: number): LocalTime {
  const z = zoneTime(zone, utcMs);
  const d = new Date(Math.floor(utcMs / 1000) * 1000 + z.offsetMinutes * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth(),
    day: d.getUTCDate(),
    hours: d.getUTCHours(),
    minutes: d.getUTCMinutes(),
    seconds: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
    offsetMinutes: z.offsetMinutes,
    abbreviation: z.abbreviation,
  };
}

/** "+01:00" (RFC 3339 section 5.6); UTC is "+00:00" as rsyslog writes it, not "Z". */
export function formatOffset(minutes: number, separator = ':'): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${separator}${String(abs % 60).padStart(2, '0')}`;
}
