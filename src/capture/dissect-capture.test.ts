import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { readCapture } from './pcap-reader.ts';
import { dissectCapture, formatSummaryLine, type SummaryRow } from './dissect-capture.ts';
import { treeLines } from './dissectors/tree.ts';

const DIR = '/work/shared/fidelity/pcap';

function rows(name: string): SummaryRow[] {
  const read = readCapture(new Uint8Array(readFileSync(`${DIR}/${name}.pcap`)));
  expect(read.error).toBeUndefined();
  return dissectCapture(read.frames);
}

/** The packet lines of a recorded `tshark -r` (no command line, banner, blank or exit status). */
function tsharkSummary(name: string): string[] {
  return readFileSync(`${DIR}/${name}/summary.txt`, 'utf8')
    .split('\n')
    .filter((l) => /^ +\d+ /.test(l));
}

/**
 * The recorded `tshark -V` tree of each frame. Deliberate difference: tshark prints a hex dump of
 * ICMP echo data between `Data (N bytes)` and its fields; our tree has no such lines.
 */
function tsharkTrees(name: string): string[][] {
  const frames: string[][] = [];
  for (const line of readFileSync(`${DIR}/${name}/V_full_details.txt`, 'utf8').split('\n')) {
    if (line.startsWith('Frame ')) frames.push([]);
    if (frames.length === 0 || line === '' || line.startsWith('# exit') || /^[0-9a-f]{4}  /.test(line)) continue;
    frames[frames.length - 1].push(line);
  }
  return frames;
}

/** Only the lines of the top-level items whose titles start with one of `tops`. */
function sections(lines: readonly string[], tops: readonly string[]): string[] {
  const out: string[] = [];
  let keep = false;
  for (const l of lines) {
    if (!l.startsWith(' ')) keep = tops.some((t) => l.startsWith(t));
    if (keep) out.push(l);
  }
  return out;
}

/** Frames carrying no application payload: tshark's Protocol column says TCP. */
function pureTcp(lines: readonly string[]): boolean {
  return / TCP \d+ /.test(lines[0]);
}

describe('dissectCapture summary lines', () => {
  it('prints every line of the ping/ARP capture exactly as tshark', () => {
    expect(rows('ping_arp_eth0').map(formatSummaryLine)).toEqual(tsharkSummary('ping_arp_eth0'));
  });

  for (const name of ['smtp_local_lo', 'pop3_local_lo']) {
    it(`prints the TCP lines of ${name} as tshark, and the columns before Info of the others`, () => {
      const ours = rows(name).map(formatSummaryLine);
      const theirs = tsharkSummary(name);
      expect(ours).toHaveLength(theirs.length);
      let pure = 0;
      theirs.forEach((line, i) => {
        if (pureTcp([line])) {
          pure++;
          expect(ours[i]).toBe(line);
        } else {
          // Application-layer Info (SMTP/POP) is a later step: compare up to the Length column.
          const cols = (l: string) => l.replace(/ (SMTP|SMTP\/IMF|POP|TCP) (\d+) .*$/, ' $2');
          expect(cols(ours[i])).toBe(cols(line));
        }
      });
      expect(pure).toBeGreaterThan(5);
    });
  }
});

describe('dissectCapture detail trees', () => {
  it('reads frames 1-4 of the ping capture line for line like tshark -V', () => {
    const ours = rows('ping_arp_eth0');
    const theirs = tsharkTrees('ping_arp_eth0');
    for (let i = 0; i < 4; i++) expect(treeLines(ours[i].tree)).toEqual(theirs[i]);
  });

  it('reads the Frame, Ethernet, IPv4 and TCP items of every SMTP frame like tshark -V', () => {
    const ours = rows('smtp_local_lo');
    const theirs = tsharkTrees('smtp_local_lo');
    const tops = ['Ethernet II', 'Internet Protocol Version 4', 'Transmission Control Protocol'];
    ours.forEach((row, i) => {
      expect(sections(treeLines(row.tree), tops)).toEqual(sections(theirs[i], tops));
      if (pureTcp(tsharkSummary('smtp_local_lo')[i].split('\n'))) expect(treeLines(row.tree)).toEqual(theirs[i]);
    });
  });

  it('reads the UDP items of the DNS capture like tshark -V', () => {
    const ours = rows('dns_local_lo');
    const theirs = tsharkTrees('dns_local_lo');
    ours.forEach((row, i) => {
      expect(sections(treeLines(row.tree), ['User Datagram Protocol'])).toEqual(sections(theirs[i], ['User Datagram Protocol']));
    });
  });

  it('gives every tree item its Wireshark field and the bytes it covers', () => {
    const icmp = rows('ping_arp_eth0')[2].tree;
    const ip = icmp.find((n) => n.field === 'ip')!;
    const ttl = ip.children.find((n) => n.field === 'ip.ttl')!;
    expect(ttl).toMatchObject({ offset: 22, length: 1, value: 64 });
    const tcp = rows('smtp_local_lo')[0].tree.find((n) => n.field === 'tcp')!;
    expect(tcp.children.find((n) => n.field === 'tcp.srcport')).toMatchObject({ offset: 34, length: 2, value: 58420 });
    expect(tcp.children.find((n) => n.field === 'tcp.stream')).toMatchObject({ generated: true, value: 0 });
  });
});
