// Each kind of check, true and false, on one small live lab: MAIL runs Postfix and named for
// ex.com, PC reaches it. The checks read the live state and change nothing (no frame, no
// access time, no log line).
import { describe, expect, it } from 'vitest';
import { loadScenario, Simulation } from '../index.ts';
import { SECOND } from '../../engine/time.ts';
import type { CheckSpec } from '../../scenario/steps.ts';
import { describeCheck, evaluateCheck, evaluateSteps } from './evaluate.ts';

const nodeYield = (): Promise<void> => new Promise((r) => setImmediate(r));

const LAB = `
name: checks
networks: [ { name: lan } ]
hosts:
  - name: PC
    gateway: 10.0.0.1
    interfaces: [ { name: eth0, network: lan, address: 10.0.0.2/24 } ]
  - name: MAIL
    hostname: mail
    forwarding: true
    routes: [ { to: 172.16.0.0/12, via: 10.0.0.2 } ]
    interfaces: [ { name: eth0, network: lan, address: 10.0.0.1/24 } ]
    packages: [postfix, bind9]
    debconf:
      postfix/main_mailer_type: Internet Site
      postfix/mailname: ex.com
      postfix/mynetworks: "127.0.0.0/8 10.0.0.0/24"
    services: [postfix, named]
    users: [ { name: etudiant, password: etudiant } ]
    files:
      /etc/bind/named.conf.local: |
        zone "ex.com" { type master; file "/etc/bind/db.ex.com"; };
      /etc/bind/db.ex.com: |
        $TTL 3600
        @     IN SOA mail.ex.com. root.ex.com. ( 1 3600 600 86400 300 )
        @     IN NS  mail.ex.com.
        @     IN MX  10 mail.ex.com.
        mail  IN A   10.0.0.1
        www   IN CNAME mail
`;

async function boot(): Promise<Simulation> {
  const loaded = loadScenario(LAB, 'lab.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  const sim = new Simulation(loaded.scenario, { seed: 3 });
  await sim.boot(nodeYield);
  return sim;
}

/** Runs a shell command as root on a host and lets virtual time pass until it is done. */
async function run(sim: Simulation, host: string, command: string): Promise<void> {
  const child = sim.host(host).machine.spawn(['sh', '-c', command], { cwd: '/root' });
  if ('error' in child) throw new Error(child.error);
  let done = false;
  void child.wait().then(() => (done = true));
  for (let i = 0; i < 200 && !done; i++) {
    sim.runFor(SECOND / 10);
    await nodeYield();
  }
  sim.runFor(5 * SECOND);
  await nodeYield();
}

const ok = (sim: Simulation, c: CheckSpec) => evaluateCheck(sim, c);

describe('step checks on a live lab', () => {
  it('answers each kind true and false, with a reason when false', async () => {
    const sim = await boot();
    const table: [CheckSpec, boolean, string?][] = [
      [{ kind: 'package', host: 'MAIL', package: 'postfix' }, true],
      [{ kind: 'package', host: 'MAIL', package: 'dovecot-core' }, false, 'package dovecot-core is not installed on MAIL'],
      [{ kind: 'service', host: 'MAIL', service: 'postfix' }, true],
      [{ kind: 'service', host: 'MAIL', service: 'bind9' }, true],
      [{ kind: 'service', host: 'PC', service: 'postfix' }, false, 'no unit postfix on PC'],
      [{ kind: 'listening', host: 'MAIL', port: 25, address: null, proto: 'tcp' }, true],
      [{ kind: 'listening', host: 'MAIL', port: 25, address: '10.0.0.1', proto: 'tcp' }, true],
      [{ kind: 'listening', host: 'MAIL', port: 53, address: '10.0.0.1', proto: 'udp' }, true],
      [{ kind: 'listening', host: 'MAIL', port: 110, address: null, proto: 'tcp' }, false, 'nothing listens on TCP port 110 on MAIL'],
      [{ kind: 'user', host: 'MAIL', user: 'etudiant' }, true],
      [{ kind: 'user', host: 'MAIL', user: 'smtp' }, false, 'no user smtp in /etc/passwd on MAIL'],
      [{ kind: 'file', host: 'MAIL', path: '/etc/mailname', exists: true, contains: 'ex.com', matches: null }, true],
      [{ kind: 'file', host: 'MAIL', path: '/etc/mailname', exists: true, contains: null, matches: '^ex\\.com$' }, true],
      [{ kind: 'file', host: 'MAIL', path: '/etc/mailname', exists: true, contains: 'other.com', matches: null }, false, '/etc/mailname on MAIL does not contain "other.com"'],
      [{ kind: 'file', host: 'MAIL', path: '/etc/nologin', exists: false, contains: null, matches: null }, true],
      [{ kind: 'file', host: 'MAIL', path: '/etc/hostname', exists: false, contains: null, matches: null }, false, '/etc/hostname still exists on MAIL'],
      [{ kind: 'mailbox', host: 'MAIL', user: 'etudiant', contains: null }, false, 'no mail in /var/mail/etudiant on MAIL'],
      [{ kind: 'postconf', host: 'MAIL', parameter: 'myorigin', value: '/etc/mailname', contains: null }, true],
      [{ kind: 'postconf', host: 'MAIL', parameter: 'mydestination', value: null, contains: 'ex.com localhost' }, true],
      // As written ($myhostname) or expanded: either matches.
      [{ kind: 'postconf', host: 'MAIL', parameter: 'smtpd_banner', value: '$myhostname ESMTP $mail_name (Debian/GNU)', contains: null }, true],
      [{ kind: 'postconf', host: 'MAIL', parameter: 'smtpd_banner', value: 'mail ESMTP Postfix (Debian/GNU)', contains: null }, true],
      [{ kind: 'postconf', host: 'MAIL', parameter: 'mynetworks', value: null, contains: '192.168.0.0/24' }, false, 'mynetworks = 127.0.0.0/8 10.0.0.0/24 on MAIL (no 192.168.0.0/24)'],
      [{ kind: 'postconf', host: 'PC', parameter: 'myhostname', value: 'x', contains: null }, false, 'no /etc/postfix/main.cf on PC'],
      [{ kind: 'address', host: 'PC', address: '10.0.0.2', prefix: 24, iface: 'eth0' }, true],
      [{ kind: 'address', host: 'PC', address: '10.0.0.2', prefix: 16, iface: null }, false, 'PC has no address 10.0.0.2/16'],
      [{ kind: 'forwarding', host: 'MAIL', value: true }, true],
      [{ kind: 'forwarding', host: 'PC', value: true }, false, 'net.ipv4.ip_forward = 0 on PC'],
      [{ kind: 'route', host: 'PC', to: 'default', via: '10.0.0.1', dev: 'eth0' }, true],
      [{ kind: 'route', host: 'MAIL', to: '172.16.0.0/12', via: '10.0.0.2', dev: null }, true],
      [{ kind: 'route', host: 'MAIL', to: 'default', via: null, dev: null }, false, 'no route to default on MAIL'],
      [{ kind: 'dns', host: 'MAIL', name: 'ex.com', type: 'MX', value: '10 MAIL.ex.com' }, true],
      [{ kind: 'dns', host: 'MAIL', name: 'www.ex.com.', type: 'A', value: '10.0.0.1' }, true],
      [{ kind: 'dns', host: 'MAIL', name: 'ex.com', type: 'A', value: null }, false, "MAIL's named has no A record for ex.com"],
      [{ kind: 'dns', host: 'MAIL', name: 'nope.ex.com', type: 'A', value: null }, false, "MAIL's named answers NXDOMAIN for nope.ex.com A"],
      [{ kind: 'dns', host: 'MAIL', name: 'ex.com', type: 'MX', value: '20 mail.ex.com' }, false, "MAIL's named answers ex.com MX with 10 mail.ex.com."],
      [{ kind: 'dns', host: 'MAIL', name: 'example.org', type: 'A', value: null }, false, "MAIL's named is not authoritative for example.org A"],
      [{ kind: 'dns', host: 'PC', name: 'ex.com', type: 'MX', value: null }, false, 'named is not running on PC'],
      [{ kind: 'user', host: 'NOPE', user: 'root' }, false, 'no host NOPE in this lab'],
    ];
    for (const [check, done, detail] of table) {
      const r = ok(sim, check);
      expect({ check: describeCheck(check), ...r }).toEqual({ check: describeCheck(check), done, ...(detail !== undefined ? { detail } : {}) });
    }
  }, 60_000);

  it('combines with all, any and not, the first failing reason explaining', async () => {
    const sim = await boot();
    const yes: CheckSpec = { kind: 'user', host: 'MAIL', user: 'root' };
    const no: CheckSpec = { kind: 'user', host: 'MAIL', user: 'smtp' };
    expect(ok(sim, { kind: 'all', checks: [yes, yes] })).toEqual({ done: true });
    expect(ok(sim, { kind: 'all', checks: [yes, no, no] })).toEqual({ done: false, detail: 'no user smtp in /etc/passwd on MAIL' });
    expect(ok(sim, { kind: 'any', checks: [no, yes] })).toEqual({ done: true });
    expect(ok(sim, { kind: 'any', checks: [no, { ...no, user: 'toto' }] }).detail).toBe('no user smtp in /etc/passwd on MAIL; or no user toto in /etc/passwd on MAIL');
    expect(ok(sim, { kind: 'not', check: no })).toEqual({ done: true });
    expect(ok(sim, { kind: 'not', check: yes })).toEqual({ done: false, detail: 'expected the opposite: MAIL: user root' });
    const steps = [
      { id: 'a', title: { fr: 'A', en: 'A' }, do: { fr: '', en: '' }, hint: { fr: '', en: '' }, check: yes },
      { id: 'b', title: { fr: 'B', en: 'B' }, do: { fr: '', en: '' }, hint: { fr: '', en: '' }, check: no },
    ];
    expect(evaluateSteps(sim, steps)).toEqual([{ id: 'a', done: true }, { id: 'b', done: false, detail: 'no user smtp in /etc/passwd on MAIL' }]);
  }, 60_000);

  it('sees a delivered mail without touching the mailbox, then named stopped and a captured ping', async () => {
    const sim = await boot();
    sim.startCapture(['PC:eth0']);
    await run(sim, 'MAIL', 'echo "Bonjour le TP" | /usr/sbin/sendmail etudiant');
    const fs = sim.host('MAIL').machine.fs;
    const root = { uid: 0, gid: 0, groups: [0] };
    const before = fs.stat('/var/mail/etudiant', root);
    expect(before.ok).toBe(true);
    const framesBefore = sim.capture.size;
    const syslog = () => fs.stat('/var/log/syslog', root);
    const syslogBefore = syslog();
    expect(ok(sim, { kind: 'mailbox', host: 'MAIL', user: 'etudiant', contains: 'Bonjour le TP' })).toEqual({ done: true });
    expect(ok(sim, { kind: 'mailbox', host: 'MAIL', user: 'etudiant', contains: 'Au revoir' }).done).toBe(false);
    // Checking reads with no trace: same atime ("You have new mail" stays new), no frame sent.
    expect(fs.stat('/var/mail/etudiant', root)).toEqual(before);
    expect(ok(sim, { kind: 'dns', host: 'MAIL', name: 'ex.com', type: 'MX', value: null }).done).toBe(true);
    expect(sim.capture.size).toBe(framesBefore);
    expect(syslog()).toEqual(syslogBefore);

    const icmp: CheckSpec = { kind: 'capture', filter: 'icmp.type == 8 and ip.dst == 10.0.0.1', count: 2, host: 'PC', iface: null };
    expect(ok(sim, icmp)).toEqual({ done: false, detail: 'no captured frame on PC matches "icmp.type == 8 and ip.dst == 10.0.0.1"' });
    await run(sim, 'PC', 'ping -c 1 10.0.0.1');
    expect(ok(sim, icmp)).toEqual({ done: false, detail: '1 captured frame of 2 on PC matches "icmp.type == 8 and ip.dst == 10.0.0.1"' });
    await run(sim, 'PC', 'ping -c 1 10.0.0.1');
    expect(ok(sim, icmp)).toEqual({ done: true });
    expect(ok(sim, { ...icmp, host: 'MAIL' }).done).toBe(false);
    expect(ok(sim, { kind: 'capture', filter: 'icmp and', count: 1, host: null, iface: null }).detail).toMatch(/^bad display filter "icmp and": /);
    // A restarted capture counts again from nothing.
    sim.capture.clear();
    expect(ok(sim, icmp).done).toBe(false);

    await run(sim, 'MAIL', 'systemctl stop named');
    expect(ok(sim, { kind: 'service', host: 'MAIL', service: 'named' })).toEqual({ done: false, detail: 'named is not running on MAIL (inactive)' });
    expect(ok(sim, { kind: 'dns', host: 'MAIL', name: 'ex.com', type: 'MX', value: null })).toEqual({ done: false, detail: 'named is not running on MAIL' });
    expect(ok(sim, { kind: 'listening', host: 'MAIL', port: 53, address: null, proto: 'udp' }).done).toBe(false);
  }, 60_000);
});
