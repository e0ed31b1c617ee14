// Plays a session script (session-script.ts) against a simulation: types into terminals,
// advances virtual time until each terminal is idle, checks @expect lines and keeps the
// transcript. Used by `netsim run` and by whole-lab tests; DOM-free, so the page can use it too.
import type { Yield } from '../engine/async-drain.ts';
import { runUntilAsync } from '../engine/async-drain.ts';
import { SECOND } from '../engine/time.ts';
import type { TerminalDevice } from '../os/tty/terminal-device.ts';
import type { Directive } from './session-script.ts';
import { Teletype } from './teletype.ts';

/** The part of a simulation the runner needs (Simulation implements it). */
export interface SessionTarget {
  readonly scheduler: import('../engine/scheduler.ts').Scheduler;
  /** The terminal `index` (1-based) of host `host`, opened on first use; null: no such host. */
  terminal(host: string, index: number): TerminalDevice | null;
}

export interface SessionFailure {
  line: number;
  message: string;
}

export interface SessionResult {
  ok: boolean;
  failure?: SessionFailure;
  /** What each terminal showed, ANSI stripped, `--- HOST ---` whenever output switches terminal. */
  transcript: string;
}

/** A terminal is idle when its foreground program waits for input and nothing is due soon. */
export const IDLE_QUIET_NS = 2 * SECOND;
/** The most virtual time one typed line may take before the runner moves on. */
export const MAX_LINE_NS = 60 * SECOND;

interface OpenTerminal {
  key: string;
  dev: TerminalDevice;
  tty: Teletype;
  /** Plain text printed since the last typed line (for @expect). */
  recent: string;
}

export class SessionRunner {
  private readonly terminals = new Map<string, OpenTerminal>();
  private current: OpenTerminal | null = null;
  private transcript = '';
  private lastOutputKey: string | null = null;
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly target: SessionTarget,
    private readonly yieldFn: Yield,
  ) {}

  async run(directives: readonly Directive[]): Promise<SessionResult> {
    for (const d of directives) {
      const failure = await this.play(d);
      if (failure) {
        this.flush();
        return { ok: false, failure, transcript: this.transcript };
      }
    }
    this.flush();
    return { ok: true, transcript: this.transcript };
  }

  private async play(d: Directive): Promise<SessionFailure | null> {
    switch (d.kind) {
      case 'terminal': {
        const key = d.index === 1 ? d.host : `${d.host}#${d.index}`;
        let t = this.terminals.get(key);
        if (!t) {
          const dev = this.target.terminal(d.host, d.index);
          if (!dev) return { line: d.line, message: `no host ${d.host} in this scenario` };
          t = { key, dev, tty: new Teletype(dev.columns), recent: '' };
          this.terminals.set(key, t);
          const term = t;
          dev.onOutput.on((bytes) => this.output(term, bytes));
          // The login shell prints its first prompt.
          await this.settle(term);
        }
        this.current = t;
        return null;
      }
      case 'wait':
        await runUntilAsync(this.target.scheduler, this.target.scheduler.now + Math.round(d.seconds * SECOND), this.yieldFn);
        return null;
      case 'expect': {
        const t = this.current;
        if (!t) return { line: d.line, message: '@expect before any @HOST line' };
        if (!t.recent.includes(d.text)) {
          return { line: d.line, message: `expected "${d.text}" on ${t.key}; it printed:\n${t.recent}` };
        }
        return null;
      }
      case 'key':
      case 'type': {
        const t = this.current;
        if (!t) return { line: d.line, message: 'typing before any @HOST line' };
        if (d.kind === 'type') for (const other of this.terminals.values()) other.recent = '';
        t.dev.input(this.encoder.encode(d.kind === 'type' ? `${d.text}\r` : d.bytes));
        await this.settle(t);
        return null;
      }
    }
  }

  /** Advance until `t` is idle, at most MAX_LINE_NS of virtual time. */
  private async settle(t: OpenTerminal): Promise<void> {
    const s = this.target.scheduler;
    const deadline = s.now + MAX_LINE_NS;
    for (;;) {
      await this.yieldFn();
      const next = s.nextTime();
      const quiet = next === undefined || next > s.now + IDLE_QUIET_NS;
      if ((t.dev.readerWaiting || t.dev.closed) && quiet) return;
      if (s.now >= deadline) return;
      if (next === undefined) {
        // Nothing scheduled and the program is not reading: it waits on something that
        // never comes (or exits in a microtask); give it the rest of the time budget.
        await runUntilAsync(s, deadline, this.yieldFn);
        continue;
      }
      await runUntilAsync(s, Math.min(next, deadline), this.yieldFn);
    }
  }

  private output(t: OpenTerminal, bytes: Uint8Array): void {
    const text = new TextDecoder().decode(bytes);
    if (this.lastOutputKey !== t.key) {
      this.flush();
      this.transcript += `--- ${t.key} ---\n`;
      this.lastOutputKey = t.key;
    }
    t.tty.write(text);
    const plain = new Teletype(Infinity); // @expect matches text, whatever the wrapping
    plain.write(text);
    t.recent += plain.take();
  }

  /** Moves what the last active terminal printed into the transcript. */
  private flush(): void {
    if (this.lastOutputKey === null) return;
    const t = this.terminals.get(this.lastOutputKey);
    if (!t) return;
    const text = t.tty.take();
    this.transcript += text;
    if (text !== '' && !text.endsWith('\n')) this.transcript += '\n';
  }
}
