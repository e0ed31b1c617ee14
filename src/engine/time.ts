// Virtual time is an integer count of nanoseconds since the simulation started. A JS number holds
// integers exactly up to 2^53 ns, about 104 days: far beyond any lab session.

export const NS = 1;
export const US = 1_000;
export const MS = 1_000_000;
export const SECOND = 1_000_000_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/**
 * Virtual time as `seconds.nanoseconds` with nine digits (`12.000345000`), the way Wireshark shows
 * relative times at nanosecond resolution. Negative values keep their sign.
 */
export function formatTime(ns: number): string {
  const sign = ns < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(ns));
  const seconds = Math.floor(abs / SECOND);
  const frac = abs - seconds * SECOND;
  return `${sign}${seconds}.${String(frac).padStart(9, '0')}`;
}
