// What the IMAP engine needs from Dovecot's mail storage, behind an interface as go-smtp keeps its
// Backend: the engine speaks IMAP4rev1 (RFC 3501), the store reads and rewrites the mailboxes
// (on Debian mail_location = mbox:~/mail:INBOX=/var/mail/%u, see mbox-imap-store.ts).

/** Why a storage operation failed, with Dovecot's text (mail-error.h, mail-storage.c). */
export interface ImapStoreError {
  readonly error: string;
  /** IMAP response code Dovecot puts before the text: NONEXISTENT, ALREADYEXISTS, CANNOT... */
  readonly code?: string;
}

export interface ImapMessageState {
  readonly uid: number;
  /** System flags (\Seen \Answered \Flagged \Deleted \Draft) and keywords, without \Recent. */
  readonly flags: readonly string[];
  /** Recent for this session only (RFC 3501 section 2.3.2): first session to see it. */
  readonly recent: boolean;
}

export interface ImapStoredMessage extends ImapMessageState {
  /** INTERNALDATE as UTC epoch ms, and the zone offset (minutes east) to print it with. */
  readonly internalDate: number;
  readonly internalZone: number;
  /** The message as served to clients: Dovecot's own headers hidden, CRLF line ends. */
  content(): Uint8Array;
  /** RFC822.SIZE without building the content. */
  readonly size: number;
}

export interface ImapMailboxSnapshot {
  readonly uidValidity: number;
  readonly uidNext: number;
  readonly messages: readonly ImapStoredMessage[];
  /** Keywords known to the mailbox (X-IMAPbase), shown in FLAGS/PERMANENTFLAGS. */
  readonly keywords: readonly string[];
}

/** A selected (or examined) mailbox: re-read at each sync, changes written back at once. */
export interface ImapMailboxHandle {
  readonly name: string;
  readonly readOnly: boolean;
  /** The mailbox as it is now (new mail appended by Postfix included); an error if it vanished. */
  sync(): ImapMailboxSnapshot | ImapStoreError;
  /** Replaces the flags of messages by UID; false when the file could not be rewritten. */
  setFlags(flags: ReadonlyMap<number, readonly string[]>): boolean;
  /** Removes messages by UID. */
  expunge(uids: readonly number[]): boolean;
  /** Messages this session saved into its own mailbox (APPEND, COPY): \Recent for it. */
  claimRecent(uids: readonly number[]): void;
  close(): void;
}

export interface ImapMailboxStatus {
  readonly messages: number;
  readonly recent: number;
  readonly uidNext: number;
  readonly uidValidity: number;
  readonly unseen: number;
}

export interface ImapListEntry {
  /** Full name with "/" separators, INBOX spelled INBOX. */
  readonly name: string;
  /** \Noselect for directories, \HasChildren / \HasNoChildren (CHILDREN extension, RFC 3348). */
  readonly attributes: readonly string[];
}

export interface ImapAppendResult {
  readonly uidValidity: number;
  readonly uid: number;
}

export interface ImapMailStore {
  /** Every mailbox of the user, INBOX first. */
  list(user: string): readonly ImapListEntry[];
  open(user: string, name: string, readOnly: boolean): ImapMailboxHandle | ImapStoreError;
  status(user: string, name: string): ImapMailboxStatus | ImapStoreError;
  create(user: string, name: string): ImapStoreError | null;
  delete(user: string, name: string): ImapStoreError | null;
  rename(user: string, from: string, to: string): ImapStoreError | null;
  subscriptions(user: string): readonly string[];
  setSubscribed(user: string, name: string, subscribed: boolean): ImapStoreError | null;
  /** `message` may use CRLF or LF line ends; stored as the mbox wants it. */
  append(user: string, name: string, message: Uint8Array, flags: readonly string[], internalDate: number): ImapAppendResult | ImapStoreError;
}

export interface ImapAuthenticator {
  /** True when user/password are a valid system login (passdb pam on Debian). */
  verify(user: string, password: string): boolean;
}

export function isStoreError(x: unknown): x is ImapStoreError {
  return typeof x === 'object' && x !== null && typeof (x as { error?: unknown }).error === 'string';
}
