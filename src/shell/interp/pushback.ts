// Bytes the shell read past what it needed. bash's `read` takes one byte at a time from a pipe
// so the rest stays for the next reader; here a read returns whole chunks, so what follows the
// line is kept per stream and served first to the next `read`, or handed to a child process
// in front of the stream (`read first; cat` still shows the other lines).
import type { InputStream } from '../../os/program.ts';

const pending = new WeakMap<InputStream, Uint8Array>();

export function unread(stream: InputStream, bytes: Uint8Array): void {
  if (bytes.length === 0) return;
  const old = pending.get(stream);
  if (!old) {
    pending.set(stream, bytes);
    return;
  }
  const joined = new Uint8Array(bytes.length + old.length);
  joined.set(bytes);
  joined.set(old, bytes.length);
  pending.set(stream, joined);
}

/** The next chunk: kept bytes first. */
export function readChunk(stream: InputStream): Promise<Uint8Array | null> {
  const kept = pending.get(stream);
  if (kept) {
    pending.delete(stream);
    return Promise.resolve(kept);
  }
  return stream.read();
}

/** The stream as a child should get it: with the kept bytes in front, if any. */
export function withPushback(stream: InputStream): InputStream {
  const kept = pending.get(stream);
  if (!kept) return stream;
  pending.delete(stream);
  let first: Uint8Array | null = kept;
  return {
    get tty() {
      return stream.tty;
    },
    read(): Promise<Uint8Array | null> {
      if (first) {
        const f = first;
        first = null;
        return Promise.resolve(f);
      }
      return stream.read();
    },
  };
}

/**
 * Reads up to (not including) `delim`, or `count` characters when given; the rest stays for
 * later. `eof` when the input ended before the delimiter.
 */
export async function readRecord(stream: InputStream, delim: number | null, count: number | null): Promise<{ bytes: Uint8Array; eof: boolean }> {
  const out: number[] = [];
  for (;;) {
    const chunk = await readChunk(stream);
    if (chunk === null) return { bytes: new Uint8Array(out), eof: true };
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (delim !== null && b === delim) {
        unread(stream, chunk.subarray(i + 1));
        return { bytes: new Uint8Array(out), eof: false };
      }
      if (count !== null && (b & 0xc0) !== 0x80 && completeChars(out) >= count) {
        unread(stream, chunk.subarray(i));
        return { bytes: new Uint8Array(out), eof: false };
      }
      out.push(b);
    }
    if (count !== null && completeChars(out) >= count) return { bytes: new Uint8Array(out), eof: false };
  }
}

/** Characters whose UTF-8 bytes are all there. */
function completeChars(bytes: number[]): number {
  let n = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (i + len > bytes.length) break;
    n++;
    i += len;
  }
  return n;
}

/**
 * Withdraws a read left waiting (a `read` or a prompt interrupted by ^C), so the next line
 * typed goes to the next reader. The OS's process handles can do it (ProcessInput.abort);
 * other streams cannot, and keep the read.
 */
export function abortRead(stream: InputStream): void {
  const s = stream as InputStream & { abort?: () => void };
  if (typeof s.abort === 'function') s.abort();
}
