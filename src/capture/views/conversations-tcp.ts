// `tshark -q -z conv,tcp` (ui/cli/tap-iousers.c in Wireshark 4.0): one line per TCP stream, A
// being the sender of its first segment, busiest conversations first.
import type { FrameInput, SummaryRow } from '../dissect-capture.ts';
import { tcpSegments } from './tcp-segments.ts';

const RULE = '='.repeat(80);
const HEADER =
  '                                                           |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |\n' +
  '                                                           | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |\n';

interface Conversation {
  a: string;
  b: string;
  /** Frames and bytes B to A (`<-`) and A to B (`->`). */
  rxFrames: number;
  rxBytes: number;
  txFrames: number;
  txBytes: number;
  startNs: bigint;
  endNs: bigint;
}

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

export function conversationsTcp(rows: readonly SummaryRow[], frames: readonly FrameInput[]): string {
  const firstNs = frames.length > 0 ? frames[0].timeNs : 0n;
  const byStream = new Map<number, Conversation>();
  for (const s of tcpSegments(rows, frames)) {
    const src = `${s.srcAddr}:${s.srcPort}`;
    let c = byStream.get(s.stream);
    if (c === undefined) {
      c = { a: src, b: `${s.dstAddr}:${s.dstPort}`, rxFrames: 0, rxBytes: 0, txFrames: 0, txBytes: 0, startNs: s.timeNs, endNs: s.timeNs };
      byStream.set(s.stream, c);
    }
    if (src === c.a) {
      c.txFrames++;
      c.txBytes += s.frameLength;
    } else {
      c.rxFrames++;
      c.rxBytes += s.frameLength;
    }
    c.endNs = s.timeNs;
  }
  // Stable sort: equal frame counts keep the order of first appearance, as tshark's passes do.
  const list = [...byStream.values()].sort((x, y) => y.rxFrames + y.txFrames - (x.rxFrames + x.txFrames));
  let out = `${RULE}\nTCP Conversations\nFilter:<No Filter>\n${HEADER}`;
  for (const c of list) {
    const col = (frames: number, bytes: number) => `  ${String(frames).padStart(6)} ${formatBytes(bytes).padEnd(9)}`;
    out +=
      `${c.a.padEnd(26)} <-> ${c.b.padEnd(26)}` +
      col(c.rxFrames, c.rxBytes) +
      col(c.txFrames, c.txBytes) +
      col(c.rxFrames + c.txFrames, c.rxBytes + c.txBytes) +
      `  ${fixed(c.startNs - firstNs, 9, 14)}   ${fixed(c.endNs - c.startNs, 4, 12)}\n`;
  }
  return out + `${RULE}\n`;
}
