// What the POP3 engine needs from the rest of Dovecot, kept behind interfaces as go-smtp keeps its
// Backend/Session: the engine speaks the protocol, the store reads and rewrites /var/mail/USER, the
// authenticator checks system passwords (passdb pam / userdb passwd on Debian).

export interface Pop3Message {
  /** IMAP UID of the message (X-UID in the mbox), used for UIDL. */
  readonly uid: number;
  /** The message as Dovecot serves it: its own X-UID/Status... headers hidden, LF or CRLF ends. */
  readonly content: Uint8Array;
  /** Already \Seen (Status: R): RETR does not mark it again. */
  readonly seen: boolean;
}

export interface Pop3Mailbox {
  readonly uidValidity: number;
  readonly messages: readonly Pop3Message[];
}

export interface Pop3Changes {
  /** UIDs marked with DELE and not RSET: expunged at QUIT (RFC 1939 section 6, UPDATE state). */
  readonly expunge: readonly number[];
  /** UIDs fetched with RETR that were not \Seen yet. */
  readonly seen: readonly number[];
}

export interface Pop3MailboxStore {
  /** Opens INBOX of a logged-in user (mail_location = mbox:~/mail:INBOX=/var/mail/%u). */
  open(user: string): Pop3Mailbox;
  /** Applies the session's changes at QUIT; false when the mailbox could not be rewritten. */
  commit(user: string, changes: Pop3Changes): boolean;
}

export interface Pop3Authenticator {
  /** True when user/password are a valid system login. */
  verify(user: string, password: string): boolean;
}
