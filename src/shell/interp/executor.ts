// Running syntax trees (mvdan/sh's interp.Runner): lists, and-or lists with set -e, pipelines,
// compound commands, simple commands (expansion, assignments, redirections) dispatched to
// functions, builtins or programs.

import { ExpandError } from '../expand/environment.ts';
import { evaluateArithmetic, expandFields, expandPattern, expandString } from '../expand/word.ts';
import { matchPattern } from '../expand/pattern.ts';
import type { AndOr, ArithCommand, Assign, CaseClause, Command, ForClause, IfClause, Pipeline, Redirect, Script, SimpleCommand, Statement, TestCommand, WhileClause } from '../syntax/ast.ts';
import { plainText } from '../syntax/ast.ts';
import { ScriptReader } from '../syntax/parser.ts';
import type { SyntaxProblem } from '../syntax/fault.ts';
import type { Builtin, ShellApi } from './api.ts';
import { AbortFlow, BreakFlow, ContinueFlow, ExitFlow, ReturnFlow } from './control.ts';
import { shellQuote, syntaxMessage } from './errors.ts';
import { FdTable } from './fds.ts';
import { applyRedirects } from './redirect.ts';
import { evaluateCondition, type TestToken } from '../builtins/test.ts';
import { Launcher } from './launcher.ts';

/** bash has no limit by default but a real one dies of stack exhaustion long before this. */
const MAX_FUNCTION_NESTING = 1000;

export abstract class Executor extends Launcher {
  /** This shell as builtins see it. */
  protected abstract api(): ShellApi;

  // ---- running code ------------------------------------------------------------------------

  async runScript(script: Script): Promise<number> {
    for (const st of script.statements) await this.runStatement(st);
    return this.lastStatus;
  }

  /**
   * A whole source (script file, -c string, eval, source): read and run one command line at a
   * time. A syntax error stops it (status 2); expansion errors abandon the current line.
   */
  async runSource(text: string, opts: { firstLine?: number; name?: string } = {}): Promise<number> {
    const reader = new ScriptReader(text, { firstLine: opts.firstLine ?? 1, aliases: this.aliasTable() });
    for (;;) {
      const r = reader.next();
      if (!r.ok) {
        this.syntaxError(r.problem, text);
        this.lastStatus = 2;
        if (!this.interactive || this.sourceDepth === 0) throw new ExitFlow(2);
        return 2;
      }
      if (r.script === null) break;
      for (const w of r.warnings) {
        this.lineno = w.line;
        this.error(this.fds, `${this.msg.t('warning: ')}${this.msg.t("here-document at line %d delimited by end-of-file (wanted `%s')", w.heredocLine, w.delimiter)}`);
      }
      await this.runLine(r.script);
      reader.setAliases(this.aliasTable() ?? new Map());
    }
    return this.lastStatus;
  }

  /** One command line; an abort (expansion error, ^C) skips the rest of it. */
  async runLine(script: Script): Promise<number> {
    this.interrupted = false;
    try {
      await this.runScript(script);
    } catch (e) {
      if (!(e instanceof AbortFlow)) throw e;
      this.lastStatus = e.status;
      if (e.exitShell && !this.interactive) throw new ExitFlow(e.status);
    }
    return this.lastStatus;
  }

  /** Prints a syntax error as bash does (with the offending line when not interactive). */
  syntaxError(problem: SyntaxProblem, text: string): void {
    const lines = text.split('\n');
    let line = problem.line;
    if (problem.kind === 'incomplete' && !problem.quote) {
      // bash names the line after the last one; dash the last one.
      const count = text.endsWith('\n') ? lines.length - 1 : lines.length;
      line = this.dash ? Math.max(1, count) : count + 1;
    }
    this.lineno = line;
    const message = syntaxMessage(problem, this.msg, this.dash);
    if (this.dash || this.inputKind === 'interactive') {
      this.error(this.fds, message);
      return;
    }
    // bash names -c strings "-c": `bash: -c: line 1: syntax error ...`.
    const name = this.inputKind === 'command' ? `${this.scriptName}: -c` : this.scriptName;
    const prefix = `${name}: ${this.msg.french ? `ligne ${line}: ` : `line ${line}: `}`;
    this.fds.stderr.write(`${prefix}${message}\n`);
    if (problem.kind === 'unexpected') this.fds.stderr.write(`${prefix}\`${(lines[line - 1] ?? '').trim()}'\n`);
  }

  async runStatement(st: Statement): Promise<number> {
    if (this.flags.noexec && !this.interactive) return 0;
    if (st.background) {
      await this.launchBackground(st);
      this.lastStatus = 0;
      return 0;
    }
    const status = await this.runAndOr(st.andOr);
    this.lastStatus = status;
    return status;
  }

  async runAndOr(ao: AndOr): Promise<number> {
    let status = await this.runPipelineChecked(ao.first, ao.rest.length > 0);
    for (let i = 0; i < ao.rest.length; i++) {
      const { op, pipeline } = ao.rest[i];
      if ((op === '&&') !== (status === 0)) continue;
      status = await this.runPipelineChecked(pipeline, i < ao.rest.length - 1);
    }
    return status;
  }

  /** A pipeline, then set -e: a failure outside conditions and lists ends the shell. */
  protected async runPipelineChecked(p: Pipeline, notLast: boolean): Promise<number> {
    if (notLast) this.condDepth++;
    let status: number;
    try {
      status = await this.runPipeline(p);
    } finally {
      if (notLast) this.condDepth--;
    }
    this.lastStatus = status;
    if (status !== 0 && this.flags.errexit && !p.negated && !notLast && this.condDepth === 0) throw new ExitFlow(status);
    return status;
  }

  async runPipeline(p: Pipeline): Promise<number> {
    const start = this.proc.host.scheduler.now;
    let status = 0;
    if (p.commands.length === 1) status = await this.runCommand(p.commands[0]);
    else if (p.commands.length > 1) status = await this.runStages(p.commands);
    if (p.negated) status = status === 0 ? 1 : 0;
    if (p.timed) this.reportTime(p.timed, this.proc.host.scheduler.now - start);
    this.lastStatus = status;
    return status;
  }

  /** The `time` keyword's report on stderr (CPU times are not simulated: 0). */
  protected reportTime(kind: 'bash' | 'posix', ns: number): void {
    const s = ns / 1e9;
    if (kind === 'posix') {
      this.fds.stderr.write(`real ${s.toFixed(2)}\nuser 0.00\nsys 0.00\n`);
      return;
    }
    const f = (sec: number) => `${Math.floor(sec / 60)}m${(sec % 60).toFixed(3)}s`;
    this.fds.stderr.write(`\nreal\t${f(s)}\nuser\t${f(0)}\nsys\t${f(0)}\n`);
  }

  async runCommand(cmd: Command): Promise<number> {
    if (this.interrupted) throw new AbortFlow(130, false);
    switch (cmd.type) {
      case 'simple':
        return this.runSimple(cmd);
      case 'function':
        this.functions.set(cmd.name, cmd.body);
        return 0;
      case 'group':
        if (cmd.subshell) return this.runForkedCommand(cmd);
        return this.withRedirs(cmd.redirs, () => this.runScript(cmd.body));
      case 'if':
        return this.withRedirs(cmd.redirs, () => this.runIf(cmd));
      case 'for':
        return this.withRedirs(cmd.redirs, () => this.runFor(cmd));
      case 'while':
        return this.withRedirs(cmd.redirs, () => this.runWhile(cmd));
      case 'case':
        return this.withRedirs(cmd.redirs, () => this.runCase(cmd));
      case 'arithcmd':
        return this.withRedirs(cmd.redirs, () => this.runArith(cmd));
      case 'testcmd':
        return this.withRedirs(cmd.redirs, () => this.runTest(cmd));
    }
  }

  /** A compound command's redirections apply to everything inside it. */
  async withRedirs(redirs: readonly Redirect[], body: () => Promise<number>): Promise<number> {
    if (redirs.length === 0) return body();
    const io = await this.redirect(redirs, this.fds);
    if (io === null) return this.redirectFailed;
    const saved = this.fds;
    this.fds = io;
    try {
      return await body();
    } finally {
      this.fds = saved;
    }
  }

  async redirect(redirs: readonly Redirect[], base: FdTable): Promise<FdTable | null> {
    try {
      return await applyRedirects(redirs, base, {
        env: this,
        fs: this.proc.host.fs,
        cred: this.proc.cred,
        cwd: this.cwd,
        noclobber: this.flags.noclobber,
        msg: this.msg,
        dash: this.dash,
        error: (text) => this.error(this.fds, text),
      });
    } catch (e) {
      throw this.expandFailure(e);
    }
  }

  protected async runCondition(script: Script): Promise<number> {
    this.condDepth++;
    try {
      return await this.runScript(script);
    } finally {
      this.condDepth--;
    }
  }

  protected async runIf(cmd: IfClause): Promise<number> {
    for (const clause of cmd.clauses) {
      if ((await this.runCondition(clause.cond)) === 0) return this.runScript(clause.body);
    }
    if (cmd.elseBody) return this.runScript(cmd.elseBody);
    return 0;
  }

  /** Runs a loop body; true when the loop must stop (break). */
  protected async loopBody(body: Script): Promise<{ stop: boolean; status: number }> {
    try {
      return { stop: false, status: await this.runScript(body) };
    } catch (e) {
      if (e instanceof BreakFlow) {
        if (--e.levels > 0) throw e;
        return { stop: true, status: 0 };
      }
      if (e instanceof ContinueFlow) {
        if (--e.levels > 0) throw e;
        return { stop: false, status: 0 };
      }
      throw e;
    }
  }

  protected async runWhile(cmd: WhileClause): Promise<number> {
    let status = 0;
    this.loopDepth++;
    try {
      for (;;) {
        await this.tick();
        const c = await this.runCondition(cmd.cond);
        if ((c === 0) === cmd.until) break;
        const r = await this.loopBody(cmd.body);
        status = r.status;
        if (r.stop) break;
      }
    } finally {
      this.loopDepth--;
    }
    return status;
  }

  protected async runFor(cmd: ForClause): Promise<number> {
    this.lineno = cmd.line;
    let items: string[];
    try {
      items = cmd.items === null ? [...this.positional] : await expandFields(cmd.items, this);
    } catch (e) {
      throw this.expandFailure(e);
    }
    let status = 0;
    this.loopDepth++;
    try {
      for (const item of items) {
        await this.tick();
        if (!this.assign(this.fds, cmd.name, item)) return 1;
        const r = await this.loopBody(cmd.body);
        status = r.status;
        if (r.stop) break;
      }
    } finally {
      this.loopDepth--;
    }
    return status;
  }

  protected async runCase(cmd: CaseClause): Promise<number> {
    this.lineno = cmd.line;
    let word: string;
    try {
      word = await expandString(cmd.word, this, { tilde: true });
    } catch (e) {
      throw this.expandFailure(e);
    }
    let status = 0;
    let fallthrough = false;
    for (const item of cmd.items) {
      let matched = fallthrough;
      if (!matched) {
        for (const p of item.patterns) {
          let pat: string;
          try {
            pat = await expandPattern(p, this);
          } catch (e) {
            throw this.expandFailure(e);
          }
          if (matchPattern(pat, word)) {
            matched = true;
            break;
          }
        }
      }
      if (!matched) continue;
      status = await this.runScript(item.body);
      if (item.terminator === ';;') return status;
      fallthrough = item.terminator === ';&';
    }
    return status;
  }

  protected async runArith(cmd: ArithCommand): Promise<number> {
    this.lineno = cmd.line;
    try {
      const text = await expandString({ parts: cmd.expr }, this);
      if (this.flags.xtrace) this.fds.stderr.write(`${this.ps4()}(( ${text} ))\n`);
      return evaluateArithmetic(text, this) !== 0n ? 0 : 1;
    } catch (e) {
      if (e instanceof ExpandError) {
        this.printExpandError(this.fds, e);
        return 1;
      }
      throw e;
    }
  }

  protected async runTest(cmd: TestCommand): Promise<number> {
    this.lineno = cmd.line;
    const tokens: TestToken[] = [];
    try {
      for (let i = 0; i < cmd.words.length; i++) {
        const w = cmd.words[i];
        const plain = plainText(w);
        const text = await expandString(w, this, { tilde: true });
        const prev = tokens[tokens.length - 1];
        const tok: TestToken = { text, op: plain !== null };
        if (prev && prev.op && (prev.text === '==' || prev.text === '=' || prev.text === '!=')) tok.pattern = await expandPattern(w, this);
        tokens.push(tok);
      }
    } catch (e) {
      throw this.expandFailure(e);
    }
    return evaluateCondition(this.api(), this.fds, '[[', tokens, true);
  }

  /** `( ... )`: a forked subshell. */
  protected async runForkedCommand(cmd: Command): Promise<number> {
    const child = this.forkStage(this.fds, null, (sub) =>
      cmd.type === 'group' ? sub.withRedirs(cmd.redirs, () => sub.runScript(cmd.body)) : sub.runCommand(cmd),
    );
    return this.waitForeground([child], child.pid);
  }

  // ---- simple commands ----------------------------------------------------------------------

  protected async expandAssign(a: Assign): Promise<string> {
    const v = await expandString(a.value, this, { tilde: true });
    if (!a.append) return v;
    return (this.getVar(a.name) ?? '') + v;
  }

  async expandSimple(cmd: SimpleCommand): Promise<{ argv: string[]; temps: [string, string][] }> {
    this.lineno = cmd.line;
    this.substStatus = null;
    try {
      const argv = await expandFields(cmd.words, this);
      const temps: [string, string][] = [];
      for (const a of cmd.assigns) temps.push([a.name, await this.expandAssign(a)]);
      return { argv, temps };
    } catch (e) {
      throw this.expandFailure(e);
    }
  }

  protected ps4(): string {
    const ps4 = this.vars.get('PS4') ?? '+ ';
    return ps4.slice(0, 1).repeat(1 + this.traceLevel) + ps4.slice(1);
  }

  trace(temps: [string, string][], argv: string[]): void {
    if (!this.flags.xtrace) return;
    const parts = [...temps.map(([k, v]) => `${k}=${shellQuote(v)}`), ...argv.map(shellQuote)];
    if (parts.length) this.fds.stderr.write(`${this.ps4()}${parts.join(' ')}\n`);
  }

  async runSimple(cmd: SimpleCommand): Promise<number> {
    const { argv, temps } = await this.expandSimple(cmd);
    this.trace(temps, argv);
    if (argv.length === 0) {
      let status = 0;
      for (const [name, value] of temps) {
        if (!this.assign(this.fds, name, value)) {
          status = 1;
          if (!this.interactive) throw new AbortFlow(this.dash ? 2 : 1, true);
        }
      }
      if (cmd.redirs.length > 0 && (await this.redirect(cmd.redirs, this.fds)) === null) return this.redirectFailed;
      return status || (this.substStatus ?? 0);
    }
    const status = await this.execute(argv, temps, cmd.redirs, this.fds);
    // $_: the last argument of the previous command.
    this.vars.set('_', argv[argv.length - 1]);
    return status;
  }

  /** Runs a command named by argv[0]: function, builtin, or a program through spawn. */
  async execute(argv: string[], temps: [string, string][], redirs: readonly Redirect[], base: FdTable): Promise<number> {
    const name = argv[0];
    const fn = this.functions.get(name);
    if (fn) {
      const io = await this.redirect(redirs, base);
      if (io === null) return this.redirectFailed;
      return this.callFunction(fn, name, argv.slice(1), temps, io);
    }
    const builtin = this.builtin(name);
    if (builtin) {
      const io = await this.redirect(redirs, base);
      if (io === null) return this.redirectFailed;
      return this.runBuiltin(builtin, argv, temps, io);
    }
    const io = await this.redirect(redirs, base);
    if (io === null) return this.redirectFailed;
    return this.runExternal(argv, temps, io);
  }

  protected async runBuiltin(builtin: Builtin, argv: string[], temps: [string, string][], io: FdTable): Promise<number> {
    const restore = this.applyTemps(temps);
    const saved = this.fds;
    this.fds = io;
    this.keptFds = null;
    try {
      return await builtin(this.api(), argv, io);
    } finally {
      this.fds = this.keptFds ?? saved;
      this.keptFds = null;
      restore();
    }
  }

  /** `X=1 cmd`: X is set (and exported) for the command only. */
  protected applyTemps(temps: [string, string][]): () => void {
    if (temps.length === 0) return () => {};
    const saved = temps.map(([name]) => ({ name, attrs: this.vars.attrs(name) ? { ...this.vars.attrs(name)! } : undefined }));
    for (const [name, value] of temps) {
      this.vars.set(name, value, { export: true });
    }
    return () => {
      for (const { name, attrs } of saved) {
        if (attrs === undefined) this.vars.unset(name);
        else {
          this.vars.set(name, attrs.value ?? '');
          if (attrs.value === undefined) this.vars.unset(name);
          this.vars.setExported(name, attrs.exported);
        }
      }
    };
  }

  protected async callFunction(body: Command, name: string, args: string[], temps: [string, string][], io: FdTable): Promise<number> {
    if (this.funcDepth >= MAX_FUNCTION_NESTING) {
      this.error(io, this.msg.t('%s: maximum function nesting level exceeded (%d)', name, MAX_FUNCTION_NESTING));
      throw new AbortFlow(1, false);
    }
    const savedPositional = this.positional;
    const savedFds = this.fds;
    const savedLoop = this.loopDepth;
    this.positional = args;
    this.vars.pushFrame();
    for (const [k, v] of temps) {
      this.vars.makeLocal(k);
      this.vars.set(k, v, { export: true });
    }
    this.funcDepth++;
    this.loopDepth = 0;
    this.fds = io;
    try {
      return await this.runCommand(body);
    } catch (e) {
      if (e instanceof ReturnFlow) return e.status;
      throw e;
    } finally {
      this.funcDepth--;
      this.loopDepth = savedLoop;
      this.vars.popFrame();
      this.positional = savedPositional;
      this.fds = savedFds;
    }
  }
}
