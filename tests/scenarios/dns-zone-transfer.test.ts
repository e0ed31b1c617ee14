// Zone transfers between two simulated hosts, as in seed 002 (a primary with allow-transfer for
// its neighbour, the neighbour's secondary zone), the refusal when allow-transfer does not list
// the client, NOTIFY after a serial bump, and the primary's AXFR log lines against
// dns/rndc/syslog_named_during_dns_recording.txt (normalized: client @0x... and port).
import { describe, expect, it } from 'vitest';
import { NetLab } from '../../src/commands/testing-net/net-lab.ts';
import { parseDns } from '../../src/wire/dns.ts';
import { rndc } from '../../src/commands/rndc/rndc.ts';
import { named } from '../../src/services/bind/named.ts';
import { fidelityFile, fidelityLab, installBind, namedLog, query, queryMessage, ROOT, sendTcp, type DnsLab } from './dns-lab.ts';

const ZONE = `$ORIGIN poste54.etudiant.iut.
$TTL    604800
@   IN  SOA S54.poste54.etudiant.iut. root.poste54.etudiant.iut. ( SERIAL 604800 86400 2419200 604800 )
@   IN  NS  S54.poste54.etudiant.iut.
@   IN  NS  S112.poste54.etudiant.iut.
S54 IN  A   10.54.112.2
S112 IN A   10.54.112.1
smtp    IN      A       10.54.112.2
@   IN  MX  10  smtp.poste54.etudiant.iut.
`;

const PRIMARY_CONF = `zone "poste54.etudiant.iut." {
    type master;
    file "/etc/bind/meszones/db.poste54.etudiant.iut";
    allow-transfer {10.54.112.1 ;};
};
`;

const SECONDARY_CONF = `zone "poste54.etudiant.iut" {
    type slave;
    masters { 10.54.112.2; };
    file "db.poste54.etudiant.iut";
};
`;

function namedPid(h: DnsLab['server']): number {
  const p = h.host.processes.list().find((x) => x.comm === 'named' && x.state !== 'Z');
  if (p === undefined) throw new Error('named is not running');
  return p.pid;
}

const yieldFn = () => new Promise<void>((r) => setImmediate(r));

async function twoServers(): Promise<DnsLab & { secondary: DnsLab['server']; other: DnsLab['server'] }> {
  const lab = new NetLab(yieldFn);
  const sw = lab.network('lan');
  const server = lab.host('S54', [{ net: sw, address: '10.54.112.2/24' }]);
  const secondary = lab.host('S112', [{ net: sw, address: '10.54.112.1/24' }]);
  const other = lab.host('S113', [{ net: sw, address: '10.54.112.3/24' }]);
  const client = lab.host('cli', [{ net: sw, address: '10.54.112.50/24' }]);
  installBind(server, {
    '/etc/bind/named.conf.local': PRIMARY_CONF,
    '/etc/bind/meszones/db.poste54.etudiant.iut': ZONE.replace('SERIAL', '2'),
  });
  installBind(secondary, { '/etc/bind/named.conf.local': SECONDARY_CONF });
  installBind(other, { '/etc/bind/named.conf.local': SECONDARY_CONF });
  const d = server.start(named, ['/usr/sbin/named', '-f', '-u', 'bind']);
  await lab.run(0.5);
  secondary.start(named, ['/usr/sbin/named', '-f', '-u', 'bind']);
  other.start(named, ['/usr/sbin/named', '-f', '-u', 'bind']);
  await lab.run(2);
  return { lab, server, client, named: d, secondary, other };
}

describe('zone transfer (AXFR over TCP, RFC 5936)', () => {
  it('a secondary transfers the zone at start and answers authoritatively', async () => {
    const l = await twoServers();
    const log = namedLog(l.secondary).map((x) => x.replace(/#\d+$/, '#PORT'));
    const name = "transfer of 'poste54.etudiant.iut/IN' from 10.54.112.2#53";
    expect(log).toContain('zone poste54.etudiant.iut/IN: Transfer started.');
    expect(log).toContain(`${name}: connected using 10.54.112.1#PORT`);
    expect(log).toContain('zone poste54.etudiant.iut/IN: transferred serial 2');
    expect(log).toContain(`${name}: Transfer status: success`);
    expect(log.find((x) => x.startsWith(`${name}: Transfer completed:`))).toMatch(/: Transfer completed: 1 messages, 8 records, \d+ bytes, 0\.\d{3} secs \(\d+ bytes\/sec\) \(serial 2\)$/);
    const primaryLog = namedLog(l.server).map((x) => x.replace(/@0x[0-9a-f]+ 10\.54\.112\.1#\d+/, 'CLIENT'));
    expect(primaryLog).toContain("client CLIENT (poste54.etudiant.iut): transfer of 'poste54.etudiant.iut/IN': AXFR started (serial 2)");
    expect(primaryLog.find((x) => x.includes('AXFR ended'))).toMatch(/AXFR ended: 1 messages, 8 records, \d+ bytes, 0\.001 secs \(\d+ bytes\/sec\) \(serial 2\)$/);
    const m = await query(l, 'smtp.poste54.etudiant.iut.', 1, { server: '10.54.112.1' });
    expect(m.aa).toBe(true);
    expect(m.answers.map((r) => r.data)).toEqual([{ kind: 'A', address: (10 << 24 | 54 << 16 | 112 << 8 | 2) >>> 0 }]);
    // The secondary keeps its copy in its working directory and loads it when it starts again.
    expect(l.secondary.host.fs.readFile('/var/cache/bind/db.poste54.etudiant.iut', ROOT).ok).toBe(true);
    const pid = namedPid(l.secondary);
    l.secondary.host.processes.kill(null, pid, 15);
    await l.lab.run(1);
    l.secondary.start(named, ['/usr/sbin/named', '-f', '-u', 'bind']);
    await l.lab.run(2);
    const again = namedLog(l.secondary);
    const restart = again.slice(again.lastIndexOf('exiting'));
    expect(restart).toContain('zone poste54.etudiant.iut/IN: loaded serial 2');
    expect(restart).not.toContain('zone poste54.etudiant.iut/IN: Transfer started.');
    expect((await query(l, 'smtp.poste54.etudiant.iut.', 1, { server: '10.54.112.1' })).answers.length).toBe(1);
  }, 60_000);

  it('refuses a transfer to a host allow-transfer does not list, and logs it', async () => {
    const l = await twoServers();
    const log = namedLog(l.server).map((x) => x.replace(/@0x[0-9a-f]+ 10\.54\.112\.3#\d+/, 'CLIENT'));
    expect(log).toContain("client CLIENT (poste54.etudiant.iut): zone transfer 'poste54.etudiant.iut/AXFR/IN' denied");
    const other = namedLog(l.other);
    expect(other).toContain("transfer of 'poste54.etudiant.iut/IN' from 10.54.112.2#53: failed while receiving responses: REFUSED");
    // The secondary that never loaded answers SERVFAIL for the zone.
    const m = await query(l, 'smtp.poste54.etudiant.iut.', 1, { server: '10.54.112.3' });
    expect(m.rcode).toBe(2);
    // A raw AXFR from the client: REFUSED too.
    const got = await sendTcp(l.lab, l.client, '10.54.112.2', queryMessage('poste54.etudiant.iut.', 252, { edns: false }));
    const p = parseDns(got[0]);
    expect(p.ok && p.value.rcode).toBe(5);
  }, 60_000);

  it('NOTIFY after a serial bump makes the secondary transfer again', async () => {
    const l = await twoServers();
    const fs = l.server.host.fs;
    fs.writeFile('/etc/bind/meszones/db.poste54.etudiant.iut', ZONE.replace('SERIAL', '3').replace('10.54.112.2\n@', '10.54.112.9\n@'), ROOT);
    const t = l.server.host.wallTimeMs() + 1000;
    fs.utimes('/etc/bind/meszones/db.poste54.etudiant.iut', t, t, ROOT);
    const r = await l.server.run(rndc, ['rndc', 'reload', 'poste54.etudiant.iut'], { maxSeconds: 5 });
    expect(r.stdout).toBe('zone reload queued\n');
    await l.lab.run(3);
    expect(namedLog(l.server)).toContain('zone poste54.etudiant.iut/IN: sending notifies (serial 3)');
    const sec = namedLog(l.secondary);
    expect(sec.some((x) => /received notify for zone 'poste54.etudiant.iut'$/.test(x))).toBe(true);
    expect(sec).toContain('zone poste54.etudiant.iut/IN: transferred serial 3');
    const m = await query(l, 'smtp.poste54.etudiant.iut.', 1, { server: '10.54.112.1' });
    expect(m.answers[0].data).toEqual({ kind: 'A', address: (10 << 24 | 54 << 16 | 112 << 8 | 9) >>> 0 });
  }, 60_000);

  it('an AXFR of mail128.com has the recorded size (247 bytes without EDNS)', async () => {
    const l = await fidelityLab();
    const got = await sendTcp(l.lab, l.server, '127.0.0.1', queryMessage('mail128.com.', 252, { edns: false, rd: false }));
    expect(got.length).toBe(1);
    const p = parseDns(got[0]);
    expect(p.ok && p.value.answers.length).toBe(9);
    // BIND's order (host_l in dns/host/host.txt): SOA, the apex, then names in canonical order.
    if (p.ok) expect(p.value.answers.filter((r) => r.type === 1).map((r) => r.name)).toEqual(['imap128.mail128.com.', 'ns128.mail128.com.', 'pop128.mail128.com.', 'smtp128.mail128.com.']);
    const recorded = fidelityFile('rndc/syslog_named_during_dns_recording.txt').split('\n').find((x) => x.includes('247 bytes'))!.replace(/^.* named\[\d+\]: /, '');
    const log = namedLog(l.server);
    const norm = (s: string) => s.replace(/@0x[0-9a-f]+ 127\.0\.0\.1#\d+/, 'CLIENT');
    expect(norm(log[log.length - 1])).toBe(norm(recorded));
    expect(got[0].length).toBe(247);
  }, 30_000);

  it('IXFR: our SOA alone when the client is up to date, else the whole zone AXFR-style', async () => {
    const l = await fidelityLab();
    const ixfr = (serial: number) => {
      const m = queryMessage('mail128.com.', 251, { edns: false, rd: false });
      m.authority.push({ name: 'mail128.com.', type: 6, class: 1, ttl: 0, data: { kind: 'SOA', mname: '.', rname: '.', serial, refresh: 0, retry: 0, expire: 0, minimum: 0 } });
      return m;
    };
    const same = await sendTcp(l.lab, l.server, '127.0.0.1', ixfr(2));
    const p1 = parseDns(same[0]);
    expect(p1.ok && p1.value.answers.map((r) => r.type)).toEqual([6]);
    const older = await sendTcp(l.lab, l.server, '127.0.0.1', ixfr(1));
    const p2 = parseDns(older[0]);
    expect(p2.ok && p2.value.answers.length).toBe(9);
    expect(namedLog(l.server).slice(-1)[0]).toMatch(/^client @0x[0-9a-f]+ 127\.0\.0\.1#\d+ \(mail128\.com\): transfer of 'mail128\.com\/IN': AXFR-style IXFR ended: 1 messages, 9 records, \d+ bytes/);
  }, 30_000);
});
