import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { readCapture } from './pcap-reader.ts';
import { dissectCapture, formatSummaryLine, type SummaryRow } from './dissect-capture.ts';
import { treeLines } from './dissectors/tree.ts';

const DIR = '/work/shared/fidelity/pcap';
/** The golden captures of SMTP, POP (Dovecot and popa3d), IMAP and DNS sessions. */
const MAIL_AND_DNS = ['smtp_local_lo', 'pop3_local_lo', 'popa3d_local_lo', 'imap_local_lo', 'dns_local_lo'];

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

describe('dissectCapture summary lines', () => {
  it('prints every line of the ping/ARP capture exactly as tshark', () => {
    expect(rows('ping_arp_eth0').map(formatSummaryLine)).toEqual(tsharkSummary('ping_arp_eth0'));
  });

  for (const name of MAIL_AND_DNS) {
    it(`prints every line of ${name} exactly as tshark, application Info included`, () => {
      expect(rows(name).map(formatSummaryLine)).toEqual(tsharkSummary(name));
    });
  }
});

describe('dissectCapture detail trees', () => {
  it('reads frames 1-4 of the ping capture line for line like tshark -V', () => {
    const ours = rows('ping_arp_eth0');
    const theirs = tsharkTrees('ping_arp_eth0');
    for (let i = 0; i < 4; i++) expect(treeLines(ours[i].tree)).toEqual(theirs[i]);
  });

  for (const name of MAIL_AND_DNS) {
    it(`reads every frame of ${name} line for line like tshark -V, SMTP/POP/IMAP/IMF/DNS included`, () => {
      const ours = rows(name);
      const theirs = tsharkTrees(name);
      expect(ours).toHaveLength(theirs.length);
      ours.forEach((row, i) => expect(treeLines(row.tree)).toEqual(theirs[i]));
    });
  }

  it('gives application items their Wireshark fields and the bytes they cover', () => {
    const smtp = rows('smtp_local_lo')[5].tree.find((n) => n.field === 'smtp')!;
    const line = smtp.children[0];
    expect(line).toMatchObject({ field: 'smtp.command_line', offset: 66, length: 19 });
    expect(line.children[0]).toMatchObject({ field: 'smtp.req.command', value: 'ehlo', offset: 66, length: 4 });
    expect(line.children[1]).toMatchObject({ field: 'smtp.req.parameter', value: '192.168.0.28' });
    const code = rows('smtp_local_lo')[3].tree.find((n) => n.field === 'smtp')!.children[0].children[0];
    expect(code).toMatchObject({ field: 'smtp.response.code', value: 220, offset: 66, length: 3 });
    const pop = rows('pop3_local_lo')[8].tree.find((n) => n.field === 'pop')!.children[0];
    expect(pop.children.map((n) => [n.field, n.value])).toEqual([
      ['pop.request.command', 'USER'],
      ['pop.request.parameter', 'etudiant'],
    ]);
    const dns = rows('dns_local_lo')[1].tree.find((n) => n.field === 'dns')!;
    const answer = dns.children.find((n) => n.label === 'Answers')!.children[0];
    expect(answer.children.find((n) => n.field === 'dns.a')).toMatchObject({ value: '192.168.0.1', length: 4 });
    expect(dns.children.find((n) => n.field === 'dns.response_to')).toMatchObject({ value: 1, generated: true });
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

describe('the lean pass (no trees)', () => {
  const ALL = [...MAIL_AND_DNS, 'ping_arp_eth0'];
  it('gives every capture the same packet list as the full pass, with no tree kept', () => {
    for (const name of ALL) {
      const read = readCapture(new Uint8Array(readFileSync(`${DIR}/${name}.pcap`)));
      const full = dissectCapture(read.frames).map(({ tree: _tree, ...columns }) => columns);
      const lean = dissectCapture(read.frames, { tree: false });
      expect(lean.every((r) => r.tree.length === 0)).toBe(true);
      expect(lean.map(({ tree: _tree, ...columns }) => columns), name).toEqual(full);
    }
  });

  it('leaves the next full pass building trees again', () => {
    const read = readCapture(new Uint8Array(readFileSync(`${DIR}/smtp_local_lo.pcap`)));
    dissectCapture(read.frames, { tree: false, fields: new Set(['tcp.port']) });
    expect(dissectCapture(read.frames)[0].tree[0].label).toMatch(/^Frame 1: 74 bytes on wire/);
  });
});
