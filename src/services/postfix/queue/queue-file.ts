// One queue file: the envelope (sender, recipients and their state, where the mail came from,
// retry state) and the message content after cleanup. Postfix's own record format is not needed by
// anything students see except postcat; ours is one JSON line then the content bytes, so a file
// written before a restart (or a host save) reads back exactly.

/** A recipient as qmgr tracks it: the address delivered to, the one the client gave, done yet. */
export interface QueueRecipient {
  /** Address after cleanup's rewriting (a bare local part gets @$myorigin). */
  readonly address: string;
  /** As the client wrote it (orig_to= in logs when it differs). */
  readonly original: string;
  done: boolean;
}

/** Where the message entered: smtpd, pickup (sendmail/postdrop) or bounce. */
export type QueueOrigin =
  | { readonly kind: 'smtp'; readonly clientName: string; readonly clientAddress: string; readonly helo: string | null; readonly protocol: string }
  | { readonly kind: 'local'; readonly uid: number }
  | { readonly kind: 'bounce' };

export interface QueuedMessage {
  readonly id: string;
  /** When the client sent MAIL FROM (smtpd) or postdrop wrote the file; ms since the epoch. */
  readonly arrivalMs: number;
  readonly sender: string;
  readonly recipients: QueueRecipient[];
  readonly origin: QueueOrigin;
  /** What cleanup logged as message-id=<...> ("" when the message has none). */
  readonly messageId: string;
  /** Content after cleanup: headers, blank line, body, LF line ends. */
  readonly content: Uint8Array;
  /** Postfix's message size: content bytes counting each line end as CRLF. */
  readonly size: number;
  /** Deferral state: last reason (mailq shows it), next attempt, last backoff (seconds). */
  reason: string;
  nextAttemptMs: number;
  backoffSeconds: number;
}

interface Envelope {
  v: 1;
  id: string;
  arrivalMs: number;
  sender: string;
  recipients: QueueRecipient[];
  origin: QueueOrigin;
  messageId: string;
  size: number;
  reason: string;
  nextAttemptMs: number;
  backoffSeconds: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export function emitQueueFile(m: QueuedMessage): Uint8Array {
  const env: Envelope = {
    v: 1,
    id: m.id,
    arrivalMs: m.arrivalMs,
    sender: m.sender,
    recipients: m.recipients,
    origin: m.origin,
    messageId: m.messageId,
    size: m.size,
    reason: m.reason,
    nextAttemptMs: m.nextAttemptMs,
    backoffSeconds: m.backoffSeconds,
  };
  const head = enc.encode(`${JSON.stringify(env)}\n`);
  const out = new Uint8Array(head.length + m.content.length);
  out.set(head);
  out.set(m.content, head.length);
  return out;
}

/** Reads a queue file back; null for anything that is not one (a damaged file stays in place). */
export function parseQueueFile(bytes: Uint8Array): QueuedMessage | null {
  const nl = bytes.indexOf(0x0a);
  if (nl < 0) return null;
  let env: Envelope;
  try {
    env = JSON.parse(dec.decode(bytes.subarray(0, nl))) as Envelope;
  } catch {
    return null;
  }
  if (env === null || typeof env !== 'object' || env.v !== 1 || typeof env.id !== 'string' || !Array.isArray(env.recipients)) return null;
  return {
    id: env.id,
    arrivalMs: Number(env.arrivalMs) || 0,
    sender: String(env.sender ?? ''),
    recipients: env.recipients.map((r) => ({ address: String(r.address), original: String(r.original), done: r.done === true })),
    origin: env.origin ?? { kind: 'local', uid: 0 },
    messageId: String(env.messageId ?? ''),
    content: bytes.slice(nl + 1),
    size: Number(env.size) || 0,
    reason: String(env.reason ?? ''),
    nextAttemptMs: Number(env.nextAttemptMs) || 0,
    backoffSeconds: Number(env.backoffSeconds) || 0,
  };
}

/** Postfix's message_size: every line end counts two bytes (CRLF on the wire). */
export function postfixSize(content: Uint8Array): number {
  let lines = 0;
  for (let i = 0; i < content.length; i++) if (content[i] === 0x0a) lines += 1;
  const unterminated = content.length > 0 && content[content.length - 1] !== 0x0a ? 2 : 0;
  return content.length + lines + unterminated;
}
