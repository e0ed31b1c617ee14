// SEARCH (RFC 3501 section 6.4.4, ESEARCH RFC 4731), SORT and THREAD (RFC 5256) over the selected
// mailbox.

import { astring, atom } from './args.ts';
import { parseRfc2822Date } from './imap-date.ts';
import { searchMessage } from './commands-util.ts';
import { SearchParser } from './search.ts';
import { threadMessages } from './thread.ts';
import type { ThreadInput } from './thread.ts';
import { formatUidSet } from './sequence-set.ts';
import type { CommandContext, ImapSession } from './session.ts';
import type { ImapStoredMessage } from './store.ts';

export function search(s: ImapSession, c: CommandContext): void {
  const sel = s.selected;
  if (sel === null) return;
  let args = c.args;
  if (atom(args[0])?.toUpperCase() === 'CHARSET') {
    const cs = astring(args[1])?.toUpperCase();
    if (cs === undefined) {
      s.commandError(c.tag, c.name, 'Invalid arguments.');
      return;
    }
    if (!['US-ASCII', 'UTF-8', 'ISO-8859-1'].includes(cs)) {
      s.finish(c.tag, `NO [BADCHARSET (US-ASCII UTF-8)] Unknown charset: ${cs}`, 'no-expunge');
      return;
    }
    args = args.slice(2);
  }
  // ESEARCH (RFC 4731): SEARCH RETURN (MIN MAX COUNT ALL) keys.
  let returns: string[] | null = null;
  if (atom(args[0])?.toUpperCase() === 'RETURN' && args[1]?.kind === 'list') {
    returns = args[1].items.map((a) => atom(a)?.toUpperCase() ?? '');
    if (returns.some((r) => !['MIN', 'MAX', 'COUNT', 'ALL', 'SAVE'].includes(r))) {
      s.commandError(c.tag, c.name, 'Unknown RETURN option');
      return;
    }
    if (returns.length === 0) returns = ['ALL'];
    args = args.slice(2);
  }
  const uids = sel.view.map((v) => v.uid);
  const parser = new SearchParser(args, { count: sel.view.length, uids });
  const test = parser.parseAll();
  if (test === null) {
    s.commandError(c.tag, c.name, parser.error ?? 'Invalid arguments.');
    return;
  }
  const hits: number[] = [];
  sel.view.forEach((v, i) => {
    const m = sel.byUid.get(v.uid);
    if (m === undefined) return;
    if (test(searchMessage(s, i + 1, m))) hits.push(c.uid ? m.uid : i + 1);
  });
  if (returns === null) s.send(`* SEARCH${hits.map((h) => ` ${h}`).join('')}`);
  else {
    const parts: string[] = [];
    if (hits.length > 0) {
      if (returns.includes('MIN')) parts.push(`MIN ${hits[0]}`);
      if (returns.includes('MAX')) parts.push(`MAX ${hits[hits.length - 1]}`);
    }
    if (returns.includes('COUNT')) parts.push(`COUNT ${hits.length}`);
    if (returns.includes('ALL') && hits.length > 0) parts.push(`ALL ${formatUidSet(hits)}`);
    s.send(`* ESEARCH (TAG "${c.tag}")${c.uid ? ' UID' : ''}${parts.map((p) => ` ${p}`).join('')}`);
  }
  s.finish(c.tag, 'OK Search completed.', 'no-expunge');
}

/** RFC 5256 base subject: "Re:", "Fwd:", "[tag]" prefixes and "(fwd)" trailers removed, lower case. */
function baseSubject(v: string | null): string {
  let t = (v ?? '').replace(/\s+/g, ' ').trim();
  for (let prev = ''; prev !== t; ) {
    prev = t;
    t = t.replace(/\s*\(fwd\)$/i, '').replace(/^(?:\[[^\]]*\]\s*)*(?:re|fwd?)\s*(?:\[[^\]]*\])?\s*:\s*/i, '').trim();
  }
  return t.toLowerCase();
}

/** First mailbox of an address header for SORT FROM/TO/CC (RFC 5256 section 3). */
function sortAddress(v: string | null): string {
  const m = /<([^>@]*)@?[^>]*>/.exec(v ?? '') ?? /([^\s,<>"@]+)@/.exec(v ?? '');
  return (m?.[1] ?? '').toLowerCase();
}

export function sort(s: ImapSession, c: CommandContext): void {
  const sel = s.selected;
  if (sel === null) return;
  const criteria = c.args[0];
  const charset = astring(c.args[1]);
  if (criteria?.kind !== 'list' || criteria.items.length === 0 || charset === null) {
    s.commandError(c.tag, c.name, 'Invalid arguments.');
    return;
  }
  const keys: { key: string; reverse: boolean }[] = [];
  let reverse = false;
  for (const it of criteria.items) {
    const k = atom(it)?.toUpperCase() ?? '';
    if (k === 'REVERSE') {
      reverse = true;
      continue;
    }
    if (!['ARRIVAL', 'CC', 'DATE', 'FROM', 'SIZE', 'SUBJECT', 'TO', 'DISPLAYFROM', 'DISPLAYTO'].includes(k)) {
      s.commandError(c.tag, c.name, `Unknown sort argument: ${k}`);
      return;
    }
    keys.push({ key: k, reverse });
    reverse = false;
  }
  const parser = new SearchParser(c.args.slice(2), { count: sel.view.length, uids: sel.view.map((v) => v.uid) });
  const test = parser.parseAll();
  if (test === null) {
    s.commandError(c.tag, c.name, parser.error ?? 'Invalid arguments.');
    return;
  }
  const rows: { seq: number; uid: number; m: ImapStoredMessage }[] = [];
  sel.view.forEach((v, i) => {
    const m = sel.byUid.get(v.uid);
    if (m === undefined) return;
    if (test(searchMessage(s, i + 1, m))) rows.push({ seq: i + 1, uid: m.uid, m });
  });
  const value = (m: ImapStoredMessage, key: string): string | number => {
    const fields = s.parsedMessage(m).root.fields;
    const h = (k: string): string | null => fields.find((f) => f.key === k)?.value ?? null;
    switch (key) {
      case 'ARRIVAL':
        return m.internalDate;
      case 'DATE':
        return parseRfc2822Date(h('date') ?? '') ?? m.internalDate;
      case 'SIZE':
        return m.size;
      case 'SUBJECT':
        return baseSubject(h('subject'));
      case 'FROM':
      case 'DISPLAYFROM':
        return sortAddress(h('from'));
      case 'TO':
      case 'DISPLAYTO':
        return sortAddress(h('to'));
      default:
        return sortAddress(h('cc'));
    }
  };
  rows.sort((a, b) => {
    for (const k of keys) {
      const x = value(a.m, k.key);
      const y = value(b.m, k.key);
      if (x !== y) return (x < y ? -1 : 1) * (k.reverse ? -1 : 1);
    }
    return a.seq - b.seq;
  });
  s.send(`* SORT${rows.map((r) => ` ${c.uid ? r.uid : r.seq}`).join('')}`);
  s.finish(c.tag, 'OK Sort completed.', 'no-expunge');
}

export function thread(s: ImapSession, c: CommandContext): void {
  const sel = s.selected;
  if (sel === null) return;
  const algorithm = atom(c.args[0])?.toUpperCase();
  const charset = astring(c.args[1]);
  if (algorithm === undefined || charset === null) {
    s.commandError(c.tag, c.name, 'Invalid arguments.');
    return;
  }
  const parser = new SearchParser(c.args.slice(2), { count: sel.view.length, uids: sel.view.map((v) => v.uid) });
  const test = parser.parseAll();
  if (test === null) {
    s.commandError(c.tag, c.name, parser.error ?? 'Invalid arguments.');
    return;
  }
  const inputs: ThreadInput[] = [];
  sel.view.forEach((v, i) => {
    const m = sel.byUid.get(v.uid);
    if (m === undefined) return;
    if (!test(searchMessage(s, i + 1, m))) return;
    const fields = s.parsedMessage(m).root.fields;
    const h = (k: string): string | null => fields.find((f) => f.key === k)?.value ?? null;
    const ids = (v2: string | null): string[] => (v2 ?? '').match(/<[^<>\s]+>/g) ?? [];
    inputs.push({
      id: c.uid ? m.uid : i + 1,
      date: parseRfc2822Date(h('date') ?? '') ?? m.internalDate,
      subject: baseSubject(h('subject')),
      messageId: ids(h('message-id'))[0] ?? null,
      parents: [...ids(h('references')), ...ids(h('in-reply-to'))],
    });
  });
  const out = threadMessages(algorithm, inputs);
  if (out === null) {
    s.commandError(c.tag, c.name, 'Unknown thread algorithm');
    return;
  }
  s.send(`* THREAD${out === '' ? '' : ` ${out}`}`);
  s.finish(c.tag, 'OK Thread completed.', 'no-expunge');
}
