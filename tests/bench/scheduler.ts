// Micro-check of the engine's event queue, run by hand (not a test: timings vary by machine):
//   npx tsx tests/bench/scheduler.ts
// Prints events/s for 2 million events scheduled and run, in two shapes.
import { Scheduler } from '../../src/engine/scheduler.ts';
import { Rng } from '../../src/engine/rng.ts';

const N = 2_000_000;

function report(label: string, events: number, ms: number): void {
  const rate = events / (ms / 1000);
  console.log(`${label}: ${events} events in ${ms.toFixed(0)} ms = ${(rate / 1e6).toFixed(2)} M events/s`);
}

/** All events scheduled up front at random times (a deep heap of 2M), then run. */
function bulk(): void {
  const s = new Scheduler();
  const rng = new Rng('bench');
  const times = Array.from({ length: N }, () => rng.int(0, 1e12));
  let sink = 0;
  const fn = (): void => {
    sink++;
  };
  const t0 = performance.now();
  for (let i = 0; i < N; i++) s.at(times[i], fn);
  s.runUntilIdle();
  const ms = performance.now() - t0;
  if (sink !== N || s.eventsRun !== N) throw new Error('bench: wrong event count');
  report('bulk   (2M scheduled, then run)      ', N, ms);
}

/** A steady simulation: ~1000 timers pending, each event schedules its successor (like frames and RTOs). */
function steady(): void {
  const s = new Scheduler();
  const rng = new Rng('bench2');
  const delays = Array.from({ length: 4096 }, () => rng.int(1, 100_000));
  let i = 0;
  const fn = (): void => {
    if (i < N) s.after(delays[i++ & 4095], fn);
  };
  const t0 = performance.now();
  for (let k = 0; k < 1000; k++) {
    i++;
    s.after(delays[k], fn);
  }
  s.runUntilIdle();
  const ms = performance.now() - t0;
  report('steady (1000 pending, event->event)  ', s.eventsRun, ms);
}

/** Same-time bursts with cancellation (timers re-armed): half of the events are cancelled. */
function rearm(): void {
  const s = new Scheduler();
  let n = 0;
  const fn = (): void => {
    n++;
  };
  const t0 = performance.now();
  for (let k = 0; k < N; k++) {
    const t = s.after(1000 + (k % 977), fn);
    if (k & 1) t.cancel();
    if ((k & 1023) === 0) s.runUntil(s.now + 500);
  }
  s.runUntilIdle();
  const ms = performance.now() - t0;
  report('rearm  (2M scheduled, 1M cancelled)  ', N, ms);
  if (n !== N / 2) throw new Error(`bench: ran ${n}`);
}

for (let round = 0; round < 3; round++) {
  bulk();
  steady();
  rearm();
}
