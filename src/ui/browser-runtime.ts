// The page's environment edge: how the simulation yields to the browser and reads its clock.
// (Timers are allowed in src/ui; the layers below receive these as inputs.)
import type { WallClock, Yield } from '../sim/index.ts';

const waiting: Array<() => void> = [];
let channel: MessageChannel | null = null;

/**
 * A macrotask without a timer's clamping: a MessageChannel post. Pending promise chains (the
 * programs' continuations) all run before it resolves.
 */
export const browserYield: Yield = () =>
  new Promise<void>((resolve) => {
    if (channel === null) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => waiting.shift()?.();
    }
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

/** Animation frames pace virtual time: one tick per displayed frame. */
export function animationFrameClock(): WallClock {
  return {
    now: () => performance.now(),
    requestTick(cb) {
      const id = requestAnimationFrame(() => cb());
      return () => cancelAnimationFrame(id);
    },
  };
}

/** "00:01:02.345" from virtual nanoseconds. */
export function formatClock(ns: number): string {
  const ms = Math.floor(ns / 1e6);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}
