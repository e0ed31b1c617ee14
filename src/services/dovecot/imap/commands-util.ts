// Helpers shared by the command handlers: mailbox names and flags as Dovecot reads and writes them,
// storage errors as imap_get_error_string() words them, message sets of the selected mailbox.

import { atom } from './args.ts';
import type { ImapArg } from './args.ts';
import type { SearchMessage } from './search.ts';
import { parseSequenceSet, resolveSequence, resolveUidSet, sequenceSetValid } from './sequence-set.ts';
import type { CommandContext, ImapSession, Selected } from './session.ts';
import type { ImapStoredMessage, ImapStoreError } from './store.ts';
import { imapString } from './structure.ts';

export const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'];

/** imap_append_astring(): an atom when it can be one, else a quoted string or literal. */
export function astringOut(s: string): string {
  return s !== '' && /^[!#$&'+-[^-z|}~]+$/.test(s) && s.toUpperCase() !== 'NIL' ? s : imapString(s);
}

export function storageError(s: ImapSession, tag: string, e: ImapStoreError): void {
  s.finish(tag, `NO ${e.code !== undefined ? `[${e.code}] ` : ''}${e.error}`);
}

export function parseFlags(args: readonly ImapArg[]): string[] | string {
  const out: string[] = [];
  for (const a of args) {
    const f = atom(a);
    if (f === null) return 'Flags list contains non-atoms.';
    if (f.startsWith('\\')) {
      const sys = SYSTEM_FLAGS.find((x) => x.toUpperCase() === f.toUpperCase());
      if (sys === undefined) return `Invalid system flag ${f.toUpperCase()}`;
      if (!out.includes(sys)) out.push(sys);
    } else {
      if (!/^[!#$&'+-.0-9:;<=>?@A-Z^_`a-z|~]+$/.test(f)) return 'Invalid characters in keyword';
      if (!out.includes(f)) out.push(f);
    }
  }
  return out;
}

export function messageSet(s: ImapSession, c: CommandContext, sel: Selected, text: string | null): number[] | null {
  if (text === null) {
    s.commandError(c.tag, c.name, 'Invalid arguments.');
    return null;
  }
  const set = parseSequenceSet(text);
  if (c.uid) {
    if (set === null) {
      s.commandError(c.tag, c.name, 'Invalid uidset');
      return null;
    }
    const uids = resolveUidSet(set, sel.view.map((v) => v.uid));
    const seqs: number[] = [];
    sel.view.forEach((v, i) => {
      if (uids.has(v.uid)) seqs.push(i + 1);
    });
    return seqs;
  }
  if (set === null || !sequenceSetValid(set, sel.view.length)) {
    s.commandError(c.tag, c.name, 'Invalid messageset');
    return null;
  }
  return resolveSequence(set, sel.view.length);
}

export function storedAt(sel: Selected, seq: number): ImapStoredMessage | undefined {
  const v = sel.view[seq - 1];
  return v === undefined ? undefined : sel.byUid.get(v.uid);
}

/** A message of the selected mailbox as SEARCH/SORT/THREAD test it. */
export function searchMessage(s: ImapSession, seq: number, m: ImapStoredMessage): SearchMessage {
  return {
    seq,
    uid: m.uid,
    flags: m.flags,
    recent: m.recent,
    internalDate: m.internalDate,
    internalZone: m.internalZone,
    get size() {
      return m.size;
    },
    parsed: () => s.parsedMessage(m),
  };
}
