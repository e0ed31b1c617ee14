// `tshark -q -z conv,eth|ip|udp` (ui/cli/tap-iousers.c in Wireshark 4.0): one line per pair of
// addresses (and ports), A being the sender of its first frame, busiest first. The TCP table
// (conversations-tcp.ts) keys its lines by stream instead, and shares this layout.
import type { FrameInput } from '../dissect-capture.ts';
import { ends } from './endpoints.ts';
import { frameAddresses } from './frame-addresses.ts';

export type ConversationKind = 'eth' | 'ip' | 'udp';

export interface Conversation {
  readonly a: string;
  readonly b: string;
  /** Frames and bytes B to A (`<-`) and A to B (`->`). */
  rxFrames: number;
  rxBytes: number;
  txFrames: number;
  txBytes: number;
  readonly startNs: bigint;
  endNs: bigint;
}

const TITLES: Readonly<Record<ConversationKind | 'tcp', string>> = { eth: 'Ethernet', ip: 'IPv4', udp: 'UDP', tcp: 'TCP' };
const RULE = '='.repeat(80);

/** Wireshark's format_size with SI prefixes: exact below 10000, then whole kB, MB, GB... */
export function formatBytes(n: number): string {
  const units: readonly [number, string][] = [
    [1e13, 'TB'],
    [1e10, 'GB'],
    [1e7, 'MB'],
    [1e4, 'kB'],
  ];
  for (const [limit, unit] of units) {
    if (n >= limit) return `${Math.floor(n / (limit / 10))} ${unit}`;
  }
  return `${n} bytes`;
}

/** C's %W.Pf for a non-negative count of nanoseconds. */
function fixed(ns: bigint, digits: number, width: number): string {
  return (Number(ns) / 1e9).toFixed(digits).padStart(width);
}

/** Counts one frame from `src` into its conversation. */
export function countFrame(c: Conversation, src: string, length: number, timeNs: bigint): void {
  if (src === c.a) {
    c.txFrames++;
    c.txBytes += length;
  } else {
    c.rxFrames++;
    c.rxBytes += length;
  }
  c.endNs = timeNs;
}

/** The table as tshark prints it; addresses with ports get the wider column. */
export function formatConversations(kind: ConversationKind | 'tcp', list: readonly Conversation[], firstNs: bigint): string {
  const width = kind === 'tcp' || kind === 'udp' ? 26 : 20;
  const pad = ' '.repeat(width * 2 + 7);
  // Stable sort: equal frame counts keep the order of first appearance, as tshark's passes do.
  const sorted = [...list].sort((x, y) => y.rxFrames + y.txFrames - (x.rxFrames + x.txFrames));
  let out = `${RULE}\n${TITLES[kind]} Conversations\nFilter:<No Filter>\n`;
  out += `${pad}|       <-      | |       ->      | |     Total     |    Relative    |   Duration   |\n`;
  out += `${pad}| Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |\n`;
  for (const c of sorted) {
    const col = (frames: number, bytes: number) => `  ${String(frames).padStart(6)} ${formatBytes(bytes).padEnd(9)}`;
    out +=
      `${c.a.padEnd(width)} <-> ${c.b.padEnd(width)}` +
      col(c.rxFrames, c.rxBytes) +
      col(c.txFrames, c.txBytes) +
      col(c.rxFrames + c.txFrames, c.rxBytes + c.txBytes) +
      `  ${fixed(c.startNs - firstNs, 9, 14)}   ${fixed(c.endNs - c.startNs, 4, 12)}\n`;
  }
  return out + `${RULE}\n`;
}

export function conversations(frames: readonly FrameInput[], kind: ConversationKind): string {
  const firstNs = frames.length > 0 ? frames[0].timeNs : 0n;
  const table = new Map<string, Conversation>();
  for (const f of frames) {
    const a = frameAddresses(f);
    const e = ends(a, kind);
    if (e === null) continue;
    const src = e[1] === null ? e[0] : `${e[0]}:${e[1]}`;
    const dst = e[3] === null ? e[2] : `${e[2]}:${e[3]}`;
    const key = src < dst ? `${src} ${dst}` : `${dst} ${src}`;
    let c = table.get(key);
    if (c === undefined) {
      c = { a: src, b: dst, rxFrames: 0, rxBytes: 0, txFrames: 0, txBytes: 0, startNs: a.timeNs, endNs: a.timeNs };
      table.set(key, c);
    }
    countFrame(c, src, a.length, a.timeNs);
  }
  return formatConversations(kind, [...table.values()], firstNs);
}
