// Conversation and endpoint tables of Ethernet, IPv4, TCP and UDP, byte for byte as real tshark
// prints them (-q -z conv,X / endpoints,X), on the golden captures (a routed lab capture is
// checked in tests/scenarios/capture-tables.test.ts).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readCapture } from '../pcap-reader.ts';
import { requireTshark } from '../../../tests/support/tshark.ts';
import { conversations, endpoints, flowGraph, formatFlowGraph, type FlowAddressMode, type FlowKind } from './index.ts';
import { dissectCapture } from '../dissect-capture.ts';

const PCAP = '/work/shared/fidelity/pcap';
const GOLDEN = ['smtp_local_lo', 'pop3_local_lo', 'imap_local_lo', 'dns_local_lo', 'ping_arp_eth0'];
const STATS = ['conv,eth', 'conv,ip', 'conv,udp', 'endpoints,eth', 'endpoints,ip', 'endpoints,tcp', 'endpoints,udp'] as const;

function tshark(file: string, stat: string): string {
  return execFileSync('tshark', ['-r', file, '-q', '-z', stat], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function ours(bytes: Uint8Array, stat: (typeof STATS)[number]): string {
  const { frames } = readCapture(bytes);
  const [kind, layer] = stat.split(',') as ['conv' | 'endpoints', 'eth' | 'ip' | 'tcp' | 'udp'];
  return kind === 'conv' ? conversations(frames, layer as 'eth' | 'ip' | 'udp') : endpoints(frames, layer);
}

describe('conversation and endpoint tables match tshark', () => {
  requireTshark();
  for (const name of GOLDEN) {
    it(name, () => {
      const file = `${PCAP}/${name}.pcap`;
      const bytes = new Uint8Array(readFileSync(file));
      for (const stat of STATS) expect(ours(bytes, stat), stat).toBe(tshark(file, stat));
    });
  }
});

const FLOWS = ['flow,any,network', 'flow,any,standard', 'flow,tcp,network', 'flow,tcp,standard'] as const;

describe('flow graphs print what tshark -z flow prints', () => {
  requireTshark();
  for (const name of GOLDEN) {
    it(name, () => {
      const file = `${PCAP}/${name}.pcap`;
      const { frames } = readCapture(new Uint8Array(readFileSync(file)));
      const rows = dissectCapture(frames);
      for (const stat of FLOWS) {
        const [, kind, mode] = stat.split(',') as [string, FlowKind, FlowAddressMode];
        expect(formatFlowGraph(flowGraph(rows, frames, kind, mode)), stat).toBe(tshark(file, stat));
      }
    });
  }
});
