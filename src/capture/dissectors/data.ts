// Data: what no dissector claimed, shown as bytes (Wireshark's packet-data.c).
import { hexString } from './ethernet.ts';
import type { Packet } from './packet.ts';
import { add, generated, item, type ProtoTree } from './tree.ts';

/** Wireshark cuts the Data value after this many bytes and adds an ellipsis. */
const SHOWN_BYTES = 36;

export function dissectData(packet: Packet, offset: number, end: number): number {
  const node = dataNode(packet, offset, end);
  if (node !== null) packet.tree.push(node);
  return Math.max(0, end - offset);
}

/** The Data subtree, for a dissector that shows its payload inside its own tree (ICMP). */
export function dataNode(packet: Packet, offset: number, end: number): ProtoTree | null {
  const length = Math.max(0, end - offset);
  if (length === 0) return null;
  packet.layers.push('data');
  const bytes = packet.bytes.subarray(offset, end);
  const node = item(`Data (${length} bytes)`, offset, length, 'data');
  const shown = hexString(bytes.subarray(0, SHOWN_BYTES)) + (length > SHOWN_BYTES ? '…' : '');
  add(node, item(`Data: ${shown}`, offset, length, 'data.data', bytes));
  add(node, generated(`Length: ${length}`, 'data.len', length));
  return node;
}
