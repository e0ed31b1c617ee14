// The statistics tests' two sides: what tshark -q -z prints for a file, and what our views print
// for the same bytes (conversation, endpoint and flow tables).
import { execFileSync } from 'node:child_process';
import { readCapture } from '../../src/capture/pcap-reader.ts';
import { dissectCapture } from '../../src/capture/dissect-capture.ts';
import { conversations, endpoints, flowGraph, formatFlowGraph, type FlowAddressMode, type FlowKind } from '../../src/capture/views/index.ts';

export const TABLE_STATS = ['conv,eth', 'conv,ip', 'conv,udp', 'endpoints,eth', 'endpoints,ip', 'endpoints,tcp', 'endpoints,udp'] as const;
export const FLOW_STATS = ['flow,any,network', 'flow,any,standard', 'flow,tcp,network', 'flow,tcp,standard'] as const;

/** `tshark -r FILE -q -z STAT` with tshark's default preferences. */
export function tsharkStat(file: string, stat: string): string {
  return execFileSync('tshark', ['-r', file, '-q', '-z', stat], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Our text for one of TABLE_STATS or FLOW_STATS on a capture file's bytes. */
export function ourStat(bytes: Uint8Array, stat: string): string {
  const { frames } = readCapture(bytes);
  const [kind, layer, mode] = stat.split(',');
  if (kind === 'conv') return conversations(frames, layer as 'eth' | 'ip' | 'udp');
  if (kind === 'endpoints') return endpoints(frames, layer as 'eth' | 'ip' | 'tcp' | 'udp');
  return formatFlowGraph(flowGraph(dissectCapture(frames), frames, layer as FlowKind, mode as FlowAddressMode));
}
