// Port hand-off shared by UDP and TCP: the lower port first, then the other (Wireshark's
// "try heuristic/low port first" default), else Data.
import type { Dissector, Packet } from './packet.ts';

export function portDissector(packet: Packet, table: ReadonlyMap<number, Dissector>, src: number, dst: number): Dissector {
  const [low, high] = src <= dst ? [src, dst] : [dst, src];
  return table.get(low) ?? table.get(high) ?? packet.tables.data;
}
