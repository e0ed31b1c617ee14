// Every frame the taps saw, in arrival order: the capture pane's list and the source of exports.
// Append-only while the simulation runs; `clear()` is the pane's "restart capture".
import { Emitter } from '../engine/events.ts';
import { interfaceKey, type CapturedFrame } from './record.ts';

export interface CaptureStoreOptions {
  /**
   * Copy each frame's bytes on `add`. Default false: the stack hands every frame over in a fresh
   * buffer it never touches again (and the switch delivers, never rewrites), so storing the
   * reference is safe and saves a copy per frame. Turn it on for a producer that reuses buffers.
   */
  copy?: boolean;
}

export class CaptureStore {
  /** Fired after each frame is stored, with the stored record. */
  readonly onFrame = new Emitter<CapturedFrame>();
  /** Fired after `clear()`. */
  readonly onClear = new Emitter<void>();

  private readonly list: CapturedFrame[] = [];
  private readonly seen = new Set<string>(); // insertion-ordered: first-seen order
  private readonly copy: boolean;

  constructor(opts: CaptureStoreOptions = {}) {
    this.copy = opts.copy ?? false;
  }

  /** The stored frames, oldest first; frame number N (as Wireshark counts) is `frames[N - 1]`. */
  get frames(): readonly CapturedFrame[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }

  /** Appends a frame; returns the record stored (a copy when the store copies). */
  add(frame: CapturedFrame): CapturedFrame {
    const stored = this.copy ? { ...frame, bytes: frame.bytes.slice() } : frame;
    this.list.push(stored);
    this.seen.add(interfaceKey(stored));
    this.onFrame.fire(stored);
    return stored;
  }

  /** Forgets every frame (and so every interface seen). */
  clear(): void {
    this.list.length = 0;
    this.seen.clear();
    this.onClear.fire();
  }

  /** Distinct `HOST:IFACE` of the stored frames, in the order they first appeared. */
  interfaces(): string[] {
    return [...this.seen];
  }

  /** The frames captured on the given `HOST:IFACE` interfaces, in capture order. */
  filterInterfaces(keys: Iterable<string>): CapturedFrame[] {
    const wanted = keys instanceof Set ? (keys as ReadonlySet<string>) : new Set(keys);
    return this.list.filter((f) => wanted.has(interfaceKey(f)));
  }
}
