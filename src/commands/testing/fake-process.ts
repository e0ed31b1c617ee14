// A test harness that runs one Program against a file system with captured stdout/stderr,
// supplied stdin bytes (or keys typed on a fake terminal), an environment, a cwd and credentials.
// Time is virtual: `sleep` advances the harness clock at once and runs the hooks due by then,
// so a test can append to a file "2 seconds later" or press ^C while `tail -f` polls.
import type { FileSystem, Credentials } from '../../os/fs/types.ts';
import type { ProcessInfo, ProcessTableView } from '../../os/program.ts';
import type {
  HostContext, InputStream, OutputStream, Process, Program, SignalHandler, Terminal, ChildProcess, SpawnError,
} from '../../os/program.ts';
import { Scheduler } from '../../engine/scheduler.ts';
import { Rng } from '../../engine/rng.ts';
import { NetworkStack } from '../../stack/host-stack.ts';
import { testFs } from './test-fs.ts';

export const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };

export interface FakeTerminal extends Terminal {
  raw: boolean;
}

function terminal(columns: number, rows: number): FakeTerminal {
  return {
    columns, rows, canonical: true, echo: true, isig: true, raw: false, name: 'pts/0', foregroundPgid: 100,
    setRaw(raw: boolean) {
      this.raw = raw;
      this.canonical = !raw;
      this.echo = !raw;
      this.isig = !raw;
    },
    onResize: { on: () => ({ dispose() {} }) },
  };
}

export interface TimedHook {
  /** Virtual seconds since the start of the run. */
  at: number;
  run(h: Harness): void;
}

export interface RunOptions {
  argv: readonly string[];
  fs?: FileSystem;
  stdin?: string | Uint8Array | readonly (string | Uint8Array)[];
  env?: Record<string, string>;
  cwd?: string;
  cred?: Credentials;
  /** Terminal size: stdin/stdout/stderr are then a TTY (stdin reads `stdin` chunks as keys). */
  tty?: { columns: number; rows: number };
  /** Only stdout is a terminal (e.g. `ls` to the screen while stdin is a pipe). */
  stdoutTty?: boolean;
  hostname?: string;
  /** Wall-clock ms at virtual time 0. */
  wallMs?: number;
  hooks?: readonly TimedHook[];
  /** Extra fields merged into the HostContext (a process table for ps...). */
  host?: Record<string, unknown>;
  net?: NetworkStack;
  /** The process table ps and kill see. */
  processes?: ProcessInfo[];
  /** Other programs `spawn` can start (xargs, man's pager...). */
  programs?: Record<string, Program>;
  /** Give up after this many virtual seconds of sleeping (a runaway loop in a test). */
  maxSeconds?: number;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  stdoutBytes: Uint8Array;
  /** Virtual seconds that passed. */
  seconds: number;
  terminal: FakeTerminal | null;
}

const SECOND = 1_000_000_000;

export class Harness {
  nowNs = 0;
  readonly out: Uint8Array[] = [];
  readonly errs: Uint8Array[] = [];
  readonly handlers = new Map<number, SignalHandler>();
  killedBy: number | null = null;
  /** kill(2) calls the program made. */
  readonly kills: { pid: number; sig: number }[] = [];
  private killResolve: ((code: number) => void) | null = null;
  readonly killed: Promise<number>;

  constructor(readonly fs: FileSystem) {
    this.killed = new Promise((r) => (this.killResolve = r));
  }

  /** Delivers a signal: the installed handler runs, or the process ends with 128+signal. */
  signal(sig: number): void {
    const h = this.handlers.get(sig);
    if (h) h(sig);
    else {
      this.killedBy = sig;
      this.killResolve?.(128 + sig);
    }
  }
}

const enc = new TextEncoder();

function chunks(input: RunOptions['stdin']): Uint8Array[] {
  if (input === undefined) return [];
  const list = Array.isArray(input) ? input : [input];
  return list.map((c: string | Uint8Array) => (typeof c === 'string' ? enc.encode(c) : c));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function makeProcess(opts: RunOptions, h: Harness, parentTerm?: FakeTerminal | null): { proc: Process; term: FakeTerminal | null } {
  const term = parentTerm !== undefined ? parentTerm : opts.tty ? terminal(opts.tty.columns, opts.tty.rows) : null;
  const outTerm = term ?? (opts.stdoutTty ? terminal(80, 24) : null);
  const queue = chunks(opts.stdin);
  const stdin: InputStream = {
    tty: term,
    async read() {
      await Promise.resolve();
      return queue.length > 0 ? queue.shift()! : null;
    },
  };
  const mkOut = (sink: Uint8Array[], t: Terminal | null): OutputStream => ({
    tty: t,
    write(data) {
      if (h.killedBy !== null) return;
      sink.push(typeof data === 'string' ? enc.encode(data) : data.slice());
    },
    close() {},
  });
  const scheduler = new Scheduler();
  const rng = new Rng(1);
  const hostname = opts.hostname ?? 'debian';
  const net = opts.net ?? new NetworkStack({ scheduler, rng, hostname });
  const wallMs = opts.wallMs ?? Date.UTC(2026, 10, 22, 3, 33, 59);
  const table = opts.processes ?? [];
  const processes: ProcessTableView = { list: () => table, get: (pid) => table.find((p) => p.pid === pid) };
  const host: HostContext = {
    hostname,
    fs: opts.fs ?? h.fs,
    net,
    scheduler,
    rng,
    processes,
    wallTimeMs: () => wallMs + Math.floor(h.nowNs / 1_000_000),
    ...(opts.host ?? {}),
  };
  const hooks = [...(opts.hooks ?? [])].sort((a, b) => a.at - b.at);
  const maxNs = (opts.maxSeconds ?? 3600) * SECOND;
  const programs = opts.programs ?? {};
  let nextPid = 200;
  const cred = opts.cred ?? ROOT;
  const proc: Process = {
    pid: 100,
    ppid: 1,
    pgid: 100,
    sid: 90,
    comm: (opts.argv[0] ?? '').split('/').pop()!.slice(0, 15),
    realCred: cred,
    argv: opts.argv,
    env: new Map(Object.entries(opts.env ?? {})),
    cwd: opts.cwd ?? '/root',
    cred,
    stdin,
    stdout: mkOut(h.out, outTerm),
    stderr: mkOut(h.errs, term),
    host,
    onSignal(sig, handler) {
      if (handler) h.handlers.set(sig, handler);
      else h.handlers.delete(sig);
    },
    async sleep(ns: number) {
      // A process ended by a signal never runs again: park its loop.
      if (h.killedBy !== null) return new Promise<void>(() => {});
      if (h.nowNs > maxNs) throw new Error('fake-process: the program slept past maxSeconds (runaway loop?)');
      const until = h.nowNs + Math.max(0, ns);
      while (hooks.length > 0 && hooks[0].at * SECOND <= until) {
        const hook = hooks.shift()!;
        h.nowNs = Math.max(h.nowNs, hook.at * SECOND);
        hook.run(h);
      }
      h.nowNs = until;
      await Promise.resolve();
    },
    spawn(argv, sopts): ChildProcess | SpawnError {
      const name = argv[0]?.split('/').pop() ?? '';
      const program = programs[name];
      if (!program) return { error: 'ENOENT', path: argv[0] ?? '' };
      const child = makeProcess({ ...opts, argv, stdin: undefined, hooks: [] }, h, term);
      const cp = child.proc as { -readonly [K in keyof Process]: Process[K] };
      if (sopts?.stdin) cp.stdin = sopts.stdin;
      else cp.stdin = proc.stdin;
      if (sopts?.stdout) cp.stdout = sopts.stdout;
      cp.env = sopts?.env ?? new Map(proc.env);
      if (sopts?.cwd) cp.cwd = sopts.cwd;
      else cp.cwd = proc.cwd;
      const done = program(child.proc);
      return { pid: nextPid++, wait: () => done, kill: () => {}, termSignal: null };
    },
    fork(main, fopts): ChildProcess {
      const child = makeProcess({ ...opts, argv: fopts?.argv ?? opts.argv, stdin: undefined, hooks: [] }, h, term);
      const done = main(child.proc);
      return { pid: nextPid++, wait: () => done, kill: () => {}, termSignal: null };
    },
    kill(pid, sig) {
      h.kills.push({ pid, sig });
      if (pid === 100 || pid === -100) h.signal(sig);
      return table.some((p) => p.pid === Math.abs(pid)) || Math.abs(pid) === 100 ? null : 'ESRCH';
    },
    atExit() {
      return { dispose() {} };
    },
  };
  return { proc, term };
}

/** Runs a program to completion (or until a signal without handler ends it). */
export async function run(program: Program, opts: RunOptions): Promise<RunResult> {
  const fs = opts.fs ?? testFs();
  const h = new Harness(fs);
  const { proc, term } = makeProcess({ ...opts, fs }, h);
  const code = await Promise.race([program(proc), h.killed]);
  const bytes = concat(h.out);
  const dec = new TextDecoder();
  return {
    code,
    stdout: dec.decode(bytes),
    stderr: dec.decode(concat(h.errs)),
    stdoutBytes: bytes,
    seconds: h.nowNs / SECOND,
    terminal: term,
  };
}

/** An environment for the usual cases: C, C.UTF-8 and French. */
export const LANG_C = { LANG: 'C' };
export const LANG_UTF8 = { LANG: 'C.UTF-8' };
export const LANG_FR = { LANG: 'fr_FR.UTF-8' };
