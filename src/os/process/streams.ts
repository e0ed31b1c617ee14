// Open files as processes hold them. A stream object here plays the part of an open file
// description and each process holds its own handle on it, as an fd: `dup()` gives another
// handle, `close()` drops one, and a pipe sees end of file when its last writer handle closes.
// `spawn` dups the streams it is given, so the creator of a pipe closes its own ends once the
// children have theirs (exactly what a Unix shell does after fork).
import type { Scheduler } from '../../engine/scheduler.ts';
import type { InputStream, OutputStream, Terminal } from '../program.ts';

/** Who is reading: the terminal serves only its foreground process group. */
export interface ReaderInfo {
  readonly pgid: number;
}

/** A chunk of input or null at end of file. */
export type Chunk = Uint8Array | null;

/**
 * An input that can withdraw a read request: a process killed while it waits must not consume
 * the line typed next (Linux aborts its read(2); the data stays queued for the next reader).
 */
export interface SharedInput extends InputStream {
  /** Calls `deliver` once, now or later, with the next chunk; the result withdraws the request. */
  take(deliver: (chunk: Chunk) => void, reader?: ReaderInfo): () => void;
  /** A new handle on the same open file (a process's own fd). */
  dup(): SharedInput;
  close(): void;
}

export interface SharedOutput extends OutputStream {
  dup(): OutputStream;
  /** True once nobody can read what is written (a pipe whose readers all closed: SIGPIPE). */
  readonly broken?: boolean;
}

export function isSharedInput(s: InputStream): s is SharedInput {
  return typeof (s as Partial<SharedInput>).take === 'function' && typeof (s as Partial<SharedInput>).dup === 'function';
}

export function isSharedOutput(s: OutputStream): s is SharedOutput {
  return typeof (s as Partial<SharedOutput>).dup === 'function';
}

const encoder = new TextEncoder();

export function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

/** Joins chunks into one array (no copy for a single chunk). */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

/**
 * read() over take(): when the chunk arrives later, from an event or another program, the
 * scheduler is told so an async driver lets the reader run before time moves on.
 */
export function readVia(input: SharedInput, scheduler: Scheduler | null, reader?: ReaderInfo): Promise<Chunk> {
  const state: { now: boolean; chunk: Chunk; later: ((c: Chunk) => void) | null } = { now: false, chunk: null, later: null };
  input.take((chunk) => {
    if (state.later === null) {
      state.now = true;
      state.chunk = chunk;
      return;
    }
    state.later(chunk);
    scheduler?.noteAsyncWake();
  }, reader);
  if (state.now) return Promise.resolve(state.chunk);
  return new Promise<Chunk>((resolve) => {
    state.later = resolve;
  });
}

/** A stream that holds `data` and then ends: here-strings, generated input, tests. */
export class BytesInput implements SharedInput {
  readonly tty: Terminal | null = null;
  private data: Uint8Array | null;

  constructor(data: Uint8Array | string) {
    const bytes = toBytes(data);
    this.data = bytes.length > 0 ? bytes : null;
  }

  take(deliver: (chunk: Chunk) => void): () => void {
    const d = this.data;
    this.data = null;
    deliver(d);
    return () => {};
  }

  read(): Promise<Chunk> {
    return readVia(this, null);
  }

  /** A file description is shared by its fds: the read offset is common, so dup is itself. */
  dup(): SharedInput {
    return this;
  }

  close(): void {}
}

/** /dev/null as an input: end of file at once. */
export function nullInput(): SharedInput {
  return new BytesInput(new Uint8Array(0));
}

/** /dev/null as an output: everything vanishes. */
export function nullOutput(): SharedOutput {
  const out: SharedOutput = {
    tty: null,
    write() {},
    close() {},
    dup: () => out,
  };
  return out;
}

/** Reads to end of file (what `wc`, `sort`, `grep` do with their input). */
export async function readAll(input: InputStream): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for (;;) {
    const c = await input.read();
    if (c === null) break;
    if (c.length > 0) chunks.push(c);
  }
  return chunks.length === 0 ? new Uint8Array(0) : concatBytes(chunks);
}
