// Recursion through simulated hosts: a caching server forwarding to the teacher's server, the
// cache counting TTLs down in virtual time, `rndc flush`, iteration from a lab "root" server
// given as the hint zone, and SERVFAIL when nothing answers.
import { describe, expect, it } from 'vitest';
import { NetLab } from '../../src/commands/testing-net/net-lab.ts';
import { rndc } from '../../src/commands/rndc/rndc.ts';
import { named } from '../../src/services/bind/named.ts';
import { installBind, query, ROOT, type DnsLab } from './dns-lab.ts';

const yieldFn = () => new Promise<void>((r) => setImmediate(r));

const TEACHER_ZONE = `$TTL 300
@ IN SOA ns root ( 1 3600 600 86400 60 )
@ NS ns
ns A 10.0.0.1
www A 10.0.0.80
alias CNAME www
`;

async function forwardingLab(options: string): Promise<DnsLab & { teacher: DnsLab['server'] }> {
  const lab = new NetLab(yieldFn);
  const sw = lab.network('lan');
  const teacher = lab.host('teacher', [{ net: sw, address: '10.0.0.1/24' }]);
  const server = lab.host('cache', [{ net: sw, address: '10.0.0.2/24' }]);
  const client = lab.host('pc', [{ net: sw, address: '10.0.0.50/24' }]);
  installBind(teacher, {
    '/etc/bind/named.conf.local': 'zone "iut.test" { type master; file "/etc/bind/db.iut"; };\n',
    '/etc/bind/db.iut': TEACHER_ZONE,
  });
  installBind(server, { '/etc/bind/named.conf.options': `options {\n\tdirectory "/var/cache/bind";\n${options}\n};\n` });
  teacher.start(named, ['/usr/sbin/named', '-f']);
  const d = server.start(named, ['/usr/sbin/named', '-f']);
  await lab.run(1);
  return { lab, server, client, named: d, teacher };
}

describe('recursion and the cache', () => {
  it('forwards, caches with a TTL counting down, and flushes on rndc flush', async () => {
    const l = await forwardingLab('\tforwarders { 10.0.0.1; };\n\tforward only;');
    const first = await query(l, 'alias.iut.test.', 1, { server: '10.0.0.2' });
    expect(first.rcode).toBe(0);
    expect(first.aa).toBe(false);
    expect(first.ra).toBe(true);
    expect(first.answers.map((r) => `${r.name} ${r.ttl}`)).toEqual(['alias.iut.test. 300', 'www.iut.test. 300']);
    await l.lab.run(100);
    const second = await query(l, 'www.iut.test.', 1, { server: '10.0.0.2' });
    expect(second.answers[0].ttl).toBeLessThanOrEqual(200);
    expect(second.answers[0].ttl).toBeGreaterThanOrEqual(195);
    const nx = await query(l, 'nope.iut.test.', 1, { server: '10.0.0.2' });
    expect(nx.rcode).toBe(3);
    expect(nx.authority[0].type).toBe(6);
    // dig +norec: straight from the cache, nothing for names never asked.
    const norec = await query(l, 'www.iut.test.', 1, { server: '10.0.0.2', rd: false });
    expect(norec.answers.map((r) => r.name)).toEqual(['www.iut.test.']);
    expect((await query(l, 'other.iut.test.', 1, { server: '10.0.0.2', rd: false })).answers).toEqual([]);
    // NXDOMAIN is cached for every type of the name (RFC 2308 §5).
    expect((await query(l, 'nope.iut.test.', 28, { server: '10.0.0.2', rd: false })).rcode).toBe(3);
    await l.server.run(rndc, ['rndc', 'flush'], { maxSeconds: 5 });
    const third = await query(l, 'www.iut.test.', 1, { server: '10.0.0.2' });
    expect(third.answers[0].ttl).toBe(300);
  }, 60_000);

  it('iterates from the hint zone when it names a lab root server', async () => {
    const lab = new NetLab(yieldFn);
    const sw = lab.network('lan');
    const root = lab.host('root', [{ net: sw, address: '10.0.0.1/24' }]);
    const server = lab.host('cache', [{ net: sw, address: '10.0.0.2/24' }]);
    const client = lab.host('pc', [{ net: sw, address: '10.0.0.50/24' }]);
    installBind(root, {
      '/etc/bind/named.conf.local': 'zone "test" { type master; file "/etc/bind/db.test"; };\n',
      '/etc/bind/db.test': '$TTL 300\n@ SOA ns root 1 1 1 1 60\n@ NS ns\nns A 10.0.0.1\niut NS ns.iut\nns.iut A 10.0.0.3\n',
    });
    const child = lab.host('child', [{ net: sw, address: '10.0.0.3/24' }]);
    installBind(child, {
      '/etc/bind/named.conf.local': 'zone "iut.test" { type master; file "/etc/bind/db.iut"; };\n',
      '/etc/bind/db.iut': TEACHER_ZONE.replace('ns A 10.0.0.1', 'ns A 10.0.0.3'),
    });
    installBind(server, { '/usr/share/dns/root.hints': '.\t3600000\tNS\tA.ROOT.\nA.ROOT.\t3600000\tA\t10.0.0.1\n' });
    root.start(named, ['/usr/sbin/named', '-f']);
    child.start(named, ['/usr/sbin/named', '-f']);
    const d = server.start(named, ['/usr/sbin/named', '-f']);
    await lab.run(1);
    const l: DnsLab = { lab, server, client, named: d };
    const m = await query(l, 'www.iut.test.', 1, { server: '10.0.0.2' });
    expect(m.rcode).toBe(0);
    expect(m.answers.map((r) => r.data)).toEqual([{ kind: 'A', address: (10 << 24 | 80) >>> 0 }]);
  }, 60_000);

  it('SERVFAIL when the forwarders do not answer (forward only)', async () => {
    const l = await forwardingLab('\tforwarders { 10.0.0.99; };\n\tforward only;');
    const m = await query(l, 'www.iut.test.', 1, { server: '10.0.0.2' });
    expect(m.rcode).toBe(2);
    expect(m.ra).toBe(true);
  }, 60_000);

  it('recursion no: REFUSED for names it is not authoritative for', async () => {
    const l = await forwardingLab('\trecursion no;');
    const m = await query(l, 'www.iut.test.', 1, { server: '10.0.0.2' });
    expect(m.rcode).toBe(5);
    expect(m.ra).toBe(false);
  }, 60_000);

  it('a `type forward` zone sends its names to its own forwarders', async () => {
    const l = await forwardingLab('');
    l.server.host.fs.writeFile('/etc/bind/named.conf.local', 'zone "iut.test" { type forward; forward only; forwarders { 10.0.0.1; }; };\n', ROOT);
    await l.server.run(rndc, ['rndc', 'reload'], { maxSeconds: 5 });
    const m = await query(l, 'www.iut.test.', 1, { server: '10.0.0.2' });
    expect(m.rcode).toBe(0);
    expect(m.answers.map((r) => r.name)).toEqual(['www.iut.test.']);
  }, 60_000);
});
