// SMTP (RFC 5321) as Wireshark 4.0's packet-smtp.c: client command lines (`C: ehlo x`), server
// replies (`S: 250-vm | PIPELINING`), and message data, shown as `DATA fragment`s until the end of
// data (CRLF . CRLF), then reassembled and handed to IMF. Its rules, not the RFC's, decide: a
// client line is a command only if its first word has 4 letters (or is STARTTLS, X-EXPS...); any
// other line is message data (before DATA too), and a `.` line ends the data only after a CRLF.
import { dissectImf } from './imf.ts';
import type { Packet } from './packet.ts';
import {
  formatAscii,
  formatText,
  splitLines,
  textLabel,
  textOnlyLabel,
  type Line,
} from './text.ts';
import {
  add,
  buildingTree,
  generated,
  item,
  type ProtoTree,
} from './tree.ts';


export const SMTP_PORT = 25;

type AuthState =
  | 'none' | 'start' | 'username-req' | 'username-rsp' | 'password-req' | 'password-rsp'
  | 'plain-start-req' | 'plain-cred-req' | 'plain-req' | 'plain-rsp' | 'ntlm-req' | 'ntlm-challenge' | 'ntlm-rsp'
  | 'success' | 'failed';

type PduType = 'command' | 'message' | 'eom';

export interface SmtpSession {
  /** `start` until a command other than a plain one (AUTH, STARTTLS) or the end of a message. */
  state: 'start' | 'commands' | 'data' | 'starttls';
  /** The last client segment looked at in the data state ended with CRLF. */
  crlfSeen: boolean;
  /** A DATA or BDAT command was seen: lines that are not commands are message data from then on. */
  dataSeen: boolean;
  /** BDAT chunk accounting (RFC 3030). */
  bdatRead: number;
  bdatTotal: number;
  bdatLast: boolean;
  auth: AuthState;
  firstAuthFrame: number;
  lastAuthFrame: number;
  usernameFrame: number;
  passwordFrame: number;
  userPassFrame: number;
  usernameCmdFrame: number;
  userPassCmdFrame: number;
  ntlmReqFrame: number;
  ntlmRspFrame: number;
  /** Message bytes waiting for the end of data (Wireshark's reassembly of the conversation). */
  fragments: { frame: number; bytes: Uint8Array }[];
}

/** Commands that are not four letters (Wireshark's list; compared without case). */
const LONG_COMMANDS = ['STARTTLS', 'X-EXPS', 'X-LINK2STATE', 'XEXCH50'];

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Wireshark's line_is_smtp_command: the first word is 4 letters, or a known longer command. */
function isCommand(b: Uint8Array, start: number, length: number): boolean {
  if (length === 4 && isLetter(b[start]) && isLetter(b[start + 1]) && isLetter(b[start + 2]) && isLetter(b[start + 3])) return true;
  return LONG_COMMANDS.some((c) => c.length === length && startsWithNoCase(b, start, start + length, c));
}

function startsWithNoCase(b: Uint8Array, start: number, end: number, word: string): boolean {
  if (end - start < word.length) return false;
  for (let i = 0; i < word.length; i++) {
    const c = b[start + i];
    const lower = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
    if (lower !== word.toLowerCase().charCodeAt(i)) return false;
  }
  return true;
}

function startsWith(b: Uint8Array, at: number, end: number, text: string): boolean {
  if (end - at < text.length) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

function newSession(): SmtpSession {
  return {
    state: 'start', crlfSeen: false, dataSeen: false, bdatRead: 0, bdatTotal: 0, bdatLast: true, auth: 'none',
    firstAuthFrame: 0, lastAuthFrame: 0, usernameFrame: 0, passwordFrame: 0, userPassFrame: 0,
    usernameCmdFrame: 0, userPassCmdFrame: 0, ntlmReqFrame: 0, ntlmRspFrame: 0, fragments: [],
  };
}

/** Reply codes (RFC 5321 §4.2.3) with Wireshark's descriptions. */
const REPLY_CODES: Record<number, string> = {
  211: 'System status, or system help reply',
  214: 'Help message',
  220: '<domain> Service ready',
  221: '<domain> Service closing transmission channel',
  235: 'Authentication successful',
  250: 'Requested mail action okay, completed',
  251: 'User not local; will forward to <forward-path>',
  252: 'Cannot VRFY user, but will accept message and attempt delivery',
  334: 'AUTH input',
  354: 'Start mail input; end with <CRLF>.<CRLF>',
  421: '<domain> Service not available, closing transmission channel',
  432: 'A password transition is needed',
  450: 'Requested mail action not taken: mailbox unavailable',
  451: 'Requested action aborted: local error in processing',
  452: 'Requested action not taken: insufficient system storage',
  454: 'Temporary authentication failed',
  500: 'Syntax error, command unrecognized',
  501: 'Syntax error in parameters or arguments',
  502: 'Command not implemented',
  503: 'Bad sequence of commands',
  504: 'Command parameter not implemented',
  530: 'Authentication required',
  534: 'Authentication mechanism is too weak',
  535: 'Authentication credentials invalid',
  538: 'Encryption required for requested authentication mechanism',
  550: 'Requested action not taken: mailbox unavailable',
  551: 'User not local; please try <forward-path>',
  552: 'Requested mail action aborted: exceeded storage allocation',
  553: 'Requested action not taken: mailbox name not allowed',
  554: 'Transaction failed',
};

export function dissectSmtp(packet: Packet, offset: number, end: number): number {
  const t = packet.transport;
  packet.layers.push('smtp');
  packet.cols.protocol = 'SMTP';
  const node = item('Simple Mail Transfer Protocol', offset, end - offset, 'smtp');
  packet.tree.push(node);
  const request = t === undefined || t.dstPort === SMTP_PORT;
  let session = t === undefined ? undefined : packet.state.smtp.get(t.stream);
  if (session === undefined) {
    session = newSession();
    if (t !== undefined) packet.state.smtp.set(t.stream, session);
  }
  if (request) clientSegment(packet, node, session, offset, end);
  else replies(packet, node, session, splitLines(packet.bytes, offset, end));
  packet.cols.info = infoColumn(packet.cols.info);
  return end - offset;
}

/** Wireshark's Info column holds at most 4095 bytes of UTF-8 (COL_MAX_INFO_LEN), whole characters. */
function infoColumn(info: string): string {
  if (info.length <= 1365) return info;
  const bytes = new TextEncoder().encode(info);
  if (bytes.length <= 4095) return info;
  let cut = 4095;
  while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut--;
  return new TextDecoder().decode(bytes.subarray(0, cut));
}

/** Where the line at `at` ends (tvb_find_line_end: CRLF, CR or LF; the last may have none). */
function lineEnd(b: Uint8Array, at: number, end: number): { textEnd: number; next: number } {
  let eol = at;
  while (eol < end && b[eol] !== 0x0d && b[eol] !== 0x0a) eol++;
  let next = eol;
  if (next < end) next += b[next] === 0x0d && next + 1 < end && b[next + 1] === 0x0a ? 2 : 1;
  return { textEnd: eol, next };
}

/** Digits after optional blanks, as strtoul reads BDAT's chunk size (0 when none). */
function chunkSize(b: Uint8Array, at: number, end: number): number {
  while (at < end && (b[at] === 0x20 || b[at] === 0x09)) at++;
  let n = 0;
  while (at < end && b[at] >= 0x30 && b[at] <= 0x39) n = Math.min(n * 10 + b[at++] - 0x30, 0xffffffff);
  return n;
}

/**
 * A client segment: Wireshark first walks its lines to decide what the segment is (commands,
 * message data, or the end of data) and how the session moves, then shows it as that.
 */
function clientSegment(packet: Packet, node: ProtoTree, s: SmtpSession, offset: number, end: number): void {
  const b = packet.bytes;
  const n = packet.number;
  let pdu: PduType = 'command';
  let moreFragments = true;
  let at = offset;
  let lineLength = 0;
  while (at < end) {
    const line = lineEnd(b, at, end);
    lineLength = line.textEnd - at;
    let next = line.next;
    if (s.state === 'data') {
      // The end of data is CRLF . CRLF, possibly split after the first CRLF (checked before
      // crlfSeen learns how this segment ends). A `.` after a bare LF ends nothing.
      const eom = (s.crlfSeen && startsWith(b, at, end, '.\r\n')) || startsWith(b, at, end, '\r\n.\r\n');
      s.crlfSeen = end - at >= 2 && b[end - 2] === 0x0d && b[end - 1] === 0x0a;
      if (eom) {
        pdu = 'eom';
        s.state = 'commands';
        break;
      }
      pdu = 'message';
      if (s.bdatTotal > 0) {
        s.bdatRead += end - at;
        next = end;
        if (s.bdatRead === s.bdatTotal) {
          s.state = 'commands';
          if (s.bdatLast) moreFragments = false;
          break;
        }
      }
    } else {
      let space = at;
      while (space < line.textEnd && b[space] !== 0x20) space++;
      const textEnd = line.textEnd;
      if (isCommand(b, at, space - at)) {
        pdu = 'command';
        if (startsWithNoCase(b, at, textEnd, 'DATA')) {
          s.state = 'data';
          s.dataSeen = true;
        } else if (startsWithNoCase(b, at, textEnd, 'BDAT')) {
          const size = chunkSize(b, at + 5, textEnd);
          s.dataSeen = true;
          s.bdatTotal += size;
          s.state = size === 0 ? 'commands' : 'data';
          if (lineLength >= 4 && startsWithNoCase(b, textEnd - 4, textEnd, 'LAST')) {
            s.bdatLast = true;
            if (size === 0) moreFragments = false;
          } else s.bdatLast = false;
        } else if (startsWithNoCase(b, at, textEnd, 'AUTH LOGIN')) {
          s.state = 'commands';
          s.auth = lineLength <= 11 ? 'start' : 'username-rsp';
          s.firstAuthFrame = n;
          if (lineLength > 11) s.usernameCmdFrame = n;
        } else if (startsWithNoCase(b, at, textEnd, 'AUTH PLAIN')) {
          s.state = 'commands';
          s.auth = lineLength <= 11 ? 'plain-start-req' : 'plain-cred-req';
          s.firstAuthFrame = n;
          if (lineLength > 11) s.userPassCmdFrame = n;
        } else if (startsWithNoCase(b, at, textEnd, 'AUTH NTLM') && lineLength > 10) {
          s.state = 'commands';
          s.auth = 'ntlm-req';
          s.ntlmReqFrame = n;
        } else if (startsWithNoCase(b, at, textEnd, 'STARTTLS')) {
          s.state = 'starttls';
        }
      } else if (s.auth === 'username-req') {
        s.auth = 'username-rsp';
        s.usernameFrame = n;
      } else if (s.auth === 'password-req') {
        s.auth = 'password-rsp';
        s.passwordFrame = n;
      } else if (s.auth === 'plain-req') {
        s.auth = 'plain-rsp';
        s.userPassFrame = n;
      } else if (s.auth === 'ntlm-challenge') {
        s.auth = 'ntlm-rsp';
        s.ntlmRspFrame = n;
      } else {
        // Not a command: message data, unless the session is known to be reading commands.
        pdu = s.dataSeen || s.state === 'start' ? 'message' : 'command';
      }
    }
    at = next;
  }

  let message: { frame: number; bytes: Uint8Array }[] | undefined;
  if (pdu === 'message') {
    const length = end - offset;
    packet.cols.info = `C: DATA fragment, ${length} byte${length === 1 ? '' : 's'}`;
    s.fragments.push({ frame: n, bytes: b.slice(offset, end) });
    textLines(packet, node, offset, end);
    if (!moreFragments) {
      // The last BDAT chunk: Wireshark ends the reassembly here but shows only where it ended.
      s.fragments = [];
      add(node, generated(`Reassembled DATA in frame: ${n}`, 'smtp.data.reassembled.in', n));
    }
  } else if (pdu === 'eom') {
    packet.cols.info = 'C: .';
    add(node, item('C: .', offset, lineLength, 'smtp.eom'));
    if (at > offset) s.fragments.push({ frame: n, bytes: b.slice(offset, at) });
    message = takeFragments(s);
  } else {
    commandLines(packet, node, s, offset, end);
    if (!moreFragments) message = takeFragments(s);
  }
  if (message !== undefined) reassembled(packet, node, message, offset, end);
}

/** The message so far, which the session forgets; undefined when nothing was sent. */
function takeFragments(s: SmtpSession): { frame: number; bytes: Uint8Array }[] | undefined {
  const fragments = s.fragments;
  s.fragments = [];
  return fragments.length > 0 ? fragments : undefined;
}

/** A segment of message data as Wireshark's data-text-lines shows it. */
function textLines(packet: Packet, node: ProtoTree, offset: number, end: number): void {
  const full = buildingTree();
  const b = packet.bytes;
  const lines = splitLines(b, offset, end);
  packet.layers.push('data-text-lines');
  const text = add(node, item(`Line-based text data (${lines.length} lines)`, offset, end - offset, 'data-text-lines'));
  for (const l of lines) add(text, item(full ? textOnlyLabel(formatText(b, l.start, l.next)) : '', l.start, l.next - l.start));
}

/** Client lines shown as commands (or as the AUTH exchange's user name and password lines). */
function commandLines(packet: Packet, node: ProtoTree, s: SmtpSession, offset: number, end: number): void {
  const full = buildingTree();
  const b = packet.bytes;
  const n = packet.number;
  const shown: string[] = [];
  for (const l of splitLines(b, offset, end)) {
    const length = l.textEnd - l.start;
    // Items read the line as ASCII (bytes above 0x7f become U+FFFD); Info shows it as UTF-8.
    const text = formatText(b, l.start, l.textEnd);
    const ascii = formatAscii(b, l.start, l.textEnd);
    const from = (skip: number) => formatAscii(b, l.start + skip, l.textEnd);
    if (s.usernameFrame === n) {
      add(node, item(full ? textLabel('Username', ascii) : '', l.start, length, 'smtp.auth.username', ascii));
      shown.push(`User: ${ascii}`);
    } else if (s.passwordFrame === n) {
      add(node, item(full ? textLabel('Password', ascii) : '', l.start, length, 'smtp.auth.password', ascii));
      shown.push(`Pass: ${ascii}`);
    } else if (s.ntlmRspFrame === n) {
      add(node, item(full ? textLabel('Command Line', ascii) : '', l.start, length, 'smtp.command_line'));
      shown.push(text);
    } else if (s.userPassFrame === n) {
      // AUTH PLAIN credentials, shown undecoded (Wireshark's base64 decoding is off by default).
      add(node, item(full ? textLabel('Username', ascii) : '', l.start, length, 'smtp.auth.username', ascii));
      add(node, item(full ? textLabel('Password', ascii) : '', l.start, length, 'smtp.auth.password', ascii));
      shown.push(ascii);
    } else {
      // The command is the first 4 characters whatever the line, its parameter from the 6th.
      const line = add(node, item(full ? textLabel('Command Line', formatAscii(b, l.start, l.next)) : '', l.start, l.next - l.start, 'smtp.command_line'));
      const command = formatAscii(b, l.start, l.start + Math.min(4, length));
      add(line, item(full ? `Command: ${command}` : '', l.start, Math.min(4, length), 'smtp.req.command', command));
      if (length > 5) {
        const parameter = from(5);
        add(line, item(full ? textLabel('Request parameter', parameter) : '', l.start + 5, length - 5, 'smtp.req.parameter', parameter));
      }
      if (length > 5 && s.usernameCmdFrame === n && length >= 11) {
        add(line, item(full ? textLabel('Username', from(11)) : '', l.start + 11, length - 11, 'smtp.auth.username', from(11)));
        shown.push(`${formatAscii(b, l.start, l.start + 11)}User: ${from(11)}`);
      } else if (length > 5 && s.userPassCmdFrame === n) {
        const credentials = from(11);
        add(line, item(full ? textLabel('Username', credentials) : '', l.start + 11, length - 11, 'smtp.auth.username', credentials));
        add(line, item(full ? textLabel('Password', credentials) : '', l.start + 11, length - 11, 'smtp.auth.password', credentials));
        shown.push(text);
      } else shown.push(text);
    }
  }
  packet.cols.info = `C: ${shown.join(' | ')}`;
}

/** How a reply moves the session: out of STARTTLS, and through the AUTH exchange. */
function replyMovesSession(s: SmtpSession, code: number, frame: number): void {
  // (After `220` to STARTTLS Wireshark hands the stream to TLS: not simulated.)
  if (s.state === 'starttls') s.state = 'commands';
  if (code === 334) {
    if (s.auth === 'start') s.auth = 'username-req';
    else if (s.auth === 'username-rsp') s.auth = 'password-req';
    else if (s.auth === 'plain-req') s.auth = 'plain-rsp';
    else if (s.auth === 'plain-start-req') s.auth = 'plain-req';
    else if (s.auth === 'ntlm-req') s.auth = 'ntlm-challenge';
  } else if (s.auth === 'password-rsp' || s.auth === 'plain-rsp' || s.auth === 'ntlm-rsp' || s.auth === 'plain-cred-req') {
    s.auth = code === 235 ? 'success' : 'failed';
    s.lastAuthFrame = frame;
  }
}

function replies(packet: Packet, node: ProtoTree, session: SmtpSession, lines: Line[]): void {
  const full = buildingTree();
  const b = packet.bytes;
  let info = '';
  let reply: ProtoTree | undefined;
  let continues = false;
  for (const l of lines) {
    const text = formatText(b, l.start, l.textEnd);
    const code = /^\d{3}/.test(text) ? Number(text.slice(0, 3)) : NaN;
    if (reply === undefined || !continues) {
      reply = add(node, item(full ? textLabel('Response', formatAscii(b, l.start, l.next)) : '', l.start, l.next - l.start, 'smtp.response'));
      if (!Number.isNaN(code)) {
        add(reply, item(`Response code: ${REPLY_CODES[code] ?? 'Unknown'} (${code})`, l.start, 3, 'smtp.response.code', code));
      }
      info += info === '' ? `S: ${text}` : ` | ${text}`;
    } else {
      info += ` | ${text.slice(4)}`;
    }
    if (l.textEnd - l.start >= 4) {
      const parameter = formatAscii(b, l.start + 4, l.textEnd);
      add(reply, item(full ? textLabel('Response parameter', parameter) : '', l.start + 4, l.textEnd - l.start - 4, 'smtp.rsp.parameter', parameter));
    }
    continues = text[3] === '-';
    if (!Number.isNaN(code)) replyMovesSession(session, code, packet.number);
  }
  packet.cols.info = info;
}

/** The reassembled message: the fragment list, then IMF over it (`SMTP/IMF`). */
function reassembled(packet: Packet, node: ProtoTree, fragments: { frame: number; bytes: Uint8Array }[], offset: number, end: number): void {
  const total = fragments.reduce((sum, f) => sum + f.bytes.length, 0);
  const data = new Uint8Array(total);
  let at = 0;
  for (const f of fragments) {
    data.set(f.bytes, at);
    at += f.bytes.length;
  }
  const count = fragments.length;
  const list = fragments.map((f) => `#${f.frame}(${f.bytes.length})`).join(', ');
  // The list grows by appending to the label: it stops at the label's size, without a mark.
  const summary = `${count} DATA fragment${count === 1 ? '' : 's'} (${total} byte${total === 1 ? '' : 's'}): ${list}`.slice(0, 239);
  const tree = add(node, generated(summary, 'smtp.data.fragments'));
  let pos = 0;
  for (const f of fragments) {
    const size = f.bytes.length;
    add(tree, generated(`Frame: ${f.frame}, payload: ${pos}-${pos + size - 1} (${size} byte${size === 1 ? '' : 's'})`, 'smtp.data.fragment', f.frame));
    pos += size;
  }
  add(tree, generated(`DATA fragment count: ${count}`, 'smtp.data.fragment.count', count));
  add(tree, generated(`Reassembled DATA length: ${total}`, 'smtp.data.reassembled.length', total));
  // The tree points into this frame's own part of the message (the last fragment when it is ours).
  const last = fragments[count - 1];
  const here = last.frame === packet.number ? last.bytes.length : 0;
  const base = offset - (total - here);
  dissectImf(packet, data, (p) => Math.min(end, Math.max(offset, base + p)));
}
