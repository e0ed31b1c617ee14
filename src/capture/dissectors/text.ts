// Text-protocol helpers shared by SMTP, POP, IMAP and IMF: lines as Wireshark's tvb_find_line_end
// cuts them, and text escaped as its format_text/format_text_wsp print it (epan/strutil.c).

export interface Line {
  /** Offset of the first byte of the line in the frame. */
  start: number;
  /** Offset just past the text, before CR/LF. */
  textEnd: number;
  /** Offset of the next line (after CRLF, CR or LF). */
  next: number;
}

/** Splits [offset, end) into lines; the last one may lack its terminator. */
export function splitLines(bytes: Uint8Array, offset: number, end: number): Line[] {
  const lines: Line[] = [];
  let at = offset;
  while (at < end) {
    let eol = at;
    while (eol < end && bytes[eol] !== 0x0d && bytes[eol] !== 0x0a) eol++;
    let next = eol;
    if (next < end) next += bytes[next] === 0x0d && next + 1 < end && bytes[next + 1] === 0x0a ? 2 : 1;
    lines.push({ start: at, textEnd: eol, next });
    at = next;
  }
  return lines;
}

const ESCAPES: Record<number, string> = { 0x07: '\\a', 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0b: '\\v', 0x0c: '\\f', 0x0d: '\\r' };
const decoder = new TextDecoder('utf-8');

function format(bytes: Uint8Array, start: number, end: number, wsp: boolean): string {
  let out = '';
  let run = start;
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c >= 0x20 && c !== 0x7f) continue;
    out += decodeRun(bytes, run, i);
    run = i + 1;
    if (wsp && (c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c)) out += ' ';
    else out += ESCAPES[c] ?? '\\' + c.toString(8).padStart(3, '0'); // tshark 4.0: octal
  }
  return out + decodeRun(bytes, run, end);
}

/** Bytes [from, to) as UTF-8; plain ASCII (most protocol text) without the decoder. */
function decodeRun(bytes: Uint8Array, from: number, to: number): string {
  if (to <= from) return '';
  let ascii = '';
  for (let i = from; i < to; i++) {
    const c = bytes[i];
    if (c >= 0x80 || to - from > 64) return decoder.decode(bytes.subarray(from, to));
    ascii += String.fromCharCode(c);
  }
  return ascii;
}

/** Control characters as C escapes (`\r\n`), the rest as UTF-8: how tree items show text. */
export function formatText(bytes: Uint8Array, start: number, end: number): string {
  return format(bytes, start, end, false);
}

/** Like formatText, but whitespace controls (CR, LF, tab) become spaces: IMF's Info and lines. */
export function formatTextWsp(bytes: Uint8Array, start: number, end: number): string {
  return format(bytes, start, end, true);
}

/** Wireshark stores at most this many bytes of a label (ITEM_LABEL_LENGTH less the NUL and margin). */
const LABEL_MAX = 238;

/** `Name: value`, or `Name [truncated]: valu` when the label overflows Wireshark's buffer. */
export function textLabel(name: string, value: string): string {
  const label = `${name}: ${value}`;
  // UTF-8 takes at most 3 bytes per UTF-16 unit: short labels need no counting.
  if (label.length * 3 <= LABEL_MAX + 1 || utf8Length(label) <= LABEL_MAX + 1) return label;
  return `${name} [truncated]: ${value}`.slice(0, LABEL_MAX);
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3; // lone surrogates become U+FFFD (3 bytes), as TextEncoder does
  }
  return n;
}

/** Wireshark's unsigned_time_secs_to_str: `7 days`, `1 day, 2 hours`. */
export function durationText(total: number): string {
  if (total === 0) return '0 seconds';
  const parts: string[] = [];
  const units: [number, string][] = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  let rest = total;
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
  }
  return parts.join(', ');
}

/**
 * Like formatText for bytes read as ENC_ASCII, as Wireshark 4.0's string items are: each byte
 * above 0x7f shows as U+FFFD (`été` typed in UTF-8 reads `��t��`).
 */
export function formatAscii(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  let run = start;
  for (let i = start; i < end; i++) {
    if (bytes[i] < 0x80) continue;
    out += formatText(bytes, run, i) + '\uFFFD';
    run = i + 1;
  }
  return out + formatText(bytes, run, end);
}

/** A label that is only text (a line of a text body), cut as Wireshark cuts it: ` [truncated]` first. */
export function textOnlyLabel(text: string): string {
  if (text.length * 3 <= LABEL_MAX + 1 || utf8Length(text) <= LABEL_MAX + 1) return text;
  return ` [truncated]${text}`.slice(0, LABEL_MAX);
}
