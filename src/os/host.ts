// One simulated Debian 12 machine: its file system (the Debian base tree), network stack,
// process table with init, program registry, /proc files and terminals. Programs see it as the
// `HostContext` of program.ts; the simulation drives it through this class.
import { Emitter } from '../engine/events.ts';
import type { Rng } from '../engine/rng.ts';
import type { Scheduler } from '../engine/scheduler.ts';
import { NetworkStack } from '../stack/host-stack.ts';
import { mountDebianDevices, populateDebianBase, type DebianBaseOptions } from './debian-base.ts';
import { MemoryFileSystem } from './fs/memory-fs.ts';
import type { Credentials, FileSystem } from './fs/types.ts';
import { ProcessTable } from './process/process-table.ts';
import type { ChildProcess, HostContext, ProcessInfo, SpawnError, SpawnOptions } from './program.ts';
import type { ProgramRegistry } from './programs-registry.ts';
import { KERNEL_RELEASE, KERNEL_VERSION, mountProcfs } from './procfs.ts';
import { Syslog } from './syslog/syslog.ts';
import { TerminalDevice } from './tty/terminal-device.ts';
import { UserDb } from './users/user-db.ts';

/** /etc/login.defs ENV_SUPATH and ENV_PATH of Debian 12. */
export const ROOT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
export const USER_PATH = '/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };

export interface HostOptions {
  hostname: string;
  scheduler: Scheduler;
  /** This host's own random stream (fork it from the simulation's per host). */
  rng: Rng;
  /** Programs that executables name; usually one registry shared by every host. */
  registry: ProgramRegistry;
  /** The host's stack (built by the simulation with its interfaces); a bare one otherwise. */
  net?: NetworkStack;
  /** Wall-clock ms since the epoch that virtual time 0 stands for. */
  startEpochMs?: number;
  /** LANG of login shells (C.UTF-8 unless the scenario's locale says fr_FR.UTF-8). */
  lang?: string;
  /** A file system to use as is (a restored one, /dev mounted again); by default a fresh Debian base tree. */
  fs?: FileSystem;
  /** Choices of the fresh base tree (installer user, password hashes, time zone...). */
  base?: Omit<DebianBaseOptions, 'hostname' | 'rng' | 'locale'>;
}

/** Hooks for a later layer (the service manager) to save and restore what runs. */
export interface HostServicesHook {
  serialize(): unknown;
}

/** What the UI persists of a host. */
export interface HostSnapshot {
  readonly version: 1;
  readonly hostname: string;
  readonly fs: unknown;
  /** The service manager's own data (which services were running), null without one. */
  readonly services: unknown;
}

export interface OpenTerminalOptions {
  /** Who is logged in (default root). */
  user?: string;
  columns?: number;
  rows?: number;
}

/** Virtual time 0 when no date is given: a fixed one, so logs and mtimes are reproducible. */
const DEFAULT_START_EPOCH_MS = Date.UTC(2026, 0, 5, 8, 0, 0);

export class Host implements HostContext {
  readonly fs: FileSystem;
  readonly net: NetworkStack;
  readonly scheduler: Scheduler;
  readonly rng: Rng;
  readonly registry: ProgramRegistry;
  readonly processes: ProcessTable;
  /** rsyslogd: daemons and programs log through it into /var/log/*. */
  readonly syslog: Syslog;
  readonly startEpochMs: number;
  readonly lang: string;
  /** Terminals open now, by name ("pts/0"). */
  readonly terminals = new Map<string, TerminalDevice>();
  /** Fired by boot(): the service manager starts the enabled services from here. */
  readonly onBoot = new Emitter<Host>();
  /** Set by the service manager; serialize() saves its data. */
  services: HostServicesHook | null = null;
  /** The services part of the snapshot this host was restored from (for the service manager). */
  restoredServices: unknown = null;
  private name: string;
  private bootNs = 0;
  private booted = false;

  constructor(opts: HostOptions) {
    this.name = opts.hostname;
    this.scheduler = opts.scheduler;
    this.rng = opts.rng;
    this.registry = opts.registry;
    this.startEpochMs = opts.startEpochMs ?? DEFAULT_START_EPOCH_MS;
    this.lang = opts.lang ?? 'C.UTF-8';
    this.net = opts.net ?? new NetworkStack({ scheduler: opts.scheduler, rng: opts.rng.fork('net'), hostname: opts.hostname });
    if (opts.fs !== undefined) {
      this.fs = opts.fs;
      // Devices keep only their inodes in a snapshot: their behaviour is code.
      if (opts.fs instanceof MemoryFileSystem) mountDebianDevices(opts.fs, opts.rng.fork('dev'));
    } else {
      const fs = new MemoryFileSystem({ now: () => this.wallTimeMs() });
      populateDebianBase(fs, {
        ...opts.base,
        hostname: opts.hostname,
        rng: opts.rng.fork('debian-base'),
        locale: opts.lang !== undefined && opts.lang !== 'C.UTF-8' ? opts.lang : undefined,
      });
      this.fs = fs;
    }
    // Early boot (kernel threads, systemd's units) used the first few hundred pids.
    this.processes = new ProcessTable({
      scheduler: opts.scheduler,
      registry: opts.registry,
      host: this,
      firstPid: opts.rng.fork('pid').int(300, 700),
    });
    this.processes.onExit.on((p) => this.closeSocketsOf(p));
    mountProcfs(this.fs, this.procfsSource());
    this.syslog = new Syslog({
      fs: this.fs,
      hostname: () => this.hostname,
      now: () => this.wallTimeMs(),
      // *.emerg :omusrmsg:* writes to every logged-in terminal.
      onUserMessage: (line) => {
        for (const t of this.terminals.values()) t.write(`${line}\n`);
      },
    });
  }

  get hostname(): string {
    return this.name;
  }

  /** sethostname(2): what `hostname NAME` does (the stack's name follows; /etc/hostname does not). */
  set hostname(name: string) {
    this.name = name;
    this.net.hostname = name;
  }

  wallTimeMs(): number {
    return this.startEpochMs + this.scheduler.now / 1e6;
  }

  /** Seconds since boot(), for /proc/uptime, `uptime` and systemd. */
  uptimeSeconds(): number {
    return (this.scheduler.now - this.bootNs) / 1e9;
  }

  /** Starts the machine: init is there from the start; the services hang on `onBoot`. */
  boot(): void {
    if (this.booted) return;
    this.booted = true;
    this.bootNs = this.scheduler.now;
    this.logBoot();
    this.onBoot.fire(this);
  }

  /** The first lines a freshly booted Debian 12 leaves in /var/log/syslog (and kern.log). */
  private logBoot(): void {
    const kern = (message: string): void => this.syslog.log({ facility: 'kern', severity: 'notice', tag: 'kernel', message });
    const systemd = (message: string): void => this.syslog.log({ facility: 'daemon', severity: 'info', tag: 'systemd', pid: 1, message });
    kern(`Linux version ${KERNEL_RELEASE} (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) ${KERNEL_VERSION}`);
    systemd('Started rsyslog.service - System Logging Service.');
    systemd('Reached target multi-user.target - Multi-User System.');
    systemd('Reached target graphical.target - Graphical Interface.');
  }

  /**
   * Runs a command as a child of init, by default as root in / (scenario boot commands, the
   * service manager's daemons). Errors as spawn reports them.
   */
  spawn(argv: readonly string[], opts: SpawnOptions = {}): ChildProcess | SpawnError {
    return this.processes.spawn(this.processes.init, argv, { cred: ROOT, ...opts });
  }

  /**
   * A terminal with a login shell on it: the user's shell from /etc/passwd as a login shell
   * (argv[0] "-bash"), in their home, with the environment login(1) and pam_env give.
   */
  openTerminal(opts: OpenTerminalOptions = {}): TerminalDevice {
    const name = this.freePtyName();
    const dev = new TerminalDevice({
      name,
      scheduler: this.scheduler,
      signalGroup: (pgid, sig) => this.processes.signalGroup(pgid, sig),
      columns: opts.columns,
      rows: opts.rows,
    });
    this.terminals.set(name, dev);
    this.processes.registerTerminal(dev);
    const userName = opts.user ?? 'root';
    const db = UserDb.load(this.fs);
    const user = db.userByName(userName);
    const cred = db.credentialsOf(userName);
    if (user === undefined || cred === null) {
      dev.write(`su: user ${userName} does not exist or the user entry does not contain all the required fields\n`);
      this.closeTerminal(dev, 1);
      return dev;
    }
    const shell = user.shell !== '' ? user.shell : '/bin/sh';
    const homeOk = this.fs.stat(user.home, cred);
    const home = homeOk.ok && homeOk.value.type === 'dir' ? user.home : '/';
    if (home !== user.home) dev.write('No directory, logging in with HOME=/\n');
    const env = new Map<string, string>([
      ['HOME', home],
      ['USER', user.name],
      ['LOGNAME', user.name],
      ['SHELL', shell],
      ['PATH', user.uid === 0 ? ROOT_PATH : USER_PATH],
      ['TERM', 'xterm-256color'],
      ['LANG', this.lang],
      ['MAIL', `/var/mail/${user.name}`],
    ]);
    const base = shell.slice(shell.lastIndexOf('/') + 1);
    const child = this.processes.spawn(this.processes.init, [`-${base}`], {
      path: shell,
      cred,
      env,
      cwd: home,
      stdin: dev.inputStream,
      stdout: dev.outputStream,
      stderr: dev.outputStream,
      setsid: true,
      tty: name,
    });
    if ('error' in child) {
      // What login prints when the shell cannot be run, then the session ends.
      dev.write(`Cannot execute ${shell}: ${child.error === 'EACCES' ? 'Permission denied' : 'No such file or directory'}\n`);
      this.closeTerminal(dev, 1);
      return dev;
    }
    dev.sessionLeader = child.pid;
    dev.foregroundPgid = child.pid;
    void child.wait().then((status) => this.closeTerminal(dev, status));
    return dev;
  }

  /** Closes a terminal as closing its window does: SIGHUP to its session. */
  hangupTerminal(dev: TerminalDevice): void {
    dev.hangup();
  }

  /** A snapshot the UI can persist: the whole file system and the service manager's data. */
  serialize(): HostSnapshot {
    return { version: 1, hostname: this.name, fs: this.fs.serialize(), services: this.services?.serialize() ?? null };
  }

  /** A host back from `serialize()`; boot() it as a new one. */
  static restore(snapshot: HostSnapshot, opts: Omit<HostOptions, 'fs' | 'hostname'>): { ok: true; host: Host } | { ok: false; error: string } {
    const clock: { host?: Host } = {};
    const start = opts.startEpochMs ?? DEFAULT_START_EPOCH_MS;
    const r = MemoryFileSystem.deserialize(snapshot.fs, {
      now: () => (clock.host ? clock.host.wallTimeMs() : start + opts.scheduler.now / 1e6),
    });
    if (!r.ok) return r;
    const host = new Host({ ...opts, hostname: snapshot.hostname, fs: r.fs });
    clock.host = host;
    host.restoredServices = snapshot.services;
    return { ok: true, host };
  }

  private closeTerminal(dev: TerminalDevice, status: number): void {
    dev.hangup();
    this.terminals.delete(dev.name);
    this.processes.unregisterTerminal(dev.name);
    dev.onSessionEnd.fire(status);
  }

  private freePtyName(): string {
    for (let i = 0; ; i++) {
      const name = `pts/${i}`;
      if (!this.terminals.has(name)) return name;
    }
  }

  /**
   * A process ended: its sockets close, as the kernel closes the fds of an exiting task (TCP
   * sends FIN, or RST when received data was left unread). Sockets are matched by `owner.pid`.
   */
  private closeSocketsOf(p: ProcessInfo): void {
    const net = this.net;
    const mine = (s: { owner?: { pid: number } }): boolean => s.owner?.pid === p.pid;
    for (const s of net.udp.sockets()) if (mine(s)) s.close();
    for (const s of net.icmp.sockets()) if (mine(s)) s.close();
    for (const l of net.tcp.listeners()) if (mine(l)) l.close();
    for (const c of net.tcp.connections()) if (mine(c)) c.close();
  }

  private procfsSource(): Parameters<typeof mountProcfs>[1] {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const host = this;
    return {
      net: this.net,
      get hostname() {
        return host.hostname;
      },
      set hostname(name: string) {
        host.hostname = name;
      },
      uptimeSeconds: () => this.uptimeSeconds(),
      processCount: () => this.processes.list().length,
      lastPid: () => this.processes.lastPid,
    };
  }
}
