// The running Postfix of one host, owned by its master process: configuration (re-read on
// reload), the queue directories, the daemon processes, and the paths a message takes through
// them: smtpd or pickup -> cleanup -> qmgr -> local / smtp -> (bounce). Log lines carry the pid of
// the daemon that writes them on Debian, with its texts (../fidelity/smtp/logs/mail.log).
import type { Process } from '../../../os/program.ts';
import { syslogOf } from '../../../os/services/host-services.ts';
import type { Severity } from '../../../os/syslog/syslog.ts';
import { localDomains, loadPostfixConfig, numberOf, timeOf, type PostfixConfig } from '../config-view.ts';
import { cleanupMessage, localReceived } from '../cleanup/cleanup.ts';
import { mailDate, type SmtpdZone } from '../smtpd/received.ts';
import { QueueStore } from '../queue/queue-store.ts';
import type { QueueOrigin, QueuedMessage, QueueRecipient } from '../queue/queue-file.ts';
import { DaemonChildren } from './children.ts';
import { QueueManager } from '../qmgr/qmgr.ts';
import { Pickup } from '../pickup/pickup.ts';
import { SmtpdServer } from '../smtpd-server/smtpd-server.ts';
import { Anvil } from '../anvil/anvil.ts';
import { zoneTime } from '../../../os/syslog/time-zone.ts';
import type { Credentials, FileSystem } from '../../../os/fs/types.ts';
import { UserDb } from '../../../os/users/user-db.ts';
import { readAliasesDb } from '../config/aliases.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
const dec = new TextDecoder();

/** What a submission brings to cleanup. */
export interface Submission {
  readonly queueId: string;
  readonly sender: string;
  readonly recipients: readonly { readonly address: string; readonly original: string }[];
  readonly data: Uint8Array;
  readonly received: string;
  readonly origin: QueueOrigin;
  readonly arrivalMs: number;
  /** Add missing headers and qualify header addresses (local_header_rewrite_clients). */
  readonly local: boolean;
  readonly fullName?: string;
}

/** Mail systems by host, for the commands that talk to master (postdrop's pickup trigger, postqueue -f). */
const running = new WeakMap<object, MailSystem>();

export function mailSystemOf(host: object): MailSystem | null {
  return running.get(host) ?? null;
}

interface Derived {
  readonly config: PostfixConfig;
  readonly timezone: string;
  readonly myhostname: string;
  readonly myorigin: string;
  readonly localDomains: Set<string>;
  /** alias_maps as files ("hash:/etc/aliases" -> /etc/aliases). */
  readonly aliasFiles: readonly string[];
}

function fileStamp(fs: FileSystem, path: string): number {
  const st = fs.stat(path, ROOT);
  return st.ok ? st.value.mtimeMs * 7 + st.value.size + st.value.ino * 13 : -1;
}

export class MailSystem {
  config: PostfixConfig;
  private derivedCache: Derived | null = null;
  private memoConfig: PostfixConfig | null = null;
  private readonly memoValues = new Map<string, number>();
  private usersCache: { stamp: number; db: UserDb } | null = null;
  private aliasesCache: { stamp: number; config: PostfixConfig; map: Map<string, string[]> } | null = null;
  readonly store: QueueStore;
  readonly children: DaemonChildren;
  readonly qmgr: QueueManager;
  readonly pickup: Pickup;
  readonly smtpd: SmtpdServer;
  readonly anvil: Anvil;

  constructor(readonly master: Process) {
    this.config = loadPostfixConfig(master.host, 'master', master.pid);
    this.store = new QueueStore(master.host.fs);
    this.children = new DaemonChildren(master, () => timeOf(this.config, 'max_idle', 100));
    this.qmgr = new QueueManager(this);
    this.pickup = new Pickup(this);
    this.smtpd = new SmtpdServer(this);
    this.anvil = new Anvil({
      nowMs: () => this.nowMs(),
      localMs: (ms) => ms + this.zone(ms).offsetMinutes * 60_000,
      after: (ns, fn) => this.host.scheduler.after(ns, fn),
      log: (line) => this.logAs('anvil', line),
    });
  }

  /** Opens port 25 and starts qmgr and pickup; returns master's fatal text on failure. */
  start(): string | null {
    if (this.config.fatal !== null) return this.config.fatal;
    this.store.createMissing();
    const err = this.smtpd.start();
    if (err !== null) return err;
    this.register();
    this.qmgr.start();
    this.pickup.start();
    return null;
  }

  stop(): void {
    if (this.anvil.active) this.anvil.report();
    this.unregister();
    this.smtpd.stop();
    this.pickup.stop();
    this.qmgr.stop();
    this.children.stopAll();
  }

  get host(): Process['host'] {
    return this.master.host;
  }

  register(): void {
    running.set(this.master.host, this);
  }

  unregister(): void {
    if (running.get(this.master.host) === this) running.delete(this.master.host);
  }

  /**
   * SIGHUP: main.cf again. The daemons' processes are replaced (new pids, as after a Postfix
   * reload); the listening sockets stay: inet_interfaces changes need "postfix stop" and "start".
   * Returns master's fatal text for a main.cf it cannot parse.
   */
  reload(): string | null {
    const next = loadPostfixConfig(this.master.host, 'master', this.master.pid);
    if (next.fatal !== null) return next.fatal;
    this.config = next;
    // The daemons exit; anvil says what it saw before it goes.
    if (this.anvil.active) this.anvil.report();
    this.children.retireIdle();
    this.children.pidOf('qmgr');
    this.children.pidOf('pickup');
    return null;
  }

  nowMs(): number {
    return this.master.host.wallTimeMs();
  }

  /** The host's time zone (/etc/timezone, read at start and reload) at an instant. */
  zone(epochMs: number): SmtpdZone {
    const z = zoneTime(this.derived().timezone, epochMs);
    return { offsetMinutes: z.offsetMinutes, name: z.abbreviation };
  }

  myhostname(): string {
    return this.derived().myhostname;
  }

  myorigin(): string {
    return this.derived().myorigin;
  }

  localDomains(): Set<string> {
    return this.derived().localDomains;
  }

  /** passwd and group as the daemons' lookups see them (read again when the files change). */
  users(): UserDb {
    const fs = this.host.fs;
    const stamp = fileStamp(fs, '/etc/passwd') + fileStamp(fs, '/etc/group') * 3;
    if (this.usersCache === null || this.usersCache.stamp !== stamp) this.usersCache = { stamp, db: UserDb.load(fs) };
    return this.usersCache.db;
  }

  /** The alias_maps tables merged (first table wins), re-read when a .db file changes. */
  aliases(): Map<string, string[]> {
    const stamp = this.aliasesStamp();
    if (this.aliasesCache === null || this.aliasesCache.stamp !== stamp || this.aliasesCache.config !== this.config) {
      const merged = new Map<string, string[]>();
      for (const path of this.derived().aliasFiles) {
        const db = readAliasesDb(this.host.fs, path);
        if (db !== null) for (const [k, v] of db) if (!merged.has(k)) merged.set(k, v);
      }
      this.aliasesCache = { stamp, config: this.config, map: merged };
    }
    return this.aliasesCache.map;
  }

  /** Values derived from main.cf once per configuration (the daemons read them per message). */
  private derived(): Derived {
    if (this.derivedCache === null || this.derivedCache.config !== this.config) {
      const r = this.host.fs.readFile('/etc/timezone', ROOT);
      const myhostname = this.config.get('myhostname');
      this.derivedCache = {
        config: this.config,
        timezone: r.ok ? dec.decode(r.value).trim() : 'Etc/UTC',
        myhostname,
        myorigin: this.config.get('myorigin') || myhostname,
        localDomains: localDomains(this.config),
        aliasFiles: this.config.getList('alias_maps').map((t) => t.replace(/^[a-z0-9]+:/, '')).filter((p) => p.startsWith('/')),
      };
    }
    return this.derivedCache;
  }

  /** An integer parameter of the current main.cf (memoized per configuration). */
  number(name: string, fallback: number): number {
    return this.memo(`n:${name}`, () => numberOf(this.config, name, fallback));
  }

  /** A time parameter in seconds (memoized per configuration). */
  time(name: string, fallback: number): number {
    return this.memo(`t:${name}`, () => timeOf(this.config, name, fallback));
  }

  private memo(key: string, compute: () => number): number {
    if (this.memoConfig !== this.config) {
      this.memoConfig = this.config;
      this.memoValues.clear();
    }
    let v = this.memoValues.get(key);
    if (v === undefined) {
      v = compute();
      this.memoValues.set(key, v);
    }
    return v;
  }

  /** One syslog line of a Postfix daemon: "postfix/NAME[PID]: message" in mail.log. */
  log(name: string, pid: number, message: string, severity: Severity = 'info'): void {
    syslogOf(this.host)?.log({ facility: 'mail', severity, tag: `postfix/${name}`, pid, message });
  }

  /** Log as the current process of a service (starting it if needed). */
  logAs(name: string, message: string, severity: Severity = 'info'): void {
    this.log(name, name === 'master' ? this.master.pid : this.children.pidOf(name), message, severity);
  }

  /** Modification times of the alias_maps .db files: daemons restart when they change. */
  aliasesStamp(): number {
    let stamp = 0;
    for (const path of this.derived().aliasFiles) {
      const st = this.host.fs.stat(`${path}.db`, ROOT);
      if (st.ok) stamp += st.value.mtimeMs + st.value.ino;
    }
    return stamp;
  }

  /** trivial-rewrite's append_at_myorigin: a bare local part gets "@$myorigin". */
  qualify(address: string): string {
    if (address === '' || address.includes('@')) return address;
    return `${address}@${this.myorigin()}`;
  }

  /**
   * cleanup(8): builds the queue file from a submission, logs its message-id, and hands it to
   * qmgr at once (which logs "from=..., size=..., nrcpt=N (queue active)"). Returns false when
   * the queue file cannot be written.
   */
  submit(s: Submission): boolean {
    const out = cleanupMessage({
      queueId: s.queueId,
      received: s.received,
      data: s.data,
      local: s.local,
      sender: s.sender,
      fullName: s.fullName,
      arrivalMs: s.arrivalMs,
      zone: this.zone(s.arrivalMs),
      myhostname: this.myhostname(),
      myorigin: this.myorigin(),
    });
    const recipients: QueueRecipient[] = s.recipients.map((r) => ({ address: this.qualify(r.address), original: r.original, done: false }));
    const message: QueuedMessage = {
      id: s.queueId,
      arrivalMs: s.arrivalMs,
      sender: this.qualify(s.sender),
      recipients,
      origin: s.origin,
      messageId: out.messageId,
      content: out.content,
      size: out.size,
      reason: '',
      nextAttemptMs: 0,
      backoffSeconds: 0,
    };
    if (!this.store.write('incoming', message)) return false;
    this.logAs('cleanup', `${s.queueId}: message-id=<${out.messageId}>`);
    this.qmgr.incoming(message);
    return true;
  }

  /** A message Postfix itself writes (bounce): new queue ID, cleanup, qmgr. */
  submitInternal(sender: string, recipient: string, data: Uint8Array, origin: QueueOrigin): string | null {
    const now = this.nowMs();
    const id = this.store.allocateId(now);
    if (id === null) return null;
    const received = localReceived(this.myhostname(), id, mailDate(now, this.zone(now)), null);
    const ok = this.submit({ queueId: id, sender, recipients: [{ address: recipient, original: recipient }], data, received, origin, arrivalMs: now, local: true });
    return ok ? id : null;
  }
}
