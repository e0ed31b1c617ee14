// What smtpd asks the rest of Postfix: configuration and lookup tables (policy) and the queue (sink).
// Kept out of the protocol engine as go-smtp keeps its Backend/Session out of conn.go.

/** Where a recipient domain is delivered, as trivial-rewrite classifies it (ADDRESS_CLASS_README). */
export type SmtpdDomainClass =
  | 'local' // $mydestination (and bare local parts, qualified with $myorigin)
  | 'relay' // $relay_domains
  | 'remote'; // anything else: relaying needs permit_mynetworks

export interface SmtpdPolicy {
  /** $myhostname: banner, EHLO reply, Received: "by", 421 replies. */
  myhostname(): string;
  /** permit_mynetworks: is the client address in $mynetworks. */
  inMynetworks(clientAddress: string): boolean;
  /** Class of a recipient domain (lower-cased by the caller is not assumed). */
  domainClass(domain: string): SmtpdDomainClass;
  /** local_recipient_maps (passwd + aliases): does this local part exist. */
  localRecipientExists(localPart: string): boolean;
  /** $message_size_limit in bytes (0 = unlimited). */
  messageSizeLimit(): number;
  /** EHLO keywords after the host name line, e.g. debianEhloKeywords(). */
  ehloKeywords(): readonly string[];
  /** $smtpd_helo_required (Debian default: no). */
  heloRequired?(): boolean;
  /** $disable_vrfy_command (Debian default: no). */
  vrfyDisabled?(): boolean;
  /** $smtpd_banner expanded (the text after "220 "); default "$myhostname ESMTP Postfix (Debian/GNU)". */
  banner?(): string;
}

/** One accepted message, handed to the queue at the end of DATA. */
export interface SmtpdMessage {
  readonly queueId: string;
  /** HELO/EHLO argument as stored by smtpd (spaces turned into '?'), or null without HELO. */
  readonly heloName: string | null;
  /** Reverse-resolved client name, "unknown" when there is none. */
  readonly clientName: string;
  readonly clientAddress: string;
  /** Envelope sender as the client wrote it ("" for the null sender <>). */
  readonly sender: string;
  readonly recipients: readonly string[];
  /** Message content as received: dot-stuffing removed, one LF per line, no Received: header. */
  readonly data: Uint8Array;
  /** The Received: header smtpd prepends, folded with "\n\t", no final newline. */
  readonly receivedHeader: string;
  /** "SMTP" after HELO (or none), "ESMTP" after EHLO. */
  readonly protocol: 'SMTP' | 'ESMTP';
  /** When MAIL FROM was accepted (ms since the epoch): Postfix's message arrival time. */
  readonly arrivalMs?: number;
}

export interface SmtpdSink {
  /**
   * A new queue file: Postfix opens it (and so learns the queue ID) at the first accepted RCPT,
   * before DATA, because the ID appears in the log ("ID: client=...") and in Received:.
   */
  newQueueId(): string;
  /** Commit the message; returns the queue ID for "250 2.0.0 Ok: queued as ID", or null on a queue write error. */
  enqueue(message: SmtpdMessage): string | null;
  /** The open queue file is abandoned (RSET, new MAIL after RSET, lost connection, rejected DATA). */
  discard?(queueId: string): void;
}

/** Debian 12's EHLO keywords with snakeoil TLS (smtp/sessions/*.txt). */
export function debianEhloKeywords(messageSizeLimit: number, tls: boolean): string[] {
  const keywords = ['PIPELINING', `SIZE ${messageSizeLimit}`, 'VRFY', 'ETRN'];
  if (tls) keywords.push('STARTTLS');
  keywords.push('ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8', 'CHUNKING');
  return keywords;
}
