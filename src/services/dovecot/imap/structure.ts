// ENVELOPE, BODY and BODYSTRUCTURE as Dovecot writes them (lib-imap/imap-envelope.c,
// imap-bodystructure.c; RFC 3501 section 7.4.2), and the string quoting of lib-imap/imap-quote.c:
// a quoted string when possible, a literal when the text holds CR, LF, NUL or 8-bit bytes.

import { countLines, headerValue, parseParams } from './message.ts';
import type { HeaderField, MimePart } from './message.ts';

/** imap_append_string(): "quoted" with \" and \\ escaped, or {n} literal for CR/LF/NUL/8-bit. */
export function imapString(s: string): string {
  let needLiteral = false;
  let needEscape = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0d || c === 0x0a || c === 0 || c >= 0x80) {
      needLiteral = true;
      break;
    }
    if (c === 0x22 || c === 0x5c) needEscape = true;
  }
  if (needLiteral) return `{${s.length}}\r\n${s}`;
  return needEscape ? `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"` : `"${s}"`;
}

export function imapNString(s: string | null | undefined): string {
  return s === null || s === undefined ? 'NIL' : imapString(s);
}

// ---- addresses (RFC 5322 section 3.4) as message-address.c parses them -----------------------------

interface Address {
  readonly name: string | null;
  readonly mailbox: string | null;
  readonly domain: string | null;
}

/** Splits at `sep` outside quotes, comments and angle brackets. */
function splitOutside(s: string, seps: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let angle = false;
  let quoted = false;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (quoted) {
      cur += c;
      if (c === '\\' && i + 1 < s.length) cur += s[++i] ?? '';
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"' && depth === 0) quoted = true;
    else if (c === '(') depth += 1;
    else if (c === ')' && depth > 0) depth -= 1;
    else if (c === '<' && depth === 0) angle = true;
    else if (c === '>' && depth === 0) angle = false;
    else if (depth === 0 && !angle && seps.includes(c)) {
      out.push(cur);
      out.push(c);
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}

function unquote(s: string): string {
  const t = s.trim();
  if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) return t.slice(1, -1).replace(/\\(.)/g, '$1');
  return t.replace(/\s+/g, ' ');
}

function stripComments(s: string): { text: string; comment: string | null } {
  let comment: string | null = null;
  let text = '';
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (depth === 0) {
      if (c === '"') quoted = !quoted;
      if (!quoted && c === '(') {
        depth = 1;
        cur = '';
        continue;
      }
      text += c;
    } else {
      if (c === '(') depth += 1;
      else if (c === ')') {
        depth -= 1;
        if (depth === 0) {
          comment ??= cur.trim();
          continue;
        }
      }
      cur += c;
    }
  }
  return { text, comment };
}

function parseMailbox(raw: string): Address | null {
  const { text, comment } = stripComments(raw);
  const t = text.trim();
  if (t === '') return null;
  const lt = t.lastIndexOf('<');
  const gt = t.lastIndexOf('>');
  let addr: string;
  let name: string | null;
  if (lt >= 0 && gt > lt) {
    addr = t.slice(lt + 1, gt).trim();
    // A source route "@a,@b:user@host" is dropped (adl is always NIL in Dovecot's output).
    const colon = addr.lastIndexOf(':');
    if (addr.startsWith('@') && colon >= 0) addr = addr.slice(colon + 1);
    const display = t.slice(0, lt).trim();
    name = display === '' ? comment : unquote(display);
  } else {
    addr = t.replace(/\s+/g, '');
    name = comment;
  }
  const at = addr.lastIndexOf('@');
  const mailbox = at >= 0 ? addr.slice(0, at) : addr;
  const domain = at >= 0 ? addr.slice(at + 1) : '';
  return {
    name: name === '' ? null : name,
    mailbox: mailbox === '' ? 'MISSING_MAILBOX' : unquote(mailbox),
    domain: domain === '' ? 'MISSING_DOMAIN' : domain,
  };
}

function writeAddress(a: Address): string {
  return `(${imapNString(a.name)} NIL ${imapNString(a.mailbox)} ${imapNString(a.domain)})`;
}

/** An address-list header as the ENVELOPE wants it: "((...)(...))" or NIL. */
export function envelopeAddresses(value: string | null): string {
  if (value === null) return 'NIL';
  const tokens = splitOutside(value, ',:;');
  const out: string[] = [];
  let inGroup = false;
  let pending = '';
  for (const tok of tokens) {
    if (tok === ':') {
      if (inGroup) {
        pending += tok;
        continue;
      }
      out.push(`(NIL NIL ${imapString(unquote(pending))} NIL)`);
      inGroup = true;
      pending = '';
    } else if (tok === ',' || tok === ';') {
      const a = parseMailbox(pending);
      if (a !== null) out.push(writeAddress(a));
      pending = '';
      if (tok === ';' && inGroup) {
        out.push('(NIL NIL NIL NIL)');
        inGroup = false;
      }
    } else {
      pending += tok;
    }
  }
  const last = parseMailbox(pending);
  if (last !== null) out.push(writeAddress(last));
  if (inGroup) out.push('(NIL NIL NIL NIL)');
  return out.length === 0 ? 'NIL' : `(${out.join('')})`;
}

/** RFC 3501 ENVELOPE of a header: date subject from sender reply-to to cc bcc in-reply-to message-id. */
export function envelope(fields: readonly HeaderField[]): string {
  const h = (k: string): string | null => headerValue(fields, k);
  const from = envelopeAddresses(h('from'));
  const sender = h('sender') !== null ? envelopeAddresses(h('sender')) : from;
  const replyTo = h('reply-to') !== null ? envelopeAddresses(h('reply-to')) : from;
  return `(${[
    imapNString(h('date')),
    imapNString(h('subject')),
    from,
    sender,
    replyTo,
    envelopeAddresses(h('to')),
    envelopeAddresses(h('cc')),
    envelopeAddresses(h('bcc')),
    imapNString(h('in-reply-to')),
    imapNString(h('message-id')),
  ].join(' ')})`;
}

// ---- BODY / BODYSTRUCTURE -------------------------------------------------------------------------

function paramList(params: readonly (readonly [string, string])[]): string {
  if (params.length === 0) return 'NIL';
  return `(${params.map(([k, v]) => `${imapString(k)} ${imapString(v)}`).join(' ')})`;
}

function disposition(fields: readonly HeaderField[]): string {
  const v = headerValue(fields, 'content-disposition');
  if (v === null) return 'NIL';
  const m = /^\s*([^\s;]+)(.*)$/s.exec(v);
  if (m === null) return 'NIL';
  return `(${imapString((m[1] ?? '').toLowerCase())} ${paramList(parseParams(m[2] ?? ''))})`;
}

function language(fields: readonly HeaderField[]): string {
  const v = headerValue(fields, 'content-language');
  if (v === null) return 'NIL';
  const langs = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (langs.length === 0) return 'NIL';
  return langs.length === 1 ? imapString(langs[0] ?? '') : `(${langs.map(imapString).join(' ')})`;
}

function trimmed(fields: readonly HeaderField[], key: string): string | null {
  const v = headerValue(fields, key);
  return v === null ? null : v.trim();
}

/** BODYSTRUCTURE (extended = true) or BODY of a part of `bytes`. */
export function bodyStructure(bytes: Uint8Array, part: MimePart, extended: boolean): string {
  const f = part.fields;
  if (part.type === 'multipart') {
    const children = part.children.map((c) => bodyStructure(bytes, c, extended)).join('');
    const sub = imapString(part.subtype);
    if (!extended) return `(${children} ${sub})`;
    return `(${children} ${sub} ${paramList(part.params)} ${disposition(f)} ${language(f)} ${imapNString(trimmed(f, 'content-location'))})`;
  }
  const size = part.end - part.bodyStart;
  const encoding = trimmed(f, 'content-transfer-encoding') ?? '7bit';
  const basic = [
    imapString(part.type),
    imapString(part.subtype),
    paramList(part.params),
    imapNString(trimmed(f, 'content-id')),
    imapNString(headerValue(f, 'content-description')),
    imapString(encoding),
    String(size),
  ];
  if (part.type === 'text') basic.push(String(countLines(bytes, part.bodyStart, part.end)));
  else if (part.message !== undefined) {
    basic.push(envelope(part.message.fields), bodyStructure(bytes, part.message, extended), String(countLines(bytes, part.bodyStart, part.end)));
  }
  if (extended) basic.push(imapNString(trimmed(f, 'content-md5')), disposition(f), language(f), imapNString(trimmed(f, 'content-location')));
  return `(${basic.join(' ')})`;
}
