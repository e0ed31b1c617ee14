// pipe(2): an unbounded byte queue between processes. A read returns what is queued (or waits
// for data), and end of file once every writer handle is closed; a write once every reader
// handle is closed is dropped and reported as `broken` (the writer's SIGPIPE, pipe(7)).
//
// The two ends are handles, like the fds pipe() returns: `spawn` dups them for the children, so
// the creator closes its own ends after spawning, or the reader never sees end of file:
//   const p = new Pipe();
//   proc.spawn(['echo', 'hi'], { stdout: p.writer });
//   proc.spawn(['grep', 'h'], { stdin: p.reader });
//   p.writer.close(); p.reader.close();
import type { Scheduler } from '../../engine/scheduler.ts';
import type { Terminal } from '../program.ts';
import { concatBytes, readVia, toBytes, type Chunk, type SharedInput, type SharedOutput } from './streams.ts';

/** A read returns at most this much, as Linux's pipe buffer (16 pages). */
const PIPE_READ_MAX = 65536;

class PipeBuffer {
  readonly chunks: Uint8Array[] = [];
  readonly waiters: ((c: Chunk) => void)[] = [];
  writers = 0;
  readers = 0;

  constructor(readonly scheduler: Scheduler | null) {}

  write(data: Uint8Array): void {
    if (data.length === 0) return;
    const w = this.waiters.shift();
    if (w !== undefined) {
      w(data.slice()); // the reader owns its copy: the writer may reuse its buffer
      this.scheduler?.noteAsyncWake();
    } else {
      this.chunks.push(data.slice());
    }
  }

  take(deliver: (c: Chunk) => void): () => void {
    if (this.chunks.length > 0) {
      deliver(this.drain());
      return () => {};
    }
    if (this.writers === 0) {
      deliver(null);
      return () => {};
    }
    this.waiters.push(deliver);
    return () => {
      const i = this.waiters.indexOf(deliver);
      if (i >= 0) this.waiters.splice(i, 1);
    };
  }

  writerClosed(): void {
    if (--this.writers > 0) return;
    // End of file for everyone waiting.
    const waiters = this.waiters.splice(0);
    for (const w of waiters) w(null);
    if (waiters.length > 0) this.scheduler?.noteAsyncWake();
  }

  readerClosed(): void {
    if (--this.readers === 0) this.chunks.length = 0; // nobody will ever read them
  }

  private drain(): Uint8Array {
    let n = 0;
    let k = 0;
    while (k < this.chunks.length && n + this.chunks[k].length <= PIPE_READ_MAX) n += this.chunks[k++].length;
    if (k === 0) {
      // One chunk bigger than a read: split it.
      const first = this.chunks[0];
      this.chunks[0] = first.subarray(PIPE_READ_MAX);
      return first.subarray(0, PIPE_READ_MAX);
    }
    return concatBytes(this.chunks.splice(0, k));
  }
}

export class PipeReader implements SharedInput {
  readonly tty: Terminal | null = null;
  private open = true;

  constructor(private readonly buf: PipeBuffer) {
    buf.readers++;
  }

  take(deliver: (c: Chunk) => void): () => void {
    if (!this.open) {
      deliver(null); // EBADF, in short
      return () => {};
    }
    return this.buf.take(deliver);
  }

  read(): Promise<Chunk> {
    return readVia(this, this.buf.scheduler);
  }

  dup(): PipeReader {
    return new PipeReader(this.buf);
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.buf.readerClosed();
  }
}

export class PipeWriter implements SharedOutput {
  readonly tty: Terminal | null = null;
  private open = true;

  constructor(private readonly buf: PipeBuffer) {
    buf.writers++;
  }

  /** Nobody can read any more: the write was dropped and the writer deserves SIGPIPE. */
  get broken(): boolean {
    return this.buf.readers === 0;
  }

  write(data: Uint8Array | string): void {
    if (!this.open || this.buf.readers === 0) return;
    this.buf.write(toBytes(data));
  }

  dup(): PipeWriter {
    return new PipeWriter(this.buf);
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.buf.writerClosed();
  }
}

export class Pipe {
  readonly reader: PipeReader;
  readonly writer: PipeWriter;

  /** `scheduler` is told when a waiting reader is woken (see engine/async-drain.ts). */
  constructor(scheduler: Scheduler | null) {
    const buf = new PipeBuffer(scheduler);
    this.reader = new PipeReader(buf);
    this.writer = new PipeWriter(buf);
  }
}
