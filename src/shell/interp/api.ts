// What a builtin sees of the shell that runs it (the interpreter implements this; builtins
// import only this file, so they and the interpreter do not import each other).
import type { Process } from '../../os/program.ts';
import type { History } from '../history.ts';
import type { Messages } from '../messages.ts';
import type { Command } from '../syntax/ast.ts';
import type { FdTable } from './fds.ts';
import type { Job, JobTable } from './jobs.ts';
import type { Variables } from './variables.ts';

/** `set -o` options. */
export interface ShellFlags {
  errexit: boolean;
  nounset: boolean;
  xtrace: boolean;
  noglob: boolean;
  verbose: boolean;
  noclobber: boolean;
  allexport: boolean;
  monitor: boolean;
  pipefail: boolean;
  ignoreeof: boolean;
  hashall: boolean;
  braceexpand: boolean;
  histexpand: boolean;
  emacs: boolean;
  vi: boolean;
  notify: boolean;
  noexec: boolean;
  history: boolean;
  posix: boolean;
}

/** What a name runs, in bash's lookup order (type -a lists them all). */
export type CommandKind =
  | { kind: 'alias'; value: string }
  | { kind: 'keyword' }
  | { kind: 'function'; body: Command }
  | { kind: 'builtin' }
  | { kind: 'file'; path: string };

export interface ShellApi {
  readonly proc: Process;
  readonly vars: Variables;
  readonly msg: Messages;
  readonly flags: ShellFlags;
  readonly shopts: Map<string, boolean>;
  /** Running as sh (dash's messages and builtins). */
  readonly dash: boolean;
  readonly interactive: boolean;
  readonly login: boolean;
  positional: string[];
  /** $0 */
  readonly arg0: string;
  readonly functions: Map<string, Command>;
  readonly aliases: Map<string, string>;
  readonly jobs: JobTable;
  readonly history: History | null;
  readonly traps: Map<string, string>;
  umask: number;
  lastStatus: number;
  /** Enclosing loops (break/continue), functions and sourced files (return). */
  readonly loopDepth: number;
  readonly canReturn: boolean;
  cwd: string;

  /** `bash: TEXT` (with the script's name and line when not interactive) on io's stderr. */
  error(io: FdTable, text: string): void;
  /** `bash: NAME: TEXT`, or dash's `sh: 1: NAME: TEXT`. */
  builtinError(io: FdTable, name: string, text: string): void;
  /** bash's usage line after an invalid option: `NAME: usage: USAGE`. */
  usage(io: FdTable, name: string, usage: string): void;
  /** Assign, printing `x: readonly variable` on failure. */
  assign(io: FdTable, name: string, value: string): boolean;
  homeDir(user: string | null): string | null;
  /** An absolute path for `p` from the current directory. */
  resolve(p: string): string;
  /** Arithmetic evaluation; null after printing the error. */
  arith(io: FdTable, text: string): bigint | null;

  evalString(source: string, io: FdTable): Promise<number>;
  source(path: string, args: string[] | null, io: FdTable): Promise<number>;
  /** `command NAME...` (no functions) and `builtin NAME...` (builtins only). */
  runArgv(argv: string[], io: FdTable, mode: 'command' | 'builtin'): Promise<number>;
  /** `exec NAME...`: run it in place of the shell, whose status it becomes. */
  exec(argv: string[], io: FdTable): Promise<number>;
  describe(name: string, all: boolean): CommandKind[];
  isBuiltin(name: string): boolean;
  /** Wait for a job to end (the `wait` builtin); resolves its status, or null on ^C. */
  waitJob(job: Job): Promise<number | null>;
  /** `fg`: the job gets the terminal and the shell waits for it. */
  foreground(job: Job, io: FdTable): Promise<number>;
  /** Races `p` against ^C in an interactive shell (read, wait): 'interrupted' when ^C came first. */
  interruptible<T>(p: Promise<T>): Promise<T | 'interrupted'>;
  /** `exec` with redirections only: they stay in effect for the rest of the shell. */
  keepFds(io: FdTable): void;
  /** Programs found through $PATH (hash, type: "ls is hashed (/usr/bin/ls)"). */
  readonly hashed: Map<string, { path: string; hits: number }>;
  /** After `traps` changed for a signal name ("INT"): install or remove its handler. */
  applyTrap(name: string): void;
  /** Exit the shell (runs the EXIT trap, saves history). */
  exitShell(status: number): never;
  /** Describes a signal as job notices do ("Terminated", "Killed"). */
  signalText(signal: number): string;
}

export type Builtin = (sh: ShellApi, argv: string[], io: FdTable) => Promise<number> | number;
