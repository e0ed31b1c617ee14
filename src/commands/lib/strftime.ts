// strftime(3) for the C and fr_FR locales of glibc 2.36, in UTC (the lab's hosts run in UTC, as
// the recording machine did). Supports GNU's flags (- _ 0 ^ #), widths, %N and %:z as date(1) does.
import type { Locale } from './locale.ts';

export interface TimeNames {
  abday: readonly string[];
  day: readonly string[];
  abmon: readonly string[];
  mon: readonly string[];
  amPm: readonly [string, string];
  dtFmt: string;
  dFmt: string;
  tFmt: string;
  tFmtAmPm: string;
  /** nl_langinfo(_DATE_FMT): what `date` prints with no format. */
  dateFmt: string;
}

export const C_TIME: TimeNames = {
  abday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  day: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  abmon: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  mon: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  amPm: ['AM', 'PM'],
  dtFmt: '%a %b %e %H:%M:%S %Y',
  dFmt: '%m/%d/%y',
  tFmt: '%H:%M:%S',
  tFmtAmPm: '%I:%M:%S %p',
  dateFmt: '%a %b %e %H:%M:%S %Z %Y',
};

export const FR_TIME: TimeNames = {
  abday: ['dim.', 'lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.'],
  day: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  abmon: ['janv.', 'févr.', 'mars', 'avril', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'],
  mon: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  amPm: ['', ''],
  dtFmt: '%a %d %b %Y %T',
  dFmt: '%d/%m/%Y',
  tFmt: '%T',
  tFmtAmPm: '',
  dateFmt: '%a %d %b %Y %T %Z',
};

export function timeNames(loc: Locale): TimeNames {
  return loc.fr ? FR_TIME : C_TIME;
}

const DAY_MS = 86_400_000;

function isoWeek(d: Date): { year: number; week: number } {
  // ISO 8601: the week belongs to the year of its Thursday.
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const thursday = day + (3 - ((d.getUTCDay() + 6) % 7)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  return { year, week: 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) };
}

function pad(n: number, width: number, fill: string): string {
  const neg = n < 0;
  const s = String(Math.abs(n));
  return (neg ? '-' : '') + (s.length >= width ? s : fill.repeat(width - s.length) + s);
}

/**
 * Formats `ms` (wall-clock milliseconds, UTC). `nanos` = sub-second nanoseconds for %N
 * (defaults to the milliseconds' part).
 */
export function strftime(fmt: string, ms: number, loc: Locale, zone = 'UTC', nanos?: number): string {
  const names = timeNames(loc);
  const d = new Date(ms);
  const ns = nanos ?? ((ms % 1000) + 1000) % 1000 * 1_000_000;
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch !== '%') {
      out += ch;
      continue;
    }
    let j = i + 1;
    let flag = '';
    while (j < fmt.length && '-_0^#'.includes(fmt[j])) flag += fmt[j++];
    let width = '';
    while (j < fmt.length && fmt[j] >= '0' && fmt[j] <= '9') width += fmt[j++];
    let colons = 0;
    while (fmt[j] === ':') {
      colons++;
      j++;
    }
    if (fmt[j] === 'E' || fmt[j] === 'O') j++;
    const conv = fmt[j];
    if (conv === undefined) {
      out += fmt.slice(i);
      break;
    }
    const w = width === '' ? -1 : Number(width);
    const upper = flag.includes('^');
    const swap = flag.includes('#');
    const num = (n: number, defWidth: number, defFill: '0' | ' ' = '0'): string => {
      let fill: string = defFill;
      if (flag.includes('_')) fill = ' ';
      if (flag.includes('0')) fill = '0';
      if (flag.includes('-')) return String(n);
      return pad(n, w >= 0 ? w : defWidth, fill);
    };
    const str = (s: string): string => {
      let v = upper ? s.toUpperCase() : swap ? s.toUpperCase() : s;
      if (w > v.length) v = (flag.includes('0') ? '0' : ' ').repeat(w - v.length) + v;
      return v;
    };
    const y = d.getUTCFullYear();
    const hour = d.getUTCHours();
    const yday = Math.floor((ms - Date.UTC(y, 0, 1)) / DAY_MS);
    const wday = d.getUTCDay();
    let r: string;
    switch (conv) {
      case '%': r = '%'; break;
      case 'a': r = str(names.abday[wday]); break;
      case 'A': r = str(names.day[wday]); break;
      case 'b': case 'h': r = str(names.abmon[d.getUTCMonth()]); break;
      case 'B': r = str(names.mon[d.getUTCMonth()]); break;
      case 'c': r = str(strftime(names.dtFmt, ms, loc, zone)); break;
      case 'C': r = num(Math.floor(y / 100), 2); break;
      case 'd': r = num(d.getUTCDate(), 2); break;
      case 'D': r = str(strftime('%m/%d/%y', ms, loc, zone)); break;
      case 'e': r = num(d.getUTCDate(), 2, ' '); break;
      case 'F': r = str(strftime('%Y-%m-%d', ms, loc, zone)); break;
      case 'g': r = num(isoWeek(d).year % 100, 2); break;
      case 'G': r = num(isoWeek(d).year, 1); break;
      case 'H': r = num(hour, 2); break;
      case 'I': r = num(hour % 12 === 0 ? 12 : hour % 12, 2); break;
      case 'j': r = num(yday + 1, 3); break;
      case 'k': r = num(hour, 2, ' '); break;
      case 'l': r = num(hour % 12 === 0 ? 12 : hour % 12, 2, ' '); break;
      case 'm': r = num(d.getUTCMonth() + 1, 2); break;
      case 'M': r = num(d.getUTCMinutes(), 2); break;
      case 'n': r = '\n'; break;
      case 'N': {
        const digits = String(ns).padStart(9, '0');
        r = w > 0 ? digits.slice(0, w).padEnd(w, '0') : digits;
        break;
      }
      case 'p': r = str(names.amPm[hour < 12 ? 0 : 1]); break;
      case 'P': r = names.amPm[hour < 12 ? 0 : 1].toLowerCase(); break;
      case 'r': r = str(strftime(names.tFmtAmPm || C_TIME.tFmtAmPm, ms, loc, zone)); break;
      case 'R': r = str(strftime('%H:%M', ms, loc, zone)); break;
      case 's': r = num(Math.floor(ms / 1000), 1); break;
      case 'S': r = num(d.getUTCSeconds(), 2); break;
      case 't': r = '\t'; break;
      case 'T': r = str(strftime('%H:%M:%S', ms, loc, zone)); break;
      case 'u': r = num(wday === 0 ? 7 : wday, 1); break;
      case 'U': r = num(Math.floor((yday + 7 - wday) / 7), 2); break;
      case 'V': r = num(isoWeek(d).week, 2); break;
      case 'w': r = num(wday, 1); break;
      case 'W': r = num(Math.floor((yday + 7 - ((wday + 6) % 7)) / 7), 2); break;
      case 'x': r = str(strftime(names.dFmt, ms, loc, zone)); break;
      case 'X': r = str(strftime(names.tFmt, ms, loc, zone)); break;
      case 'y': r = num(y % 100, 2); break;
      case 'Y': r = num(y, 1); break;
      case 'z': r = colons === 0 ? '+0000' : colons === 1 ? '+00:00' : colons === 2 ? '+00:00:00' : '+00'; break;
      case 'Z': r = str(zone); break;
      default: r = fmt.slice(i, j + 1);
    }
    out += r;
    i = j;
  }
  return out;
}
