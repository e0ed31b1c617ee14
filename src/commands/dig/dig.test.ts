// dig over the simulated network against every recording of fidelity/dns/dig: the server "vm"
// answers with the lab's zones (fake named, see dns-lab.ts). Normalized (normalizeDns): message
// IDs and cookies (random per run), WHEN (the date of the run), Query time (the real named took
// 4 ms recursing for www.google.com; the simulated one answers at once).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SECOND } from '../../engine/time.ts';
import { recorded } from '../testing-net/recording.ts';
import { DIG_RECORDINGS, dnsLab as makeLab, normalizeDns, runTool } from './dns-lab.ts';
import { fakeDnsServer, LAB_ZONES, type FakeDnsOptions, type FakeZone } from '../../os/resolver/testing/fake-dns-server.ts';
import { parseIpv4 } from '../../wire/addr.ts';
import { DNS_TYPE_A, DNS_TYPE_NS, DNS_TYPE_SOA, type DnsRecord } from '../../wire/dns.ts';
import { NetLab } from '../testing-net/net-lab.ts';

const nodeYield = (): Promise<void> => new Promise((r) => setImmediate(r));
const dnsLab = (opts?: Parameters<typeof makeLab>[1]): ReturnType<typeof makeLab> => makeLab(nodeYield, opts);
const fidelityDns = (path: string): string => readFileSync(new URL(`../../../../shared/fidelity/dns/${path}`, import.meta.url), 'utf8');

const FILES = DIG_RECORDINGS;

function commands(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('$ dig ') || l.startsWith('$ cat /etc/resolv.conf; dig '))
    .map((l) => l.slice(2));
}

describe('dig reproduces the recordings', () => {
  for (const file of FILES) {
    const text = fidelityDns(`dig/${file}`);
    for (const command of commands(text)) {
      it(`${file}: ${command}`, async () => {
        const rec = recorded(text, command);
        const { server, client } = dnsLab();
        const where = file.includes('from_client') ? client : server;
        let expected = rec.output;
        let line = command;
        if (command.startsWith('cat ')) {
          expected = expected.slice(expected.indexOf('\n') + 1);
          line = command.slice(command.indexOf('; ') + 2);
        }
        const r = await runTool(where, line);
        expect(normalizeDns(r.output)).toBe(normalizeDns(expected));
        expect(r.status).toBe(rec.status);
      });
    }
  }

  it('dig -v prints the version on stderr', async () => {
    const { server } = dnsLab();
    const r = await runTool(server, 'dig -v');
    expect(r.stderr).toBe(recorded(fidelityDns('dig/dig_version.txt'), 'dig -v').output);
    expect(r.status).toBe(0);
  });
});

describe('dig on the wire and in time', () => {
  it('sends RD+AD, EDNS udp 1232 and an 8-byte client cookie, from an ephemeral port owned by dig', async () => {
    const log: NonNullable<FakeDnsOptions['log']> = [];
    const { server } = dnsLab({ fake: { log } });
    await runTool(server, 'dig @127.0.0.1 smtp128.mail128.com');
    expect(log).toHaveLength(1);
    const q = log[0].query;
    expect([q.rd, q.ad, q.cd]).toEqual([true, true, false]);
    expect(q.edns?.udpPayloadSize).toBe(1232);
    expect(q.edns?.options.map((o) => [o.code, o.data.length])).toEqual([[10, 8]]);
  });

  it('times out after +tries=3 of +time=5 s: "communications error ... timed out" then no servers', async () => {
    const { lab, server } = dnsLab({ fake: { silent: true } });
    const start = lab.scheduler.now;
    const r = await runTool(server, 'dig @127.0.0.1 smtp128.mail128.com');
    expect(r.stderr).toBe(';; communications error to 127.0.0.1#53: timed out\n'.repeat(3) + ';; no servers could be reached\n');
    expect(r.stdout).toContain('; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> @127.0.0.1 smtp128.mail128.com\n');
    expect(r.status).toBe(9);
    expect(Math.round((lab.scheduler.now - start) / SECOND)).toBe(15);
    const r2 = await runTool(server, 'dig +time=1 +tries=2 @127.0.0.1 x');
    expect(r2.stderr.split('\n').filter((l) => l.includes('timed out'))).toHaveLength(2);
  });

  it('answers with +norecurse, +tcp and the type given with -t', async () => {
    const log: NonNullable<FakeDnsOptions['log']> = [];
    const { server } = dnsLab({ fake: { log } });
    const r = await runTool(server, 'dig +norecurse +tcp @127.0.0.1 -t mx mail128.com');
    expect(r.output).toContain(';; ANSWER SECTION:\nmail128.com.\t\t604800\tIN\tMX\t10 smtp128.mail128.com.\n');
    expect(r.output).toContain('(127.0.0.1) (TCP)');
    expect(r.output).toContain(';; flags: qr aa ra;');
    expect(log.map((e) => [e.transport, e.query.rd])).toEqual([['tcp', false]]);
  });

  it('looks up every name given, printing the command line once', async () => {
    const { server } = dnsLab();
    const r = await runTool(server, 'dig +noall +answer @127.0.0.1 smtp128.mail128.com pop128.mail128.com');
    expect(r.output).toBe('smtp128.mail128.com.\t604800\tIN\tA\t192.168.0.1\npop128.mail128.com.\t604800\tIN\tA\t192.168.0.1\n');
    const r2 = await runTool(server, 'dig @127.0.0.1 smtp128.mail128.com pop128.mail128.com');
    expect(r2.output.match(/<<>> DiG/g)).toHaveLength(1);
    expect(r2.output.match(/;; Got answer:/g)).toHaveLength(2);
  });

  it('refuses names DNS cannot carry, sending nothing', async () => {
    const log: NonNullable<FakeDnsOptions['log']> = [];
    const { server } = dnsLab({ fake: { log } });
    const r = await runTool(server, 'dig @127.0.0.1 a..b');
    expect(r.stderr).toBe("dig: 'a..b' is not a legal name (empty label)\n");
    expect(r.status).toBe(10);
    const long = await runTool(server, `dig @127.0.0.1 ${'x'.repeat(64)}.com`);
    expect(long.stderr).toBe(`dig: '${'x'.repeat(64)}.com' is not a legal name (label too long)\n`);
    expect(log).toHaveLength(0);
  });

  it('keeps waiting past garbage and replies to another ID, then times out', async () => {
    const { server } = dnsLab({ fake: { mangle: (rep) => Uint8Array.from([rep[0] ^ 0xff, ...rep.subarray(1)]) } });
    const r = await runTool(server, 'dig +tries=1 +time=1 @127.0.0.1 smtp128.mail128.com');
    expect(r.stderr).toMatch(/^;; Warning: ID mismatch: expected ID (\d+), got \d+\n;; communications error to 127\.0\.0\.1#53: timed out\n;; no servers could be reached\n$/);
    const g = dnsLab({ fake: { mangle: (rep) => rep.subarray(0, 7) } });
    const r2 = await runTool(g.server, 'dig +tries=1 +time=1 @127.0.0.1 smtp128.mail128.com');
    expect(r2.status).toBe(9);
  });

  it('refuses a bad option with the usage', async () => {
    const { server } = dnsLab();
    const r = await runTool(server, 'dig +bogus @127.0.0.1 x');
    expect(r.stderr.startsWith('Invalid option: +bogus\nUsage:  dig [@global-server]')).toBe(true);
    expect(r.status).toBe(1);
  });

  it('+trace walks from the local server: the lab server has no root, so it stops at its SERVFAIL', async () => {
    const { server } = dnsLab();
    const r = await runTool(server, 'dig +trace @127.0.0.1 smtp128.mail128.com');
    expect(r.output).toMatch(/^\n; <<>> DiG 9\.18\.49-1~deb12u3-Debian <<>> \+trace @127\.0\.0\.1 smtp128\.mail128\.com\n; \(1 server found\)\n;; global options: \+cmd\n;; Received \d+ bytes from 127\.0\.0\.1#53\(127\.0\.0\.1\) in \d+ ms\n\n$/);
    expect(r.status).toBe(0);
  });
});

describe('dig +trace through a lab with its own root', () => {
  const ns = (name: string, target: string): DnsRecord => ({ name, type: DNS_TYPE_NS, class: 1, ttl: 518400, data: { kind: 'NS', target } });
  const a = (name: string, addr: string): DnsRecord => ({ name, type: DNS_TYPE_A, class: 1, ttl: 518400, data: { kind: 'A', address: parseIpv4(addr) ?? 0 } });
  const ROOT_ZONE: FakeZone = {
    origin: '.',
    records: [
      { name: '.', type: DNS_TYPE_SOA, class: 1, ttl: 86400, data: { kind: 'SOA', mname: 'racine.', rname: 'root.racine.', serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: 3600 } },
      ns('.', 'racine.'),
      a('racine.', '192.168.0.2'),
      ns('com.', 'ns128.mail128.com.'),
      a('ns128.mail128.com.', '192.168.0.1'),
    ],
  };

  it('follows the referrals from the root server (192.168.0.2) down to the answer (192.168.0.1)', async () => {
    const lab = new NetLab(nodeYield);
    const lan = lab.network('lan');
    const vm = lab.host('vm', [{ net: lan, address: '192.168.0.1/24' }]);
    const racine = lab.host('racine', [{ net: lan, address: '192.168.0.2/24' }]);
    const client = lab.host('client', [{ net: lan, address: '192.168.0.28/24' }]);
    client.host.fs.writeFile('/etc/resolv.conf', 'nameserver 192.168.0.1\n', { uid: 0, gid: 0, groups: [0] });
    vm.start(fakeDnsServer({ zones: [ROOT_ZONE, ...LAB_ZONES] }), ['named']);
    racine.start(fakeDnsServer({ zones: [ROOT_ZONE] }), ['named']);
    const r = await runTool(client, 'dig +trace smtp128.mail128.com');
    expect(normalizeDns(r.output).replace(/Received \d+ bytes/g, 'Received N bytes')).toBe(
      '\n; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +trace smtp128.mail128.com\n;; global options: +cmd\n' +
        '.\t\t\t518400\tIN\tNS\tracine.\n' +
        ';; Received N bytes from 192.168.0.1#53(192.168.0.1) in T ms\n\n' +
        'com.\t\t\t518400\tIN\tNS\tns128.mail128.com.\n' +
        ';; Received N bytes from 192.168.0.2#53(racine) in T ms\n\n' +
        'smtp128.mail128.com.\t604800\tIN\tA\t192.168.0.1\n' +
        ';; Received N bytes from 192.168.0.1#53(ns128.mail128.com) in T ms\n\n',
    );
    expect(r.status).toBe(0);
  });

  it('reports a root server it has no route to ("UDP setup ... failed"), then "no servers could be reached"', async () => {
    const lab = new NetLab(nodeYield);
    const lan = lab.network('lan');
    const vm = lab.host('vm', [{ net: lan, address: '192.168.0.1/24' }]);
    const client = lab.host('client', [{ net: lan, address: '192.168.0.28/24' }]);
    client.host.fs.writeFile('/etc/resolv.conf', 'nameserver 192.168.0.1\n', { uid: 0, gid: 0, groups: [0] });
    // The root's server is 10.9.9.9: no route from the client (no default gateway).
    const unreachableRoot: FakeZone = { origin: '.', records: [ns('.', 'racine.'), a('racine.', '10.9.9.9')] };
    vm.start(fakeDnsServer({ zones: [unreachableRoot] }), ['named']);
    const r = await runTool(client, 'dig +trace smtp128.mail128.com');
    expect(r.stderr).toBe(';; UDP setup with 10.9.9.9#53(10.9.9.9) for smtp128.mail128.com failed: network unreachable.\n;; no servers could be reached\n');
    expect(r.status).toBe(9);
  });
});
