// A mailbox as GNU Mailutils 3.15's mboxrd driver sees it: messages split at From_ lines, the
// flags it keeps in the Status header (O seen, R read, A answered, F flagged), the UIDs it keeps
// in X-UID and X-IMAPbase, and the sizes `mail` shows. Everything is kept as latin1 "binary
// strings" so that no byte is ever lost when a mailbox is rewritten.
//
// What the recordings (../shared/fidelity/mailutils) pin down and this file reproduces:
// - size/lines count the message without its From_ line and without the blank separator line;
//   headers count as mailutils re-serializes them ("Name: value", leading blanks of the value
//   dropped, so a padded X-IMAPbase counts 10 bytes less than in the file);
// - rewriting writes `From SENDER DATE` with one space, the headers without X-IMAPbase, X-UID and
//   Status, then X-IMAPbase (first message only), X-UID, Status; an empty last body gains one
//   empty line (the separator of the old file becomes body, as in var_mail_*_after_quit);
// - a message appended to ~/mbox gets X-IMAPbase/X-UID when the file is new, and "Status: R".
import { parseMbox } from '../../services/mail/mbox.ts';

export interface MailMessage {
  /** Envelope sender and date from the From_ line (date as written: ctime form). */
  sender: string;
  date: string;
  /** Raw header lines (with continuation lines), each without its LF. */
  headerLines: string[];
  /** Whether the headers end with a blank line (a truncated message may not have one). */
  blank: boolean;
  /** Body as in the file, without the separator line. */
  body: string;
  /** Flags from the Status header (set by this session too). */
  seen: boolean;
  read: boolean;
  answered: boolean;
  flagged: boolean;
  /** The Status header exists in the file, and its value as read (what `x` writes back). */
  hadStatus: boolean;
  statusText: string;
  uid: number;
  /** The body reached the end of a file that had no blank line after it. */
  unseparated: boolean;
  // Session flags of mail(1).
  shown: boolean;
  deleted: boolean;
  saved: boolean;
  preserved: boolean;
  mboxed: boolean;
  touched: boolean;
}

export interface Mailbox {
  path: string;
  messages: MailMessage[];
  /** Bytes as read, to detect mail that arrived while reading. */
  original: string;
  uidvalidity: number;
  uidnext: number;
  /** UIDs were assigned in this session (X-IMAPbase missing): a close writes them. */
  uidsChanged: boolean;
}

export type ParseResult = { ok: true; messages: MailMessage[]; imapbase: { validity: number; next: number } | null } | { ok: false };

const latin1 = new TextDecoder('latin1');

export function bytesToBinary(b: Uint8Array): string {
  return latin1.decode(b);
}

export function binaryToBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** UTF-8 text from a binary string (what the terminal shows). */
export function binaryToText(s: string): string {
  return new TextDecoder().decode(binaryToBytes(s));
}

export function textToBinary(s: string): string {
  return bytesToBinary(new TextEncoder().encode(s));
}

const FROM_DATE = /^From (.*?) +((?:Sun|Mon|Tue|Wed|Thu|Fri|Sat) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d(?::\d\d)?(?: [A-Z]{3,4}| [+-]\d{4})? \d{4}(?: [A-Z]{3,4}| [+-]\d{4})?)/;

function headerName(line: string): string | null {
  const m = /^([^\s:]+):/.exec(line);
  return m ? m[1].toLowerCase() : null;
}

export function parseMailbox(bytes: Uint8Array): ParseResult {
  const mbox = parseMbox(bytes);
  if (mbox.preamble.length > 0) return { ok: false };
  const messages: MailMessage[] = [];
  let imapbase: { validity: number; next: number } | null = null;
  for (let k = 0; k < mbox.messages.length; k++) {
    const m = mbox.messages[k];
    const fm = FROM_DATE.exec(m.fromLine);
    if (!fm) {
      if (k === 0) return { ok: false };
      // A "From " line mailutils does not take as a separator: it stays in the previous body.
      const prev = messages[messages.length - 1];
      prev.body += '\n' + m.fromLine + '\n' + bytesToBinary(m.content);
      prev.unseparated = !m.separator;
      continue;
    }
    const content = bytesToBinary(m.content);
    const headerLines: string[] = [];
    let at = 0;
    let blank = false;
    while (at < content.length) {
      const lf = content.indexOf('\n', at);
      const line = lf < 0 ? content.slice(at) : content.slice(at, lf);
      at = lf < 0 ? content.length : lf + 1;
      if (line === '') {
        blank = true;
        break;
      }
      headerLines.push(line);
      if (lf < 0) break;
    }
    const msg: MailMessage = {
      sender: fm[1], date: fm[2], headerLines, blank, body: blank ? content.slice(at) : '',
      seen: false, read: false, answered: false, flagged: false, hadStatus: false, statusText: '', uid: 0, unseparated: !m.separator,
      shown: false, deleted: false, saved: false, preserved: false, mboxed: false, touched: false,
    };
    for (const line of headerLines) {
      const name = headerName(line);
      if (name === 'status') {
        msg.hadStatus = true;
        const v = line.slice(7);
        msg.statusText = v.trim();
        msg.seen ||= v.includes('O');
        msg.read ||= v.includes('R');
        msg.answered ||= v.includes('A');
        msg.flagged ||= v.includes('F');
      } else if (name === 'x-uid') {
        const n = Number.parseInt(line.slice(6).trim(), 10);
        if (Number.isFinite(n) && n > 0) msg.uid = n;
      } else if (name === 'x-imapbase' && messages.length === 0 && imapbase === null) {
        const v = /^\s*(\d+)\s+(\d+)/.exec(line.slice(11));
        if (v) imapbase = { validity: Number(v[1]), next: Number(v[2]) };
      }
    }
    messages.push(msg);
  }
  return { ok: true, messages, imapbase };
}

/** Opens a mailbox's bytes: flags, UIDs (assigned by ordinal when X-IMAPbase is missing). */
export function loadMailbox(path: string, bytes: Uint8Array, nowSeconds: number): Mailbox | null {
  const r = parseMailbox(bytes);
  if (!r.ok) return null;
  const box: Mailbox = { path, messages: r.messages, original: bytesToBinary(bytes), uidvalidity: 0, uidnext: 1, uidsChanged: false };
  assignUids(box, r.imapbase, nowSeconds);
  return box;
}

function assignUids(box: Mailbox, base: { validity: number; next: number } | null, nowSeconds: number): void {
  if (base !== null) {
    box.uidvalidity = base.validity;
    box.uidnext = base.next;
    let last = 0;
    let force = false;
    for (const m of box.messages) {
      if (force || m.uid === 0 || m.uid <= last || m.uid >= box.uidnext) {
        // mboxrd_rescan: from the first bad X-UID on, every message gets a new UID.
        force = true;
        m.uid = box.uidnext++;
        box.uidsChanged = true;
      }
      last = m.uid;
    }
    if (force) box.uidvalidity = nowSeconds;
    return;
  }
  box.uidvalidity = nowSeconds;
  box.uidnext = 1;
  for (const m of box.messages) m.uid = box.uidnext++;
  box.uidsChanged = box.messages.length > 0;
}

/** A header line as mailutils re-serializes it: "Name: value" (continuations unchanged). */
function normalizedHeaderLine(line: string): string {
  if (/^\s/.test(line)) return line;
  const colon = line.indexOf(':');
  if (colon < 0) return line;
  return `${line.slice(0, colon)}: ${line.slice(colon + 1).replace(/^[ \t]+/, '')}`;
}

/** The body as mail(1) counts and shows it: a file ending without a separator loses its last LF. */
function visibleBody(m: MailMessage): string {
  return m.unseparated && m.body.endsWith('\n') ? m.body.slice(0, -1) : m.body;
}

/** The "%l/%o" of the header line: lines and octets. */
export function messageSize(m: MailMessage): { lines: number; octets: number } {
  let octets = 0;
  let lines = 0;
  for (const h of m.headerLines) {
    octets += normalizedHeaderLine(h).length + 1;
    lines++;
  }
  if (m.blank) {
    octets++;
    lines++;
  }
  const body = visibleBody(m);
  octets += body.length;
  for (let i = 0; i < body.length; i++) if (body.charCodeAt(i) === 10) lines++;
  if (body.length > 0 && !body.endsWith('\n')) lines++;
  return { lines, octets };
}

/** First value of a header (unfolded), or null. */
export function headerValue(m: MailMessage, name: string): string | null {
  const want = name.toLowerCase();
  for (let i = 0; i < m.headerLines.length; i++) {
    if (headerName(m.headerLines[i]) !== want) continue;
    let v = m.headerLines[i].slice(m.headerLines[i].indexOf(':') + 1);
    for (let j = i + 1; j < m.headerLines.length && /^\s/.test(m.headerLines[j]); j++) v += ' ' + m.headerLines[j].trim();
    return v.trim();
  }
  return null;
}

/**
 * The message as `print` shows it: headers (those `visible` accepts, by lower-case name), blank
 * line, body with one level of ">From " unquoted.
 */
export function messageText(m: MailMessage, visible: (name: string) => boolean = () => true): string {
  let head = '';
  let shown = true;
  for (const l of m.headerLines) {
    if (!/^\s/.test(l)) shown = visible(headerName(l) ?? '');
    if (shown) head += normalizedHeaderLine(l) + '\n';
  }
  const body = visibleBody(m).replace(/^>(>*From )/gm, '$1');
  return head + (m.blank ? '\n' : '') + body;
}

/** Status flags as mailutils writes them (flag order O A F R). */
export function statusString(m: { seen: boolean; answered: boolean; flagged: boolean; read: boolean }): string {
  return (m.seen ? 'O' : '') + (m.answered ? 'A' : '') + (m.flagged ? 'F' : '') + (m.read ? 'R' : '');
}

const HIDDEN = new Set(['x-imapbase', 'x-uid', 'status']);

function imapbaseLine(validity: number, next: number): string {
  return `X-IMAPbase: ${String(validity).padStart(20, ' ')} ${String(next).padStart(20, ' ')}\n`;
}

function writeMessage(m: MailMessage, first: boolean, last: boolean, box: { uidvalidity: number; uidnext: number }, withUids: boolean, status: string): string {
  let s = `From ${m.sender} ${m.date}\n`;
  for (const h of keptHeaderLines(m)) s += h + '\n';
  if (withUids) {
    if (first) s += imapbaseLine(box.uidvalidity, box.uidnext);
    s += `X-UID: ${m.uid}\n`;
  }
  if (status !== '') s += `Status: ${status}\n`;
  s += '\n';
  let body = m.body;
  if (m.unseparated && body.endsWith('\n')) body = body.slice(0, -1);
  if (last && body === '' && m.blank && !m.unseparated) body = '\n';
  if (body !== '' && !body.endsWith('\n')) body += '\n';
  return s + body + '\n';
}

function keptHeaderLines(m: MailMessage): string[] {
  const out: string[] = [];
  let skipping = false;
  for (const h of m.headerLines) {
    if (/^\s/.test(h)) {
      if (!skipping) out.push(h);
      continue;
    }
    skipping = HIDDEN.has(headerName(h) ?? '');
    if (!skipping) out.push(h);
  }
  return out;
}

/**
 * The mailbox file after a flush: `keep` are the messages that stay, `status` gives the Status
 * value each gets (null: keep what the file had).
 */
export function serializeMailbox(box: Mailbox, keep: readonly MailMessage[], status: (m: MailMessage) => string): string {
  let out = '';
  keep.forEach((m, i) => {
    out += writeMessage(m, i === 0, i === keep.length - 1, box, true, status(m));
  });
  return out;
}

/** Appends messages to another mailbox file (~/mbox, `save FILE`) as mailbox_append_message does. */
export function appendToMailbox(existing: string | null, msgs: readonly MailMessage[], nowSeconds: number): string {
  let text = existing ?? '';
  let withUids = false;
  let validity = nowSeconds;
  let next = 1;
  let count = 0;
  if (text.length > 0) {
    const parsed = parseMailbox(binaryToBytes(text));
    if (parsed.ok) {
      count = parsed.messages.length;
      if (parsed.imapbase !== null) {
        withUids = true;
        validity = parsed.imapbase.validity;
        next = parsed.imapbase.next;
      }
    }
    // Pad so that the last message ends with a blank line (mailbox_append_message).
    if (!text.endsWith('\n')) text += '\n\n';
    else if (!text.endsWith('\n\n')) text += '\n';
  } else {
    withUids = true;
  }
  for (const m of msgs) {
    let s = `From ${m.sender} ${m.date}\n`;
    for (const h of keptHeaderLines(m)) s += h + '\n';
    const status = statusString({ seen: false, answered: m.answered, flagged: m.flagged, read: m.read || m.shown });
    if (status !== '') s += `Status: ${status}\n`;
    if (withUids) {
      if (count === 0) s += imapbaseLine(validity, next + msgs.length);
      s += `X-UID: ${next++}\n`;
    }
    let body = m.body;
    if (m.unseparated && body.endsWith('\n')) body = body.slice(0, -1);
    if (body !== '' && !body.endsWith('\n')) body += '\n';
    // The raw body keeps its ">From " quoting: decoding then re-encoding (FROMRB) is the identity.
    text += s + '\n' + body + '\n';
    count++;
  }
  if (withUids && existing !== null && existing.length > 0) text = bumpImapbase(text, next);
  return text;
}

/** Rewrites uidnext in place in the first message's padded X-IMAPbase header. */
function bumpImapbase(text: string, next: number): string {
  const m = /^X-IMAPbase:( +)(\d+)( +)(\d+)$/m.exec(text);
  if (!m) return text;
  const line = imapbaseLine(Number(m[2]), next).slice(0, -1);
  return text.slice(0, m.index) + line + text.slice(m.index + m[0].length);
}
