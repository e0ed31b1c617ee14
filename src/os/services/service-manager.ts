// The service manager of one host, in the part systemd 252 plays for services: units that
// packages register, start/stop/restart/reload jobs serialized per unit, the unit state machine
// (inactive -> activating -> active -> deactivating -> inactive | failed), enablement kept as
// symlinks on disk, and the journal lines systemd writes about each unit (also sent to syslog,
// as journald forwards them to rsyslog). A unit's daemon is a real process: stop is SIGTERM,
// then SIGKILL after TimeoutStopSec of virtual time; a daemon that dies badly fails the unit.
import { Emitter } from '../../engine/events.ts';
import type { Scheduler, Timer } from '../../engine/scheduler.ts';
import type { Credentials, FileSystem } from '../fs/types.ts';
import type { ChildProcess, OutputStream, Program } from '../program.ts';
import { signalName } from '../process/signals.ts';
import type { DaemonTable } from './daemon-table.ts';
import { Journal, PRIORITY_LEVEL, type JournalEntry, type Priority } from './journal.ts';
import {
  ETC_UNIT_DIR, normalizeUnitName, UNIT_DIR, unitArgv, unitFileText, unitWantedBy, type UnitDefinition,
} from './unit.ts';
import { exitStatusName } from './exit-status.ts';
import type { SyslogMessage } from '../syslog/syslog.ts';

export type ActiveState = 'inactive' | 'activating' | 'active' | 'deactivating' | 'failed' | 'reloading';
export type SubState = 'dead' | 'start' | 'running' | 'exited' | 'reload' | 'stop-sigterm' | 'stop-sigkill' | 'failed';
/** Service Result= values. */
export type ServiceResult = 'success' | 'exit-code' | 'signal' | 'timeout' | 'core-dump' | 'resources';
/** How a job ended (systemd's JobResult): what systemctl reports. */
export type JobResult = 'done' | 'failed' | 'canceled' | 'timeout' | 'skipped' | 'not-found' | 'not-active' | 'not-reloadable';

/** How a process ended, as waitid() tells systemd. */
export interface ExitInfo {
  readonly pid: number;
  readonly code: 'exited' | 'killed';
  /** The exit status, or the signal number when killed. */
  readonly status: number;
  readonly argv: readonly string[];
}

export interface CgroupProcess {
  readonly pid: number;
  readonly argv: readonly string[];
}

/** Everything `systemctl status` prints about a unit. */
export interface UnitStatus {
  readonly name: string;
  readonly description: string;
  readonly documentation: readonly string[];
  readonly fragmentPath: string;
  readonly unitFileState: 'enabled' | 'disabled';
  readonly preset: 'enabled' | 'disabled';
  readonly activeState: ActiveState;
  readonly subState: SubState;
  readonly result: ServiceResult;
  /** 0 when there is none. */
  readonly mainPid: number;
  /** comm of the running main process, null when it is not running. */
  readonly mainComm: string | null;
  /** How the last ExecStart process ended (null while it runs or before any). */
  readonly execMain: ExitInfo | null;
  /** Wall-clock ms of the state changes, 0 when it never happened. */
  readonly activeEnterMs: number;
  readonly activeExitMs: number;
  readonly inactiveEnterMs: number;
  readonly inactiveExitMs: number;
  /** The processes of the unit's control group, main first. */
  readonly processes: readonly CgroupProcess[];
  /** Journal lines since the last start (what status shows), all of them, oldest first. */
  readonly journal: readonly JournalEntry[];
}

export interface UnitChange {
  readonly name: string;
  readonly activeState: ActiveState;
  readonly subState: SubState;
}

/** The host's Syslog (journald forwards systemd's lines to rsyslog). */
export interface SyslogSink {
  log(msg: SyslogMessage): void;
}

export interface ServiceManagerOptions {
  readonly fs: FileSystem;
  readonly scheduler: Scheduler;
  /** unit.program names a Program here. */
  readonly programs: { get(name: string): Program | undefined };
  readonly processes: DaemonTable;
  readonly hostname: () => string;
  readonly wallTimeMs: () => number;
  readonly syslog?: SyslogSink | null;
}

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
const SECOND = 1_000_000_000;
const SIGHUP = 1;
const SIGKILL = 9;
const SIGTERM = 15;
/**
 * Type=forking/notify: the daemon is taken as ready once it signalled READY=1 or survived this
 * long (our daemons do their start-up work, reading config and binding sockets, at once).
 */
const STARTUP_GRACE_NS = 100_000_000;
/** Type=forking/notify: TimeoutStartSec is not modelled beyond the grace above. */
const DEFAULT_TIMEOUT_STOP_SEC = 90;
/** Status shows the journal since the last start, at most this many lines (-n 10). */
export const STATUS_LINES = 10;
/** systemd's exit statuses: 203/EXEC when the binary is missing. */
const EXIT_EXEC = 203;

class UnitRuntime {
  active: ActiveState = 'inactive';
  sub: SubState = 'dead';
  result: ServiceResult = 'success';
  main: ChildProcess | null = null;
  mainPid = 0;
  mainComm = '';
  execMain: ExitInfo | null = null;
  activeEnterMs = 0;
  activeExitMs = 0;
  inactiveEnterMs = 0;
  inactiveExitMs = 0;
  inactiveExitNs = 0;
  readonly journal = new Journal();
  /** Jobs run one after the other. */
  chain: Promise<unknown> = Promise.resolve();
  stopTimer: Timer | null = null;
  /** Set while a forking/notify start waits for readiness. */
  ready: (() => void) | null = null;
  /** Set while a job waits for the main process to end. */
  exitWaiter: ((e: ExitInfo) => void) | null = null;
  /** A stop was asked for: the main process ending is expected. */
  stopping = false;
  killedByTimeout = false;

  constructor(public def: UnitDefinition) {}
}

export class ServiceManager {
  private readonly units = new Map<string, UnitRuntime>();
  /** Fired on every state change (the UI's service list). */
  readonly onChange = new Emitter<UnitChange>();
  private readonly fs: FileSystem;
  private readonly scheduler: Scheduler;
  private readonly opts: ServiceManagerOptions;
  private booted = false;

  constructor(opts: ServiceManagerOptions) {
    this.opts = opts;
    this.fs = opts.fs;
    this.scheduler = opts.scheduler;
  }

  // ---- units ------------------------------------------------------------------------------

  /** Installs the unit: its file under /lib/systemd/system, and it is known from now on. */
  register(unit: UnitDefinition): void {
    const name = normalizeUnitName(unit.name);
    const def: UnitDefinition = { ...unit, name };
    const existing = this.units.get(name);
    if (existing !== undefined) existing.def = def;
    else this.units.set(name, new UnitRuntime(def));
    this.mkdirs(UNIT_DIR);
    this.fs.writeFile(`${UNIT_DIR}/${name}`, unitFileText(def), ROOT, { mode: 0o644 });
  }

  /** Removes the unit (package removal): its daemon is killed, its files and links removed. */
  unregister(name: string): void {
    const rt = this.lookup(name);
    if (rt === undefined) return;
    if (rt.main !== null) this.killCgroup(rt, SIGKILL);
    rt.stopTimer?.cancel();
    this.removeLinks(rt.def);
    this.fs.unlink(`${UNIT_DIR}/${rt.def.name}`, ROOT);
    this.units.delete(rt.def.name);
    this.onChange.fire({ name: rt.def.name, activeState: 'inactive', subState: 'dead' });
  }

  /** The canonical name of a unit or alias ("bind9" -> "named.service"), or null. */
  resolve(name: string): string | null {
    return this.lookup(name)?.def.name ?? null;
  }

  definition(name: string): UnitDefinition | undefined {
    return this.lookup(name)?.def;
  }

  /** The unit whose LSB script is `path` ("/etc/init.d/postfix"). */
  byInitScript(path: string): UnitDefinition | undefined {
    for (const rt of this.units.values()) if (rt.def.initScript === path) return rt.def;
    const base = path.slice(path.lastIndexOf('/') + 1);
    return this.lookup(base)?.def;
  }

  list(): UnitStatus[] {
    return [...this.units.keys()].map((n) => this.status(n)!);
  }

  private lookup(name: string): UnitRuntime | undefined {
    const n = normalizeUnitName(name);
    const direct = this.units.get(n);
    if (direct !== undefined) return direct;
    for (const rt of this.units.values()) if (rt.def.aliases?.some((a) => normalizeUnitName(a) === n)) return rt;
    return undefined;
  }

  // ---- state ------------------------------------------------------------------------------

  isActive(name: string): boolean {
    const rt = this.lookup(name);
    return rt !== undefined && (rt.active === 'active' || rt.active === 'reloading');
  }

  activeState(name: string): ActiveState {
    return this.lookup(name)?.active ?? 'inactive';
  }

  status(name: string): UnitStatus | undefined {
    const rt = this.lookup(name);
    if (rt === undefined) return undefined;
    const def = rt.def;
    const enabled = this.isEnabled(def.name);
    return {
      name: def.name,
      description: def.description,
      documentation: def.documentation ?? [],
      fragmentPath: `${UNIT_DIR}/${def.name}`,
      unitFileState: enabled ? 'enabled' : 'disabled',
      preset: def.startedByDefault === false ? 'disabled' : 'enabled',
      activeState: rt.active,
      subState: rt.sub,
      result: rt.result,
      mainPid: rt.mainPid,
      mainComm: rt.main !== null ? rt.mainComm : null,
      execMain: rt.execMain,
      activeEnterMs: rt.activeEnterMs,
      activeExitMs: rt.activeExitMs,
      inactiveEnterMs: rt.inactiveEnterMs,
      inactiveExitMs: rt.inactiveExitMs,
      processes: this.cgroup(rt),
      journal: rt.journal.tail(STATUS_LINES, rt.inactiveExitNs),
    };
  }

  /** The unit's whole journal (journalctl -u). */
  journal(name: string): JournalEntry[] {
    const rt = this.lookup(name);
    return rt === undefined ? [] : rt.journal.tail(Number.MAX_SAFE_INTEGER);
  }

  private set(rt: UnitRuntime, active: ActiveState, sub: SubState): void {
    const now = this.opts.wallTimeMs();
    const was = rt.active;
    // unit_notify(): "active" timestamps count active and reloading only (not deactivating).
    const wasActive = was === 'active' || was === 'reloading';
    const isActive = active === 'active' || active === 'reloading';
    if ((was === 'inactive' || was === 'failed') && active !== 'inactive' && active !== 'failed') {
      rt.inactiveExitMs = now;
      rt.inactiveExitNs = this.scheduler.now;
    }
    if (!wasActive && isActive) rt.activeEnterMs = now;
    if (wasActive && !isActive) rt.activeExitMs = now;
    if ((active === 'inactive' || active === 'failed') && was !== 'inactive' && was !== 'failed') rt.inactiveEnterMs = now;
    rt.active = active;
    rt.sub = sub;
    this.onChange.fire({ name: rt.def.name, activeState: active, subState: sub });
  }

  // ---- enablement (files are the truth) ---------------------------------------------------

  private wantsLink(def: UnitDefinition): string {
    return `${ETC_UNIT_DIR}/${unitWantedBy(def)}.wants/${def.name}`;
  }

  isEnabled(name: string): boolean {
    const rt = this.lookup(name);
    if (rt === undefined) return false;
    return this.fs.lstat(this.wantsLink(rt.def), ROOT).ok;
  }

  /**
   * Creates the [Install] symlinks; returns the links made as systemctl reports them
   * ([link, target]), empty when already enabled, null for an unknown unit.
   */
  enable(name: string): [string, string][] | null {
    const rt = this.lookup(name);
    if (rt === undefined) return null;
    const target = `${UNIT_DIR}/${rt.def.name}`;
    const made: [string, string][] = [];
    const links = [this.wantsLink(rt.def), ...(rt.def.aliases ?? []).map((a) => `${ETC_UNIT_DIR}/${normalizeUnitName(a)}`)];
    for (const link of links) {
      if (this.fs.lstat(link, ROOT).ok) continue;
      this.mkdirs(link.slice(0, link.lastIndexOf('/')));
      if (this.fs.symlink(target, link, ROOT).ok) made.push([link, target]);
    }
    return made;
  }

  /** Removes them; returns the paths removed, null for an unknown unit. */
  disable(name: string): string[] | null {
    const rt = this.lookup(name);
    if (rt === undefined) return null;
    return this.removeLinks(rt.def);
  }

  private removeLinks(def: UnitDefinition): string[] {
    const removed: string[] = [];
    const links = [...(def.aliases ?? []).map((a) => `${ETC_UNIT_DIR}/${normalizeUnitName(a)}`), this.wantsLink(def)];
    for (const link of links) if (this.fs.lstat(link, ROOT).ok && this.fs.unlink(link, ROOT).ok) removed.push(link);
    return removed;
  }

  private mkdirs(dir: string): void {
    if (!this.fs.stat(dir, ROOT).ok) this.fs.mkdir(dir, ROOT, { parents: true, mode: 0o755 });
  }

  // ---- boot -------------------------------------------------------------------------------

  /** Starts every enabled unit (multi-user.target), plus `alsoStart` (running before a save). */
  async boot(alsoStart: readonly string[] = []): Promise<void> {
    if (this.booted) return;
    this.booted = true;
    const jobs: Promise<JobResult>[] = [];
    for (const rt of this.units.values()) {
      if (this.isEnabled(rt.def.name) || alsoStart.includes(rt.def.name)) jobs.push(this.start(rt.def.name));
    }
    await Promise.all(jobs);
  }

  /** What the host saves with its file system: which units were running. */
  serialize(): unknown {
    return { running: [...this.units.values()].filter((rt) => rt.active === 'active' || rt.active === 'reloading').map((rt) => rt.def.name) };
  }

  /** The names a `serialize()` result says were running. */
  static runningIn(data: unknown): string[] {
    const r = (data as { running?: unknown } | null)?.running;
    return Array.isArray(r) ? r.filter((x): x is string => typeof x === 'string') : [];
  }

  // ---- jobs -------------------------------------------------------------------------------

  private enqueue(rt: UnitRuntime, job: () => Promise<JobResult>): Promise<JobResult> {
    const p = rt.chain.then(job, job);
    rt.chain = p;
    return p;
  }

  start(name: string): Promise<JobResult> {
    const rt = this.lookup(name);
    if (rt === undefined) return Promise.resolve('not-found');
    return this.enqueue(rt, () => this.doStart(rt));
  }

  stop(name: string): Promise<JobResult> {
    const rt = this.lookup(name);
    if (rt === undefined) return Promise.resolve('not-found');
    return this.enqueue(rt, () => this.doStop(rt));
  }

  restart(name: string): Promise<JobResult> {
    const rt = this.lookup(name);
    if (rt === undefined) return Promise.resolve('not-found');
    return this.enqueue(rt, async () => {
      await this.doStop(rt);
      return this.doStart(rt);
    });
  }

  /** try-restart: restart only if running. */
  tryRestart(name: string): Promise<JobResult> {
    const rt = this.lookup(name);
    if (rt === undefined) return Promise.resolve('not-found');
    return this.enqueue(rt, async () => {
      if (rt.active !== 'active' && rt.active !== 'reloading') return 'done';
      await this.doStop(rt);
      return this.doStart(rt);
    });
  }

  reload(name: string): Promise<JobResult> {
    const rt = this.lookup(name);
    if (rt === undefined) return Promise.resolve('not-found');
    return this.enqueue(rt, () => this.doReload(rt));
  }

  /** reset-failed: a failed unit goes back to inactive (dead) and forgets its result. */
  resetFailed(name: string): void {
    const rt = this.lookup(name);
    if (rt === undefined || rt.active !== 'failed') return;
    rt.result = 'success';
    this.set(rt, 'inactive', 'dead');
  }

  /** sd_notify(3) from a daemon: "READY=1" ends a forking/notify start. */
  notify(pid: number, state: string): void {
    for (const rt of this.units.values()) {
      if (rt.mainPid !== pid) continue;
      if (/(^|\n)READY=1(\n|$)/.test(state) && rt.ready !== null) rt.ready();
    }
  }

  private async doStart(rt: UnitRuntime): Promise<JobResult> {
    const def = rt.def;
    if (rt.active === 'active' || rt.active === 'reloading') return 'done';
    rt.result = 'success';
    rt.execMain = null;
    rt.killedByTimeout = false;
    rt.stopping = false;
    const argv = unitArgv(def);
    const program = this.opts.programs.get(def.program);
    // Type=simple is active as soon as it is forked: systemd logs no "Starting" line for it.
    if (def.type !== 'simple') this.systemd(rt, 'info', `Starting ${this.label(def)}...`);
    this.set(rt, 'activating', 'start');
    if (program === undefined) {
      this.unitLog(rt, 'err', `Failed to locate executable ${argv[0]}: No such file or directory`);
      this.unitLog(rt, 'err', `Failed at step EXEC spawning ${argv[0]}: No such file or directory`);
      rt.mainPid = 0;
      return this.failStart(rt, { pid: 0, code: 'exited', status: EXIT_EXEC, argv }, 'exit-code');
    }
    const comm = (def.comm ?? argv[0].slice(argv[0].lastIndexOf('/') + 1)).slice(0, 15);
    const out = this.journalStream(rt, comm);
    const child = this.opts.processes.launch(program, { argv, comm, env: this.environment(def), stdout: out, stderr: out });
    rt.main = child;
    rt.mainPid = child.pid;
    rt.mainComm = comm;
    void child.wait().then((status) => this.onMainExit(rt, child, argv, status));

    if (def.type === 'simple') {
      this.set(rt, 'active', 'running');
      this.systemd(rt, 'info', `Started ${this.label(def)}.`);
      return 'done';
    }
    if (def.type === 'oneshot') {
      const e = await this.waitExit(rt);
      if (isCleanExit(e)) {
        if (def.remainAfterExit === true) this.set(rt, 'active', 'exited');
        else {
          this.unitLog(rt, 'info', 'Deactivated successfully.');
          this.set(rt, 'inactive', 'dead');
        }
        this.systemd(rt, 'info', `Finished ${this.label(def)}.`);
        return 'done';
      }
      return this.failStart(rt, e, e.code === 'exited' ? 'exit-code' : 'signal');
    }
    // forking / notify: ready on READY=1 or after the grace, failed if it dies first.
    const outcome = await new Promise<'ready' | ExitInfo>((resolve) => {
      const timer = this.scheduler.after(STARTUP_GRACE_NS, () => {
        rt.ready = null;
        rt.exitWaiter = null;
        resolve('ready');
      });
      rt.ready = () => {
        timer.cancel();
        rt.ready = null;
        rt.exitWaiter = null;
        resolve('ready');
      };
      rt.exitWaiter = (e) => {
        timer.cancel();
        rt.ready = null;
        rt.exitWaiter = null;
        resolve(e);
      };
    });
    if (outcome === 'ready') {
      this.set(rt, 'active', 'running');
      this.systemd(rt, 'info', `Started ${this.label(def)}.`);
      return 'done';
    }
    return this.failStart(rt, outcome, outcome.code === 'exited' ? 'exit-code' : 'signal');
  }

  private failStart(rt: UnitRuntime, e: ExitInfo, result: ServiceResult): JobResult {
    rt.execMain = e;
    this.logExit(rt, e, false);
    rt.result = result;
    this.unitLog(rt, 'warning', `Failed with result '${result}'.`);
    this.set(rt, 'failed', 'failed');
    this.systemd(rt, 'err', `Failed to start ${this.label(rt.def)}.`);
    rt.main = null;
    return 'failed';
  }

  private async doStop(rt: UnitRuntime): Promise<JobResult> {
    const def = rt.def;
    if (rt.active === 'inactive' || rt.active === 'failed') return 'done';
    this.systemd(rt, 'info', `Stopping ${this.label(def)}...`);
    if (rt.main === null) {
      // Type=oneshot with RemainAfterExit: nothing runs.
      this.set(rt, 'deactivating', 'stop-sigterm');
      this.unitLog(rt, 'info', 'Deactivated successfully.');
      this.set(rt, 'inactive', 'dead');
      this.systemd(rt, 'info', `Stopped ${this.label(def)}.`);
      return 'done';
    }
    this.set(rt, 'deactivating', 'stop-sigterm');
    rt.stopping = true;
    const exited = this.waitExit(rt);
    this.killCgroup(rt, SIGTERM);
    const timeoutNs = (def.timeoutStopSec ?? DEFAULT_TIMEOUT_STOP_SEC) * SECOND;
    rt.stopTimer = this.scheduler.after(timeoutNs, () => {
      rt.stopTimer = null;
      if (rt.main === null) return;
      this.unitLog(rt, 'notice', "State 'stop-sigterm' timed out. Killing.");
      for (const p of this.cgroup(rt)) {
        const comm = this.opts.processes.get(p.pid)?.comm ?? '';
        this.unitLog(rt, 'notice', `Killing process ${p.pid} (${comm}) with signal SIGKILL.`);
      }
      rt.killedByTimeout = true;
      this.set(rt, 'deactivating', 'stop-sigkill');
      this.killCgroup(rt, SIGKILL);
    });
    const e = await exited;
    rt.stopTimer?.cancel();
    rt.stopTimer = null;
    rt.stopping = false;
    // KillMode=control-group: what the main process left behind goes too.
    this.killCgroup(rt, SIGKILL);
    let result: ServiceResult = 'success';
    if (rt.killedByTimeout) result = 'timeout';
    else if (!isCleanExit(e)) result = e.code === 'exited' ? 'exit-code' : 'signal';
    this.logExit(rt, e, result === 'success');
    rt.result = result;
    if (result === 'success') {
      this.unitLog(rt, 'info', 'Deactivated successfully.');
      this.set(rt, 'inactive', 'dead');
    } else {
      this.unitLog(rt, 'warning', `Failed with result '${result}'.`);
      this.set(rt, 'failed', 'failed');
    }
    this.systemd(rt, 'info', `Stopped ${this.label(def)}.`);
    return 'done';
  }

  private async doReload(rt: UnitRuntime): Promise<JobResult> {
    const def = rt.def;
    const sig = def.reloadSignal === undefined ? SIGHUP : def.reloadSignal;
    if (sig === null) return 'not-reloadable';
    if (rt.active !== 'active' && rt.active !== 'reloading') return 'not-active';
    this.systemd(rt, 'info', `Reloading ${this.label(def)}...`);
    this.set(rt, 'reloading', 'reload');
    if (rt.mainPid > 0 && rt.main !== null) this.opts.processes.signal(rt.mainPid, sig);
    // ExecReload=/bin/kill -HUP $MAINPID returns at once; the daemon reloads on its own.
    await new Promise<void>((resolve) => this.scheduler.after(0, resolve));
    if (rt.active !== 'reloading') return 'failed';
    this.set(rt, 'active', rt.sub === 'reload' ? 'running' : rt.sub);
    this.systemd(rt, 'info', `Reloaded ${this.label(def)}.`);
    return 'done';
  }

  private waitExit(rt: UnitRuntime): Promise<ExitInfo> {
    return new Promise<ExitInfo>((resolve) => {
      rt.exitWaiter = (e) => {
        rt.exitWaiter = null;
        resolve(e);
      };
    });
  }

  private onMainExit(rt: UnitRuntime, child: ChildProcess, argv: readonly string[], status: number): void {
    if (rt.main !== child) return;
    const sig = child.termSignal;
    const e: ExitInfo = sig !== null ? { pid: child.pid, code: 'killed', status: sig, argv } : { pid: child.pid, code: 'exited', status, argv };
    rt.main = null;
    rt.execMain = e;
    if (rt.exitWaiter !== null) {
      rt.exitWaiter(e);
      return;
    }
    // The daemon ended by itself (crash, kill -9, exit on a fatal config error).
    if (rt.active !== 'active' && rt.active !== 'reloading') return;
    const clean = isCleanExit(e);
    this.logExit(rt, e, clean);
    this.killCgroup(rt, SIGTERM);
    if (clean) {
      this.unitLog(rt, 'info', 'Deactivated successfully.');
      this.set(rt, 'inactive', 'dead');
      return;
    }
    rt.result = e.code === 'exited' ? 'exit-code' : 'signal';
    this.unitLog(rt, 'warning', `Failed with result '${rt.result}'.`);
    this.set(rt, 'failed', 'failed');
  }

  /** "Main process exited, code=exited, status=1/FAILURE" (logged only when it matters). */
  private logExit(rt: UnitRuntime, e: ExitInfo, clean: boolean): void {
    if (clean || e.pid === 0) return;
    const what = e.code === 'exited' ? `${e.status}/${exitStatusName(e.status, true) ?? 'n/a'}` : `${e.status}/${signalName(e.status) ?? 'n/a'}`;
    this.unitLog(rt, 'notice', `Main process exited, code=${e.code}, status=${what}`);
  }

  // ---- processes --------------------------------------------------------------------------

  /** The unit's control group: its main process's session (children stay in it). */
  private cgroup(rt: UnitRuntime): CgroupProcess[] {
    if (rt.main === null || rt.mainPid === 0) return [];
    const out: CgroupProcess[] = [];
    for (const p of this.opts.processes.list()) {
      if (p.state === 'Z') continue;
      if (p.pid === rt.mainPid || p.sid === rt.mainPid) out.push({ pid: p.pid, argv: p.argv });
    }
    out.sort((a, b) => (a.pid === rt.mainPid ? -1 : b.pid === rt.mainPid ? 1 : a.pid - b.pid));
    return out;
  }

  private killCgroup(rt: UnitRuntime, signal: number): void {
    const sid = rt.mainPid;
    if (sid === 0) return;
    for (const p of this.opts.processes.list()) {
      if (p.state !== 'Z' && (p.pid === sid || p.sid === sid)) this.opts.processes.signal(p.pid, signal);
    }
  }

  private environment(def: UnitDefinition): Map<string, string> {
    const env = new Map<string, string>([['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']]);
    // systemd gives services the system locale of /etc/default/locale (localectl).
    const loc = this.fs.readFile('/etc/default/locale', ROOT);
    if (loc.ok) {
      const m = /^LANG=("?)([^"\n]*)\1$/m.exec(new TextDecoder().decode(loc.value));
      if (m !== null && m[2] !== '') env.set('LANG', m[2]);
    }
    if (def.type === 'notify') env.set('NOTIFY_SOCKET', '/run/systemd/notify');
    for (const [k, v] of Object.entries(def.environment ?? {})) env.set(k, v);
    return env;
  }

  // ---- journal ----------------------------------------------------------------------------

  /** "postfix.service - Postfix Mail Transport Agent" (systemd 252's combined status format). */
  private label(def: UnitDefinition): string {
    return def.description !== '' && def.description !== def.name ? `${def.name} - ${def.description}` : def.name;
  }

  /** A line systemd writes about the unit ("Started ..."). */
  private systemd(rt: UnitRuntime, priority: Priority, message: string): void {
    this.append(rt, 'systemd', 1, priority, message);
  }

  /** A line prefixed with the unit name ("postfix.service: Deactivated successfully."). */
  private unitLog(rt: UnitRuntime, priority: Priority, message: string): void {
    this.append(rt, 'systemd', 1, priority, `${rt.def.name}: ${message}`);
  }

  private append(rt: UnitRuntime, ident: string, pid: number, priority: Priority, message: string): void {
    rt.journal.append({
      timeMs: this.opts.wallTimeMs(),
      ns: this.scheduler.now,
      hostname: this.opts.hostname(),
      ident,
      pid,
      message,
      priority,
    });
    this.opts.syslog?.log({ facility: 'daemon', severity: priority, tag: ident, pid, message });
  }

  /**
   * A line a daemon logged through syslog: it joins the journal of the unit whose control group
   * the pid belongs to (the host wires its Syslog here). Returns whether a unit took it.
   */
  noteSyslog(pid: number, ident: string, priority: Priority, message: string): boolean {
    for (const rt of this.units.values()) {
      if (rt.main === null) continue;
      const p = this.opts.processes.get(pid);
      if (pid === rt.mainPid || (p !== undefined && p.sid === rt.mainPid)) {
        rt.journal.append({ timeMs: this.opts.wallTimeMs(), ns: this.scheduler.now, hostname: this.opts.hostname(), ident, pid, message, priority });
        return true;
      }
    }
    return false;
  }

  /** StandardOutput=journal: what the daemon prints becomes journal lines (info). */
  private journalStream(rt: UnitRuntime, ident: string): OutputStream {
    let pending = '';
    const dec = new TextDecoder();
    const flushLine = (line: string) => {
      const pid = rt.mainPid;
      this.append(rt, ident, pid, 'info', line);
    };
    return {
      tty: null,
      write: (data) => {
        pending += typeof data === 'string' ? data : dec.decode(data);
        for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
          flushLine(pending.slice(0, nl));
          pending = pending.slice(nl + 1);
        }
      },
      close: () => {
        if (pending !== '') flushLine(pending);
        pending = '';
      },
    };
  }
}

/** is_clean_exit(..., EXIT_CLEAN_DAEMON): status 0, or death by SIGHUP, SIGINT, SIGTERM, SIGPIPE. */
export function isCleanExit(e: ExitInfo): boolean {
  if (e.code === 'exited') return e.status === 0;
  return e.status === 1 || e.status === 2 || e.status === 15 || e.status === 13;
}

/** Journal priorities at or above this are shown red by systemctl/journalctl. */
export function priorityLevel(p: Priority): number {
  return PRIORITY_LEVEL[p];
}
