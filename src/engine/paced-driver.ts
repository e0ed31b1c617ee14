// Drives virtual time from the page's wall clock: at speed 1 a 2 s `sleep` takes 2 s of the
// student's time, at 0.1 a TCP handshake can be watched frame by frame. The wall clock is injected
// (requestAnimationFrame + performance.now in the page, a fake in tests): this layer never reads it.
import type { Scheduler } from './scheduler.ts';
import { Emitter } from './events.ts';
import { drainAsyncWakes, type Yield } from './async-drain.ts';
import { MS } from './time.ts';

export interface WallClock {
  /** Monotonic wall time in milliseconds (fractions allowed). */
  now(): number;
  /** Calls `cb` once, soon (the next animation frame); returns a function that cancels it. */
  requestTick(cb: () => void): () => void;
}

export interface PacedDriverOptions {
  /** Virtual seconds per wall second; default 1. */
  speed?: number;
  /** Most events run in one tick, so a burst cannot freeze the page; default 20000. */
  maxEventsPerTick?: number;
  /**
   * When given, ticks are async: after an event that woke a program (`Scheduler.asyncWake`)
   * the tick yields so the program resumes at that event's virtual time (see async-drain.ts).
   */
  yieldFn?: Yield;
}

export class PacedDriver {
  /** Fired after each tick, step or speed change with the virtual time reached. */
  readonly onTick = new Emitter<number>();

  private readonly maxEventsPerTick: number;
  private readonly yieldFn: Yield | undefined;
  private speedFactor: number;
  private isRunning = false;
  private cancelTick: (() => void) | null = null;
  /** Wall and virtual times of the last synchronisation: virtual = syncVirtual + elapsed * speed. */
  private syncWall = 0;
  private syncVirtual = 0;
  /** Bumped by start/pause so a suspended async tick of an earlier run gives up. */
  private generation = 0;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly clock: WallClock,
    opts: PacedDriverOptions = {},
  ) {
    this.speedFactor = checkSpeed(opts.speed ?? 1);
    this.maxEventsPerTick = Math.max(1, Math.floor(opts.maxEventsPerTick ?? 20_000));
    this.yieldFn = opts.yieldFn;
  }

  get running(): boolean {
    return this.isRunning;
  }

  get speed(): number {
    return this.speedFactor;
  }

  /** Changing speed while running keeps virtual time continuous: it re-syncs at the current target. */
  set speed(value: number) {
    const speed = checkSpeed(value);
    if (this.isRunning) {
      const wallNow = this.clock.now();
      this.syncVirtual = Math.max(this.scheduler.now, this.targetAt(wallNow));
      this.syncWall = wallNow;
    }
    this.speedFactor = speed;
  }

  /** Lets virtual time flow from where it stands (no jump over the time spent paused). */
  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    this.generation++;
    this.resync();
    this.requestTick();
  }

  /** Freezes virtual time where the last tick left it. */
  pause(): void {
    if (!this.isRunning) return;
    this.isRunning = false;
    this.generation++;
    this.cancelTick?.();
    this.cancelTick = null;
  }

  /** While paused, runs exactly the next event, moving time to it; false if running or idle. */
  stepToNextEvent(): boolean {
    if (this.isRunning) return false;
    const ran = this.scheduler.step();
    if (ran) this.onTick.fire(this.scheduler.now);
    return ran;
  }

  private resync(): void {
    this.syncWall = this.clock.now();
    this.syncVirtual = this.scheduler.now;
  }

  private targetAt(wallNow: number): number {
    return this.syncVirtual + Math.round((wallNow - this.syncWall) * this.speedFactor * MS);
  }

  private requestTick(): void {
    if (this.cancelTick !== null) return; // one tick outstanding at most
    this.cancelTick = this.clock.requestTick(() => {
      this.cancelTick = null;
      if (!this.isRunning) return;
      if (this.yieldFn === undefined) this.tick();
      else void this.tickAsync(this.yieldFn, this.generation);
    });
  }

  private tick(): void {
    const s = this.scheduler;
    const wallNow = this.clock.now();
    const target = this.targetAt(wallNow);
    let n = 0;
    try {
      for (;;) {
        const next = s.nextTime();
        if (next === undefined || next > target || !this.isRunning) break;
        if (n === this.maxEventsPerTick) break;
        s.step();
        n++;
      }
    } catch (e) {
      this.pause(); // a throwing event is a broken invariant: stop, and let the page see it
      throw e;
    }
    this.finishTick(target, wallNow);
  }

  private async tickAsync(yieldFn: Yield, generation: number): Promise<void> {
    const s = this.scheduler;
    const wallNow = this.clock.now();
    const target = this.targetAt(wallNow);
    const current = (): boolean => this.isRunning && this.generation === generation;
    let n = 0;
    try {
      await drainAsyncWakes(s, yieldFn);
      for (;;) {
        if (!current()) return; // paused (or restarted) during a yield: that run owns time now
        const next = s.nextTime();
        if (next === undefined || next > target) break;
        if (n === this.maxEventsPerTick) break;
        s.step();
        n++;
        if (s.asyncWake) await drainAsyncWakes(s, yieldFn);
      }
    } catch (e) {
      if (current()) this.pause();
      throw e;
    }
    if (current()) this.finishTick(target, wallNow);
  }

  private finishTick(target: number, wallNow: number): void {
    const s = this.scheduler;
    if (!this.isRunning) {
      // An event paused us: time stays at that event.
    } else if (s.nextTime() !== undefined && s.nextTime()! <= target) {
      // Too many events for one tick: do not let the clock run ahead of the events executed;
      // re-sync so the simulation slows down instead of jumping later.
      this.syncVirtual = s.now;
      this.syncWall = wallNow;
    } else if (target > s.now) {
      s.runUntil(target);
    }
    this.onTick.fire(s.now);
    if (this.isRunning) this.requestTick();
  }
}

function checkSpeed(speed: number): number {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`PacedDriver: speed must be > 0, got ${speed}`);
  return speed;
}
