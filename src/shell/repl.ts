// The interactive loop: announce finished jobs, show PS1, read a line (with readline on a
// terminal for bash; plain canonical-mode lines for sh, as Debian's dash has no line editing),
// read more lines with PS2 while the command is incomplete, keep it in the history, run it.
import { SIGHUP } from '../os/program.ts';
import { complete, type CompletionSource } from './completion.ts';
import { expandHereDoc } from './expand/word.ts';
import { History } from './history.ts';
import { expandHistory } from './history-expansion.ts';
import { ExitFlow } from './interp/control.ts';
import { KEYWORDS, type Shell } from './interp/shell.ts';
import { abortRead, readRecord } from './interp/pushback.ts';
import { BUILTINS } from './builtins/registry.ts';
import { decodePrompt, promptText, promptWidth } from './prompt.ts';
import { LineEditor, type LineResult } from './readline.ts';
import { passwdUsers } from './users.ts';
import { isFrench } from './messages.ts';
import { parse, parseTemplate } from './syntax/parser.ts';
import { ExpandError } from './expand/environment.ts';

/** Words after which a continued line joins the history entry with a space, not "; ". */
const NO_SEMICOLON = /(^|\s)(do|then|else|elif|in|\{|\(|\||\|\||&&|;|&)$/;

export class Repl {
  private editor: LineEditor | null = null;
  private commandNumber = 1;
  /** The dash prompt counts lines for its error messages (`sh: 3: foo: not found`). */
  private lineCount = 0;
  /** The mailbox as last seen ($MAIL, every $MAILCHECK seconds): size and times. */
  private mailSeen: { size: number; mtimeMs: number } | null = null;
  private mailCheckedNs = 0;

  constructor(private readonly sh: Shell) {
    const tty = sh.proc.stdin.tty;
    if (tty && !sh.dash) {
      this.editor = new LineEditor({
        input: sh.proc.stdin,
        output: sh.proc.stderr,
        terminal: tty,
        history: () => sh.history?.all() ?? [],
        complete: (line, cursor) => complete(this.completionSource(), line, cursor),
      });
    }
  }

  private completionSource(): CompletionSource {
    const sh = this.sh;
    return {
      fs: sh.proc.host.fs,
      cred: sh.proc.cred,
      cwd: sh.cwd,
      path: sh.vars.get('PATH') ?? '',
      home: sh.vars.get('HOME'),
      commandWords: () => [...sh.aliases.keys(), ...KEYWORDS, ...sh.functions.keys(), ...[...BUILTINS.keys()].filter((b) => sh.isBuiltin(b))],
      variableNames: () => sh.vars.names().filter((n) => sh.vars.get(n) !== undefined && !n.startsWith('__')),
      userNames: () => passwdUsers(sh.proc.host.fs).map((u) => u.name),
      compare: (a, b) => sh.compare(a, b),
    };
  }

  /** PS1/PS2 decoded and expanded: the text to draw and its visible width. */
  private async prompt(which: 'PS1' | 'PS2'): Promise<{ text: string; width: number }> {
    const sh = this.sh;
    const ps = sh.vars.get(which) ?? '';
    if (sh.dash) return { text: ps, width: promptWidth(ps) };
    const user = passwdUsers(sh.proc.host.fs).find((u) => u.uid === sh.proc.cred.uid)?.name ?? String(sh.proc.cred.uid);
    const decoded = decodePrompt(ps, {
      user,
      hostname: sh.proc.host.hostname,
      uid: sh.proc.cred.uid,
      pwd: sh.vars.get('PWD') ?? sh.cwd,
      home: sh.vars.get('HOME'),
      shell: 'bash',
      nowMs: sh.proc.host.wallTimeMs(),
      locale: { fr: isFrench(sh.proc.env), utf8: true },
      jobs: sh.jobs.size,
      tty: sh.proc.stdin.tty?.name ?? '',
      historyNumber: (sh.history?.base ?? 1) + (sh.history?.length ?? 0),
      commandNumber: this.commandNumber,
    });
    let expanded = decoded;
    if (sh.shopts.get('promptvars') && /[$`]/.test(decoded)) {
      const parts = parseTemplate(decoded);
      if (parts) {
        try {
          expanded = await expandHereDoc(parts, sh);
        } catch (e) {
          // bash prints the expansion error and shows the prompt unexpanded.
          if (e instanceof ExpandError) sh.error(sh.fds, sh.msg.t(e.msgid, ...e.args));
          else throw e;
        }
      }
    }
    return { text: promptText(expanded), width: promptWidth(expanded) };
  }

  private async readOne(which: 'PS1' | 'PS2'): Promise<LineResult> {
    const p = await this.prompt(which);
    if (this.editor) return this.editor.readLine(p.text, p.width);
    this.sh.proc.stderr.write(p.text);
    this.sh.interrupted = false;
    const r = await this.sh.interruptible(readRecord(this.sh.proc.stdin, 10, null));
    if (r === 'interrupted') {
      // ^C at a plain prompt (sh): a new line and a new prompt.
      abortRead(this.sh.proc.stdin);
      this.sh.proc.stderr.write('\n');
      return { kind: 'interrupt' };
    }
    if (r.eof && r.bytes.length === 0) return { kind: 'eof' };
    return { kind: 'line', text: new TextDecoder().decode(r.bytes) };
  }

  /** History expansion of a line just read; null when it failed (the error is printed). */
  private historyExpand(text: string): string | null {
    const sh = this.sh;
    if (!sh.flags.histexpand || !sh.history) return text;
    const r = expandHistory(text, sh.history.all(), sh.history.base);
    if (!r.ok) {
      sh.proc.stderr.write(`bash: ${r.error}\n`);
      return null;
    }
    if (r.changed) sh.proc.stdout.write(r.line + '\n');
    return r.line;
  }

  /**
   * bash's mail check before a prompt (mailcheck.c): when $MAILCHECK seconds have passed and
   * $MAIL was modified, grew and was not read since, "You have new mail in /var/mail/root".
   */
  private checkMail(): void {
    const sh = this.sh;
    const path = (sh.vars.get('MAILPATH') ?? '').split(':')[0].split('?')[0] || sh.vars.get('MAIL');
    const every = Number(sh.vars.get('MAILCHECK') ?? '60');
    if (!path || sh.dash || !Number.isFinite(every) || every < 0) return;
    const now = sh.proc.host.scheduler.now;
    if (now - this.mailCheckedNs < every * 1e9) return;
    this.mailCheckedNs = now;
    const st = sh.proc.host.fs.stat(path, sh.proc.cred);
    const cur = st.ok ? { size: st.value.size, mtimeMs: st.value.mtimeMs, atimeMs: st.value.atimeMs } : null;
    const prev = this.mailSeen ?? { size: 0, mtimeMs: 0 };
    this.mailSeen = cur ? { size: cur.size, mtimeMs: cur.mtimeMs } : null;
    if (cur && cur.mtimeMs !== prev.mtimeMs && cur.size > prev.size && cur.atimeMs < cur.mtimeMs) {
      sh.proc.stdout.write(sh.msg.t('You have new mail in $_').replace('$_', path) + '\n');
    }
  }

  /** What bash does before each prompt: window size, PROMPT_COMMAND, mail. */
  private async beforePrompt(): Promise<void> {
    const sh = this.sh;
    const tty = sh.proc.stdin.tty;
    if (tty && sh.shopts.get('checkwinsize')) {
      sh.vars.set('COLUMNS', String(tty.columns));
      sh.vars.set('LINES', String(tty.rows));
    }
    const pc = sh.vars.get('PROMPT_COMMAND');
    if (pc) {
      try {
        await sh.evalString(pc, sh.fds);
      } catch (e) {
        if (e instanceof ExitFlow) throw e;
      }
    }
    this.checkMail();
  }

  private loadHistory(): void {
    const sh = this.sh;
    if (sh.dash) return;
    sh.history = new History();
    const file = sh.vars.get('HISTFILE');
    if (file) sh.history.load(sh.proc.host.fs, file, sh.proc.cred, this.num('HISTSIZE', 500));
  }

  saveHistory(): void {
    const sh = this.sh;
    const file = sh.vars.get('HISTFILE');
    if (!sh.history || !file) return;
    sh.history.save(sh.proc.host.fs, file, sh.proc.cred, sh.shopts.get('histappend') === true, this.num('HISTFILESIZE', 500));
  }

  private num(name: string, dflt: number): number {
    const v = Number(this.sh.vars.get(name));
    return Number.isFinite(v) && this.sh.vars.get(name) !== '' ? v : dflt;
  }

  /** The terminal went away: bash passes SIGHUP to its jobs, saves its history and dies of it. */
  private hangup(): Promise<never> {
    const sh = this.sh;
    for (const job of sh.jobs.list()) if (job.running) sh.proc.kill(-job.pgid, SIGHUP);
    this.saveHistory();
    sh.proc.onSignal(SIGHUP, null);
    sh.proc.kill(sh.proc.pid, SIGHUP);
    // The signal ends the process; this code is abandoned.
    return new Promise<never>(() => {});
  }

  /** One prompt and the command typed at it; the exit status when the shell must end. */
  private async step(): Promise<number | null> {
    const sh = this.sh;
    const notices = sh.jobs.takeNotices();
    if (notices) sh.proc.stderr.write(notices);
    await this.beforePrompt();
    const tty = sh.proc.stdin.tty;
    if (tty) tty.foregroundPgid = sh.proc.pgid;
    const first = await this.readOne('PS1');
    if (first.kind === 'hangup') return this.hangup();
    if (first.kind === 'eof') {
      if (sh.flags.ignoreeof) {
        sh.proc.stderr.write(`Use "${sh.login ? 'logout' : 'exit'}" to leave the shell.\n`);
        return null;
      }
      if (!sh.dash) sh.proc.stderr.write(sh.login ? sh.msg.t('logout\n') : 'exit\n');
      else sh.proc.stderr.write('\n');
      return sh.lastStatus;
    }
    if (first.kind === 'interrupt') {
      sh.lastStatus = 130;
      return null;
    }
    const firstText = this.historyExpand(first.text);
    if (firstText === null) {
      sh.lastStatus = 1;
      return null;
    }
    let text = firstText;
    this.lineCount++;
    const startLine = this.lineCount;
    let entry = text;
    for (;;) {
      const r = parse(text + '\n', { aliases: sh.aliasTable(), firstLine: startLine });
      if (r.ok) {
        if (sh.history && !sh.dash) sh.history.add(entry, sh.vars.get('HISTCONTROL'), this.num('HISTSIZE', 500));
        this.commandNumber++;
        await sh.runLine(r.script);
        if (sh.interrupted) {
          // ^C reached the shell itself (a loop of builtins, read, wait): the terminal echoed
          // "^C", bash ends the line.
          sh.proc.stderr.write('\n');
          sh.lastStatus = 130;
        }
        return null;
      }
      if (r.problem.kind !== 'incomplete') {
        if (sh.history && !sh.dash) sh.history.add(entry, sh.vars.get('HISTCONTROL'), this.num('HISTSIZE', 500));
        sh.lineno = this.lineCount;
        sh.syntaxError(r.problem, text);
        sh.lastStatus = 2;
        return null;
      }
      const more = await this.readOne('PS2');
      if (more.kind === 'hangup') return this.hangup();
      if (more.kind === 'interrupt') {
        sh.lastStatus = 130;
        return null;
      }
      if (more.kind === 'eof') {
        sh.lineno = this.lineCount;
        sh.error(sh.fds, sh.dash ? 'Syntax error: end of file unexpected' : sh.msg.t('syntax error: unexpected end of file'));
        sh.lastStatus = 2;
        return null;
      }
      this.lineCount++;
      const moreText = this.historyExpand(more.text) ?? '';
      const inHereDoc = r.problem.heredoc !== undefined;
      const sep = inHereDoc || r.problem.quote ? '\n' : NO_SEMICOLON.test(text.trimEnd()) ? ' ' : '; ';
      entry += sep + moreText;
      text += '\n' + moreText;
    }
  }

  /** A login bash reads ~/.bash_logout when it exits (Debian's clears the console). */
  private async logoutFile(): Promise<void> {
    const sh = this.sh;
    const home = sh.vars.get('HOME') ?? sh.homeDir(null);
    if (!home) return;
    const path = `${home.replace(/\/$/, '')}/.bash_logout`;
    const fs = sh.proc.host.fs;
    const st = fs.stat(path, sh.proc.cred);
    if (!st.ok || st.value.type !== 'file' || !fs.access(path, 4, sh.proc.cred).ok) return;
    try {
      await sh.source(path, null, sh.fds);
    } catch (e) {
      if (!(e instanceof ExitFlow)) throw e;
    }
  }

  /** Runs until exit or end of input; the shell's exit status. */
  async run(): Promise<number> {
    const sh = this.sh;
    sh.installInteractiveHandlers();
    this.loadHistory();
    if (!sh.dash && sh.vars.get('MAILCHECK') === undefined) sh.vars.set('MAILCHECK', '60');
    // The mailbox as it is at start: only later mail is announced.
    this.mailCheckedNs = sh.proc.host.scheduler.now;
    const mail = sh.vars.get('MAIL');
    const st = mail ? sh.proc.host.fs.stat(mail, sh.proc.cred) : null;
    this.mailSeen = st && st.ok ? { size: st.value.size, mtimeMs: st.value.mtimeMs } : null;
    sh.proc.onSignal(SIGHUP, () => this.hangup());
    let status = 0;
    try {
      for (;;) {
        let done: number | null;
        try {
          done = await this.step();
        } catch (e) {
          if (e instanceof ExitFlow) throw e;
          // A bug of ours must not end the student's shell: one line, and the prompt returns.
          sh.proc.stderr.write(`bash: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
          sh.lastStatus = 1;
          continue;
        }
        if (done !== null) {
          status = done;
          break;
        }
      }
    } catch (e) {
      if (!(e instanceof ExitFlow)) throw e;
      status = e.status;
    }
    status = await sh.runExitTrap(status);
    this.saveHistory();
    if (sh.login && !sh.dash) await this.logoutFile();
    return status;
  }
}
