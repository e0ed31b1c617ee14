// The contract between the simulated OS and every program that runs on it (commands, the shell,
// daemons). A program is `async (proc) => exitCode`; it reaches files through `proc.fs`, other
// hosts only through `proc.net` (sockets), and time only through `proc.sleep` (virtual time).
import type { NetworkStack } from '../stack/host-stack.ts';
import type { Scheduler } from '../engine/scheduler.ts';
import type { Rng } from '../engine/rng.ts';
import type { Disposable } from '../engine/events.ts';
import type { FileSystem, Credentials } from './fs/types.ts';

/** Signal numbers as on Linux x86-64. */
export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGKILL = 9;
export const SIGPIPE = 13;
export const SIGTERM = 15;
export const SIGCHLD = 17;
export const SIGCONT = 18;
export const SIGSTOP = 19;
export const SIGTSTP = 20;
export const SIGWINCH = 28;

/** A byte source: a pipe, a file, the terminal. `read()` resolves null at end of file. */
export interface InputStream {
  read(): Promise<Uint8Array | null>;
  /** The terminal behind this stream, if any (programs check isatty and switch modes). */
  readonly tty: Terminal | null;
}

/** A byte sink. Writes never block (pipes are unbounded); a write to a closed reader is dropped. */
export interface OutputStream {
  write(data: Uint8Array | string): void;
  readonly tty: Terminal | null;
  close(): void;
}

/** Terminal size and modes, as a program sees its controlling TTY (termios-like). */
export interface Terminal {
  readonly columns: number;
  readonly rows: number;
  /** Canonical mode: the line discipline edits lines, echoes, turns ^C/^D into signals/EOF. */
  canonical: boolean;
  echo: boolean;
  /** Raw mode = !canonical && !echo && no signal keys (full-screen programs: nano, whiptail, readline). */
  setRaw(raw: boolean): void;
  /** Whether ^C/^\ generate signals (ISIG). */
  isig: boolean;
  readonly onResize: { on(listener: (size: { columns: number; rows: number }) => void): { dispose(): void } };
  /** Device name without /dev/: "pts/0" (the `tty` command prints /dev/pts/0; ps shows pts/0). */
  readonly name: string;
  /**
   * tcsetpgrp: the process group that gets ^C (SIGINT) and ^\ (SIGQUIT) and may read the
   * terminal. A job-control shell gives each job its own group (spawn option `pgid: 0`) and sets
   * this before waiting. Readers of other groups wait (instead of Linux's SIGTTIN stop) until
   * their group is in front.
   */
  foregroundPgid: number;
}

export type SignalHandler = (signal: number) => void;

/** What a running program is given. */
export interface Process {
  readonly pid: number;
  readonly ppid: number;
  /** Process group and session (setpgid/setsid). */
  readonly pgid: number;
  readonly sid: number;
  /** Name shown by ps and netstat -p (argv[0]'s basename, 15 chars at most, or SpawnOptions.comm). */
  readonly comm: string;
  readonly argv: readonly string[];
  readonly env: Map<string, string>;
  cwd: string;
  /** Effective credentials: file access and signals use these. */
  readonly cred: Credentials;
  /** Who started it: differs from `cred` in a setuid program (su, passwd run as root for a user). */
  readonly realCred: Credentials;
  readonly stdin: InputStream;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly host: HostContext;
  /**
   * Install a handler: the default action (terminate with 128+signal) is then not taken, as
   * with sigaction(). `null` restores the default. Handlers run from a scheduler event.
   */
  onSignal(signal: number, handler: SignalHandler | null): void;
  /** Resolves after `ns` nanoseconds of virtual time. */
  sleep(ns: number): Promise<void>;
  /** Start a child process (fork+exec); resolves its exit status with `wait()`. */
  spawn(argv: readonly string[], opts?: SpawnOptions): ChildProcess | SpawnError;
  /**
   * fork() without exec: runs `main` as a child process (a subshell, a pipeline stage made of
   * shell code, a daemon's worker). Its argv/comm default to the parent's.
   */
  fork(main: Program, opts?: SpawnOptions & { argv?: readonly string[] }): ChildProcess;
  /**
   * kill(2) from this process: `pid` > 0 one process, < 0 the group -pid; signal 0 only checks.
   * Allowed for root or when the real/effective uids match the target's (Linux's rule).
   */
  kill(pid: number, signal: number): 'ESRCH' | 'EPERM' | 'EINVAL' | null;
  /**
   * Runs `fn` when the process ends however it ends (exit, signal): what the kernel does for
   * fds and timers. Sockets whose `owner.pid` is this process are closed by the host anyway.
   */
  atExit(fn: () => void): Disposable;
}

export interface SpawnOptions {
  stdin?: InputStream;
  stdout?: OutputStream;
  stderr?: OutputStream;
  env?: Map<string, string>;
  cwd?: string;
  cred?: Credentials;
  /** Name shown by ps/netstat -p if it differs from argv[0] (e.g. "master" for postfix). */
  comm?: string;
  /** execve's path: run this file instead of resolving argv[0] (a login shell has argv[0] "-bash"). */
  path?: string;
  /** setpgid: 0 = a new group led by the child (a shell job), N = join group N. Default: the parent's. */
  pgid?: number;
  /** setsid: a new session without a controlling terminal (daemons; ps shows TTY "?"). */
  setsid?: boolean;
}

export interface ChildProcess {
  readonly pid: number;
  /** Exit status: the program's code & 0xff, or 128 + signal when a signal ended it. */
  wait(): Promise<number>;
  kill(signal: number): void;
  /** After it ended: the signal that killed it (bash prints "Killed", "Terminated"...), else null. */
  readonly termSignal: number | null;
}

/**
 * exec failures, printed by the shell as bash does. `interpreter` is set when a script's `#!`
 * interpreter is the missing or unusable file ("bad interpreter: No such file or directory").
 */
export type SpawnError = { error: 'ENOENT' | 'EACCES' | 'ENOEXEC' | 'EISDIR'; path: string; interpreter?: string };

/** One row of the process table, what ps, pgrep, kill and netstat -p read. */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  readonly sid: number;
  /** Effective uid/gid (ps USER) and the real ones. */
  readonly uid: number;
  readonly gid: number;
  readonly ruid: number;
  readonly rgid: number;
  readonly comm: string;
  readonly argv: readonly string[];
  /** ps STAT letter: S sleeping (every live process waits on something), Z zombie. */
  readonly state: 'S' | 'Z';
  /** Virtual time (ns) the process started, for ps STIME/ELAPSED. */
  readonly startNs: number;
  /** Controlling terminal ("pts/0"), null for none (ps shows "?"). */
  readonly tty: string | null;
  readonly cwd: string;
  /** Session leader (ps "s" flag) and in the terminal's foreground group (ps "+" flag). */
  readonly sessionLeader: boolean;
  readonly foreground: boolean;
}

/** The host's process table as programs see it (ps, pgrep, netstat -p). */
export interface ProcessTableView {
  list(): ProcessInfo[];
  get(pid: number): ProcessInfo | undefined;
}

/** The machine a program runs on, shared by all its processes. */
export interface HostContext {
  readonly hostname: string;
  readonly fs: FileSystem;
  readonly net: NetworkStack;
  readonly scheduler: Scheduler;
  readonly rng: Rng;
  readonly processes: ProcessTableView;
  /** Wall-clock time in ms since the epoch for virtual `now` (dates in ls, logs, mail). */
  wallTimeMs(): number;
}

/** A program's code: resolves the exit status. Thrown errors are internal errors (bugs). */
export type Program = (proc: Process) => Promise<number>;
