// One process: the `Process` a program is given, and the kernel's view of it (task_struct, in
// short). The program is an async function; when a signal terminates the process its exit
// status is final at once, even though the function may still be suspended: its pending reads
// and sleeps never resolve, its writes are dropped, its fds are closed (it is abandoned).
import type { Disposable } from '../../engine/events.ts';
import type { Scheduler, Timer } from '../../engine/scheduler.ts';
import type { Credentials } from '../fs/types.ts';
import type {
  ChildProcess,
  HostContext,
  Process,
  Program,
  SignalHandler,
  SpawnError,
  SpawnOptions,
} from '../program.ts';
import { ProcessInput, ProcessOutput, type StreamOwner } from './process-streams.ts';
import { isCatchable } from './signals.ts';

/** The exit status of a program that threw (EX_SOFTWARE, sysexits.h: "internal software error"). */
export const EXIT_INTERNAL_ERROR = 70;

/** What a process needs from its table (kept narrow so the two files do not tangle). */
export interface Kernel {
  readonly scheduler: Scheduler;
  readonly host: HostContext;
  spawn(parent: ProcessEntry, argv: readonly string[], opts: SpawnOptions): ChildProcess | SpawnError;
  fork(parent: ProcessEntry, main: Program, opts: SpawnOptions & { argv?: readonly string[] }): ChildProcess;
  kill(sender: ProcessEntry | null, pid: number, signal: number): 'ESRCH' | 'EPERM' | 'EINVAL' | null;
  /** Queues `signal` for `target` (delivered from a scheduler event). */
  post(target: ProcessEntry, signal: number): void;
  exited(p: ProcessEntry): void;
  /** A wait() was called on an exited child: reap it. */
  reap(p: ProcessEntry): void;
}

export interface ProcessSetup {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  comm: string;
  argv: readonly string[];
  env: Map<string, string>;
  cwd: string;
  cred: Credentials;
  realCred: Credentials;
  tty: string | null;
}

export class ProcessEntry implements Process, StreamOwner {
  readonly pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  comm: string;
  readonly argv: readonly string[];
  readonly env: Map<string, string>;
  cwd: string;
  readonly cred: Credentials;
  readonly realCred: Credentials;
  /** Controlling terminal name ("pts/0") or null. */
  tty: string | null;
  readonly startNs: number;
  stdin!: ProcessInput;
  stdout!: ProcessOutput;
  stderr!: ProcessOutput;

  alive = true;
  /** Exit status (0-255) once ended. */
  status: number | null = null;
  termSignal: number | null = null;
  /** A zombie still in the table, waiting for its parent's wait(). */
  zombie = false;
  /** Someone called wait(): reap at exit instead of leaving a zombie. */
  waited = false;
  readonly children = new Set<ProcessEntry>();

  private readonly handlers = new Map<number, SignalHandler>();
  private readonly sleeps = new Set<Timer>();
  private readonly exitHooks = new Set<() => void>();
  private resolveStatus!: (status: number) => void;
  readonly statusPromise: Promise<number>;

  constructor(
    private readonly kernel: Kernel,
    setup: ProcessSetup,
  ) {
    this.pid = setup.pid;
    this.ppid = setup.ppid;
    this.pgid = setup.pgid;
    this.sid = setup.sid;
    this.comm = setup.comm;
    this.argv = setup.argv;
    this.env = setup.env;
    this.cwd = setup.cwd;
    this.cred = setup.cred;
    this.realCred = setup.realCred;
    this.tty = setup.tty;
    this.startNs = kernel.scheduler.now;
    this.statusPromise = new Promise<number>((resolve) => {
      this.resolveStatus = resolve;
    });
  }

  get host(): HostContext {
    return this.kernel.host;
  }

  /**
   * Runs the program from a microtask, as a forked child runs after fork() returned: the parent
   * first makes the child's group the terminal's foreground, closes its pipe ends... Its end
   * (return, throw) ends the process unless a signal did first.
   */
  start(program: Program): void {
    queueMicrotask(() => {
      if (this.alive) this.run(program);
    });
    this.kernel.scheduler.noteAsyncWake();
  }

  private run(program: Program): void {
    let result: Promise<number>;
    try {
      result = program(this);
    } catch (e) {
      result = Promise.reject(e);
    }
    result.then(
      (code) => this.exit(typeof code === 'number' && Number.isFinite(code) ? code & 0xff : 0, null),
      (err: unknown) => this.internalError(err),
    );
  }

  /** A bug in the program: one line on its stderr, exit status 70. */
  internalError(err: unknown): void {
    if (!this.alive) return;
    const message = err instanceof Error ? err.message : String(err);
    this.stderr.write(`${this.comm}: internal error: ${message}\n`);
    this.exit(EXIT_INTERNAL_ERROR, null);
  }

  onSignal(signal: number, handler: SignalHandler | null): void {
    if (!isCatchable(signal)) return; // sigaction(SIGKILL) fails with EINVAL
    if (handler === null) this.handlers.delete(signal);
    else this.handlers.set(signal, handler);
  }

  handlerFor(signal: number): SignalHandler | undefined {
    return this.handlers.get(signal);
  }

  sleep(ns: number): Promise<void> {
    if (!this.alive) return new Promise<void>(() => {});
    return new Promise<void>((resolve) => {
      const t = this.kernel.scheduler.after(Number.isFinite(ns) && ns > 0 ? ns : 0, () => {
        this.sleeps.delete(t);
        resolve();
        this.kernel.scheduler.noteAsyncWake();
      });
      this.sleeps.add(t);
    });
  }

  spawn(argv: readonly string[], opts: SpawnOptions = {}): ChildProcess | SpawnError {
    if (!this.alive) return { error: 'ENOENT', path: argv[0] ?? '' }; // abandoned code: nothing starts
    return this.kernel.spawn(this, argv, opts);
  }

  fork(main: Program, opts: SpawnOptions & { argv?: readonly string[] } = {}): ChildProcess {
    if (!this.alive) return { pid: 0, termSignal: null, wait: () => new Promise<number>(() => {}), kill() {} };
    return this.kernel.fork(this, main, opts);
  }

  kill(pid: number, signal: number): 'ESRCH' | 'EPERM' | 'EINVAL' | null {
    if (!this.alive) return null;
    return this.kernel.kill(this, pid, signal);
  }

  atExit(fn: () => void): Disposable {
    if (!this.alive) {
      fn();
      return { dispose() {} };
    }
    this.exitHooks.add(fn);
    return { dispose: () => this.exitHooks.delete(fn) };
  }

  brokenPipe(): void {
    this.kernel.post(this, 13); // SIGPIPE
  }

  /** Ends the process now: the status is final, the program's code is abandoned. */
  exit(status: number, signal: number | null): void {
    if (!this.alive) return;
    this.alive = false;
    this.status = status;
    this.termSignal = signal;
    for (const t of this.sleeps) t.cancel();
    this.sleeps.clear();
    this.handlers.clear();
    this.stdin.close();
    this.stdout.release();
    this.stderr.release();
    const hooks = [...this.exitHooks];
    this.exitHooks.clear();
    for (const fn of hooks) {
      try {
        fn();
      } catch {
        // The process is gone and its stderr closed: there is nowhere to report a failing hook.
      }
    }
    this.kernel.exited(this);
    this.resolveStatus(status);
    this.kernel.scheduler.noteAsyncWake();
  }

  /** The parent's handle. */
  handle(parent: ProcessEntry | null): ChildProcess {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    return {
      pid: this.pid,
      get termSignal() {
        return self.termSignal;
      },
      wait: () => {
        this.waited = true;
        if (this.zombie) this.kernel.reap(this);
        return this.statusPromise;
      },
      kill: (signal: number) => {
        this.kernel.kill(parent !== null && parent.alive ? parent : null, this.pid, signal);
      },
    };
  }
}
