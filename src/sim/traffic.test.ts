// When the traffic generators run: start, every ± jitter from the seeded generator, no overlap.
import { describe, expect, it } from 'vitest';
import { Rng } from '../engine/rng.ts';
import { Scheduler } from '../engine/scheduler.ts';
import { SECOND } from '../engine/time.ts';
import type { ChildProcess } from '../os/program.ts';
import type { TrafficSpec } from '../scenario/schema.ts';
import { BackgroundTraffic, type TrafficHost } from './traffic.ts';

/** A host whose runs last `durationS` seconds of virtual time; it records when each started. */
function fakeHost(s: Scheduler, durationS = 0): TrafficHost & { starts: number[]; argv: string[][] } {
  const starts: number[] = [];
  const argv: string[][] = [];
  return {
    starts,
    argv,
    spawn(args: readonly string[]) {
      starts.push(s.now);
      argv.push([...args]);
      let done: () => void = () => undefined;
      const finished = new Promise<number>((resolve) => (done = () => resolve(0)));
      s.after(durationS * SECOND, done);
      const child: ChildProcess = { pid: 100 + starts.length, wait: () => finished, kill: () => undefined, termSignal: null };
      return child;
    },
  };
}

const spec = (over: Partial<TrafficSpec>): TrafficSpec => ({ host: 'V1', every: 10, jitter: 0, start: 10, run: 'true', ...over });

async function runFor(s: Scheduler, seconds: number): Promise<void> {
  const end = s.now + seconds * SECOND;
  while (s.nextTime() !== undefined && s.nextTime()! <= end) {
    s.step();
    await Promise.resolve();
    await Promise.resolve();
  }
  s.runUntil(end);
}

describe('BackgroundTraffic', () => {
  it('runs `sh -c RUN` first after `start`, then every `every` seconds, only once started', async () => {
    const s = new Scheduler();
    const host = fakeHost(s);
    const t = new BackgroundTraffic(s, new Rng(1), [spec({ start: 3, run: 'ping -c 1 x' })], () => host);
    await runFor(s, 50);
    expect(host.starts).toEqual([]);
    t.start();
    t.start();
    await runFor(s, 35);
    expect(host.starts).toEqual([53, 63, 73, 83].map((x) => x * SECOND));
    expect(host.argv[0]).toEqual(['sh', '-c', 'ping -c 1 x']);
    expect(t.runCounts()).toEqual([4]);
  });

  it('draws each interval within every ± jitter, the same for the same seed, other ones for another', async () => {
    const times = async (seed: number): Promise<number[]> => {
      const s = new Scheduler();
      const host = fakeHost(s);
      new BackgroundTraffic(s, new Rng(seed), [spec({ every: 20, jitter: 5, start: 0 })], () => host).start();
      await runFor(s, 1000);
      return host.starts;
    };
    const a = await times(7);
    expect(a.length).toBeGreaterThan(35);
    for (let i = 1; i < a.length; i++) {
      const gap = a[i] - a[i - 1];
      expect(gap).toBeGreaterThanOrEqual(15 * SECOND);
      expect(gap).toBeLessThanOrEqual(25 * SECOND);
    }
    expect(new Set(a.slice(1).map((x, i) => x - a[i])).size).toBeGreaterThan(10);
    expect(await times(7)).toEqual(a);
    expect(await times(8)).not.toEqual(a);
  });

  it('skips a run that is due while the previous one still goes, and keeps the schedule', async () => {
    const s = new Scheduler();
    const host = fakeHost(s, 15);
    const t = new BackgroundTraffic(s, new Rng(1), [spec({ every: 10, start: 0 })], () => host);
    t.start();
    await runFor(s, 45);
    // Due at 0, 10, 20, 30, 40: 10 and 30 fall while the 15-second runs of 0 and 20 go on.
    expect(host.starts).toEqual([0, 20, 40].map((x) => x * SECOND));
  });

  it('stops: no run after stop()', async () => {
    const s = new Scheduler();
    const host = fakeHost(s);
    const t = new BackgroundTraffic(s, new Rng(1), [spec({ every: 10, start: 0 })], () => host);
    t.start();
    await runFor(s, 15);
    t.stop();
    await runFor(s, 100);
    expect(host.starts).toEqual([0, 10 * SECOND]);
  });
});
