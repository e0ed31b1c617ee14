// The journal as `systemctl status` reads it: per unit, the lines systemd wrote about the unit
// and what its processes printed or logged, each with its time, identifier, pid and priority.
// Kept in memory (systemd's journal is volatile on a stock Debian 12 without /var/log/journal).
import { formatShortTimestamp } from './systemd-time.ts';

import type { Severity } from '../syslog/syslog.ts';

/** syslog(3) priorities. */
export type Priority = Severity;

export const PRIORITY_LEVEL: Readonly<Record<Priority, number>> = {
  emerg: 0, alert: 1, crit: 2, err: 3, warning: 4, notice: 5, info: 6, debug: 7,
};

export interface JournalEntry {
  /** Wall-clock ms. */
  readonly timeMs: number;
  /** Virtual ns, to select the lines of the current run. */
  readonly ns: number;
  readonly hostname: string;
  /** SYSLOG_IDENTIFIER: "systemd", "postfix/master", "named". */
  readonly ident: string;
  readonly pid: number;
  readonly message: string;
  readonly priority: Priority;
}

/** How many lines each unit keeps (status shows the last 10). */
const KEEP = 500;

export class Journal {
  private readonly entries: JournalEntry[] = [];

  append(e: JournalEntry): void {
    this.entries.push(e);
    if (this.entries.length > KEEP) this.entries.splice(0, this.entries.length - KEEP);
  }

  /** Entries at or after `sinceNs`, the last `n` of them. */
  tail(n: number, sinceNs = 0): JournalEntry[] {
    const out = this.entries.filter((e) => e.ns >= sinceNs);
    return n >= out.length ? out : out.slice(out.length - n);
  }

  get size(): number {
    return this.entries.length;
  }
}

/** journalctl -o short: "Nov 22 03:33:55 vm systemd[1]: Started ...". */
export function formatJournalLine(e: JournalEntry, fr = false, zone = 'UTC'): string {
  return `${formatShortTimestamp(e.timeMs, fr, zone)} ${e.hostname} ${e.ident}[${e.pid}]: ${e.message}`;
}
