// Statistics > Flow Graph: the packets as arrows between the addresses that exchanged them, in
// order (the model the page draws), and the text tshark prints for `-q -z flow,any|tcp,
// standard|network` (ui/tap-sequence-analysis.c, Wireshark 4.0), which tests compare.
import type { FrameInput, SummaryRow } from '../dissect-capture.ts';
import { frameAddresses } from './frame-addresses.ts';
import { tcpSegments } from './tcp-segments.ts';

/** `any`: every packet labelled with its Info column; `tcp`: TCP segments with flags and numbers. */
export type FlowKind = 'any' | 'tcp';
/** `network`: network addresses, and MACs for frames without one; `standard`: IP packets only. */
export type FlowAddressMode = 'standard' | 'network';

export interface FlowItem {
  /** Frame number. */
  readonly frame: number;
  /** The Time column's text. */
  readonly time: string;
  /** Indices into FlowGraph.nodes. */
  readonly src: number;
  readonly dst: number;
  readonly srcPort: number;
  readonly dstPort: number;
  /** Text on the arrow. */
  readonly label: string;
  /** Text beside it. */
  readonly comment: string;
  /** TCP stream index for `tcp` flows, 0 for `any`. */
  readonly conversation: number;
}

export interface FlowGraph {
  /** Addresses in the order they first appear (Wireshark draws at most 40). */
  readonly nodes: readonly string[];
  readonly items: readonly FlowItem[];
}

const MAX_NODES = 40;
const TCP_FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECN', 'CWR'];

/** Builds the graph of the rows `shown` lets through (the displayed packets; all by default). */
export function flowGraph(
  rows: readonly SummaryRow[],
  frames: readonly FrameInput[],
  kind: FlowKind,
  mode: FlowAddressMode,
  shown: (index: number) => boolean = () => true,
): FlowGraph {
  const nodes: string[] = [];
  const node = (address: string): number => {
    let i = nodes.indexOf(address);
    if (i < 0 && nodes.length < MAX_NODES) i = nodes.push(address) - 1;
    return i < 0 ? MAX_NODES : i;
  };
  const items: FlowItem[] = [];
  if (kind === 'tcp') {
    const index = new Map(rows.map((r, i) => [r.number, i]));
    for (const s of tcpSegments(rows, frames)) {
      const i = index.get(s.frame) ?? -1;
      if (i < 0 || !shown(i)) continue;
      const names = TCP_FLAG_NAMES.filter((_, bit) => (s.flags & (1 << bit)) !== 0);
      const flags = names.length > 0 ? names.join(', ') : '<None>';
      items.push({
        frame: s.frame,
        time: rows[i].time,
        src: node(s.srcAddr),
        dst: node(s.dstAddr),
        srcPort: s.srcPort,
        dstPort: s.dstPort,
        label: s.payload.length > 0 ? `${flags} - Len: ${s.payload.length}` : flags,
        comment: (s.flags & 0x010) !== 0 ? `Seq = ${s.seq} Ack = ${s.ack}` : `Seq = ${s.seq}`,
        conversation: s.stream,
      });
    }
    return { nodes, items };
  }
  rows.forEach((row, i) => {
    if (!shown(i)) return;
    const a = frameAddresses(frames[i]);
    const ends = a.ip ?? (mode === 'network' ? a.eth : undefined);
    if (ends === undefined) return;
    const ports = a.tcp ?? a.udp;
    items.push({
      frame: row.number,
      time: row.time,
      src: node(ends.src),
      dst: node(ends.dst),
      srcPort: ports?.src ?? 0,
      dstPort: ports?.dst ?? 0,
      label: row.info,
      comment: `${row.protocol}: ${row.info}`,
      conversation: 0,
    });
  });
  return { nodes, items };
}

const NODE_WIDTH = 20;

/** g_string overwrite() of the original: replaces in place, or inserts when the span runs past the end. */
function overwrite(line: string, text: string, p1: number, p2: number): string {
  if (p1 === p2) return line;
  let pos = Math.min(p1, p2);
  let len = Math.abs(p2 - p1);
  const chars = [...text];
  if (len > chars.length) len = chars.length;
  const insert = chars.slice(0, len).join('');
  if (pos > line.length) pos = line.length;
  // g_string_erase refuses a span past the end: the text is then inserted without erasing.
  const erase = pos + len <= line.length ? len : 0;
  return line.slice(0, pos) + insert + line.slice(pos + erase);
}

/** The text of `tshark -q -z flow,...`: nothing at all when no packet is drawn. */
export function formatFlowGraph(g: FlowGraph): string {
  if (g.items.length === 0) return '';
  const several = g.items.some((it) => it.conversation !== g.items[0].conversation);
  const [header, emptyHeader, headerLength] = several ? ['Conv.| Time    ', '     |         ', 16] : ['|Time     ', '|         ', 10];
  let out = header;
  let emptyLine = '';
  const cell = '| '.padEnd(NODE_WIDTH);
  for (let i = 0; i < g.nodes.length; i += 2) {
    out += `| ${g.nodes[i]}`.padEnd(NODE_WIDTH * 2);
    emptyLine += cell;
  }
  out += `|\n${emptyHeader}${cell}`;
  for (let i = 1; i < g.nodes.length; i += 2) {
    let label = `| ${g.nodes[i]}`;
    if (label.length < NODE_WIDTH) label = label.padEnd(NODE_WIDTH) + '| ';
    out += label.padEnd(NODE_WIDTH * 2);
    emptyLine += cell;
  }
  out += '\n';
  emptyLine += '|';
  const separator = '-'.repeat(emptyLine.length + headerLength);
  let conversation = g.items[0].conversation;
  for (const it of g.items) {
    const start = it.src * NODE_WIDTH + NODE_WIDTH / 2;
    let end = it.dst * NODE_WIDTH + NODE_WIDTH / 2;
    let width = Math.abs(end - start);
    if (width === 0) {
      end = start + NODE_WIDTH;
      width = NODE_WIDTH;
    }
    if (it.conversation !== conversation) {
      out += separator + '\n';
      conversation = it.conversation;
    }
    if (several) out += String(it.conversation).padEnd(5);
    out += `|${it.time}`.padEnd(10);
    out += overwrite(emptyLine, it.label, start, end) + it.comment + '\n';
    const arrow = start < end ? '-'.repeat(width - 2) + '>' : '<' + '-'.repeat(width - 2);
    let line = overwrite(emptyLine, arrow, start, end);
    if (start < end) {
      line = overwrite(line, `(${it.srcPort})`, start - 9, start - 1);
      line = overwrite(line, `(${it.dstPort})`, end + 1, end + 9);
    } else {
      line = overwrite(line, `(${it.srcPort})`, start + 1, start + 9);
      line = overwrite(line, `(${it.dstPort})`, end - 9, end + 1);
    }
    out += emptyHeader + line + '\n';
  }
  return out;
}
