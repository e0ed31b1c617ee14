// Internet Message Format (RFC 5322) as Wireshark 4.0's packet-imf.c shows a mail that SMTP, POP
// or IMAP carried. Its header walk is its own, not the RFC's: a field name is everything from the
// end of the previous field to the next colon (lines without a colon included), a field ends at a
// CRLF not followed by blank space, a CRLF CRLF ends the header; bare LF ends nothing. Then the
// Message-Text lines. It owns the Info column: `from: X, subject: Y, ` then the text lines
// separated by `, `.
import { markMalformed, type Packet } from './packet.ts';
import { formatAscii, formatText, formatTextWsp, splitLines, textLabel, textOnlyLabel } from './text.ts';
import { add, buildingTree, item, type ProtoTree } from './tree.ts';

type Structure = 'unstructured' | 'mailbox' | 'mailbox-list' | 'address-list' | 'content-type' | 'label';

interface FieldInfo {
  /** The name as Wireshark spells it (its hf name). */
  readonly name: string;
  readonly field: string;
  readonly structure: Structure;
  /** Copied into the Info column (`from: ...`, `subject: ...`). */
  readonly inInfo?: boolean;
}

const u = (name: string, field: string): FieldInfo => ({ name, field, structure: 'unstructured' });

/** Wireshark's imf_fields table, by lower-case name. */
const FIELDS: Readonly<Record<string, FieldInfo>> = {
  'date': u('Date', 'imf.date'),
  'from': { name: 'From', field: 'imf.from', structure: 'mailbox-list', inInfo: true },
  'sender': { name: 'Sender', field: 'imf.sender', structure: 'mailbox' },
  'reply-to': { name: 'Reply-To', field: 'imf.reply_to', structure: 'address-list' },
  'to': { name: 'To', field: 'imf.to', structure: 'address-list' },
  'cc': { name: 'Cc', field: 'imf.cc', structure: 'address-list' },
  'bcc': { name: 'Bcc', field: 'imf.bcc', structure: 'address-list' },
  'message-id': u('Message-ID', 'imf.message_id'),
  'in-reply-to': u('In-Reply-To', 'imf.in_reply_to'),
  'references': u('References', 'imf.references'),
  'subject': { name: 'Subject', field: 'imf.subject', structure: 'unstructured', inInfo: true },
  'comments': u('Comments', 'imf.comments'),
  'user-agent': u('User-Agent', 'imf.user_agent'),
  'keywords': u('Keywords', 'imf.keywords'),
  'resent-date': u('Resent-Date', 'imf.resent.date'),
  'resent-from': { name: 'Resent-From', field: 'imf.resent.from', structure: 'mailbox-list' },
  'resent-sender': { name: 'Resent-Sender', field: 'imf.resent.sender', structure: 'mailbox' },
  'resent-to': { name: 'Resent-To', field: 'imf.resent.to', structure: 'address-list' },
  'resent-cc': { name: 'Resent-Cc', field: 'imf.resent.cc', structure: 'address-list' },
  'resent-bcc': { name: 'Resent-Bcc', field: 'imf.resent.bcc', structure: 'address-list' },
  'resent-message-id': u('Resent-Message-ID', 'imf.resent.message_id'),
  'return-path': u('Return-Path', 'imf.return_path'),
  'received': u('Received', 'imf.received'),
  'content-type': { name: 'Content-Type', field: 'imf.content.type', structure: 'content-type' },
  'content-id': u('Content-ID', 'imf.content.id'),
  'content-description': u('Content-Description', 'imf.content.description'),
  'content-transfer-encoding': u('Content-Transfer-Encoding', 'imf.content.transfer_encoding'),
  'mime-version': u('MIME-Version', 'imf.mime_version'),
  'autoforwarded': u('Autoforwarded', 'imf.autoforwarded'),
  'autosubmitted': u('Autosubmitted', 'imf.autosubmitted'),
  'x400-content-identifier': u('X400-Content-Identifier', 'imf.x400_content_identifier'),
  'content-language': u('Content-Language', 'imf.content_language'),
  'conversion': u('Conversion', 'imf.conversion'),
  'conversion-with-loss': u('Conversion-With-Loss', 'imf.conversion_with_loss'),
  'delivery-date': u('Delivery-Date', 'imf.delivery_date'),
  'discarded-x400-ipms-extensions': u('Discarded-X400-IPMS-Extensions', 'imf.discarded_x400_ipms_extensions'),
  'discarded-x400-mts-extensions': u('Discarded-X400-MTS-Extensions', 'imf.discarded_x400_mts_extensions'),
  'dl-expansion-history': u('DL-Expansion-History', 'imf.dl_expansion_history'),
  'deferred-delivery': u('Deferred-Delivery', 'imf.deferred_delivery'),
  'expires': u('Expires', 'imf.expires'),
  'importance': u('Importance', 'imf.importance'),
  'incomplete-copy': u('Incomplete-Copy', 'imf.incomplete_copy'),
  'latest-delivery-time': u('Latest-Delivery-Time', 'imf.latest_delivery_time'),
  'message-type': u('Message-Type', 'imf.message_type'),
  'original-encoded-information-types': u('Original-Encoded-Information-Types', 'imf.original_encoded_information_types'),
  'originator-return-address': u('Originator-Return-Address', 'imf.originator_return_address'),
  'priority': u('Priority', 'imf.priority'),
  'reply-by': u('Reply-By', 'imf.reply_by'),
  'sensitivity': u('Sensitivity', 'imf.sensitivity'),
  'supersedes': u('Supersedes', 'imf.supersedes'),
  'x400-content-type': u('X400-Content-Type', 'imf.x400_content_type'),
  'x400-mts-identifier': u('X400-MTS-Identifier', 'imf.x400_mts_identifier'),
  'x400-originator': u('X400-Originator', 'imf.x400_originator'),
  'x400-received': u('X400-Received', 'imf.x400_received'),
  'x400-recipients': u('X400-Recipients', 'imf.x400_recipients'),
  'delivered-to': { name: 'Delivered-To', field: 'imf.delivered_to', structure: 'mailbox' },
  'x-mailer': u('X-Mailer', 'imf.ext.mailer'),
  'thread-index': u('Thread-Index', 'imf.thread-index'),
  'lines': u('Lines', 'imf.lines'),
  'precedence': u('Precedence', 'imf.precedence'),
  'x-mimeole': u('X-MimeOLE', 'imf.ext.mimeole'),
  'expiry-date': u('Expiry-Date', 'imf.ext.expiry-date'),
  'x-ms-tnef-correlator': u('X-MS-TNEF-Correlator', 'imf.ext.tnef-correlator'),
  'x-uidl': u('X-UIDL', 'imf.ext.uidl'),
  'x-authentication-warning': u('X-Authentication-Warning', 'imf.ext.authentication_warning'),
  'x-virus-scanned': u('X-Virus-Scanned', 'imf.ext.virus_scanned'),
  'x-original-to': { name: 'X-Original-To', field: 'imf.ext.original-to', structure: 'address-list' },
  'sio-label': { name: 'SIO-Label', field: 'imf.siolabel', structure: 'label' },
};

/** Wireshark's first table entry: a field named `unknown-extension` is treated as an unknown one. */
const UNKNOWN_KEY = 'unknown-extension';

/** A tree item that would cover a negative length: Wireshark throws, the packet is malformed. */
class BadLength extends Error {}

/** g_ascii_isspace. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/**
 * imf_find_field_end: the offset just past the CRLF that ends the field starting at `offset`, or
 * -1. `lastField` says a CRLF CRLF (or the end of the data) closed the header; at the very end the
 * offset returned is that of the final CRLF, which callers still strip two bytes from.
 */
function findFieldEnd(data: Uint8Array, offset: number, max: number): { end: number; lastField: boolean } {
  while (offset < max) {
    const cr = data.indexOf(0x0d, offset);
    if (cr < 0 || cr >= max) break;
    offset = cr + 1;
    if (offset < max && data[offset] === 0x0a) {
      offset++;
      if (offset >= max) return { end: offset - 2, lastField: true };
      const c = data[offset];
      if (c === 0x0d) return { end: offset, lastField: offset + 1 < max && data[offset + 1] === 0x0a };
      if (c !== 0x20 && c !== 0x09) return { end: offset, lastField: false };
    }
  }
  return { end: -1, lastField: false };
}

/**
 * Dissects the message `data`; `frameOffset` maps a position in `data` to the frame (the data may
 * be reassembled from several segments, the tree still points into this frame's bytes).
 */
export function dissectImf(packet: Packet, data: Uint8Array, frameOffset: (pos: number) => number): void {
  packet.layers.push('imf');
  packet.cols.protocol += '/IMF';
  packet.cols.info = '';
  const root = item('Internet Message Format', ...span(frameOffset, 0, data.length), 'imf');
  packet.tree.push(root);
  try {
    walk(packet, root, data, frameOffset);
  } catch (e) {
    if (!(e instanceof BadLength)) throw e;
    markMalformed(packet, 'IMF', frameOffset(data.length));
  }
}

/** [offset, length] in the frame of bytes [pos, pos + len) of the message. */
function span(frameOffset: (pos: number) => number, pos: number, len: number): [number, number] {
  const o = frameOffset(pos);
  return [o, Math.max(0, Math.min(len, frameOffset(pos + len) - o))];
}

/** A string item's length as proto_tree_add_item takes it: -1 runs to the end, less is an error. */
function itemLength(data: Uint8Array, pos: number, length: number): number {
  if (length === -1) return data.length - pos;
  if (length < 0) throw new BadLength();
  return length;
}

function walk(packet: Packet, root: ProtoTree, data: Uint8Array, frameOffset: (pos: number) => number): void {
  const full = buildingTree();
  const at = (pos: number, len: number) => span(frameOffset, pos, len);
  // Items read header bytes as ASCII (U+FFFD above 0x7f); the Info column shows them as UTF-8.
  const text = (pos: number, len: number) => formatAscii(data, pos, pos + len);
  const max = data.length;
  const cols = packet.cols;
  let start = 0;
  let end = 0;
  let unknownOffset = 0;
  let lastField = false;
  let contentType: string | undefined;
  while (!lastField) {
    const colon = data.indexOf(0x3a, start);
    if (colon < 0) {
      end = -1;
      break;
    }
    const key = asciiLower(data, start, colon);
    let f = Object.hasOwn(FIELDS, key) ? FIELDS[key] : undefined;
    // (`unknown-extension:` itself keeps the previous unknown field's start, as Wireshark does.)
    if (f === undefined && key !== UNKNOWN_KEY) unknownOffset = start;
    start = colon + 1;
    const found = findFieldEnd(data, start, max);
    end = found.end;
    lastField = found.lastField;
    if (end < 0) break;
    let value = start;
    while (value < end && isSpace(data[value])) value++;
    if (value === end) value = start;
    const rawLength = end - value - 2;
    const valueLength = itemLength(data, value, rawLength);
    let node: ProtoTree;
    if (f === undefined || key === UNKNOWN_KEY) {
      const allLength = itemLength(data, unknownOffset, end - unknownOffset - 2);
      node = add(root, item(full ? appended(textLabel('Unknown-Extension', text(unknownOffset, allLength)), ' (Contact Wireshark developers if you want this supported.)') : '', ...at(unknownOffset, allLength), 'imf.extension', text(unknownOffset, allLength)));
      const typeLength = itemLength(data, unknownOffset, start - 1 - unknownOffset);
      add(node, item(full ? textLabel('Type', text(unknownOffset, typeLength)) : '', ...at(unknownOffset, typeLength), 'imf.extension.type', text(unknownOffset, typeLength)));
      add(node, item(full ? textLabel('Value', text(value, valueLength)) : '', ...at(value, valueLength), 'imf.extension.value', text(value, valueLength)));
      f = undefined;
    } else if (f.structure === 'label') {
      node = add(root, item(f.name, ...at(value, valueLength), f.field));
    } else {
      node = add(root, item(full ? textLabel(f.name, text(value, valueLength)) : '', ...at(value, valueLength), f.field, text(value, valueLength)));
    }
    // (A value cut to length -1 runs to the end in the tree but prints nothing in Info.)
    if (f?.inInfo === true) cols.info += `${key}: ${rawLength === -1 ? '' : formatText(data, value, value + rawLength)}, `;
    if (f?.structure === 'content-type') contentType = contentTypeTree(data, node, start, end - start, at) ?? contentType;
    else if (f?.structure === 'mailbox') mailbox(data, node, value, end - value, at);
    else if (f?.structure === 'mailbox-list') list(data, node, value, end - value, at, 'imf.mailbox_list.item', mailbox);
    else if (f?.structure === 'address-list') list(data, node, value, end - value, at, 'imf.address_list.item', address);
    start = end;
  }
  if (lastField) end += 2;
  if (end === -1) end = 0;
  if (contentType !== undefined) {
    // A Content-Type with parameters hands the body to the media type's dissector instead.
    mediaBody(packet, root, data, end, contentType, at);
    return;
  }
  const body = add(root, item('Message-Text', ...at(end, Math.max(0, max - end)), 'imf.message_text'));
  for (const l of splitLines(data, end, max)) {
    const shown = formatTextWsp(data, l.start, l.next);
    add(body, item(textOnlyLabel(shown), ...at(l.start, l.next - l.start)));
    cols.info += (cols.info === '' ? '' : ', ') + shown;
  }
}

/** proto_item_append_text: the label grows up to Wireshark's label size (a cut label by 1 character). */
function appended(label: string, suffix: string): string {
  return (label + suffix).slice(0, 239);
}

function asciiLower(data: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) {
    const c = data[i];
    s += String.fromCharCode(c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
  }
  return s;
}

type At = (pos: number, len: number) => [number, number];

/** A comma-separated list (To:, From:...): one item per element, then `, N items`. */
function list(data: Uint8Array, node: ProtoTree, offset: number, length: number, at: At, field: string, element: (data: Uint8Array, node: ProtoTree, offset: number, length: number, at: At) => void): void {
  const full = buildingTree();
  let count = 0;
  let pos = offset;
  const stop = offset + length;
  for (;;) {
    const comma = data.subarray(pos, stop).indexOf(0x2c);
    count++;
    const itemLength = comma < 0 ? stop - pos : comma;
    const value = formatAscii(data, pos, pos + itemLength);
    const it = add(node, item(full ? textLabel('Item', value) : '', ...at(pos, itemLength), field, value));
    element(data, it, pos, itemLength, at);
    if (comma < 0) break;
    pos += comma + 1;
  }
  if (full) node.label = appended(node.label, `, ${count} item${count === 1 ? '' : 's'}`);
}

/** dissect_imf_address: a group (`name: a, b;`) or a mailbox. */
function address(data: Uint8Array, node: ProtoTree, offset: number, length: number, at: At): void {
  const colon = data.subarray(offset, offset + length).indexOf(0x3a);
  if (colon < 0) {
    mailbox(data, node, offset, length, at);
    return;
  }
  const full = buildingTree();
  const pos = offset + colon;
  const nameLength = Math.max(0, colon - 1);
  const group = add(node, item(full ? textLabel('Display-Name', formatAscii(data, offset, offset + nameLength)) : '', ...at(offset, nameLength), 'imf.display_name', formatAscii(data, offset, offset + nameLength)));
  let next = pos + 1;
  while (next < offset + length && isSpace(data[next])) next++;
  if (data[next] !== 0x3b) list(data, group, next, length - (next - offset), at, 'imf.mailbox_list.item', mailbox);
}

/** dissect_imf_mailbox: `Name <addr>` (display name, address) or a bare address. */
function mailbox(data: Uint8Array, node: ProtoTree, offset: number, length: number, at: At): void {
  const full = buildingTree();
  const stop = offset + length;
  const open = data.subarray(offset, stop).indexOf(0x3c);
  if (open < 0) {
    const value = formatAscii(data, offset, stop);
    add(node, item(full ? textLabel('Address', value) : '', ...at(offset, length), 'imf.address', value));
    return;
  }
  const lt = offset + open;
  let name = offset;
  while (name < lt && isSpace(data[name])) name++;
  if (name !== lt) {
    const nameLength = Math.max(0, lt - name - 1);
    const value = formatAscii(data, name, name + nameLength);
    add(node, item(full ? textLabel('Display-Name', value) : '', ...at(name, nameLength), 'imf.display_name', value));
  }
  const gt = data.subarray(lt + 1, stop).indexOf(0x3e);
  if (gt >= 0) {
    const value = formatAscii(data, lt + 1, lt + 1 + gt);
    add(node, item(full ? textLabel('Address', value) : '', ...at(lt + 1, gt), 'imf.address', value));
  }
}

/** Media types Wireshark 4.0 hands to its line-based text dissector (packet-text-media.c). */
const TEXT_MEDIA = new Set(['text/plain', 'text/richtext', 'text/enriched', 'text/parameters', 'text/html', 'text/css', 'text/javascript', 'application/x-javascript']);

/**
 * The body after a `Content-Type: type; ...` header: text types as Wireshark's text-lines shows
 * them; other types (multipart, images...) are not simulated and show nothing.
 */
function mediaBody(packet: Packet, root: ProtoTree, data: Uint8Array, offset: number, type: string, at: At): void {
  if (!TEXT_MEDIA.has(type.toLowerCase())) return;
  const full = buildingTree();
  const lines = splitLines(data, offset, data.length);
  packet.layers.push('data-text-lines');
  const node = add(root, item(`Line-based text data: ${type} (${lines.length} lines)`, ...at(offset, data.length - offset), 'data-text-lines'));
  for (const l of lines) add(node, item(full ? textOnlyLabel(formatText(data, l.start, l.next)) : '', ...at(l.start, l.next - l.start)));
  packet.cols.info += ` (${type})`;
}

/** dissect_imf_content_type: `type; parameters` as Type and Parameters; the type, when found. */
function contentTypeTree(data: Uint8Array, node: ProtoTree, offset: number, length: number, at: At): string | undefined {
  const full = buildingTree();
  for (let i = 0; i < length; i++) {
    if (!isSpace(data[offset + i])) {
      offset += i;
      break;
    }
  }
  const semi = data.subarray(offset, offset + length).indexOf(0x3b);
  if (semi < 0) return undefined;
  const type = formatAscii(data, offset, offset + semi);
  add(node, item(full ? textLabel('Type', type) : '', ...at(offset, semi), 'imf.content.type.type', type));
  const found = findFieldEnd(data, offset + semi + 1, offset + length);
  if (found.end < 0) return type;
  const parametersLength = itemLength(data, offset + semi + 1, found.end - (offset + semi + 1) - 2);
  const parameters = formatAscii(data, offset + semi + 1, offset + semi + 1 + parametersLength);
  add(node, item(full ? textLabel('Parameters', parameters) : '', ...at(offset + semi + 1, parametersLength), 'imf.content.type.parameters', parameters));
  return type;
}

/** IMF over bytes [offset, end) of the frame itself. */
export function dissectImfInFrame(packet: Packet, offset: number, end: number): void {
  dissectImf(packet, packet.bytes.subarray(offset, end), (pos) => offset + pos);
}
