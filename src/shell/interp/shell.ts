// The interpreter of one shell process as builtins and the program entry see it (ShellApi):
// subshell copies, traps and signal handlers, and the services builtins call (eval, source,
// command/builtin, exec, type's lookup).
import type { ChildProcess, Process } from '../../os/program.ts';
import { SIGINT, SIGQUIT, SIGTERM } from '../../os/program.ts';
import { parseSignal } from '../../os/process/signals.ts';
import { ScriptReader } from '../syntax/parser.ts';
import type { ShellApi } from './api.ts';
import { ExitFlow, ReturnFlow } from './control.ts';
import { FdTable } from './fds.ts';
import { Executor } from './executor.ts';

export { KEYWORDS, type ShellInit } from './shell-state.ts';

export class Shell extends Executor implements ShellApi {
  protected api(): ShellApi {
    return this;
  }

  // ---- subshells ---------------------------------------------------------------------------

  /** A copy of this shell for a forked child process. */
  subshell(p: Process): Shell {
    return new Shell(
      { proc: p, arg0: this.arg0, positional: this.positional, interactive: false, login: false, dash: this.dash, source: this.inputKind, scriptName: this.scriptName },
      this,
      p,
    );
  }

  /** Installs the handler a trap asks for (or the shell's own default for that signal). */
  applyTrap(name: string): void {
    if (name === 'EXIT' || name === 'ERR' || name === 'DEBUG' || name === 'RETURN') return;
    const signal = parseSignal(name);
    if (signal === undefined) return;
    const action = this.traps.get(name);
    if (action === undefined) {
      this.proc.onSignal(signal, null);
      if (this.interactive) this.installInteractiveHandlers();
      return;
    }
    this.proc.onSignal(signal, () => {
      if (action === '') return;
      void this.evalString(action, this.fds).catch(() => undefined);
    });
  }

  /** An interactive shell survives ^C (it abandons the line), SIGTERM and SIGQUIT. */
  installInteractiveHandlers(): void {
    if (!this.traps.has('INT')) this.proc.onSignal(SIGINT, () => this.interrupt());
    if (!this.traps.has('TERM')) this.proc.onSignal(SIGTERM, () => {});
    if (!this.traps.has('QUIT')) this.proc.onSignal(SIGQUIT, () => {});
  }

  /** bash runs a text file without #! itself, in a fresh subshell whose $0 is the file. */
  protected forkScript(name: string, args: string[], text: string, env: Map<string, string>, io: FdTable, pgid: number | null): ChildProcess {
    const opts = this.spawnOptions(io, env, pgid);
    const dash = this.dash;
    return this.proc.fork((p) => {
      const sh = new Shell({ proc: p, arg0: name, positional: args, interactive: false, login: false, dash, source: 'file', scriptName: name });
      return sh.runTopLevel(() => sh.runSource(text));
    }, opts);
  }

  // ---- services for builtins ------------------------------------------------------------------

  async evalString(source: string, io: FdTable): Promise<number> {
    const saved = this.fds;
    this.fds = io;
    this.sourceDepth++;
    try {
      const reader = new ScriptReader(source, { firstLine: this.lineno || 1, aliases: this.aliasTable() });
      let status = 0;
      for (;;) {
        const r = reader.next();
        if (!r.ok) {
          this.syntaxError(r.problem, source);
          return 2;
        }
        if (r.script === null) break;
        status = await this.runScript(r.script);
      }
      return status;
    } finally {
      this.sourceDepth--;
      this.fds = saved;
    }
  }

  async source(path: string, args: string[] | null, io: FdTable): Promise<number> {
    const fs = this.proc.host.fs;
    let file = path;
    if (!path.includes('/')) {
      // `. name` searches $PATH first, then the current directory (sourcepath).
      for (const dir of (this.vars.get('PATH') ?? '').split(':')) {
        const candidate = `${dir || '.'}/${path}`;
        const st = fs.stat(candidate, this.proc.cred, this.cwd);
        if (st.ok && st.value.type === 'file') {
          file = candidate;
          break;
        }
      }
    }
    const r = fs.readFile(file, this.proc.cred, this.cwd);
    if (!r.ok) {
      if (this.dash) this.error(io, `.: cannot open ${path}: ${r.errno === 'ENOENT' ? 'No such file' : this.msg.strerror(r.errno)}`);
      else this.error(io, `${path}: ${this.msg.strerror(r.errno)}`);
      if (this.dash && !this.interactive) throw new ExitFlow(2);
      return 1;
    }
    const savedPositional = this.positional;
    const savedFds = this.fds;
    const savedName = this.scriptName;
    const savedLine = this.lineno;
    if (args !== null) this.positional = args;
    this.fds = io;
    this.sourceDepth++;
    if (this.inputKind !== 'interactive') this.scriptName = path;
    try {
      const reader = new ScriptReader(new TextDecoder().decode(r.value), { aliases: this.aliasTable() });
      for (;;) {
        const next = reader.next();
        if (!next.ok) {
          this.syntaxError(next.problem, new TextDecoder().decode(r.value));
          return 2;
        }
        if (next.script === null) break;
        await this.runScript(next.script);
        reader.setAliases(this.aliasTable() ?? new Map());
      }
      return this.lastStatus;
    } catch (e) {
      if (e instanceof ReturnFlow) return e.status;
      throw e;
    } finally {
      this.sourceDepth--;
      if (args !== null) this.positional = savedPositional;
      this.fds = savedFds;
      this.scriptName = savedName;
      this.lineno = savedLine;
    }
  }

  async runArgv(argv: string[], io: FdTable, mode: 'command' | 'builtin'): Promise<number> {
    const builtin = this.builtin(argv[0]);
    if (builtin) return this.runBuiltin(builtin, argv, [], io);
    if (mode === 'builtin') {
      this.builtinError(io, 'builtin', this.msg.t('%s: not a shell builtin', argv[0]));
      return 1;
    }
    return this.runExternal(argv, [], io);
  }

  async exec(argv: string[], io: FdTable): Promise<number> {
    // The program replaces the shell: its status is the shell's, and nothing after it runs.
    const status = await this.runExternal(argv, [], io);
    throw new ExitFlow(status);
  }
}
