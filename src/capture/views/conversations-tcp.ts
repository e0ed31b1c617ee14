// `tshark -q -z conv,tcp` (ui/cli/tap-iousers.c in Wireshark 4.0): one line per TCP stream, A
// being the sender of its first segment, busiest conversations first.
import type { FrameInput, SummaryRow } from '../dissect-capture.ts';
import { tcpSegments } from './tcp-segments.ts';
import { countFrame, formatConversations, type Conversation } from './conversations.ts';

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
    countFrame(c, src, s.frameLength, s.timeNs);
  }
  return formatConversations('tcp', [...byStream.values()], firstNs);
}
