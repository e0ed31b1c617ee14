// The commands of Dovecot's imap process (src/imap/cmd-*.c), one handler per command as go-smtp's
// conn.go has one handleX per verb: here any-state (RFC 3501 section 6.1) and selected-state
// message commands (6.4: FETCH, STORE, COPY, EXPUNGE...), plus UNSELECT (RFC 3691), MOVE (RFC 6851),
// IDLE (RFC 2177), ID (RFC 2971), ENABLE (RFC 5161), NAMESPACE (RFC 2342); mailbox commands are in
// commands-mailbox.ts, SEARCH/SORT/THREAD in commands-search.ts. COMMANDS is the dispatch table.

import { astring, atom } from './args.ts';
import type { ImapArg } from './args.ts';
import { parseFetchItems, renderFetch, setsSeen } from './fetch.ts';
import type { FetchItem } from './fetch.ts';
import { canonicalName } from './mbox-imap-store.ts';
import { formatUidSet, parseSequenceSet, resolveUidSet } from './sequence-set.ts';
import { displayFlags } from './session.ts';
import type { CommandContext, CommandSpec, ImapSession, Selected } from './session.ts';
import { POST_LOGIN_CAPABILITIES_TEXT } from './capabilities.ts';
import { isStoreError } from './store.ts';
import { append, create, del, list, rename, selectOrExamine, status, subscribe } from './commands-mailbox.ts';
import { search, sort, thread } from './commands-search.ts';
import { messageSet, parseFlags, storageError, storedAt } from './commands-util.ts';

// ---- any state ------------------------------------------------------------------------------------

function capability(s: ImapSession, c: CommandContext): void {
  s.send(`* CAPABILITY ${POST_LOGIN_CAPABILITIES_TEXT}`);
  s.finish(c.tag, 'OK Capability completed.');
}

function noop(s: ImapSession, c: CommandContext): void {
  s.finish(c.tag, 'OK NOOP completed.');
}

function logout(s: ImapSession, c: CommandContext): void {
  s.logout(c.tag);
}

function id(s: ImapSession, c: CommandContext): void {
  s.send('* ID ("name" "Dovecot")');
  s.finish(c.tag, 'OK ID completed.');
}

function enable(s: ImapSession, c: CommandContext): void {
  if (c.args.length === 0) {
    s.commandError(c.tag, c.name, 'Missing arguments');
    return;
  }
  const known = ['CONDSTORE', 'QRESYNC'];
  const enabled: string[] = [];
  for (const a of c.args) {
    const name = atom(a)?.toUpperCase();
    if (name === undefined) {
      s.commandError(c.tag, c.name, 'Invalid arguments.');
      return;
    }
    if (known.includes(name) && !enabled.includes(name)) enabled.push(name);
  }
  s.send(`* ENABLED${enabled.map((e) => ` ${e}`).join('')}`);
  if (enabled.length > 0 && !s.condstore) {
    s.condstore = true;
    if (s.selected !== null) s.send(`* OK [HIGHESTMODSEQ ${s.selected.highestModseq}] Highest`);
  }
  s.finish(c.tag, 'OK Enabled.');
}

function namespace(s: ImapSession, c: CommandContext): void {
  s.send('* NAMESPACE (("" "/")) NIL NIL');
  s.finish(c.tag, 'OK Namespace completed.');
}

// ---- selected state -------------------------------------------------------------------------------

function check(s: ImapSession, c: CommandContext): void {
  s.finish(c.tag, 'OK Check completed.');
}

function expungeDeleted(s: ImapSession, sel: Selected, only: Set<number> | null, announce: boolean): boolean {
  const snap = sel.handle.sync();
  if (isStoreError(snap)) return false;
  const doomed = snap.messages.filter((m) => m.flags.includes('\\Deleted') && (only === null || only.has(m.uid))).map((m) => m.uid);
  if (doomed.length === 0) return true;
  if (!sel.handle.expunge(doomed)) return false;
  s.expunged += doomed.length;
  const gone = new Set(doomed);
  if (announce) {
    for (let i = sel.view.length - 1; i >= 0; i--) {
      const v = sel.view[i];
      if (v !== undefined && gone.has(v.uid)) {
        sel.view.splice(i, 1);
        sel.parsed.delete(v.uid);
        s.send(`* ${i + 1} EXPUNGE`);
      }
    }
  }
  return true;
}

function close(s: ImapSession, c: CommandContext): void {
  const sel = s.selected;
  if (sel !== null && !sel.readOnly) expungeDeleted(s, sel, null, false);
  s.closeSelected();
  s.tagged(c.tag, 'OK Close completed.');
}

function unselect(s: ImapSession, c: CommandContext): void {
  s.closeSelected();
  s.tagged(c.tag, 'OK Unselect completed.');
}

function expunge(s: ImapSession, c: CommandContext): void {
  const sel = s.selected;
  if (sel === null) return;
  let only: Set<number> | null = null;
  if (c.uid) {
    const set = typeof c.args[0] === 'undefined' ? null : parseSequenceSet(atom(c.args[0]) ?? '');
    if (set === null) {
      s.commandError(c.tag, c.name, 'Invalid uidset');
      return;
    }
    only = resolveUidSet(set, sel.view.map((v) => v.uid));
  }
  if (sel.readOnly) {
    s.finish(c.tag, 'NO Mailbox is read-only.');
    return;
  }
  if (!expungeDeleted(s, sel, only, true)) {
    s.finish(c.tag, 'NO [SERVERBUG] Internal error occurred. Refer to server log for more information.');
    return;
  }
  s.finish(c.tag, 'OK Expunge completed.');
}

/** Sequence numbers (1-based) a message set or UID set names in the selected mailbox, or null after an error reply. */
function fetch(s: ImapSession, c: CommandContext): void {
  const sel = s.selected;
  if (sel === null) return;
  if (c.args.length < 2) {
    s.commandError(c.tag, c.name, 'Invalid arguments.');
    return;
  }
  const items = parseFetchItems(c.args[1], c.args.slice(2));
  if (typeof items === 'string') {
    s.commandError(c.tag, c.name, items);
    return;
  }
  if (items.some((it) => it.kind === 'MODSEQ') || c.args.slice(2).some((a) => a.kind === 'list')) s.condstore = true;
  const seqs = messageSet(s, c, sel, atom(c.args[0]));
  if (seqs === null) return;
  // \Seen is set before the data is sent, as imap-fetch.c does (not in a read-only mailbox).
  const markSeen = setsSeen(items) && !sel.readOnly;
  const seenNow = new Set<number>();
  if (markSeen) {
    const changes = new Map<number, string[]>();
    for (const seq of seqs) {
      const m = storedAt(sel, seq);
      if (m !== undefined && !m.flags.includes('\\Seen')) changes.set(m.uid, [...m.flags, '\\Seen']);
    }
    if (changes.size > 0 && sel.handle.setFlags(changes)) {
      const snap = sel.handle.sync();
      if (!isStoreError(snap)) {
        sel.snapshot = snap;
        sel.byUid = new Map(snap.messages.map((m) => [m.uid, m]));
      }
      for (const uid of changes.keys()) {
        seenNow.add(uid);
        s.modseqText(sel, uid, true);
      }
    }
  }
  for (const seq of seqs) {
    const m = storedAt(sel, seq);
    const v = sel.view[seq - 1];
    if (m === undefined || v === undefined) continue;
    const flags = displayFlags(m.flags, m.recent);
    if (items.some((it: FetchItem) => it.kind === 'FLAGS') || seenNow.has(m.uid)) v.shown = flags;
    const fm = {
      seq,
      uid: m.uid,
      flags: flags === '' ? [] : flags.split(' '),
      internalDate: m.internalDate,
      internalZone: m.internalZone,
      size: m.size,
      modseq: sel.modseq.get(m.uid) ?? 1,
      parsed: () => s.parsedMessage(m),
    };
    for (const chunk of renderFetch(fm, items, c.uid, seenNow.has(m.uid), s.counters)) s.write(chunk);
  }
  s.finish(c.tag, 'OK Fetch completed.', 'no-expunge');
}

function store(s: ImapSession, c: CommandContext): void {
  const sel = s.selected;
  if (sel === null) return;
  // cmd-store.c: the message set first, then STORE modifiers (UNCHANGEDSINCE), then the flags.
  const seqs = messageSet(s, c, sel, atom(c.args[0]));
  if (seqs === null) return;
  let args = c.args;
  const modifiers = c.args[1];
  if (modifiers?.kind === 'list') {
    const items = modifiers.items;
    for (let i = 0; i < items.length; i += 2) {
      const name = atom(items[i])?.toUpperCase();
      const value = atom(items[i + 1]);
      if (name === undefined || value === null) {
        s.commandError(c.tag, c.name, 'Invalid STORE modifiers.');
        return;
      }
      if (name !== 'UNCHANGEDSINCE') {
        s.commandError(c.tag, c.name, 'Unknown STORE modifier');
        return;
      }
      if (!/^\d+$/.test(value)) {
        s.commandError(c.tag, c.name, 'Invalid modseq');
        return;
      }
    }
    s.condstore = true;
    args = [c.args[0], ...c.args.slice(2)] as ImapArg[];
  }
  const what = astring(args[1])?.toUpperCase();
  const m = what === undefined ? null : /^([+-]?)FLAGS(\.SILENT)?$/.exec(what);
  if (m === null) {
    s.commandError(c.tag, c.name, 'Invalid arguments.');
    return;
  }
  const third = args[2];
  const flagArgs = third?.kind === 'list' ? third.items : (args.slice(2) as ImapArg[]);
  const flags = parseFlags(flagArgs);
  if (typeof flags === 'string') {
    s.commandError(c.tag, c.name, flags);
    return;
  }
  if (sel.readOnly) {
    s.finish(c.tag, modifiers?.kind === 'list' ? 'NO CONDSTORE failed: Mailbox is read-only.' : 'OK Store ignored with read-only mailbox.', c.uid ? 'full' : 'no-expunge');
    return;
  }
  const mode = m[1] ?? '';
  const silent = m[2] !== undefined;
  const changes = new Map<number, string[]>();
  for (const seq of seqs) {
    const msg = storedAt(sel, seq);
    if (msg === undefined) continue;
    let next: string[];
    if (mode === '+') next = [...msg.flags, ...flags.filter((f) => !msg.flags.includes(f))];
    else if (mode === '-') next = msg.flags.filter((f) => !flags.includes(f));
    else next = [...flags];
    if (!sameSet(next, msg.flags)) {
      changes.set(msg.uid, next);
      if (next.includes('\\Deleted') && !msg.flags.includes('\\Deleted')) s.deleted += 1;
    }
  }
  if (changes.size > 0 && !sel.handle.setFlags(changes)) {
    s.finish(c.tag, 'NO [SERVERBUG] Internal error occurred. Refer to server log for more information.', 'no-expunge');
    return;
  }
  if (changes.size > 0) {
    const snap = sel.handle.sync();
    if (!isStoreError(snap)) {
      sel.snapshot = snap;
      sel.byUid = new Map(snap.messages.map((x) => [x.uid, x]));
    }
  }
  for (const seq of seqs) {
    const v = sel.view[seq - 1];
    const msg = storedAt(sel, seq);
    if (v === undefined || msg === undefined || !changes.has(v.uid)) continue;
    const shown = displayFlags(msg.flags, msg.recent);
    v.shown = shown;
    const modseq = s.modseqText(sel, v.uid, true);
    if (!silent) s.send(`* ${seq} FETCH (${c.uid ? `UID ${v.uid} ` : ''}FLAGS (${shown})${modseq})`);
  }
  s.finish(c.tag, 'OK Store completed.', 'no-expunge');
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function copyOrMove(s: ImapSession, c: CommandContext, move: boolean): void {
  const sel = s.selected;
  if (sel === null) return;
  const target = astring(c.args[1]);
  if (target === null || c.args.length !== 2) {
    s.commandError(c.tag, c.name, 'Invalid arguments.');
    return;
  }
  const seqs = messageSet(s, c, sel, atom(c.args[0]));
  if (seqs === null) return;
  if (move && sel.readOnly) {
    s.finish(c.tag, 'NO Mailbox is read-only.', 'no-expunge');
    return;
  }
  const dest = s.store.status(s.user, target);
  if (isStoreError(dest)) {
    storageError(s, c.tag, dest.code === 'NONEXISTENT' ? { error: dest.error, code: 'TRYCREATE' } : dest);
    return;
  }
  const src: number[] = [];
  const dst: number[] = [];
  let validity = dest.uidValidity;
  for (const seq of seqs) {
    const m = storedAt(sel, seq);
    if (m === undefined) continue;
    const r = s.store.append(s.user, target, m.content(), m.flags, m.internalDate);
    if (isStoreError(r)) {
      storageError(s, c.tag, r);
      return;
    }
    validity = r.uidValidity;
    src.push(m.uid);
    dst.push(r.uid);
  }
  if (canonicalName(target) === sel.name) sel.handle.claimRecent(dst);
  const word = move ? 'Move' : 'Copy';
  if (src.length === 0) {
    s.finish(c.tag, 'OK No messages found.', move ? 'full' : 'no-expunge');
    return;
  }
  const code = `COPYUID ${validity} ${formatUidSet(src)} ${formatUidSet(dst)}`;
  if (!move) {
    s.finish(c.tag, `OK [${code}] ${word} completed.`, 'no-expunge');
    return;
  }
  s.send(`* OK [${code}] Moved UIDs.`);
  const gone = new Set(src);
  if (sel.handle.expunge(src)) {
    s.expunged += src.length;
    for (let i = sel.view.length - 1; i >= 0; i--) {
      const v = sel.view[i];
      if (v !== undefined && gone.has(v.uid)) {
        sel.view.splice(i, 1);
        sel.parsed.delete(v.uid);
        s.send(`* ${i + 1} EXPUNGE`);
      }
    }
  }
  s.finish(c.tag, 'OK Move completed.');
}

function idle(s: ImapSession, c: CommandContext): void {
  s.sync('full');
  s.startIdle(c.tag);
}

export const COMMANDS: Record<string, CommandSpec> = {
  CAPABILITY: { handler: capability },
  NOOP: { handler: noop },
  LOGOUT: { handler: logout },
  ID: { handler: id },
  ENABLE: { handler: enable },
  NAMESPACE: { handler: namespace },
  SELECT: { handler: (s, c) => selectOrExamine(s, c, false) },
  EXAMINE: { handler: (s, c) => selectOrExamine(s, c, true) },
  CREATE: { handler: create },
  DELETE: { handler: del },
  RENAME: { handler: rename },
  SUBSCRIBE: { handler: (s, c) => subscribe(s, c, true) },
  UNSUBSCRIBE: { handler: (s, c) => subscribe(s, c, false) },
  LIST: { handler: (s, c) => list(s, c, false) },
  LSUB: { handler: (s, c) => list(s, c, true) },
  STATUS: { handler: status },
  APPEND: { handler: append },
  IDLE: { handler: idle },
  CHECK: { handler: check, selected: true },
  CLOSE: { handler: close, selected: true },
  UNSELECT: { handler: unselect, selected: true },
  EXPUNGE: { handler: expunge, selected: true },
  SEARCH: { handler: search, selected: true },
  SORT: { handler: sort, selected: true },
  THREAD: { handler: thread, selected: true },
  FETCH: { handler: fetch, selected: true },
  STORE: { handler: store, selected: true },
  COPY: { handler: (s, c) => copyOrMove(s, c, false), selected: true },
  MOVE: { handler: (s, c) => copyOrMove(s, c, true), selected: true },
};
