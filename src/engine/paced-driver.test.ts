import { describe, it, expect } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { PacedDriver, type WallClock } from './paced-driver.ts';
import { MS, SECOND } from './time.ts';

/** A wall clock the test moves by hand; each `frame(ms)` advances it and runs the requested ticks. */
class FakeClock implements WallClock {
  t = 1000; // an arbitrary origin: the driver must only use differences
  private next = 1;
  private readonly ticks = new Map<number, () => void>();
  now(): number {
    return this.t;
  }
  requestTick(cb: () => void): () => void {
    const id = this.next++;
    this.ticks.set(id, cb);
    return () => this.ticks.delete(id);
  }
  get waiting(): number {
    return this.ticks.size;
  }
  frame(ms: number): void {
    this.t += ms;
    const due = [...this.ticks.values()];
    this.ticks.clear();
    for (const cb of due) cb();
  }
}

function setup(opts = {}): { s: Scheduler; clock: FakeClock; d: PacedDriver; log: number[] } {
  const s = new Scheduler();
  const clock = new FakeClock();
  const d = new PacedDriver(s, clock, opts);
  const log: number[] = [];
  for (let ms = 5; ms <= 1000; ms += 5) s.at(ms * MS, () => log.push(s.now / MS));
  return { s, clock, d, log };
}

describe('PacedDriver', () => {
  it('at speed 1 follows the wall clock: 16 ms of wall time is 16 ms of virtual time', () => {
    const { s, clock, d, log } = setup();
    d.start();
    clock.frame(16);
    expect(s.now).toBe(16 * MS);
    expect(log).toEqual([5, 10, 15]);
    clock.frame(16);
    expect(s.now).toBe(32 * MS);
    expect(log).toEqual([5, 10, 15, 20, 25, 30]);
  });

  it('scales virtual time by the speed factor', () => {
    const slow = setup({ speed: 0.1 });
    slow.d.start();
    slow.clock.frame(100);
    expect(slow.s.now).toBe(10 * MS);

    const fast = setup({ speed: 10 });
    fast.d.start();
    fast.clock.frame(10);
    expect(fast.s.now).toBe(100 * MS);
    expect(fast.log.length).toBe(20);
  });

  it('pausing freezes virtual time and runs nothing, however long the wall clock goes on', () => {
    const { s, clock, d, log } = setup();
    d.start();
    clock.frame(10);
    d.pause();
    expect(d.running).toBe(false);
    expect(clock.waiting).toBe(0);
    clock.frame(5000);
    expect(s.now).toBe(10 * MS);
    expect(log).toEqual([5, 10]);
  });

  it('resuming continues from the frozen time without jumping over the pause', () => {
    const { s, clock, d } = setup();
    d.start();
    clock.frame(10);
    d.pause();
    clock.t += 60_000; // a minute at the coffee machine
    d.start();
    clock.frame(16);
    expect(s.now).toBe(26 * MS);
  });

  it('changing speed while running does not make time jump', () => {
    const { s, clock, d } = setup();
    d.start();
    clock.frame(10);
    clock.t += 6; // 6 ms since the last tick at speed 1...
    d.speed = 10; // ...then 10x
    clock.frame(4);
    expect(s.now).toBe((10 + 6 + 40) * MS);
  });

  it('stepToNextEvent runs exactly the next event while paused and moves time to it', () => {
    const { s, d, log } = setup();
    const seen: number[] = [];
    d.onTick.on((t) => seen.push(t));
    expect(d.stepToNextEvent()).toBe(true);
    expect(d.stepToNextEvent()).toBe(true);
    expect(log).toEqual([5, 10]);
    expect(s.now).toBe(10 * MS);
    expect(seen).toEqual([5 * MS, 10 * MS]);
    d.start();
    expect(d.stepToNextEvent()).toBe(false); // only while paused
    d.pause();
    const idle = new PacedDriver(new Scheduler(), new FakeClock());
    expect(idle.stepToNextEvent()).toBe(false);
  });

  it('bounds the events of one tick and then lets the clock lag instead of running ahead', () => {
    const { s, clock, d, log } = setup({ maxEventsPerTick: 3 });
    d.start();
    clock.frame(100); // 20 events are due, only 3 may run
    expect(log).toEqual([5, 10, 15]);
    expect(s.now).toBe(15 * MS);
    clock.frame(10); // continues from 15 ms, not from 100 ms
    expect(log).toEqual([5, 10, 15, 20, 25]);
    expect(s.now).toBe(25 * MS);
  });

  it('reports the virtual time after each tick', () => {
    const { clock, d } = setup();
    const seen: number[] = [];
    d.onTick.on((t) => seen.push(t));
    d.start();
    clock.frame(16);
    clock.frame(16);
    expect(seen).toEqual([16 * MS, 32 * MS]);
  });

  it('an event may pause the driver; time stops at that event', () => {
    const { s, clock, d } = setup();
    s.at(7 * MS, () => d.pause());
    d.start();
    clock.frame(50);
    expect(s.now).toBe(7 * MS);
    expect(d.running).toBe(false);
    expect(clock.waiting).toBe(0);
  });

  it('a throwing event stops the driver and reaches the caller of the tick', () => {
    const { s, clock, d } = setup();
    s.at(7 * MS, () => {
      throw new Error('broken');
    });
    d.start();
    expect(() => clock.frame(50)).toThrow('broken');
    expect(d.running).toBe(false);
  });

  it('refuses a speed that is not positive', () => {
    const { d } = setup();
    expect(() => (d.speed = 0)).toThrow(RangeError);
    expect(() => new PacedDriver(new Scheduler(), new FakeClock(), { speed: -1 })).toThrow(RangeError);
  });

  it('with a yield function, a program woken by an event resumes at that event time', async () => {
    const s = new Scheduler();
    const clock = new FakeClock();
    const d = new PacedDriver(s, clock, { yieldFn: () => new Promise<void>((r) => setImmediate(r)) });
    let wake: (() => void) | undefined;
    const woke = new Promise<void>((r) => (wake = r));
    const resumedAt: number[] = [];
    void (async () => {
      await woke;
      await Promise.resolve();
      resumedAt.push(s.now);
      s.after(1 * MS, () => resumedAt.push(s.now));
    })();
    s.at(3 * MS, () => {
      wake!();
      s.noteAsyncWake();
    });
    const ticked = new Promise<void>((r) => d.onTick.on(() => r()));
    d.start();
    clock.frame(1 * SECOND / MS);
    await ticked;
    expect(resumedAt).toEqual([3 * MS, 4 * MS]);
    expect(s.now).toBe(1 * SECOND);
  });
});
