// rndc against named, replaying dns/rndc/rndc.txt: status, reload, zone reload (up to date, after
// a serial bump, a broken zone, a serial going backwards), unknown zone and command, and named's
// syslog lines for them (dns/rndc/syslog_named_during_dns_recording.txt). Normalized: boot and
// load times (the recording's clock), named's pid, the "client @0x..." object addresses.
import { describe, expect, it } from 'vitest';
import { SIGHUP, SIGTERM } from '../../src/os/program.ts';
import { fidelityFile, fidelityLab, namedLog, query, ROOT, type DnsLab } from './dns-lab.ts';
import { rndc } from '../../src/commands/rndc/rndc.ts';

async function run(l: DnsLab, ...args: string[]): Promise<{ out: string; err: string; code: number | null }> {
  const p = await l.server.run(rndc, ['rndc', ...args], { maxSeconds: 10 });
  return { out: p.stdout, err: p.stderr, code: p.code };
}

function recorded(cmd: string, nth = 0): string {
  const blocks = fidelityFile('rndc/rndc.txt').split(/^\$ /m).filter((b) => b.startsWith(`${cmd}\n`));
  return blocks[nth].slice(cmd.length + 1).replace(/# exit status: \d+\n*$/, '');
}

function bumpSerial(l: DnsLab, text: string): void {
  const fs = l.server.host.fs;
  fs.writeFile('/etc/bind/db.mail128.com', text, ROOT);
  // A later mtime, as an editor's save gives it.
  const t = l.server.host.wallTimeMs() + 1000;
  fs.utimes('/etc/bind/db.mail128.com', t, t, ROOT);
}

describe('rndc talks to named over 127.0.0.1#953', () => {
  it('prints status as BIND 9.18 does', async () => {
    const l = await fidelityLab();
    const r = await run(l, 'status');
    expect(r.code).toBe(0);
    const norm = (s: string) => s.replace(/(boot time|last configured): .*/g, '$1: DATE').replace(/TCP high-water: \d+/, 'TCP high-water: N');
    expect(norm(r.out)).toBe(norm(recorded('rndc status')).replace('running on vm:', 'running on vm:'));
    expect(r.out).toMatch(/^boot time: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/m);
  }, 30_000);

  it('reloads the server and zones with the recorded messages and log lines', async () => {
    const l = await fidelityLab();
    const zone = fidelityFile('config/db.mail128.com');
    // The recording had rewritten the zone files after named started.
    bumpSerial(l, zone);
    let r = await run(l, 'reload');
    expect(r.out).toBe(recorded('rndc reload'));
    let log = namedLog(l.server);
    const at = log.lastIndexOf("received control channel command 'reload'");
    const after = log.slice(at).filter((x) => !x.startsWith('automatic empty zone'));
    expect(after.slice(0, 17)).toEqual([
      "received control channel command 'reload'",
      "loading configuration from '/etc/bind/named.conf'",
      "the working directory is now '/var/cache/bind'",
      "reading built-in trust anchors from file '/etc/bind/bind.keys'",
      "looking for GeoIP2 databases in '/usr/share/GeoIP'",
      'using default UDP/IPv4 port range: [32768, 60999]',
      'using default UDP/IPv6 port range: [32768, 60999]',
      'sizing zone task pool based on 8 zones',
      "none:100: 'max-cache-size 90%' - setting to 21694MB (out of 24105MB)",
      "obtaining root key for view _default from '/etc/bind/bind.keys'",
      "configuring command channel from '/etc/bind/rndc.key'",
      "configuring command channel from '/etc/bind/rndc.key'",
      'reloading configuration succeeded',
      'reloading zones succeeded',
      'zone mail128.com/IN: zone serial (2) unchanged. zone may fail to transfer to secondaries.',
      'zone mail128.com/IN: loaded serial 2',
      'all zones loaded',
    ]);
    expect(log.slice(at).filter((x) => x.startsWith('automatic empty zone')).length).toBe(98);

    r = await run(l, 'reload', 'mail128.com');
    expect(r.out).toBe(recorded('rndc reload mail128.com', 0));
    expect(r.out).toBe('zone reload up-to-date\n');

    r = await run(l, 'zonestatus', 'mail128.com');
    expect(r.out.replace(/last loaded: .*/, 'last loaded: DATE')).toBe(recorded('rndc zonestatus mail128.com').replace(/last loaded: .*/, 'last loaded: DATE'));

    // Asked just before the bump: the same query right after must not get a stale reply.
    expect((await query(l, 'mail128.com.', 6)).answers[0].data).toMatchObject({ serial: 2 });
    bumpSerial(l, zone.replace(/2(\t\t; Serial)/, '3$1'));
    r = await run(l, 'reload', 'mail128.com');
    expect(r.out).toBe('zone reload queued\n');
    expect((await query(l, 'mail128.com.', 6)).answers[0].data).toMatchObject({ serial: 3 });
    log = namedLog(l.server);
    expect(log.slice(-2)).toEqual(["received control channel command 'reload mail128.com'", 'zone mail128.com/IN: loaded serial 3']);

    // A broken zone: named logs the error and keeps serving the last good data.
    bumpSerial(l, zone.replace(/2(\t\t; Serial)/, '3$1') + 'www\tIN\tA\t192.168.0.1\n');
    r = await run(l, 'reload', 'mail128.com');
    expect(r.out).toBe('zone reload queued\n');
    log = namedLog(l.server);
    expect(log.slice(-4)).toEqual([
      "received control channel command 'reload mail128.com'",
      'dns_master_load: /etc/bind/db.mail128.com:19: www.mail128.com: CNAME and other data',
      'zone mail128.com/IN: loading from master file /etc/bind/db.mail128.com failed: CNAME and other data',
      'zone mail128.com/IN: not loaded due to errors.',
    ]);
    expect((await query(l, 'mail128.com.', 6)).answers[0].data).toMatchObject({ serial: 3 });

    // Back to serial 2: "has gone backwards", loaded anyway.
    bumpSerial(l, zone);
    r = await run(l, 'reload');
    expect(r.out).toBe('server reload successful\n');
    log = namedLog(l.server);
    expect(log).toContain('zone mail128.com/IN: zone serial (2/3) has gone backwards');
    expect(log.slice(log.indexOf('zone mail128.com/IN: zone serial (2/3) has gone backwards') + 1)[0]).toBe('zone mail128.com/IN: loaded serial 2');
  }, 60_000);

  it('reports unknown zones and commands as rndc does', async () => {
    const l = await fidelityLab();
    let r = await run(l, 'reload', 'nexistepas.com');
    expect(r.code).toBe(1);
    expect(r.err).toBe("rndc: 'reload' failed: not found\nno matching zone 'nexistepas.com' in any view\n");
    r = await run(l, 'foo');
    expect(r.code).toBe(1);
    expect(r.err).toBe("rndc: 'foo' failed: unknown command\n");
    expect(namedLog(l.server).slice(-2)).toEqual(["received control channel command 'foo'", "unknown control channel command 'foo'"]);
  }, 30_000);

  it('flush, reconfig and stop; connection refused once named is gone', async () => {
    const l = await fidelityLab();
    expect((await run(l, 'flush')).code).toBe(0);
    expect(namedLog(l.server).slice(-1)).toEqual(['flushing caches in all views succeeded']);
    expect((await run(l, 'reconfig')).out).toBe('');
    expect(namedLog(l.server)).toContain('scheduled loading new zones');
    const r = await run(l, 'stop');
    expect(r.code).toBe(0);
    await l.lab.run(1);
    expect(l.named.code).toBe(0);
    const log = namedLog(l.server);
    expect(log.slice(log.indexOf("received control channel command 'stop'"))).toEqual([
      "received control channel command 'stop'",
      'shutting down: flushing changes',
      'stopping command channel on 127.0.0.1#953',
      'stopping command channel on ::1#953',
      'no longer listening on 127.0.0.1#53',
      'no longer listening on 192.168.0.1#53',
      'no longer listening on ::1#53',
      'no longer listening on fe80::ff:fe00:1%2#53',
      'exiting',
    ]);
    const down = await run(l, 'status');
    expect(down.code).toBe(1);
    expect(down.err).toBe('rndc: connect failed: 127.0.0.1#953: connection refused\n');
  }, 30_000);

  it('SIGHUP reloads and SIGTERM shuts named down', async () => {
    const l = await fidelityLab();
    const table = l.server.host.processes;
    table.kill(null, l.named.pid, SIGHUP);
    await l.lab.run(1);
    let log = namedLog(l.server);
    expect(log).toContain('received SIGHUP signal to reload zones');
    expect(log.slice(-3)).toContain('running');
    table.kill(null, l.named.pid, SIGTERM);
    await l.lab.run(1);
    log = namedLog(l.server);
    expect(log.slice(log.indexOf('shutting down'))).toEqual([
      'shutting down',
      'stopping command channel on 127.0.0.1#953',
      'stopping command channel on ::1#953',
      'no longer listening on 127.0.0.1#53',
      'no longer listening on 192.168.0.1#53',
      'no longer listening on ::1#53',
      'no longer listening on fe80::ff:fe00:1%2#53',
      'exiting',
    ]);
    expect(l.named.code).toBe(0);
  }, 30_000);

  it('a reload listens on addresses added since the start (interface rescan)', async () => {
    const l = await fidelityLab();
    l.server.net.interfaces.get('eth0')!.addAddress((192 << 24 | 168 << 16 | 2) >>> 0, 24);
    expect((await run(l, 'reload')).code).toBe(0);
    expect(namedLog(l.server)).toContain('listening on IPv4 interface eth0, 192.168.0.2#53');
    const m = await query(l, 'smtp128.mail128.com.', 1, { server: '192.168.0.2' });
    expect(m.answers.length).toBe(1);
    expect(l.server.host.fs.readFile('/run/named/named.pid', ROOT).ok).toBe(true);
  }, 30_000);

  it("rndc querylog logs each query in BIND's format", async () => {
    const l = await fidelityLab();
    expect((await run(l, 'querylog', 'on')).code).toBe(0);
    expect(namedLog(l.server).slice(-1)).toEqual(['query logging is now on']);
    expect((await run(l, 'status')).out).toContain('query logging is ON\n');
    await query(l, 'smtp128.mail128.com.', 1);
    const last = namedLog(l.server).slice(-1)[0].replace(/@0x[0-9a-f]+ 192\.168\.0\.28#\d+/, 'CLIENT');
    expect(last).toBe('client CLIENT (smtp128.mail128.com): query: smtp128.mail128.com IN A +E(0)K (192.168.0.1)');
  }, 30_000);
});
