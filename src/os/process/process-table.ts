// A host's process table: pid allocation (1 is init, user processes from a few hundred up, as
// on a freshly booted Debian), fork/exec, signals with kill(2)'s permission rule, process
// groups and sessions, zombies until the parent's wait(), orphans adopted by init.
import { Emitter } from '../../engine/events.ts';
import type { Scheduler } from '../../engine/scheduler.ts';
import type { Credentials, FileSystem } from '../fs/types.ts';
import type {
  ChildProcess,
  HostContext,
  InputStream,
  OutputStream,
  ProcessInfo,
  ProcessTableView,
  Program,
  SpawnError,
  SpawnOptions,
} from '../program.ts';
import type { ProgramRegistry } from '../programs-registry.ts';
import { checkExecutable, resolveCommand } from './exec.ts';
import { classifyExecutable } from './executable.ts';
import { ProcessEntry, type Kernel, type ProcessSetup } from './process.ts';
import { childInput, childOutput } from './process-streams.ts';
import { defaultAction, NSIG } from './signals.ts';
import { nullInput, nullOutput } from './streams.ts';

/** Linux's default kernel.pid_max on 64-bit machines with few CPUs. */
const PID_MAX = 4194304;
/** After wrapping, pids restart above the ones early boot used (RESERVED_PIDS in the kernel). */
const PID_WRAP_TO = 300;
/** binfmt_script nests at most this deep (a script whose interpreter is a script...). */
const MAX_INTERPRETER_DEPTH = 4;
/** TASK_COMM_LEN - 1. */
const COMM_MAX = 15;
const ROOT: Credentials = { uid: 0, gid: 0, groups: [] };

export interface ProcessTableOptions {
  scheduler: Scheduler;
  registry: ProgramRegistry;
  /** What programs see as `proc.host` (its fs is also where exec finds files). */
  host: HostContext;
  /** The first pid after init (default 300). */
  firstPid?: number;
}

/** What the table asks of a terminal: ps's "+" flag. */
export interface TerminalRef {
  readonly name: string;
  readonly foregroundPgid: number;
}

/** Spawn options only the OS uses (a login on a terminal). */
export interface InternalSpawnOptions extends SpawnOptions {
  /** Controlling terminal of a new session (TIOCSCTTY). */
  tty?: string | null;
}

type Image = { program: Program; argv: readonly string[]; cred: Credentials; realCred: Credentials; comm: string };

function basename(path: string): string {
  const s = path.replace(/\/+$/, '');
  const i = s.lastIndexOf('/');
  return i >= 0 ? s.slice(i + 1) : s;
}

export class ProcessTable implements ProcessTableView, Kernel {
  readonly scheduler: Scheduler;
  readonly host: HostContext;
  private readonly registry: ProgramRegistry;
  private readonly procs = new Map<number, ProcessEntry>();
  private readonly terminals = new Map<string, TerminalRef>();
  private nextPid: number;
  private lastPidValue = 0;
  /** Every process that ends (the host closes the sockets it owned). */
  readonly onExit = new Emitter<ProcessInfo>();
  readonly init: ProcessEntry;

  constructor(opts: ProcessTableOptions) {
    this.scheduler = opts.scheduler;
    this.host = opts.host;
    this.registry = opts.registry;
    // Debian 12's pid 1 is systemd, started as /sbin/init; it never ends and reaps orphans.
    this.init = new ProcessEntry(this, {
      pid: 1,
      ppid: 0,
      pgid: 1,
      sid: 1,
      comm: 'systemd',
      argv: ['/sbin/init'],
      env: new Map([['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']]),
      cwd: '/',
      cred: ROOT,
      realCred: ROOT,
      tty: null,
    });
    this.attachStreams(this.init, nullInput(), nullOutput(), nullOutput());
    this.procs.set(1, this.init);
    this.lastPidValue = 1;
    this.nextPid = Math.max(2, opts.firstPid ?? PID_WRAP_TO);
  }

  private get fs(): FileSystem {
    return this.host.fs;
  }

  /** The most recent pid handed out (/proc/loadavg's last field, bash's $!). */
  get lastPid(): number {
    return this.lastPidValue;
  }

  registerTerminal(t: TerminalRef): void {
    this.terminals.set(t.name, t);
  }

  unregisterTerminal(name: string): void {
    this.terminals.delete(name);
  }

  // ---- exec -------------------------------------------------------------------------------

  spawn(parent: ProcessEntry, argv: readonly string[], opts: InternalSpawnOptions = {}): ChildProcess | SpawnError {
    const cred = this.credFor(parent, opts);
    const env = opts.env ?? new Map(parent.env);
    const cwd = opts.cwd ?? parent.cwd;
    const name = argv[0] ?? '';
    const found = opts.path !== undefined
      ? checkExecutable(this.fs, opts.path, cred, cwd)
      : resolveCommand(this.fs, name, env.get('PATH'), cred, cwd);
    if ('error' in found) return found;
    const image = this.load(found.path, argv, cred, cwd, 0);
    if ('error' in image) return image;
    if (opts.comm !== undefined) image.comm = opts.comm.slice(0, COMM_MAX);
    const child = this.create(parent, image, env, cwd, opts);
    child.start(image.program);
    return child.handle(parent);
  }

  fork(parent: ProcessEntry, main: Program, opts: InternalSpawnOptions & { argv?: readonly string[] } = {}): ChildProcess {
    const cred = this.credFor(parent, opts);
    const image: Image = {
      program: main,
      argv: opts.argv ?? parent.argv,
      cred,
      realCred: opts.cred !== undefined ? cred : parent.realCred,
      comm: (opts.comm ?? parent.comm).slice(0, COMM_MAX),
    };
    const child = this.create(parent, image, opts.env ?? new Map(parent.env), opts.cwd ?? parent.cwd, opts);
    child.start(main);
    return child.handle(parent);
  }

  /** setuid(2) needs root: a program asking for other credentials without it is a bug. */
  private credFor(parent: ProcessEntry, opts: SpawnOptions): Credentials {
    const want = opts.cred;
    if (want === undefined) return parent.cred;
    if (parent.cred.uid !== 0 && (want.uid !== parent.cred.uid || want.gid !== parent.cred.gid)) {
      throw new Error(`spawn: uid ${parent.cred.uid} may not start a process as uid ${want.uid}`);
    }
    return want;
  }

  /** execve's loader: an ELF naming a registered program, or a #! script's interpreter. */
  private load(path: string, argv: readonly string[], cred: Credentials, cwd: string, depth: number): Image | SpawnError {
    // The kernel reads the file whatever its r bit (an --x binary runs): read as root.
    const content = this.fs.readFile(path, ROOT, cwd);
    if (!content.ok) return { error: content.errno === 'EISDIR' ? 'EISDIR' : 'ENOENT', path };
    const kind = classifyExecutable(content.value);
    const comm = basename(path).slice(0, COMM_MAX);
    if (kind.kind === 'program') {
      const program = this.registry.get(kind.name);
      if (program === undefined) return { error: 'ENOEXEC', path };
      // setuid/setgid bits of a binary (never of a script) change the effective ids.
      const st = this.fs.stat(path, ROOT, cwd);
      let eff = cred;
      if (st.ok && (st.value.mode & 0o6000) !== 0) {
        eff = {
          uid: (st.value.mode & 0o4000) !== 0 ? st.value.uid : cred.uid,
          gid: (st.value.mode & 0o2000) !== 0 ? st.value.gid : cred.gid,
          groups: cred.groups,
        };
      }
      return { program, argv: argv.length > 0 ? argv : [path], cred: eff, realCred: cred, comm };
    }
    if (kind.kind === 'script') {
      if (depth >= MAX_INTERPRETER_DEPTH) return { error: 'ENOEXEC', path };
      const interp = checkExecutable(this.fs, kind.interpreter, cred, cwd);
      if ('error' in interp) return { error: interp.error === 'EISDIR' ? 'EACCES' : interp.error, path, interpreter: kind.interpreter };
      const args = [kind.interpreter, ...(kind.arg !== null ? [kind.arg] : []), path, ...argv.slice(1)];
      const image = this.load(interp.path, args, cred, cwd, depth + 1);
      if ('error' in image) return image.error === 'ENOEXEC' ? { ...image, path, interpreter: kind.interpreter } : image;
      // comm is the script's name (the kernel names the task after the file given to execve).
      return { ...image, comm };
    }
    return { error: 'ENOEXEC', path };
  }

  private create(
    parent: ProcessEntry,
    image: Image,
    env: Map<string, string>,
    cwd: string,
    opts: InternalSpawnOptions,
  ): ProcessEntry {
    const pid = this.allocatePid();
    let pgid = parent.pgid;
    let sid = parent.sid;
    let tty = parent.tty;
    if (opts.setsid === true) {
      sid = pid;
      pgid = pid;
      tty = opts.tty ?? null;
    } else if (opts.pgid !== undefined) {
      pgid = opts.pgid === 0 ? pid : opts.pgid;
    }
    const setup: ProcessSetup = {
      pid,
      ppid: parent.pid,
      pgid,
      sid,
      comm: image.comm,
      argv: [...image.argv],
      env,
      cwd,
      cred: image.cred,
      realCred: image.realCred,
      tty,
    };
    const child = new ProcessEntry(this, setup);
    this.attachStreams(child, opts.stdin ?? parent.stdin, opts.stdout ?? parent.stdout, opts.stderr ?? parent.stderr);
    this.procs.set(pid, child);
    parent.children.add(child);
    return child;
  }

  private attachStreams(p: ProcessEntry, stdin: InputStream, stdout: OutputStream, stderr: OutputStream): void {
    p.stdin = childInput(stdin, p, this.scheduler);
    p.stdout = childOutput(stdout, p);
    p.stderr = childOutput(stderr, p);
  }

  private allocatePid(): number {
    for (;;) {
      const pid = this.nextPid;
      this.nextPid = pid + 1 >= PID_MAX ? PID_WRAP_TO : pid + 1;
      if (!this.procs.has(pid)) {
        this.lastPidValue = pid;
        return pid;
      }
    }
  }

  // ---- signals ----------------------------------------------------------------------------

  /**
   * kill(2). pid > 0: that process; 0: the sender's group; -1: every process the sender may
   * signal but init and itself; < -1: the group -pid. A null sender is the kernel (always allowed).
   */
  kill(sender: ProcessEntry | null, pid: number, signal: number): 'ESRCH' | 'EPERM' | 'EINVAL' | null {
    if (!Number.isInteger(signal) || signal < 0 || signal > NSIG) return 'EINVAL';
    let targets: ProcessEntry[];
    if (pid > 0) {
      const p = this.procs.get(pid);
      targets = p !== undefined ? [p] : [];
    } else if (pid === -1) {
      targets = [...this.procs.values()].filter((p) => p.pid !== 1 && p !== sender);
      if (targets.length === 0) return 'ESRCH';
    } else {
      const group = pid === 0 ? (sender?.pgid ?? 0) : -pid;
      targets = [...this.procs.values()].filter((p) => p.pgid === group);
    }
    if (targets.length === 0) return 'ESRCH';
    let sent = 0;
    for (const t of targets) {
      if (!this.permitted(sender, t)) continue;
      sent++;
      if (signal !== 0) this.post(t, signal);
    }
    return sent > 0 ? null : 'EPERM';
  }

  /** The terminal's ^C, ^\, SIGWINCH, SIGHUP: the kernel signals a whole group. */
  signalGroup(pgid: number, signal: number): void {
    for (const p of this.procs.values()) if (p.pgid === pgid && p.alive) this.post(p, signal);
  }

  /** Linux's kill_ok_by_cred: root, or a real/effective uid of the sender matching the target's real or saved uid. */
  private permitted(sender: ProcessEntry | null, target: ProcessEntry): boolean {
    if (sender === null || sender.cred.uid === 0) return true;
    const mine = [sender.cred.uid, sender.realCred.uid];
    return mine.includes(target.realCred.uid) || mine.includes(target.cred.uid);
  }

  /** Delivery happens in a scheduler event (now), so handlers never run inside the sender's call. */
  post(target: ProcessEntry, signal: number): void {
    if (!target.alive) return;
    this.scheduler.after(0, () => this.deliver(target, signal));
  }

  private deliver(p: ProcessEntry, signal: number): void {
    if (!p.alive) return;
    const handler = p.handlerFor(signal);
    if (handler !== undefined) {
      try {
        handler(signal);
      } catch (e) {
        p.internalError(e);
      }
      this.scheduler.noteAsyncWake(); // a handler may have resolved what its program awaits
      return;
    }
    if (defaultAction(signal) === 'terminate') p.exit(128 + signal, signal);
  }

  // ---- exit and reaping -------------------------------------------------------------------

  exited(p: ProcessEntry): void {
    // Orphans are adopted by init, which reaps the zombies among them at once.
    for (const c of p.children) {
      c.ppid = 1;
      if (c.zombie) this.reap(c);
      else this.init.children.add(c);
    }
    p.children.clear();
    const parent = this.procs.get(p.ppid);
    if (parent === undefined || parent === this.init || !parent.alive || p.waited) {
      this.reap(p);
    } else {
      p.zombie = true;
      this.post(parent, 17); // SIGCHLD
    }
    this.onExit.fire(this.info(p));
  }

  reap(p: ProcessEntry): void {
    p.zombie = false;
    if (this.procs.get(p.pid) === p) this.procs.delete(p.pid);
    this.procs.get(p.ppid)?.children.delete(p);
  }

  // ---- listing ----------------------------------------------------------------------------

  get(pid: number): ProcessInfo | undefined {
    const p = this.procs.get(pid);
    return p !== undefined ? this.info(p) : undefined;
  }

  /** The entry itself (the OS's own use: the host starts login shells under init). */
  entry(pid: number): ProcessEntry | undefined {
    return this.procs.get(pid);
  }

  list(): ProcessInfo[] {
    return [...this.procs.values()].sort((a, b) => a.pid - b.pid).map((p) => this.info(p));
  }

  private info(p: ProcessEntry): ProcessInfo {
    const term = p.tty !== null ? this.terminals.get(p.tty) : undefined;
    return {
      pid: p.pid,
      ppid: p.ppid,
      pgid: p.pgid,
      sid: p.sid,
      uid: p.cred.uid,
      gid: p.cred.gid,
      ruid: p.realCred.uid,
      rgid: p.realCred.gid,
      comm: p.comm,
      argv: p.argv,
      state: p.alive ? 'S' : 'Z',
      startNs: p.startNs,
      tty: p.tty,
      cwd: p.cwd,
      sessionLeader: p.sid === p.pid,
      foreground: term !== undefined && term.foregroundPgid === p.pgid,
    };
  }
}
