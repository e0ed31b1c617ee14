// A small parse_datetime (gnulib) for `date -d` and `touch -d`: ISO dates and times, `@EPOCH`,
// `now`, `today`, `yesterday`, `tomorrow`, `N unit(s) [ago]`, month names, and combinations
// such as `2026-11-22 03:33:59` or `next day`. Times are UTC, as on the lab's hosts.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const UNITS: Record<string, number> = {
  sec: 1000, second: 1000, min: 60_000, minute: 60_000, hour: 3_600_000, day: 86_400_000,
  week: 7 * 86_400_000, fortnight: 14 * 86_400_000,
};

/** Milliseconds since the epoch, or null when the text is not a date GNU would accept. */
export function parseDate(text: string, nowMs: number): number | null {
  let s = text.trim().toLowerCase();
  if (s === '') return startOfDay(nowMs);
  const epoch = /^@(-?\d+(?:\.\d+)?)$/.exec(s);
  if (epoch) return Math.round(Number(epoch[1]) * 1000);
  const now = new Date(nowMs);
  let y = now.getUTCFullYear();
  let mo = now.getUTCMonth();
  let d = now.getUTCDate();
  let h = now.getUTCHours();
  let mi = now.getUTCMinutes();
  let sec = now.getUTCSeconds();
  let ms = now.getUTCMilliseconds();
  let dateSet = false;
  let timeSet = false;
  let offset = 0;
  const take = (re: RegExp): RegExpExecArray | null => {
    const m = re.exec(s);
    if (m) s = (s.slice(0, m.index) + ' ' + s.slice(m.index + m[0].length)).trim();
    return m;
  };
  let m: RegExpExecArray | null;
  if ((m = take(/(\d{4})-(\d{1,2})-(\d{1,2})(?:t|\b)/))) {
    y = Number(m[1]);
    mo = Number(m[2]) - 1;
    d = Number(m[3]);
    dateSet = true;
  } else if ((m = take(/\b(\d{1,2})\/(\d{1,2})\/(\d{2,4})\b/))) {
    mo = Number(m[1]) - 1;
    d = Number(m[2]);
    y = Number(m[3]) < 100 ? 2000 + Number(m[3]) - (Number(m[3]) >= 69 ? 100 : 0) : Number(m[3]);
    dateSet = true;
  } else if ((m = take(new RegExp(`\\b(\\d{1,2})\\s*(${MONTHS.join('|')})[a-z]*\\.?(?:\\s+(\\d{4}))?\\b`)))) {
    d = Number(m[1]);
    mo = MONTHS.indexOf(m[2]);
    if (m[3]) y = Number(m[3]);
    dateSet = true;
  } else if ((m = take(new RegExp(`\\b(${MONTHS.join('|')})[a-z]*\\.?\\s+(\\d{1,2})(?:,?\\s+(\\d{4}))?\\b`)))) {
    mo = MONTHS.indexOf(m[1]);
    d = Number(m[2]);
    if (m[3]) y = Number(m[3]);
    dateSet = true;
  }
  if ((m = take(/\b(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(am|pm)?/))) {
    h = Number(m[1]);
    mi = Number(m[2]);
    sec = m[3] ? Number(m[3]) : 0;
    ms = m[4] ? Number(('0.' + m[4])) * 1000 : 0;
    if (m[5] === 'pm' && h < 12) h += 12;
    if (m[5] === 'am' && h === 12) h = 0;
    timeSet = true;
  }
  take(/\b(utc|gmt|z)\b/);
  const tz = take(/([+-])(\d{2}):?(\d{2})\b/);
  // Words.
  while (s !== '') {
    if ((m = take(/^(now|today)\b/))) continue;
    if ((m = take(/^yesterday\b/))) {
      offset -= UNITS.day;
      continue;
    }
    if ((m = take(/^tomorrow\b/))) {
      offset += UNITS.day;
      continue;
    }
    if ((m = take(/^([+-]?\d+|next|last|a|an)?\s*(sec|second|min|minute|hour|day|week|fortnight|month|year)s?\b(\s+ago)?/))) {
      const nRaw = m[1] ?? '1';
      const n = nRaw === 'next' || nRaw === 'a' || nRaw === 'an' ? 1 : nRaw === 'last' ? -1 : Number(nRaw);
      const sign = m[3] ? -1 : 1;
      if (m[2] === 'month') mo += n * sign;
      else if (m[2] === 'year') y += n * sign;
      else offset += n * sign * UNITS[m[2]];
      continue;
    }
    return null;
  }
  if (dateSet && !timeSet) {
    h = 0;
    mi = 0;
    sec = 0;
    ms = 0;
  }
  if (mo < -1200 || mo > 1200 || d < 1 || d > 31 || h > 24 || mi > 59 || sec > 60) return null;
  let t = Date.UTC(y, mo, d, h, mi, sec, ms) + offset;
  if (tz) t -= (tz[1] === '-' ? -1 : 1) * (Number(tz[2]) * 60 + Number(tz[3])) * 60_000;
  return Number.isFinite(t) ? t : null;
}

function startOfDay(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}
