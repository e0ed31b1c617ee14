// IMAP dates (RFC 3501 section 9: date-time "22-Nov-2026 03:33:55 +0000" for INTERNALDATE and
// APPEND, date "22-Nov-2026" for SEARCH BEFORE/ON/SINCE) and the ctime date of mbox From_ lines,
// which local(8) writes in the host's local time.

import { zoneTime } from '../../../os/syslog/time-zone.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Offset (minutes east of UTC) of a zone at an instant. */
export function zoneOffset(zone: string, utcMs: number): number {
  return zoneTime(zone, utcMs).offsetMinutes;
}

/** INTERNALDATE: "dd-Mon-yyyy hh:mm:ss +zzzz" (day padded with a zero as Dovecot writes it). */
export function formatInternalDate(utcMs: number, offsetMinutes: number): string {
  const d = new Date(utcMs + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${pad2(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${sign}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`;
}

function monthIndex(name: string): number {
  return MONTHS.findIndex((m) => m.toLowerCase() === name.toLowerCase());
}

/** SEARCH date "1-Feb-1994": the UTC midnight of that day in ms, or null. */
export function parseSearchDate(s: string): number | null {
  const m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(s);
  if (m === null) return null;
  const month = monthIndex(m[2] ?? '');
  const day = Number(m[1]);
  if (month < 0 || day < 1 || day > 31) return null;
  return Date.UTC(Number(m[3]), month, day);
}

/** APPEND date-time " 2-Feb-1994 21:52:25 -0800" (day may be space-padded): UTC ms and zone, or null. */
export function parseDateTime(s: string): { utcMs: number; offsetMinutes: number } | null {
  const m = /^([ \d]?\d)-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(s);
  if (m === null) return null;
  const month = monthIndex(m[2] ?? '');
  if (month < 0) return null;
  const offset = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  const local = Date.UTC(Number(m[3]), month, Number((m[1] ?? '').trim()), Number(m[4]), Number(m[5]), Number(m[6]));
  return { utcMs: local - offset * 60_000, offsetMinutes: offset };
}

/** The date of a From_ line ("From sender  Sun Nov 22 03:33:55 2026"), read in `zone`: UTC ms or null. */
export function parseFromLineDate(fromLine: string, zone: string): number | null {
  const m = /([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (?:[A-Z]{3,5} )?(\d{4})\s*$/.exec(fromLine);
  if (m === null) return null;
  const month = monthIndex(m[1] ?? '');
  if (month < 0) return null;
  const local = Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  // Local wall time -> UTC: the offset in effect at that instant (two passes around a DST switch).
  const first = local - zoneOffset(zone, local) * 60_000;
  return local - zoneOffset(zone, first) * 60_000;
}

/** RFC 2822 Date: header -> UTC ms (SEARCH SENTBEFORE...), or null. */
export function parseRfc2822Date(value: string): number | null {
  const m = /(\d{1,2})\s+([A-Za-z]{3})\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Z]{1,5})?/.exec(value);
  if (m === null) return null;
  const month = monthIndex(m[2] ?? '');
  if (month < 0) return null;
  let year = Number(m[3]);
  if (year < 50) year += 2000;
  else if (year < 100) year += 1900;
  const local = Date.UTC(year, month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? '0'));
  const z = m[7] ?? '+0000';
  const offset = /^[+-]\d{4}$/.test(z) ? (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5))) : 0;
  return local - offset * 60_000;
}
