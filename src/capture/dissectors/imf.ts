// Internet Message Format (RFC 5322) as Wireshark's packet-imf.c shows a mail that SMTP, POP or
// IMAP carried: header fields (addresses split into items), then the Message-Text lines. It owns
// the Info column: `from: X, subject: Y, ` then the body lines separated by `, `.
import type { Packet } from './packet.ts';
import { formatText, formatTextWsp, splitLines } from './text.ts';
import { add, item } from './tree.ts';

/** Wireshark's spelling of the header names it knows, and their filter fields. */
const HEADERS: Record<string, readonly [string, string]> = {
  'from': ['From', 'imf.from'],
  'to': ['To', 'imf.to'],
  'cc': ['Cc', 'imf.cc'],
  'bcc': ['Bcc', 'imf.bcc'],
  'reply-to': ['Reply-To', 'imf.reply_to'],
  'sender': ['Sender', 'imf.sender'],
  'subject': ['Subject', 'imf.subject'],
  'date': ['Date', 'imf.date'],
  'message-id': ['Message-ID', 'imf.message_id'],
  'return-path': ['Return-Path', 'imf.return_path'],
  'received': ['Received', 'imf.received'],
  'x-original-to': ['X-Original-To', 'imf.x_original_to'],
  'delivered-to': ['Delivered-To', 'imf.delivered_to'],
  'mime-version': ['MIME-Version', 'imf.mime_version'],
  'content-type': ['Content-Type', 'imf.content.type'],
  'user-agent': ['User-Agent', 'imf.user_agent'],
};
/** Fields shown as a list of address items (`From: a, 1 item`). */
const ADDRESS_LISTS = new Set(['from', 'to', 'cc', 'bcc', 'reply-to', 'x-original-to']);
/** Fields holding one mailbox. */
const MAILBOXES = new Set(['delivered-to']);
/** Fields Wireshark copies into the Info column. */
const IN_INFO = new Set(['from', 'subject']);

/**
 * Dissects the message `data`; `frameOffset` maps a position in `data` to the frame (the data may
 * be reassembled from several segments, the tree still points into this frame's bytes).
 */
export function dissectImf(packet: Packet, data: Uint8Array, frameOffset: (pos: number) => number): void {
  packet.layers.push('imf');
  packet.cols.protocol += '/IMF';
  let info = '';
  const at = (pos: number, len: number): [number, number] => {
    const o = frameOffset(pos);
    return [o, Math.max(0, Math.min(len, frameOffset(pos + len) - o))];
  };
  const root = item('Internet Message Format', ...at(0, data.length), 'imf');
  packet.tree.push(root);
  const lines = splitLines(data, 0, data.length);
  let i = 0;
  // Header fields: a name, a colon, and continuation lines that start with white space (§2.2.3).
  while (i < lines.length) {
    const l = lines[i];
    if (l.textEnd === l.start) {
      i++;
      break;
    }
    const colon = data.subarray(l.start, l.textEnd).indexOf(0x3a);
    if (colon <= 0) break;
    let last = i;
    while (last + 1 < lines.length && (data[lines[last + 1].start] === 0x20 || data[lines[last + 1].start] === 0x09)) last++;
    const rawName = formatText(data, l.start, l.start + colon);
    const key = rawName.toLowerCase();
    let vStart = l.start + colon + 1;
    while (vStart < lines[last].textEnd && (data[vStart] === 0x20 || data[vStart] === 0x09)) vStart++;
    const vEnd = lines[last].textEnd;
    const value = formatText(data, vStart, vEnd);
    const [name, field] = HEADERS[key] ?? [rawName, 'imf.extension'];
    if (ADDRESS_LISTS.has(key)) {
      const addresses = value.split(',').map((a) => a.trim()).filter((a) => a !== '');
      const node = add(root, item(`${name}: ${value}, ${addresses.length} item${addresses.length === 1 ? '' : 's'}`, ...at(vStart, vEnd - vStart), field, value));
      for (const a of addresses) {
        const it = add(node, item(`Item: ${a}\\r\\n`, ...at(vStart, lines[last].next - vStart), 'imf.address_list.item'));
        add(it, item(`Address: ${a}\\r\\n`, ...at(vStart, lines[last].next - vStart), 'imf.address', a));
      }
    } else if (MAILBOXES.has(key)) {
      const node = add(root, item(`${name}: ${value}`, ...at(vStart, vEnd - vStart), field, value));
      add(node, item(`Address: ${value}\\r\\n`, ...at(vStart, lines[last].next - vStart), 'imf.address', value));
    } else {
      add(root, item(`${name}: ${value}`, ...at(vStart, vEnd - vStart), field, value));
    }
    if (IN_INFO.has(key)) info += `${key}: ${value}, `;
    i = last + 1;
  }
  if (i < lines.length) {
    const start = lines[i].start;
    const text = add(root, item('Message-Text', ...at(start, data.length - start), 'imf.message_text'));
    for (; i < lines.length; i++) {
      const l = lines[i];
      const shown = formatTextWsp(data, l.start, l.next);
      add(text, item(shown, ...at(l.start, l.next - l.start)));
      info += (info === '' ? '' : ', ') + shown;
    }
  }
  packet.cols.info = info;
}

/** IMF over bytes [offset, end) of the frame itself. */
export function dissectImfInFrame(packet: Packet, offset: number, end: number): void {
  dissectImf(packet, packet.bytes.subarray(offset, end), (pos) => offset + pos);
}

