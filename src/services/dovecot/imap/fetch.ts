// FETCH data items (RFC 3501 section 6.4.5 and 7.4.2) as Dovecot's imap-fetch.c reads and writes
// them: macros ALL/FAST/FULL, BODY[section]<partial> with HEADER, HEADER.FIELDS (..),
// HEADER.FIELDS.NOT (..), TEXT, MIME and part numbers. Output order follows Dovecot: UID first,
// then the "buffered" items (FLAGS, INTERNALDATE, RFC822.SIZE) in the order asked, then the rest.

import { atom } from './args.ts';
import type { ImapArg } from './args.ts';
import { formatInternalDate } from './imap-date.ts';
import { findPart } from './message.ts';
import type { MimePart } from './message.ts';
import { bodyStructure, envelope } from './structure.ts';

export type SectionSpec = '' | 'HEADER' | 'HEADER.FIELDS' | 'HEADER.FIELDS.NOT' | 'TEXT' | 'MIME';

export type FetchItem =
  | { readonly kind: 'FLAGS' | 'UID' | 'INTERNALDATE' | 'RFC822.SIZE' | 'ENVELOPE' | 'BODYSTRUCTURE' | 'BODY' | 'RFC822' | 'RFC822.HEADER' | 'RFC822.TEXT' | 'MODSEQ' }
  /** BINARY[part]<partial> and BINARY.SIZE[part] (RFC 3516): the part with its transfer encoding undone. */
  | { readonly kind: 'BINARY'; readonly peek: boolean; readonly size: boolean; readonly parts: readonly number[]; readonly partial: { readonly start: number; readonly length: number | null } | null }
  | {
      readonly kind: 'SECTION';
      readonly peek: boolean;
      readonly parts: readonly number[];
      readonly spec: SectionSpec;
      readonly fields: readonly string[];
      readonly partial: { readonly start: number; readonly length: number | null } | null;
    };

const MACROS: Record<string, readonly string[]> = {
  ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
  FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
  FULL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'],
};

const SIMPLE = new Set(['FLAGS', 'UID', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODYSTRUCTURE', 'BODY', 'RFC822', 'RFC822.HEADER', 'RFC822.TEXT', 'MODSEQ']);

function parseSection(name: string, fields: readonly string[] | null): FetchItem | string {
  const m = /^BODY(\.PEEK)?\[([^\]]*)\](?:<(\d+)(?:\.(\d+))?>)?$/i.exec(name);
  if (m === null) return `Invalid BODY[..] parameter: ${name}`;
  const section = (m[2] ?? '').toUpperCase();
  const partsMatch = /^((?:\d+\.)*\d+)?\.?(.*)$/.exec(section);
  const numbers = partsMatch?.[1] !== undefined ? partsMatch[1].split('.').map(Number) : [];
  if (numbers.some((n) => n === 0)) return 'Invalid BODY[..] parameter: Invalid part number';
  const spec = partsMatch?.[2] ?? '';
  if (!['', 'HEADER', 'HEADER.FIELDS', 'HEADER.FIELDS.NOT', 'TEXT', 'MIME'].includes(spec)) return `Invalid BODY[..] parameter: Unknown section name ${spec}`;
  if (spec === 'MIME' && numbers.length === 0) return 'Invalid BODY[..] parameter: Unknown section name MIME';
  if ((spec === 'HEADER.FIELDS' || spec === 'HEADER.FIELDS.NOT') !== (fields !== null)) return 'Invalid BODY[..] parameter: Missing header field list';
  const partial = m[3] === undefined ? null : { start: Number(m[3]), length: m[4] === undefined ? null : Number(m[4]) };
  return { kind: 'SECTION', peek: m[1] !== undefined, parts: numbers, spec: spec as SectionSpec, fields: (fields ?? []).map((f) => f.toUpperCase()), partial };
}

/** The items of a FETCH command's last argument; a string is the error text. */
export function parseFetchItems(arg: ImapArg | undefined, rest: readonly ImapArg[]): FetchItem[] | string {
  if (arg === undefined) return 'Invalid arguments.';
  if (arg.kind === 'atom') {
    const macro = MACROS[arg.value.toUpperCase()];
    if (macro !== undefined) return macro.map((k) => ({ kind: k }) as FetchItem);
    return parseItemList([arg, ...rest]);
  }
  if (arg.kind === 'list') {
    if (arg.items.length === 0) return 'Invalid arguments.';
    return parseItemList(arg.items);
  }
  return 'Invalid arguments.';
}

function parseItemList(args: readonly ImapArg[]): FetchItem[] | string {
  const items: FetchItem[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = atom(args[i]);
    if (name === null) return 'Invalid arguments.';
    const upper = name.toUpperCase();
    if (SIMPLE.has(upper)) {
      items.push({ kind: upper } as FetchItem);
      continue;
    }
    const binary = /^BINARY(\.PEEK|\.SIZE)?\[([\d.]*)\](?:<(\d+)(?:\.(\d+))?>)?$/i.exec(name);
    if (binary !== null) {
      const parts = binary[2] === '' || binary[2] === undefined ? [] : binary[2].split('.').map(Number);
      if (parts.some((n) => !Number.isInteger(n) || n === 0)) return `Invalid BINARY[..] parameter: ${name}`;
      const mod = (binary[1] ?? '').toUpperCase();
      items.push({
        kind: 'BINARY',
        peek: mod === '.PEEK',
        size: mod === '.SIZE',
        parts,
        partial: binary[3] === undefined ? null : { start: Number(binary[3]), length: binary[4] === undefined ? null : Number(binary[4]) },
      });
      continue;
    }
    if (/^BODY(\.PEEK)?\[/i.test(name)) {
      if (name.includes(']')) {
        const item = parseSection(name, null);
        if (typeof item === 'string') return item;
        items.push(item);
        continue;
      }
      // BODY[HEADER.FIELDS (A B)]<p>: the parser gives "BODY[HEADER.FIELDS", a list and "]<p>".
      const list = args[i + 1];
      const close = atom(args[i + 2]);
      if (list?.kind !== 'list' || close === null || !close.startsWith(']')) return `Invalid BODY[..] parameter: Missing ']'`;
      const fields: string[] = [];
      for (const f of list.items) {
        if (f.kind !== 'atom' && f.kind !== 'string') return 'Invalid BODY[..] parameter: Invalid header fields';
        fields.push(f.value);
      }
      const item = parseSection(`${name.replace(/ +$/, '')}${close}`, fields);
      if (typeof item === 'string') return item;
      items.push(item);
      i += 2;
      continue;
    }
    return `Unknown parameter ${upper}`;
  }
  return items;
}

/** True when fetching the items marks the message \Seen (RFC 3501: BODY[...] and RFC822/RFC822.TEXT). */
export function setsSeen(items: readonly FetchItem[]): boolean {
  return items.some((it) => it.kind === 'RFC822' || it.kind === 'RFC822.TEXT' || ((it.kind === 'SECTION' || it.kind === 'BINARY') && !it.peek && !(it.kind === 'BINARY' && it.size)));
}

export interface FetchMessage {
  readonly seq: number;
  readonly uid: number;
  /** Flags as FETCH FLAGS writes them (\Recent included). */
  readonly flags: readonly string[];
  readonly internalDate: number;
  readonly internalZone: number;
  readonly size: number;
  /** CONDSTORE mod-sequence of the message. */
  readonly modseq: number;
  parsed(): { readonly bytes: Uint8Array; readonly root: MimePart };
}

export interface FetchCounters {
  hdrCount: number;
  hdrBytes: number;
  bodyCount: number;
  bodyBytes: number;
}

export type Chunk = string | Uint8Array;

const BUFFERED = new Set(['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'MODSEQ']);

function headerFields(bytes: Uint8Array, part: MimePart, names: readonly string[], not: boolean): Uint8Array {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const chunks: Uint8Array[] = [];
  let n = 0;
  for (const f of part.fields) {
    if (wanted.has(f.key) === not) continue;
    const b = bytes.subarray(f.start, f.end);
    chunks.push(b);
    n += b.length;
  }
  const out = new Uint8Array(n + 2);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  out[at] = 0x0d;
  out[at + 1] = 0x0a;
  return out;
}

/** The octets a section names; null when the part does not exist (Dovecot then sends NIL). */
function sectionBytes(bytes: Uint8Array, root: MimePart, item: Extract<FetchItem, { kind: 'SECTION' }>): Uint8Array | null {
  const part = findPart(root, item.parts);
  if (part === null) return null;
  const isTop = item.parts.length === 0;
  // HEADER/TEXT of a message/rfc822 part are those of the message it holds.
  const msg = isTop ? part : (part.message ?? null);
  switch (item.spec) {
    case '':
      return isTop ? bytes : bytes.subarray(part.bodyStart, part.end);
    case 'MIME':
      return bytes.subarray(part.start, part.headerEnd);
    case 'HEADER':
      return msg === null ? null : bytes.subarray(msg.start, msg.headerEnd);
    case 'TEXT':
      return msg === null ? null : bytes.subarray(msg.bodyStart, msg.end);
    case 'HEADER.FIELDS':
    case 'HEADER.FIELDS.NOT':
      return msg === null ? null : headerFields(bytes, msg, item.fields, item.spec === 'HEADER.FIELDS.NOT');
  }
}

function literal(out: Chunk[], data: Uint8Array): void {
  out.push(`{${data.length}}\r\n`, data);
}

function sectionLabel(item: Extract<FetchItem, { kind: 'SECTION' }>): string {
  const parts = item.parts.join('.');
  let spec: string = item.spec;
  if (spec === 'HEADER.FIELDS' || spec === 'HEADER.FIELDS.NOT') spec += ` (${item.fields.join(' ')})`;
  const section = parts !== '' && spec !== '' ? `${parts}.${spec}` : `${parts}${spec}`;
  return `BODY[${section}]${item.partial !== null ? `<${item.partial.start}>` : ''}`;
}

function isHeaderOnly(item: FetchItem): boolean {
  return item.kind === 'RFC822.HEADER' || (item.kind === 'SECTION' && (item.spec === 'HEADER' || item.spec === 'HEADER.FIELDS' || item.spec === 'HEADER.FIELDS.NOT' || item.spec === 'MIME'));
}

/** "* seq FETCH (...)" for one message, as chunks (literals stay as bytes). */
export function renderFetch(m: FetchMessage, items: readonly FetchItem[], withUid: boolean, withFlags: boolean, counters: FetchCounters): Chunk[] {
  const order: FetchItem[] = [];
  const seen = new Set<string>();
  const add = (it: FetchItem): void => {
    const key = it.kind === 'SECTION' ? sectionLabel(it) + (it.peek ? 'P' : '') : it.kind === 'BINARY' ? `B${it.size ? 'S' : ''}${it.parts.join('.')}` : it.kind;
    if (seen.has(key)) return;
    seen.add(key);
    order.push(it);
  };
  if (withUid || items.some((it) => it.kind === 'UID')) add({ kind: 'UID' });
  for (const it of items) if (BUFFERED.has(it.kind)) add(it);
  if (withFlags) add({ kind: 'FLAGS' });
  for (const it of items) if (!BUFFERED.has(it.kind) && it.kind !== 'UID') add(it);

  const out: Chunk[] = [`* ${m.seq} FETCH (`];
  let first = true;
  const sep = (): void => {
    if (!first) out.push(' ');
    first = false;
  };
  for (const it of order) {
    sep();
    switch (it.kind) {
      case 'UID':
        out.push(`UID ${m.uid}`);
        break;
      case 'FLAGS':
        out.push(`FLAGS (${m.flags.join(' ')})`);
        break;
      case 'INTERNALDATE':
        out.push(`INTERNALDATE "${formatInternalDate(m.internalDate, m.internalZone)}"`);
        break;
      case 'RFC822.SIZE':
        out.push(`RFC822.SIZE ${m.size}`);
        break;
      case 'MODSEQ':
        out.push(`MODSEQ (${m.modseq})`);
        break;
      case 'ENVELOPE':
        out.push(`ENVELOPE ${envelope(m.parsed().root.fields)}`);
        break;
      case 'BODYSTRUCTURE':
      case 'BODY': {
        const p = m.parsed();
        out.push(`${it.kind} ${bodyStructure(p.bytes, p.root, it.kind === 'BODYSTRUCTURE')}`);
        break;
      }
      case 'RFC822':
      case 'RFC822.HEADER':
      case 'RFC822.TEXT': {
        const p = m.parsed();
        const data = it.kind === 'RFC822' ? p.bytes : it.kind === 'RFC822.HEADER' ? p.bytes.subarray(0, p.root.headerEnd) : p.bytes.subarray(p.root.bodyStart);
        out.push(`${it.kind} `);
        literal(out, data);
        count(counters, it, data.length);
        break;
      }
      case 'BINARY': {
        const p = m.parsed();
        const part = findPart(p.root, it.parts);
        const label = `BINARY${it.size ? '.SIZE' : ''}[${it.parts.join('.')}]`;
        if (part === null) {
          out.push(`${label} NIL`);
          break;
        }
        let data = it.parts.length === 0 ? p.bytes : decodeTransfer(p.bytes.subarray(part.bodyStart, part.end), part.fields.find((f) => f.key === 'content-transfer-encoding')?.value.trim().toLowerCase() ?? '');
        if (it.size) {
          out.push(`${label} ${data.length}`);
          break;
        }
        if (it.partial !== null) {
          const start = Math.min(it.partial.start, data.length);
          data = data.subarray(start, it.partial.length === null ? data.length : Math.min(data.length, start + it.partial.length));
        }
        out.push(`${label}${it.partial !== null ? `<${it.partial.start}>` : ''} ${data.includes(0) ? '~' : ''}`);
        literal(out, data);
        count(counters, it, data.length);
        break;
      }
      case 'SECTION': {
        const p = m.parsed();
        let data = sectionBytes(p.bytes, p.root, it);
        out.push(`${sectionLabel(it)} `);
        if (data === null) {
          out.push('NIL');
          break;
        }
        if (it.partial !== null) {
          const start = Math.min(it.partial.start, data.length);
          const end = it.partial.length === null ? data.length : Math.min(data.length, start + it.partial.length);
          data = data.subarray(start, end);
        }
        literal(out, data);
        count(counters, it, data.length);
        break;
      }
    }
  }
  out.push(')\r\n');
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Undoes base64 / quoted-printable (RFC 2045 section 6.7-6.8); other encodings are sent as they are. */
function decodeTransfer(body: Uint8Array, encoding: string): Uint8Array {
  if (encoding === 'base64') {
    const out: number[] = [];
    let buf = 0;
    let bits = 0;
    for (const c of body) {
      const v = B64.indexOf(String.fromCharCode(c));
      if (v < 0) continue;
      buf = ((buf << 6) | v) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out.push((buf >> bits) & 0xff);
      }
    }
    return Uint8Array.from(out);
  }
  if (encoding === 'quoted-printable') {
    const out: number[] = [];
    for (let i = 0; i < body.length; i++) {
      const c = body[i] ?? 0;
      if (c !== 0x3d) {
        out.push(c);
        continue;
      }
      const hex = String.fromCharCode(body[i + 1] ?? 0, body[i + 2] ?? 0);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        out.push(parseInt(hex, 16));
        i += 2;
      } else if (body[i + 1] === 0x0d && body[i + 2] === 0x0a) i += 2; // soft line break
      else if (body[i + 1] === 0x0a) i += 1;
      else out.push(c);
    }
    return Uint8Array.from(out);
  }
  return body;
}

function count(c: FetchCounters, it: FetchItem, bytes: number): void {
  if (isHeaderOnly(it)) {
    c.hdrCount += 1;
    c.hdrBytes += bytes;
  } else {
    c.bodyCount += 1;
    c.bodyBytes += bytes;
  }
}
