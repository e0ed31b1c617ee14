// IMAP server responses as the client reads them (RFC 3501 §7, §9 grammar): a response is a
// line that may end in a literal `{n}` (n bytes follow, then the line goes on), so reading one
// means line, literal, line... The parsed values keep literals as bytes: a message body fetched
// with BODY[] is exact, whatever it contains (parentheses, quotes, CRLF).
import type { MailConnection } from './mail-connection.ts';

export type ImapValue =
  | { readonly t: 'atom'; readonly v: string }
  | { readonly t: 'string'; readonly v: string; readonly bytes: Uint8Array }
  | { readonly t: 'nil' }
  | { readonly t: 'list'; readonly v: readonly ImapValue[] };

/** One response: its text with each literal replaced by a marker, and the literals' bytes. */
export interface ImapResponse {
  readonly text: string;
  readonly literals: readonly Uint8Array[];
}

/** A literal's place in ImapResponse.text: NUL (never in IMAP text), its index, NUL. */
const MARK = '\u0000';
const LITERAL_AT_END = /\{(\d+)\+?\}$/;
/** A literal larger than this is refused (no mail in a lab is 50 MB). */
const MAX_LITERAL = 50 * 1024 * 1024;

export async function readImapResponse(conn: MailConnection): Promise<ImapResponse> {
  let text = '';
  const literals: Uint8Array[] = [];
  for (;;) {
    const line = await conn.readLine();
    const m = LITERAL_AT_END.exec(line);
    const size = m === null ? -1 : Number(m[1]);
    if (m === null || size > MAX_LITERAL) return { text: text + line, literals };
    text += line.slice(0, m.index) + MARK + String(literals.length) + MARK;
    literals.push(await conn.readBytes(size));
  }
}

const decoder = new TextDecoder();

/** Parses values from `pos` of a response text (a FETCH's parenthesized list, a LIST's flags). */
export class ImapValueReader {
  pos: number;

  constructor(
    private readonly r: ImapResponse,
    pos = 0,
  ) {
    this.pos = pos;
  }

  private skipSpaces(): void {
    while (this.r.text[this.pos] === ' ') this.pos++;
  }

  get done(): boolean {
    this.skipSpaces();
    return this.pos >= this.r.text.length;
  }

  /** The next value, or null at the end or at a ")" (the caller's list ends there). */
  value(): ImapValue | null {
    this.skipSpaces();
    const text = this.r.text;
    const c = text[this.pos];
    if (c === undefined || c === ')') return null;
    if (c === '(') {
      this.pos++;
      const items: ImapValue[] = [];
      for (let v = this.value(); v !== null; v = this.value()) items.push(v);
      if (text[this.pos] === ')') this.pos++;
      return { t: 'list', v: items };
    }
    if (c === '"') return this.quoted();
    if (c === MARK) {
      const end = text.indexOf(MARK, this.pos + 1);
      const bytes = this.r.literals[Number(text.slice(this.pos + 1, end))] ?? new Uint8Array(0);
      this.pos = end + 1;
      return { t: 'string', v: decoder.decode(bytes), bytes };
    }
    return this.atom();
  }

  private quoted(): ImapValue {
    const text = this.r.text;
    let out = '';
    let i = this.pos + 1;
    for (; i < text.length && text[i] !== '"'; i++) {
      if (text[i] === '\\' && i + 1 < text.length) i++;
      out += text[i];
    }
    this.pos = Math.min(i + 1, text.length);
    return { t: 'string', v: out, bytes: new TextEncoder().encode(out) };
  }

  /** An atom; a "[...]" inside it (BODY[HEADER.FIELDS (FROM)]) is part of it, spaces included. */
  private atom(): ImapValue {
    const text = this.r.text;
    const start = this.pos;
    let depth = 0;
    while (this.pos < text.length) {
      const c = text[this.pos];
      if (c === '[') depth++;
      else if (c === ']') depth = Math.max(0, depth - 1);
      else if (depth === 0 && (c === ' ' || c === '(' || c === ')' || c === MARK)) break;
      this.pos++;
    }
    if (this.pos === start) this.pos++; // a stray character: skip it rather than loop
    const v = text.slice(start, this.pos);
    return v.toUpperCase() === 'NIL' ? { t: 'nil' } : { t: 'atom', v };
  }
}

/** A FETCH response's attributes: upper-cased names (UID, FLAGS, BODY[]) to values. */
export function fetchAttributes(r: ImapResponse): Map<string, ImapValue> | null {
  const m = /^\* \d+ FETCH /i.exec(r.text);
  if (m === null) return null;
  const reader = new ImapValueReader(r, m[0].length);
  const list = reader.value();
  const out = new Map<string, ImapValue>();
  if (list === null || list.t !== 'list') return out;
  for (let i = 0; i + 1 < list.v.length; i += 2) {
    const name = list.v[i];
    if (name.t === 'atom') out.set(name.v.toUpperCase(), list.v[i + 1]);
  }
  return out;
}

/** The text of a string value, an atom's text, '' for NIL. */
export function valueText(v: ImapValue | undefined): string {
  if (v === undefined || v.t === 'nil') return '';
  if (v.t === 'list') return v.v.map(valueText).join(' ');
  return v.v;
}
