// Dovecot 2.3.19 POP3 (Debian 12 dovecot-pop3d), sans-IO: bytes in, reply bytes out. Two phases as
// in Dovecot itself: pop3-login (AUTHORIZATION state of RFC 1939 section 4: CAPA, USER, PASS, AUTH, QUIT)
// and the pop3 process once logged in (TRANSACTION state, section 5). One handleX per command, as
// go-smtp's conn.go. Reply texts are Dovecot's (src/pop3-login/client.c, src/pop3/pop3-commands.c),
// checked against ../fidelity/pop3/sessions; the ones marked "not recorded" come from the source only.

import { BoundedLineReader } from './line-reader.ts';
import { concat } from '../../mail/mbox.ts';
import type { Pop3Authenticator, Pop3Mailbox, Pop3MailboxStore, Pop3Message } from './mailbox.ts';
import { pop3MessageBytes, pop3Size } from './message.ts';

/** login-common LOGIN_MAX_INBUF_SIZE: a longer line before login ends the connection. */
export const POP3_LOGIN_MAX_LINE = 1024;
/** pop3 process input buffer (POP3 commands are short; RFC 2449 section 4 allows 255 octets). */
export const POP3_MAX_LINE = 4096;
/** login-common CLIENT_MAX_BAD_COMMANDS. */
const LOGIN_MAX_BAD_COMMANDS = 3;
/** pop3-client.h CLIENT_MAX_BAD_COMMANDS. */
const MAX_BAD_COMMANDS = 20;

const PLAINTEXT_DISALLOWED = '-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.';
/** pop3-capability.h POP3_CAPABILITY_REPLY: what the pop3 process answers to CAPA after login. */
const CAPABILITIES = ['CAPA', 'TOP', 'UIDL', 'RESP-CODES', 'PIPELINING', 'AUTH-RESP-CODE'];

export interface Pop3Options {
  readonly store: Pop3MailboxStore;
  readonly auth: Pop3Authenticator;
  /** SSL/TLS or a trusted/local address (Dovecot's "secured": 127.0.0.1, ::1, login_trusted_networks). */
  readonly secured: boolean;
  /** disable_plaintext_auth (Debian default yes). */
  readonly disablePlaintextAuth?: boolean;
  /** ssl = yes in 10-ssl.conf (Debian's default, with the snakeoil certificate): STLS is advertised. */
  readonly stls?: boolean;
  /** Dovecot's log messages for this connection, without the "dovecot: pop3(user)..." prefix. */
  readonly log?: (line: string) => void;
  /** auth_mechanisms in upper case (Debian: PLAIN); PLAIN and LOGIN are supported. */
  readonly mechanisms?: readonly string[];
}

type Handler = (args: string) => boolean; // false = a bad command (counted)

interface Counter {
  count: number;
  bytes: number;
}

const CRLF = '\r\n';
const latin1 = new TextDecoder('latin1');
const encoder = new TextEncoder();

export class DovecotPop3 {
  private readonly opts: Pop3Options;
  private out: Uint8Array[] = [];
  private started = false;
  private done = false;
  private reader = new BoundedLineReader(POP3_LOGIN_MAX_LINE);
  private badCount = 0;

  // AUTHORIZATION state
  private lastUser: string | null = null;
  private attempts = 0;
  private triedUser: string | null = null;
  private reason: string | null = null;
  /** AUTH sent a "+ " continuation and waits for the client's base64 response line. */
  private saslPending: { mech: 'PLAIN' } | { mech: 'LOGIN'; user: string | null } | null = null;
  // TRANSACTION state
  private user: string | null = null;
  private mailbox: Pop3Mailbox | null = null;
  private sizes: number[] = [];
  private totalSize = 0;
  private deleted: boolean[] = [];
  private anyDeleted = false;
  private deletedCount = 0;
  private deletedSize = 0;
  private seen: boolean[] = [];
  private seenChanges = 0;
  private readonly top: Counter = { count: 0, bytes: 0 };
  private readonly retr: Counter = { count: 0, bytes: 0 };

  private readonly loginCommands: Record<string, Handler> = {
    CAPA: () => this.handleLoginCapa(),
    USER: (a) => this.handleUser(a),
    PASS: (a) => this.handlePass(a),
    STLS: () => this.handleStls(),
    QUIT: () => this.handleLoginQuit(),
    AUTH: (a) => this.handleAuth(a),
  };

  private readonly commands: Record<string, Handler> = {
    CAPA: () => this.handleCapa(),
    DELE: (a) => this.handleDele(a),
    LIST: (a) => this.handleList(a),
    NOOP: () => this.handleNoop(),
    QUIT: () => this.handleQuit(),
    RETR: (a) => this.handleRetr(a),
    RSET: () => this.handleRset(),
    STAT: () => this.handleStat(),
    TOP: (a) => this.handleTop(a),
    UIDL: (a) => this.handleUidl(a),
  };

  constructor(options: Pop3Options) {
    this.opts = options;
  }

  get closed(): boolean {
    return this.done;
  }

  /** The user once PASS succeeded, else null. */
  get loggedInUser(): string | null {
    return this.user;
  }

  /** pop3-login's auth_attempts: each PASS, and each USER/PASS refused for plaintext. */
  get authAttempts(): number {
    return this.attempts;
  }

  /** The user named by the last attempt (login-common's virtual_user), for the disconnect line. */
  get attemptedUser(): string | null {
    return this.triedUser;
  }

  /** Why the server ended the session before login ("Aborted login by logging out"...), else null. */
  get disconnectReason(): string | null {
    return this.reason;
  }

  /**
   * Idle timer fired: login-common's 3-minute CLIENT_LOGIN_TIMEOUT before login, pop3's
   * 10-minute idle timeout after (texts from the sources, not recorded).
   */
  timeout(): Uint8Array {
    if (this.done) return this.flush();
    this.send('-ERR Disconnected for inactivity.');
    if (this.user !== null) this.opts.log?.(`Disconnected: Inactivity ${this.summary()}`);
    this.close('Inactivity');
    return this.flush();
  }

  /** Connection accepted: the greeting (RFC 1939 section 4). */
  start(): Uint8Array {
    if (this.started) throw new Error('pop3: start() called twice');
    this.started = true;
    this.send('+OK Dovecot (Debian) ready.');
    return this.flush();
  }

  /** Bytes from the client, in any segmentation; returns every reply they caused, in order. */
  receive(segment: Uint8Array): Uint8Array {
    if (!this.started) throw new Error('pop3: receive() before start()');
    let i = 0;
    while (i < segment.length && !this.done) {
      const step = this.reader.read(segment, i);
      if (step.kind === 'partial') break;
      if (step.kind === 'overflow') {
        this.lineTooLong();
        break;
      }
      i = step.next;
      this.commandLine(latin1.decode(step.line));
    }
    return this.flush();
  }

  /** The client went away: nothing is expunged (RFC 1939 section 6: only QUIT enters UPDATE). */
  peerClosed(): void {
    if (this.done) return;
    if (this.user !== null) this.opts.log?.(`Disconnected: Connection closed ${this.summary()}`);
    this.done = true;
  }

  /** "top=1/460, retr=1/517, del=0/7, size=2898" as in Dovecot's logout line (pop3_logout_format). */
  summary(): string {
    return `top=${this.top.count}/${this.top.bytes}, retr=${this.retr.count}/${this.retr.bytes}, del=${this.deletedCount}/${this.sizes.length}, size=${this.totalSize}`;
  }

  // ---- dispatch -------------------------------------------------------------------------------

  private commandLine(line: string): void {
    const pending = this.saslPending;
    if (pending !== null) {
      this.saslPending = null;
      if (pending.mech === 'PLAIN') this.saslResponse(line, false);
      else this.loginResponse(line, pending.user);
      return;
    }
    const space = line.indexOf(' ');
    // t_str_ucase(): ASCII letters only, 8-bit bytes pass through unchanged.
    const name = (space < 0 ? line : line.slice(0, space)).replace(/[a-z]+/g, (w) => w.toUpperCase());
    const args = space < 0 ? '' : line.slice(space + 1);
    if (this.user === null) {
      const handler = this.loginCommands[name];
      const ok = handler !== undefined ? handler(args) : this.unknownLogin();
      if (ok) this.badCount = 0;
      else if (++this.badCount >= LOGIN_MAX_BAD_COMMANDS) {
        // Not recorded: pop3-login's text when a client keeps sending nonsense.
        this.send('-ERR Too many invalid bad commands.');
        this.close('Too many invalid commands.');
      }
      return;
    }
    const handler = this.commands[name];
    // client_command_execute skips the spaces before the arguments.
    const ok = handler !== undefined ? handler(args.replace(/^ +/, '')) : this.fail(`-ERR Unknown command: ${name}`);
    if (ok) this.badCount = 0;
    else if (++this.badCount > MAX_BAD_COMMANDS) {
      this.send('-ERR Too many bad commands.');
      this.close();
    }
  }

  private unknownLogin(): boolean {
    this.send('-ERR Unknown command.');
    return false;
  }

  private lineTooLong(): void {
    // Not recorded; login-common and pop3-client disconnect when the input buffer fills up.
    this.send(this.user === null ? '-ERR Input buffer full, aborting' : '-ERR Input line too long.');
    if (this.user !== null) this.opts.log?.(`Disconnected: Input line too long ${this.summary()}`);
    this.close('Input buffer full');
  }

  // ---- AUTHORIZATION (pop3-login) ----------------------------------------------------------------

  private plaintextAllowed(): boolean {
    return this.opts.secured || this.opts.disablePlaintextAuth === false;
  }

  private handleLoginCapa(): boolean {
    const lines = [...CAPABILITIES];
    if (this.opts.stls !== false) lines.push('STLS');
    if (this.plaintextAllowed()) lines.push('USER');
    // SASL mechanisms offered: none at all while plaintext is refused ("SASL" alone, as recorded).
    lines.push(['SASL', ...this.mechanisms()].join(' '));
    this.send(['+OK', ...lines, '.'].join(CRLF));
    return true;
  }

  private handleUser(args: string): boolean {
    if (!this.plaintextAllowed()) {
      this.attempts += 1;
      this.triedUser ??= args;
      this.send(PLAINTEXT_DISALLOWED);
      return true;
    }
    this.lastUser = args;
    this.send('+OK');
    return true;
  }

  private handlePass(args: string): boolean {
    if (!this.plaintextAllowed()) {
      this.attempts += 1;
      this.send(PLAINTEXT_DISALLOWED);
      return true;
    }
    if (this.lastUser === null) {
      this.send('-ERR No username given.'); // not recorded
      return true;
    }
    const user = this.lastUser;
    this.attempts += 1;
    this.triedUser = user;
    if (!this.opts.auth.verify(user, args)) {
      // Not recorded; the adapter adds auth_failure_delay (2 s) before sending it.
      this.send('-ERR [AUTH] Authentication failed.');
      return true;
    }
    this.login(user);
    return true;
  }

  /**
   * RFC 5034 AUTH (pop3-login cmd_auth): without arguments the old-style mechanism list; PLAIN with
   * an initial response or after a "+ " continuation. Texts from the sources, not recorded.
   */
  private handleAuth(args: string): boolean {
    const mechs = this.mechanisms();
    if (args === '') {
      this.send(['+OK', ...mechs, '.'].join(CRLF));
      return true;
    }
    const space = args.indexOf(' ');
    const mech = (space < 0 ? args : args.slice(0, space)).toUpperCase();
    const initial = space < 0 ? null : args.slice(space + 1);
    if (mech !== 'PLAIN' && mech !== 'LOGIN') {
      this.send('-ERR [AUTH] Unsupported authentication mechanism.');
      return false;
    }
    if (!this.plaintextAllowed()) {
      this.attempts += 1;
      this.send(PLAINTEXT_DISALLOWED);
      return true;
    }
    if (!mechs.includes(mech)) {
      this.send('-ERR [AUTH] Unsupported authentication mechanism.');
      return false;
    }
    if (mech === 'LOGIN') {
      if (initial === null) {
        this.saslPending = { mech: 'LOGIN', user: null };
        this.send('+ VXNlcm5hbWU6'); // "Username:"
      } else this.loginResponse(initial === '=' ? '' : initial, null);
      return true;
    }
    if (initial === null) {
      this.saslPending = { mech: 'PLAIN' };
      this.send('+ ');
      return true;
    }
    this.saslResponse(initial === '=' ? '' : initial, true);
    return true;
  }

  /** The mechanisms offered: the plaintext ones only where plaintext is allowed. */
  private mechanisms(): string[] {
    if (!this.plaintextAllowed()) return [];
    return (this.opts.mechanisms ?? ['PLAIN']).filter((m) => m === 'PLAIN' || m === 'LOGIN');
  }

  /** AUTH LOGIN: the user name, then the password, each base64 after its prompt. */
  private loginResponse(line: string, user: string | null): void {
    if (line === '*') {
      this.send('-ERR [AUTH] Authentication aborted by client.');
      return;
    }
    const bytes = decodeBase64(line);
    if (bytes === null) {
      this.attempts += 1;
      this.send('-ERR [AUTH] Invalid base64 data in continued response');
      return;
    }
    const text = latin1.decode(bytes);
    if (user === null) {
      this.saslPending = { mech: 'LOGIN', user: text };
      this.send('+ UGFzc3dvcmQ6'); // "Password:"
      return;
    }
    this.attempts += 1;
    this.triedUser = user;
    if (user === '' || !this.opts.auth.verify(user, text)) {
      this.send('-ERR [AUTH] Authentication failed.');
      return;
    }
    this.login(user);
  }

  private saslResponse(line: string, initial: boolean): void {
    if (line === '*') {
      this.send('-ERR [AUTH] Authentication aborted by client.');
      return;
    }
    this.attempts += 1;
    const bytes = decodeBase64(line);
    if (bytes === null) {
      this.send(`-ERR [AUTH] Invalid base64 data in ${initial ? 'initial' : 'continued'} response`);
      return;
    }
    const parts = latin1.decode(bytes).split('\0');
    const [authz, user, password] = parts;
    if (parts.length !== 3 || user === '' || (authz !== '' && authz !== user)) {
      this.send('-ERR [AUTH] Authentication failed.');
      return;
    }
    this.triedUser = user;
    if (!this.opts.auth.verify(user, password)) {
      this.send('-ERR [AUTH] Authentication failed.');
      return;
    }
    this.login(user);
  }

  private handleStls(): boolean {
    // TLS is not simulated: answered as a Dovecot whose ssl_cert cannot be loaded (not recorded).
    this.send('-ERR TLS support isn\'t enabled.');
    return true;
  }

  private handleLoginQuit(): boolean {
    this.send('+OK Logging out');
    this.close('Aborted login by logging out');
    return true;
  }

  private login(user: string): void {
    const mailbox = this.opts.store.open(user);
    this.user = user;
    this.mailbox = mailbox;
    this.sizes = mailbox.messages.map((m) => pop3Size(m.content));
    this.totalSize = this.sizes.reduce((a, b) => a + b, 0);
    this.deleted = mailbox.messages.map(() => false);
    this.seen = mailbox.messages.map(() => false);
    this.reader = new BoundedLineReader(POP3_MAX_LINE);
    this.send('+OK Logged in.');
  }

  // ---- TRANSACTION (pop3) ------------------------------------------------------------------------

  private handleCapa(): boolean {
    this.send(['+OK', ...CAPABILITIES, '.'].join(CRLF));
    return true;
  }

  private handleNoop(): boolean {
    this.send('+OK');
    return true;
  }

  private handleStat(): boolean {
    this.send(`+OK ${this.sizes.length - this.deletedCount} ${this.totalSize - this.deletedSize}`);
    return true;
  }

  private handleList(args: string): boolean {
    if (args === '') {
      const lines = [`+OK ${this.sizes.length - this.deletedCount} messages:`];
      this.sizes.forEach((size, i) => {
        if (this.deleted[i] !== true) lines.push(`${i + 1} ${size}`);
      });
      lines.push('.');
      this.send(lines.join(CRLF));
      return true;
    }
    const n = this.msgnum(args, false);
    if (n === null) return false;
    this.send(`+OK ${n.index + 1} ${this.sizes[n.index] ?? 0}`);
    return true;
  }

  private handleUidl(args: string): boolean {
    if (args === '') {
      const lines = ['+OK'];
      this.messages().forEach((m, i) => {
        if (this.deleted[i] !== true) lines.push(`${i + 1} ${this.uidl(m.uid)}`);
      });
      lines.push('.');
      this.send(lines.join(CRLF));
      return true;
    }
    const n = this.msgnum(args, false);
    if (n === null) return false;
    this.send(`+OK ${n.index + 1} ${this.uidl(this.messages()[n.index]?.uid ?? 0)}`);
    return true;
  }

  private handleDele(args: string): boolean {
    const n = this.msgnum(args, false);
    if (n === null) return false;
    this.deleted[n.index] = true;
    this.anyDeleted = true;
    this.deletedCount += 1;
    this.deletedSize += this.sizes[n.index] ?? 0;
    this.send('+OK Marked to be deleted.');
    return true;
  }

  private handleRset(): boolean {
    if (this.anyDeleted) {
      this.anyDeleted = false;
      this.deleted.fill(false);
      this.deletedCount = 0;
      this.deletedSize = 0;
    }
    if (this.seenChanges > 0) {
      this.seen.fill(false);
      this.seenChanges = 0;
    }
    this.send('+OK');
    return true;
  }

  private handleRetr(args: string): boolean {
    const n = this.msgnum(args, false);
    if (n === null) return false;
    const message = this.messages()[n.index];
    if (message === undefined) throw new Error('pop3: message index out of range');
    // RETR marks the message \Seen at QUIT (pop3_no_flag_updates = no); TOP does not.
    if (!message.seen && this.seen[n.index] !== true) {
      this.seen[n.index] = true;
      this.seenChanges += 1;
    }
    this.retr.count += 1;
    this.retr.bytes += this.sendMessage(`+OK ${this.sizes[n.index] ?? 0} octets`, message.content, null);
    return true;
  }

  private handleTop(args: string): boolean {
    const n = this.msgnum(args, true);
    if (n === null) return false;
    const lines = this.size(n.rest);
    if (lines === null) return false;
    const message = this.messages()[n.index];
    if (message === undefined) throw new Error('pop3: message index out of range');
    this.top.count += 1;
    this.top.bytes += this.sendMessage('+OK', message.content, lines);
    return true;
  }

  private handleQuit(): boolean {
    const user = this.user ?? '';
    if (this.anyDeleted || this.seenChanges > 0) {
      const expunge: number[] = [];
      const seen: number[] = [];
      this.messages().forEach((m, i) => {
        if (this.deleted[i] === true) expunge.push(m.uid);
        else if (this.seen[i] === true) seen.push(m.uid);
      });
      if (!this.opts.store.commit(user, { expunge, seen })) {
        // Not recorded: client_send_storage_error() then "Storage error during logout."
        this.send('-ERR [SYS/TEMP] Internal error occurred. Refer to server log for more information.');
        this.opts.log?.(`Disconnected: Storage error during logout. ${this.summary()}`);
        this.close();
        return true;
      }
    }
    this.send(this.anyDeleted ? '+OK Logging out, messages deleted.' : '+OK Logging out.');
    this.opts.log?.(`Disconnected: Logged out ${this.summary()}`);
    this.close();
    return true;
  }

  // ---- arguments, as get_msgnum() and get_size() parse them ----------------------------------------

  private msgnum(args: string, thenSpace: boolean): { index: number; rest: string } | null {
    const m = /^[0-9]+/.exec(args);
    if (m === null) return this.failNull(`-ERR Invalid message number: ${args}`);
    const after = args.slice(m[0].length);
    const num = Number(m[0]);
    if (num > 0xffffffff) return this.failNull(`-ERR Message number too large: ${after}`);
    if (thenSpace ? !after.startsWith(' ') : after !== '') return this.failNull(`-ERR Noise after message number: ${after}`);
    if (num === 0 || num > this.sizes.length) return this.failNull(`-ERR There's no message ${num}.`);
    if (this.deleted[num - 1] === true) return this.failNull('-ERR Message is deleted.');
    return { index: num - 1, rest: after.replace(/^ +/, '') };
  }

  private size(args: string): number | null {
    const m = /^[0-9]+/.exec(args);
    if (m === null) return this.failNull(`-ERR Invalid size: ${args}`);
    const after = args.slice(m[0].length);
    if (m[0].length > 19) return this.failNull(`-ERR Size too large: ${after}`);
    if (after !== '') return this.failNull(`-ERR Noise after size: ${after}`);
    return Number(m[0]);
  }

  // ---- output -----------------------------------------------------------------------------------

  /** pop3_uidl_format = %08Xu%08Xv (Dovecot's default): UID then UIDVALIDITY, 8 hex digits each. */
  private uidl(uid: number): string {
    const hex = (n: number): string => n.toString(16).padStart(8, '0');
    return `${hex(uid)}${hex(this.mailbox?.uidValidity ?? 0)}`;
  }

  private messages(): readonly Pop3Message[] {
    return this.mailbox?.messages ?? [];
  }

  /** Sends status line, message and ".", returns the bytes counted in the logout line. */
  private sendMessage(status: string, content: Uint8Array, bodyLines: number | null): number {
    const head = encoder.encode(`${status}${CRLF}`);
    const body = pop3MessageBytes(content, bodyLines);
    this.out.push(head, body, encoder.encode(`.${CRLF}`));
    return head.length + body.length;
  }

  private fail(line: string): false {
    this.send(line);
    return false;
  }

  private failNull(line: string): null {
    this.send(line);
    return null;
  }

  private send(text: string): void {
    const bytes = new Uint8Array(text.length + 2);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
    bytes[text.length] = 0x0d;
    bytes[text.length + 1] = 0x0a;
    this.out.push(bytes);
  }

  private close(reason: string | null = null): void {
    this.reason ??= reason;
    this.done = true;
  }

  private flush(): Uint8Array {
    const all = concat(this.out);
    this.out = [];
    return all;
  }
}

/** Strict base64 (RFC 4648 section 4, padding required as Dovecot's decoder wants it), else null. */
function decodeBase64(s: string): Uint8Array | null {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return null;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 4) {
    const v = [0, 1, 2, 3].map((k) => (s[i + k] === '=' ? 0 : alphabet.indexOf(s[i + k])));
    const n = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    out.push((n >> 16) & 0xff);
    if (s[i + 2] !== '=') out.push((n >> 8) & 0xff);
    if (s[i + 3] !== '=') out.push(n & 0xff);
  }
  return Uint8Array.from(out);
}
