// One awaitable stream of everything a network program waits for (socket data, timers, signals,
// keyboard), what poll(2) is to the C originals. Events come from scheduler callbacks; waking a
// program tells the scheduler (noteAsyncWake) so the async driver runs its continuation at the
// virtual time of the event, before time moves on.
import type { Scheduler, Timer } from '../../engine/scheduler.ts';
import type { InputStream } from '../../os/program.ts';

export class EventQueue<T> {
  private readonly items: T[] = [];
  private waiter: ((value: T) => void) | null = null;
  private readonly timers = new Set<Timer>();

  constructor(private readonly scheduler: Scheduler) {}

  push(value: T): void {
    const w = this.waiter;
    if (w !== null) {
      this.waiter = null;
      w(value);
      this.scheduler.noteAsyncWake();
    } else {
      this.items.push(value);
    }
  }

  /** The oldest event, waiting for one if none is queued. */
  next(): Promise<T> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift() as T);
    return new Promise<T>((resolve) => {
      this.waiter = resolve;
    });
  }

  /** Pushes `value` after `ns` of virtual time. */
  after(ns: number, value: T): Timer {
    const t = this.scheduler.after(Math.max(0, Math.round(ns)), () => {
      this.timers.delete(t);
      this.push(value);
    });
    this.timers.add(t);
    return t;
  }

  /** Cancels every timer still pending (the program is done). */
  cancelTimers(): void {
    for (const t of this.timers) t.cancel();
    this.timers.clear();
  }
}

/**
 * Reads `input` chunk by chunk into the queue until end of file (null) or until `stop()`; one
 * read is in flight at a time, as a program blocked in read(2). A read still pending when the
 * program ends is withdrawn by the process's exit.
 */
export function pumpInput<T>(
  input: InputStream,
  queue: EventQueue<T>,
  wrap: (chunk: Uint8Array | null) => T,
): { stop(): void } {
  let stopped = false;
  void (async () => {
    for (;;) {
      const chunk = await input.read();
      if (stopped) return;
      queue.push(wrap(chunk));
      if (chunk === null) return;
    }
  })();
  return {
    stop() {
      stopped = true;
    },
  };
}
