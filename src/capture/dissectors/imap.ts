// IMAP4rev1 (RFC 3501) as tshark 4.0's packet-imap.c: one `Line:` item per line, tag/command (or
// tag/status) parsed from tagged lines, the Info column from the segment's last line, responses
// linked to their request by tag; a message literal after `BODY[...] {N}` goes to IMF.
import { seconds } from './format.ts';
import { dissectImf } from './imf.ts';
import type { Packet } from './packet.ts';
import {
  formatText,
  splitLines,
  textLabel,
} from './text.ts';
import {
  add,
  buildingTree,
  generated,
  item,
  type ProtoTree,
} from './tree.ts';


export const IMAP_PORT = 143;

export interface ImapSession {
  /** Latest request by tag. */
  requests: Map<string, { frame: number; timeNs: bigint }>;
}

const LITERAL = /\{(\d+)\}$/;
/** Commands whose first argument tshark 4.0 labels a folder (it includes SEARCH's key too). */
const FOLDER_COMMANDS = new Set(['select', 'examine', 'create', 'delete', 'rename', 'subscribe', 'unsubscribe', 'status', 'append', 'search']);

export function dissectImap(packet: Packet, offset: number, end: number): number {
  const full = buildingTree();
  const b = packet.bytes;
  const t = packet.transport;
  packet.layers.push('imap');
  packet.cols.protocol = 'IMAP';
  const node = item('Internet Message Access Protocol', offset, end - offset, 'imap');
  packet.tree.push(node);
  const request = t === undefined || t.dstPort === IMAP_PORT;
  let session = t === undefined ? undefined : packet.state.imap.get(t.stream);
  if (session === undefined) {
    session = { requests: new Map() };
    if (t !== undefined) packet.state.imap.set(t.stream, session);
  }
  let message: { start: number; end: number } | undefined;
  let at = offset;
  while (at < end) {
    const [l] = splitLines(b, at, end);
    const text = formatText(b, l.start, l.textEnd);
    const line = add(node, item(full ? textLabel('Line', formatText(b, l.start, l.next)) : '', l.start, l.next - l.start, 'imap.line'));
    packet.cols.info = `${request ? 'Request' : 'Response'}: ${text}`;
    if (request) requestLine(packet, line, session, text, l.start, l.textEnd);
    else responseLine(packet, line, session, text, l.start, l.textEnd);
    at = l.next;
    // A literal's bytes follow its line unparsed (RFC 3501 §4.3).
    const literal = LITERAL.exec(text);
    if (literal !== null) {
      const size = Number(literal[1]);
      if (!request && message === undefined && /BODY\[|RFC822/i.test(text)) message = { start: at, end: Math.min(end, at + size) };
      at = Math.min(end, at + size);
    }
  }
  if (message !== undefined) {
    const m = message;
    dissectImf(packet, b.subarray(m.start, m.end), (pos) => m.start + pos);
  }
  return end - offset;
}

interface Token {
  text: string;
  start: number;
  length: number;
}

function tokens(text: string, start: number, count: number): Token[] {
  const out: Token[] = [];
  const re = / *([^ ]+)/g;
  for (let m = re.exec(text); m !== null && out.length < count; m = re.exec(text)) {
    out.push({ text: m[1], start: start + m.index + m[0].length - m[1].length, length: m[1].length });
  }
  return out;
}

function requestLine(packet: Packet, line: ProtoTree, session: ImapSession, text: string, start: number, stop: number): void {
  const full = buildingTree();
  add(line, item(full ? textLabel('Request', text) : '', start, stop - start, 'imap.request', text));
  const [tag, ...rest] = tokens(text, start, 4);
  if (tag === undefined) return;
  add(line, item(`Request Tag: ${tag.text}`, tag.start, tag.length, 'imap.request.tag', tag.text));
  session.requests.set(tag.text, { frame: packet.number, timeNs: packet.timeNs });
  let args = rest;
  if (args[0]?.text.toLowerCase() === 'uid') {
    add(line, item('Request isUID: True', args[0].start, args[0].length, 'imap.request.isuid', true));
    args = args.slice(1);
  }
  const [command, user, pass] = args;
  if (command === undefined) return;
  const verb = command.text.toLowerCase();
  add(line, item(`Request Command: ${command.text}`, command.start, command.length, 'imap.request.command', verb));
  if (FOLDER_COMMANDS.has(verb) && user !== undefined) {
    add(line, item(`Request Folder: ${user.text}`, user.start, user.length, 'imap.request.folder', user.text));
  }
  if (verb === 'login' && user !== undefined) {
    add(line, item(`Request Username: ${user.text}`, user.start, user.length, 'imap.request.username', user.text));
    if (pass !== undefined) {
      // tshark 4.0 strips one character at each end, quoted or not: `etudiant` shows `tudian`.
      const shown = pass.text.slice(1, -1);
      add(line, item(`Request Password: ${shown}`, pass.start + 1, Math.max(0, pass.length - 2), 'imap.request.password', shown));
    }
  }
}

function responseLine(packet: Packet, line: ProtoTree, session: ImapSession, text: string, start: number, stop: number): void {
  const full = buildingTree();
  const [tag, status, command] = tokens(text, start, 3);
  if (tag === undefined || tag.text === '*' || tag.text === '+') return;
  add(line, item(full ? textLabel('Response', text) : '', start, stop - start, 'imap.response', text));
  add(line, item(`Response Tag: ${tag.text}`, tag.start, tag.length, 'imap.response.tag', tag.text));
  if (status !== undefined) add(line, item(`Response Status: ${status.text}`, status.start, status.length, 'imap.response.status', status.text));
  if (command !== undefined) add(line, item(`Response Command: ${command.text}`, command.start, command.length, 'imap.response.command', command.text));
  const req = session.requests.get(tag.text);
  if (req !== undefined) {
    add(line, generated(`Request In: ${req.frame}`, 'imap.request_in', req.frame));
    add(line, generated(`Response Time: ${seconds(packet.timeNs - req.timeNs)} seconds`, 'imap.time'));
  }
}
