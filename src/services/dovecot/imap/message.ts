// A message as IMAP sees it (RFC 3501 section 6.4.5 and 7.4.2, RFC 2045/2046): header fields,
// body, and the MIME tree of parts used by BODYSTRUCTURE, ENVELOPE and BODY[section]. Works on the
// served bytes (CRLF line ends) and never throws on malformed input: a broken MIME structure
// degrades to a single text part, as Dovecot's message-parser does.

const CR = 0x0d;
const LF = 0x0a;
const latin1 = new TextDecoder('latin1');

export interface HeaderField {
  /** Name as written. */
  readonly name: string;
  /** Lower-case name for comparisons. */
  readonly key: string;
  /** Value unfolded (line breaks removed, whitespace kept), without the leading space. */
  readonly value: string;
  /** Byte range of the whole field, line ends and continuation lines included. */
  readonly start: number;
  readonly end: number;
}

export interface MimePart {
  /** Offsets in the message bytes. */
  readonly start: number;
  readonly headerEnd: number; // after the blank line (or at bodyStart when there is none)
  readonly bodyStart: number;
  readonly end: number;
  readonly fields: readonly HeaderField[];
  readonly type: string; // lower case
  readonly subtype: string; // lower case
  readonly params: readonly (readonly [string, string])[];
  /** Sub-parts of a multipart, or the one part of a message/rfc822. */
  readonly children: readonly MimePart[];
  /** For message/rfc822: the encapsulated message's own part (its header and body). */
  readonly message?: MimePart;
}

/** Splits a header block starting at `start`; returns the fields and where the body starts. */
export function parseHeader(bytes: Uint8Array, start: number, limit: number): { fields: HeaderField[]; headerEnd: number; bodyStart: number } {
  // Find the blank line first, then decode the header once (latin1: one char per byte).
  let headerEnd = limit;
  let bodyStart = limit;
  let i = start;
  while (i < limit) {
    if (bytes[i] === LF) {
      headerEnd = bodyStart = i + 1;
      break;
    }
    if (bytes[i] === CR && bytes[i + 1] === LF) {
      headerEnd = bodyStart = i + 2;
      break;
    }
    const lf = bytes.indexOf(LF, i);
    if (lf < 0 || lf >= limit) break;
    i = lf + 1;
  }
  const blankLen = headerEnd === limit && bodyStart === limit ? 0 : bytes[headerEnd - 2] === CR ? 2 : 1;
  const text = latin1.decode(bytes.subarray(start, headerEnd - blankLen));
  const fields: HeaderField[] = [];
  let at = 0;
  while (at < text.length) {
    let lf = text.indexOf('\n', at);
    if (lf < 0) lf = text.length - 1;
    let stop = lf + 1;
    while (stop < text.length && (text.charCodeAt(stop) === 0x20 || text.charCodeAt(stop) === 0x09)) {
      const next = text.indexOf('\n', stop);
      stop = next < 0 ? text.length : next + 1;
    }
    const colon = text.indexOf(':', at);
    if (colon > at && colon < lf) {
      const name = text.slice(at, colon).replace(/[ \t]+$/, '');
      let value = text.slice(colon + 1, stop);
      if (value.includes('\n')) value = value.replace(/\r?\n/g, '');
      const c0 = value.charCodeAt(0);
      if (c0 === 0x20 || c0 === 0x09) value = value.slice(1);
      fields.push({ name, key: name.toLowerCase(), value, start: start + at, end: start + stop });
    }
    at = stop;
  }
  return { fields, headerEnd, bodyStart };
}

/** True when the header line at `at` is one of Dovecot's own mbox headers (hidden from clients). */
function hiddenField(bytes: Uint8Array, at: number): boolean {
  const c = (bytes[at] ?? 0) | 0x20;
  if (c !== 0x78 && c !== 0x73 && c !== 0x63) return false; // x, s, c
  const colon = bytes.indexOf(0x3a, at);
  if (colon < 0 || colon - at > 14) return false;
  let name = '';
  for (let k = at; k < colon; k++) name += String.fromCharCode((bytes[k] ?? 0) | 0x20);
  return HIDDEN.has(name);
}

const HIDDEN = new Set(['x-imapbase', 'x-imap', 'x-uid', 'status', 'x-status', 'x-keywords', 'content-length']);

/**
 * The message as Dovecot serves it from an mbox: its own headers (X-IMAPbase, X-UID, Status,
 * X-Status, X-Keywords, Content-Length) removed, and CRLF line ends. One pass over the bytes.
 */
export function servedMessage(content: Uint8Array): Uint8Array {
  const out = new Uint8Array(content.length * 2);
  let n = 0;
  let i = 0;
  let inHeader = true;
  let skipping = false;
  while (i < content.length) {
    const lf = content.indexOf(LF, i);
    const end = lf < 0 ? content.length : lf;
    if (inHeader) {
      if (end === i || (end === i + 1 && content[i] === CR)) inHeader = false;
      else if (content[i] === 0x20 || content[i] === 0x09) {
        if (skipping) {
          i = lf < 0 ? content.length : lf + 1;
          continue;
        }
      } else {
        skipping = hiddenField(content, i);
        if (skipping) {
          i = lf < 0 ? content.length : lf + 1;
          continue;
        }
      }
    }
    if (lf < 0) {
      out.set(content.subarray(i), n);
      n += content.length - i;
      break;
    }
    const textEnd = end > i && content[end - 1] === CR ? end - 1 : end;
    out.set(content.subarray(i, textEnd), n);
    n += textEnd - i;
    out[n++] = CR;
    out[n++] = LF;
    i = lf + 1;
  }
  return out.slice(0, n);
}

export function headerValue(fields: readonly HeaderField[], key: string): string | null {
  for (const f of fields) if (f.key === key) return f.value;
  return null;
}

/** RFC 2045 section 5.1 Content-Type: type/subtype; params (quoted values unquoted). */
export function parseContentType(value: string | null): { type: string; subtype: string; params: [string, string][] } | null {
  if (value === null) return null;
  const m = /^\s*([^\s/;]+)\s*\/\s*([^\s;]+)\s*(.*)$/s.exec(value);
  if (m === null) return null;
  return { type: (m[1] ?? '').toLowerCase(), subtype: (m[2] ?? '').toLowerCase(), params: parseParams(m[3] ?? '') };
}

/** `; name=value; name="quoted"` as in Content-Type and Content-Disposition. */
export function parseParams(text: string): [string, string][] {
  const out: [string, string][] = [];
  const re = /;\s*([^\s=;]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^;\s]*)/gs;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const name = (m[1] ?? '').toLowerCase();
    const val = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : (m[2] ?? '');
    out.push([name, val]);
  }
  return out;
}

function lineStartsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let k = 0; k < prefix.length; k++) if (bytes[at + k] !== prefix[k]) return false;
  return true;
}

const MAX_DEPTH = 20;

/** Parses the part in bytes[start..end): its header, then the body by Content-Type. */
export function parsePart(bytes: Uint8Array, start: number, end: number, defaultType: 'text/plain' | 'message/rfc822' = 'text/plain', depth = 0): MimePart {
  const { fields, headerEnd, bodyStart } = parseHeader(bytes, start, end);
  const ct = parseContentType(headerValue(fields, 'content-type'));
  let type = ct?.type ?? (defaultType === 'text/plain' ? 'text' : 'message');
  let subtype = ct?.subtype ?? (defaultType === 'text/plain' ? 'plain' : 'rfc822');
  let params: [string, string][] = ct?.params ?? (ct === null && defaultType === 'text/plain' ? [['charset', 'us-ascii']] : []);
  const boundary = params.find(([k]) => k === 'boundary')?.[1];
  let children: MimePart[] = [];
  let message: MimePart | undefined;
  if (depth < MAX_DEPTH && type === 'multipart') {
    if (boundary === undefined || boundary === '') {
      // Dovecot treats a multipart without boundary as text/plain.
      type = 'text';
      subtype = 'plain';
      params = [['charset', 'us-ascii']];
    } else {
      children = splitMultipart(bytes, bodyStart, end, boundary, subtype === 'digest' ? 'message/rfc822' : 'text/plain', depth + 1);
    }
  } else if (depth < MAX_DEPTH && type === 'message' && subtype === 'rfc822') {
    message = parsePart(bytes, bodyStart, end, 'text/plain', depth + 1);
    children = [message];
  }
  return { start, headerEnd, bodyStart, end, fields, type, subtype, params, children, ...(message !== undefined ? { message } : {}) };
}

function splitMultipart(bytes: Uint8Array, start: number, end: number, boundary: string, childDefault: 'text/plain' | 'message/rfc822', depth: number): MimePart[] {
  const delim = new Uint8Array(boundary.length + 2);
  delim[0] = 0x2d;
  delim[1] = 0x2d;
  for (let k = 0; k < boundary.length; k++) delim[k + 2] = boundary.charCodeAt(k) & 0xff;
  // Boundary lines: "--boundary" at a line start; the line end before it belongs to the boundary.
  const marks: { lineStart: number; after: number; close: boolean }[] = [];
  let i = start;
  while (i < end) {
    if (lineStartsWith(bytes, i, delim)) {
      const close = bytes[i + delim.length] === 0x2d && bytes[i + delim.length + 1] === 0x2d;
      let lf = bytes.indexOf(LF, i);
      if (lf < 0 || lf >= end) lf = end - 1;
      marks.push({ lineStart: i, after: lf + 1, close });
      if (close) break;
      i = lf + 1;
      continue;
    }
    const lf = bytes.indexOf(LF, i);
    if (lf < 0 || lf >= end) break;
    i = lf + 1;
  }
  const parts: MimePart[] = [];
  for (let k = 0; k < marks.length; k++) {
    const m = marks[k];
    if (m === undefined || m.close) break;
    const next = marks[k + 1];
    let partEnd = next === undefined ? end : next.lineStart;
    if (next !== undefined) {
      if (partEnd - 1 >= m.after && bytes[partEnd - 1] === LF) partEnd -= 1;
      if (partEnd - 1 >= m.after && bytes[partEnd - 1] === CR) partEnd -= 1;
    }
    parts.push(parsePart(bytes, Math.min(m.after, partEnd), partEnd, childDefault, depth));
  }
  return parts;
}

/** The part a section's part numbers point at (RFC 3501 section 6.4.5), or null. */
export function findPart(root: MimePart, numbers: readonly number[]): MimePart | null {
  let part = root;
  let first = true;
  for (const n of numbers) {
    // Below the top level, the parts of a message/rfc822 are those of the message it holds.
    const container = first ? part : (part.message ?? part);
    if (container.type === 'multipart') {
      const child = container.children[n - 1];
      if (child === undefined) return null;
      part = child;
    } else if (first || part.message !== undefined) {
      if (n !== 1) return null;
      part = container;
    } else {
      return null;
    }
    first = false;
  }
  return part;
}

/** Lines in a body as Dovecot counts them for BODYSTRUCTURE (LF count, plus a last partial line). */
export function countLines(bytes: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(LF, start); i >= 0 && i < end; i = bytes.indexOf(LF, i + 1)) n += 1;
  if (end > start && bytes[end - 1] !== LF) n += 1;
  return n;
}
