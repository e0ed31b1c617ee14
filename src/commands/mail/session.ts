// Reading mail: the `? ` command loop of mail(1) over one mailbox (mailutils mail.c, and one
// function per command as in mail/*.c). Commands are found by the abbreviations of the help
// table; a number prints that message; an empty line is `next`; end of input is `quit`.
// Quitting the system mailbox moves read messages to ~/mbox and rewrites /var/mail/USER with the
// others (quit.c mail_mbox_commit); mail that arrived meanwhile is kept after them.
import type { Process } from '../../os/program.ts';
import { BytesInput } from '../../os/process/streams.ts';
import type { Locale } from '../lib/locale.ts';
import { page } from '../lib/pager.ts';
import { strerror } from '../lib/errno.ts';
import { resolvePath } from '../lib/path.ts';
import { HELP_LINES, HELP_TEXT } from './help.ts';
import { headline, subjectOf } from './headline.ts';
import {
  appendToMailbox, binaryToBytes, binaryToText, bytesToBinary, headerValue, messageSize, messageText, parseMailbox,
  serializeMailbox, statusString, type Mailbox, type MailMessage,
} from './mailbox.ts';
import type { MailText } from './messages.ts';
import { parseMsgset } from './msgset.ts';
import type { LineReader } from './line-reader.ts';
import { HeaderList, sendMail, type ComposeContext } from './compose.ts';

interface CommandEntry {
  /** Shortest accepted spelling and full name: "d" and "delete" for "d[elete]". */
  min: string;
  full: string;
}

const TABLE: CommandEntry[] = HELP_LINES.map((l) => {
  const word = l.split(' ')[0];
  const br = word.indexOf('[');
  if (br < 0) return { min: word, full: word };
  return { min: word.slice(0, br), full: word.slice(0, br) + word.slice(br + 1).replace(/\]$/, '') };
});

/** The full command name for what was typed, as mailutils' table lookup finds it. */
export function findCommand(word: string): string | null {
  for (const e of TABLE) if (word.startsWith(e.min) && e.full.startsWith(word)) return e.full;
  return null;
}

export interface SessionOptions {
  proc: Process;
  reader: LineReader;
  text: MailText;
  timeLoc: Locale;
  box: Mailbox;
  /** The user's system mailbox (quit moves read mail out of it only). */
  systemPath: string;
  mboxPath: string;
  compose: ComposeContext;
}

export class MailSession {
  private cursor = 1;
  /** First message of the headers page. */
  private pageTop = 1;
  private lastDeleted: number[] = [];
  /** Header fields hidden by `ignore`, or the only ones shown after `retain`. */
  private readonly ignored = new Set<string>();
  private readonly retained = new Set<string>();
  private readonly proc: Process;
  private readonly box: Mailbox;
  private readonly text: MailText;

  constructor(private readonly o: SessionOptions) {
    this.proc = o.proc;
    this.box = o.box;
    this.text = o.text;
    const firstUnread = this.box.messages.findIndex((m) => !m.read);
    this.cursor = firstUnread >= 0 ? firstUnread + 1 : 1;
  }

  private get columns(): number {
    return this.proc.stdout.tty?.columns ?? 80;
  }

  private get rows(): number {
    return this.proc.stdout.tty?.rows ?? 24;
  }

  private out(s: string): void {
    this.proc.stdout.write(s);
  }

  private err(s: string): void {
    this.proc.stderr.write(s);
  }

  private get total(): number {
    return this.box.messages.length;
  }

  private msg(n: number): MailMessage {
    return this.box.messages[n - 1];
  }

  summary(): string {
    let fresh = 0;
    let unread = 0;
    for (const m of this.box.messages) {
      if (!m.seen) fresh++;
      else if (!m.read) unread++;
    }
    return this.text.summary(this.box.path, this.total, fresh, unread, 0);
  }

  headlineOf(n: number): string {
    return headline(this.msg(n), n, n === this.cursor, this.columns, this.o.timeLoc);
  }

  /** util_screen_lines(): the terminal's rows minus 2 for the prompt. */
  private get pageSize(): number {
    return Math.max(1, this.rows - 2);
  }

  private fillPage(from: number): number[] {
    const out: number[] = [];
    for (let n = from; n <= this.total && out.length < this.pageSize; n++) if (!this.msg(n).deleted) out.push(n);
    return out;
  }

  /**
   * The page of headers (mail/page.c): from the top of page, or, when the cursor left it, a
   * page starting at the cursor and filled backwards when it would be short (never back to
   * message 1: page_move's loop stops at 2).
   */
  private page(): number[] {
    let page = this.fillPage(this.pageTop);
    const c = this.cursor;
    if (c >= 1 && c <= this.total && !this.msg(c).deleted && !page.includes(c)) {
      this.pageTop = c;
      page = this.fillPage(c);
      for (let n = c - 1; page.length < this.pageSize && n > 1; n--) if (!this.msg(n).deleted) page.unshift(n);
      this.pageTop = page[0] ?? 1;
    }
    return page;
  }

  /** The headers page that holds the cursor (the `h` command, and the list shown at start). */
  headersPage(): string {
    return this.page().map((n) => this.headlineOf(n)).join('');
  }

  /** z, z+, z-: the next or previous screenful of headers. */
  private scroll(arg: string): null {
    const dir = arg.startsWith('-') ? -1 : arg.startsWith('.') ? 0 : 1;
    const page = this.page();
    if (dir === 0) {
      this.out(this.headersPage());
      return null;
    }
    let start: number;
    if (dir > 0) {
      const last = page[page.length - 1] ?? 0;
      start = last + 1;
      while (start <= this.total && this.msg(start).deleted) start++;
      if (start > this.total) {
        this.out(this.text.loc.fr ? "Sur le dernier écran de messages\n" : 'On last screenful of messages\n');
        return null;
      }
    } else {
      if ((page[0] ?? 1) <= 1) {
        this.out(this.text.loc.fr ? "Sur le premier écran de messages\n" : 'On first screenful of messages\n');
        return null;
      }
      start = Math.max(1, (page[0] ?? 1) - this.pageSize);
    }
    this.pageTop = start;
    const next = this.fillPage(start);
    if (next.length > 0) this.cursor = next[0];
    this.out(next.map((n) => this.headlineOf(n)).join(''));
    return null;
  }

  /** The command loop; resolves mail's exit status. */
  async run(): Promise<number> {
    for (;;) {
      if (this.o.reader.interactive) this.incorporate();
      const r = await this.o.reader.read('? ');
      if (r.kind === 'interrupt') {
        this.out('\n');
        this.err(this.text.interruptPrompt());
        continue;
      }
      if (r.kind === 'eof') {
        this.out('\n');
        return this.quit();
      }
      const done = await this.execute(r.text);
      if (done !== null) return done;
    }
  }

  /**
   * Mail delivered since the mailbox was read joins the session, announced before the prompt
   * (mail.c: "New mail has arrived."). Only an append counts; anything else is left for quit.
   */
  private incorporate(): void {
    const now = this.proc.host.fs.readFile(this.box.path, this.proc.cred);
    if (!now.ok || now.value.length <= this.box.original.length) return;
    const current = bytesToBinary(now.value);
    if (!current.startsWith(this.box.original)) return;
    const tail = parseMailbox(binaryToBytes(current.slice(this.box.original.length)));
    if (!tail.ok || tail.messages.length === 0) return;
    for (const m of tail.messages) m.uid = this.box.uidnext++;
    this.box.messages.push(...tail.messages);
    this.box.original = current;
    this.box.uidsChanged = true;
    this.out(this.text.newMail());
  }

  /** Runs one command line; a number is returned when mail must exit with it. */
  async execute(line: string): Promise<number | null> {
    const trimmed = line.trim();
    if (trimmed === '') return this.next([]);
    if (trimmed.startsWith('#')) return null;
    let word: string;
    let rest: string;
    const special = /^([!|=?+\-])(.*)$/s.exec(trimmed);
    if (/^\d/.test(trimmed)) {
      word = 'print';
      rest = trimmed;
    } else if (special) {
      word = special[1];
      rest = special[2];
    } else {
      const m = /^(\S+)\s*(.*)$/s.exec(trimmed)!;
      word = m[1];
      rest = m[2];
    }
    const args = rest.trim() === '' ? [] : rest.trim().split(/\s+/);
    if (word === '!') return this.shell(rest.trim());
    if (word === '=') {
      this.out(`${this.cursor}\n`);
      return null;
    }
    if (word === '?') return this.help(args);
    if (word === '+') return this.next(args);
    if (word === '-') return this.previous(args);
    if (word === '|') return this.pipe(args);
    const z = /^z([+\-.]?)$/.exec(word);
    if (z) return this.scroll(z[1] || args[0] || '+');
    const name = findCommand(word);
    if (name === null) {
      this.err(this.text.unknownCommand(word));
      return null;
    }
    switch (name) {
      case 'print': case 'type':
        return this.print(args, true);
      case 'Print': case 'Type':
        return this.print(args, false);
      case 'ignore': case 'discard':
        return this.fieldList(this.ignored, args, 'ignored');
      case 'retain':
        return this.fieldList(this.retained, args, 'retained');
      case 'next':
        return this.next(args);
      case 'previous':
        return this.previous(args);
      case 'headers':
        return this.headers(args);
      case 'from':
        return this.from(args);
      case 'delete':
        return this.del(args);
      case 'dp': case 'dt':
        this.del(args);
        return this.next([]);
      case 'undelete':
        return this.undelete(args);
      case 'save': case 'copy': case 'Save': case 'Copy': case 'write':
        return this.save(name, args);
      case 'hold': case 'preserve':
        return this.mark(args, (m) => (m.preserved = true));
      case 'mbox':
        return this.mark(args, (m) => (m.mboxed = true));
      case 'touch':
        return this.mark(args, (m) => (m.touched = true));
      case 'unread':
        return this.mark(args, (m) => {
          m.read = false;
          m.shown = false;
        });
      case 'size':
        return this.size(args);
      case 'top':
        return this.top(args);
      case 'reply': case 'respond':
        return this.reply(args, true);
      case 'Reply': case 'Respond':
        return this.reply(args, false);
      case 'quit':
        return this.quit();
      case 'exit': case 'xit':
        return this.exit();
      case 'help':
        return this.help(args);
      case 'list':
        return this.list();
      case 'echo':
        this.out(args.join(' ') + '\n');
        return null;
      case 'version':
        this.out('mail (GNU Mailutils) 3.15\n');
        return null;
      case 'shell':
        return this.shell(rest.trim());
      case 'pipe':
        return this.pipe(args);
      case 'mail': case 'Mail':
        await sendMail(this.o.compose, { headers: new HeaderList(), recipients: args, subjectGiven: false });
        return null;
      case 'set': case 'unset': case 'alias': case 'unalias':
      case 'sendheader': case 'setenv': case 'alternates': case 'group':
        return null;
      default:
        return this.notImplemented(name);
    }
  }

  private notImplemented(name: string): null {
    this.err(`mail: ${name}: not implemented in this simulator yet\n`);
    return null;
  }

  /** The messages a command applies to: its msglist, or the current message. */
  private select(args: readonly string[], allowDeleted = false): number[] | null {
    if (args.length === 0) {
      if (this.total === 0 || this.cursor < 1 || this.cursor > this.total) {
        this.err(this.text.noApplicable());
        return null;
      }
      if (!allowDeleted && this.msg(this.cursor).deleted) {
        this.err(this.text.noApplicable());
        return null;
      }
      return [this.cursor];
    }
    const r = parseMsgset(args, this.box.messages, this.cursor);
    if (!r.ok) {
      if (r.error === 'invalid') this.err(this.text.invalidNumber(r.token));
      else this.err(this.text.noApplicableMessages());
      return null;
    }
    if (!allowDeleted) {
      const bad = r.list.find((n) => this.msg(n).deleted);
      if (bad !== undefined) {
        this.err(this.text.deletedMessage(bad));
        return null;
      }
    }
    return r.list;
  }

  /**
   * open_pager(): on a terminal, text of more lines than crt (the screen's rows - 2) goes
   * through the pager; `always` is the help's case (it asks for screen lines + 1).
   */
  private async show(text: string, always = false): Promise<void> {
    const tty = this.proc.stdout.tty;
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (tty !== null && this.proc.stdin.tty !== null && (always || lines > this.pageSize)) await page(this.proc, text, { kind: 'more' });
    else this.out(text);
  }

  /** p/t filter the headers with ignore/retain (mail_header_is_visible); P/T show them all. */
  private async print(args: readonly string[], filtered = true): Promise<null> {
    const list = this.select(args);
    if (list === null) return null;
    const visible = (name: string): boolean => (this.retained.size > 0 ? this.retained.has(name) : !this.ignored.has(name));
    for (const n of list) {
      const m = this.msg(n);
      this.cursor = n;
      m.shown = true;
      m.read = true;
      await this.show(binaryToText(messageText(m, filtered ? visible : undefined)));
    }
    return null;
  }

  /** ignore/discard/retain: with names, adds them; alone, lists them (mail/retain.c). */
  private fieldList(set: Set<string>, args: readonly string[], what: 'ignored' | 'retained'): null {
    if (args.length > 0) {
      for (const a of args) set.add(a.toLowerCase());
      return null;
    }
    if (set.size === 0) {
      const fr = this.text.loc.fr;
      this.out(what === 'ignored'
        ? (fr ? "Aucun champ n'a été ignoré\n" : 'No fields are currently being ignored\n')
        : (fr ? "Aucun champ n'a été retenu\n" : 'No fields are currently being retained\n'));
    } else for (const f of set) this.out(`${f}\n`);
    return null;
  }

  private async next(args: readonly string[]): Promise<null> {
    if (args.length > 0) return this.print(args.slice(0, 1));
    let n = this.cursor;
    if (n >= 1 && n <= this.total && !this.msg(n).shown && !this.msg(n).deleted) return this.print([]);
    while (++n <= this.total && this.msg(n).deleted);
    if (n > this.total) {
      this.err(this.text.noApplicable());
      return null;
    }
    this.cursor = n;
    return this.print([]);
  }

  private async previous(args: readonly string[]): Promise<null> {
    if (args.length > 0) return this.print(args.slice(0, 1));
    let n = this.cursor;
    while (--n >= 1 && this.msg(n).deleted);
    if (n < 1) {
      this.err(this.text.noApplicable());
      return null;
    }
    this.cursor = n;
    return this.print([]);
  }

  /** h: the page around the cursor; with a msglist, those messages' lines (mail/headers.c). */
  private headers(args: readonly string[]): null {
    if (this.total === 0) return null;
    if (args.length > 0) return this.from(args);
    this.out(this.headersPage());
    return null;
  }

  private from(args: readonly string[]): null {
    const list = this.select(args);
    if (list === null) return null;
    for (const n of list) this.out(this.headlineOf(n));
    return null;
  }

  private del(args: readonly string[]): null {
    const list = this.select(args);
    if (list === null) return null;
    for (const n of list) this.msg(n).deleted = true;
    this.lastDeleted = list;
    // The cursor goes to the next message left, else to the previous one.
    let n = list[list.length - 1];
    while (n <= this.total && this.msg(n).deleted) n++;
    if (n > this.total) {
      n = list[0];
      while (n >= 1 && this.msg(n).deleted) n--;
    }
    this.cursor = Math.max(0, n);
    return null;
  }

  private undelete(args: readonly string[]): null {
    let list: number[] | null;
    if (args.length === 0) list = this.lastDeleted.length > 0 ? this.lastDeleted : this.select(args, true);
    else list = this.select(args, true);
    if (list === null) return null;
    for (const n of list) this.msg(n).deleted = false;
    this.cursor = list[0];
    return null;
  }

  private mark(args: readonly string[], f: (m: MailMessage) => void): null {
    const list = this.select(args);
    if (list === null) return null;
    for (const n of list) f(this.msg(n));
    return null;
  }

  private size(args: readonly string[]): null {
    const list = this.select(args);
    if (list === null) return null;
    for (const n of list) this.out(`${n}: ${messageSize(this.msg(n)).octets}\n`);
    return null;
  }

  private top(args: readonly string[]): null {
    const list = this.select(args);
    if (list === null) return null;
    for (const n of list) {
      const m = this.msg(n);
      const text = binaryToText(messageText(m)).split('\n');
      const headerEnd = text.indexOf('');
      this.out(text.slice(0, (headerEnd < 0 ? text.length : headerEnd + 1) + 5).join('\n') + '\n');
    }
    return null;
  }

  /** save/copy [[msglist] file]: appends to a mailbox file; `save` marks the messages saved. */
  private save(name: string, args: readonly string[]): null {
    let file = this.o.mboxPath;
    let list = args;
    if (args.length > 0 && !/^(\d+(-\d+)?|[*$.^]|:\w)$/.test(args[args.length - 1])) {
      file = args[args.length - 1];
      list = args.slice(0, -1);
    }
    const nums = this.select(list);
    if (nums === null) return null;
    const path = resolvePath(this.proc.cwd, file.startsWith('~/') ? this.o.compose.home + file.slice(1) : file);
    const fs = this.proc.host.fs;
    const old = fs.readFile(path, this.proc.cred);
    const existing = old.ok ? bytesToBinary(old.value) : null;
    if (!old.ok && old.errno !== 'ENOENT') {
      this.err(`mail: ${path}: ${strerror(old.errno, this.text.loc)}\n`);
      return null;
    }
    const msgs = nums.map((n) => this.msg(n));
    const now = Math.floor(this.proc.host.wallTimeMs() / 1000);
    const bytes = binaryToBytes(appendToMailbox(existing, msgs, now));
    const w = fs.writeFile(path, bytes, this.proc.cred, { mode: 0o600 });
    if (!w.ok) {
      this.err(`mail: Cannot open mailbox ${path}: ${strerror(w.errno, this.text.loc)}\n`);
      return null;
    }
    let lines = 0;
    let octets = 0;
    for (const m of msgs) {
      const s = messageSize(m);
      lines += s.lines;
      octets += s.octets;
      if (name === 'save' || name === 'Save' || name === 'write') m.saved = true;
    }
    this.out(`"${file}" ${String(lines).padStart(3, ' ')}/${String(octets).padEnd(5, ' ')}\n`);
    return null;
  }

  /**
   * r/R (mail/reply.c): To: the sender's address (r adds the other To: addresses and the Cc:
   * line), Subject: "Re: " unless there already, In-Reply-To: "Your message of DATE" and the
   * Message-Id on a continuation line, References:; the headers are shown, then the body is read.
   */
  private async reply(args: readonly string[], all: boolean): Promise<null> {
    const list = this.select(args.slice(0, 1));
    if (list === null) return null;
    const m = this.msg(list[0]);
    this.cursor = list[0];
    const headers = new HeaderList();
    const email = (a: string): string => {
      const lt = a.indexOf('<');
      return (lt >= 0 ? a.slice(lt + 1, a.indexOf('>', lt) < 0 ? undefined : a.indexOf('>', lt)) : a.replace(/\([^)]*\)/g, '')).trim();
    };
    const from = headerValue(m, 'Reply-To') ?? headerValue(m, 'From');
    headers.addAddress('To', from === null ? m.sender : email(binaryToText(from)));
    if (all) {
      const me = this.o.compose.sender.toLowerCase();
      const user = me.split('@')[0];
      const to = headerValue(m, 'To');
      for (const a of to === null ? [] : binaryToText(to).split(',')) {
        const e = email(a);
        if (e !== '' && e.toLowerCase() !== me && e.toLowerCase() !== user) headers.addAddress('To', e);
      }
      const cc = headerValue(m, 'Cc');
      if (cc !== null) headers.addAddress('To', binaryToText(cc));
    }
    const subject = subjectOf(m);
    if (subject !== '') headers.set('Subject', /^re:/i.test(subject) ? subject : `Re: ${subject}`);
    this.out(`To: ${headers.get('To') ?? ''}\n`);
    this.out(`Subject: ${headers.get('Subject') ?? ''}\n\n`);
    const date = headerValue(m, 'Date') ?? m.date;
    const id = headerValue(m, 'Message-Id');
    headers.set('In-Reply-To', `Your message of ${binaryToText(date)}${id === null ? '' : `\n\t${binaryToText(id)}`}`);
    const refs = headerValue(m, 'References') ?? headerValue(m, 'In-Reply-To');
    const chain = [refs, id].filter((v): v is string => v !== null).map(binaryToText).join(' ');
    if (chain !== '') headers.set('References', chain);
    const code = await sendMail(this.o.compose, { headers, recipients: [], subjectGiven: true, prompts: false });
    if (code === 0) m.answered = true;
    return null;
  }

  /** pi[pe] [[msglist] command], | : each message on the standard input of $SHELL -c COMMAND. */
  private async pipe(args: readonly string[]): Promise<null> {
    let k = 0;
    while (k < args.length && /^(\d+(-\d+)?|[*$.^]|:\w)$/.test(args[k])) k++;
    const command = args.slice(k).join(' ');
    const list = this.select(args.slice(0, k));
    if (list === null) return null;
    if (command === '') {
      this.err('mail: No command\n');
      return null;
    }
    const sh = this.proc.env.get('SHELL') ?? '/bin/sh';
    for (const n of list) {
      const m = this.msg(n);
      const child = this.proc.spawn([sh, '-c', command], { stdin: new BytesInput(binaryToBytes(messageText(m))) });
      if ('error' in child) {
        this.err(`mail: ${sh}: ${strerror(child.error === 'ENOENT' ? 'ENOENT' : 'EACCES', this.text.loc)}\n`);
        return null;
      }
      await child.wait();
      this.cursor = n;
    }
    return null;
  }

  /** !cmd, sh[ell] [cmd] (mail/shell.c): $SHELL -c CMD, or an interactive $SHELL; nothing printed after. */
  private async shell(command: string): Promise<null> {
    const sh = this.proc.env.get('SHELL') ?? '/bin/sh';
    const child = this.proc.spawn([sh, ...(command === '' ? [] : ['-c', command])]);
    if ('error' in child) this.err(`mail: ${sh}: ${strerror(child.error === 'ENOENT' ? 'ENOENT' : 'EACCES', this.text.loc)}\n`);
    else await child.wait();
    return null;
  }


  /** l[ist]: the command names, filled to the screen width (util_command_list). */
  private list(): null {
    let pos = 0;
    let s = '';
    for (const e of TABLE) {
      const name = e.full.replace(/^([!|]).*$/, '$1').split(' ')[0];
      pos += name.length + 1;
      if (pos >= this.columns) {
        pos = name.length + 1;
        s += `\n${name} `;
      } else s += `${name} `;
    }
    this.out(s + '\n');
    return null;
  }

  /** ?/help: the whole table through the pager, or the synopsis of each command named. */
  private async help(args: readonly string[] = []): Promise<null> {
    if (args.length === 0) {
      await this.show(HELP_TEXT, true);
      return null;
    }
    for (const a of args) {
      const full = findCommand(a);
      const line = full === null ? undefined : HELP_LINES.find((l) => TABLE[HELP_LINES.indexOf(l)].full === full);
      if (line !== undefined) this.out(line + '\n');
      else this.out(this.text.unknownCommand(a));
    }
    return null;
  }

  /** x: leave without changes, except the UIDs mailutils assigned on open (mboxrd_close). */
  private exit(): number {
    if (this.box.uidsChanged) this.flush(this.box.messages, (m) => m.statusText);
    return 0;
  }

  /** q: mail_mbox_commit, then the flush and "Held N messages". */
  private quit(): number {
    const isSystem = this.box.path === this.o.systemPath;
    const toMbox: MailMessage[] = [];
    const keep: MailMessage[] = [];
    for (const m of this.box.messages) {
      if (isSystem && (m.mboxed || (!m.deleted && !m.preserved && !m.saved && (m.shown || m.touched)))) toMbox.push(m);
      else if (m.deleted) continue;
      else if (isSystem && !m.preserved && m.saved) continue;
      else keep.push(m);
    }
    if (toMbox.length > 0) {
      const fs = this.proc.host.fs;
      const old = fs.readFile(this.o.mboxPath, this.proc.cred);
      const now = Math.floor(this.proc.host.wallTimeMs() / 1000);
      const bytes = binaryToBytes(appendToMailbox(old.ok ? bytesToBinary(old.value) : null, toMbox, now));
      const w = fs.writeFile(this.o.mboxPath, bytes, this.proc.cred, { mode: 0o600 });
      if (!w.ok) {
        this.err(`mail: Cannot open mailbox ${this.o.mboxPath}: ${strerror(w.errno, this.text.loc)}\n`);
        keep.push(...toMbox);
        keep.sort((a, b) => this.box.messages.indexOf(a) - this.box.messages.indexOf(b));
      } else this.out(this.text.saved(toMbox.length, this.o.mboxPath));
    }
    for (const m of keep) {
      m.seen = true;
      if (m.shown) m.read = true;
    }
    const kept = this.flush(keep, (m) => statusString(m));
    this.out(this.text.held(kept, this.box.path));
    return 0;
  }

  /**
   * Rewrites the mailbox with `keep`. Mail appended since it was read (Postfix delivering while
   * the user reads) is kept after them; a file changed any other way is left alone.
   * Returns how many messages the mailbox now holds.
   */
  private flush(keep: readonly MailMessage[], status: (m: MailMessage) => string): number {
    const fs = this.proc.host.fs;
    const now = fs.readFile(this.box.path, this.proc.cred);
    const current = now.ok ? bytesToBinary(now.value) : '';
    if (!current.startsWith(this.box.original)) {
      this.err(`mail: ${this.box.path}: mailbox changed while reading; not rewritten\n`);
      return this.total;
    }
    const arrived = current.slice(this.box.original.length);
    const next = serializeMailbox(this.box, keep, status) + arrived;
    if (next !== current) {
      const w = fs.writeFile(this.box.path, binaryToBytes(next), this.proc.cred);
      if (!w.ok) {
        this.err(`mail: ${this.box.path}: ${strerror(w.errno, this.text.loc)}\n`);
        return this.total;
      }
    }
    const extra = arrived === '' ? 0 : (arrived.match(/(^|\n\n)From /g)?.length ?? 0);
    return keep.length + extra;
  }
}

