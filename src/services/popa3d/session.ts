// One popa3d 1.0.3 POP3 session, sans-IO (protocol.c, pop_auth.c, pop_trans.c, pop_root.c): terse
// "+OK"/"-ERR" replies, USER/PASS/QUIT before login, then NOOP STAT LIST UIDL RETR TOP DELE RSET
// LAST QUIT. Deletions are applied at QUIT by cutting the messages out of the mbox (no Status
// headers are written). Checked against ../fidelity/pop3/popa3d.
import type { Severity } from '../../os/syslog/syslog.ts';
import { concat } from '../mail/mbox.ts';
import { parsePopaMailbox, popaMultiline, popaUidl, removeMessages, type PopaMessage } from './mailbox.ts';

/** POP_BUFFER_SIZE: longer command lines are cut (the rest of the line is dropped). */
export const POPA3D_LINE_MAX = 0x800;
/** AUTH_FAILED_MESSAGE in Debian's build. */
const AUTH_FAILED = '-ERR Authentication failed (bad password?)';

export interface PopaOptions {
  /** pam_unix (it logs its own auth.log lines). */
  verify(user: string, password: string): boolean;
  userExists(user: string): boolean;
  /** /var/mail/USER, null when it does not exist (an empty mailbox). */
  readMailbox(user: string): Uint8Array | null;
  writeMailbox(user: string, bytes: Uint8Array): boolean;
  /** "/var/mail/etudiant" in the failure messages. */
  mailboxPath(user: string): string;
  log(severity: Severity, message: string): void;
}

type Reply = 'ok' | 'error' | 'quiet';

const enc = new TextEncoder();
const latin1 = new TextDecoder('latin1');

export class Popa3dSession {
  private out: Uint8Array[] = [];
  private line: number[] = [];
  private sawCr = false;
  private sawNul = false;
  private state: 'auth' | 'trans' | 'done' = 'auth';
  private user: string | null = null;
  private loggedIn: string | null = null;
  // TRANSACTION
  private bytes: Uint8Array = new Uint8Array(0);
  private messages: PopaMessage[] = [];
  private deleted = new Set<number>();
  private last = 0;

  constructor(private readonly opts: PopaOptions) {}

  get closed(): boolean {
    return this.state === 'done';
  }

  get loggedInUser(): string | null {
    return this.loggedIn;
  }

  start(): Uint8Array {
    this.reply('+OK');
    return this.flush();
  }

  receive(segment: Uint8Array): Uint8Array {
    for (let i = 0; i < segment.length && this.state !== 'done'; i++) {
      const c = segment[i];
      if (c === 0x0a) {
        const bytes = this.sawCr ? this.line.slice(0, -1) : this.line;
        const text = this.sawNul ? '' : latin1.decode(Uint8Array.from(bytes));
        this.line = [];
        this.sawCr = false;
        this.sawNul = false;
        this.command(text);
        continue;
      }
      if (this.line.length < POPA3D_LINE_MAX - 1) {
        this.line.push(c);
        this.sawCr = c === 0x0d;
      } else this.sawCr = false;
      if (c === 0) this.sawNul = true;
    }
    return this.flush();
  }

  /** The client went away (pop_handle_state's POP_CRASH_NETFAIL). */
  peerClosed(): void {
    if (this.state === 'auth') this.opts.log('info', "Didn't attempt authentication");
    else if (this.state === 'trans') this.opts.log('info', 'Premature disconnect');
    this.state = 'done';
  }

  /** POP_TIMEOUT expired: no reply, the session ends. */
  timeout(): Uint8Array {
    if (this.state === 'auth') this.opts.log('info', "Didn't attempt authentication");
    else if (this.state === 'trans') this.opts.log('info', 'Connection timed out');
    this.state = 'done';
    return this.flush();
  }

  // ---- dispatch ---------------------------------------------------------------------------------

  private command(line: string): void {
    const space = line.indexOf(' ');
    const name = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    const rest = space < 0 ? '' : line.slice(space + 1);
    const params = rest === '' ? null : rest;
    const r = this.state === 'auth' ? this.authCommand(name, params) : this.transCommand(name, params);
    if (r === 'ok') this.reply('+OK');
    else if (r === 'error') this.reply('-ERR');
  }

  private authCommand(name: string, params: string | null): Reply {
    switch (name) {
      case 'QUIT':
        if (params !== null) return 'error';
        this.reply('+OK');
        this.opts.log('info', "Didn't attempt authentication");
        this.state = 'done';
        return 'quiet';
      case 'USER': {
        const p = { rest: params };
        const user = getParam(p);
        if (user === null || this.user !== null || p.rest !== null) return 'error';
        this.user = user;
        return 'ok';
      }
      case 'PASS':
        if (params === null || this.user === null) return 'error';
        this.login(this.user, params);
        return 'quiet';
      default:
        return 'error';
    }
  }

  private login(user: string, password: string): void {
    const known = this.opts.userExists(user);
    if (!this.opts.verify(user, password)) {
      this.opts.log('notice', `Authentication failed for ${known ? user : 'UNKNOWN USER'}`);
      this.reply(AUTH_FAILED);
      this.state = 'done';
      return;
    }
    this.opts.log('info', `Authentication passed for ${user}`);
    const bytes = this.opts.readMailbox(user) ?? new Uint8Array(0);
    const messages = parsePopaMailbox(bytes);
    if (messages === null) {
      this.opts.log('notice', `Failed or refused to load ${this.opts.mailboxPath(user)}`);
      this.reply('-ERR');
      this.state = 'done';
      return;
    }
    this.bytes = bytes;
    this.messages = messages;
    const size = messages.reduce((a, m) => a + m.size, 0);
    this.opts.log('info', `${messages.length} message${messages.length === 1 ? '' : 's'} (${size} byte${size === 1 ? '' : 's'}) loaded`);
    this.loggedIn = user;
    this.state = 'trans';
    this.reply('+OK');
  }

  private transCommand(name: string, params: string | null): Reply {
    switch (name) {
      case 'QUIT':
        if (params !== null) return 'error';
        this.quit();
        return 'quiet';
      case 'NOOP':
        return params === null ? 'ok' : 'error';
      case 'STAT':
        if (params !== null) return 'error';
        this.reply(`+OK ${this.visibleCount()} ${this.visibleSize()}`);
        return 'quiet';
      case 'LIST':
      case 'UIDL':
        return this.listOrUidl(params, name === 'UIDL');
      case 'RETR': {
        const p = { rest: params };
        const n = getInt(p);
        if (n < 1 || n > this.messages.length || p.rest !== null || this.deleted.has(n - 1)) return 'error';
        this.sendMessage(n - 1, null);
        if (n > this.last) this.last = n;
        return 'quiet';
      }
      case 'TOP': {
        const p = { rest: params };
        const n = getInt(p);
        if (n < 1 || n > this.messages.length) return 'error';
        const lines = getInt(p);
        if (lines < 0 || p.rest !== null || this.deleted.has(n - 1)) return 'error';
        this.sendMessage(n - 1, lines);
        return 'quiet';
      }
      case 'DELE': {
        const p = { rest: params };
        const n = getInt(p);
        if (n < 1 || n > this.messages.length || p.rest !== null || this.deleted.has(n - 1)) return 'error';
        this.deleted.add(n - 1);
        if (n > this.last) this.last = n;
        return 'ok';
      }
      case 'RSET':
        if (params !== null) return 'error';
        this.deleted.clear();
        this.last = 0;
        return 'ok';
      case 'LAST':
        if (params !== null) return 'error';
        this.reply(`+OK ${this.last}`);
        return 'quiet';
      default:
        return 'error';
    }
  }

  private listOrUidl(params: string | null, uidl: boolean): Reply {
    const show = (i: number): string => `${i + 1} ${uidl ? popaUidl(this.messages[i].hash) : this.messages[i].size}`;
    if (params !== null) {
      const p = { rest: params };
      const n = getInt(p);
      if (n < 1 || n > this.messages.length || p.rest !== null || this.deleted.has(n - 1)) return 'error';
      this.reply(`+OK ${show(n - 1)}`);
      return 'quiet';
    }
    const lines = ['+OK'];
    this.messages.forEach((_, i) => {
      if (!this.deleted.has(i)) lines.push(show(i));
    });
    lines.push('.');
    this.reply(lines.join('\r\n'));
    return 'quiet';
  }

  private quit(): void {
    const user = this.loggedIn ?? '';
    if (this.deleted.size > 0) {
      const current = this.opts.readMailbox(user) ?? new Uint8Array(0);
      if (!startsWith(current, this.bytes)) {
        this.opts.log('info', 'Another MUA active, giving up');
        this.state = 'done';
        return;
      }
      if (!this.opts.writeMailbox(user, removeMessages(current, this.messages, this.deleted, this.bytes.length))) {
        this.opts.log('crit', `Failed to update ${this.opts.mailboxPath(user)}`);
        this.reply('-ERR');
        this.state = 'done';
        return;
      }
    }
    const total = this.messages.reduce((a, m) => a + m.size, 0);
    this.opts.log('info', `${this.deleted.size} (${total - this.visibleSize()}) deleted, ${this.visibleCount()} (${this.visibleSize()}) left`);
    this.reply('+OK');
    this.state = 'done';
  }

  private visibleCount(): number {
    return this.messages.length - this.deleted.size;
  }

  private visibleSize(): number {
    return this.messages.reduce((a, m, i) => a + (this.deleted.has(i) ? 0 : m.size), 0);
  }

  private sendMessage(index: number, lines: number | null): void {
    const m = this.messages[index];
    this.reply('+OK');
    this.out.push(popaMultiline(this.bytes.subarray(m.dataStart, m.dataEnd), lines));
    this.reply('.');
  }

  private reply(text: string): void {
    this.out.push(enc.encode(`${text}\r\n`));
  }

  private flush(): Uint8Array {
    const all = concat(this.out);
    this.out = [];
    return all;
  }
}

/** pop_get_param: the next space-separated word (NULL past 40 characters). */
function getParam(p: { rest: string | null }): string | null {
  const current = p.rest;
  if (current === null) return null;
  const sp = current.indexOf(' ');
  const word = sp >= 0 ? current.slice(0, sp) : current;
  const next = sp >= 0 ? current.slice(sp + 1) : '';
  p.rest = next === '' ? null : next;
  return word.length > 40 ? null : word;
}

/** pop_get_int: a non-negative decimal int, else -1. */
function getInt(p: { rest: string | null }): number {
  const param = getParam(p);
  if (param === null) return -1;
  const m = /^\s*([+-]?)(\d+)$/.exec(param);
  if (m === null) return -1;
  const v = Number(m[2]) * (m[1] === '-' ? -1 : 1);
  if (v < 0 || v > 0x7fffffff) return -1;
  return v;
}

function startsWith(a: Uint8Array, prefix: Uint8Array): boolean {
  if (a.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (a[i] !== prefix[i]) return false;
  return true;
}
