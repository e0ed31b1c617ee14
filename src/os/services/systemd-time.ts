// systemd's time formatting (src/basic/time-util.c of systemd 252): the absolute timestamp of
// `systemctl status` ("Sun 2026-11-22 03:33:55 UTC"), the relative one ("5s ago"), time spans
// ("6min 5.123s") and journalctl's short format prefix ("Nov 22 03:33:55"), in the host's time
// zone (UTC unless /etc/timezone says otherwise). Names follow LC_TIME (glibc's C and fr_FR tables).
import { localTime } from '../syslog/time-zone.ts';

const USEC_PER_MSEC = 1_000;
const USEC_PER_SEC = 1_000_000;
const USEC_PER_MINUTE = 60 * USEC_PER_SEC;
const USEC_PER_HOUR = 60 * USEC_PER_MINUTE;
const USEC_PER_DAY = 24 * USEC_PER_HOUR;
const USEC_PER_WEEK = 7 * USEC_PER_DAY;
/** systemd's month and year: 30.44 and 365.25 days. */
const USEC_PER_MONTH = 2_629_800 * USEC_PER_SEC;
const USEC_PER_YEAR = 31_557_600 * USEC_PER_SEC;

const C_ABDAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const C_ABMON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const FR_ABDAY = ['dim.', 'lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.'];
const FR_ABMON = ['janv.', 'févr.', 'mars', 'avril', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

const p2 = (n: number): string => String(n).padStart(2, '0');

/** FORMAT_TIMESTAMP: `%a %Y-%m-%d %H:%M:%S %Z`. */
export function formatTimestamp(ms: number, fr = false, zone = 'UTC'): string {
  const t = localTime(zone, ms);
  const day = (fr ? FR_ABDAY : C_ABDAY)[t.weekday];
  return `${day} ${t.year}-${p2(t.month + 1)}-${p2(t.day)} ${p2(t.hours)}:${p2(t.minutes)}:${p2(t.seconds)} ${t.abbreviation}`;
}

/** journalctl -o short: `%b %d %H:%M:%S` (the day zero-padded, unlike rsyslog's). */
export function formatShortTimestamp(ms: number, fr = false, zone = 'UTC'): string {
  const t = localTime(zone, ms);
  const mon = (fr ? FR_ABMON : C_ABMON)[t.month];
  return `${mon} ${p2(t.day)} ${p2(t.hours)}:${p2(t.minutes)}:${p2(t.seconds)}`;
}

/** FORMAT_TIMESTAMP_RELATIVE: "5s ago", "1min 5s ago", "2h 3min ago", "3 days ago". */
export function formatRelative(thenMs: number, nowMs: number): string {
  let d: number;
  let s: string;
  if (nowMs >= thenMs) {
    d = (nowMs - thenMs) * USEC_PER_MSEC;
    s = 'ago';
  } else {
    d = (thenMs - nowMs) * USEC_PER_MSEC;
    s = 'left';
  }
  const f = Math.floor;
  if (d >= USEC_PER_YEAR) {
    const years = f(d / USEC_PER_YEAR);
    const months = f((d % USEC_PER_YEAR) / USEC_PER_MONTH);
    return `${years} ${years === 1 ? 'year' : 'years'} ${months} ${months === 1 ? 'month' : 'months'} ${s}`;
  }
  if (d >= USEC_PER_MONTH) {
    const months = f(d / USEC_PER_MONTH);
    const days = f((d % USEC_PER_MONTH) / USEC_PER_DAY);
    return `${months} ${months === 1 ? 'month' : 'months'} ${days} ${days === 1 ? 'day' : 'days'} ${s}`;
  }
  if (d >= USEC_PER_WEEK) {
    const weeks = f(d / USEC_PER_WEEK);
    const days = f((d % USEC_PER_WEEK) / USEC_PER_DAY);
    return `${weeks} ${weeks === 1 ? 'week' : 'weeks'} ${days} ${days === 1 ? 'day' : 'days'} ${s}`;
  }
  if (d >= 2 * USEC_PER_DAY) return `${f(d / USEC_PER_DAY)} days ${s}`;
  if (d >= 25 * USEC_PER_HOUR) return `1 day ${f((d - USEC_PER_DAY) / USEC_PER_HOUR)}h ${s}`;
  if (d >= 6 * USEC_PER_HOUR) return `${f(d / USEC_PER_HOUR)}h ${s}`;
  if (d >= USEC_PER_HOUR) return `${f(d / USEC_PER_HOUR)}h ${f((d % USEC_PER_HOUR) / USEC_PER_MINUTE)}min ${s}`;
  if (d >= 5 * USEC_PER_MINUTE) return `${f(d / USEC_PER_MINUTE)}min ${s}`;
  if (d >= USEC_PER_MINUTE) return `${f(d / USEC_PER_MINUTE)}min ${f((d % USEC_PER_MINUTE) / USEC_PER_SEC)}s ${s}`;
  if (d >= USEC_PER_SEC) return `${f(d / USEC_PER_SEC)}s ${s}`;
  if (d >= USEC_PER_MSEC) return `${f(d / USEC_PER_MSEC)}ms ${s}`;
  if (d > 0) return `${d}us ${s}`;
  return 'now';
}

const SPAN_TABLE: readonly (readonly [string, number])[] = [
  ['y', USEC_PER_YEAR],
  ['month', USEC_PER_MONTH],
  ['w', USEC_PER_WEEK],
  ['d', USEC_PER_DAY],
  ['h', USEC_PER_HOUR],
  ['min', USEC_PER_MINUTE],
  ['s', USEC_PER_SEC],
  ['ms', USEC_PER_MSEC],
  ['us', 1],
];

/** FORMAT_TIMESPAN(usec, accuracy): "6min 5.123s" with millisecond accuracy, "43ms". */
export function formatTimespan(usec: number, accuracyUsec = USEC_PER_MSEC): string {
  let t = Math.floor(usec);
  if (t <= 0) return '0';
  const parts: string[] = [];
  for (const [suffix, unit] of SPAN_TABLE) {
    if (t <= 0) break;
    if (t < accuracyUsec && parts.length > 0) break;
    if (t < unit) continue;
    const a = Math.floor(t / unit);
    let b = t % unit;
    let done = false;
    // Below a minute, a remainder is shown as decimals down to the accuracy.
    if (t < USEC_PER_MINUTE && b > 0) {
      let j = 0;
      for (let cc = unit; cc > 1; cc = Math.floor(cc / 10)) j++;
      for (let cc = accuracyUsec; cc > 1; cc = Math.floor(cc / 10)) {
        b = Math.floor(b / 10);
        j--;
      }
      if (j > 0) {
        parts.push(`${a}.${String(b).padStart(j, '0')}${suffix}`);
        t = 0;
        done = true;
      }
    }
    if (!done) {
      parts.push(`${a}${suffix}`);
      t = b;
    }
  }
  return parts.length > 0 ? parts.join(' ') : '0';
}
