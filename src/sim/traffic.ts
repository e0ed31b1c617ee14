// The scenario's `traffic` generators: other students' machines that send mail, query the DNS or
// ping now and then, so the shared links carry more than the student's own frames and a display
// filter matters. Each run is `/bin/sh -c RUN` as root on its host, like a cron job.
//
// Timing is a systemd timer's: runs are due every `every` ± `jitter` seconds from the first one
// (`start` seconds after boot), not from the end of the previous run; a run still going when the
// next is due makes that one skip (no pile-up of slow sessions). Jitter comes from a fork of the
// simulation's seeded generator per entry, so the same seed gives the same runs, frame for frame.
import type { Rng } from '../engine/rng.ts';
import type { Scheduler, Timer } from '../engine/scheduler.ts';
import { SECOND } from '../engine/time.ts';
import type { Host } from '../os/host.ts';
import type { TrafficSpec } from '../scenario/schema.ts';

/** What a generator needs of its host: to start `sh -c` as root. */
export type TrafficHost = Pick<Host, 'spawn'>;

interface Generator {
  readonly spec: TrafficSpec;
  readonly host: TrafficHost;
  readonly rng: Rng;
  timer: Timer | null;
  running: boolean;
  /** Runs started so far. */
  runs: number;
}

export class BackgroundTraffic {
  private readonly generators: Generator[] = [];
  private started = false;

  constructor(
    private readonly scheduler: Scheduler,
    rng: Rng,
    specs: readonly TrafficSpec[],
    hostOf: (name: string) => TrafficHost,
  ) {
    specs.forEach((spec, i) => {
      this.generators.push({ spec, host: hostOf(spec.host), rng: rng.fork(`traffic:${i}`), timer: null, running: false, runs: 0 });
    });
  }

  /** Schedules every generator's first run, `start` seconds from now; later calls do nothing. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const g of this.generators) this.schedule(g, toNs(g.spec.start));
  }

  /** No more runs; runs under way finish on their own. */
  stop(): void {
    for (const g of this.generators) {
      g.timer?.cancel();
      g.timer = null;
    }
  }

  /** Runs started so far, per generator in file order. */
  runCounts(): number[] {
    return this.generators.map((g) => g.runs);
  }

  private schedule(g: Generator, delayNs: number): void {
    g.timer = this.scheduler.after(delayNs, () => this.fire(g));
  }

  private fire(g: Generator): void {
    const every = toNs(g.spec.every);
    const jitter = toNs(g.spec.jitter);
    // Drawn before anything else, so skipped runs do not shift later ones.
    this.schedule(g, jitter > 0 ? every + g.rng.int(-jitter, jitter) : every);
    if (g.running) return;
    const child = g.host.spawn(['sh', '-c', g.spec.run], { cwd: '/root' });
    if ('error' in child) return;
    g.running = true;
    g.runs++;
    void child.wait().then(() => (g.running = false));
  }
}

function toNs(seconds: number): number {
  return Math.round(seconds * SECOND);
}
