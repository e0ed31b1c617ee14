// INBOX in /var/mail/USER for Dovecot's POP3 (mail_location = mbox:~/mail:INBOX=/var/mail/%u on
// Debian), sans-IO: the file's bytes come from and go back through callbacks. UIDs and UIDVALIDITY
// live in the file as Dovecot keeps them (X-IMAPbase, X-UID); a message without X-UID gets the
// next UID. Committing rewrites the whole file as Dovecot's mbox sync does, with every kept message
// marked "Status: O" (no longer \Recent) and "R" added to the ones read.

import { readDovecotHeaders, stripDovecotHeaders, writeDovecotHeaders } from '../mail/dovecot-mbox-headers.ts';
import type { DovecotMboxState } from '../mail/dovecot-mbox-headers.ts';
import { emitMbox, parseMbox } from '../mail/mbox.ts';
import type { Mbox, MboxMessage } from '../mail/mbox.ts';
import type { Pop3Changes, Pop3Mailbox, Pop3MailboxStore } from './pop3/mailbox.ts';

export interface MboxFiles {
  /** Bytes of /var/mail/USER, or null when the file does not exist (an empty INBOX). */
  read(user: string): Uint8Array | null;
  write(user: string, bytes: Uint8Array): boolean;
  /** UIDVALIDITY for a mailbox that has none yet (Dovecot uses the current time). */
  newUidValidity(): number;
}

/** Space reserve Dovecot leaves after X-UID values so later rewrites fit in place. */
const UID_PADDING = 40;

interface Opened {
  readonly bytes: Uint8Array;
  readonly mbox: Mbox;
  readonly uidValidity: number;
  readonly uids: number[];
  readonly states: DovecotMboxState[];
}

export class MboxMailStore implements Pop3MailboxStore {
  private readonly opened = new Map<string, Opened>();

  constructor(private readonly files: MboxFiles) {}

  open(user: string): Pop3Mailbox {
    const bytes = this.files.read(user) ?? new Uint8Array(0);
    const o = load(bytes, () => this.files.newUidValidity());
    this.opened.set(user, o);
    return {
      uidValidity: o.uidValidity,
      messages: o.mbox.messages.map((m, i) => ({
        uid: o.uids[i] ?? 0,
        content: stripDovecotHeaders(m.content),
        seen: (o.states[i]?.status ?? '').includes('R'),
      })),
    };
  }

  commit(user: string, changes: Pop3Changes): boolean {
    const opened = this.opened.get(user);
    if (opened === undefined) return false;
    // Mail delivered (appended) since the session opened the file is synced in, never lost:
    // the file is read again and the changes applied by UID, as Dovecot's mbox sync does.
    const now = this.files.read(user) ?? new Uint8Array(0);
    const o = sameBytes(now, opened.bytes) ? opened : load(now, () => opened.uidValidity);
    const expunge = new Set(changes.expunge);
    const seen = new Set(changes.seen);
    const kept: MboxMessage[] = [];
    const lastUid = Math.max(o.states[0]?.lastUid ?? 0, ...o.uids);
    o.mbox.messages.forEach((m, i) => {
      const uid = o.uids[i] ?? 0;
      if (expunge.has(uid)) return;
      const old = o.states[i] ?? {};
      const flags = new Set(((old.status ?? '') + 'O' + (seen.has(uid) ? 'R' : '')).split(''));
      const status = ['R', 'O'].filter((f) => flags.has(f)).join('');
      const state: DovecotMboxState = {
        ...(kept.length === 0 ? { uidValidity: o.uidValidity, lastUid, keywordNames: o.states[0]?.keywordNames ?? [] } : {}),
        uid,
        uidPadding: old.uidPadding ?? UID_PADDING,
        status,
        ...(old.xStatus !== undefined ? { xStatus: old.xStatus } : {}),
        ...(old.xKeywords !== undefined ? { xKeywords: old.xKeywords } : {}),
      };
      kept.push({ ...m, content: writeDovecotHeaders(m.content, state) });
    });
    this.opened.delete(user);
    return this.files.write(user, emitMbox({ preamble: o.mbox.preamble, messages: kept }));
  }
}

function load(bytes: Uint8Array, newUidValidity: () => number): Opened {
  const mbox = parseMbox(bytes);
  const states = mbox.messages.map((m) => readDovecotHeaders(m.content));
  const base = states[0];
  const uidValidity = base?.uidValidity ?? newUidValidity();
  let last = base?.lastUid ?? 0;
  const uids = states.map((s) => {
    if (s.uid !== undefined && s.uid > 0) {
      last = Math.max(last, s.uid);
      return s.uid;
    }
    last += 1;
    return last;
  });
  return { bytes, mbox, uidValidity, uids, states };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
