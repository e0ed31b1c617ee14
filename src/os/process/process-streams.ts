// A process's own fds 0, 1 and 2: handles on shared streams that die with the process. Once it
// is terminated its pending reads are withdrawn (the data stays for the next reader), later
// reads never resolve (its code is abandoned), its writes are dropped, and its handles close so
// a pipe's reader sees end of file.
import type { Scheduler } from '../../engine/scheduler.ts';
import type { InputStream, OutputStream, Terminal } from '../program.ts';
import { isSharedInput, isSharedOutput, type Chunk, type ReaderInfo } from './streams.ts';

/** What the handles need to know of their process. */
export interface StreamOwner extends ReaderInfo {
  readonly alive: boolean;
  /** A write found the pipe without readers: deliver SIGPIPE. */
  brokenPipe(): void;
}

const never = new Promise<never>(() => {});

export class ProcessInput implements InputStream {
  private readonly pending = new Set<() => void>();
  private closed = false;

  /** `owned`: this handle was dup'ed for the process and is closed at its exit. */
  constructor(
    readonly inner: InputStream,
    private readonly owner: StreamOwner,
    private readonly scheduler: Scheduler,
    private readonly owned: boolean,
  ) {}

  get tty(): Terminal | null {
    return this.inner.tty;
  }

  read(): Promise<Chunk> {
    if (!this.owner.alive || this.closed) return never;
    const inner = this.inner;
    if (!isSharedInput(inner)) {
      // A foreign stream cannot withdraw a read: the data of a killed reader is lost.
      return inner.read().then((c) => (this.owner.alive ? c : never));
    }
    const state: { now: boolean; chunk: Chunk; resolve: ((c: Chunk) => void) | null } = { now: false, chunk: null, resolve: null };
    let cancel: (() => void) | null = null;
    cancel = inner.take((chunk) => {
      if (cancel !== null) this.pending.delete(cancel);
      if (state.resolve === null) {
        state.now = true;
        state.chunk = chunk;
        return;
      }
      state.resolve(chunk);
      this.scheduler.noteAsyncWake();
    }, this.owner);
    if (state.now) return Promise.resolve(state.chunk);
    this.pending.add(cancel);
    return new Promise<Chunk>((resolve) => {
      state.resolve = resolve;
    });
  }

  /** Withdraws the reads in progress (the process was terminated). */
  abort(): void {
    for (const cancel of this.pending) cancel();
    this.pending.clear();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.abort();
    if (this.owned && isSharedInput(this.inner)) this.inner.close();
  }
}

export class ProcessOutput implements OutputStream {
  private closed = false;

  constructor(
    readonly inner: OutputStream,
    private readonly owner: StreamOwner,
    private readonly owned: boolean,
  ) {}

  get tty(): Terminal | null {
    return this.inner.tty;
  }

  write(data: Uint8Array | string): void {
    if (!this.owner.alive || this.closed) return;
    const inner = this.inner;
    if (isSharedOutput(inner) && inner.broken === true) {
      this.owner.brokenPipe();
      return;
    }
    inner.write(data);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Only our own handle: closing a stream someone lent us without a dup would close theirs.
    if (this.owned || !isSharedOutput(this.inner)) this.inner.close();
  }

  /** At exit: drop the handle if it was ours. */
  release(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.owned) this.inner.close();
  }
}

/** The handle a child gets on what the parent passes: unwraps the parent's handle, then dups. */
export function childInput(s: InputStream, owner: StreamOwner, scheduler: Scheduler): ProcessInput {
  const base = s instanceof ProcessInput ? s.inner : s;
  if (isSharedInput(base)) return new ProcessInput(base.dup(), owner, scheduler, true);
  return new ProcessInput(base, owner, scheduler, false);
}

export function childOutput(s: OutputStream, owner: StreamOwner): ProcessOutput {
  const base = s instanceof ProcessOutput ? s.inner : s;
  if (isSharedOutput(base)) return new ProcessOutput(base.dup(), owner, true);
  return new ProcessOutput(base, owner, false);
}
