// IMAP mailboxes over mbox files as Dovecot's mbox driver keeps them on Debian
// (mail_location = mbox:~/mail:INBOX=/var/mail/%u): INBOX is /var/mail/USER, folder "a/b" is the
// file ~/mail/a/b, subscriptions are ~/mail/.subscriptions. Files are the truth: every sync
// re-reads the file (so mail Postfix appended in between shows up) and every change rewrites it at
// once, with flags and UIDs in the headers Dovecot writes (X-IMAPbase, X-UID, Status, X-Status,
// X-Keywords). A rewrite keeps the size of each message's Dovecot headers when it can by taking or
// giving back spaces from the X-UID padding, as Dovecot's in-place mbox sync does.

import { readDovecotHeaders, writeDovecotHeaders } from '../../mail/dovecot-mbox-headers.ts';
import type { DovecotMboxState } from '../../mail/dovecot-mbox-headers.ts';
import { ctimeDate, deliveryMessage, emitMbox, parseMbox } from '../../mail/mbox.ts';
import type { Mbox, MboxMessage } from '../../mail/mbox.ts';
import { parseFromLineDate, zoneOffset } from './imap-date.ts';
import { servedMessage } from './message.ts';
import type {
  ImapAppendResult,
  ImapListEntry,
  ImapMailboxHandle,
  ImapMailboxSnapshot,
  ImapMailboxStatus,
  ImapMailStore,
  ImapStoredMessage,
  ImapStoreError,
} from './store.ts';

export interface ImapMboxFiles {
  /** /var/mail/USER */
  inboxPath(user: string): string;
  /** ~USER/mail */
  folderRoot(user: string): string;
  read(user: string, path: string): Uint8Array | null;
  /** Creates the file (owned by the user) or replaces its bytes (keeping owner and mode). */
  write(user: string, path: string, bytes: Uint8Array): boolean;
  remove(user: string, path: string): boolean;
  rename(user: string, from: string, to: string): boolean;
  /** Entries of a directory, or null when it does not exist. */
  list(user: string, dir: string): readonly { readonly name: string; readonly directory: boolean }[] | null;
  /** Creates a directory and its parents. */
  mkdir(user: string, path: string): boolean;
  /** 'file', 'directory' or null when nothing is there. */
  kind(user: string, path: string): 'file' | 'directory' | null;
  /** UIDVALIDITY for a mailbox that has none yet (Dovecot uses the current time). */
  newUidValidity(): number;
}

/** Spaces Dovecot reserves after a new X-UID value (see ../../fidelity/imap/*.mbox). */
const UID_PADDING = 40;
const SUBSCRIPTIONS = '.subscriptions';

const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'];
/** X-Status letters, in the order Dovecot writes them (mbox-storage.c mbox_xstatus_flags). */
const XSTATUS: readonly (readonly [string, string])[] = [
  ['A', '\\Answered'],
  ['F', '\\Flagged'],
  ['T', '\\Draft'],
  ['D', '\\Deleted'],
];

/** 15-mailboxes.conf as Debian ships it: special_use of the well-known folders (RFC 6154). */
const SPECIAL_USE: Readonly<Record<string, string>> = { Drafts: '\\Drafts', Junk: '\\Junk', Trash: '\\Trash', Sent: '\\Sent', 'Sent Messages': '\\Sent' };

const notFound = (name: string): ImapStoreError => ({ error: `Mailbox doesn't exist: ${name}`, code: 'NONEXISTENT' });

/** INBOX in any case is INBOX (RFC 3501 section 5.1). */
export function canonicalName(name: string): string {
  return name.toUpperCase() === 'INBOX' ? 'INBOX' : name;
}

function flagsOf(state: DovecotMboxState): string[] {
  const flags: string[] = [];
  const x = state.xStatus ?? '';
  for (const [letter, flag] of XSTATUS) if (x.includes(letter)) flags.push(flag);
  if ((state.status ?? '').includes('R')) flags.push('\\Seen');
  const keywords = (state.xKeywords ?? '').split(/[ \t]+/).filter((k) => k !== '');
  return [...flags, ...keywords];
}

/** Length of the Dovecot header lines of a state, without the X-UID padding. */
function blockLength(state: DovecotMboxState): number {
  let n = 0;
  if (state.uidValidity !== undefined) n += `X-IMAPbase: ${state.uidValidity} ${String(state.lastUid ?? 0).padStart(10, '0')}${(state.keywordNames ?? []).map((k) => ` ${k}`).join('')}\n`.length;
  if (state.uid !== undefined) n += `X-UID: ${state.uid}\n`.length;
  if (state.status !== undefined) n += `Status: ${state.status}\n`.length;
  if (state.xStatus !== undefined) n += `X-Status: ${state.xStatus}\n`.length;
  if (state.xKeywords !== undefined) n += `X-Keywords: ${state.xKeywords}\n`.length;
  return n;
}

class StoredMessage implements ImapStoredMessage {
  private served: Uint8Array | null = null;
  constructor(
    readonly uid: number,
    readonly flags: readonly string[],
    readonly recent: boolean,
    readonly internalDate: number,
    readonly internalZone: number,
    private readonly raw: Uint8Array,
  ) {}
  content(): Uint8Array {
    this.served ??= servedMessage(this.raw);
    return this.served;
  }
  get size(): number {
    return this.content().length;
  }
}

/** One read of a mailbox file with the UIDs Dovecot gives its messages. */
interface Loaded {
  readonly bytes: Uint8Array;
  readonly mbox: Mbox;
  readonly states: DovecotMboxState[];
  readonly uids: number[];
  readonly uidValidity: number;
  readonly lastUid: number;
  readonly keywords: string[];
  /** Something Dovecot would write back: missing X-UID/X-IMAPbase, or a message still \Recent. */
  readonly dirty: boolean;
}

export class MboxImapStore implements ImapMailStore {
  constructor(
    private readonly files: ImapMboxFiles,
    /** Time zone in which local(8) wrote the From_ lines (the host's /etc/timezone). */
    private readonly zone = 'Etc/UTC',
    /** Wall clock (ms) for APPEND without a date. */
    private readonly now: () => number = () => 0,
  ) {}

  // ---- names and paths ----------------------------------------------------------------------

  /** The file of a mailbox, or null for names Dovecot refuses ("../x", empty parts). */
  pathOf(user: string, name: string): string | null {
    const n = canonicalName(name);
    if (n === 'INBOX') return this.files.inboxPath(user);
    const parts = n.split('/');
    if (parts.some((p) => p === '' || p === '.' || p === '..' || p.startsWith('.'))) return null;
    return `${this.files.folderRoot(user)}/${n}`;
  }

  list(user: string): readonly ImapListEntry[] {
    const out: ImapListEntry[] = [{ name: 'INBOX', attributes: ['\\HasNoChildren'] }];
    const walk = (dir: string, prefix: string): void => {
      const entries = this.files.list(user, dir);
      if (entries === null) return;
      for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        if (e.name.startsWith('.')) continue;
        const name = `${prefix}${e.name}`;
        if (prefix === '' && name.toUpperCase() === 'INBOX') continue;
        if (e.directory) {
          const children = (this.files.list(user, `${dir}/${e.name}`) ?? []).some((c) => !c.name.startsWith('.'));
          out.push({ name, attributes: ['\\Noselect', children ? '\\HasChildren' : '\\HasNoChildren'] });
          walk(`${dir}/${e.name}`, `${name}/`);
        } else {
          const special = SPECIAL_USE[name];
          out.push({ name, attributes: ['\\NoInferiors', '\\UnMarked', ...(special !== undefined ? [special] : [])] });
        }
      }
    };
    walk(this.files.folderRoot(user), '');
    return out;
  }

  create(user: string, name: string): ImapStoreError | null {
    const directory = name.endsWith('/');
    const n = canonicalName(directory ? name.slice(0, -1) : name);
    const path = this.pathOf(user, n);
    if (path === null) return { error: `Invalid mailbox name: ${name}`, code: 'CANNOT' };
    if (n === 'INBOX' || this.files.kind(user, path) !== null) return { error: 'Mailbox already exists', code: 'ALREADYEXISTS' };
    const slash = path.lastIndexOf('/');
    const parent = path.slice(0, slash);
    if (this.files.kind(user, parent) === 'file') return { error: "Mailbox doesn't allow inferior mailboxes", code: 'CANNOT' };
    if (!this.files.mkdir(user, directory ? path : parent)) return { error: 'Internal error occurred. Refer to server log for more information.', code: 'SERVERBUG' };
    if (!directory && !this.files.write(user, path, new Uint8Array(0))) return { error: 'Internal error occurred. Refer to server log for more information.', code: 'SERVERBUG' };
    return null;
  }

  delete(user: string, name: string): ImapStoreError | null {
    const n = canonicalName(name);
    if (n === 'INBOX') return { error: "INBOX can't be deleted.", code: 'CANNOT' };
    const path = this.pathOf(user, n);
    const kind = path === null ? null : this.files.kind(user, path);
    if (path === null || kind === null) return notFound(name);
    if (kind === 'directory' && (this.files.list(user, path) ?? []).length > 0) return { error: `Mailbox has children, delete them first`, code: 'INUSE' };
    this.files.remove(user, path);
    return null;
  }

  rename(user: string, from: string, to: string): ImapStoreError | null {
    const src = this.pathOf(user, from);
    const dst = this.pathOf(user, to);
    if (src === null || this.files.kind(user, src) === null) return canonicalName(from) === 'INBOX' ? null : notFound(from);
    if (dst === null) return { error: `Invalid mailbox name: ${to}`, code: 'CANNOT' };
    if (canonicalName(to) === 'INBOX' || this.files.kind(user, dst) !== null) return { error: 'Target mailbox already exists', code: 'ALREADYEXISTS' };
    this.files.mkdir(user, dst.slice(0, dst.lastIndexOf('/')));
    if (canonicalName(from) === 'INBOX') {
      // RFC 3501 section 6.3.5: renaming INBOX moves its messages and leaves INBOX empty.
      const bytes = this.files.read(user, src) ?? new Uint8Array(0);
      if (!this.files.write(user, dst, bytes) || !this.files.write(user, src, new Uint8Array(0))) return { error: 'Internal error occurred. Refer to server log for more information.', code: 'SERVERBUG' };
      return null;
    }
    if (!this.files.rename(user, src, dst)) return { error: 'Internal error occurred. Refer to server log for more information.', code: 'SERVERBUG' };
    return null;
  }

  subscriptions(user: string): readonly string[] {
    const bytes = this.files.read(user, `${this.files.folderRoot(user)}/${SUBSCRIPTIONS}`);
    if (bytes === null) return [];
    const lines = new TextDecoder('latin1').decode(bytes).split('\n');
    // Version 2 file: "V\t2", a blank line, then one name per line with \t as separator.
    const names = lines[0] === 'V\t2' ? lines.slice(2) : lines;
    return names.filter((l) => l !== '').map((l) => l.replace(/\t/g, '/'));
  }

  setSubscribed(user: string, name: string, subscribed: boolean): ImapStoreError | null {
    const n = canonicalName(name);
    const current = this.subscriptions(user);
    const next = subscribed ? (current.includes(n) ? current : [...current, n]) : current.filter((s) => s !== n);
    if (next === current) return null;
    const text = `V\t2\n\n${next.map((s) => `${s.replace(/\//g, '\t')}\n`).join('')}`;
    this.files.mkdir(user, this.files.folderRoot(user));
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
    return this.files.write(user, `${this.files.folderRoot(user)}/${SUBSCRIPTIONS}`, bytes) ? null : { error: 'Internal error occurred. Refer to server log for more information.', code: 'SERVERBUG' };
  }

  // ---- reading and writing one mailbox ---------------------------------------------------------

  /** Reads a mailbox; null when it does not exist (a missing INBOX is an empty one). */
  load(user: string, name: string, uidValidityHint?: number): Loaded | ImapStoreError {
    const path = this.pathOf(user, name);
    if (path === null) return notFound(name);
    const kind = this.files.kind(user, path);
    if (kind === 'directory') return { error: `Mailbox isn't selectable: ${name}`, code: 'CANNOT' };
    const bytes = this.files.read(user, path);
    if (bytes === null && canonicalName(name) !== 'INBOX') return notFound(name);
    return this.parse(bytes ?? new Uint8Array(0), uidValidityHint);
  }

  private parse(bytes: Uint8Array, uidValidityHint?: number): Loaded {
    const mbox = parseMbox(bytes);
    const states = mbox.messages.map((m) => readDovecotHeaders(m.content));
    const base = states[0];
    let dirty = base?.uidValidity === undefined && states.length > 0;
    const uidValidity = base?.uidValidity ?? uidValidityHint ?? this.files.newUidValidity();
    let last = base?.lastUid ?? 0;
    let prev = 0;
    const uids = states.map((s) => {
      // UIDs must grow through the file; a missing or out-of-order X-UID gets a new one.
      if (s.uid !== undefined && s.uid > prev && s.uid > 0) {
        prev = s.uid;
        last = Math.max(last, s.uid);
        return s.uid;
      }
      dirty = true;
      last += 1;
      prev = last;
      return last;
    });
    if (states.some((s) => !(s.status ?? '').includes('O'))) dirty = true;
    return { bytes, mbox, states, uids, uidValidity, lastUid: last, keywords: [...(base?.keywordNames ?? [])], dirty };
  }

  private snapshot(l: Loaded, recent: ReadonlySet<number>): ImapMailboxSnapshot {
    const messages = l.mbox.messages.map((m, i) => {
      const uid = l.uids[i] ?? 0;
      const state = l.states[i] ?? {};
      const date = parseFromLineDate(m.fromLine, this.zone) ?? 0;
      return new StoredMessage(uid, flagsOf(state), recent.has(uid), date, zoneOffset(this.zone, date), m.content);
    });
    return { uidValidity: l.uidValidity, uidNext: l.lastUid + 1, messages, keywords: l.keywords };
  }

  /**
   * Writes `l` back with each message's flags from `flags` (by UID, current ones otherwise),
   * everything marked not \Recent, and `drop` removed.
   */
  private rewrite(user: string, name: string, l: Loaded, flags: ReadonlyMap<number, readonly string[]>, drop: ReadonlySet<number>, extra: readonly MboxMessage[] = [], extraFlags: readonly (readonly string[])[] = [], extraUids: readonly number[] = []): boolean {
    const path = this.pathOf(user, name);
    if (path === null) return false;
    const keywords = [...l.keywords];
    for (const list of [...flags.values(), ...extraFlags]) for (const f of list) if (!f.startsWith('\\') && !keywords.includes(f)) keywords.push(f);
    const kept: { m: MboxMessage; old: DovecotMboxState; uid: number; flags: readonly string[] }[] = [];
    l.mbox.messages.forEach((m, i) => {
      const uid = l.uids[i] ?? 0;
      if (drop.has(uid)) return;
      const old = l.states[i] ?? {};
      kept.push({ m, old, uid, flags: flags.get(uid) ?? flagsOf(old) });
    });
    extra.forEach((m, i) => kept.push({ m, old: {}, uid: extraUids[i] ?? 0, flags: extraFlags[i] ?? [] }));
    const lastUid = Math.max(l.lastUid, ...extraUids);
    const messages = kept.map(({ m, old, uid, flags: f }, index) => {
      const set = new Set(f);
      const xStatus = XSTATUS.filter(([, flag]) => set.has(flag))
        .map(([letter]) => letter)
        .join('');
      const kw = f.filter((x) => !x.startsWith('\\'));
      const fresh: DovecotMboxState = {
        ...(index === 0 ? { uidValidity: l.uidValidity, lastUid, keywordNames: keywords } : {}),
        uid,
        status: `${set.has('\\Seen') ? 'R' : ''}O`,
        ...(xStatus !== '' ? { xStatus } : {}),
        ...(kw.length > 0 ? { xKeywords: kw.join(' ') } : {}),
      };
      // Keep the block the same size when the padding allows (Dovecot rewrites in place).
      let padding = UID_PADDING;
      if (old.uid !== undefined) {
        const grown = blockLength(fresh) - blockLength(old);
        const left = (old.uidPadding ?? 0) - grown;
        padding = left >= 0 ? left : UID_PADDING;
      }
      return { ...m, content: writeDovecotHeaders(m.content, { ...fresh, uidPadding: padding }) };
    });
    return this.files.write(user, path, emitMbox({ preamble: l.mbox.preamble, messages }));
  }

  open(user: string, name: string, readOnly: boolean): ImapMailboxHandle | ImapStoreError {
    const first = this.load(user, name);
    if ('error' in first) return first;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the handle closes over its store
    const store = this;
    const canonical = canonicalName(name);
    let uidValidity = first.uidValidity;
    /** UIDs this session saw as \Recent (it keeps them for its whole life, RFC 3501 2.3.2). */
    const recent = new Set<number>();
    let cached: { bytes: Uint8Array; snap: ImapMailboxSnapshot } | null = null;
    const read = (): Loaded | ImapStoreError => {
      const l = store.load(user, canonical, uidValidity);
      if ('error' in l) return l;
      uidValidity = l.uidValidity;
      l.mbox.messages.forEach((_m, i) => {
        if (!(l.states[i]?.status ?? '').includes('O')) recent.add(l.uids[i] ?? 0);
      });
      if (l.dirty && !readOnly) {
        store.rewrite(user, canonical, l, new Map(), new Set());
        const again = store.load(user, canonical, uidValidity);
        if (!('error' in again)) return again;
      }
      return l;
    };
    return {
      name: canonical,
      readOnly,
      sync(): ImapMailboxSnapshot | ImapStoreError {
        const path = store.pathOf(user, canonical);
        const bytes = path === null ? null : store.files.read(user, path);
        if (cached !== null && bytes !== null && sameBytes(bytes, cached.bytes)) return cached.snap;
        const l = read();
        if ('error' in l) return l;
        const snap = store.snapshot(l, recent);
        cached = { bytes: l.bytes, snap };
        return snap;
      },
      setFlags(flags: ReadonlyMap<number, readonly string[]>): boolean {
        if (readOnly) return false;
        const l = read();
        if ('error' in l) return false;
        cached = null;
        return store.rewrite(user, canonical, l, flags, new Set());
      },
      expunge(uids: readonly number[]): boolean {
        if (readOnly) return false;
        const l = read();
        if ('error' in l) return false;
        cached = null;
        return store.rewrite(user, canonical, l, new Map(), new Set(uids));
      },
      claimRecent(uids: readonly number[]): void {
        for (const u of uids) recent.add(u);
        cached = null;
      },
      close(): void {
        cached = null;
      },
    };
  }

  status(user: string, name: string): ImapMailboxStatus | ImapStoreError {
    const l = this.load(user, name);
    if ('error' in l) return l;
    let recent = 0;
    let unseen = 0;
    l.states.forEach((s) => {
      if (!(s.status ?? '').includes('O')) recent += 1;
      if (!(s.status ?? '').includes('R')) unseen += 1;
    });
    return { messages: l.states.length, recent, uidNext: l.lastUid + 1, uidValidity: l.uidValidity, unseen };
  }

  append(user: string, name: string, message: Uint8Array, flags: readonly string[], internalDate: number): ImapAppendResult | ImapStoreError {
    const l = this.load(user, name);
    if ('error' in l) return l.code === 'NONEXISTENT' ? { error: `Mailbox doesn't exist: ${name}`, code: 'TRYCREATE' } : l;
    const date = Number.isFinite(internalDate) ? internalDate : this.now();
    const local = date + zoneOffset(this.zone, date) * 60_000;
    const delivered = deliveryMessage('MAILER-DAEMON', local, message);
    // local(8)'s From_ line format; Dovecot writes the same "From MAILER-DAEMON  date" for APPEND.
    const m: MboxMessage = { ...delivered, fromLine: `From MAILER-DAEMON  ${ctimeDate(local)}` };
    const uid = l.lastUid + 1;
    const known = SYSTEM_FLAGS.filter((f) => flags.includes(f));
    const keywords = flags.filter((f) => !f.startsWith('\\'));
    if (!this.rewrite(user, name, l, new Map(), new Set(), [m], [[...known, ...keywords]], [uid])) return { error: 'Internal error occurred. Refer to server log for more information.', code: 'SERVERBUG' };
    return { uidValidity: l.uidValidity, uid };
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
