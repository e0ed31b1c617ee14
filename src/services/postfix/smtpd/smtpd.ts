// Postfix smtpd(8) protocol engine, sans-IO: bytes in, reply bytes out, log lines through a callback.
// One handleX per verb as go-smtp's conn.go; lookups and configuration come from SmtpdPolicy, the
// queue from SmtpdSink. Reply texts are Postfix 3.7's (Debian 12), checked against
// ../fidelity/smtp/sessions; log texts against ../fidelity/smtp/logs/mail.log.

import { parsePath, splitAddress } from './address.ts';
import { SmtpLineReader } from './line-reader.ts';
import type { SmtpdPolicy, SmtpdSink } from './policy.ts';
import { mailDate, receivedHeader, UTC_ZONE } from './received.ts';
import type { SmtpdZone } from './received.ts';

/** $line_length_limit: longer command lines are cut here and the rest skipped (smtp_get SKIP). */
export const SMTPD_LINE_LENGTH_LIMIT = 2048;
/** $smtpd_hard_error_limit (Debian default 20): then 421 and disconnect. */
export const SMTPD_HARD_ERROR_LIMIT = 20;
/** $smtpd_recipient_limit. */
export const SMTPD_RECIPIENT_LIMIT = 1000;

export interface SmtpdOptions {
  readonly policy: SmtpdPolicy;
  readonly sink: SmtpdSink;
  /** Reverse-resolved name of the client, "unknown" when it has none (as in "unknown[192.168.0.28]"). */
  readonly clientName: string;
  readonly clientAddress: string;
  /** Wall-clock milliseconds since the epoch (the host's clock, never Date.now). */
  readonly now: () => number;
  /** Local time zone at an instant, for Received: dates; UTC by default. */
  readonly zone?: (epochMs: number) => SmtpdZone;
  /** smtpd's syslog messages, without the "postfix/smtpd[PID]: " prefix. */
  readonly log?: (line: string) => void;
}

// Postfix's command table order: the order of the counters in the "disconnect from" line.
const COMMANDS = ['helo', 'ehlo', 'starttls', 'auth', 'mail', 'rcpt', 'data', 'bdat', 'rset', 'noop', 'vrfy', 'etrn', 'quit'] as const;
type Verb = (typeof COMMANDS)[number];
type Outcome = boolean; // true = the command succeeded (counted in "name=ok/total")

const CRLF = '\r\n';
const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');
const encoder = new TextEncoder();

export class Smtpd {
  private readonly policy: SmtpdPolicy;
  private readonly sink: SmtpdSink;
  private readonly opts: SmtpdOptions;
  private readonly reader = new SmtpLineReader();
  private out: string[] = [];
  private started = false;
  private done = false;
  private inData = false;
  private quitting = false;

  private heloName: string | null = null;
  private protocol: 'SMTP' | 'ESMTP' = 'SMTP';
  private sender: string | null = null;
  private recipients: string[] = [];
  private queueId: string | null = null;
  private dataChunks: Uint8Array[] = [];
  private dataSize = 0;
  private dataTooBig = false;
  private arrival = 0;

  private where = 'CONNECT';
  private errorCount = 0;
  private readonly counts = new Map<string, { ok: number; total: number }>();

  constructor(options: SmtpdOptions) {
    this.opts = options;
    this.policy = options.policy;
    this.sink = options.sink;
  }

  /** True once smtpd has closed its side (QUIT, 421) or the client went away. */
  get closed(): boolean {
    return this.done;
  }

  /** Connection accepted: logs "connect from" and returns the 220 banner (RFC 5321 section 4.3.1). */
  start(): Uint8Array {
    if (this.started) throw new Error('smtpd: start() called twice');
    this.started = true;
    this.log(`connect from ${this.namaddr()}`);
    this.reply(`220 ${this.policy.banner?.() ?? `${this.policy.myhostname()} ESMTP Postfix (Debian/GNU)`}`);
    return this.flush();
  }

  /** Bytes from the client, any segmentation; returns every reply they caused. */
  receive(segment: Uint8Array): Uint8Array {
    if (!this.started) throw new Error('smtpd: receive() before start()');
    let i = 0;
    while (i < segment.length && !this.done) {
      const limit = this.inData ? this.dataLineLimit() : SMTPD_LINE_LENGTH_LIMIT;
      const step = this.reader.read(segment, i, limit);
      i = step.next;
      if (step.line === null) break;
      if (this.inData) this.dataLine(step.line, step.skipped);
      else this.commandLine(step.line, step.skipped);
    }
    return this.flush();
  }

  /** $smtpd_timeout expired while waiting for the client: 421 and close. */
  timeout(): Uint8Array {
    if (this.done) return new Uint8Array(0);
    this.log(`timeout after ${this.whereText()} from ${this.namaddr()}`);
    this.reply(`421 4.4.2 ${this.policy.myhostname()} Error: timeout exceeded`);
    this.close();
    return this.flush();
  }

  /** The client closed or reset the connection: nothing half-received is queued. */
  peerClosed(): void {
    if (this.done) return;
    this.log(`lost connection after ${this.whereText()} from ${this.namaddr()}`);
    this.close();
  }

  // ---- reading -------------------------------------------------------------------------------

  private commandLine(raw: Uint8Array, skipped: number): void {
    if (skipped > 0) {
      // smtpd_chat_query_limit(): Postfix warns, then handles the truncated line as the command.
      this.log(`warning: ${this.namaddr()}: request longer than ${SMTPD_LINE_LENGTH_LIMIT}: ${printable(latin1.decode(raw.subarray(0, 30)))}...`);
    }
    // The command is a C string in Postfix: a NUL ends it.
    const nul = raw.indexOf(0);
    const bytes = nul < 0 ? raw : raw.subarray(0, nul);
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      this.unknown('UNKNOWN', '500 5.5.2 Error: bad UTF-8 syntax');
      return;
    }
    const tokens = text.split(/[ \t\r\n\v\f]+/).filter((t) => t !== '');
    const first = tokens[0];
    if (first === undefined) {
      this.unknown('UNKNOWN', '500 5.5.2 Error: bad syntax');
      return;
    }
    const verb = first.toLowerCase();
    const rest = text.replace(/^[ \t\r\n\v\f]*\S+[ \t\r\n\v\f]*/, '');
    if (!(COMMANDS as readonly string[]).includes(verb)) {
      this.unknown('UNKNOWN', '500 5.5.2 Error: command not recognized');
      return;
    }
    const v = verb as Verb;
    this.where = verb.toUpperCase();
    const ok = this.dispatch(v, tokens.slice(1), rest);
    // DATA that got its 354 is counted at the final "." (endOfData) or when the session ends.
    if (v === 'data' && this.inData) return;
    this.count(v, ok);
    if (!ok) this.errorCount += 1;
    if (this.quitting) this.close();
    else this.checkErrorLimit();
  }

  private dispatch(verb: Verb, args: string[], rest: string): Outcome {
    switch (verb) {
      case 'helo':
        return this.handleHelo(args, false);
      case 'ehlo':
        return this.handleHelo(args, true);
      case 'starttls':
        return this.handleStarttls(args);
      case 'auth':
        return this.fail('503 5.5.1 Error: authentication not enabled');
      case 'mail':
        return this.handleMail(rest);
      case 'rcpt':
        return this.handleRcpt(rest);
      case 'data':
        return this.handleData(args);
      case 'bdat':
        // CHUNKING is advertised by Debian's Postfix; BDAT is not simulated yet.
        return this.fail('502 5.5.1 Error: command not implemented');
      case 'rset':
        return this.handleRset(args);
      case 'noop':
        return this.ok('250 2.0.0 Ok');
      case 'vrfy':
        return this.handleVrfy(args);
      case 'etrn':
        return this.handleEtrn(args);
      case 'quit':
        return this.handleQuit();
    }
  }

  private unknown(where: string, text: string): void {
    this.where = where;
    this.count('unknown', false);
    this.errorCount += 1;
    this.reply(text);
    this.checkErrorLimit();
  }

  private checkErrorLimit(): void {
    if (this.done || this.errorCount < SMTPD_HARD_ERROR_LIMIT) return;
    this.log(`too many errors after ${this.whereText()} from ${this.namaddr()}`);
    this.reply(`421 4.7.0 ${this.policy.myhostname()} Error: too many errors`);
    this.close();
  }

  // ---- one handler per verb --------------------------------------------------------------------

  /** RFC 5321 section 4.1.1.1; Postfix joins extra words and stores spaces as '?'. */
  private handleHelo(args: string[], extended: boolean): Outcome {
    const name = extended ? 'EHLO' : 'HELO';
    if (args.length === 0) return this.fail(`501 Syntax: ${name} hostname`);
    this.resetTransaction();
    this.heloName = heloPrintable(args.join(' '));
    this.protocol = extended ? 'ESMTP' : 'SMTP';
    const host = this.policy.myhostname();
    if (!extended) return this.ok(`250 ${host}`);
    const keywords = this.policy.ehloKeywords();
    const lines = [host, ...keywords];
    lines.forEach((l, idx) => this.reply(`250${idx === lines.length - 1 ? ' ' : '-'}${l}`));
    return true;
  }

  private handleStarttls(args: string[]): Outcome {
    if (args.length > 0) return this.fail('501 5.5.4 Syntax: STARTTLS');
    if (!this.policy.ehloKeywords().includes('STARTTLS')) return this.fail('502 5.5.1 Error: command not implemented');
    if (this.sender !== null) return this.fail('503 5.5.1 Error: MAIL transaction in progress');
    // No TLS in the simulation: what Postfix answers when the TLS engine cannot start.
    return this.fail('454 4.7.0 TLS not available due to local problem');
  }

  /** RFC 5321 section 4.1.1.2 with RFC 1870 SIZE and RFC 6152 BODY parameters. */
  private handleMail(rest: string): Outcome {
    if (this.policy.heloRequired?.() === true && this.heloName === null) return this.fail('503 5.5.1 Error: send HELO/EHLO first');
    if (this.sender !== null) return this.fail('503 5.5.1 Error: nested MAIL command');
    const path = parsePath(rest, 'from');
    if (!path.ok) {
      return this.fail(path.error === 'syntax' ? '501 5.5.4 Syntax: MAIL FROM:<address>' : '501 5.1.7 Bad sender address syntax');
    }
    const limit = this.policy.messageSizeLimit();
    for (const param of path.params) {
      const eq = param.indexOf('=');
      const key = (eq < 0 ? param : param.slice(0, eq)).toUpperCase();
      const value = eq < 0 ? '' : param.slice(eq + 1);
      if (key === 'SIZE') {
        if (!/^\d+$/.test(value)) return this.fail('501 5.5.4 Bad message size syntax');
        if (limit > 0 && Number(value) > limit) return this.fail('552 5.3.4 Message size exceeds fixed limit');
      } else if (key === 'BODY') {
        if (!['7BIT', '8BITMIME'].includes(value.toUpperCase())) return this.fail('501 5.5.4 Unsupported BODY parameter');
      } else if (!['SMTPUTF8', 'RET', 'ENVID', 'AUTH'].includes(key)) {
        return this.fail(`555 5.5.4 Unsupported option: ${param}`);
      }
    }
    this.sender = path.address;
    // smtpd.c mail_cmd(): the arrival time (Received:, Date:, Message-Id:, delays) is taken at MAIL.
    this.arrival = this.opts.now();
    return this.ok('250 2.1.0 Ok');
  }

  /**
   * RFC 5321 section 4.1.1.3. Debian's restrictions: smtpd_relay_restrictions = permit_mynetworks
   * permit_sasl_authenticated defer_unauth_destination, then reject_unlisted_recipient.
   */
  private handleRcpt(rest: string): Outcome {
    if (this.sender === null) return this.fail('503 5.5.1 Error: need MAIL command');
    const path = parsePath(rest, 'to');
    if (!path.ok) {
      return this.fail(path.error === 'syntax' ? '501 5.5.4 Syntax: RCPT TO:<address>' : '501 5.1.3 Bad recipient address syntax');
    }
    const rcpt = path.address;
    if (rcpt === '') return this.fail('501 5.1.3 Bad recipient address syntax');
    for (const param of path.params) {
      const key = param.split('=')[0]?.toUpperCase() ?? '';
      if (key !== 'NOTIFY' && key !== 'ORCPT') return this.fail(`555 5.5.4 Unsupported option: ${param}`);
    }
    if (this.recipients.length >= SMTPD_RECIPIENT_LIMIT) return this.fail('452 4.5.3 Error: too many recipients');
    const { localPart, domain } = splitAddress(rcpt);
    const cls = domain === null ? 'local' : this.policy.domainClass(domain);
    if (cls === 'remote' && !this.policy.inMynetworks(this.opts.clientAddress)) {
      return this.reject('RCPT', `454 4.7.1 <${rcpt}>: Relay access denied`, rcpt);
    }
    if (cls === 'local' && !this.policy.localRecipientExists(localPart)) {
      return this.reject('RCPT', `550 5.1.1 <${rcpt}>: Recipient address rejected: User unknown in local recipient table`, rcpt);
    }
    if (this.queueId === null) {
      // Postfix opens the queue file at the first accepted recipient, and logs its ID then.
      this.queueId = this.sink.newQueueId();
      this.log(`${this.queueId}: client=${this.namaddr()}`);
    }
    this.recipients.push(rcpt);
    return this.ok('250 2.1.5 Ok');
  }

  /** RFC 5321 section 4.1.1.4. */
  private handleData(args: string[]): Outcome {
    if (this.recipients.length === 0) {
      return this.fail(this.sender === null ? '503 5.5.1 Error: need RCPT command' : '554 5.5.1 Error: no valid recipients');
    }
    if (args.length > 0) return this.fail('501 5.5.4 Syntax: DATA');
    this.inData = true;
    this.dataChunks = [];
    this.dataSize = 0;
    this.dataTooBig = false;
    this.reply('354 End data with <CR><LF>.<CR><LF>');
    return true;
  }


  private handleRset(args: string[]): Outcome {
    if (args.length > 0) return this.fail('501 5.5.4 Syntax: RSET');
    this.resetTransaction();
    return this.ok('250 2.0.0 Ok');
  }

  /** RFC 5321 section 3.5.3: 252 when the address exists but is not verified further. */
  private handleVrfy(args: string[]): Outcome {
    if (this.policy.vrfyDisabled?.() === true) return this.fail('502 5.5.1 VRFY command is disabled');
    if (args.length === 0) return this.fail('501 5.5.4 Syntax: VRFY address');
    let address = args.join(' ');
    if (address.startsWith('<') && address.endsWith('>')) address = address.slice(1, -1);
    if (address === '' || /[\s<>]/.test(address)) return this.fail('501 5.1.3 Bad recipient address syntax');
    const { localPart, domain } = splitAddress(address);
    const cls = domain === null ? 'local' : this.policy.domainClass(domain);
    if (cls === 'local' && !this.policy.localRecipientExists(localPart)) {
      return this.reject('VRFY', `550 5.1.1 <${address}>: Recipient address rejected: User unknown in local recipient table`, address);
    }
    return this.ok(`252 2.0.0 ${address}`);
  }

  /** RFC 1985. Debian's $fast_flush_domains ($relay_domains) is empty: every domain is refused. */
  private handleEtrn(args: string[]): Outcome {
    if (this.policy.heloRequired?.() === true && this.heloName === null) return this.fail('503 5.5.1 Error: send HELO/EHLO first');
    if (this.sender !== null) return this.fail('503 5.5.1 Error: MAIL transaction in progress');
    if (args.length !== 1) return this.fail('500 5.5.4 Syntax: ETRN domain');
    let site = args[0] ?? '';
    if (site.startsWith('@') || site.startsWith('#')) site = site.slice(1);
    if (!/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/.test(site)) {
      return this.fail('501 5.5.4 Error: invalid parameter syntax');
    }
    return this.fail(`459 4.3.0 <${site}>: service unavailable`);
  }

  private handleQuit(): Outcome {
    this.reply('221 2.0.0 Bye');
    this.quitting = true;
    return true;
  }

  // ---- DATA ------------------------------------------------------------------------------------

  private dataLineLimit(): number {
    const limit = this.policy.messageSizeLimit();
    // Past the size limit the message is refused anyway; keep only enough to know that.
    return limit > 0 ? limit + 2 : Number.MAX_SAFE_INTEGER;
  }

  /** RFC 5321 section 4.5.2: a lone "." ends the data, a leading "." is removed. */
  private dataLine(raw: Uint8Array, overflow: number): void {
    if (raw.length === 1 && raw[0] === 0x2e && overflow === 0) {
      this.endOfData();
      return;
    }
    const line = raw[0] === 0x2e ? raw.subarray(1) : raw;
    const size = line.length + overflow + 1;
    this.dataSize += size;
    const limit = this.policy.messageSizeLimit();
    if (this.dataTooBig || overflow > 0 || (limit > 0 && this.dataSize > limit)) {
      this.dataTooBig = true;
      this.dataChunks = [];
      return;
    }
    const chunk = new Uint8Array(line.length + 1);
    chunk.set(line);
    chunk[line.length] = 0x0a;
    this.dataChunks.push(chunk);
  }

  private endOfData(): void {
    this.inData = false;
    this.where = 'END-OF-MESSAGE';
    const queueId = this.queueId;
    let ok = false;
    if (queueId === null) throw new Error('smtpd: DATA without a queue file');
    if (this.dataTooBig) {
      this.reply('552 5.3.4 Error: message file too big');
    } else {
      const data = concat(this.dataChunks);
      const header = receivedHeader({
        heloName: this.heloName,
        clientName: this.opts.clientName,
        clientAddress: this.opts.clientAddress,
        myhostname: this.policy.myhostname(),
        protocol: this.protocol,
        queueId,
        recipients: this.recipients,
        date: mailDate(this.arrival, (this.opts.zone ?? (() => UTC_ZONE))(this.arrival)),
      });
      const queued = this.sink.enqueue({
        queueId,
        heloName: this.heloName,
        clientName: this.opts.clientName,
        clientAddress: this.opts.clientAddress,
        sender: this.sender ?? '',
        recipients: [...this.recipients],
        data,
        receivedHeader: header,
        protocol: this.protocol,
        arrivalMs: this.arrival,
      });
      if (queued === null) this.reply('451 4.3.0 Error: queue file write error');
      else {
        this.reply(`250 2.0.0 Ok: queued as ${queued}`);
        ok = true;
      }
    }
    if (ok) this.queueId = null; // committed: nothing to discard
    this.resetTransaction();
    this.count('data', ok);
    if (!ok) this.errorCount += 1;
    this.checkErrorLimit();
  }

  // ---- state and output ------------------------------------------------------------------------

  private resetTransaction(): void {
    if (this.queueId !== null) this.sink.discard?.(this.queueId);
    this.queueId = null;
    this.sender = null;
    this.recipients = [];
    this.dataChunks = [];
    this.dataSize = 0;
    this.dataTooBig = false;
  }

  private close(): void {
    if (this.inData) this.count('data', false);
    this.inData = false;
    this.resetTransaction();
    this.reader.clear();
    this.done = true;
    this.log(`disconnect from ${this.namaddr()}${this.countsText()}`);
  }

  /** Postfix's NOQUEUE (or queue ID) reject log line, then the reply; a rejection is a failed command. */
  private reject(verb: 'RCPT' | 'VRFY', text: string, rcpt: string): Outcome {
    const parts = [`${this.queueId ?? 'NOQUEUE'}: reject: ${verb} from ${this.namaddr()}: ${text};`];
    if (this.sender !== null) parts.push(`from=<${this.sender}>`);
    parts.push(`to=<${rcpt}>`, `proto=${this.protocol}`);
    if (this.heloName !== null) parts.push(`helo=<${this.heloName}>`);
    this.log(parts.join(' '));
    return this.fail(text);
  }

  private ok(text: string): Outcome {
    this.reply(text);
    return true;
  }

  private fail(text: string): Outcome {
    this.reply(text);
    return false;
  }

  private reply(text: string): void {
    this.out.push(text + CRLF);
  }

  private flush(): Uint8Array {
    const bytes = encoder.encode(this.out.join(''));
    this.out = [];
    return bytes;
  }

  private count(name: string, ok: boolean): void {
    const c = this.counts.get(name) ?? { ok: 0, total: 0 };
    c.total += 1;
    if (ok) c.ok += 1;
    this.counts.set(name, c);
  }

  /** " ehlo=1 mail=1 rcpt=0/1 data=0/1 quit=1 commands=3/5": table order, then unknown, then totals. */
  private countsText(): string {
    let ok = 0;
    let total = 0;
    let text = '';
    for (const name of [...COMMANDS, 'unknown']) {
      const c = this.counts.get(name);
      if (c === undefined) continue;
      ok += c.ok;
      total += c.total;
      text += ` ${name}=${fraction(c.ok, c.total)}`;
    }
    return `${text} commands=${fraction(ok, total)}`;
  }

  private whereText(): string {
    return this.inData ? `DATA (${this.dataSize + this.reader.pendingBytes} bytes)` : this.where;
  }

  private namaddr(): string {
    return `${this.opts.clientName}[${this.opts.clientAddress}]`;
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }
}

function fraction(ok: number, total: number): string {
  return ok === total ? String(ok) : `${ok}/${total}`;
}

/** Postfix printable(): characters outside printable ASCII become '?' (log lines). */
function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}

/** The HELO name as Received: shows it: blanks too become '?' ("Bonjour?je?suis?un?etudiant", seed 003). */
function heloPrintable(s: string): string {
  return s.replace(/[^\x21-\x7e]/g, '?');
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
