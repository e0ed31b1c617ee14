// The state of one shell process (variables, options, functions, fds, the job table) and what
// depends only on it: error prefixes and messages, the expansion environment of expand/ (an
// ExpandEnv), ^C bookkeeping. Execution is added by launcher.ts, executor.ts and shell.ts.
import type { Process } from '../../os/program.ts';
import { signalDescription } from '../../os/process/signals.ts';
import { collator } from '../expand/collate.ts';
import { ExpandError, type ExpandEnv } from '../expand/environment.ts';
import type { GlobFs } from '../expand/glob.ts';
import { arithError } from '../expand/word.ts';
import type { History } from '../history.ts';
import { passwdUsers } from '../users.ts';
import { Messages, isFrench } from '../messages.ts';
import type { Command, Script } from '../syntax/ast.ts';
import type { Builtin, CommandKind, ShellFlags } from './api.ts';
import { AbortFlow, ExitFlow } from './control.ts';
import { FdTable } from './fds.ts';
import { JobTable } from './jobs.ts';
import { Variables } from './variables.ts';
import { BUILTINS, DASH_MISSING } from '../builtins/registry.ts';
import { evaluate } from '../expand/arithmetic.ts';

export const KEYWORDS = ['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time', '{', '}', '!', '[[', ']]', 'coproc'];
const BASH_VERSION = '5.2.15(1)-release';
/** Builtin-only loops yield to the scheduler every so many iterations, costing 5 ms of virtual CPU. */
const LOOP_YIELD_EVERY = 100;
const LOOP_YIELD_NS = 5_000_000;

export interface ShellInit {
  proc: Process;
  /** $0 */
  arg0: string;
  positional: string[];
  interactive: boolean;
  login: boolean;
  /** Running as /bin/sh (dash's messages and dialect). */
  dash: boolean;
  /**
   * Where commands come from, for error prefixes: a terminal (`bash: `), a -c string or
   * standard input (`bash: line 1: `) or a script file (`x.sh: line 3: `).
   */
  source: 'interactive' | 'command' | 'file' | 'stdin';
  /** Script path as given (file) — defaults to arg0. */
  scriptName?: string;
  flags?: Partial<ShellFlags>;
}

const DEFAULT_FLAGS: ShellFlags = {
  errexit: false, nounset: false, xtrace: false, noglob: false, verbose: false, noclobber: false,
  allexport: false, monitor: false, pipefail: false, ignoreeof: false, hashall: true, braceexpand: true,
  histexpand: false, emacs: false, vi: false, notify: false, noexec: false, history: false, posix: false,
};

/** Shell options bash starts with (`shopt`); the values are bash 5.2's defaults. */
const DEFAULT_SHOPTS: [string, boolean][] = [
  ['autocd', false], ['cdspell', false], ['checkhash', false], ['checkjobs', false], ['checkwinsize', true],
  ['cmdhist', true], ['dotglob', false], ['expand_aliases', false], ['extglob', false], ['failglob', false],
  ['globstar', false], ['histappend', false], ['interactive_comments', true], ['lastpipe', false],
  ['lithist', false], ['login_shell', false], ['nocaseglob', false], ['nocasematch', false],
  ['nullglob', false], ['progcomp', true], ['promptvars', true], ['sourcepath', true], ['xpg_echo', false],
];

export abstract class ShellState implements ExpandEnv {
  readonly proc: Process;
  readonly vars: Variables;
  readonly msg: Messages;
  readonly flags: ShellFlags;
  readonly shopts: Map<string, boolean>;
  readonly dash: boolean;
  readonly interactive: boolean;
  readonly login: boolean;
  positional: string[];
  arg0: string;
  functions: Map<string, Command>;
  aliases: Map<string, string>;
  readonly jobs: JobTable;
  history: History | null = null;
  traps: Map<string, string>;
  umask = 0o022;
  lastStatus = 0;
  loopDepth = 0;
  fds: FdTable;
  /** Line of the command running (error messages, $LINENO). */
  lineno = 0;
  readonly inputKind: ShellInit['source'];
  scriptName: string;
  /** $$: a subshell keeps its parent's. */
  shellPid: number;
  lastBgPid: number | null = null;
  /** Inside `if`/`while` conditions and `&&`/`||` lists: set -e does not apply. */
  protected condDepth = 0;
  protected funcDepth = 0;
  protected sourceDepth = 0;
  /** Status of the last command substitution of the current command (`x=$(false)` is 1). */
  protected substStatus: number | null = null;
  protected readonly startNs: number;
  protected loopTicks = 0;
  protected interruptWaiters = new Set<() => void>();
  /** ^C reached the shell itself (a builtin was running): the line is abandoned. */
  interrupted = false;
  readonly hashed = new Map<string, { path: string; hits: number }>();
  /** `exec > file` made the redirections permanent while a builtin ran. */
  protected keptFds: FdTable | null = null;
  /** Set while the shell runs in a forked child (subshell, pipeline stage). */
  protected readonly subshellLevel: number;
  /** Command substitutions deep: `set -x` repeats PS4's first character once more per level. */
  protected traceLevel = 0;
  protected exiting = false;

  constructor(init: ShellInit, parent?: ShellState, subProc?: Process) {
    this.proc = subProc ?? init.proc;
    this.dash = init.dash;
    this.inputKind = init.source;
    this.scriptName = init.scriptName ?? init.arg0;
    this.arg0 = init.arg0;
    this.positional = [...init.positional];
    this.startNs = this.proc.host.scheduler.now;
    if (parent) {
      this.vars = new Variables(parent.vars);
      this.flags = { ...parent.flags };
      this.shopts = new Map(parent.shopts);
      this.functions = new Map(parent.functions);
      this.aliases = new Map(parent.aliases);
      // A subshell keeps ignored signals and resets the others (bash(1) "COMMAND EXECUTION ENVIRONMENT").
      this.traps = new Map([...parent.traps].filter(([, v]) => v === ''));
      this.umask = parent.umask;
      this.lastStatus = parent.lastStatus;
      this.lineno = parent.lineno;
      this.shellPid = parent.shellPid;
      this.lastBgPid = parent.lastBgPid;
      this.interactive = false;
      this.login = false;
      this.subshellLevel = parent.subshellLevel + 1;
      this.traceLevel = parent.traceLevel;
      this.loopDepth = parent.loopDepth;
      this.funcDepth = parent.funcDepth;
      this.sourceDepth = parent.sourceDepth;
    } else {
      this.vars = Variables.fromEnv(this.proc.env);
      this.flags = { ...DEFAULT_FLAGS, ...init.flags };
      this.shopts = new Map(DEFAULT_SHOPTS);
      this.functions = new Map();
      this.aliases = new Map();
      this.traps = new Map();
      this.shellPid = this.proc.pid;
      this.interactive = init.interactive;
      this.login = init.login;
      this.subshellLevel = 0;
      this.shopts.set('login_shell', init.login);
      this.shopts.set('expand_aliases', init.interactive);
      if (init.interactive) {
        this.flags.monitor = this.proc.stdin.tty !== null;
        this.flags.history = !init.dash;
        this.flags.emacs = !init.dash;
        this.flags.histexpand = !init.dash;
      }
      this.initVariables();
    }
    this.msg = new Messages(isFrench(this.proc.env));
    this.jobs = new JobTable(this.msg, (s) => this.signalText(s));
    this.fds = new FdTable([
      [0, this.proc.stdin],
      [1, this.proc.stdout],
      [2, this.proc.stderr],
    ]);
    if (parent) for (const fd of [3, 4, 5, 6, 7, 8, 9]) {
      const s = parent.fds.get(fd);
      if (s) this.fds.set(fd, s);
    }
  }

  /** Variables bash sets at start (bash(1) "Shell Variables"). */
  protected initVariables(): void {
    const v = this.vars;
    const p = this.proc;
    const setDefault = (name: string, value: string) => {
      if (v.get(name) === undefined) v.set(name, value);
    };
    v.set('PPID', String(p.ppid));
    v.setReadonly('PPID');
    if (!this.dash) {
      v.set('UID', String(p.realCred.uid));
      v.setReadonly('UID');
      v.set('EUID', String(p.cred.uid));
      v.setReadonly('EUID');
      v.set('BASH', this.dash ? '/bin/sh' : '/usr/bin/bash');
      v.set('BASH_VERSION', BASH_VERSION);
      v.set('HOSTNAME', p.host.hostname);
      v.set('HOSTTYPE', 'x86_64');
      v.set('MACHTYPE', 'x86_64-pc-linux-gnu');
      v.set('OSTYPE', 'linux-gnu');
      setDefault('HISTFILE', `${v.get('HOME') ?? this.homeDir(null) ?? '/'}/.bash_history`);
      setDefault('HISTSIZE', '500');
      setDefault('HISTFILESIZE', v.get('HISTSIZE') ?? '500');
      const level = Number(v.get('SHLVL') ?? '0');
      v.set('SHLVL', String(Number.isFinite(level) ? level + 1 : 1), { export: true });
    }
    setDefault('IFS', ' \t\n');
    setDefault('PS2', '> ');
    setDefault('PS4', '+ ');
    setDefault('OPTIND', '1');
    if (v.get('PATH') === undefined) v.set('PATH', '/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games');
    // PWD: trust an inherited value naming the current directory, as bash does.
    const pwd = v.get('PWD');
    if (pwd === undefined || this.realpath(pwd) !== this.realpath(p.cwd)) v.set('PWD', p.cwd, { export: true });
    else v.setExported('PWD', true);
    if (v.get('OLDPWD') === undefined) v.setExported('OLDPWD', true);
  }

  protected realpath(path: string): string | null {
    const r = this.proc.host.fs.realpath(path, this.proc.cred, this.proc.cwd);
    return r.ok ? r.value : null;
  }

  // ---- ShellApi basics -------------------------------------------------------------------

  get cwd(): string {
    return this.proc.cwd;
  }

  set cwd(dir: string) {
    this.proc.cwd = dir;
  }

  get canReturn(): boolean {
    return this.funcDepth > 0 || this.sourceDepth > 0;
  }

  /** Job control: an interactive shell on a terminal (set -m). */
  get jobControl(): boolean {
    return this.flags.monitor && this.proc.stdin.tty !== null && this.subshellLevel === 0;
  }

  /** The name bash puts before its messages. */
  protected get errorName(): string {
    if (this.inputKind === 'interactive') return this.dash ? this.arg0.replace(/^-/, '').replace(/^.*\//, '') : 'bash';
    return this.scriptName;
  }

  /**
   * `bash: `, `x.sh: line 3: `, dash's `sh: 1: `. French bash translates "line %d: " for
   * builtins' errors ("ligne 1 : ") but not for the others ("ligne 1: "), as recorded.
   */
  errorPrefix(builtin = false): string {
    if (this.dash) return `${this.errorName}: ${this.lineno}: `;
    if (this.inputKind === 'interactive') return `${this.errorName}: `;
    const line = builtin || !this.msg.french ? this.msg.t('line %d: ', this.lineno) : `ligne ${this.lineno}: `;
    return `${this.errorName}: ${line}`;
  }

  error(io: FdTable, text: string): void {
    io.stderr.write(`${this.errorPrefix()}${text}\n`);
  }

  builtinError(io: FdTable, name: string, text: string): void {
    io.stderr.write(`${this.errorPrefix(true)}${name}: ${text}\n`);
  }

  usage(io: FdTable, name: string, usage: string): void {
    io.stderr.write(`${this.msg.t('%s: usage: ', name)}${usage}\n`);
  }

  assign(io: FdTable, name: string, value: string): boolean {
    if (this.setVar(name, value)) return true;
    this.error(io, this.dash ? `${name}: is read only` : this.msg.t('%s: readonly variable', name));
    return false;
  }

  homeDir(user: string | null): string | null {
    const uid = this.proc.realCred.uid;
    const found = passwdUsers(this.proc.host.fs).find((u) => (user === null ? u.uid === uid : u.name === user));
    if (found) return found.home;
    return user === null && uid === 0 ? '/root' : null;
  }

  resolve(p: string): string {
    if (p.startsWith('/')) return p;
    return this.cwd === '/' ? `/${p}` : `${this.cwd}/${p}`;
  }

  arith(io: FdTable, text: string): bigint | null {
    const r = evaluate(text, { get: (n) => this.getVar(n), set: (n, v) => void this.setVar(n, v) });
    if (r.ok) return r.value;
    this.printExpandError(io, arithError(r));
    return null;
  }

  signalText(signal: number): string {
    return this.msg.strsignal(signalDescription(signal));
  }

  isBuiltin(name: string): boolean {
    return BUILTINS.has(name) && !(this.dash && DASH_MISSING.has(name));
  }

  protected builtin(name: string): Builtin | undefined {
    return this.isBuiltin(name) ? BUILTINS.get(name) : undefined;
  }

  // ---- ExpandEnv -------------------------------------------------------------------------

  getVar(name: string): string | undefined {
    switch (name) {
      case 'RANDOM':
        if (this.dash) break;
        return String(this.proc.host.rng.int(0, 32767));
      case 'LINENO':
        return String(this.lineno);
      case 'SECONDS':
        if (this.dash) break;
        return String(Math.floor((this.proc.host.scheduler.now - this.startNs) / 1e9));
      case 'BASHPID':
        if (this.dash) break;
        return String(this.proc.pid);
    }
    return this.vars.get(name);
  }

  setVar(name: string, value: string): boolean {
    return this.vars.set(name, value, { export: this.flags.allexport });
  }

  params(): readonly string[] {
    return this.positional;
  }

  special(name: '0' | '?' | '$' | '!' | '-'): string {
    switch (name) {
      case '0':
        return this.arg0;
      case '?':
        return String(this.lastStatus);
      case '$':
        return String(this.shellPid);
      case '!':
        return this.lastBgPid === null ? '' : String(this.lastBgPid);
      case '-':
        return this.optionLetters();
    }
  }

  /** $-: the set flags as letters (himBHs for an interactive bash). */
  optionLetters(): string {
    const f = this.flags;
    let s = '';
    if (f.errexit) s += 'e';
    if (this.flags.hashall && !this.dash) s += 'h';
    if (this.interactive) s += 'i';
    if (f.monitor) s += 'm';
    if (f.noglob) s += 'f';
    if (f.nounset) s += 'u';
    if (f.verbose) s += 'v';
    if (f.xtrace) s += 'x';
    if (f.noclobber) s += 'C';
    if (f.allexport) s += 'a';
    if (!this.dash) {
      if (f.braceexpand) s += 'B';
      if (f.histexpand) s += 'H';
    }
    if (this.inputKind === 'interactive' || this.inputKind === 'stdin') s += 's';
    if (this.inputKind === 'command') s += 'c';
    return s;
  }

  get nounset(): boolean {
    return this.flags.nounset;
  }

  get noglob(): boolean {
    return this.flags.noglob;
  }

  get braceExpand(): boolean {
    return this.flags.braceexpand && !this.dash;
  }

  get globFs(): GlobFs {
    const fs = this.proc.host.fs;
    const cred = this.proc.cred;
    const cwd = this.cwd;
    return {
      readdir: (path) => {
        const r = fs.readdir(path, cred, cwd);
        return r.ok ? r.value.map((e) => e.name) : null;
      },
      exists: (path) => fs.lstat(path, cred, cwd).ok,
      isDir: (path) => {
        const r = fs.stat(path, cred, cwd);
        return r.ok && r.value.type === 'dir';
      },
    };
  }

  compare(a: string, b: string): number {
    return collator(this.vars.environment())(a, b);
  }

  exitShell(status: number): never {
    throw new ExitFlow(status & 0xff);
  }

  /** Aliases are expanded only when expand_aliases is set (interactive shells). */
  aliasTable(): ReadonlyMap<string, string> | undefined {
    return this.shopts.get('expand_aliases') && this.aliases.size > 0 ? this.aliases : undefined;
  }

  /** Status of a command whose redirection failed (dash says 2). */
  protected get redirectFailed(): number {
    return this.dash ? 2 : 1;
  }

  /** Turns an expansion error into its message and the abort bash performs. */
  protected expandFailure(e: unknown): unknown {
    if (!(e instanceof ExpandError)) return e;
    this.printExpandError(this.fds, e);
    // ${x:?} and unbound variables end a script with status 127 (bash), 2 (dash).
    if (this.dash) return new AbortFlow(2, !this.interactive);
    if (e.level === 'exit' && !this.interactive) return new AbortFlow(127, true);
    return new AbortFlow(1, e.level === 'exit');
  }

  protected printExpandError(io: FdTable, e: ExpandError): void {
    if (this.dash) {
      this.error(io, e.dash);
      return;
    }
    const args = [...e.args];
    // The arithmetic message embeds a second msgid (the error itself).
    if (args.length === 5) args[3] = this.msg.t(args[3]);
    this.error(io, this.msg.t(e.msgid, ...args));
  }

  protected async tick(): Promise<void> {
    if (this.interrupted) throw new AbortFlow(130, false);
    if (++this.loopTicks % LOOP_YIELD_EVERY === 0) await this.proc.sleep(LOOP_YIELD_NS);
  }

  keepFds(io: FdTable): void {
    this.keptFds = io;
  }

  /** Called by the SIGINT handler of an interactive shell. */
  interrupt(): void {
    this.interrupted = true;
    const waiters = [...this.interruptWaiters];
    this.interruptWaiters.clear();
    for (const w of waiters) w();
  }

  interruptible<T>(p: Promise<T>): Promise<T | 'interrupted'> {
    if (!this.interactive) return p;
    return new Promise<T | 'interrupted'>((resolve) => {
      const onInt = () => resolve('interrupted');
      this.interruptWaiters.add(onInt);
      p.then(
        (v) => {
          this.interruptWaiters.delete(onInt);
          resolve(v);
        },
        () => {
          this.interruptWaiters.delete(onInt);
          resolve('interrupted');
        },
      );
    });
  }

  describe(name: string, all: boolean): CommandKind[] {
    const out: CommandKind[] = [];
    const alias = this.aliases.get(name);
    if (alias !== undefined) out.push({ kind: 'alias', value: alias });
    if (KEYWORDS.includes(name) && !(this.dash && ['[[', ']]', 'function', 'select', 'coproc', 'time'].includes(name))) out.push({ kind: 'keyword' });
    const fn = this.functions.get(name);
    if (fn) out.push({ kind: 'function', body: fn });
    if (this.isBuiltin(name)) out.push({ kind: 'builtin' });
    if (!all && out.length > 0) return out.slice(0, 1);
    const fs = this.proc.host.fs;
    const cred = this.proc.cred;
    const candidates = name.includes('/') ? [name] : (this.vars.get('PATH') ?? '').split(':').map((d) => `${d || '.'}/${name}`);
    for (const c of candidates) {
      const st = fs.stat(c, cred, this.cwd);
      if (st.ok && st.value.type === 'file' && fs.access(c, 1, cred, this.cwd).ok) {
        out.push({ kind: 'file', path: c });
        if (!all) break;
      }
    }
    return all ? out : out.slice(0, 1);
  }

  /** $(...): implemented where processes are started (launcher.ts). */
  abstract commandSubst(body: Script): Promise<string>;
}
