// Port hand-off shared by UDP and TCP: the lower port first, then the other (Wireshark's
// "try heuristic/low port first" default), else Data.
import type { Dissector, Packet } from './packet.ts';

export function portDissector(packet: Packet, table: ReadonlyMap<number, Dissector>, src: number, dst: number): Dissector {
  return table.get(src <= dst ? src : dst) ?? table.get(src <= dst ? dst : src) ?? packet.tables.data;
}
