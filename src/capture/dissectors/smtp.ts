// SMTP (RFC 5321) as Wireshark's packet-smtp.c: client command lines (`C: ehlo x`), server replies
// (`S: 250-vm | PIPELINING`), and the message DATA, shown as fragments until the lone `.` line
// (§4.1.1.4), then reassembled and handed to IMF.
import { dissectImf } from './imf.ts';
import type { Packet } from './packet.ts';
import {
  formatText,
  splitLines,
  textLabel,
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

export interface SmtpSession {
  /** Between the DATA command and its 354 reply, then inside the message. */
  state: 'command' | 'awaiting-354' | 'data';
  fragments: { frame: number; bytes: Uint8Array }[];
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
    session = { state: 'command', fragments: [] };
    if (t !== undefined) packet.state.smtp.set(t.stream, session);
  }
  const lines = splitLines(packet.bytes, offset, end);
  if (request && session.state === 'data') dataSegment(packet, node, session, lines, offset, end);
  else if (request) commands(packet, node, session, lines);
  else replies(packet, node, session, lines);
  return end - offset;
}

function commands(packet: Packet, node: ProtoTree, session: SmtpSession, lines: Line[]): void {
  const full = buildingTree();
  const b = packet.bytes;
  const shown: string[] = [];
  for (const l of lines) {
    const text = formatText(b, l.start, l.textEnd);
    shown.push(text);
    const line = add(node, item(full ? textLabel('Command Line', formatText(b, l.start, l.next)) : '', l.start, l.next - l.start, 'smtp.command_line'));
    const space = text.indexOf(' ');
    const command = space < 0 ? text : text.slice(0, space);
    add(line, item(`Command: ${command}`, l.start, space < 0 ? l.textEnd - l.start : space, 'smtp.req.command', command));
    if (space >= 0) {
      const parameter = text.slice(space + 1);
      add(line, item(full ? textLabel('Request parameter', parameter) : '', l.start + space + 1, l.textEnd - l.start - space - 1, 'smtp.req.parameter', parameter));
    }
    if (command.toUpperCase() === 'DATA') session.state = 'awaiting-354';
  }
  packet.cols.info = `C: ${shown.join(' | ')}`;
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
      reply = add(node, item(full ? textLabel('Response', formatText(b, l.start, l.next)) : '', l.start, l.next - l.start, 'smtp.response'));
      if (!Number.isNaN(code)) {
        add(reply, item(`Response code: ${REPLY_CODES[code] ?? 'Unknown'} (${code})`, l.start, 3, 'smtp.response.code', code));
      }
      info += info === '' ? `S: ${text}` : ` | ${text}`;
    } else {
      info += ` | ${text.slice(4)}`;
    }
    if (text.length > 4) {
      const parameter = text.slice(4);
      add(reply, item(full ? textLabel('Response parameter', parameter) : '', l.start + 4, l.textEnd - l.start - 4, 'smtp.rsp.parameter', parameter));
    }
    continues = text[3] === '-';
    if (session.state === 'awaiting-354') session.state = code === 354 ? 'data' : 'command';
  }
  packet.cols.info = info;
}

/** Message data until a line holding only `.`; the last segment triggers reassembly (§4.5.2). */
function dataSegment(packet: Packet, node: ProtoTree, session: SmtpSession, lines: Line[], offset: number, end: number): void {
  const full = buildingTree();
  const b = packet.bytes;
  const dot = lines.findIndex((l) => l.textEnd - l.start === 1 && b[l.start] === 0x2e);
  if (dot < 0) {
    session.fragments.push({ frame: packet.number, bytes: b.slice(offset, end) });
    packet.cols.info = `C: DATA fragment, ${end - offset} bytes`;
    packet.layers.push('data-text-lines');
    const text = add(node, item(`Line-based text data (${lines.length} lines)`, offset, end - offset, 'data-text-lines'));
    for (const l of lines) add(text, item(full ? formatText(b, l.start, l.next) : '', l.start, l.next - l.start));
    return;
  }
  const last = lines[dot];
  if (last.start > offset) session.fragments.push({ frame: packet.number, bytes: b.slice(offset, last.start) });
  const fragments = session.fragments;
  session.fragments = [];
  session.state = 'command';
  add(node, item('C: .', last.start, last.next - last.start, 'smtp.eom'));
  const total = fragments.reduce((n, f) => n + f.bytes.length, 0);
  const data = new Uint8Array(total);
  let at = 0;
  for (const f of fragments) {
    data.set(f.bytes, at);
    at += f.bytes.length;
  }
  if (fragments.length > 1) {
    const list = fragments.map((f) => `#${f.frame}(${f.bytes.length})`).join(', ');
    const tree = add(node, generated(`${fragments.length} DATA fragments (${total} bytes): ${list}`, 'smtp.data.fragments'));
    let pos = 0;
    for (const f of fragments) {
      add(tree, generated(`Frame: ${f.frame}, payload: ${pos}-${pos + f.bytes.length - 1} (${f.bytes.length} bytes)`, 'smtp.data.fragment', f.frame));
      pos += f.bytes.length;
    }
    add(tree, generated(`DATA fragment count: ${fragments.length}`, 'smtp.data.fragment.count', fragments.length));
    add(tree, generated(`Reassembled DATA length: ${total}`, 'smtp.data.reassembled.length', total));
  }
  packet.cols.protocol = 'SMTP';
  // The part of the message in this frame sits just before the `.` line.
  const here = fragments.length > 0 && fragments[fragments.length - 1].frame === packet.number ? fragments[fragments.length - 1].bytes.length : 0;
  const base = last.start - here;
  dissectImf(packet, data, (pos) => Math.min(last.start, Math.max(offset, base + pos - (total - here))));
}
