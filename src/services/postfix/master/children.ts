// The processes master(8) runs for the services of master.cf, as ps shows them ("smtpd -n smtp -t
// inet -u -c", "qmgr -l -t unix -u"...). Each is a child process of master whose pid appears in its
// log lines and owns its sockets; the protocol work runs in the master's mail system on its behalf.
// A service without -l exits after $max_idle seconds without work, as Postfix daemons do, and the
// next request starts a new one (a new pid in the logs).
import type { Timer } from '../../../engine/scheduler.ts';
import type { Process } from '../../../os/program.ts';
import { UserDb } from '../../../os/users/user-db.ts';

const SECOND = 1_000_000_000;

/** Postfix's daemons as Debian 12's master.cf starts them: argv and whether they stay (-l). */
export const SERVICE_ARGV: Readonly<Record<string, { argv: readonly string[]; long: boolean; root?: boolean }>> = {
  smtpd: { argv: ['smtpd', '-n', 'smtp', '-t', 'inet', '-u', '-c'], long: false },
  pickup: { argv: ['pickup', '-l', '-t', 'unix', '-u', '-c'], long: true },
  anvil: { argv: ['anvil', '-l', '-t', 'unix', '-u', '-c'], long: true },
  qmgr: { argv: ['qmgr', '-l', '-t', 'unix', '-u'], long: true },
  cleanup: { argv: ['cleanup', '-z', '-t', 'unix', '-u', '-c'], long: false },
  'trivial-rewrite': { argv: ['trivial-rewrite', '-n', 'rewrite', '-t', 'unix', '-u', '-c'], long: false },
  local: { argv: ['local', '-t', 'unix'], long: false, root: true },
  smtp: { argv: ['smtp', '-t', 'unix', '-u', '-c'], long: false },
  bounce: { argv: ['bounce', '-z', '-n', 'defer', '-t', 'unix', '-u', '-c'], long: false },
  error: { argv: ['error', '-n', 'retry', '-t', 'unix', '-u', '-c'], long: false },
};

interface Child {
  readonly pid: number;
  readonly proc: Promise<Process>;
  stop: () => void;
  busy: number;
  idle: Timer | null;
  /** Stamp of the lookup tables when the process opened them (see restartIfChanged). */
  stamp?: number;
}

export class DaemonChildren {
  /** Running processes by service: one for qmgr and pickup, as many as the concurrent work for the others. */
  private readonly pools = new Map<string, Child[]>();
  private stopped = false;

  constructor(
    private readonly master: Process,
    private readonly maxIdleSeconds: () => number,
  ) {}

  /**
   * A process of the service for one piece of work (an SMTP session, a delivery): an idle one,
   * else a new one, as master hands each client to a free smtpd. Call done() when it is over.
   */
  acquire(name: string): { pid: number; proc: Promise<Process>; done: () => void } {
    const child = this.pool(name).find((c) => c.busy === 0) ?? this.spawn(name);
    child.busy += 1;
    child.idle?.cancel();
    child.idle = null;
    let released = false;
    return {
      pid: child.pid,
      proc: child.proc,
      done: () => {
        if (released) return;
        released = true;
        child.busy -= 1;
        this.armIdle(name, child);
      },
    };
  }

  /** Pid of a process of the service (started if none runs), for a log line. */
  pidOf(name: string): number {
    const child = this.pool(name)[0] ?? this.spawn(name);
    if (child.busy === 0) this.armIdle(name, child);
    return child.pid;
  }

  has(name: string): boolean {
    return this.pool(name).length > 0;
  }

  /** The idle processes of a service exit now; the next use starts another. */
  retire(name: string): void {
    for (const child of this.pool(name).filter((c) => c.busy === 0)) this.drop(name, child);
  }

  /**
   * A lookup table the service's processes opened changed (aliases.db after newaliases): each idle
   * one logs `message` and exits, and the next request starts a new one, as dict_hash does.
   */
  restartIfChanged(name: string, stamp: number, message: string, log: (pid: number, text: string) => void): void {
    for (const child of [...this.pool(name)]) {
      if (child.stamp === undefined) child.stamp = stamp;
      if (child.stamp === stamp || child.busy > 0) continue;
      log(child.pid, message);
      this.drop(name, child);
    }
  }

  /** Remember the table stamp the processes of a service started with. */
  noteStamp(name: string, stamp: number): void {
    for (const child of this.pool(name)) if (child.stamp === undefined) child.stamp = stamp;
  }

  /** After a reload: every process without work in progress exits (the next use starts a new one). */
  retireIdle(): void {
    for (const name of [...this.pools.keys()]) this.retire(name);
  }

  /** master's SIGTERM: every child goes. */
  stopAll(): void {
    this.stopped = true;
    for (const pool of this.pools.values()) {
      for (const c of pool) {
        c.idle?.cancel();
        c.stop();
      }
    }
    this.pools.clear();
  }

  private pool(name: string): Child[] {
    let pool = this.pools.get(name);
    if (pool === undefined) {
      pool = [];
      this.pools.set(name, pool);
    }
    return pool;
  }

  private drop(name: string, child: Child): void {
    child.idle?.cancel();
    child.idle = null;
    const pool = this.pool(name);
    const i = pool.indexOf(child);
    if (i >= 0) pool.splice(i, 1);
    child.stop();
  }

  private spawn(name: string): Child {
    const spec = SERVICE_ARGV[name] ?? { argv: [name], long: false };
    let stop: () => void = () => {};
    let resolveProc: (p: Process) => void = () => {};
    const procPromise = new Promise<Process>((r) => (resolveProc = r));
    const db = UserDb.load(this.master.host.fs);
    const cred = spec.root === true ? undefined : (db.credentialsOf('postfix') ?? undefined);
    const handle = this.master.fork(
      async (p) => {
        resolveProc(p);
        await new Promise<void>((r) => {
          stop = r;
          if (this.stopped) r();
        });
        return 0;
      },
      { argv: spec.argv, comm: name.slice(0, 15), cred },
    );
    const child: Child = {
      pid: handle.pid,
      proc: procPromise,
      stop: () => {
        this.master.host.scheduler.noteAsyncWake();
        stop();
      },
      busy: 0,
      idle: null,
    };
    this.pool(name).push(child);
    // Killed from outside (kill PID): master forgets it and starts another when needed.
    void handle.wait().then(() => {
      const pool = this.pool(name);
      const i = pool.indexOf(child);
      if (i >= 0) pool.splice(i, 1);
    });
    return child;
  }

  private armIdle(name: string, child: Child): void {
    const spec = SERVICE_ARGV[name];
    if (spec === undefined || spec.long || child.busy > 0 || this.stopped) return;
    child.idle?.cancel();
    child.idle = this.master.host.scheduler.after(this.maxIdleSeconds() * SECOND, () => {
      child.idle = null;
      if (child.busy === 0) this.drop(name, child);
    });
  }
}
