// /etc/shadow (shadow(5)): name:hash:lastchg:min:max:warn:inactive:expire:reserved, days since
// 1970-01-01; empty numeric fields mean "not set".
import { formatAccountFile, formatDays, parseAccountFile, parseDays, type AccountFile } from './colon-file.ts';

export interface ShadowEntry {
  name: string;
  /** "$6$salt$hash", "*" (no password possible), "!..." (locked), "" (no password). */
  hash: string;
  lastChange: number | null;
  minDays: number | null;
  maxDays: number | null;
  warnDays: number | null;
  inactiveDays: number | null;
  expireDay: number | null;
  reserved: string;
}

export type ShadowFile = AccountFile<ShadowEntry>;

const DAY_MS = 86_400_000;

/** The day count shadow stores for a wall-clock time. */
export function daysSinceEpoch(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

export function parseShadowLine(line: string): ShadowEntry | null {
  const f = line.split(':');
  if (f.length !== 9 || f[0] === '' || f[0].startsWith('#') || f[0].startsWith('+')) return null;
  const days = f.slice(2, 8).map(parseDays);
  if (days.some((d) => d === undefined)) return null;
  const [lastChange, minDays, maxDays, warnDays, inactiveDays, expireDay] = days as (number | null)[];
  return { name: f[0], hash: f[1], lastChange, minDays, maxDays, warnDays, inactiveDays, expireDay, reserved: f[8] };
}

export function formatShadowLine(e: ShadowEntry): string {
  const days = [e.lastChange, e.minDays, e.maxDays, e.warnDays, e.inactiveDays, e.expireDay].map(formatDays);
  return `${e.name}:${e.hash}:${days.join(':')}:${e.reserved}`;
}

export function parseShadow(text: string): ShadowFile {
  return parseAccountFile(text, parseShadowLine);
}

export function formatShadow(file: ShadowFile): string {
  return formatAccountFile(file, formatShadowLine);
}

/** A locked account: passwd -l puts '!' in front of the hash. */
export function isLocked(hash: string): boolean {
  return hash.startsWith('!');
}
