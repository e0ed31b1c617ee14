// The host's stub resolver (src/os/resolver) against a DNS server host on the lab's LAN (topology of fidelity/README.md:
// server 192.168.0.1, client 192.168.0.28 with `nameserver 192.168.0.1`): real UDP/TCP packets,
// glibc's retry rules and timeouts in virtual time, and what getaddrinfo reports.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nc } from '../nc/nc.ts';
import { ping } from '../ping/ping.ts';
import { telnet } from '../telnet/telnet.ts';
import { normalizePing, recorded } from '../testing-net/recording.ts';
import { NetLab, type LabHost } from '../testing-net/net-lab.ts';
import { SECOND } from '../../engine/time.ts';
import { parseEthernet } from '../../wire/ethernet.ts';
import { parseIpv4Packet } from '../../wire/ipv4.ts';
import { parseUdp } from '../../wire/udp.ts';
import { DNS_TYPE_A, DNS_TYPE_MX, parseDns, type DnsMessage } from '../../wire/dns.ts';
import type { Process } from '../../os/program.ts';
import { gaiStrerror, lookupHost, queryDns, reverseLookup } from '../../os/resolver/index.ts';
import { parseResolvConf } from '../../os/resolver/resolv-conf.ts';
import { fakeDnsServer, type FakeDnsOptions } from '../../os/resolver/testing/fake-dns-server.ts';

const nodeYield = (): Promise<void> => new Promise((r) => setImmediate(r));
const ROOT = { uid: 0, gid: 0, groups: [0] };

interface Wire {
  at: number;
  src: string;
  srcPort: number;
  dstPort: number;
  dns: DnsMessage | null;
}

/** Server and client on one LAN; the server runs the fake named unless `server` is null. */
function lab(server: FakeDnsOptions | null, resolv = 'nameserver 192.168.0.1\n'): { lab: NetLab; client: LabHost; wire: Wire[] } {
  const l = new NetLab(nodeYield);
  const lan = l.network('lan');
  const srv = l.host('vm', [{ net: lan, address: '192.168.0.1/24' }]);
  const client = l.host('client', [{ net: lan, address: '192.168.0.28/24' }]);
  client.host.fs.writeFile('/etc/resolv.conf', resolv, ROOT);
  if (server !== null) srv.start(fakeDnsServer(server), ['named']);
  const wire: Wire[] = [];
  client.net.onFrame.on((e) => {
    if (e.direction !== 'out' || e.iface !== 'eth0') return;
    const eth = parseEthernet(e.frame);
    if (!eth.ok || eth.value.ethertype !== 0x0800) return;
    const ip = parseIpv4Packet(eth.value.payload);
    if (!ip.ok || ip.value.protocol !== 17) return;
    const udp = parseUdp(ip.value.payload, 0, ip.value.src, ip.value.dst);
    if (!udp.ok) return;
    const dns = parseDns(udp.value.payload);
    wire.push({ at: l.scheduler.now, src: String(ip.value.src), srcPort: udp.value.srcPort, dstPort: udp.value.dstPort, dns: dns.ok ? dns.value : null });
  });
  return { lab: l, client, wire };
}

async function inClient<T>(client: LabHost, fn: (proc: Process) => Promise<T>): Promise<T> {
  let result: T | undefined;
  await client.run(async (proc) => {
    result = await fn(proc);
    return 0;
  }, ['probe']);
  return result as T;
}

describe('lookupHost through DNS', () => {
  it('asks the resolv.conf server one A question with RD, a random ID, no EDNS, from an ephemeral port', async () => {
    const { client, wire } = lab({});
    const r = await inClient(client, (p) => lookupHost(p, 'smtp128.mail128.com'));
    expect(r).toEqual({ ok: true, address: 0xc0a80001, canonicalName: 'smtp128.mail128.com' });
    const queries = wire.filter((w) => w.dstPort === 53);
    expect(queries).toHaveLength(1);
    const q = queries[0].dns!;
    expect(q.rd && !q.qr && !q.ad && !q.cd).toBe(true);
    expect(q.edns).toBeUndefined();
    expect(q.questions).toEqual([{ name: 'smtp128.mail128.com.', type: DNS_TYPE_A, class: 1 }]);
    expect(queries[0].srcPort).toBeGreaterThanOrEqual(32768);
  });

  it('follows a CNAME: the canonical name is the end of the chain', async () => {
    const { client } = lab({});
    expect(await inClient(client, (p) => lookupHost(p, 'www.mail128.com'))).toEqual({ ok: true, address: 0xc0a80001, canonicalName: 'smtp128.mail128.com' });
  });

  it('reports NXDOMAIN as "Name or service not known", a name without A as "No address associated with hostname"', async () => {
    const { client } = lab({});
    const r = await inClient(client, async (p) => [await lookupHost(p, 'nexistepas.mail128.com'), await lookupHost(p, 'mail128.com')]);
    expect(r).toEqual([
      { ok: false, error: 'EAI_NONAME' },
      { ok: false, error: 'EAI_NODATA' },
    ]);
    expect(gaiStrerror('EAI_NODATA')).toBe('No address associated with hostname');
  });

  it('asks twice on SERVFAIL (attempts:2) then says "Temporary failure in name resolution"', async () => {
    const { client, wire } = lab({});
    const r = await inClient(client, (p) => lookupHost(p, 'www.google.com'));
    expect(r).toEqual({ ok: false, error: 'EAI_AGAIN' });
    expect(wire.filter((w) => w.dstPort === 53)).toHaveLength(2);
  });

  it('waits 5 s per attempt, 2 attempts, for a server that does not answer, on the same socket', async () => {
    const { lab: l, client, wire } = lab({ silent: true });
    const start = l.scheduler.now;
    const r = await inClient(client, (p) => lookupHost(p, 'smtp128.mail128.com'));
    expect(r).toEqual({ ok: false, error: 'EAI_AGAIN' });
    const q = wire.filter((w) => w.dstPort === 53);
    expect(q.map((w) => Math.round((w.at - start) / SECOND))).toEqual([0, 5]);
    expect(q[0].srcPort).toBe(q[1].srcPort);
    expect(q[0].dns!.id).toBe(q[1].dns!.id);
  });

  it('owns its UDP socket while it waits (netstat -p shows the program), closed afterwards', async () => {
    const { lab: l, client } = lab({ silent: true });
    const p = client.start(async (proc) => {
      await lookupHost(proc, 'smtp128.mail128.com');
      return 0;
    }, ['probe']);
    await l.run(1);
    const open = client.net.udp.sockets().filter((s) => s.remotePort === 53);
    expect(open.map((s) => [s.owner?.pid, s.owner?.name, s.remoteAddress])).toEqual([[p.pid, 'probe', 0xc0a80001]]);
    await p.until(() => p.code !== null, 30);
    expect(client.net.udp.sockets().filter((s) => s.remotePort === 53)).toEqual([]);
  });

  it('follows options timeout:N attempts:N, and rotate starts each lookup one server further', async () => {
    const { lab: l, client, wire } = lab({ silent: true }, 'nameserver 192.168.0.1\noptions timeout:1 attempts:3\n');
    const start = l.scheduler.now;
    expect(await inClient(client, (p) => lookupHost(p, 'smtp128.mail128.com'))).toEqual({ ok: false, error: 'EAI_AGAIN' });
    expect(Math.round((l.scheduler.now - start) / SECOND)).toBe(3);
    expect(wire.filter((w) => w.dstPort === 53)).toHaveLength(3);
    // rotate: the first lookup starts with 192.168.0.1 (answers at once), the second with
    // 192.168.0.2 (nobody: ARP gives up after 3 s), then 192.168.0.1.
    const two = lab({}, 'nameserver 192.168.0.1\nnameserver 192.168.0.2\noptions rotate\n');
    const took = await inClient(two.client, async (p) => {
      const out: number[] = [];
      for (let i = 0; i < 2; i++) {
        const t0 = p.host.scheduler.now;
        expect((await queryDns(p, 'mail128.com', DNS_TYPE_MX, { search: false })).ok).toBe(true);
        out.push(Math.round((p.host.scheduler.now - t0) / SECOND));
      }
      return out;
    });
    expect(took).toEqual([0, 3]);
  });

  it('gives up at once when the server host has nothing on port 53 (ICMP port unreachable)', async () => {
    const { lab: l, client, wire } = lab(null);
    const start = l.scheduler.now;
    const r = await inClient(client, (p) => lookupHost(p, 'smtp128.mail128.com'));
    expect(r).toEqual({ ok: false, error: 'EAI_AGAIN' });
    expect(wire.filter((w) => w.dstPort === 53)).toHaveLength(2);
    expect(l.scheduler.now - start).toBeLessThan(SECOND);
  });

  it('tries the search list for a name with fewer dots than ndots, the name as is otherwise first', async () => {
    const { client, wire } = lab({}, 'search etudiant541.iut mail128.com\nnameserver 192.168.0.1\n');
    const r = await inClient(client, async (p) => [await lookupHost(p, 'smtp128'), await lookupHost(p, 'smtp.etudiant541.iut')]);
    expect(r).toEqual([
      { ok: true, address: 0xc0a80001, canonicalName: 'smtp128.mail128.com' },
      { ok: true, address: 0x0afe3601, canonicalName: 'smtp.etudiant541.iut' },
    ]);
    expect(wire.filter((w) => w.dstPort === 53).map((w) => w.dns!.questions[0].name)).toEqual([
      'smtp128.etudiant541.iut.',
      'smtp128.mail128.com.',
      'smtp.etudiant541.iut.',
    ]);
  });

  it('prefers /etc/hosts (hosts: files dns) and sends nothing for names it knows', async () => {
    const { client, wire } = lab({});
    client.host.fs.writeFile('/etc/hosts', '10.0.0.9 smtp128.mail128.com\n', ROOT);
    expect(await inClient(client, (p) => lookupHost(p, 'smtp128.mail128.com'))).toMatchObject({ ok: true, address: 0x0a000009 });
    expect(wire.filter((w) => w.dstPort === 53)).toHaveLength(0);
  });

  it('asks again over TCP when the UDP reply is truncated', async () => {
    const log: NonNullable<FakeDnsOptions['log']> = [];
    const { client } = lab({ truncateUdp: true, log });
    expect(await inClient(client, (p) => lookupHost(p, 'smtp128.mail128.com'))).toMatchObject({ ok: true, address: 0xc0a80001 });
    expect(log.map((e) => e.transport)).toEqual(['udp', 'tcp']);
  });

  it('goes to the second server when the first is unreachable (ARP fails after 3 s: EHOSTUNREACH on the socket)', async () => {
    const { lab: l, client, wire } = lab({}, 'nameserver 192.168.0.99\nnameserver 192.168.0.1\n');
    const start = l.scheduler.now;
    expect(await inClient(client, (p) => lookupHost(p, 'pop128.mail128.com'))).toMatchObject({ ok: true, address: 0xc0a80001 });
    expect(Math.round((l.scheduler.now - start) / SECOND)).toBe(3);
    // The datagram for .99 never left (no ARP reply); the one for .1 did.
    expect(wire.filter((w) => w.dstPort === 53)).toHaveLength(1);
  });
});

describe('bad input', () => {
  it('ignores truncated, garbage and wrong-ID replies: the server counts as silent', async () => {
    for (const mangle of [
      (r: Uint8Array) => r.subarray(0, 5),
      () => Uint8Array.from({ length: 700 }, (_, i) => (i * 37) & 0xff),
      (r: Uint8Array) => Uint8Array.from([r[0] ^ 0xff, ...r.subarray(1)]),
      // A compression pointer loop in the answer name.
      (r: Uint8Array) => Uint8Array.from([...r.subarray(0, 12), 0xc0, 0x0c, 0, 1, 0, 1]),
    ]) {
      const { client } = lab({ mangle });
      expect(await inClient(client, (p) => lookupHost(p, 'smtp128.mail128.com'))).toEqual({ ok: false, error: 'EAI_AGAIN' });
    }
  });

  it('sends nothing for names DNS cannot carry and says they are not known', async () => {
    const { client, wire } = lab({});
    const r = await inClient(client, async (p) => [
      await lookupHost(p, 'a..b'),
      await lookupHost(p, 'x'.repeat(64) + '.mail128.com'),
      await lookupHost(p, ('abcdefghi.').repeat(30) + 'com'),
      await queryDns(p, 'bad..name', DNS_TYPE_MX),
    ]);
    expect(r).toEqual([
      { ok: false, error: 'EAI_NONAME' },
      { ok: false, error: 'EAI_NONAME' },
      { ok: false, error: 'EAI_NONAME' },
      { ok: false, error: 'NXDOMAIN' },
    ]);
    expect(wire.filter((w) => w.dstPort === 53)).toHaveLength(0);
  });
});

describe('queryDns and reverseLookup', () => {
  it('returns the MX answer (what an SMTP client asks)', async () => {
    const { client } = lab({});
    const r = await inClient(client, (p) => queryDns(p, 'mail128.com', DNS_TYPE_MX));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.server).toBe(0xc0a80001);
      expect(r.message.answers.map((a) => a.data)).toEqual([{ kind: 'MX', preference: 10, exchange: 'smtp128.mail128.com.' }]);
    }
    const errors = await inClient(client, async (p) => [
      await queryDns(p, 'nexistepas.mail128.com', DNS_TYPE_MX),
      await queryDns(p, 'smtp128.mail128.com', DNS_TYPE_MX),
      await queryDns(p, 'www.google.com', DNS_TYPE_MX),
    ]);
    expect(errors).toEqual([
      { ok: false, error: 'NXDOMAIN' },
      { ok: false, error: 'NODATA' },
      { ok: false, error: 'SERVFAIL' },
    ]);
  });

  it('reports TIMEOUT and NOSERVERS-free defaults: no nameserver line means 127.0.0.1', async () => {
    const { client } = lab({ silent: true });
    expect(await inClient(client, (p) => queryDns(p, 'mail128.com', DNS_TYPE_MX))).toEqual({ ok: false, error: 'TIMEOUT' });
    expect(parseResolvConf('', 'vm').nameservers).toEqual([0x7f000001]);
  });

  it('finds the PTR of an address the hosts file does not know', async () => {
    const { client } = lab({});
    const r = await inClient(client, async (p) => [await reverseLookup(p, 0x0afe3601), await reverseLookup(p, 0xc0a80063)]);
    expect(r).toEqual(['S54.etudiant541.iut', null]);
  });
});

describe('resolv.conf', () => {
  it('reads up to 3 servers, the last of domain/search, and the options glibc knows', () => {
    const c = parseResolvConf(
      '# comment\nnameserver 10.0.0.1\nnameserver 10.0.0.2\nnameserver 10.0.0.3\nnameserver 10.0.0.4\ndomain a.example\nsearch b.example c.example\noptions ndots:2 timeout:1 attempts:9 rotate\n',
      'vm',
    );
    expect(c.nameservers).toEqual([0x0a000001, 0x0a000002, 0x0a000003]);
    expect(c.search).toEqual(['b.example', 'c.example']);
    expect([c.ndots, c.timeout, c.attempts, c.rotate]).toEqual([2, 1, 5, true]);
    expect(parseResolvConf('search x.example\ndomain y.example\n', 'vm').search).toEqual(['y.example']);
    expect(parseResolvConf('', 'vm.tp.iut').search).toEqual(['tp.iut']);
    expect(parseResolvConf('nameserver garbage\nnameserver ::1\n' + 'x'.repeat(100000), 'vm').nameservers).toEqual([0x7f000001]);
  });
});

describe('programs resolve names through DNS (fidelity/net/ping_arp.txt, telnet/)', () => {
  const fidelity = (path: string): string => readFileSync(new URL(`../../../../shared/fidelity/${path}`, import.meta.url), 'utf8');

  it('ping asks for the A record before its first echo request and prints what Debian printed', async () => {
    const { lab: l, client, wire } = lab({});
    const order: string[] = [];
    client.net.onFrame.on((e) => {
      if (e.direction !== 'out' || e.iface !== 'eth0') return;
      const eth = parseEthernet(e.frame);
      if (!eth.ok || eth.value.ethertype !== 0x0800) return;
      const ip = parseIpv4Packet(eth.value.payload);
      if (ip.ok) order.push(ip.value.protocol === 1 ? 'icmp' : ip.value.protocol === 17 ? 'udp' : 'other');
    });
    const p = await client.run(ping, ['ping', '-c', '3', 'smtp128.mail128.com']);
    const real = recorded(fidelity('net/ping_arp.txt'), 'ping -c 3 smtp128.mail128.com');
    // The reverse lookups of 192.168.0.1 get NXDOMAIN (168.192.in-addr.arpa is Debian's empty
    // zone), so the replies show the address, as recorded.
    expect(normalizePing(p.stdout)).toBe(normalizePing(real.output));
    expect(order[0]).toBe('udp');
    expect(order.indexOf('icmp')).toBeGreaterThan(0);
    expect(wire[0].dns?.questions[0]).toEqual({ name: 'smtp128.mail128.com.', type: DNS_TYPE_A, class: 1 });
    expect(wire.some((w) => w.dns?.questions[0].name === '1.0.168.192.in-addr.arpa.')).toBe(true);
    expect(l.frameProblems()).toEqual([]);
  });

  it('ping of a name the server does not know: "Name or service not known", exit 2', async () => {
    const { client } = lab({});
    const p = await client.run(ping, ['ping', '-c', '1', '-W', '1', 'nexistepas.mail128.com']);
    const real = recorded(fidelity('net/ping_arp.txt'), 'ping -c 1 -W 1 nexistepas.mail128.com');
    expect(p.stderr).toBe(real.output);
    expect(p.code).toBe(real.status);
  });

  it('telnet connects to the address DNS gives and names the host as typed', async () => {
    const { lab: l, client } = lab({});
    const srv = l.hosts.get('vm')!;
    srv.start(nc, ['nc', '-l', '-p', '25']);
    await l.run(0.1);
    const t = client.start(telnet, ['telnet', 'smtp128.mail128.com', '25'], { tty: true });
    await t.until(() => t.screen.includes('Escape character'), 10);
    expect(t.screen).toBe("Trying 192.168.0.1...\nConnected to smtp128.mail128.com.\nEscape character is '^]'.\n");
    const bad = await client.run(telnet, ['telnet', 'nexistepas.mail128.com', '25']);
    expect(bad.stderr).toBe('Server lookup failure:  nexistepas.mail128.com:25, Name or service not known\n');
  });

  it('nc resolves through DNS too', async () => {
    const { client } = lab({});
    const r = await client.run(nc, ['nc', '-z', '-v', 'smtp128.mail128.com', '53']);
    expect(r.stderr).toMatch(/^Connection to smtp128.mail128.com .*53 port \[tcp\/domain\] succeeded!\n$/);
    const bad = await client.run(nc, ['nc', 'nexistepas.mail128.com', '25']);
    expect(bad.stderr).toBe('nc: getaddrinfo for host "nexistepas.mail128.com" port 25: Name or service not known\n');
  });
});
