// Commands of the authenticated state (RFC 3501 section 6.3): SELECT/EXAMINE, CREATE, DELETE,
// RENAME, SUBSCRIBE/UNSUBSCRIBE, LIST/LSUB, STATUS, APPEND (cmd-select.c, cmd-list.c, cmd-status.c,
// cmd-append.c...).

import { astring, atom, nstring } from './args.ts';
import { parseDateTime } from './imap-date.ts';
import { canonicalName } from './mbox-imap-store.ts';
import { formatUidSet } from './sequence-set.ts';
import type { CommandContext, ImapSession } from './session.ts';
import { isStoreError } from './store.ts';
import { astringOut, parseFlags, storageError, SYSTEM_FLAGS } from './commands-util.ts';

function mailboxArg(s: ImapSession, c: CommandContext, count: number): string[] | null {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const v = astring(c.args[i]);
    if (v === null) {
      // client_read_string_args(): a missing argument is read as NIL, which is not an astring.
      s.commandError(c.tag, c.name, 'Invalid arguments.');
      return null;
    }
    out.push(v);
  }
  if (c.args.length > count) {
    s.commandError(c.tag, c.name, 'Invalid arguments.');
    return null;
  }
  return out;
}

export function selectOrExamine(s: ImapSession, c: CommandContext, readOnly: boolean): void {
  const name = astring(c.args[0]);
  if (name === null || (c.args.length > 1 && c.args[1]?.kind !== 'list') || c.args.length > 2) {
    s.commandError(c.tag, c.name, 'Invalid arguments.');
    return;
  }
  if (s.selected !== null) {
    s.closeSelected();
    s.send('* OK [CLOSED] Previous mailbox closed.');
  }
  const handle = s.store.open(s.user, name, readOnly);
  if (isStoreError(handle)) {
    storageError(s, c.tag, handle);
    return;
  }
  const snap = handle.sync();
  if (isStoreError(snap)) {
    handle.close();
    storageError(s, c.tag, snap);
    return;
  }
  s.select(handle, snap);
  const keywords = snap.keywords.map((k) => ` ${k}`).join('');
  s.send(`* FLAGS (${SYSTEM_FLAGS.join(' ')}${keywords})`);
  if (readOnly) s.send('* OK [PERMANENTFLAGS ()] Read-only mailbox.');
  else s.send(`* OK [PERMANENTFLAGS (${SYSTEM_FLAGS.join(' ')}${keywords} \\*)] Flags permitted.`);
  s.send(`* ${snap.messages.length} EXISTS`);
  s.send(`* ${snap.messages.filter((m) => m.recent).length} RECENT`);
  const unseen = snap.messages.findIndex((m) => !m.flags.includes('\\Seen'));
  if (unseen >= 0) s.send(`* OK [UNSEEN ${unseen + 1}] First unseen.`);
  s.send(`* OK [UIDVALIDITY ${snap.uidValidity}] UIDs valid`);
  s.send(`* OK [UIDNEXT ${snap.uidNext}] Predicted next UID`);
  // SELECT mailbox (CONDSTORE) enables it too (RFC 7162 section 3.1.8).
  const params = c.args[1];
  if (params?.kind === 'list' && params.items.some((p) => atom(p)?.toUpperCase() === 'CONDSTORE')) s.condstore = true;
  if (s.condstore) s.send('* OK [HIGHESTMODSEQ 1] Highest');
  s.tagged(c.tag, readOnly ? 'OK [READ-ONLY] Examine completed.' : 'OK [READ-WRITE] Select completed.');
}

export function create(s: ImapSession, c: CommandContext): void {
  const names = mailboxArg(s, c, 1);
  if (names === null) return;
  const e = s.store.create(s.user, names[0] ?? '');
  if (e !== null) storageError(s, c.tag, e);
  else s.finish(c.tag, 'OK Create completed.');
}

export function del(s: ImapSession, c: CommandContext): void {
  const names = mailboxArg(s, c, 1);
  if (names === null) return;
  const name = names[0] ?? '';
  if (s.selected !== null && canonicalName(name) === s.selected.name) s.closeSelected();
  const e = s.store.delete(s.user, name);
  if (e !== null) storageError(s, c.tag, e);
  else s.finish(c.tag, 'OK Delete completed.');
}

export function rename(s: ImapSession, c: CommandContext): void {
  const names = mailboxArg(s, c, 2);
  if (names === null) return;
  const e = s.store.rename(s.user, names[0] ?? '', names[1] ?? '');
  if (e !== null) storageError(s, c.tag, e);
  else s.finish(c.tag, 'OK Rename completed.');
}

export function subscribe(s: ImapSession, c: CommandContext, on: boolean): void {
  const names = mailboxArg(s, c, 1);
  if (names === null) return;
  const e = s.store.setSubscribed(s.user, names[0] ?? '', on);
  if (e !== null) storageError(s, c.tag, e);
  else s.finish(c.tag, on ? 'OK Subscribe completed.' : 'OK Unsubscribe completed.');
}

/** LIST pattern (RFC 3501 section 6.3.8): "*" matches anything, "%" anything but the separator. */
function patternRegExp(reference: string, pattern: string): RegExp {
  const full = reference + pattern;
  let re = '';
  for (const ch of full) {
    if (ch === '*') re += '.*';
    else if (ch === '%') re += '[^/]*';
    else re += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function matchesName(re: RegExp, name: string): boolean {
  // INBOX matches in any case (the pattern may say "inbox").
  if (name === 'INBOX') return re.test('INBOX') || re.test('inbox') || re.test('Inbox') || new RegExp(re.source, 'i').test('INBOX');
  return re.test(name);
}

export function list(s: ImapSession, c: CommandContext, lsub: boolean): void {
  let args = c.args;
  // LIST-EXTENDED selection options "(SUBSCRIBED)" before the reference: accepted, ignored.
  if (!lsub && args[0]?.kind === 'list') args = args.slice(1);
  const reference = nstring(args[0]);
  const pattern = args[1]?.kind === 'list' ? null : nstring(args[1]);
  if (reference === null || pattern === null) {
    s.commandError(c.tag, c.name, 'Invalid arguments.');
    return;
  }
  const word = lsub ? 'LSUB' : 'LIST';
  if (!lsub && pattern === '') {
    s.send(`* LIST (\\Noselect) "/" ""`);
    s.finish(c.tag, 'OK List completed.');
    return;
  }
  const re = patternRegExp(reference, pattern);
  if (lsub) {
    for (const name of s.store.subscriptions(s.user)) if (matchesName(re, name)) s.send(`* LSUB () "/" ${astringOut(name)}`);
    s.finish(c.tag, 'OK Lsub completed.');
    return;
  }
  for (const e of s.store.list(s.user)) {
    if (!matchesName(re, e.name)) continue;
    s.send(`* ${word} (${e.attributes.join(' ')}) "/" ${astringOut(e.name)}`);
  }
  s.finish(c.tag, 'OK List completed.');
}

const STATUS_ITEMS = ['MESSAGES', 'RECENT', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN', 'HIGHESTMODSEQ'];

export function status(s: ImapSession, c: CommandContext): void {
  const name = astring(c.args[0]);
  const items = c.args[1];
  if (name === null || items?.kind !== 'list' || c.args.length !== 2) {
    s.commandError(c.tag, c.name, 'Invalid arguments.');
    return;
  }
  const wanted = new Set<string>();
  for (const it of items.items) {
    const w = atom(it)?.toUpperCase();
    if (w === undefined || !STATUS_ITEMS.includes(w)) {
      s.commandError(c.tag, c.name, `Invalid status item ${w ?? ''}`.trimEnd());
      return;
    }
    wanted.add(w);
  }
  const st = s.store.status(s.user, name);
  if (isStoreError(st)) {
    storageError(s, c.tag, st);
    return;
  }
  const values: Record<string, number> = { MESSAGES: st.messages, RECENT: st.recent, UIDNEXT: st.uidNext, UIDVALIDITY: st.uidValidity, UNSEEN: st.unseen, HIGHESTMODSEQ: 1 };
  const sel = s.selected;
  if (sel !== null && sel.name === canonicalName(name)) {
    // The selected mailbox answers from this session's view (its \Recent are its own).
    values.RECENT = sel.view.filter((v) => v.shown.includes('\\Recent')).length;
    values.HIGHESTMODSEQ = sel.highestModseq;
  }
  const parts = STATUS_ITEMS.filter((k) => wanted.has(k)).map((k) => `${k} ${values[k] ?? 0}`);
  s.send(`* STATUS ${astringOut(name)} (${parts.join(' ')})`);
  s.finish(c.tag, 'OK Status completed.');
}

/** A flag list of STORE/APPEND; a string is the error. */
export function append(s: ImapSession, c: CommandContext): void {
  const name = astring(c.args[0]);
  if (name === null) {
    s.commandError(c.tag, c.name, 'Invalid arguments.');
    return;
  }
  let i = 1;
  // Every message is checked before any is saved: a bad MULTIAPPEND saves nothing.
  const messages: { flags: string[]; date: number; bytes: Uint8Array }[] = [];
  while (i < c.args.length) {
    let flags: string[] = [];
    const maybeFlags = c.args[i];
    if (maybeFlags?.kind === 'list') {
      const f = parseFlags(maybeFlags.items);
      if (typeof f === 'string') {
        s.commandError(c.tag, c.name, f);
        return;
      }
      flags = f;
      i += 1;
    }
    let date = s.opts.now();
    const maybeDate = c.args[i];
    if (maybeDate?.kind === 'string' && maybeDate.literal === undefined) {
      const d = parseDateTime(maybeDate.value);
      if (d === null) {
        s.commandError(c.tag, c.name, 'Invalid internal date.');
        return;
      }
      date = d.utcMs;
      i += 1;
    }
    const msg = c.args[i];
    if (msg?.kind !== 'string' || msg.literal === undefined) {
      s.commandError(c.tag, c.name, 'Invalid arguments.');
      return;
    }
    i += 1;
    messages.push({ flags, date, bytes: msg.literal });
  }
  if (messages.length === 0) {
    s.commandError(c.tag, c.name, 'Invalid arguments.');
    return;
  }
  if (messages.some((m) => m.bytes.length === 0)) {
    s.finish(c.tag, "NO Can't save a zero byte message.");
    return;
  }
  const results: { uidValidity: number; uid: number }[] = [];
  for (const m of messages) {
    const r = s.store.append(s.user, name, m.bytes, m.flags, m.date);
    if (isStoreError(r)) {
      storageError(s, c.tag, r);
      return;
    }
    results.push(r);
  }
  // Saved through the selected mailbox: the new messages are \Recent in this session.
  if (s.selected !== null && s.selected.name === canonicalName(name)) s.selected.handle.claimRecent(results.map((r) => r.uid));
  const uids = formatUidSet(results.map((r) => r.uid));
  s.finish(c.tag, `OK [APPENDUID ${results[0]?.uidValidity ?? 0} ${uids}] Append completed.`);
}
