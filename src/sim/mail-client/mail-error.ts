// What can go wrong talking to a mail server, as the panel shows it: a value with a kind the UI
// can translate and the exact text (the server's reply, or the resolver's/socket's error).

export type MailErrorKind =
  /** The server name does not resolve (getaddrinfo failed). */
  | 'resolve'
  /** connect() failed: refused, unreachable, timed out. */
  | 'connect'
  /** The server stopped answering in the middle of a dialogue. */
  | 'timeout'
  /** The server closed or reset the connection before the dialogue ended. */
  | 'closed'
  /** The server refused the user name or password. */
  | 'auth'
  /** The server refused a command (an SMTP 4xx/5xx, POP3 -ERR, IMAP NO/BAD). */
  | 'rejected'
  /** The server sent something that is not its protocol. */
  | 'protocol'
  /** The settings or the message cannot be used as they are (empty host, bad port...). */
  | 'settings';

export interface MailFailure {
  readonly kind: MailErrorKind;
  /** The detail as the server or the system said it ("550 5.1.1 <x@y>: Recipient address rejected..."). */
  readonly message: string;
}

export type MailResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: MailFailure };

/**
 * Thrown inside a protocol dialogue to abandon it; MailAccount turns it into a MailResult, so
 * the page never sees an exception for what a server or the student can cause.
 */
export class MailError extends Error {
  constructor(
    readonly kind: MailErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'MailError';
  }

  get failure(): MailFailure {
    return { kind: this.kind, message: this.message };
  }
}
