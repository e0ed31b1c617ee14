// What one dissector hands the next: the frame, its columns, its tree, and the dissector tables
// through which a lower layer finds the upper one (never `if (port === 25)` in a lower layer).
import type { ProtoTree } from './tree.ts';
import { generated, item } from './tree.ts';
import type { CaptureState } from './state.ts';

export interface Columns {
  source: string;
  destination: string;
  protocol: string;
  info: string;
}

/**
 * Dissects bytes [offset, end) of the frame, adding its top-level node to `packet.tree`; returns
 * how many bytes it consumed (the rest is trailer/padding for the layer below).
 */
export type Dissector = (packet: Packet, offset: number, end: number) => number;

export interface DissectorTables {
  /** Ethernet II type field (IEEE 802 numbers registry). */
  readonly ethertype: ReadonlyMap<number, Dissector>;
  /** IPv4 protocol field (IANA protocol numbers). */
  readonly ipProto: ReadonlyMap<number, Dissector>;
  /** UDP port (Wireshark tries the lower port first). */
  readonly udpPort: ReadonlyMap<number, Dissector>;
  /** TCP port, for application protocols over a stream. */
  readonly tcpPort: ReadonlyMap<number, Dissector>;
  /** Payload with no registered handler. */
  readonly data: Dissector;
}

export interface Packet {
  readonly number: number;
  /** Captured bytes. */
  readonly bytes: Uint8Array;
  /** Arrival time, ns since 1970. */
  readonly timeNs: bigint;
  readonly cols: Columns;
  /** Top-level tree nodes: Frame, Ethernet II, ... */
  readonly tree: ProtoTree[];
  /** `eth:ethertype:ip:tcp`, for [Protocols in frame] and protocol-presence filters. */
  readonly layers: string[];
  readonly tables: DissectorTables;
  readonly state: CaptureState;
  malformed: boolean;
  /** Network layer facts the transport layers need (TTL in ICMP info, addresses for streams). */
  ip?: { src: number; dst: number; ttl: number };
  /** Transport facts the application layers need: who is client, which conversation. */
  transport?: { srcPort: number; dstPort: number; stream: number };
}

/**
 * Wireshark's answer to a dissector that ran out of bytes: a `[Malformed Packet: PROTO]` item with
 * its expert info, and `[Malformed Packet]` appended to the Info column. Idempotent.
 */
export function markMalformed(packet: Packet, protocol: string, offset: number): void {
  if (packet.malformed) return;
  packet.malformed = true;
  const node = item(`[Malformed Packet: ${protocol}]`, offset, Math.max(0, packet.bytes.length - offset), '_ws.malformed');
  const expert = generated('Expert Info (Error/Malformed): Malformed Packet (Exception occurred)', '_ws.expert');
  expert.children.push(
    generated('Malformed Packet (Exception occurred)', '_ws.malformed.expert'),
    generated('Severity level: Error'),
    generated('Group: Malformed'),
  );
  node.children.push(expert);
  packet.tree.push(node);
  packet.cols.info += packet.cols.info === '' ? '[Malformed Packet]' : ' [Malformed Packet]';
}
