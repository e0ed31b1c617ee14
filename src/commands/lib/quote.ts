// How GNU programs quote file names in messages (gnulib quotearg): three styles are used.
//  - quoteaf (shell-escape-always): `ls: cannot access 'x': ...`, always between quotes;
//  - quotef (shell-escape, ':' special): `cat: x: ...`, quoted only when the shell would need it;
//  - quote (locale): `mkdir: cannot create directory ‘x’: ...`, 'x' under C, ‘x’ under UTF-8,
//    « x » under French.
// A name that contains a ' but nothing else special is put between double quotes ("it's").
import type { Locale } from './locale.ts';

const SHELL_SPECIAL = new Set([...' !"$&()*;<=>[^`|\'?\\']);
/** Characters that may appear inside "..." unchanged (gnulib's c_and_shell_quote_compat). */
const COMPAT = /^[A-Za-z0-9%+,\-./:\]_ ']$/;
const ESCAPES: Record<string, string> = { '\x07': 'a', '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't', '\v': 'v' };
const encoder = new TextEncoder();

function printable(ch: string, loc: Locale): boolean {
  const c = ch.codePointAt(0)!;
  if (c < 0x20 || c === 0x7f) return false;
  if (c < 0x80) return true;
  if (!loc.utf8) return false; // the C locale is ASCII: every other byte is unprintable
  return !(c >= 0x80 && c < 0xa0) && c !== 0xfffd;
}

function octal(ch: string): string {
  let s = '';
  for (const b of encoder.encode(ch)) s += '\\' + b.toString(8).padStart(3, '0');
  return s;
}

function needsShellQuoting(s: string, loc: Locale, colon: boolean): boolean {
  if (s === '') return true;
  if (s === '{' || s === '}') return true;
  if (s[0] === '#' || s[0] === '~') return true;
  for (const ch of s) {
    if (SHELL_SPECIAL.has(ch)) return true;
    if (colon && ch === ':') return true;
    if (!printable(ch, loc)) return true;
  }
  return false;
}

function shellQuote(s: string, loc: Locale, colon: boolean): string {
  // Prefer "it's" to 'it'\''s' when nothing else is special inside double quotes.
  if (s.includes("'")) {
    let compat = true;
    let i = 0;
    for (const ch of s) {
      const ok = COMPAT.test(ch) || (i === 0 && (ch === '#' || ch === '~')) || (ch.codePointAt(0)! >= 0xa0 && printable(ch, loc));
      if (!ok) { compat = false; break; }
      i++;
    }
    if (compat) return '"' + (colon ? s.replace(/:/g, '\\:') : s) + '"';
  }
  let out = "'";
  let inEscape = false;
  for (const ch of s) {
    if (ch === '\0') continue;
    if (!printable(ch, loc)) {
      if (!inEscape) { out += "'$'"; inEscape = true; }
      out += ESCAPES[ch] !== undefined ? '\\' + ESCAPES[ch] : octal(ch);
      continue;
    }
    if (inEscape) { out += "''"; inEscape = false; }
    out += ch === "'" ? "'\\''" : ch;
  }
  return out + "'";
}

/** shell-escape-always: `'name'` (ls, rm, cp... messages about operands). */
export function quoteaf(s: string, loc: Locale): string {
  return shellQuote(s, loc, false);
}

/** shell-escape with ':' special: bare when safe (`cat: x: No such file or directory`). */
export function quotef(s: string, loc: Locale): string {
  return needsShellQuoting(s, loc, true) ? shellQuote(s, loc, true) : s;
}

/** shell-escape (ls output on a terminal): bare when safe, else quoted. */
export function shellEscape(s: string, loc: Locale): string {
  return needsShellQuoting(s, loc, false) ? shellQuote(s, loc, false) : s;
}

/** The locale's quotation marks: ‘x’ (UTF-8), « x » (French), 'x' (C). */
export function quoteMarks(loc: Locale, catalogQuotes = true): [string, string] {
  if (loc.fr && loc.utf8 && catalogQuotes) return ['\u00ab\u00a0', '\u00a0\u00bb'];
  if (loc.utf8) return ['\u2018', '\u2019'];
  return ["'", "'"];
}

/**
 * locale quoting style: `quote()` of gnulib, with C escapes for unprintable characters.
 * `catalogQuotes` = false for programs whose French catalog does not translate the marks (find).
 */
export function quote(s: string, loc: Locale, catalogQuotes = true): string {
  const [l, r] = quoteMarks(loc, catalogQuotes);
  let out = l;
  for (let i = 0; i < s.length; ) {
    if (s.startsWith(r, i)) { out += '\\' + r; i += r.length; continue; }
    const ch = String.fromCodePoint(s.codePointAt(i)!);
    i += ch.length;
    if (ch === '\\') out += '\\\\';
    else if (ESCAPES[ch] !== undefined) out += '\\' + ESCAPES[ch];
    else if (!printable(ch, loc)) out += octal(ch);
    else out += ch;
  }
  return out + r;
}
