import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readCapture } from './pcap-reader.ts';
import { dissectCapture, formatSummaryLine } from './dissect-capture.ts';
import { compileFilter } from './filter/compile-filter.ts';
import { PacketList } from './packet-list.ts';
import { treeLines } from './dissectors/tree.ts';

const DIR = '/work/shared/fidelity/pcap';
const CAPTURES = ['smtp_local_lo', 'pop3_local_lo', 'imap_local_lo', 'dns_local_lo', 'ping_arp_eth0'];

function load(name: string): { list: PacketList; frames: ReturnType<typeof readCapture>['frames'] } {
  const { frames } = readCapture(new Uint8Array(readFileSync(`${DIR}/${name}.pcap`)));
  const list = new PacketList();
  for (const f of frames) list.append(f);
  return { list, frames };
}

describe('PacketList', () => {
  it('gives the rows and trees of a full dissection, packet by packet, in any order', () => {
    for (const name of CAPTURES) {
      const { list, frames } = load(name);
      const full = dissectCapture(frames);
      expect(list.length).toBe(frames.length);
      // Rows asked from the end first, then all: the lazy columns must not depend on the order.
      const last = list.length - 1;
      expect(formatSummaryLine(list.row(last))).toBe(formatSummaryLine(full[last]));
      expect(full.map((_, i) => formatSummaryLine(list.row(i)))).toEqual(full.map(formatSummaryLine));
      for (const i of [last, 0, Math.floor(last / 2)]) expect(treeLines(list.tree(i))).toEqual(treeLines(full[i].tree));
    }
  });

  it('keeps the frames it was given byte for byte, with their times', () => {
    const { list, frames } = load('smtp_local_lo');
    frames.forEach((f, i) => {
      expect(list.frame(i).bytes).toEqual(f.bytes);
      expect(list.frame(i).timeNs).toBe(f.timeNs);
    });
  });

  it('selects what the display filter selects, and the rows it cached stay right', () => {
    const { list, frames } = load('smtp_local_lo');
    const c = compileFilter('smtp.req.command == "rcpt" || tcp.flags.syn == 1');
    if (!c.ok) throw new Error(c.message);
    const full = dissectCapture(frames);
    const expected = full.flatMap((r, i) => (c.filter({ ...r, bytes: frames[i].bytes }) ? [i] : []));
    expect(list.select(c)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(2);
    expect(full.map((_, i) => formatSummaryLine(list.row(i)))).toEqual(full.map(formatSummaryLine));
  });

  it('summarizes frames appended after a filter pass with the right TCP state', () => {
    const { frames } = readCapture(new Uint8Array(readFileSync(`${DIR}/smtp_local_lo.pcap`)));
    const list = new PacketList();
    for (const f of frames.slice(0, 10)) list.append(f);
    const c = compileFilter('tcp');
    if (!c.ok) throw new Error(c.message);
    list.select(c);
    for (const f of frames.slice(10)) list.append(f);
    const full = dissectCapture(frames);
    expect(full.map((_, i) => formatSummaryLine(list.row(i)))).toEqual(full.map(formatSummaryLine));
  });
});
