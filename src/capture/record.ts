// One frame as seen by a capture tap on a host's interface: the exact bytes on the wire and the
// virtual time they passed. Dissectors, filters and exporters all start from this record.

/** LINKTYPE_ETHERNET (tcpdump.org link-layer header types): frames start at the destination MAC. */
export const LINKTYPE_ETHERNET = 1;

export interface CapturedFrame {
  /** Virtual time in ns since the simulation started (engine/time.ts). */
  readonly time: number;
  /** Host id as in the scenario (`CLIENT`, `ROUTEUR`). */
  readonly host: string;
  /** Interface name on that host (`eth0`). */
  readonly iface: string;
  /** The frame, from the destination MAC to the end of the payload (no preamble, no FCS). */
  readonly bytes: Uint8Array;
  /** tcpdump.org link-layer header type of `bytes`; 1 = LINKTYPE_ETHERNET. */
  readonly linktype: number;
}

/**
 * Default wall-clock date of virtual time 0 in exported files: 2023-11-14T22:13:20Z
 * (1_700_000_000 s since the Unix epoch). The sim passes the scenario's start date instead.
 * A bigint because nanoseconds since 1970 exceed 2^53: a JS number would round them.
 */
export const DEFAULT_EPOCH_NS = 1_700_000_000n * 1_000_000_000n;

/** The epoch for exports from a wall date in ms since 1970 (what `Date.getTime()` returns). */
export function epochNsFromMillis(ms: number): bigint {
  return BigInt(Math.round(ms)) * 1_000_000n;
}

/** `HOST:IFACE`, the interface's name in the capture pane and in pcapng `if_name`. */
export function interfaceKey(frame: Pick<CapturedFrame, 'host' | 'iface'>): string {
  return `${frame.host}:${frame.iface}`;
}

/** Wall-clock time of a frame in ns since 1970: the export epoch plus its virtual time. */
export function absoluteTimeNs(epochNs: bigint, time: number): bigint {
  return epochNs + BigInt(Math.round(time));
}

/** The frames in time order (stable: equal times keep their order); the input when already sorted. */
export function inTimeOrder(frames: readonly CapturedFrame[]): readonly CapturedFrame[] {
  for (let i = 1; i < frames.length; i++) {
    if (frames[i].time < frames[i - 1].time) return [...frames].sort((a, b) => a.time - b.time);
  }
  return frames;
}
