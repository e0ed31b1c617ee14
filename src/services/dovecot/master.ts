// /usr/sbin/dovecot, the master process (Debian 12, dovecot.service runs `dovecot -F`): reads
// /etc/dovecot/dovecot.conf, listens on the ports of the installed protocols, and for each
// connection forks a login process ("dovecot/pop3-login", user dovenull, one per connection as
// service_count = 1) which hands the client, once authenticated, to a mail process running as the
// user ("dovecot/pop3", mpid in the Login line). SIGHUP reloads the configuration, SIGTERM stops.
// Logs go through syslog as "dovecot: pop3-login: ...", facility mail.
import type { Credentials, FileSystem } from '../../os/fs/types.ts';
import { SIGHUP, SIGINT, SIGTERM, type ChildProcess, type Process } from '../../os/program.ts';
import { sdNotify, syslogOf } from '../../os/services/host-services.ts';
import type { SyslogSink } from '../../os/services/service-manager.ts';
import type { Severity } from '../../os/syslog/syslog.ts';
import { UserDb } from '../../os/users/user-db.ts';
import type { TcpConnection, TcpListener } from '../../stack/tcp/tcp-module.ts';
import { formatIpv4, parseCidr, parseIpv4, type Ipv4 } from '../../wire/addr.ts';
import { ConnectionDriver, type ProtocolEngine } from './connection-driver.ts';
import { loadHostConfig } from './host-config.ts';
import { HostMailFiles } from './host-mail-files.ts';
import { MboxMailStore } from './mbox-store.ts';
import { DovecotImap } from './imap/imap.ts';
import { MboxImapStore } from './imap/mbox-imap-store.ts';
import { HostImapFiles } from './host-imap-files.ts';
import { DovecotPop3 } from './pop3/pop3.ts';
import { dovecotSessionId } from './session-id.ts';
import { DOVECOT_VERSION, dovecotSettings, type DovecotSettings } from './settings.ts';
import { mailUser, pamAuthenticate } from './system-auth.ts';
import type { ConfSection } from './config.ts';

export const MASTER_PID_FILE = '/run/dovecot/master.pid';
/** Dovecot's FATAL_DEFAULT exit status. */
export const EXIT_FATAL = 89;

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
/** login-common CLIENT_LOGIN_TIMEOUT_MSECS (3 min); pop3 10 min; imap autologout 30 min. */
const LOGIN_IDLE_SECONDS = 180;
const MAIL_IDLE_SECONDS: Readonly<Record<string, number>> = { pop3: 600, imap: 1800 };

/** A protocol this Dovecot can serve: its engine, and the listeners that carry it. */
export interface ProtocolSupport {
  readonly name: 'pop3' | 'imap';
  /** inet_listener names: [plain, TLS]. */
  readonly listeners: readonly [string, string];
  readonly loginBinary: string;
  create(ctx: EngineContext): ProtocolEngine;
}

export interface EngineContext {
  readonly secured: boolean;
  readonly settings: DovecotSettings;
  readonly store: MboxMailStore;
  readonly fs: FileSystem;
  /** /etc/timezone (INTERNALDATE). */
  readonly zone: string;
  verify(user: string, password: string): boolean;
  /** A line for the mail process's log ("Disconnected: Logged out ..."). */
  log(line: string): void;
  readonly nowMs: () => number;
}

const POP3: ProtocolSupport = {
  name: 'pop3',
  listeners: ['pop3', 'pop3s'],
  loginBinary: '/usr/lib/dovecot/pop3-login',
  create: (ctx) =>
    new DovecotPop3({
      store: ctx.store,
      auth: { verify: (u, p) => ctx.verify(u, p) },
      secured: ctx.secured,
      disablePlaintextAuth: ctx.settings.disablePlaintextAuth || ctx.settings.ssl === 'required',
      stls: ctx.settings.ssl !== 'no',
      log: (line) => ctx.log(line),
      mechanisms: ctx.settings.authMechanisms.map((m) => m.toUpperCase()),
    }),
};

const IMAP: ProtocolSupport = {
  name: 'imap',
  listeners: ['imap', 'imaps'],
  loginBinary: '/usr/lib/dovecot/imap-login',
  create: (ctx) =>
    new DovecotImap({
      store: new MboxImapStore(new HostImapFiles(ctx.fs, ctx.settings.inboxPath, ctx.nowMs), ctx.zone, ctx.nowMs),
      auth: { verify: (u, p) => ctx.verify(u, p) },
      secured: ctx.secured,
      disablePlaintextAuth: ctx.settings.disablePlaintextAuth || ctx.settings.ssl === 'required',
      starttls: ctx.settings.ssl !== 'no',
      log: (line) => ctx.log(line),
      now: ctx.nowMs,
      zone: ctx.zone,
    }),
};

const PROTOCOLS = new Map<string, ProtocolSupport>([
  ['pop3', POP3],
  ['imap', IMAP],
]);

/** What the login process knows when the client leaves before logging in (both engines). */
function loginState(engine: ProtocolEngine): { attempts: number; user: string; reason: string | null } {
  const e = engine as ProtocolEngine & {
    authAttempts?: number | { readonly count: number; readonly user: string | null };
    attemptedUser?: string | null;
    disconnectReason?: string | null;
  };
  const a = e.authAttempts;
  if (typeof a === 'object') return { attempts: a.count, user: a.user ?? '', reason: e.disconnectReason ?? null };
  return { attempts: a ?? 0, user: e.attemptedUser ?? '', reason: e.disconnectReason ?? null };
}

/** A logged-in session, as `doveadm who` lists it. */
export interface ActiveSession {
  readonly user: string;
  readonly protocol: string;
  readonly pid: number;
  readonly ip: string;
}

/** The master running on each host (doveadm asks it, as it asks the real one over its socket). */
const RUNNING = new WeakMap<object, { sessions(): ActiveSession[] }>();

export function runningMaster(host: object): { sessions(): ActiveSession[] } | null {
  return RUNNING.get(host) ?? null;
}

function deferred(proc: Process): { promise: Promise<void>; resolve(): void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return {
    promise,
    resolve: () => {
      resolve();
      proc.host.scheduler.noteAsyncWake();
    },
  };
}

function userCred(proc: Process, name: string): Credentials {
  return UserDb.load(proc.host.fs).credentialsOf(name) ?? ROOT;
}

/** auth_username_format = %Lu: the name passdb, userdb and the logs see is lower case. */
export function canonicalUser(typed: string): string {
  return typed.toLowerCase();
}

/**
 * mail_location mbox:~/mail: the mail process creates ~/mail and the INBOX index directory
 * (~/mail/.imap/INBOX) on the first login, owned by the user, mode 0700. (Dovecot's index files
 * inside it are not simulated.)
 */
function createMailRoot(fs: FileSystem, user: { uid: number; gid: number; home: string }): void {
  if (!fs.stat(user.home, ROOT).ok) return;
  let dir = user.home;
  for (const part of ['mail', '.imap', 'INBOX']) {
    dir = `${dir}/${part}`;
    if (fs.stat(dir, ROOT).ok) continue;
    if (!fs.mkdir(dir, ROOT, { mode: 0o700 }).ok) return;
    fs.chown(dir, user.uid, user.gid, ROOT);
  }
}

/** The host's time zone as Debian keeps it in /etc/timezone. */
function hostZone(fs: FileSystem): string {
  const r = fs.readFile('/etc/timezone', ROOT);
  const z = r.ok ? new TextDecoder().decode(r.value).trim() : '';
  return z === '' ? 'Etc/UTC' : z;
}

/** Runs the master in this process until SIGTERM; the exit status. */
export async function runMaster(proc: Process, root: ConfSection): Promise<number> {
  return new Master(proc, root).run();
}

interface OpenListener {
  readonly listener: TcpListener;
  readonly protocol: ProtocolSupport;
  readonly tls: boolean;
  readonly key: string;
}

class Master {
  private settings: DovecotSettings;
  private readonly syslog: SyslogSink | null;
  private listeners: OpenListener[] = [];
  private readonly children = new Set<ChildProcess>();
  private authProcess: ChildProcess | null = null;
  private authWorker: ChildProcess | null = null;
  private readonly active = new Map<number, ActiveSession>();
  private readonly stopped: { promise: Promise<void>; resolve(): void };

  constructor(
    private readonly proc: Process,
    root: ConfSection,
  ) {
    this.settings = dovecotSettings(root);
    this.syslog = syslogOf(proc.host);
    this.stopped = deferred(proc);
  }

  log(message: string, severity: Severity = 'info'): void {
    this.syslog?.log({ facility: 'mail', severity, tag: 'dovecot', message });
  }

  async run(): Promise<number> {
    const fs = this.proc.host.fs;
    const protocols = this.served();
    const err = this.openListeners(protocols);
    if (err !== null) {
      for (const l of this.listeners) l.listener.close();
      this.log(`master: Error: ${err}`, 'err');
      this.log('master: Fatal: Failed to start listeners', 'crit');
      this.proc.stderr.write(`Error: ${err}\nFatal: Failed to start listeners\n`);
      return EXIT_FATAL;
    }
    fs.mkdir('/run/dovecot', ROOT, { parents: true, mode: 0o755 });
    fs.writeFile(MASTER_PID_FILE, `${this.proc.pid}\n`, ROOT, { mode: 0o600 });
    this.log(`master: Dovecot v${DOVECOT_VERSION} starting up for ${protocols.map((p) => p.name).join(', ')} (core dumps disabled)`);
    // The helper services Dovecot starts with the master (ps shows them).
    this.helper('anvil', 'dovecot');
    this.helper('log', 'root');
    this.helper('config', 'root');
    this.proc.onSignal(SIGHUP, () => this.reload());
    this.proc.onSignal(SIGTERM, () => this.stopped.resolve());
    this.proc.onSignal(SIGINT, () => this.stopped.resolve());
    RUNNING.set(this.proc.host, { sessions: () => [...this.active.values()] });
    sdNotify(this.proc.host, this.proc.pid, 'READY=1');
    await this.stopped.promise;
    RUNNING.delete(this.proc.host);
    for (const l of this.listeners) l.listener.close();
    this.listeners = [];
    for (const c of this.children) c.kill(SIGTERM);
    fs.unlink(MASTER_PID_FILE, ROOT);
    return 0;
  }

  /** protocols= minus the ones whose package is not installed. */
  private served(): ProtocolSupport[] {
    const out: ProtocolSupport[] = [];
    for (const name of this.settings.protocols) {
      const p = PROTOCOLS.get(name);
      if (p !== undefined && this.proc.host.fs.stat(p.loginBinary, ROOT).ok && !out.includes(p)) out.push(p);
    }
    return out;
  }

  /** listen = "*, ::" -> 0.0.0.0 (the simulated stack is IPv4 only), else the IPv4 addresses given. */
  private addresses(): Ipv4[] {
    const out: Ipv4[] = [];
    for (const part of this.settings.listen.split(/[\s,]+/)) {
      const a = part === '*' ? 0 : parseIpv4(part);
      if (a !== null && !out.includes(a)) out.push(a);
    }
    return out;
  }

  /** Opens what is missing, closes what is no longer configured; an error text on failure. */
  private openListeners(protocols: readonly ProtocolSupport[]): string | null {
    const wanted: { key: string; protocol: ProtocolSupport; tls: boolean; address: Ipv4; port: number; name: string }[] = [];
    for (const p of protocols) {
      p.listeners.forEach((name, i) => {
        const port = this.settings.ports.get(name) ?? 0;
        if (port === 0) return;
        for (const address of this.addresses()) wanted.push({ key: `${p.name}/${name}/${address}/${port}`, protocol: p, tls: i === 1, address, port, name });
      });
    }
    const keep = new Set(wanted.map((w) => w.key));
    for (const l of this.listeners) if (!keep.has(l.key)) l.listener.close();
    this.listeners = this.listeners.filter((l) => keep.has(l.key));
    for (const w of wanted) {
      if (this.listeners.some((l) => l.key === w.key)) continue;
      const listener = this.proc.host.net.tcp.listen({ address: w.address, port: w.port, backlog: 100, owner: { pid: this.proc.pid, name: this.proc.comm } });
      if (typeof listener === 'string') {
        const where = w.address === 0 ? '*' : formatIpv4(w.address);
        return `service(${w.protocol.name}-login): listen(${where}, ${w.port}) failed: ${listener === 'EADDRINUSE' ? 'Address already in use' : listener}`;
      }
      const open: OpenListener = { listener, protocol: w.protocol, tls: w.tls, key: w.key };
      listener.onConnection.on((conn) => this.accept(open, conn));
      this.listeners.push(open);
    }
    return null;
  }

  private reload(): void {
    this.log('master: Warning: SIGHUP received - reloading configuration', 'warning');
    const cfg = loadHostConfig(this.proc.host.fs);
    if (!cfg.ok) {
      this.log(`master: Error: ${cfg.error}`, 'err');
      return;
    }
    const old = this.settings;
    this.settings = dovecotSettings(cfg.root);
    const err = this.openListeners(this.served());
    if (err !== null) {
      this.log(`master: Error: ${err}`, 'err');
      this.settings = old;
    }
  }

  private helper(name: string, user: string, argv: readonly string[] = [`dovecot/${name}`]): ChildProcess {
    const child = this.proc.fork(async (p) => {
      await new Promise<void>((resolve) => p.onSignal(SIGTERM, () => resolve()));
      return 0;
    }, { argv, comm: name, cred: userCred(this.proc, user) });
    this.children.add(child);
    void child.wait().then(() => this.children.delete(child));
    return child;
  }

  /**
   * Services started on demand by the first connection: auth (user dovecot), stats (every process
   * reports to it); the auth worker that runs PAM as root comes with the first login attempt.
   */
  private ensureAuth(): void {
    if (this.authProcess !== null) return;
    this.authProcess = this.helper('auth', 'dovecot');
    this.helper('stats', 'dovecot');
  }

  private ensureAuthWorker(): void {
    this.authWorker ??= this.helper('auth', 'root', ['dovecot/auth', '-w']);
  }

  private isSecured(rip: Ipv4, lip: Ipv4): boolean {
    if (rip === lip) return true;
    for (const n of this.settings.trustedNetworks) {
      const c = n.includes('/') ? parseCidr(n) : ((a) => (a === null ? null : { address: a, prefix: 32 }))(parseIpv4(n));
      if (c === null) continue;
      const mask = c.prefix === 0 ? 0 : (0xffffffff << (32 - c.prefix)) >>> 0;
      if (((rip & mask) >>> 0) === ((c.address & mask) >>> 0)) return true;
    }
    return false;
  }

  private accept(open: OpenListener, conn: TcpConnection): void {
    const proto = open.protocol;
    if (open.tls) {
      // No TLS in the simulation: a client's first bytes are not a handshake Dovecot accepts, and a
      // silent client is dropped at the login timeout.
      const timer = this.proc.host.scheduler.after(LOGIN_IDLE_SECONDS * 1e9, () => conn.close());
      conn.onData.on(() => {
        timer.cancel();
        conn.close();
      });
      conn.onClose.on(() => timer.cancel());
      return;
    }
    this.ensureAuth();
    const scheduler = this.proc.host.scheduler;
    const startNs = scheduler.now;
    const rip = formatIpv4(conn.remoteAddress);
    const lip = formatIpv4(conn.localAddress);
    const secured = this.isSecured(conn.remoteAddress, conn.localAddress);
    const session = dovecotSessionId(this.proc.host.wallTimeMs(), conn.remotePort, conn.remoteAddress);
    const settings = this.settings;
    const fs = this.proc.host.fs;
    const files = new HostMailFiles(fs, settings.inboxPath, () => this.proc.host.wallTimeMs());
    const store = new MboxMailStore(files);
    const loginDone = deferred(this.proc);
    const mailDone = deferred(this.proc);
    let delay = 0;
    let mailPrefix = `${proto.name}: `;
    const engine = proto.create({
      secured,
      settings,
      store,
      fs,
      zone: hostZone(fs),
      nowMs: () => this.proc.host.wallTimeMs(),
      log: (line) => this.log(`${mailPrefix}${line}`),
      verify: (user, password) => {
        const ok = this.verify(user, password, rip);
        if (!ok) delay = settings.authFailureDelay;
        return ok;
      },
    });
    const suffix = `rip=${rip}, lip=${lip}${secured ? ', secured' : ''}, session=<${session}>`;
    const driver = new ConnectionDriver(conn, engine, scheduler, {
      loginIdleSeconds: LOGIN_IDLE_SECONDS,
      mailIdleSeconds: MAIL_IDLE_SECONDS[proto.name] ?? 600,
      takeReplyDelay: () => {
        const d = delay;
        delay = 0;
        return d;
      },
      onLogin: (typed) => {
        const user = canonicalUser(typed);
        const cred = mailUser(fs, user);
        const mail = this.proc.fork(async () => {
          await mailDone.promise;
          return 0;
        }, { argv: [`dovecot/${proto.name}`], comm: proto.name, cred: cred === null ? ROOT : { uid: cred.uid, gid: cred.gid, groups: [...cred.groups] } });
        if (cred !== null) createMailRoot(fs, cred);
        this.children.add(mail);
        this.active.set(mail.pid, { user, protocol: proto.name, pid: mail.pid, ip: rip });
        void mail.wait().then(() => {
          this.children.delete(mail);
          this.active.delete(mail.pid);
        });
        conn.owner = { pid: mail.pid, name: proto.name };
        mailPrefix = `${proto.name}(${user})<${mail.pid}><${session}>: `;
        this.log(`${proto.name}-login: Login: user=<${user}>, method=PLAIN, rip=${rip}, lip=${lip}, mpid=${mail.pid}${secured ? ', secured' : ''}, session=<${session}>`);
        loginDone.resolve();
      },
      onEnd: (cause, wasLoggedIn) => {
        if (wasLoggedIn) {
          mailDone.resolve();
          return;
        }
        const st = loginState(engine);
        const secs = Math.floor((scheduler.now - startNs) / 1e9);
        const reason = cause === 'peer' ? 'Connection closed' : cause === 'timeout' ? 'Inactivity' : (st.reason ?? 'Aborted login by logging out');
        const extra = st.attempts === 0 ? `no auth attempts in ${secs} secs` : `auth failed, ${st.attempts} attempts in ${secs} secs`;
        this.log(`${proto.name}-login: Disconnected: ${reason} (${extra}): user=<${st.user}>, ${suffix}`);
        loginDone.resolve();
      },
    });
    const login = this.proc.fork(async (lp) => {
      lp.onSignal(SIGTERM, () => {
        conn.close();
        loginDone.resolve();
      });
      await loginDone.promise;
      return 0;
    }, { argv: [`dovecot/${proto.name}-login`], comm: `${proto.name}-login`, cred: userCred(this.proc, 'dovenull') });
    conn.owner = { pid: login.pid, name: `${proto.name}-login` };
    this.children.add(login);
    void login.wait().then(() => this.children.delete(login));
    driver.start();
  }

  /** passdb pam (in the auth worker) with its auth.log lines, userdb passwd's uid range. */
  private verify(typed: string, password: string, rip: string): boolean {
    this.ensureAuthWorker();
    const user = canonicalUser(typed);
    const fs = this.proc.host.fs;
    const ok = pamAuthenticate(fs, this.syslog, { service: 'dovecot', tty: 'dovecot', ruser: true, rhost: rip, tag: 'auth' }, user, password);
    if (!ok) return false;
    const u = mailUser(fs, user);
    if (u === null) return false;
    const s = this.settings;
    return u.uid >= s.firstValidUid && (s.lastValidUid === 0 || u.uid <= s.lastValidUid);
  }
}

