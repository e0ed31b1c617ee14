// Small typed events that carry engine happenings to observers (the capture, the UI through the
// sim facade), after xterm.js's Event/Disposable helpers: observers subscribe, get a handle, dispose.

export interface Disposable {
  dispose(): void;
}

interface Subscription<T> {
  readonly listener: (value: T) => void;
  live: boolean;
}

export class Emitter<T> {
  // Copy-on-write: subscribing or disposing replaces the array, so `fire` can walk the array it
  // started with, undisturbed by listeners that subscribe or unsubscribe during the fire.
  private subs: readonly Subscription<T>[] = [];

  /** Subscribes; the listener runs on every later `fire` until the handle is disposed. */
  on(listener: (value: T) => void): Disposable {
    const sub: Subscription<T> = { listener, live: true };
    this.subs = [...this.subs, sub];
    return {
      dispose: () => {
        if (!sub.live) return;
        sub.live = false;
        this.subs = this.subs.filter((s) => s !== sub);
      },
    };
  }

  /**
   * Calls the listeners subscribed when the fire began, in subscription order. One disposed
   * meanwhile (by an earlier listener) is skipped; one added meanwhile waits for the next fire.
   * A throwing listener propagates (a broken invariant) and the remaining ones are not called.
   */
  fire(value: T): void {
    const subs = this.subs;
    for (let i = 0; i < subs.length; i++) {
      const sub = subs[i];
      if (sub.live) sub.listener(value);
    }
  }

  get hasListeners(): boolean {
    return this.subs.length > 0;
  }

  /** Drops every listener (their handles become no-ops). */
  clear(): void {
    for (const sub of this.subs) sub.live = false;
    this.subs = [];
  }
}
