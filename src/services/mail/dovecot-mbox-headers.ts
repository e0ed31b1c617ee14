// The headers Dovecot's mbox driver keeps inside each message of /var/mail/USER (doc "MailboxFormat/
// mbox": X-IMAPbase in the first message holds UIDVALIDITY, the last UID given and keywords; X-UID, Status
// (R = \Seen, O = not \Recent), X-Status (A F T D) and X-Keywords per message). Dovecot reserves room
// for later rewrites by padding X-UID with spaces; the padding is kept so a rewrite is byte-exact.
// These headers (and Content-Length, X-IMAP) are hidden from POP3 and IMAP clients.

import { concat, encodeLatin1 } from './mbox.ts';

const LF = 0x0a;
const latin1 = new TextDecoder('latin1');

const HIDDEN = new Set(['x-imapbase', 'x-imap', 'x-uid', 'status', 'x-status', 'x-keywords', 'content-length']);

export interface DovecotMboxState {
  /** From X-IMAPbase (first message only). */
  readonly uidValidity?: number;
  readonly lastUid?: number;
  readonly keywordNames?: readonly string[];
  readonly uid?: number;
  /** Spaces after the X-UID value (Dovecot's space reserve). */
  readonly uidPadding?: number;
  /** Status: letters as written, e.g. "RO". */
  readonly status?: string;
  /** X-Status: letters as written, e.g. "A" (answered), "F" (flagged). */
  readonly xStatus?: string;
  readonly xKeywords?: string;
}

/** Index of the LF of the blank line that ends the header, or -1 for a header-only message. */
export function blankLineAt(content: Uint8Array): number {
  if (content[0] === LF) return 0;
  for (let i = content.indexOf(LF); i >= 0; i = content.indexOf(LF, i + 1)) {
    if (content[i + 1] === LF) return i + 1;
  }
  return -1;
}

interface HeaderField {
  readonly name: string; // lower case
  readonly start: number;
  readonly end: number; // after its last LF (continuation lines included)
}

/** Header fields with their byte ranges; the blank line is not included. */
function fields(content: Uint8Array): HeaderField[] {
  const out: HeaderField[] = [];
  let i = 0;
  const blank = blankLineAt(content);
  const bodyStart = blank < 0 ? content.length : blank;
  while (i < bodyStart) {
    let lf = content.indexOf(LF, i);
    if (lf < 0 || lf >= bodyStart) lf = bodyStart - 1;
    let stop = lf + 1;
    while (stop < bodyStart && (content[stop] === 0x20 || content[stop] === 0x09)) {
      const next = content.indexOf(LF, stop);
      stop = next < 0 || next >= bodyStart ? bodyStart : next + 1;
    }
    const colon = content.indexOf(0x3a, i);
    const name = colon > i && colon < lf ? latin1.decode(content.subarray(i, colon)).toLowerCase() : '';
    out.push({ name, start: i, end: stop });
    i = stop;
  }
  return out;
}

function value(content: Uint8Array, f: HeaderField): string {
  const text = latin1.decode(content.subarray(f.start, f.end)).replace(/\n$/, '');
  return text.slice(text.indexOf(':') + 1).replace(/^ /, '');
}

/** Reads Dovecot's state headers of one message's content (as parseMbox returns it). */
export function readDovecotHeaders(content: Uint8Array): DovecotMboxState {
  const state: { -readonly [K in keyof DovecotMboxState]: DovecotMboxState[K] } = {};
  for (const f of fields(content)) {
    const v = value(content, f);
    if (f.name === 'x-imapbase') {
      const [validity, next, ...names] = v.trim().split(/ +/);
      state.uidValidity = Number(validity);
      state.lastUid = Number(next);
      state.keywordNames = names;
    } else if (f.name === 'x-uid') {
      const m = /^(\d+)( *)$/.exec(v);
      if (m !== null) {
        state.uid = Number(m[1]);
        state.uidPadding = (m[2] ?? '').length;
      }
    } else if (f.name === 'status') state.status = v;
    else if (f.name === 'x-status') state.xStatus = v;
    else if (f.name === 'x-keywords') state.xKeywords = v;
  }
  return state;
}

/** The message as Dovecot serves it to POP3 and IMAP clients: its own headers removed. */
export function stripDovecotHeaders(content: Uint8Array): Uint8Array {
  const kept: Uint8Array[] = [];
  let from = 0;
  for (const f of fields(content)) {
    if (!HIDDEN.has(f.name)) continue;
    kept.push(content.subarray(from, f.start));
    from = f.end;
  }
  kept.push(content.subarray(from));
  return concat(kept);
}

/**
 * Replaces Dovecot's headers of a message with `state`, written where and as Dovecot writes them:
 * at the end of the header, in the order X-IMAPbase, X-UID, Status, X-Status, X-Keywords.
 */
export function writeDovecotHeaders(content: Uint8Array, state: DovecotMboxState): Uint8Array {
  const clean = stripDovecotHeaders(content);
  // Before the blank line, or at the very end of a header-only message.
  const blank = blankLineAt(clean);
  const at = blank < 0 ? clean.length : blank;
  const lines: string[] = [];
  if (state.uidValidity !== undefined) {
    const next = String(state.lastUid ?? 0).padStart(10, '0');
    lines.push(['X-IMAPbase:', String(state.uidValidity), next, ...(state.keywordNames ?? [])].join(' '));
  }
  if (state.uid !== undefined) lines.push(`X-UID: ${state.uid}${' '.repeat(state.uidPadding ?? 0)}`);
  if (state.status !== undefined) lines.push(`Status: ${state.status}`);
  if (state.xStatus !== undefined) lines.push(`X-Status: ${state.xStatus}`);
  if (state.xKeywords !== undefined) lines.push(`X-Keywords: ${state.xKeywords}`);
  if (lines.length === 0) return clean;
  const needLf = at > 0 && clean[at - 1] !== LF;
  const added = encodeLatin1(`${needLf ? '\n' : ''}${lines.join('\n')}\n`);
  return concat([clean.subarray(0, at), added, clean.subarray(at)]);
}
