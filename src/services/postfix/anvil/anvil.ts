// anvil(8): smtpd reports each connection of a client outside $mynetworks (the limit exceptions);
// anvil keeps the connection rate (per $anvil_rate_time_unit, 60 s) and concurrent count per
// "service:address", and logs its maxima when it exits (reload, stop) or every
// $anvil_status_update_time (600 s) after activity, as in ../fidelity/smtp/logs/mail.log.full:
// "statistics: max connection rate 4/60s for (smtp:192.168.0.28) at Nov 22 03:34:14".
import type { Timer } from '../../../engine/scheduler.ts';
import { ctimeDate } from '../../mail/mbox.ts';

const RATE_UNIT_SECONDS = 60;
const STATUS_UPDATE_SECONDS = 600;
const SECOND = 1_000_000_000;

interface Client {
  count: number;
  rate: number;
  windowStart: number;
}

interface Max {
  value: number;
  ident: string;
  at: number;
}

export interface AnvilHost {
  /** Wall-clock ms now, and shifted to the local zone (for the "at Nov 22 03:34:14" stamps). */
  nowMs(): number;
  localMs(ms: number): number;
  after(ns: number, fn: () => void): Timer;
  /** A log line as the anvil process (started if needed). */
  log(line: string): void;
}

export class Anvil {
  private readonly clients = new Map<string, Client>();
  private maxRate: Max | null = null;
  private maxCount: Max | null = null;
  private maxCache: Max | null = null;
  private timer: Timer | null = null;

  constructor(private readonly host: AnvilHost) {}

  /** smtpd: a client connected ("smtp:192.168.0.28"). */
  connect(ident: string): void {
    const now = this.host.nowMs();
    let c = this.clients.get(ident);
    if (c === undefined) {
      c = { count: 0, rate: 0, windowStart: now };
      this.clients.set(ident, c);
    }
    if (now - c.windowStart >= RATE_UNIT_SECONDS * 1000) {
      c.windowStart = now;
      c.rate = 0;
    }
    c.count += 1;
    c.rate += 1;
    if (this.maxRate === null || c.rate > this.maxRate.value) this.maxRate = { value: c.rate, ident, at: now };
    if (this.maxCount === null || c.count > this.maxCount.value) this.maxCount = { value: c.count, ident, at: now };
    if (this.maxCache === null || this.clients.size > this.maxCache.value) this.maxCache = { value: this.clients.size, ident: '', at: now };
    this.timer ??= this.host.after(STATUS_UPDATE_SECONDS * SECOND, () => {
      this.timer = null;
      this.report();
    });
  }

  /** smtpd: that client's session ended. */
  disconnect(ident: string): void {
    const c = this.clients.get(ident);
    if (c !== undefined && c.count > 0) c.count -= 1;
  }

  /** anvil_status_dump(): the maxima since the last report, then they start again. */
  report(): void {
    const at = (ms: number): string => ctimeDate(this.host.localMs(ms)).slice(4, 19);
    if (this.maxRate !== null && this.maxRate.value > 0) {
      this.host.log(`statistics: max connection rate ${this.maxRate.value}/${RATE_UNIT_SECONDS}s for (${this.maxRate.ident}) at ${at(this.maxRate.at)}`);
    }
    if (this.maxCount !== null && this.maxCount.value > 0) {
      this.host.log(`statistics: max connection count ${this.maxCount.value} for (${this.maxCount.ident}) at ${at(this.maxCount.at)}`);
    }
    if (this.maxCache !== null && this.maxCache.value > 0) this.host.log(`statistics: max cache size ${this.maxCache.value} at ${at(this.maxCache.at)}`);
    this.maxRate = null;
    this.maxCount = null;
    this.maxCache = null;
    this.timer?.cancel();
    this.timer = null;
  }

  /** Whether anything was recorded since the last report (the process exists then). */
  get active(): boolean {
    return this.maxCache !== null;
  }
}
