// The one event queue of a simulation: every timer (TCP RTO, ARP expiry, DHCP lease, `sleep`) and
// every frame delivery is an event here. Events run in (time, insertion sequence) order, so the
// same inputs always give the same run (DESIGN.md principle 4).

/** A scheduled event: what `Scheduler.at`/`after` return. */
export interface Timer {
  /** Prevents the event from running; harmless after it ran or was cancelled. */
  cancel(): void;
  /** True until the event runs or is cancelled. */
  readonly active: boolean;
  /** Absolute virtual time (ns) the event is due at. */
  readonly at: number;
}

const PENDING = 0;
const FIRED = 1;
const CANCELLED = 2;

/** A heap entry; it is also the Timer handed to the caller, so scheduling allocates one object. */
class Entry implements Timer {
  constructor(
    public time: number,
    public seq: number,
    public fn: (() => void) | null,
    public state: number,
    private readonly queue: EventQueue,
  ) {}

  get active(): boolean {
    return this.state === PENDING;
  }

  get at(): number {
    return this.time;
  }

  cancel(): void {
    if (this.state !== PENDING) return;
    this.state = CANCELLED;
    this.fn = null; // let the closure be collected while the entry waits in the heap
    this.queue.noteCancelled();
  }
}

/**
 * A 4-ary min-heap on (time, seq), stored as parallel arrays: the keys sit in contiguous typed
 * arrays, so sifting through a deep heap (millions of pending frames) compares without chasing
 * object pointers, and four children share a cache line. Cancellation is lazy: a cancelled entry
 * stays until it reaches the top, unless cancelled entries outnumber live ones, then the heap is
 * rebuilt (TCP re-arms its timers constantly; the heap must not fill with dead ones).
 */
class EventQueue {
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private entries: (Entry | undefined)[] = [];
  private size = 0;
  private cancelled = 0;

  get live(): number {
    return this.size - this.cancelled;
  }

  push(e: Entry): void {
    if (this.size === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    const entries = this.entries;
    const t = e.time;
    const q = e.seq;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = times[p];
      if (pt < t || (pt === t && seqs[p] < q)) break;
      times[i] = pt;
      seqs[i] = seqs[p];
      entries[i] = entries[p];
      i = p;
    }
    times[i] = t;
    seqs[i] = q;
    entries[i] = e;
  }

  /** The earliest live entry, dropping cancelled ones met on the way; undefined when empty. */
  peek(): Entry | undefined {
    while (this.size > 0) {
      const top = this.entries[0]!;
      if (top.state !== CANCELLED) return top;
      this.removeTop();
      this.cancelled--;
    }
    return undefined;
  }

  removeTop(): void {
    const last = --this.size;
    const e = this.entries[last]!;
    this.entries[last] = undefined;
    if (last > 0) this.siftDown(0, this.times[last], this.seqs[last], e);
  }

  noteCancelled(): void {
    this.cancelled++;
    if (this.cancelled > 64 && this.cancelled * 2 > this.size) this.compact();
  }

  /** Places (t, q, e) at or below slot i. */
  private siftDown(start: number, t: number, q: number, e: Entry): void {
    const times = this.times;
    const seqs = this.seqs;
    const entries = this.entries;
    const n = this.size;
    let i = start;
    for (;;) {
      const c = 4 * i + 1;
      if (c >= n) break;
      let m = c;
      let mt = times[c];
      let mq = seqs[c];
      const end = c + 4 < n ? c + 4 : n;
      for (let k = c + 1; k < end; k++) {
        const kt = times[k];
        if (kt < mt || (kt === mt && seqs[k] < mq)) {
          m = k;
          mt = kt;
          mq = seqs[k];
        }
      }
      if (t < mt || (t === mt && q < mq)) break;
      times[i] = mt;
      seqs[i] = mq;
      entries[i] = entries[m];
      i = m;
    }
    times[i] = t;
    seqs[i] = q;
    entries[i] = e;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    const seqs = new Float64Array(this.seqs.length * 2);
    times.set(this.times);
    seqs.set(this.seqs);
    this.times = times;
    this.seqs = seqs;
  }

  private compact(): void {
    const kept: Entry[] = [];
    for (let i = 0; i < this.size; i++) {
      const e = this.entries[i]!;
      if (e.state !== CANCELLED) kept.push(e);
    }
    this.entries.length = 0;
    this.size = 0;
    this.cancelled = 0;
    for (const e of kept) this.push(e);
  }
}

export class Scheduler {
  private readonly queue = new EventQueue();
  private current = 0;
  private seq = 0;
  private executed = 0;

  /**
   * Set by code that resolves a promise a program awaits (`noteAsyncWake()`), so an async driver
   * (async-drain.ts) lets the continuations run before time moves on. Sync drivers ignore it.
   */
  asyncWake = false;

  /** Current virtual time in nanoseconds. */
  get now(): number {
    return this.current;
  }

  /** Total events executed since creation (for benchmarks and the status bar). */
  get eventsRun(): number {
    return this.executed;
  }

  /** Events scheduled and neither run nor cancelled. */
  get pending(): number {
    return this.queue.live;
  }

  /** Runs `fn` at absolute virtual time `time` (a past time is clamped to now). */
  at(time: number, fn: () => void): Timer {
    if (!Number.isFinite(time)) throw new RangeError(`Scheduler.at: time must be finite, got ${time}`);
    let t = Math.round(time);
    if (t < this.current) t = this.current;
    const e = new Entry(t, this.seq++, fn, PENDING, this.queue);
    this.queue.push(e);
    return e;
  }

  /** Runs `fn` after `delay` nanoseconds (rounded to an integer; negative counts as 0). */
  after(delay: number, fn: () => void): Timer {
    if (!Number.isFinite(delay)) throw new RangeError(`Scheduler.after: delay must be finite, got ${delay}`);
    const d = Math.round(delay);
    return this.at(d > 0 ? this.current + d : this.current, fn);
  }

  /** Marks that a promise awaited by a program was just resolved (see `asyncWake`). */
  noteAsyncWake(): void {
    this.asyncWake = true;
  }

  /** Time of the next pending event, or undefined when nothing is pending. */
  nextTime(): number | undefined {
    return this.queue.peek()?.time;
  }

  /** Runs the single next event, advancing `now` to its time; false when nothing is pending. */
  step(): boolean {
    const e = this.queue.peek();
    if (e === undefined) return false;
    this.fire(e);
    return true;
  }

  /** Runs every event due at or before `time` (including ones they schedule), then sets now = time. */
  runUntil(time: number): number {
    const queue = this.queue;
    let n = 0;
    for (;;) {
      const e = queue.peek();
      if (e === undefined || e.time > time) break;
      this.fire(e);
      n++;
    }
    if (time > this.current) this.current = Math.round(time);
    return n;
  }

  /**
   * Runs events until none is pending or the next one lies after `limit` (absolute ns); `now`
   * stays at the last event run. Without a limit a periodic timer makes this loop forever.
   */
  runUntilIdle(limit: number = Infinity): number {
    const queue = this.queue;
    let n = 0;
    for (;;) {
      const e = queue.peek();
      if (e === undefined || e.time > limit) break;
      this.fire(e);
      n++;
    }
    return n;
  }

  /** Pops `e` (the live top) and runs it. State is settled before the callback, so a throwing
   * callback leaves the queue consistent; the exception propagates (a broken invariant). */
  private fire(e: Entry): void {
    this.queue.removeTop();
    this.current = e.time;
    e.state = FIRED;
    const fn = e.fn!;
    e.fn = null;
    this.executed++;
    fn();
  }
}
