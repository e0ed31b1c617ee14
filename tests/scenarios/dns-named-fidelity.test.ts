// named against the recordings of /work/shared/fidelity/dns: every `dig @server` of dns/dig/ is
// replayed as a raw query (what dig 9.18 sends: RD, AD, EDNS 1232 with an 8-byte client cookie)
// and the reply's status, flags, sections and size are compared with what dig printed.
// Normalized: the message id and the cookie bytes (random per run); sizes include our 24-byte
// cookie as BIND's does, so "MSG SIZE rcvd" must match exactly.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { parseDns, emitDns, type DnsMessage, type DnsRecord } from '../../src/wire/dns.ts';
import { formatRdata } from '../../src/services/bind/dns-text.ts';
import { fidelityFile, fidelityLab, namedLog, queryMessage, sendRaw, sendTcp, type DnsLab } from './dns-lab.ts';

const TYPES: Record<string, number> = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, ANY: 255 };
const TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, k]));
const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];

interface DigCase {
  readonly file: string;
  readonly command: string;
  readonly server: string;
  readonly name: string;
  readonly type: number;
  readonly status: string;
  readonly flags: string;
  readonly sections: Record<string, string[]>;
  readonly size: number;
  readonly transport: 'UDP' | 'TCP';
}

function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa.`;
}

/** Every full dig transcript (header and sections printed) of dns/dig/. */
function digCases(): DigCase[] {
  const out: DigCase[] = [];
  for (const file of readdirSync('/work/shared/fidelity/dns/dig')) {
    const text = fidelityFile(`dig/${file}`);
    for (const block of text.split(/^\$ /m).slice(1)) {
      const command = block.split('\n')[0];
      const header = /status: (\w+), id/.exec(block);
      const flags = /;; flags: ([a-z ]+);/.exec(block);
      const size = /MSG SIZE {2}rcvd: (\d+)/.exec(block);
      const srv = /;; SERVER: ([0-9.]+)#53\([0-9.]+\) \((UDP|TCP)\)/.exec(block);
      if (header === null || flags === null || size === null || srv === null) continue;
      const words = command.replace(/^.*dig /, '').split(/\s+/).filter((w) => !w.startsWith('+') && !w.startsWith('@'));
      let name = '';
      let type = 1;
      for (let i = 0; i < words.length; i++) {
        if (words[i] === '-x') name = reverseName(words[++i]);
        else if (TYPES[words[i]] !== undefined) type = TYPES[words[i]];
        else name = words[i].endsWith('.') ? words[i] : `${words[i]}.`;
      }
      if (/-x/.test(command)) type = 12;
      const sections: Record<string, string[]> = {};
      let cur: string | null = null;
      for (const line of block.split('\n')) {
        const m = /^;; (ANSWER|AUTHORITY|ADDITIONAL) SECTION:$/.exec(line);
        if (m !== null) {
          cur = m[1];
          sections[cur] = [];
        } else if (line === '') cur = null;
        else if (cur !== null) sections[cur].push(line.replace(/\s+/g, ' '));
      }
      out.push({ file, command, server: srv[1], name, type, status: header[1], flags: flags[1], sections, size: Number(size[1]), transport: srv[2] as 'UDP' | 'TCP' });
    }
  }
  return out;
}

function flagsOf(m: DnsMessage): string {
  return [m.qr && 'qr', m.aa && 'aa', m.tc && 'tc', m.rd && 'rd', m.ra && 'ra', m.ad && 'ad', m.cd && 'cd'].filter(Boolean).join(' ');
}

function line(r: DnsRecord): string {
  return `${r.name} ${r.ttl} IN ${TYPE_NAMES[r.type] ?? r.type} ${formatRdata(r.data)}`.replace(/\s+/g, ' ');
}

let lab: DnsLab | null = null;
async function theLab(): Promise<DnsLab> {
  lab ??= await fidelityLab();
  return lab;
}

describe('named answers as the recorded BIND 9.18 did', () => {
  const cases = digCases();
  it('found the recorded dig transcripts', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  for (const c of cases) {
    it(`${c.file}: ${c.command}`, async () => {
      const l = await theLab();
      // Queries to 127.0.0.1 were run on the server itself; the others from the client.
      const from = c.server === '127.0.0.1' ? l.server : l.client;
      const msg = queryMessage(c.name, c.type);
      let raw: Uint8Array | null;
      if (c.transport === 'TCP') {
        // dig got TC over UDP first (ANY without a server cookie), then retried over TCP.
        const udp = await sendRaw(l.lab, from, c.server, emitDns(msg));
        const first = parseDns(udp!);
        expect(first.ok && first.value.tc).toBe(true);
        raw = (await sendTcp(l.lab, from, c.server, msg))[0] ?? null;
      } else {
        raw = await sendRaw(l.lab, from, c.server, emitDns(msg), 53, 15);
      }
      expect(raw).not.toBeNull();
      const p = parseDns(raw!);
      expect(p.ok).toBe(true);
      if (!p.ok) return;
      const m = p.value;
      expect(RCODES[m.rcode]).toBe(c.status);
      expect(flagsOf(m)).toBe(c.flags);
      const got: Record<string, string[]> = {};
      if (m.answers.length > 0) got.ANSWER = m.answers.map(line);
      if (m.authority.length > 0) got.AUTHORITY = m.authority.map(line);
      if (m.additional.length > 0) got.ADDITIONAL = m.additional.map(line);
      expect(got).toEqual(c.sections);
      expect(raw!.length).toBe(c.size);
      expect(m.edns?.udpPayloadSize).toBe(1232);
      expect(m.edns?.options[0]?.data.length).toBe(24);
    }, 30_000);
  }
});

describe('named starts and logs as BIND 9.18', () => {
  it('logs the recorded startup lines, then loads the zones', async () => {
    const l = await theLab();
    const log = namedLog(l.server);
    const recorded = fidelityFile('named_startup_syslog.txt')
      .split('\n')
      .filter((x) => x !== '')
      .map((x) => x.replace(/^.* named\[\d+\]: /, ''));
    // Normalized: the recording's eth0 link-local and ifindex (fe80::ff:fe00:1%6) come from
    // that machine; ours is derived the same way from our MAC and ifindex.
    const norm = (s: string) => s.replace(/fe80::[0-9a-f:]+%\d+/, 'fe80::LL');
    const until = recorded.findIndex((x) => x.startsWith('managed-keys-zone: loaded serial 0'));
    expect(log.slice(0, until + 1).map(norm)).toEqual(recorded.slice(0, until + 1).map(norm));
    expect(log).toContain('zone etudiant541.iut/IN: loaded serial 2');
    expect(log).toContain('zone 54.254.10.in-addr.arpa/IN: loaded serial 2');
    expect(log).toContain('zone mail128.com/IN: loaded serial 2');
    expect(log).toContain('all zones loaded');
    expect(log).toContain('running');
  }, 30_000);
});
