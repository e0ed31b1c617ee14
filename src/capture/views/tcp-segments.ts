// The TCP facts the statistics views need, read back from each row's detail tree (the fields
// Wireshark's taps receive): addresses, ports, stream index, raw sequence number, payload bytes.
import type { FrameInput, SummaryRow } from '../dissect-capture.ts';
import type { ProtoTree } from '../dissectors/tree.ts';

export interface TcpSegment {
  readonly frame: number;
  readonly timeNs: bigint;
  /** Length on the wire, what conversation byte counts add up. */
  readonly frameLength: number;
  readonly stream: number;
  readonly srcAddr: string;
  readonly dstAddr: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seqRaw: number;
  /** Raw acknowledgment number, when the ACK flag is set. */
  readonly ackRaw?: number;
  readonly syn: boolean;
  /** The flags byte(s) as sent (FIN 0x001 ... CWR 0x080). */
  readonly flags: number;
  /** Relative sequence and acknowledgment numbers, as the tree shows them. */
  readonly seq: number;
  readonly ack: number;
  /** The TCP payload bytes (empty when none). */
  readonly payload: Uint8Array;
}

function child(node: ProtoTree, field: string): ProtoTree | undefined {
  return node.children.find((c) => c.field === field);
}

function addressText(node: ProtoTree | undefined): string {
  if (node === undefined) return '';
  const at = node.label.indexOf(': ');
  return at < 0 ? '' : node.label.slice(at + 2);
}

/** One entry per row that carries a TCP header, in frame order. */
export function tcpSegments(rows: readonly SummaryRow[], frames: readonly FrameInput[]): TcpSegment[] {
  const out: TcpSegment[] = [];
  rows.forEach((row, i) => {
    const tcp = row.tree.find((n) => n.field === 'tcp');
    const stream = tcp === undefined ? undefined : child(tcp, 'tcp.stream');
    if (tcp === undefined || stream === undefined) return;
    const ip = row.tree.find((n) => n.field === 'ip');
    const frame = frames[i];
    const payloadNode = child(tcp, 'tcp.payload');
    const bytes = frame?.bytes ?? new Uint8Array(0);
    const flags = child(tcp, 'tcp.flags')?.value;
    out.push({
      frame: row.number,
      timeNs: frame?.timeNs ?? 0n,
      frameLength: row.length,
      stream: Number(stream.value),
      srcAddr: ip === undefined ? row.source : addressText(child(ip, 'ip.src')),
      dstAddr: ip === undefined ? row.destination : addressText(child(ip, 'ip.dst')),
      srcPort: Number(child(tcp, 'tcp.srcport')?.value ?? 0),
      dstPort: Number(child(tcp, 'tcp.dstport')?.value ?? 0),
      seqRaw: Number(child(tcp, 'tcp.seq_raw')?.value ?? 0),
      ackRaw: typeof flags === 'number' && (flags & 0x010) !== 0 ? Number(child(tcp, 'tcp.ack_raw')?.value ?? 0) : undefined,
      syn: typeof flags === 'number' && (flags & 0x002) !== 0,
      flags: typeof flags === 'number' ? flags : 0,
      seq: Number(child(tcp, 'tcp.seq')?.value ?? 0),
      ack: Number(child(tcp, 'tcp.ack')?.value ?? 0),
      payload: payloadNode === undefined ? new Uint8Array(0) : bytes.subarray(payloadNode.offset, payloadNode.offset + payloadNode.length),
    });
  });
  return out;
}
