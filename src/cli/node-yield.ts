// The environment's way to let promise continuations run between simulation events (see
// engine/async-drain.ts): in Node, a macrotask turn. The CLI is an environment edge like the
// UI, so it may use a host timer here, and only here.
import type { Yield } from '../engine/async-drain.ts';

// eslint-disable-next-line no-restricted-globals
export const nodeYield: Yield = () => new Promise<void>((resolve) => setImmediate(resolve));
