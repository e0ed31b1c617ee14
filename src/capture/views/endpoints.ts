// `tshark -q -z endpoints,eth|ip|tcp|udp` (ui/cli/tap-endpoints.c in Wireshark 4.0): one line
// per address (and port), busiest first, equal ones in the order they first appeared.
import type { FrameInput } from '../dissect-capture.ts';
import { frameAddresses, type FrameAddresses } from './frame-addresses.ts';

export type EndpointKind = 'eth' | 'ip' | 'tcp' | 'udp';

const TITLES: Readonly<Record<EndpointKind, string>> = { eth: 'Ethernet', ip: 'IPv4', tcp: 'TCP', udp: 'UDP' };
const RULE = '='.repeat(80);
const HEADER = '                       |  Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |';
const PORT_HEADER = '                       |  Port  ||  Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |';

interface Endpoint {
  readonly address: string;
  readonly port: number | null;
  txPackets: number;
  txBytes: number;
  rxPackets: number;
  rxBytes: number;
}

/** The two ends of a frame for this table, source first, or null when the frame has no such layer. */
export function ends(a: FrameAddresses, kind: EndpointKind): [string, number | null, string, number | null] | null {
  if (kind === 'eth') return a.eth === undefined ? null : [a.eth.src, null, a.eth.dst, null];
  if (a.ip === undefined) return null;
  if (kind === 'ip') return [a.ip.src, null, a.ip.dst, null];
  const ports = kind === 'tcp' ? a.tcp : a.udp;
  return ports === undefined ? null : [a.ip.src, ports.src, a.ip.dst, ports.dst];
}

export function endpoints(frames: readonly FrameInput[], kind: EndpointKind): string {
  const table = new Map<string, Endpoint>();
  const get = (address: string, port: number | null): Endpoint => {
    const key = port === null ? address : `${address}:${port}`;
    let e = table.get(key);
    if (e === undefined) {
      e = { address, port, txPackets: 0, txBytes: 0, rxPackets: 0, rxBytes: 0 };
      table.set(key, e);
    }
    return e;
  };
  for (const f of frames) {
    const a = frameAddresses(f);
    const e = ends(a, kind);
    if (e === null) continue;
    const src = get(e[0], e[1]);
    const dst = get(e[2], e[3]);
    src.txPackets++;
    src.txBytes += a.length;
    dst.rxPackets++;
    dst.rxBytes += a.length;
  }
  const list = [...table.values()].sort((x, y) => y.txPackets + y.rxPackets - (x.txPackets + x.rxPackets));
  const withPorts = kind === 'tcp' || kind === 'udp';
  let out = `${RULE}\n${TITLES[kind]} Endpoints\nFilter:<No Filter>\n${withPorts ? PORT_HEADER : HEADER}\n`;
  for (const e of list) {
    const packets = e.txPackets + e.rxPackets;
    const bytes = e.txBytes + e.rxBytes;
    out += e.address.padEnd(20);
    out += withPorts ? String(e.port).padStart(11) + String(packets).padStart(11) : String(packets).padStart(12);
    out +=
      String(bytes).padStart(14) +
      String(e.txPackets).padStart(11) +
      String(e.txBytes).padStart(16) +
      String(e.rxPackets).padStart(12) +
      String(e.rxBytes).padStart(16) +
      '   \n';
  }
  return out + `${RULE}\n`;
}
