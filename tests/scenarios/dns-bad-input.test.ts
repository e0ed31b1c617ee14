// named facing bad input: garbage datagrams and TCP streams (answered FORMERR or dropped, the
// daemon keeps serving), a zone with errors (logged as BIND does, the other zones still
// served, SERVFAIL for the broken one) and a named.conf syntax error (named exits with BIND's
// "loading configuration: failure").
import { describe, expect, it } from 'vitest';
import { parseIpv4, type Ipv4 } from '../../src/wire/addr.ts';
import { emitDns, parseDns } from '../../src/wire/dns.ts';
import { named } from '../../src/services/bind/named.ts';
import { fidelityFile, fidelityLab, fidelityZones, namedLog, query, queryMessage, sendRaw } from './dns-lab.ts';

describe('named and bad packets', () => {
  it('answers FORMERR or drops garbage, and keeps answering', async () => {
    const l = await fidelityLab();
    // A pointer loop (RFC 1035 §4.1.4): FORMERR with the id.
    const loop = Uint8Array.from([0xab, 0xcd, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1]);
    const r = await sendRaw(l.lab, l.client, '192.168.0.1', loop);
    const p = parseDns(r!);
    expect(p.ok && p.value.rcode).toBe(1);
    expect(p.ok && p.value.id).toBe(0xabcd);
    // Too short for a header: no answer at all.
    expect(await sendRaw(l.lab, l.client, '192.168.0.1', new Uint8Array(7), 53, 1)).toBeNull();
    let seed = 99;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16;
    const sock = l.client.net.udp.open();
    const good = emitDns(queryMessage('mail128.com.', 15));
    for (let i = 0; i < 300; i++) {
      const b = i % 2 === 0 ? good.slice(0, rnd() % good.length) : Uint8Array.from({ length: 12 + (rnd() % 600) }, () => rnd() & 0xff);
      sock.sendTo(b, parseIpv4('192.168.0.1') as Ipv4, 53);
      if (i % 50 === 0) await l.lab.run(0.01);
    }
    // A huge datagram of zeros (a header and nothing behind the counts it promises).
    sock.sendTo(new Uint8Array(60000), parseIpv4('192.168.0.1') as Ipv4, 53);
    await l.lab.run(1);
    sock.close();
    // A TCP stream cut in the middle of a message, then closed.
    const conn = l.client.net.tcp.connect({ address: parseIpv4('192.168.0.1') as Ipv4, port: 53 });
    conn.onConnect.on(() => {
      conn.send(Uint8Array.from([0, 40, 1, 2, 3]));
      conn.close();
    });
    await l.lab.run(1);
    expect(l.named.code).toBeNull();
    const m = await query(l, 'mail128.com.', 15);
    expect(m.rcode).toBe(0);
    expect(m.answers.length).toBe(1);
    expect(l.lab.frameProblems()).toEqual([]);
  }, 60_000);
});

describe('named and bad configuration', () => {
  it('logs a broken zone, serves the others, SERVFAIL for the broken one', async () => {
    const zones = fidelityZones();
    zones['/etc/bind/db.mail128.com'] += 'www\tIN\tA\t192.168.0.1\n';
    const l = await fidelityLab(zones);
    const log = namedLog(l.server);
    expect(log).toContain('dns_master_load: /etc/bind/db.mail128.com:19: www.mail128.com: CNAME and other data');
    expect(log).toContain('zone mail128.com/IN: loading from master file /etc/bind/db.mail128.com failed: CNAME and other data');
    expect(log).toContain('zone mail128.com/IN: not loaded due to errors.');
    expect(log).toContain('zone etudiant541.iut/IN: loaded serial 2');
    expect((await query(l, 'mail128.com.', 15)).rcode).toBe(2);
    expect((await query(l, 'smtp.etudiant541.iut.', 1)).answers.length).toBe(1);
  }, 30_000);

  it('a missing zone file is logged as BIND does', async () => {
    const zones = fidelityZones();
    delete zones['/etc/bind/db.10.254.54'];
    const l = await fidelityLab(zones);
    expect(namedLog(l.server)).toContain('zone 54.254.10.in-addr.arpa/IN: loading from master file /etc/bind/db.10.254.54 failed: file not found');
  }, 30_000);

  it('exits on a named.conf syntax error', async () => {
    const zones = fidelityZones();
    zones['/etc/bind/named.conf.local'] = fidelityFile('config/named.conf.local').replace('type master;', 'type master');
    const l = await fidelityLab(zones);
    await l.lab.run(1);
    expect(l.named.code).toBe(1);
    const log = namedLog(l.server);
    expect(log.slice(-3)).toEqual([
      "/etc/bind/named.conf.local:12: missing ';' before 'file'",
      'loading configuration: failure',
      'exiting (due to fatal error)',
    ]);
  }, 30_000);

  it('exits when named-checkconf would complain (a zone defined twice)', async () => {
    const zones = fidelityZones();
    zones['/etc/bind/named.conf.local'] += 'zone "mail128.com" { type master; file "/etc/bind/db.mail128.com"; };\n';
    const l = await fidelityLab(zones);
    await l.lab.run(1);
    expect(l.named.code).toBe(1);
    expect(namedLog(l.server).slice(-3)).toEqual([
      "/etc/bind/named.conf.local:24: zone 'mail128.com': already exists previous definition: /etc/bind/named.conf.local:10",
      'loading configuration: failure',
      'exiting (due to fatal error)',
    ]);
  }, 30_000);

  it("named -g logs to the terminal in BIND's own format", async () => {
    const zones = fidelityZones();
    zones['/etc/bind/named.conf.local'] = 'zone "x" { type master; file "/etc/bind/db.x" };\n';
    const l = await fidelityLab(zones);
    const p = await l.server.run(named, ['named', '-g'], { maxSeconds: 5 });
    expect(p.code).toBe(1);
    const lines = p.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\d\d-Nov-2026 \d\d:\d\d:\d\d\.\d{3} starting BIND 9\.18\.49-1~deb12u3-Debian \(Extended Support Version\) <id:>$/);
    expect(lines[3]).toMatch(/ running as: named -g$/);
    expect(lines.slice(-3).map((x) => x.slice(25))).toEqual([
      "/etc/bind/named.conf.local:1: missing ';' before '}'",
      'loading configuration: failure',
      'exiting (due to fatal error)',
    ]);
  }, 30_000);
});
