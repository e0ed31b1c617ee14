// The wall clock that paces a lab run from Node (netsim bridge): like node-yield.ts, an
// environment edge where host timers are allowed.
import type { WallClock } from '../engine/paced-driver.ts';

/** Ticks every 2 ms: short enough that a relayed byte waits little, long enough to idle cheaply. */
const TICK_MS = 2;

export function nodeWallClock(): WallClock {
  return {
    // eslint-disable-next-line no-restricted-properties, no-restricted-globals
    now: () => performance.now(),
    requestTick(cb) {
      // eslint-disable-next-line no-restricted-globals
      const t = setTimeout(cb, TICK_MS);
      return () => clearTimeout(t);
    },
  };
}
