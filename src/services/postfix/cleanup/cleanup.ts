// cleanup(8): turns what smtpd, pickup or bounce hand over into the queued message. It prepends the
// Received: header, ends the header section at the first line that is not a header (inserting the
// blank line Postfix writes there), and for local submissions (sendmail, or an SMTP client on one of
// this host's addresses: local_header_rewrite_clients = permit_inet_interfaces) qualifies bare
// addresses in address headers with @$myorigin and appends the headers Postfix adds when missing:
// Message-Id:, Date: and From: (RFC 5322 section 3.6); Postfix 3.7 adds no To: (its
// undisclosed_recipients_header is empty by default, and the recordings show none).
import { mailDate, type SmtpdZone } from '../smtpd/received.ts';
import { postfixSize } from '../queue/queue-file.ts';

const enc = new TextEncoder();
const latin1 = new TextDecoder('latin1');

export interface CleanupInput {
  readonly queueId: string;
  /** The Received: header (smtpd's, or one cleanup builds for pickup/bounce), no final newline. */
  readonly received: string;
  /** Message as submitted, LF line ends, without Received:. */
  readonly data: Uint8Array;
  /** Add missing headers and qualify bare addresses (local submission). */
  readonly local: boolean;
  readonly sender: string;
  /** Full name for an added From: (sendmail -F). */
  readonly fullName?: string;
  readonly arrivalMs: number;
  readonly zone: SmtpdZone;
  readonly myhostname: string;
  readonly myorigin: string;
}

export interface CleanupOutput {
  readonly content: Uint8Array;
  /** message-id as logged: the Message-Id: header's value ("" when there is none). */
  readonly messageId: string;
  readonly size: number;
}

/** RFC 5322 section 2.2: a header field name is printable ASCII except ':'; Postfix allows blanks before ':'. */
const HEADER_RE = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;

/** Address headers whose bare addresses cleanup qualifies (cleanup_message.c, header_opts.c). */
const ADDRESS_HEADERS = new Set(['from', 'to', 'cc', 'bcc', 'reply-to', 'sender', 'resent-from', 'resent-to', 'resent-cc', 'resent-bcc', 'resent-sender', 'return-receipt-to', 'errors-to']);

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** strftime("%Y%m%d%H%M%S") of the local time, as Postfix builds Message-Ids. */
function compactDate(epochMs: number, zone: SmtpdZone): string {
  const d = new Date(Math.floor(epochMs / 1000) * 1000 + zone.offsetMinutes * 60_000);
  return `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())}`;
}

/** Splits the data into header lines (with their continuation lines) and the body. */
function splitHeaders(data: Uint8Array): { headers: string[]; body: Uint8Array; separator: boolean } {
  const headers: string[] = [];
  let i = 0;
  while (i < data.length) {
    const lf = data.indexOf(0x0a, i);
    const end = lf < 0 ? data.length : lf;
    const line = latin1.decode(data.subarray(i, end));
    const next = lf < 0 ? data.length : lf + 1;
    if (line === '') return { headers, body: data.subarray(next), separator: true };
    const last = headers.length - 1;
    if ((line.startsWith(' ') || line.startsWith('\t')) && last >= 0) {
      headers[last] += `\n${line}`;
    } else if (HEADER_RE.test(line)) {
      headers.push(line);
    } else {
      break;
    }
    i = next;
  }
  return { headers, body: data.subarray(i), separator: false };
}

function headerName(h: string): string {
  return h.slice(0, h.indexOf(':')).trim().toLowerCase();
}

/** Qualifies bare local parts in an address list header ("To: etudiant" -> "To: etudiant@mail128.com"). */
function qualifyAddresses(header: string, origin: string): string {
  const colon = header.indexOf(':');
  const name = header.slice(0, colon);
  const value = header.slice(colon + 1);
  let changed = false;
  const parts = value.split(',').map((part) => {
    const angle = /<([^<>@\s]+)>/.exec(part);
    if (angle !== null && angle[1] !== undefined && !angle[1].includes(':')) {
      changed = true;
      return part.replace(angle[0], `<${angle[1]}@${origin}>`);
    }
    const bare = /^(\s*)([^\s<>@,;:"()]+)(\s*)$/.exec(part);
    if (bare !== null && !part.includes('\n')) {
      changed = true;
      return `${bare[1]}${bare[2]}@${origin}${bare[3]}`;
    }
    return part;
  });
  if (!changed) return header;
  // Postfix rewrites the header from its tokens: one space after the colon.
  return `${name}: ${parts.join(',').trim()}`;
}

export function cleanupMessage(input: CleanupInput): CleanupOutput {
  const { headers, body, separator } = splitHeaders(input.data);
  const present = new Set(headers.map(headerName));
  const out: string[] = [];
  for (const h of headers) {
    out.push(input.local && ADDRESS_HEADERS.has(headerName(h)) ? qualifyAddresses(h, input.myorigin) : h);
  }
  let messageId = '';
  const existing = headers.find((h) => headerName(h) === 'message-id');
  if (existing !== undefined) messageId = existing.slice(existing.indexOf(':') + 1).trim().replace(/^<(.*)>$/, '$1');
  if (input.local) {
    if (!present.has('message-id')) {
      messageId = `${compactDate(input.arrivalMs, input.zone)}.${input.queueId}@${input.myhostname}`;
      out.push(`Message-Id: <${messageId}>`);
    }
    if (!present.has('date')) out.push(`Date: ${mailDate(input.arrivalMs, input.zone)}`);
    if (!present.has('from')) {
      const addr = input.sender === '' ? `MAILER-DAEMON@${input.myorigin}` : input.sender;
      out.push(input.fullName !== undefined && input.fullName !== '' ? `From: ${input.fullName} <${addr}>` : `From: ${addr}`);
    }
  }
  const head = enc.encode(`${input.received}\n${out.map((h) => `${h}\n`).join('')}`);
  // A body after a non-header line gets the blank line Postfix inserts; an empty body gets none.
  const blank = separator || body.length > 0 ? 1 : 0;
  let bodyBytes = body;
  if (bodyBytes.length > 0 && bodyBytes[bodyBytes.length - 1] !== 0x0a) {
    const fixed = new Uint8Array(bodyBytes.length + 1);
    fixed.set(bodyBytes);
    fixed[bodyBytes.length] = 0x0a;
    bodyBytes = fixed;
  }
  const content = new Uint8Array(head.length + blank + bodyBytes.length);
  content.set(head);
  if (blank === 1) content[head.length] = 0x0a;
  content.set(bodyBytes, head.length + blank);
  return { content, messageId, size: postfixSize(content) };
}

/** The Received: header of mail that did not come through smtpd (pickup: with the submitter's uid). */
export function localReceived(myhostname: string, queueId: string, date: string, uid: number | null): string {
  const by = uid === null ? `Received: by ${myhostname} (Postfix)` : `Received: by ${myhostname} (Postfix, from userid ${uid})`;
  return `${by}\n\tid ${queueId}; ${date}`;
}
