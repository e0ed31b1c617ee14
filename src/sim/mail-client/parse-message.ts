// Reading a received message for display (RFC 5322 headers, RFC 2047 encoded words, MIME
// transfer encodings, RFC 3676 format=flowed): plain text only. A multipart message shows its
// first text/plain part; anything unparseable is shown as it came, never rejected.

export interface ParsedMessage {
  /** Unfolded headers in order, values decoded. */
  readonly headers: readonly (readonly [string, string])[];
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly date: string;
  readonly messageId: string;
  /** The text to show. */
  readonly body: string;
}

const utf8 = new TextDecoder();

function decodeBytes(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset.toLowerCase() || 'utf-8').decode(bytes);
  } catch {
    return utf8.decode(bytes);
  }
}

function base64Bytes(s: string): Uint8Array {
  const clean = s.replace(/[^A-Za-z0-9+/]/g, '');
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const c of clean) {
    acc = (acc << 6) | A.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

function quotedPrintableBytes(s: string, underscoreIsSpace: boolean): Uint8Array {
  const out: number[] = [];
  const text = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '_' && underscoreIsSpace) out.push(0x20);
    else for (const b of new TextEncoder().encode(c)) out.push(b);
  }
  return Uint8Array.from(out);
}

/** RFC 2047 encoded words (=?charset?B|Q?...?=) in a header value; spaces between two dropped. */
export function decodeHeader(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([BbQq])\?([^?]*)\?=/g, (_all, charset: string, enc: string, text: string) => {
      const bytes = enc.toUpperCase() === 'B' ? base64Bytes(text) : quotedPrintableBytes(text, true);
      return decodeBytes(bytes, charset);
    });
}

/** Joins format=flowed soft breaks (a line ending in a space goes on) and removes space-stuffing. */
export function unflow(text: string, delsp: boolean): string {
  const out: string[] = [];
  let current: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.startsWith(' ') ? raw.slice(1) : raw;
    const soft = line.endsWith(' ') && line !== '-- ';
    const piece = soft && delsp ? line.slice(0, -1) : line;
    current = current === null ? piece : current + piece;
    if (!soft) {
      out.push(current);
      current = null;
    }
  }
  if (current !== null) out.push(current);
  return out.join('\n');
}

function parameter(contentType: string, name: string): string {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(contentType);
  return m === null ? '' : (m[1] ?? m[2]);
}

interface Entity {
  headers: [string, string][];
  body: string;
}

/** Splits headers from body (the first empty line) and unfolds the headers (RFC 5322 §2.2.3). */
function splitEntity(raw: string): Entity {
  const text = raw.replace(/\r\n/g, '\n');
  const blank = text.startsWith('\n') ? 0 : text.indexOf('\n\n');
  const head = blank < 0 ? text : text.slice(0, blank);
  const body = blank < 0 ? '' : text.slice(blank + (blank === 0 ? 1 : 2));
  const headers: [string, string][] = [];
  for (const line of head.split('\n')) {
    if (/^[ \t]/.test(line) && headers.length > 0) {
      headers[headers.length - 1][1] += ' ' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  return { headers, body };
}

function header(headers: readonly (readonly [string, string])[], name: string): string {
  return headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1] ?? '';
}

/** The displayable text of an entity: decoded transfer encoding and charset; first text part of a multipart. */
function entityText(e: Entity, depth: number): string {
  const type = header(e.headers, 'Content-Type') || 'text/plain';
  const mime = type.split(';')[0].trim().toLowerCase();
  if (mime.startsWith('multipart/') && depth < 5) {
    const boundary = parameter(type, 'boundary');
    if (boundary !== '') {
      const parts = e.body.split(`--${boundary}`).slice(1);
      for (const part of parts) {
        if (part.startsWith('--')) break;
        const sub = splitEntity(part.replace(/^\n/, ''));
        const subType = (header(sub.headers, 'Content-Type') || 'text/plain').toLowerCase();
        if (subType.startsWith('text/plain') || subType.startsWith('multipart/')) return entityText(sub, depth + 1);
      }
    }
  }
  const cte = header(e.headers, 'Content-Transfer-Encoding').toLowerCase();
  const charset = parameter(type, 'charset') || 'utf-8';
  let text: string;
  if (cte === 'base64') text = decodeBytes(base64Bytes(e.body), charset);
  else if (cte === 'quoted-printable') text = decodeBytes(quotedPrintableBytes(e.body, false), charset);
  else text = e.body;
  if (parameter(type, 'format').toLowerCase() === 'flowed') text = unflow(text, parameter(type, 'delsp').toLowerCase() === 'yes');
  return text;
}

/** A message as received (CRLF or LF line ends; decoded from UTF-8 by the reader). */
export function parseMessage(raw: string): ParsedMessage {
  const e = splitEntity(raw);
  const headers = e.headers.map(([n, v]) => [n, decodeHeader(v)] as const);
  return {
    headers,
    from: header(headers, 'From'),
    to: header(headers, 'To'),
    subject: header(headers, 'Subject'),
    date: header(headers, 'Date'),
    messageId: header(headers, 'Message-ID'),
    body: entityText(e, 0).replace(/\n$/, ''),
  };
}
