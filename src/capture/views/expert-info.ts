// `tshark -q -z expert` (ui/cli/tap-expert.c in Wireshark 4.0): the expert infos of every frame,
// counted by severity, protocol and summary; a severity with no entries prints nothing.
import type { FrameInput, SummaryRow } from '../dissect-capture.ts';
import type { ProtoTree } from '../dissectors/tree.ts';

const SECTIONS: readonly [string, string][] = [
  ['Error', 'Errors'],
  ['Warning', 'Warns'],
  ['Note', 'Notes'],
  ['Chat', 'Chats'],
  ['Comment', 'Comments'],
];

/** Protocol names as Wireshark's expert column shows them, by top-level tree field. */
const PROTOCOL_NAMES: Readonly<Record<string, string>> = {
  eth: 'Ethernet',
  ip: 'IPv4',
  tcp: 'TCP',
  udp: 'UDP',
  icmp: 'ICMP',
  arp: 'ARP',
  dns: 'DNS',
  dhcp: 'DHCP',
  smtp: 'SMTP',
  pop: 'POP',
  imap: 'IMAP',
  imf: 'IMF',
};

const EXPERT = /^\[Expert Info \((\w+)\/([^)]+)\): (.*)\]$/;

interface Entry {
  group: string;
  protocol: string;
  summary: string;
  count: number;
}

function collect(node: ProtoTree, protocol: string, found: (severity: string, e: Omit<Entry, 'count'>) => void): void {
  if (node.field === '_ws.expert') {
    const m = EXPERT.exec(node.label);
    if (m !== null) found(m[1], { group: m[2], protocol, summary: m[3] });
  }
  for (const c of node.children) collect(c, protocol, found);
}

function topProtocol(node: ProtoTree): string {
  const malformed = /^\[Malformed Packet: (.*)\]$/.exec(node.label);
  if (malformed !== null) return malformed[1];
  return PROTOCOL_NAMES[node.field ?? ''] ?? (node.field ?? '').toUpperCase();
}

export function expertInfo(rows: readonly SummaryRow[], _frames: readonly FrameInput[]): string {
  const bySeverity = new Map<string, Entry[]>();
  for (const row of rows) {
    for (const top of row.tree) {
      collect(top, topProtocol(top), (severity, e) => {
        const list = bySeverity.get(severity) ?? [];
        bySeverity.set(severity, list);
        const same = list.find((x) => x.protocol === e.protocol && x.summary === e.summary && x.group === e.group);
        if (same !== undefined) same.count++;
        else list.push({ ...e, count: 1 });
      });
    }
  }
  let out = '';
  for (const [severity, title] of SECTIONS) {
    const list = bySeverity.get(severity);
    if (list === undefined || list.length === 0) continue;
    const total = list.reduce((n, e) => n + e.count, 0);
    out += `\n${title} (${total})\n=============\n   Frequency      Group           Protocol  Summary\n`;
    for (const e of list) out += `${String(e.count).padStart(12)} ${e.group.padStart(10)} ${e.protocol.padStart(18)}  ${e.summary}\n`;
  }
  return out;
}
