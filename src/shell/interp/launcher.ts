// Starting processes for the interpreter: programs through Process.spawn (with bash's messages
// when exec fails, and a text file without #! run as a script), shell code through
// Process.fork (subshells, pipeline stages, command substitution), pipelines connected by the
// OS's pipes, background jobs and the wait for foreground ones. With job control each job gets
// its own process group and the terminal's foreground while it runs, so ^C reaches the job.
import type { ChildProcess, Process, SpawnError, SpawnOptions } from '../../os/program.ts';
import { SIGINT, SIGPIPE } from '../../os/program.ts';
import { Pipe } from '../../os/process/pipe.ts';
import { readAll, nullInput } from '../../os/process/streams.ts';
import type { AndOr, Command, Redirect, Script, SimpleCommand, Statement } from '../syntax/ast.ts';
import { AbortFlow, BreakFlow, ContinueFlow, ExitFlow, ReturnFlow, isFlow } from './control.ts';
import { execFailure } from './errors.ts';
import { FdTable } from './fds.ts';
import { Job } from './jobs.ts';
import { withPushback } from './pushback.ts';
import { ShellState } from './shell-state.ts';

export abstract class Launcher extends ShellState {
  /** A copy of this shell for a forked child process. */
  abstract subshell(p: Process): Launcher;
  /** A file without #! that execve refused: bash runs it itself in a fresh shell. */
  protected abstract forkScript(name: string, args: string[], text: string, env: Map<string, string>, io: FdTable, pgid: number | null): ChildProcess;
  abstract execute(argv: string[], temps: [string, string][], redirs: readonly Redirect[], base: FdTable): Promise<number>;
  abstract runSimple(cmd: SimpleCommand): Promise<number>;
  abstract runCommand(cmd: Command): Promise<number>;
  abstract runAndOr(ao: AndOr): Promise<number>;
  abstract runScript(script: Script): Promise<number>;
  abstract withRedirs(redirs: readonly Redirect[], body: () => Promise<number>): Promise<number>;
  abstract trace(temps: [string, string][], argv: string[]): void;
  abstract expandSimple(cmd: SimpleCommand): Promise<{ argv: string[]; temps: [string, string][] }>;
  abstract redirect(redirs: readonly Redirect[], base: FdTable): Promise<FdTable | null>;
  abstract evalString(source: string, io: FdTable): Promise<number>;

  async commandSubst(body: Script): Promise<string> {
    const pipe = new Pipe(this.proc.host.scheduler);
    const io = this.fds;
    const child = this.proc.fork((p) => {
      const sub = this.subshell(p);
      sub.traceLevel++;
      return sub.runSubshell(() => sub.runScript(body));
    }, {
      stdin: io.stdin,
      stdout: pipe.writer,
      stderr: io.stderr,
    });
    pipe.writer.close();
    const bytes = await readAll(pipe.reader);
    pipe.reader.close();
    this.substStatus = await child.wait();
    if (child.termSignal === SIGINT && this.interactive) throw new AbortFlow(130, false);
    return new TextDecoder().decode(bytes).replace(/\n+$/, '');
  }

  /** The body of a subshell process: flows end it with their status; the EXIT trap runs. */
  async runSubshell(fn: () => Promise<number>): Promise<number> {
    let status: number;
    try {
      status = await fn();
    } catch (e) {
      status = this.flowStatus(e);
    }
    return this.runExitTrap(status);
  }

  protected flowStatus(e: unknown): number {
    if (e instanceof ExitFlow || e instanceof ReturnFlow || e instanceof AbortFlow) return e.status;
    if (e instanceof BreakFlow || e instanceof ContinueFlow) return this.lastStatus;
    throw e;
  }

  async runExitTrap(status: number): Promise<number> {
    const trap = this.traps.get('EXIT');
    if (trap === undefined || trap === '' || this.exiting) return status;
    this.exiting = true;
    this.traps.delete('EXIT');
    this.lastStatus = status;
    try {
      await this.evalString(trap, this.fds);
    } catch (e) {
      if (e instanceof ExitFlow) return e.status;
      if (!isFlow(e)) throw e;
    }
    return status;
  }

  protected environmentFor(temps: [string, string][]): Map<string, string> {
    const env = this.vars.environment();
    for (const [k, v] of temps) env.set(k, v);
    return env;
  }

  protected spawnOptions(io: FdTable, env: Map<string, string>, pgid: number | null): SpawnOptions {
    const opts: SpawnOptions = { stdin: withPushback(io.stdin), stdout: io.stdout, stderr: io.stderr, env, cwd: this.cwd };
    if (this.jobControl) opts.pgid = pgid ?? 0;
    return opts;
  }

  /** A program in the foreground. */
  protected async runExternal(argv: string[], temps: [string, string][], io: FdTable): Promise<number> {
    const started = this.startExternal(argv, temps, io, null);
    if (typeof started === 'number') return started;
    return this.waitForeground([started], started.pid);
  }

  /** bash's hash table: the path of each command found through $PATH, and how often it ran. */
  protected remember(name: string): void {
    if (name.includes('/') || !this.flags.hashall) return;
    const known = this.hashed.get(name);
    if (known) {
      known.hits++;
      return;
    }
    const file = this.describe(name, true).find((k) => k.kind === 'file');
    if (file && file.kind === 'file') this.hashed.set(name, { path: file.path, hits: 1 });
  }

  /** spawn, or the failure message and status; ENOEXEC runs the file as a script. */
  protected startExternal(argv: string[], temps: [string, string][], io: FdTable, pgid: number | null): ChildProcess | number {
    const env = this.environmentFor(temps);
    const child = this.proc.spawn(argv, this.spawnOptions(io, env, pgid));
    if (!('error' in child)) {
      this.remember(argv[0]);
      return child;
    }
    return this.spawnFailed(child, argv, env, io, pgid);
  }

  protected spawnFailed(err: SpawnError, argv: string[], env: Map<string, string>, io: FdTable, pgid: number | null): ChildProcess | number {
    const name = argv[0];
    if (err.error === 'ENOEXEC' && err.interpreter === undefined) {
      const text = this.readScript(err.path);
      if (text !== null) return this.forkScript(name, argv.slice(1), text, env, io, pgid);
    }
    const { text, status } = execFailure(err, name, this.msg, this.dash);
    this.error(io, text);
    return status;
  }

  /** A file execve refused (no #!): its text if it looks like a script, null if binary. */
  protected readScript(path: string): string | null {
    const r = this.proc.host.fs.readFile(path, this.proc.cred, this.cwd);
    if (!r.ok) return null;
    const head = r.value.subarray(0, 80);
    // bash's check_binary_file: a NUL before the first newline means binary.
    const nl = head.indexOf(0x0a);
    const line = nl >= 0 ? head.subarray(0, nl) : head;
    if (line.includes(0) || (head[0] === 0x7f && head[1] === 0x45)) return null;
    return new TextDecoder().decode(r.value);
  }

  /** The outermost run of a shell: flows and the EXIT trap end here. */
  async runTopLevel(fn: () => Promise<number>): Promise<number> {
    let status: number;
    try {
      status = await fn();
    } catch (e) {
      status = this.flowStatus(e);
    }
    return this.runExitTrap(status);
  }

  /**
   * Waits for a foreground job. With job control the job's group gets the terminal (so it
   * gets ^C) and the shell takes it back after; a job killed by a signal is announced.
   */
  protected async waitForeground(children: ChildProcess[], pgid: number | null): Promise<number> {
    const tty = this.proc.stdin.tty;
    const control = this.jobControl && tty !== null && pgid !== null;
    if (control) tty!.foregroundPgid = pgid!;
    let statuses: number[];
    try {
      statuses = await Promise.all(children.map((c) => c.wait()));
    } finally {
      if (control) tty!.foregroundPgid = this.proc.pgid;
    }
    const last = children[children.length - 1];
    let status = statuses[statuses.length - 1];
    if (this.flags.pipefail) status = [...statuses].reverse().find((s) => s !== 0) ?? 0;
    const sig = last.termSignal;
    if (sig !== null && this.interactive) {
      if (sig === SIGINT) {
        this.fds.stderr.write('\n');
        // bash acts as if it got the ^C itself: the rest of the line is abandoned.
        throw new AbortFlow(status, false);
      }
      if (sig !== SIGPIPE) this.fds.stderr.write(`${this.signalText(sig)}\n`);
    }
    return status;
  }

  // ---- pipelines and background jobs ----------------------------------------------------------

  /**
   * Starts every stage of a pipeline, connected by pipes. Returns the children (their order is
   * the pipeline's) and the status of stages that could not start.
   */
  protected async startStages(cmds: readonly Command[], background: boolean): Promise<{ children: (ChildProcess | number)[]; pgid: number | null }> {
    const sched = this.proc.host.scheduler;
    const pipes = cmds.slice(1).map(() => new Pipe(sched));
    const children: (ChildProcess | number)[] = [];
    let pgid: number | null = null;
    try {
      for (let i = 0; i < cmds.length; i++) {
        const io = this.fds.clone();
        if (i > 0) io.set(0, pipes[i - 1].reader);
        else if (background && !this.jobControl) io.set(0, nullInput());
        if (i < cmds.length - 1) io.set(1, pipes[i].writer);
        const started = await this.startStage(cmds[i], io, pgid);
        children.push(started);
        if (typeof started !== 'number' && pgid === null) pgid = started.pid;
      }
    } finally {
      for (const p of pipes) {
        p.writer.close();
        p.reader.close();
      }
    }
    return { children, pgid };
  }

  /** One stage: a program is spawned directly; shell code runs in a forked subshell. */
  protected async startStage(cmd: Command, io: FdTable, pgid: number | null): Promise<ChildProcess | number> {
    if (cmd.type === 'simple') {
      let expanded: { argv: string[]; temps: [string, string][] };
      try {
        expanded = await this.expandSimple(cmd);
      } catch (e) {
        if (e instanceof AbortFlow) return e.status;
        throw e;
      }
      const { argv, temps } = expanded;
      const name = argv[0];
      if (name !== undefined && !this.functions.has(name) && !this.builtin(name)) {
        this.trace(temps, argv);
        const rio = await this.redirect(cmd.redirs, io).catch((e: unknown) => {
          if (e instanceof AbortFlow) return null;
          throw e;
        });
        if (rio === null) return this.redirectFailed;
        return this.startExternal(argv, temps, rio, pgid);
      }
      return this.forkStage(io, pgid, async (sub) => {
        sub.trace(temps, argv);
        if (argv.length === 0) return sub.runSimple(cmd);
        return sub.execute(argv, temps, cmd.redirs, sub.fds);
      });
    }
    return this.forkStage(io, pgid, (sub) => sub.runCommand(cmd));
  }

  protected forkStage(io: FdTable, pgid: number | null, body: (sub: Launcher) => Promise<number>): ChildProcess {
    const opts: SpawnOptions = { stdin: withPushback(io.stdin), stdout: io.stdout, stderr: io.stderr };
    if (this.jobControl) opts.pgid = pgid ?? 0;
    return this.proc.fork((p) => {
      const sub = this.subshell(p);
      for (const fd of [3, 4, 5, 6, 7, 8, 9]) {
        const s = io.get(fd);
        if (s) sub.fds.set(fd, s);
      }
      return sub.runSubshell(() => body(sub));
    }, opts);
  }

  protected async runStages(cmds: readonly Command[]): Promise<number> {
    const { children, pgid } = await this.startStages(cmds, false);
    const procs = children.filter((c): c is ChildProcess => typeof c !== 'number');
    if (procs.length === 0) return children[children.length - 1] as number;
    const lastIsProc = typeof children[children.length - 1] !== 'number';
    const status = await this.waitForeground(procs, pgid);
    if (!lastIsProc) return children[children.length - 1] as number;
    if (this.flags.pipefail) {
      const failed = children.find((c) => typeof c === 'number' && c !== 0);
      if (typeof failed === 'number' && status === 0) return failed;
    }
    return status;
  }

  /** `cmd &`: the job runs in its own group; `[1] PID` when interactive. */
  protected async launchBackground(st: Statement): Promise<void> {
    const ao = st.andOr;
    let children: (ChildProcess | number)[];
    let pgid: number | null;
    if (ao.rest.length === 0 && !ao.first.negated) {
      ({ children, pgid } = await this.startStages(ao.first.commands, true));
    } else {
      const io = this.fds.clone();
      if (!this.jobControl) io.set(0, nullInput());
      const child = this.forkStage(io, null, (sub) => sub.runAndOr(ao));
      children = [child];
      pgid = child.pid;
    }
    const procs = children.filter((c): c is ChildProcess => typeof c !== 'number');
    if (procs.length === 0) return;
    const job = this.jobs.create(pgid ?? procs[0].pid, st.text);
    for (const c of procs) job.procs.push({ pid: c.pid, status: null, signal: null });
    for (const c of procs) {
      void c.wait().then((status) => {
        job.processEnded(c.pid, status, c.termSignal);
        this.proc.host.scheduler.noteAsyncWake();
      });
    }
    this.lastBgPid = procs[procs.length - 1].pid;
    if (this.interactive) this.fds.stderr.write(`[${job.id}] ${this.lastBgPid}\n`);
  }

  async waitJob(job: Job): Promise<number | null> {
    const r = await this.interruptible(job.done);
    if (r === 'interrupted') return null;
    return job.signal !== null ? 128 + job.signal : (job.status ?? 0);
  }

  async foreground(job: Job, io: FdTable): Promise<number> {
    io.stdout.write(`${job.text}\n`);
    const tty = this.proc.stdin.tty;
    if (this.jobControl && tty) tty.foregroundPgid = job.pgid;
    try {
      await job.done;
    } finally {
      if (this.jobControl && tty) tty.foregroundPgid = this.proc.pgid;
    }
    this.jobs.remove(job);
    if (job.signal === SIGINT && this.interactive) io.stderr.write('\n');
    else if (job.signal !== null && job.signal !== SIGPIPE && this.interactive) io.stderr.write(`${this.signalText(job.signal)}\n`);
    return job.signal !== null ? 128 + job.signal : (job.status ?? 0);
  }
}
