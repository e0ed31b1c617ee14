// Linux cooked (v1, v2) and BSD loopback captures: our packet list and detail trees must read
// exactly as real tshark's on the same file (tcpdump -i any and some tools write these).
import { describe, expect, it } from 'vitest';
import { dissectCapture, formatSummaryLine } from '../dissect-capture.ts';
import { writePcap } from '../pcap.ts';
import { readCapture } from '../pcap-reader.ts';
import type { CapturedFrame } from '../record.ts';
import { treeLines } from './tree.ts';
import { execFileSync } from 'node:child_process';
import { requireTshark, writeTemp } from '../../../tests/support/tshark.ts';

/** tshark with its default preferences (checksum validation off, as in the golden recordings). */
function tshark(file: string, args: string[] = []): string {
  return execFileSync('tshark', ['-r', file, ...args], { encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8', TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

const hex = (s: string): number[] => (s.replace(/\s+/g, '').match(/../g) ?? []).map((h) => parseInt(h, 16));
const u16 = (n: number): number[] => [n >> 8, n & 0xff];
const u32be = (n: number): number[] => [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

/** IPv4 + ICMP echo request 10.0.0.1 -> 10.0.0.2 (checksums correct). */
const PING = hex('4500001c00014000400126de0a0000010a000002 0800f7ff00000000');
/** ARP who-has 10.0.0.2 tell 10.0.0.1. */
const ARP = hex('0001080006040001020000000001 0a000001 000000000000 0a000002');
const MAC = hex('020000000001');

const sll = (pkttype: number, hatype: number, addr: number[], etype: number, payload: number[]): number[] => [
  ...u16(pkttype), ...u16(hatype), ...u16(6), ...addr, 0, 0, ...u16(etype), ...payload,
];
const sll2 = (pkttype: number, hatype: number, ifindex: number, addr: number[], payload: number[]): number[] => [
  ...u16(0x0800), 0, 0, ...u32be(ifindex), ...u16(hatype), pkttype, 6, ...addr, 0, 0, ...payload,
];

const CASES: ReadonlyArray<{ name: string; linktype: number; frames: number[][] }> = [
  {
    name: 'Linux cooked v1',
    linktype: 113,
    frames: [
      sll(0, 1, MAC, 0x0800, PING),
      sll(4, 1, MAC, 0x0800, PING),
      sll(0, 772, [0, 0, 0, 0, 0, 0], 0x0800, PING),
      sll(1, 1, [255, 255, 255, 255, 255, 255], 0x0806, ARP),
      sll(0, 1, MAC, 0x0800, []).slice(0, 10), // cut short
    ],
  },
  { name: 'Linux cooked v2', linktype: 276, frames: [sll2(0, 1, 2, MAC, PING), sll2(4, 772, 1, [0, 0, 0, 0, 0, 0], PING)] },
  { name: 'BSD loopback (host order)', linktype: 0, frames: [[2, 0, 0, 0, ...PING], [0, 0, 0, 2, ...PING], [99, 0, 0, 0, 1, 2, 3]] },
  { name: 'OpenBSD loopback', linktype: 108, frames: [[0, 0, 0, 2, ...PING]] },
];

/** tshark -V frames without the Frame block's time lines (our times come from the same file). */
function tsharkTrees(file: string): string[] {
  return tshark(file, ['-V'])
    .split('\n')
    // Deliberate difference: tshark -V prints a hex dump after a Data line; our tree has none.
    .filter((l) => l !== '' && !/^[0-9a-f]{4}  /.test(l) && !/^ {4}(\[?(Arrival|Epoch|UTC|Time|Frame Number|Frame Length|Capture Length|Encapsulation type)|\[Time|\[Frame is)/.test(l));
}

describe('link types other than Ethernet, judged by tshark', () => {
  requireTshark();
  for (const c of CASES) {
    it(c.name, () => {
      const frames: CapturedFrame[] = c.frames.map((f, i) => ({ time: i * 1_000_000, host: 'H', iface: 'any', bytes: Uint8Array.from(f), linktype: c.linktype }));
      const pcap = writePcap(frames);
      if (!pcap.ok) throw new Error(pcap.error.message);
      const file = writeTemp(`${c.linktype}.pcap`, pcap.value);
      const read = readCapture(pcap.value);
      const rows = dissectCapture(read.frames);
      expect(rows.map(formatSummaryLine)).toEqual(tshark(file).split('\n').filter((l) => l !== ''));
      const ours = rows.flatMap((r) => treeLines(r.tree)).filter((l) => !/^ {4}(\[?(Arrival|Epoch|UTC|Time|Frame Number|Frame Length|Capture Length|Encapsulation type)|\[Time|\[Frame is)/.test(l));
      expect(ours).toEqual(tsharkTrees(file));
    });
  }
});
