// popa3d's view of /var/mail/USER (mailbox.c): a message starts at "From " after a blank line; its
// data is the lines after the From_ line minus the blank separator; its size counts LF as CRLF;
// its UIDL hash is MD5 over the header lines that stay fixed across MUA runs (the first
// Received:, Delivered-To:, Date: and Message-ID: before any Received:, X-Delivery-ID:, with their
// continuation lines). Updating the file removes the raw bytes of deleted messages and keeps
// everything else, including mail appended since the session loaded it (mailbox_write).
import { Md5 } from './md5.ts';

export interface PopaMessage {
  /** The From_ line to the end of the separator: what deleting removes. */
  readonly rawStart: number;
  readonly rawEnd: number;
  /** The message as served (without From_ line and separator). */
  readonly dataStart: number;
  readonly dataEnd: number;
  /** Size with CRLF line ends, as LIST/STAT report it. */
  readonly size: number;
  readonly hash: Uint8Array;
}

const LF = 0x0a;

function startsWithCi(bytes: Uint8Array, at: number, end: number, word: string): boolean {
  if (end - at < word.length) return false;
  for (let i = 0; i < word.length; i++) {
    const c = bytes[at + i];
    const w = word.charCodeAt(i);
    if (c !== w && (c | 0x20) !== (w | 0x20)) return false;
  }
  return true;
}

/** Parses the mailbox; null when it is not a mailbox popa3d accepts (data before the first From_). */
export function parsePopaMailbox(bytes: Uint8Array): PopaMessage[] | null {
  const out: PopaMessage[] = [];
  if (bytes.length === 0) return out;
  let cur: { rawStart: number; dataStart: number; size: number; md5: Md5; header: boolean; body: boolean; fixed: boolean; received: boolean } | null = null;
  let blank = true;
  let pos = 0;
  const close = (end: number, trailingBlank: boolean): void => {
    if (cur === null) return;
    const sep = trailingBlank && cur.body ? 1 : 0;
    out.push({ rawStart: cur.rawStart, rawEnd: end, dataStart: cur.dataStart, dataEnd: end - sep, size: cur.size - sep * 2, hash: cur.md5.digest() });
  };
  while (pos < bytes.length) {
    const nl = bytes.indexOf(LF, pos);
    const lineEnd = nl < 0 ? bytes.length : nl + 1;
    const isFrom = blank && lineEnd - pos >= 5 && bytes[pos] === 0x46 && bytes[pos + 1] === 0x72 && bytes[pos + 2] === 0x6f && bytes[pos + 3] === 0x6d && bytes[pos + 4] === 0x20;
    if (isFrom) {
      if (pos !== 0 && cur === null) return null;
      close(pos, true);
      cur = { rawStart: pos, dataStart: lineEnd, size: 0, md5: new Md5(), header: true, body: false, fixed: false, received: false };
      blank = false;
      pos = lineEnd;
      continue;
    }
    if (cur === null) return null;
    const length = lineEnd - pos;
    cur.size += length + (nl < 0 ? 0 : 1);
    blank = bytes[pos] === LF;
    if (!cur.header) {
      cur.body = true;
      pos = lineEnd;
      continue;
    }
    if (blank) {
      cur.header = false;
      pos = lineEnd;
      continue;
    }
    const c = String.fromCharCode(bytes[pos]);
    let hash = true;
    if (c === '\t' || c === ' ') {
      // continuation: keeps the previous line's verdict
    } else if (c === 'R' || c === 'r') {
      cur.fixed = !cur.received && (cur.received = startsWithCi(bytes, pos, lineEnd, 'Received:'));
    } else if (c === 'D' || c === 'd') {
      cur.fixed = startsWithCi(bytes, pos, lineEnd, 'Delivered-To:') || (!cur.received && startsWithCi(bytes, pos, lineEnd, 'Date:'));
    } else if (c === 'M' || c === 'm') {
      cur.fixed = !cur.received && startsWithCi(bytes, pos, lineEnd, 'Message-ID:');
    } else if (c === 'X') {
      cur.fixed = startsWithCi(bytes, pos, lineEnd, 'X-Delivery-ID:');
    } else {
      cur.fixed = false;
      hash = false;
    }
    if (hash && cur.fixed) cur.md5.update(bytes.subarray(pos, lineEnd));
    pos = lineEnd;
  }
  close(bytes.length, blank);
  return out;
}

/** "aea30876505ee661": popa3d prints the hash's first two 32-bit words byte-swapped. */
export function popaUidl(hash: Uint8Array): string {
  return [3, 2, 1, 0, 7, 6, 5, 4].map((i) => hash[i].toString(16).padStart(2, '0')).join('');
}

/** RETR/TOP output (pop_reply_multiline): CRLF ends, dot-stuffing, `lines` body lines for TOP. */
export function popaMultiline(data: Uint8Array, lines: number | null): Uint8Array {
  const out: number[] = [];
  let left = lines === null ? -1 : lines + 1;
  let start = true;
  let body = false;
  for (let i = 0; i < data.length && left !== 0; i++) {
    const c = data[i];
    if (c === LF) {
      out.push(0x0d, LF);
      if (start) body = true;
      if (body && left > 0) left -= 1;
      start = true;
      continue;
    }
    if (c === 0x2e && start) out.push(0x2e);
    out.push(c);
    start = false;
  }
  if (!start) out.push(0x0d, LF);
  return Uint8Array.from(out);
}

/** The file after QUIT: deleted messages' raw bytes removed, bytes after `loadedSize` kept. */
export function removeMessages(current: Uint8Array, messages: readonly PopaMessage[], deleted: ReadonlySet<number>, loadedSize: number): Uint8Array {
  const parts: Uint8Array[] = [];
  messages.forEach((m, i) => {
    if (!deleted.has(i)) parts.push(current.subarray(m.rawStart, m.rawEnd));
  });
  parts.push(current.subarray(loadedSize));
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
