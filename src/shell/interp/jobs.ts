// The job table of an interactive shell (bash(1) "JOB CONTROL"): `cmd &` prints `[1] PID`,
// `jobs` lists, `%1` names a job, and a job that ends is announced before the next prompt as
// `[1]+  Done                    sleep 10`. The status column is 24 bytes wide, padded by
// bytes as bash's printf does (so a French "Complété" gets two spaces fewer).
import type { Messages } from '../messages.ts';

export interface JobProcess {
  readonly pid: number;
  status: number | null;
  signal: number | null;
}

export class Job {
  readonly procs: JobProcess[] = [];
  /** Set once every process ended: the last one's status (a pipeline's status). */
  status: number | null = null;
  signal: number | null = null;
  /** Resolves when the job is done. */
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    readonly id: number,
    readonly pgid: number,
    readonly text: string,
  ) {
    this.done = new Promise<void>((r) => {
      this.resolveDone = r;
    });
  }

  get running(): boolean {
    return this.status === null;
  }

  /** Called by the shell as each process's wait() resolves. */
  processEnded(pid: number, status: number, signal: number | null): void {
    const p = this.procs.find((q) => q.pid === pid);
    if (p) {
      p.status = status;
      p.signal = signal;
    }
    if (this.procs.every((q) => q.status !== null)) {
      const last = this.procs[this.procs.length - 1];
      this.status = last.status;
      this.signal = last.signal;
      this.resolveDone();
    }
  }

  get lastPid(): number {
    return this.procs[this.procs.length - 1]?.pid ?? this.pgid;
  }
}

export type SignalDescriber = (signal: number) => string;

export class JobTable {
  private jobs: Job[] = [];
  /** Most recent first: [0] is the current job (+), [1] the previous (-). */
  private order: number[] = [];

  constructor(
    private readonly msg: Messages,
    private readonly describe: SignalDescriber,
  ) {}

  /** bash numbers a new job one above the highest in use. */
  create(pgid: number, text: string): Job {
    const id = this.jobs.reduce((m, j) => Math.max(m, j.id), 0) + 1;
    const job = new Job(id, pgid, text);
    this.jobs.push(job);
    this.order.unshift(id);
    return job;
  }

  list(): readonly Job[] {
    return this.jobs;
  }

  get size(): number {
    return this.jobs.length;
  }

  remove(job: Job): void {
    this.jobs = this.jobs.filter((j) => j !== job);
    this.order = this.order.filter((id) => id !== job.id);
  }

  byPid(pid: number): Job | undefined {
    return this.jobs.find((j) => j.procs.some((p) => p.pid === pid));
  }

  marker(job: Job): string {
    if (this.order[0] === job.id) return '+';
    if (this.order[1] === job.id) return '-';
    return ' ';
  }

  /** %N, %+, %%, %-, %name (prefix), %?text; undefined: no such job; 'ambiguous'. */
  find(spec: string): Job | undefined | 'ambiguous' {
    const s = spec.startsWith('%') ? spec.slice(1) : spec;
    const byId = (id: number | undefined) => this.jobs.find((j) => j.id === id);
    if (s === '' || s === '+' || s === '%') return byId(this.order[0]);
    if (s === '-') return byId(this.order[1] ?? this.order[0]);
    if (/^\d+$/.test(s)) return byId(Number(s));
    const matches = s.startsWith('?') ? this.jobs.filter((j) => j.text.includes(s.slice(1))) : this.jobs.filter((j) => j.text.startsWith(s));
    if (matches.length > 1) return 'ambiguous';
    return matches[0];
  }

  /** The status column: Running, Done, Exit N, or the signal's description. */
  state(job: Job): string {
    if (job.running) return this.msg.t('Running');
    if (job.signal !== null) return this.describe(job.signal);
    if (job.status === 0) return this.msg.t('Done');
    return this.msg.t('Exit %d', job.status ?? 0);
  }

  /** One line of `jobs` or of a notice. */
  format(job: Job, withPid = false): string {
    const state = this.state(job);
    const pad = Math.max(0, 24 - new TextEncoder().encode(state).length);
    const text = job.running ? `${job.text} &` : job.text;
    const pid = withPid ? `${job.lastPid} ` : ' ';
    return `[${job.id}]${this.marker(job)} ${pid}${state}${' '.repeat(pad)}${text}\n`;
  }

  /** Lines for the jobs that ended since the last prompt; they leave the table. */
  takeNotices(): string {
    let out = '';
    for (const job of [...this.jobs]) {
      if (job.running) continue;
      out += this.format(job);
      this.remove(job);
    }
    return out;
  }
}
