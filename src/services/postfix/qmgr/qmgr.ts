// qmgr(8): takes new mail from incoming/ into active/, hands each recipient to its transport
// (local for $mydestination, smtp for the rest, through $relayhost when set), logs the result of
// each attempt, then removes the message, or moves it to deferred/ with Postfix's backoff (its age,
// clamped to $minimal_backoff_time..$maximal_backoff_time), retried at the deferred-queue scans every
// $queue_run_delay, returned to the sender after $maximal_queue_lifetime.
import type { Timer } from '../../../engine/scheduler.ts';
import { nonDeliveryReport, type BouncedRecipient } from '../bounce/bounce.ts';
import { statusLine, type DeliveryStatus } from '../delivery-log.ts';
import { deliverLocal } from '../local/local.ts';
import type { MailSystem } from '../master/mail-system.ts';
import type { QueuedMessage, QueueRecipient } from '../queue/queue-file.ts';
import type { QueueName } from '../queue/queue-store.ts';
import { deliverSmtp } from '../smtp/smtp-delivery.ts';

const MS = 1_000_000;
const SECOND = 1_000_000_000;

interface Outcome {
  readonly rcpt: QueueRecipient;
  readonly status: DeliveryStatus;
  readonly dsn: string;
  readonly text: string;
  readonly bounce?: BouncedRecipient;
}

export class QueueManager {
  private readonly busy = new Set<string>();
  private scanTimer: Timer | null = null;
  private stopped = false;

  constructor(private readonly sys: MailSystem) {}

  /** At start: whatever earlier runs left in incoming/ and active/, then the due deferred mail. */
  start(): void {
    this.sys.children.pidOf('qmgr');
    for (const q of ['active', 'incoming'] as const) {
      for (const id of this.sys.store.list(q)) {
        const m = this.sys.store.read(q, id);
        if (m !== null) this.take(q, m);
      }
    }
    this.scanDeferred(false);
    this.armScan();
  }

  stop(): void {
    this.stopped = true;
    this.scanTimer?.cancel();
    this.scanTimer = null;
  }

  /** cleanup finished a queue file: qmgr logs it and schedules its delivery. */
  incoming(m: QueuedMessage): void {
    this.take('incoming', m);
  }

  /** postqueue -f / sendmail -q: every deferred message now. */
  flush(): void {
    this.scanDeferred(true);
  }

  private armScan(): void {
    if (this.stopped) return;
    const delay = this.sys.time('queue_run_delay', 300);
    this.scanTimer = this.sys.host.scheduler.after(Math.max(1, delay) * SECOND, () => {
      this.scanDeferred(false);
      this.armScan();
    });
  }

  private scanDeferred(all: boolean): void {
    const now = this.sys.nowMs();
    for (const id of this.sys.store.list('deferred')) {
      if (this.busy.has(id)) continue;
      const m = this.sys.store.read('deferred', id);
      if (m === null || (!all && m.nextAttemptMs > now)) continue;
      this.take('deferred', m);
    }
  }

  private take(from: QueueName, m: QueuedMessage): void {
    if (this.busy.has(m.id) || this.stopped) return;
    this.busy.add(m.id);
    const pending = m.recipients.filter((r) => !r.done).length;
    this.sys.logAs('qmgr', `${m.id}: from=<${m.sender}>, size=${m.size}, nrcpt=${pending} (queue active)`);
    if (from !== 'active' && !this.sys.store.rename(from, 'active', m.id)) this.sys.store.move(from, 'active', m);
    const activeMs = this.sys.nowMs();
    // The delivery agents run after the current event (smtpd still has its reply to send).
    this.sys.host.scheduler.after(MS, () => {
      // The delivery is async (sockets, DNS): the driver must run its continuations now.
      this.sys.host.scheduler.noteAsyncWake();
      void this.deliver(m, activeMs).finally(() => this.busy.delete(m.id));
    });
  }

  private async deliver(m: QueuedMessage, activeMs: number): Promise<void> {
    const sys = this.sys;
    const lifetime = m.sender === '' ? sys.time('bounce_queue_lifetime', 5 * 86400) : sys.time('maximal_queue_lifetime', 5 * 86400);
    const outcomes: Outcome[] = [];
    if (m.reason !== '' && sys.nowMs() - m.arrivalMs >= lifetime * 1000) {
      sys.logAs('qmgr', `${m.id}: from=<${m.sender}>, status=expired, returned to sender`);
      for (const r of m.recipients.filter((x) => !x.done)) {
        outcomes.push({ rcpt: r, status: 'bounced', dsn: '4.4.7', text: m.reason, bounce: { address: r.address, original: r.original, dsn: '4.4.7', reason: m.reason } });
      }
    } else {
      const local = sys.localDomains();
      const relayhost = sys.config.get('relayhost').trim();
      const byNexthop = new Map<string, QueueRecipient[]>();
      const localRcpts: QueueRecipient[] = [];
      for (const r of m.recipients) {
        if (r.done) continue;
        const at = r.address.lastIndexOf('@');
        const domain = at < 0 ? '' : r.address.slice(at + 1).toLowerCase();
        if (at < 0 || local.has(domain)) localRcpts.push(r);
        else {
          const hop = relayhost !== '' ? relayhost : domain;
          byNexthop.set(hop, [...(byNexthop.get(hop) ?? []), r]);
        }
      }
      if (localRcpts.length > 0) outcomes.push(...this.deliverLocally(m, localRcpts, activeMs));
      for (const [hop, rcpts] of byNexthop) outcomes.push(...(await this.deliverRemotely(m, hop, rcpts, activeMs)));
    }
    this.finish(m, outcomes);
  }

  private deliverLocally(m: QueuedMessage, rcpts: QueueRecipient[], activeMs: number): Outcome[] {
    const sys = this.sys;
    const stamp = sys.aliasesStamp();
    const table = 'table hash:/etc/aliases(0,lock|no_regsub|no_proxy|no_unauth|fold_fix|utf8_request) has changed -- restarting';
    sys.children.restartIfChanged('local', stamp, table, (pid, text) => sys.log('local', pid, text));
    const mailboxLimit = sys.number('mailbox_size_limit', 51200000);
    if (mailboxLimit > 0 && mailboxLimit < sys.number('message_size_limit', 10240000)) return this.localRefusesToStart(m, rcpts, activeMs);
    const lease = sys.children.acquire('local');
    sys.children.noteStamp('local', stamp);
    const start = sys.nowMs();
    const outcomes: Outcome[] = [];
    try {
      const spool = sys.config.get('mail_spool_directory') || '/var/mail';
      for (const r of rcpts) {
        const now = sys.nowMs();
        const results = deliverLocal({
          fs: sys.host.fs,
          queueId: m.id,
          sender: m.sender,
          recipient: r.address,
          original: r.original,
          content: m.content,
          localNowMs: now + sys.zone(now).offsetMinutes * 60_000,
          myorigin: sys.myorigin(),
          localDomains: sys.localDomains(),
          aliases: sys.aliases(),
          users: sys.users(),
          mailboxSizeLimit: sys.number('mailbox_size_limit', 51200000),
          recipientDelimiter: sys.config.get('recipient_delimiter'),
          mailSpoolDirectory: spool,
        });
        let status: DeliveryStatus = 'sent';
        let worst: (typeof results)[number] | undefined;
        for (const res of results) {
          let text = res.text;
          if (res.forwardTo !== undefined) {
            const id = sys.submitInternal(m.sender, res.forwardTo, m.content, { kind: 'local', uid: 0 });
            text = id === null ? 'forwarded' : `forwarded as ${id}`;
          }
          const end = sys.nowMs();
          sys.log('local', lease.pid, statusLine({
            queueId: m.id, recipient: res.recipient, original: r.original, relay: 'local',
            delays: { beforeQmgr: (activeMs - m.arrivalMs) / 1000, inQmgr: (start - activeMs) / 1000, connSetup: 0, transmission: (end - start) / 1000 },
            dsn: res.dsn, status: res.status, text,
          }));
          if (res.status === 'bounced') {
            outcomes.push({ rcpt: r, status: 'bounced', dsn: res.dsn, text: res.text, bounce: { address: res.recipient, original: r.original, dsn: res.dsn, reason: res.text } });
          }
          if (res.status === 'deferred') {
            status = 'deferred';
            worst = res;
          }
        }
        if (status === 'deferred' && worst !== undefined) outcomes.push({ rcpt: r, status: 'deferred', dsn: worst.dsn, text: worst.text });
        else if (!outcomes.some((o) => o.rcpt === r)) outcomes.push({ rcpt: r, status: 'sent', dsn: '2.0.0', text: 'delivered' });
      }
    } finally {
      lease.done();
    }
    return outcomes;
  }

  /**
   * local(8) exits at start when mailbox_size_limit < message_size_limit (a debconf answer can do
   * that): master throttles the transport and the error(8) agent defers the mail.
   */
  private localRefusesToStart(m: QueuedMessage, rcpts: QueueRecipient[], activeMs: number): Outcome[] {
    const sys = this.sys;
    const lease = sys.children.acquire('local');
    sys.log('local', lease.pid, 'fatal: main.cf configuration error: mailbox_size_limit is smaller than message_size_limit', 'crit');
    lease.done();
    sys.children.retire('local');
    sys.log('master', sys.master.pid, `warning: process /usr/lib/postfix/sbin/local pid ${lease.pid} exit status 1`, 'warning');
    sys.log('master', sys.master.pid, 'warning: /usr/lib/postfix/sbin/local: bad command startup -- throttling', 'warning');
    sys.logAs('qmgr', 'warning: private/local socket: malformed response', 'warning');
    sys.logAs('qmgr', 'warning: transport local failure -- see a previous warning/fatal/panic logfile record for the problem description', 'warning');
    const error = sys.children.acquire('error');
    const now = sys.nowMs();
    const outcomes = rcpts.map((r) => {
      sys.log('error', error.pid, statusLine({
        queueId: m.id, recipient: r.address, original: r.original, relay: 'local',
        delays: { beforeQmgr: (activeMs - m.arrivalMs) / 1000, inQmgr: (now - activeMs) / 1000, connSetup: 0, transmission: 0 },
        dsn: '4.3.0', status: 'deferred', text: 'unknown mail transport error',
      }));
      return { rcpt: r, status: 'deferred' as const, dsn: '4.3.0', text: 'unknown mail transport error' };
    });
    error.done();
    return outcomes;
  }

  private async deliverRemotely(m: QueuedMessage, hop: string, rcpts: QueueRecipient[], activeMs: number): Promise<Outcome[]> {
    const sys = this.sys;
    const lease = sys.children.acquire('smtp');
    const start = sys.nowMs();
    let connected = start;
    try {
      const proc = await lease.proc;
      const bracket = /^\[(.*)\](?::(\d+))?$/.exec(hop);
      const plain = /^([^:]*)(?::(\d+))?$/.exec(hop);
      const nexthop = bracket !== null ? `[${bracket[1] ?? ''}]` : (plain?.[1] ?? hop);
      const port = Number((bracket?.[2] ?? plain?.[2]) || 25);
      const results = await deliverSmtp({
        proc,
        nexthop,
        noMx: bracket !== null,
        port,
        sender: m.sender,
        recipients: rcpts.map((r) => r.address),
        content: m.content,
        size: m.size,
        myhostname: sys.myhostname(),
        ipv6Enabled: /all|ipv6/.test(sys.config.get('inet_protocols')),
        connectTimeout: sys.time('smtp_connect_timeout', 30),
        tlsLevel: sys.config.get('smtp_tls_security_level'),
        log: (line) => sys.log('smtp', lease.pid, line),
        mark: () => (connected = sys.nowMs()),
      });
      const end = sys.nowMs();
      return results.map((res, i) => {
        const r = rcpts.find((x) => x.address === res.address) ?? rcpts[i] ?? rcpts[0];
        if (r === undefined) throw new Error('qmgr: smtp result without recipient');
        const conn = res.relay === 'none' ? 0 : connected - start;
        sys.log('smtp', lease.pid, statusLine({
          queueId: m.id, recipient: res.address, original: r.original, relay: res.relay,
          delays: { beforeQmgr: (activeMs - m.arrivalMs) / 1000, inQmgr: (start - activeMs) / 1000, connSetup: conn / 1000, transmission: (end - start - conn) / 1000 },
          dsn: res.dsn, status: res.status, text: res.text,
        }));
        const bounce = res.status === 'bounced' ? { address: res.address, original: r.original, dsn: res.dsn, reason: res.text, remote: res.remote } : undefined;
        return { rcpt: r, status: res.status, dsn: res.dsn, text: res.text, bounce };
      });
    } finally {
      lease.done();
    }
  }

  /** After an attempt: bounce what failed for good, then remove the message or defer it. */
  private finish(m: QueuedMessage, outcomes: Outcome[]): void {
    const sys = this.sys;
    let reason = '';
    for (const o of outcomes) {
      if (o.status === 'deferred') reason = o.text;
      else o.rcpt.done = true;
    }
    const bounced = outcomes.flatMap((o) => (o.bounce !== undefined ? [o.bounce] : []));
    const doubleBounce = `double-bounce@${sys.myorigin()}`;
    // A bounce that bounces goes to the postmaster (2bounce_notice_recipient); from double-bounce, it is dropped.
    if (bounced.length > 0 && m.sender !== doubleBounce) {
      const toPostmaster = m.sender === '';
      const now = sys.nowMs();
      const report = nonDeliveryReport({
        queueId: m.id,
        sender: toPostmaster ? 'postmaster' : m.sender,
        arrivalMs: m.arrivalMs,
        nowMs: now,
        zone: sys.zone(now),
        myhostname: sys.myhostname(),
        myorigin: sys.myorigin(),
        recipients: bounced,
        content: m.content,
      });
      const lease = sys.children.acquire('bounce');
      const id = toPostmaster
        ? sys.submitInternal(doubleBounce, 'postmaster', report, { kind: 'bounce' })
        : sys.submitInternal('', m.sender, report, { kind: 'bounce' });
      if (id !== null) sys.log('bounce', lease.pid, `${m.id}: ${toPostmaster ? 'postmaster' : 'sender'} non-delivery notification: ${id}`);
      lease.done();
    }
    if (m.recipients.every((r) => r.done)) {
      sys.store.remove('active', m.id);
      sys.logAs('qmgr', `${m.id}: removed`);
      return;
    }
    const age = (sys.nowMs() - m.arrivalMs) / 1000;
    const backoff = Math.min(sys.time('maximal_backoff_time', 4000), Math.max(sys.time('minimal_backoff_time', 300), age));
    m.reason = reason;
    m.backoffSeconds = backoff;
    m.nextAttemptMs = sys.nowMs() + backoff * 1000;
    sys.store.move('active', 'deferred', m);
  }
}
