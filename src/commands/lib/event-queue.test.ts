import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../engine/scheduler.ts';
import { SECOND } from '../../engine/time.ts';
import { EventQueue } from './event-queue.ts';

describe('EventQueue', () => {
  it('hands events over in order and wakes a waiting program at the event time', async () => {
    const s = new Scheduler();
    const q = new EventQueue<string>(s);
    q.push('early');
    expect(await q.next()).toBe('early');
    q.after(2 * SECOND, 'timer');
    const waiting = q.next();
    s.runUntil(3 * SECOND);
    expect(s.asyncWake).toBe(true);
    expect(await waiting).toBe('timer');
  });

  it('drops pending timers when the program is done', () => {
    const s = new Scheduler();
    const q = new EventQueue<string>(s);
    q.after(SECOND, 'never');
    q.cancelTimers();
    s.runUntil(2 * SECOND);
    expect(s.asyncWake).toBe(false);
  });
});
