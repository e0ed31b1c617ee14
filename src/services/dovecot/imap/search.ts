// SEARCH keys (RFC 3501 section 6.4.4) compiled into a test on one message. Strings match as
// case-insensitive substrings, as Dovecot's default (no FTS plugin) search does; dates compare the
// day only, in the message's own zone for INTERNALDATE and in the Date: header's for SENT*.

import { astring, atom } from './args.ts';
import type { ImapArg } from './args.ts';
import { parseRfc2822Date, parseSearchDate } from './imap-date.ts';
import type { HeaderField, MimePart } from './message.ts';
import { headerValue } from './message.ts';
import { parseSequenceSet, resolveSequence, resolveUidSet } from './sequence-set.ts';

export interface SearchMessage {
  readonly seq: number;
  readonly uid: number;
  readonly flags: readonly string[];
  readonly recent: boolean;
  readonly internalDate: number;
  readonly internalZone: number;
  readonly size: number;
  /** The served bytes and their MIME tree (parsed on demand). */
  parsed(): { readonly bytes: Uint8Array; readonly root: MimePart };
}

export interface SearchContext {
  readonly count: number;
  /** UIDs of the mailbox in sequence order. */
  readonly uids: readonly number[];
}

export type SearchTest = (m: SearchMessage) => boolean;

const latin1 = new TextDecoder('latin1');

function contains(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle.toLowerCase());
}

function headerMatches(fields: readonly HeaderField[], key: string, needle: string): boolean {
  for (const f of fields) if (f.key === key && (needle === '' || contains(f.value, needle))) return true;
  return false;
}

function dayOf(utcMs: number, zoneMinutes: number): number {
  const local = utcMs + zoneMinutes * 60_000;
  return Math.floor(local / 86_400_000) * 86_400_000;
}

function sentDay(m: SearchMessage): number | null {
  const p = m.parsed();
  const v = headerValue(p.root.fields, 'date');
  if (v === null) return null;
  const t = parseRfc2822Date(v);
  if (t === null) return null;
  const z = /([+-])(\d{2})(\d{2})/.exec(v);
  const offset = z === null ? 0 : (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
  return dayOf(t, offset);
}

const SIMPLE_FLAGS: Record<string, (m: SearchMessage) => boolean> = {
  ALL: () => true,
  ANSWERED: (m) => m.flags.includes('\\Answered'),
  DELETED: (m) => m.flags.includes('\\Deleted'),
  DRAFT: (m) => m.flags.includes('\\Draft'),
  FLAGGED: (m) => m.flags.includes('\\Flagged'),
  SEEN: (m) => m.flags.includes('\\Seen'),
  RECENT: (m) => m.recent,
  NEW: (m) => m.recent && !m.flags.includes('\\Seen'),
  OLD: (m) => !m.recent,
  UNANSWERED: (m) => !m.flags.includes('\\Answered'),
  UNDELETED: (m) => !m.flags.includes('\\Deleted'),
  UNDRAFT: (m) => !m.flags.includes('\\Draft'),
  UNFLAGGED: (m) => !m.flags.includes('\\Flagged'),
  UNSEEN: (m) => !m.flags.includes('\\Seen'),
};

const HEADER_KEYS: Record<string, string> = { FROM: 'from', TO: 'to', CC: 'cc', BCC: 'bcc', SUBJECT: 'subject' };

export class SearchParser {
  private i = 0;
  error: string | null = null;

  constructor(
    private readonly args: readonly ImapArg[],
    private readonly ctx: SearchContext,
  ) {}

  /** All keys ANDed; null with `error` set on a bad key. */
  parseAll(): SearchTest | null {
    const tests: SearchTest[] = [];
    while (this.i < this.args.length) {
      const t = this.parseKey();
      if (t === null) return null;
      tests.push(t);
    }
    if (tests.length === 0) {
      this.error = 'Missing search parameters';
      return null;
    }
    return (m) => tests.every((t) => t(m));
  }

  private fail(msg: string): null {
    this.error ??= msg;
    return null;
  }

  private nextString(key: string): string | null {
    const v = astring(this.args[this.i]);
    if (v === null) return this.fail(`Missing parameter for ${key}`);
    this.i += 1;
    return v;
  }

  private parseKey(): SearchTest | null {
    const arg = this.args[this.i];
    if (arg === undefined) return this.fail('Missing search parameters');
    this.i += 1;
    if (arg.kind === 'list') {
      const sub = new SearchParser(arg.items, this.ctx);
      const t = sub.parseAll();
      if (t === null) return this.fail(sub.error ?? 'Invalid search parameters');
      return t;
    }
    const word = atom(arg) ?? astring(arg);
    if (word === null) return this.fail('Unknown argument NIL');
    const key = word.toUpperCase();
    const simple = SIMPLE_FLAGS[key];
    if (simple !== undefined) return simple;
    const header = HEADER_KEYS[key];
    if (header !== undefined) {
      const v = this.nextString(key);
      if (v === null) return null;
      return (m) => headerMatches(m.parsed().root.fields, header, v);
    }
    switch (key) {
      case 'NOT': {
        const t = this.parseKey();
        return t === null ? null : (m) => !t(m);
      }
      case 'OR': {
        const a = this.parseKey();
        if (a === null) return null;
        const b = this.parseKey();
        return b === null ? null : (m) => a(m) || b(m);
      }
      case 'HEADER': {
        const name = this.nextString(key);
        if (name === null) return null;
        const v = this.nextString(key);
        if (v === null) return null;
        const k = name.toLowerCase();
        return (m) => headerMatches(m.parsed().root.fields, k, v);
      }
      case 'BODY':
      case 'TEXT': {
        const v = this.nextString(key);
        if (v === null) return null;
        return (m) => {
          const p = m.parsed();
          const from = key === 'TEXT' ? 0 : p.root.bodyStart;
          return contains(latin1.decode(p.bytes.subarray(from)), v);
        };
      }
      case 'KEYWORD':
      case 'UNKEYWORD': {
        const v = this.nextString(key);
        if (v === null) return null;
        return key === 'KEYWORD' ? (m) => m.flags.includes(v) : (m) => !m.flags.includes(v);
      }
      case 'LARGER':
      case 'SMALLER': {
        const v = this.nextString(key);
        if (v === null) return null;
        if (!/^\d+$/.test(v)) return this.fail(`Invalid size: ${v}`);
        const n = Number(v);
        return key === 'LARGER' ? (m) => m.size > n : (m) => m.size < n;
      }
      case 'BEFORE':
      case 'ON':
      case 'SINCE':
      case 'SENTBEFORE':
      case 'SENTON':
      case 'SENTSINCE': {
        const v = this.nextString(key);
        if (v === null) return null;
        const day = parseSearchDate(v);
        if (day === null) return this.fail(`Invalid search date parameter: ${v}`);
        const sent = key.startsWith('SENT');
        const op = key.replace('SENT', '');
        return (m) => {
          const d = sent ? sentDay(m) : dayOf(m.internalDate, m.internalZone);
          if (d === null) return false;
          return op === 'BEFORE' ? d < day : op === 'ON' ? d === day : d >= day;
        };
      }
      case 'UID': {
        const v = this.nextString(key);
        if (v === null) return null;
        const set = parseSequenceSet(v);
        if (set === null) return this.fail('Invalid uidset');
        const uids = resolveUidSet(set, this.ctx.uids);
        return (m) => uids.has(m.uid);
      }
      default: {
        const set = /^[\d*:,]+$/.test(word) ? parseSequenceSet(word) : null;
        if (set !== null) {
          const seqs = new Set(resolveSequence(set, this.ctx.count));
          return (m) => seqs.has(m.seq);
        }
        return this.fail(`Unknown argument ${key}`);
      }
    }
  }
}
