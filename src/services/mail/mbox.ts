// The mbox format of /var/mail/USER as Debian's programs write it (mboxrd-like "mboxo" variant):
// Postfix local(8) appends `From SENDER  ctime-date`, the message with LF line ends and body lines
// starting with "From " quoted as ">From ", then one blank line (local(8) MAIL_COPY_QUOTE|BLANK,
// RFC 4155 section 2). Dovecot's mbox driver keeps its state in headers it adds (X-IMAPbase,
// X-UID, Status, X-Status, X-Keywords) and hides them from POP3/IMAP clients.
//
// Parsing never loses a byte: emitMbox(parseMbox(b)) === b for any b, so a daemon that rewrites
// one message can leave every other byte as it was, and a damaged file stays damaged, not worse.

const LF = 0x0a;
const FROM_ = new TextEncoder().encode('From ');
const latin1 = new TextDecoder('latin1');

export interface MboxMessage {
  /** The From_ line without its LF, e.g. `From toto@mail128.com  Sun Nov 22 03:33:55 2026`. */
  readonly fromLine: string;
  /** Bytes between the From_ line and the separator: headers, blank line, body (From-quoted). */
  readonly content: Uint8Array;
  /** True when the message was followed by the blank separator line (the last LF of a "\n\n"). */
  readonly separator: boolean;
  /** Set only for a file cut inside the From_ line itself (no LF after it). */
  readonly unterminated?: true;
}

export interface Mbox {
  /** Bytes before the first From_ line: empty for a well-formed mailbox, reported, never dropped. */
  readonly preamble: Uint8Array;
  readonly messages: readonly MboxMessage[];
}

function startsWithFrom(bytes: Uint8Array, at: number): boolean {
  if (at + FROM_.length > bytes.length) return false;
  for (let i = 0; i < FROM_.length; i++) if (bytes[at + i] !== FROM_[i]) return false;
  return true;
}

/**
 * Splits a mailbox at each line starting with "From " that begins the file or follows a blank
 * line (the rule Dovecot and mutt use; Postfix quotes any other "From " line so it never matters).
 */
export function parseMbox(bytes: Uint8Array): Mbox {
  const starts: number[] = [];
  if (startsWithFrom(bytes, 0)) starts.push(0);
  for (let i = bytes.indexOf(LF); i >= 0 && i + 1 < bytes.length; i = bytes.indexOf(LF, i + 1)) {
    if (bytes[i + 1] === LF && startsWithFrom(bytes, i + 2)) starts.push(i + 2);
  }
  const preamble = bytes.slice(0, starts.length > 0 ? starts[0] : bytes.length);
  const messages: MboxMessage[] = [];
  for (let k = 0; k < starts.length; k++) {
    const start = starts[k] ?? 0;
    const end = starts[k + 1] ?? bytes.length;
    const lf = bytes.indexOf(LF, start);
    const lineEnd = lf < 0 || lf >= end ? end : lf;
    const fromLine = latin1.decode(bytes.subarray(start, lineEnd));
    const bodyStart = Math.min(lineEnd + 1, end);
    // The separator is the LF of the blank line before the next From_ (or at the end of file).
    const separator = end - bodyStart >= 1 && bytes[end - 1] === LF && (end - 2 < bodyStart || bytes[end - 2] === LF);
    const content = bytes.slice(bodyStart, separator ? end - 1 : end);
    // A From_ line with no LF at all (truncated file) keeps that fact: no content, no separator.
    messages.push(lf < 0 || lf >= end ? { fromLine, content, separator: false, unterminated: true } : { fromLine, content, separator });
  }
  return { preamble, messages };
}

/** The exact inverse of parseMbox. */
export function emitMbox(mbox: Mbox): Uint8Array {
  const parts: Uint8Array[] = [mbox.preamble];
  for (const m of mbox.messages) parts.push(...emitMessageParts(m));
  return concat(parts);
}

function emitMessageParts(m: MboxMessage): Uint8Array[] {
  const head = encodeLatin1(m.unterminated === true ? m.fromLine : `${m.fromLine}\n`);
  return m.separator ? [head, m.content, new Uint8Array([LF])] : [head, m.content];
}

/** True when the file is a mailbox Dovecot and mail(1) can read without complaint. */
export function isWellFormed(mbox: Mbox): boolean {
  return mbox.preamble.length === 0 && mbox.messages.every((m) => m.separator);
}

// ---- writing new messages as Postfix local(8) does ---------------------------------------------

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * asctime(3) of a local time given as epoch milliseconds already shifted to the zone
 * ("Sun Nov  2 03:33:55 2026": the day is space-padded, as ctime does).
 */
export function ctimeDate(localEpochMs: number): string {
  const d = new Date(localEpochMs);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** local(8): "From %s  %.24s" with the envelope sender, MAILER-DAEMON for the null sender <>. */
export function fromLine(sender: string, localEpochMs: number): string {
  return `From ${sender === '' ? 'MAILER-DAEMON' : sender}  ${ctimeDate(localEpochMs)}`;
}

/**
 * A message as local(8) appends it: LF line ends (CRLF from SMTP already converted by the caller
 * or here), ">From " quoting of lines that start with "From ", a final LF if missing, blank line.
 */
export function deliveryMessage(sender: string, localEpochMs: number, message: Uint8Array): MboxMessage {
  const out: Uint8Array[] = [];
  let i = 0;
  while (i < message.length) {
    const lf = message.indexOf(LF, i);
    let end = lf < 0 ? message.length : lf;
    const next = lf < 0 ? message.length : lf + 1;
    if (end > i && message[end - 1] === 0x0d && lf >= 0) end -= 1; // CRLF -> LF
    if (startsWithFrom(message, i) && end - i >= FROM_.length) out.push(new Uint8Array([0x3e])); // '>'
    out.push(message.subarray(i, end), new Uint8Array([LF]));
    i = next;
  }
  return { fromLine: fromLine(sender, localEpochMs), content: concat(out), separator: true };
}

/** Appends messages to a mailbox file's bytes (what local(8) does under its lock). */
export function appendMessages(file: Uint8Array, messages: readonly MboxMessage[]): Uint8Array {
  const parts: Uint8Array[] = [file];
  for (const m of messages) parts.push(...emitMessageParts(m));
  return concat(parts);
}

// ---- helpers ------------------------------------------------------------------------------------

export function encodeLatin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
