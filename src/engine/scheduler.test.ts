import { describe, it, expect } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { MS, SECOND } from './time.ts';

describe('Scheduler ordering', () => {
  it('runs events by time, and events due at the same time in the order they were scheduled', () => {
    const s = new Scheduler();
    const log: string[] = [];
    s.at(30, () => log.push('c'));
    s.at(10, () => log.push('a1'));
    s.at(20, () => log.push('b'));
    s.at(10, () => log.push('a2'));
    s.at(10, () => log.push('a3'));
    s.runUntilIdle();
    expect(log).toEqual(['a1', 'a2', 'a3', 'b', 'c']);
  });

  it('keeps insertion order for thousands of same-time events mixed with others', () => {
    const s = new Scheduler();
    const seen: number[] = [];
    for (let i = 0; i < 5000; i++) s.at(i % 3 === 0 ? 100 : 50 + (i % 7), () => seen.push(i));
    s.runUntilIdle();
    const at100 = seen.filter((i) => i % 3 === 0);
    expect(at100).toEqual([...at100].sort((a, b) => a - b));
    expect(seen.slice(-at100.length)).toEqual(at100);
  });

  it('advances now to each event time while it runs', () => {
    const s = new Scheduler();
    const times: number[] = [];
    s.after(5 * MS, () => times.push(s.now));
    s.after(1 * MS, () => times.push(s.now));
    s.runUntilIdle();
    expect(times).toEqual([1 * MS, 5 * MS]);
    expect(s.now).toBe(5 * MS);
  });

  it('lets an event schedule another at the current time, which runs after already-queued ones', () => {
    const s = new Scheduler();
    const log: string[] = [];
    s.at(10, () => {
      log.push('first');
      s.after(0, () => log.push('spawned'));
    });
    s.at(10, () => log.push('second'));
    s.at(11, () => log.push('later'));
    s.runUntilIdle();
    expect(log).toEqual(['first', 'second', 'spawned', 'later']);
  });

  it('clamps a time in the past to now and rounds delays to whole nanoseconds', () => {
    const s = new Scheduler();
    s.runUntil(1000);
    const past = s.at(10, () => {});
    expect(past.at).toBe(1000);
    expect(s.after(2.6, () => {}).at).toBe(1003);
    expect(s.after(-5, () => {}).at).toBe(1000);
  });

  it('refuses a non-finite time (a broken invariant, not a user error)', () => {
    const s = new Scheduler();
    expect(() => s.at(NaN, () => {})).toThrow(RangeError);
    expect(() => s.after(Infinity, () => {})).toThrow(RangeError);
  });
});

describe('Scheduler cancel', () => {
  it('skips a cancelled event and keeps pending accurate', () => {
    const s = new Scheduler();
    const log: string[] = [];
    const t = s.at(10, () => log.push('cancelled'));
    s.at(20, () => log.push('kept'));
    expect(s.pending).toBe(2);
    expect(t.active).toBe(true);
    t.cancel();
    t.cancel(); // twice is harmless
    expect(t.active).toBe(false);
    expect(s.pending).toBe(1);
    expect(s.nextTime()).toBe(20);
    s.runUntilIdle();
    expect(log).toEqual(['kept']);
    expect(s.pending).toBe(0);
  });

  it('lets an event cancel a later event due at the same time', () => {
    const s = new Scheduler();
    const log: string[] = [];
    s.at(10, () => {
      log.push('a');
      victim.cancel();
    });
    const victim = s.at(10, () => log.push('victim'));
    s.runUntilIdle();
    expect(log).toEqual(['a']);
  });

  it('cancelling after the event ran does not disturb the count', () => {
    const s = new Scheduler();
    const t = s.at(1, () => {});
    s.at(2, () => {});
    s.step();
    expect(t.active).toBe(false);
    t.cancel();
    expect(s.pending).toBe(1);
  });

  it('survives mass cancellation (a TCP re-arming its timer) with the right survivors in order', () => {
    const s = new Scheduler();
    const ran: number[] = [];
    const timers = [];
    for (let i = 0; i < 10_000; i++) timers.push(s.at(10_000 - i, () => ran.push(i)));
    for (let i = 0; i < 10_000; i++) if (i % 10 !== 0) timers[i].cancel();
    expect(s.pending).toBe(1000);
    s.runUntilIdle();
    expect(ran.length).toBe(1000);
    expect(ran[0]).toBe(9990);
    expect(ran[999]).toBe(0);
  });
});

describe('Scheduler runUntil / runUntilIdle / step', () => {
  it('runUntil runs events due up to the limit inclusive and then sets the clock to it', () => {
    const s = new Scheduler();
    const log: number[] = [];
    for (const t of [5, 10, 15]) s.at(t, () => log.push(t));
    expect(s.runUntil(10)).toBe(2);
    expect(log).toEqual([5, 10]);
    expect(s.now).toBe(10);
    expect(s.runUntil(12)).toBe(0);
    expect(s.now).toBe(12);
    expect(s.pending).toBe(1);
  });

  it('runUntil also runs events scheduled by events inside the window', () => {
    const s = new Scheduler();
    let ticks = 0;
    const tick = (): void => {
      ticks++;
      s.after(1 * SECOND, tick);
    };
    s.after(1 * SECOND, tick);
    s.runUntil(10 * SECOND);
    expect(ticks).toBe(10);
    expect(s.nextTime()).toBe(11 * SECOND);
  });

  it('runUntilIdle stops before an event that would pass the limit, leaving now at the last event', () => {
    const s = new Scheduler();
    s.at(100, () => {});
    s.at(200, () => {});
    s.at(300, () => {});
    expect(s.runUntilIdle(250)).toBe(2);
    expect(s.now).toBe(200);
    expect(s.nextTime()).toBe(300);
    expect(s.runUntilIdle()).toBe(1);
    expect(s.nextTime()).toBeUndefined();
    expect(s.eventsRun).toBe(3);
  });

  it('step runs exactly one event and reports when nothing is left', () => {
    const s = new Scheduler();
    const log: number[] = [];
    s.at(7, () => log.push(1));
    s.at(9, () => log.push(2));
    expect(s.step()).toBe(true);
    expect(log).toEqual([1]);
    expect(s.now).toBe(7);
    expect(s.step()).toBe(true);
    expect(s.step()).toBe(false);
    expect(s.now).toBe(9);
  });

  it('a throwing event propagates to the caller and the queue keeps working', () => {
    const s = new Scheduler();
    const log: string[] = [];
    s.at(1, () => {
      throw new Error('boom');
    });
    s.at(2, () => log.push('after'));
    expect(() => s.runUntil(10)).toThrow('boom');
    expect(s.now).toBe(1);
    expect(s.pending).toBe(1);
    s.runUntil(10);
    expect(log).toEqual(['after']);
  });

  it('records the async wake flag for the async driver', () => {
    const s = new Scheduler();
    expect(s.asyncWake).toBe(false);
    s.noteAsyncWake();
    expect(s.asyncWake).toBe(true);
  });
});
