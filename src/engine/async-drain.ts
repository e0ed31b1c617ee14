// Programs (commands, daemon adapters) are async functions; their `await` continuations are
// microtasks, which run only when synchronous code yields. A sync loop of events would let a
// program that awaited a socket read resume only after the whole batch, at a later virtual time,
// so its reply would leave late. These drivers run one event at a time and, when an event woke a
// program (`Scheduler.noteAsyncWake()`), yield to the host's macrotask queue so every chained
// continuation runs first, at the virtual time of the event that woke it.
import type { Scheduler } from './scheduler.ts';

/**
 * Lets pending microtasks (and promise chains of any length) run; supplied by the environment:
 * `setImmediate` in Node, a `MessageChannel` post in the browser. Never a timer: no delay.
 */
export type Yield = () => Promise<void>;

export interface DrainOptions {
  /**
   * When no event is due, yield once more (and repeat while that schedules new due events)
   * before returning, so work a program started without an event (a command typed at t=0,
   * a continuation resolved by the caller) gets to schedule its events. Default true.
   */
  quietYield?: boolean;
}

/** More consecutive wakes than this without an event means programs wake each other forever. */
const MAX_WAKES_WITHOUT_EVENT = 100_000;

/**
 * While an event (or a continuation) has woken a program, clears the flag and yields, so the
 * woken continuations run now, before virtual time moves on. Returns at once when none is awake.
 */
export async function drainAsyncWakes(s: Scheduler, yieldFn: Yield): Promise<void> {
  let n = 0;
  while (s.asyncWake) {
    s.asyncWake = false; // cleared first: a continuation may wake another program
    await yieldFn();
    if (++n > MAX_WAKES_WITHOUT_EVENT) {
      throw new Error('async-drain: programs keep waking each other without virtual time passing');
    }
  }
}

async function drain(s: Scheduler, limit: number, yieldFn: Yield, quiet: boolean): Promise<number> {
  let n = 0;
  await drainAsyncWakes(s, yieldFn);
  for (;;) {
    const next = s.nextTime();
    if (next === undefined || next > limit) {
      if (!quiet) break;
      await yieldFn();
      await drainAsyncWakes(s, yieldFn);
      const again = s.nextTime();
      if (again === undefined || again > limit) break;
      continue;
    }
    s.step();
    n++;
    if (s.asyncWake) await drainAsyncWakes(s, yieldFn);
  }
  return n;
}

/** Async `Scheduler.runUntil`: runs every event due up to `time`, then sets the clock to `time`. */
export async function runUntilAsync(
  s: Scheduler,
  time: number,
  yieldFn: Yield,
  opts: DrainOptions = {},
): Promise<number> {
  const n = await drain(s, time, yieldFn, opts.quietYield ?? true);
  s.runUntil(time); // nothing is due any more: this only moves the clock
  return n;
}

/**
 * Async `Scheduler.runUntilIdle`: runs events until none is pending (after a quiet yield) or the
 * next one lies after `limit` (absolute ns; undefined = no limit). Returns the events run.
 */
export async function runUntilIdleAsync(
  s: Scheduler,
  limit: number | undefined,
  yieldFn: Yield,
  opts: DrainOptions = {},
): Promise<number> {
  return drain(s, limit ?? Infinity, yieldFn, opts.quietYield ?? true);
}
