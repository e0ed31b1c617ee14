// Dovecot 2.3.19 IMAP4rev1 server (Debian 12 dovecot-imapd), sans-IO: bytes in, reply bytes out.
// Two phases as in Dovecot itself: imap-login (not authenticated state of RFC 3501 section 6.1-6.2:
// CAPABILITY, NOOP, LOGOUT, LOGIN, AUTHENTICATE, STARTTLS, ID, ENABLE) and the imap process once
// logged in (sections 6.3-6.4, commands in commands.ts). Reply texts are Dovecot's
// (src/imap-login/imap-login-client.c, src/imap/*.c), checked against ../fidelity/imap/sessions;
// the ones marked "not recorded" come from the source only.
//
// Wiring (the daemon's side, ../master.ts): store = new MboxImapStore(new HostImapFiles(fs, inbox, now),
// zone, now); per connection new DovecotImap({ store, auth, secured, now, ... }),
// send start(), then receive(bytes) for each segment; close the socket once `closed`; call
// timeout() on the idle timer, poll() every mailbox_idle_check_interval while IDLE, peerClosed()
// when the client goes. Delay a reply by auth_failure_delay when authFailures grew.

import { parseArgs } from './args.ts';
import type { ImapArg } from './args.ts';
import { POST_LOGIN_CAPABILITIES_TEXT } from './capabilities.ts';
import { COMMANDS } from './commands.ts';
import { CommandReader } from './command-reader.ts';
import type { CommandPart } from './command-reader.ts';
import { ImapSession } from './session.ts';
import type { ImapAuthenticator, ImapMailStore } from './store.ts';

export type { ImapAuthenticator, ImapMailStore } from './store.ts';

/** login-common LOGIN_MAX_INBUF_SIZE: a longer line before login ends the connection. */
export const IMAP_LOGIN_MAX_LINE = 4096;
/** imap-login MAX_IMAP_LINE: literals before login must fit in it. */
const LOGIN_MAX_LITERAL = 8192;
/** imap-login CLIENT_MAX_BAD_COMMANDS. */
const LOGIN_MAX_BAD_COMMANDS = 3;

/** CAPABILITY_BANNER_STRING (imap-login) before STARTTLS/LOGINDISABLED/AUTH= are added. */
const BANNER_CAPABILITIES = 'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+';

const PLAINTEXT_DISALLOWED = 'Plaintext authentication disallowed on non-secure (SSL/TLS) connections.';

export interface ImapOptions {
  readonly store: ImapMailStore;
  readonly auth: ImapAuthenticator;
  /** SSL/TLS or a trusted/local address (Dovecot's "secured": 127.0.0.1, ::1, login_trusted_networks). */
  readonly secured: boolean;
  /** disable_plaintext_auth (Debian default yes). */
  readonly disablePlaintextAuth?: boolean;
  /** ssl = yes in 10-ssl.conf (Debian's default): STARTTLS is advertised (default true). */
  readonly starttls?: boolean;
  /** Dovecot's log messages for this connection, without the "dovecot: imap(user)..." prefix. */
  readonly log?: (line: string) => void;
  /** Wall-clock time in ms (host.wallTimeMs): APPEND without date, IDLE's timing. */
  readonly now: () => number;
  /** Time zone of the host (/etc/timezone) for INTERNALDATE: 'Etc/UTC' by default. */
  readonly zone?: string;
}

/** Where the connection is (RFC 3501 section 3). */
export type ImapState = 'not-authenticated' | 'authenticated' | 'selected' | 'logout';

export class DovecotImap {
  private readonly opts: ImapOptions;
  private out: (string | Uint8Array)[] = [];
  private started = false;
  private done = false;
  private reader = new CommandReader(IMAP_LOGIN_MAX_LINE);
  private badCount = 0;
  private session: ImapSession | null = null;
  /** AUTHENTICATE waiting for the client's SASL response. */
  private authenticating: { tag: string } | null = null;
  private attempts = 0;
  private failures = 0;
  private lastUser: string | null = null;
  private method: string | null = null;
  private reason: string | null = null;

  constructor(options: ImapOptions) {
    this.opts = options;
  }

  get closed(): boolean {
    return this.done || this.session?.closed === true;
  }

  /** The user once LOGIN/AUTHENTICATE succeeded, else null. */
  get loggedInUser(): string | null {
    return this.session?.user ?? null;
  }

  /** "PLAIN" for LOGIN and AUTHENTICATE PLAIN (as Dovecot logs method=PLAIN), once logged in. */
  get loginMethod(): string | null {
    return this.method;
  }

  /** Failed authentications so far: the adapter delays the reply by auth_failure_delay (2 s). */
  get authFailures(): number {
    return this.failures;
  }

  /** Authentication attempts and the last user name tried (imap-login's disconnect log line). */
  get authAttempts(): { readonly count: number; readonly user: string | null } {
    return { count: this.attempts, user: this.lastUser };
  }

  /** Why imap-login closed the connection ("Aborted login", "Too many invalid commands"...). */
  get disconnectReason(): string | null {
    return this.reason;
  }

  get state(): ImapState {
    if (this.closed) return 'logout';
    if (this.session === null) return 'not-authenticated';
    return this.session.selectedName !== null ? 'selected' : 'authenticated';
  }

  /** Connection accepted: the greeting (RFC 3501 section 7.1.1). */
  start(): Uint8Array {
    if (this.started) throw new Error('imap: start() called twice');
    this.started = true;
    this.send(`* OK [CAPABILITY ${this.capabilities()}] Dovecot (Debian) ready.`);
    return this.flush();
  }

  /** Bytes from the client, in any segmentation; returns every reply they caused, in order. */
  receive(segment: Uint8Array): Uint8Array {
    if (!this.started) throw new Error('imap: receive() before start()');
    let i = 0;
    while (i < segment.length && !this.closed) {
      if (this.session !== null) {
        i = this.session.receive(segment, i);
        continue;
      }
      const { event, at } = this.reader.next(segment, i);
      i = at;
      switch (event.kind) {
        case 'need-more':
          i = segment.length;
          break;
        case 'too-long':
          // login-common client_read(): the input buffer filled up without a line end.
          this.send('* BYE Input buffer full, aborting');
          this.close('Input buffer full');
          break;
        case 'literal':
          if (event.size > LOGIN_MAX_LITERAL) {
            this.send('* BYE Literal size too large');
            this.close('Literal size too large');
          } else {
            if (event.sync) this.send('+ OK');
            this.reader.acceptLiteral();
          }
          break;
        case 'line':
          this.authResponse(event.text);
          break;
        case 'command':
          this.loginCommand(event.parts);
          break;
      }
    }
    return this.flush();
  }

  /**
   * Dovecot's idle timers: before login (auth timeout) and the imap process's autologout (30 min)
   * both end with this line.
   */
  timeout(): Uint8Array {
    if (!this.closed) {
      if (this.session !== null) this.session.timeout();
      else {
        this.send('* BYE Disconnected for inactivity.');
        this.close('Inactivity');
      }
    }
    return this.flush();
  }

  /** New mail or changes by others, while IDLE (mailbox_idle_check_interval) or between commands. */
  poll(): Uint8Array {
    this.session?.poll();
    return this.flush();
  }

  /** The "* OK Still here" IDLE sends every imap_idle_notify_interval (2 min). */
  keepalive(): Uint8Array {
    this.session?.keepalive();
    return this.flush();
  }

  /** The client went away. */
  peerClosed(): void {
    if (this.closed) {
      this.done = true;
      return;
    }
    if (this.session !== null) this.session.peerClosed();
    this.done = true;
  }

  /** "in=218 out=2738 deleted=0 expunged=0 ..." as in Dovecot's logout line (imap_logout_format). */
  summary(): string {
    return this.session?.summary() ?? '';
  }

  // ---- imap-login ------------------------------------------------------------------------------

  private plaintextAllowed(): boolean {
    return this.opts.secured || this.opts.disablePlaintextAuth === false;
  }

  private capabilities(): string {
    let caps = BANNER_CAPABILITIES;
    if (this.opts.starttls !== false) caps += ' STARTTLS';
    if (!this.plaintextAllowed()) caps += ' LOGINDISABLED';
    // Mechanisms shown: PLAIN only where plaintext authentication is allowed.
    if (this.plaintextAllowed()) caps += ' AUTH=PLAIN';
    return caps;
  }

  /** imap_parser_read_word(): up to a space (which is eaten) or the end of the line. */
  private static word(text: string, from: number): { word: string; next: number } {
    const sp = text.indexOf(' ', from);
    return sp < 0 ? { word: text.slice(from), next: text.length } : { word: text.slice(from, sp), next: sp + 1 };
  }

  private static validTag(tag: string): boolean {
    // imap_is_valid_tag(): no atom-specials, list-wildcards, quoted-specials or CTLs.
    return tag !== '' && !/[+(){/ %*"\\\x00-\x1f\x7f]/.test(tag) && tag.length <= 100;
  }

  private loginCommand(parts: readonly CommandPart[]): void {
    const first = parts[0]?.kind === 'line' ? parts[0].text : '';
    const t = DovecotImap.word(first, 0);
    let tag = DovecotImap.validTag(t.word) ? t.word : '';
    const n = DovecotImap.word(first, t.next);
    const name = n.word.toUpperCase();
    const parsed = parseArgs(first.slice(n.next), parts.slice(1));
    let ret: number;
    if ('error' in parsed) {
      // client_handle_parser_error(): the parser's message as a tagged BAD.
      this.send(`${tag === '' ? '*' : tag} BAD ${parsed.error}`);
      return;
    }
    if (tag === '') ret = -1;
    else ret = this.loginExecute(tag, name, parsed.args);
    if (ret === -2 && tag.toUpperCase() === 'LOGIN') {
      this.send(`${tag} BAD First parameter in line is IMAP's command tag, not the command name. Add that before the command, like: a login user pass`);
    } else if (ret < 0) {
      if (tag === '') tag = '*';
      if (++this.badCount >= LOGIN_MAX_BAD_COMMANDS) {
        this.send('* BYE Too many invalid IMAP commands.');
        this.close('Too many invalid commands');
        return;
      }
      this.send(`${tag} BAD Error in IMAP command received by server.`);
    }
  }

  /** 1 = done, -1 = bad arguments, -2 = unknown command. */
  private loginExecute(tag: string, name: string, args: readonly ImapArg[]): number {
    switch (name) {
      case 'CAPABILITY':
        this.send(`* CAPABILITY ${this.capabilities()}`);
        this.send(`${tag} OK Pre-login capabilities listed, post-login capabilities have more.`);
        return 1;
      case 'NOOP':
        this.send(`${tag} OK NOOP completed.`);
        return 1;
      case 'LOGOUT':
        this.send('* BYE Logging out');
        this.send(`${tag} OK Logout completed.`);
        this.close('Aborted login by logging out');
        return 1;
      case 'ENABLE':
        this.send('* ENABLED');
        this.send(`${tag} OK ENABLE ignored in non-authenticated state.`);
        return 1;
      case 'ID':
        // imap_id_send = "name *": Dovecot answers with its name only.
        this.send('* ID ("name" "Dovecot")');
        this.send(`${tag} OK ID completed.`);
        return 1;
      case 'STARTTLS':
        // Not recorded: TLS is not simulated, answered as a Dovecot whose ssl cannot start.
        this.send(`${tag} BAD TLS support isn't enabled.`);
        return 1;
      case 'LOGIN':
        return this.handleLogin(tag, args);
      case 'AUTHENTICATE':
        return this.handleAuthenticate(tag, args);
      default:
        return -2;
    }
  }

  private handleLogin(tag: string, args: readonly ImapArg[]): number {
    const user = args[0];
    const pass = args[1];
    if (args.length !== 2 || user === undefined || pass === undefined) return -1;
    if ((user.kind !== 'atom' && user.kind !== 'string') || (pass.kind !== 'atom' && pass.kind !== 'string')) return -1;
    if (!this.plaintextAllowed()) {
      this.send('* BAD [ALERT] Plaintext authentication not allowed without SSL/TLS, but your client did it anyway. If anyone was listening, the password was exposed.');
      this.send(`${tag} NO [PRIVACYREQUIRED] ${PLAINTEXT_DISALLOWED}`);
      this.attempts += 1;
      this.lastUser = user.value;
      return 1;
    }
    this.verify(tag, user.value, pass.value);
    return 1;
  }

  private handleAuthenticate(tag: string, args: readonly ImapArg[]): number {
    const mech = args[0];
    if (mech === undefined || (mech.kind !== 'atom' && mech.kind !== 'string') || mech.value === '' || args.length > 2) return -1;
    if (mech.value.toUpperCase() !== 'PLAIN') {
      this.send(`${tag} NO Unsupported authentication mechanism.`);
      return 1;
    }
    if (!this.plaintextAllowed()) {
      // Not recorded: PLAIN is not offered on an insecure connection.
      this.send(`${tag} NO [PRIVACYREQUIRED] ${PLAINTEXT_DISALLOWED}`);
      this.attempts += 1;
      return 1;
    }
    const ir = args[1];
    if (ir !== undefined) {
      if (ir.kind !== 'atom' && ir.kind !== 'string') return -1;
      this.plainResponse(tag, ir.value === '=' ? '' : ir.value);
      return 1;
    }
    // SASL continuation: an empty challenge, then one line of base64 (RFC 3501 section 6.2.2).
    this.send('+ ');
    this.authenticating = { tag };
    this.reader.rawLines = true;
    return 1;
  }

  private authResponse(line: string): void {
    const auth = this.authenticating;
    this.authenticating = null;
    this.reader.rawLines = false;
    if (auth === null) return;
    if (line === '*') {
      this.send(`${auth.tag} BAD Authentication aborted by client.`);
      this.attempts += 1;
      return;
    }
    this.plainResponse(auth.tag, line);
  }

  /** SASL PLAIN (RFC 4616): base64 of "authzid NUL authcid NUL passwd". */
  private plainResponse(tag: string, base64: string): void {
    const bytes = decodeBase64(base64);
    if (bytes === null) {
      // Not recorded: login-common's reply to a response that is not base64.
      this.send(`${tag} BAD Invalid base64 data in continued response`);
      this.attempts += 1;
      return;
    }
    const text = new TextDecoder('utf-8').decode(bytes);
    const fields = text.split('\0');
    if (fields.length !== 3) {
      this.attempts += 1;
      this.failures += 1;
      this.send(`${tag} NO [AUTHENTICATIONFAILED] Authentication failed.`);
      return;
    }
    const [authz = '', user = '', pass = ''] = fields;
    if (authz !== '' && authz !== user) {
      this.attempts += 1;
      this.failures += 1;
      this.lastUser = user;
      this.send(`${tag} NO [AUTHORIZATIONFAILED] Authorization failed`);
      return;
    }
    this.verify(tag, user, pass);
  }

  private verify(tag: string, user: string, pass: string): void {
    this.attempts += 1;
    this.lastUser = user;
    if (!this.opts.auth.verify(user, pass)) {
      this.failures += 1;
      this.send(`${tag} NO [AUTHENTICATIONFAILED] Authentication failed.`);
      return;
    }
    this.method = 'PLAIN';
    // From here on the imap process answers: it sends the tagged OK itself (counted in its out=).
    const session = new ImapSession(
      {
        store: this.opts.store,
        user,
        now: this.opts.now,
        ...(this.opts.log !== undefined ? { log: this.opts.log } : {}),
        ...(this.opts.zone !== undefined ? { zone: this.opts.zone } : {}),
      },
      COMMANDS,
      (chunk) => this.out.push(chunk),
    );
    this.session = session;
    session.loggedIn(tag, POST_LOGIN_CAPABILITIES_TEXT);
    this.reason = 'Login';
  }

  // ---- output ----------------------------------------------------------------------------------

  private send(text: string): void {
    this.out.push(`${text}\r\n`);
  }

  private close(reason: string): void {
    this.reason ??= reason;
    this.done = true;
  }

  private flush(): Uint8Array {
    let n = 0;
    for (const p of this.out) n += p.length;
    const all = new Uint8Array(n);
    let at = 0;
    for (const p of this.out) {
      if (typeof p === 'string') {
        for (let i = 0; i < p.length; i++) all[at + i] = p.charCodeAt(i) & 0xff;
      } else all.set(p, at);
      at += p.length;
    }
    this.out = [];
    return all;
  }
}

/** Strict base64 (RFC 4648) as Dovecot's base64_decode: null on any other character. */
export function decodeBase64(s: string): Uint8Array | null {
  const clean = s.replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) return null;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const out: number[] = [];
  let buf = 0;
  let bits = 0;
  for (const c of clean) {
    buf = (buf << 6) | alphabet.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buf >> bits) & 0xff);
    }
  }
  return new Uint8Array(out);
}
