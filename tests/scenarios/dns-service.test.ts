// named as a Debian service in a whole simulation: the bind9 package installed by the scenario,
// named.service started at boot, the recording's zones answered from the client, then the
// admin commands students type: rndc status, systemctl reload named, service bind9 restart.
import { describe, expect, it } from 'vitest';
import type { OutputStream, Process } from '../../src/os/program.ts';
import { DNS_CLASS_IN, emitDns, parseDns } from '../../src/wire/dns.ts';
import { bootLab, fidelity, readFile, runFor, runProgram } from './postfix-lab.ts';

function scenario(): string {
  const files = {
    '/etc/bind/named.conf.local': fidelity('dns/config/named.conf.local'),
    '/etc/bind/db.mail128.com': fidelity('dns/config/db.mail128.com'),
    '/etc/bind/db.etudiant541.iut': fidelity('dns/config/db.etudiant541.iut'),
    '/etc/bind/db.10.254.54': fidelity('dns/config/db.10.254.54'),
  };
  const yamlFiles = Object.entries(files).map(([p, t]) => `      ${p}: ${JSON.stringify(t)}\n`).join('');
  return `name: dns lab
networks:
  - { name: lan }
hosts:
  - name: VM
    hostname: vm
    interfaces:
      - { name: eth0, network: lan, address: "192.168.0.1/24" }
    packages: [bind9]
    services: [named]
    files:
${yamlFiles}  - name: CLIENT
    hostname: client
    interfaces:
      - { name: eth0, network: lan, address: "192.168.0.28/24" }
`;
}

/** Runs argv on a host as root; stdout+stderr and the exit status. */
async function sh(sim: Awaited<ReturnType<typeof bootLab>>, host: string, argv: string[]): Promise<{ out: string; code: number }> {
  let out = '';
  const sink: OutputStream = { tty: null, write: (d) => (out += typeof d === 'string' ? d : new TextDecoder().decode(d)), close() {} };
  let code = -1;
  await runProgram(sim, host, async (proc: Process) => {
    const child = proc.spawn(argv, { stdout: sink, stderr: sink });
    if ('error' in child) {
      out += `spawn: ${child.error}`;
      return 127;
    }
    code = await child.wait();
    return code;
  }, 60);
  return { out, code };
}

function namedLines(sim: Awaited<ReturnType<typeof bootLab>>): string[] {
  return readFile(sim, 'VM', '/var/log/syslog').split('\n').filter((l) => / named\[\d+\]: /.test(l)).map((l) => l.replace(/^.* named\[\d+\]: /, ''));
}

describe('bind9 as a service', () => {
  it('starts at boot, answers the client, and obeys rndc, systemctl and service', async () => {
    const sim = await bootLab(scenario());
    await runFor(sim, 2);
    const log = namedLines(sim);
    expect(log).toContain('zone mail128.com/IN: loaded serial 2');
    expect(log).toContain('running');

    const st = await sh(sim, 'VM', ['rndc', 'status']);
    expect(st.code).toBe(0);
    expect(st.out).toContain('server is up and running\n');

    // A query from the client through its own stack, as dig would send it.
    let got = '';
    await runProgram(sim, 'CLIENT', async (proc) => {
      const sock = proc.host.net.udp.open();
      const q = emitDns({
        id: 7, qr: false, opcode: 0, aa: false, tc: false, rd: true, ra: false, z: false, ad: false, cd: false, rcode: 0,
        questions: [{ name: 'smtp128.mail128.com.', type: 1, class: DNS_CLASS_IN }], answers: [], authority: [], additional: [],
      });
      await new Promise<void>((resolve) => {
        sock.onMessage.on((m) => {
          const p = parseDns(m.data);
          got = p.ok ? p.value.answers.map((r) => (r.data.kind === 'A' ? r.data.address : 0)).join(',') : 'bad';
          resolve();
          proc.host.scheduler.noteAsyncWake();
        });
        sock.sendTo(q, (192 << 24 | 168 << 16 | 1) >>> 0, 53);
      });
      sock.close();
      return 0;
    });
    expect(got).toBe(String((192 << 24 | 168 << 16 | 1) >>> 0));

    expect((await sh(sim, 'VM', ['systemctl', 'reload', 'named'])).code).toBe(0);
    await runFor(sim, 1);
    expect(namedLines(sim)).toContain('received SIGHUP signal to reload zones');

    expect((await sh(sim, 'VM', ['service', 'bind9', 'restart'])).code).toBe(0);
    await runFor(sim, 2);
    const after = namedLines(sim);
    expect(after).toContain('exiting');
    expect(after.filter((l) => l.startsWith('starting BIND 9.18.49')).length).toBe(2);
    expect((await sh(sim, 'VM', ['rndc', 'status'])).code).toBe(0);

    expect((await sh(sim, 'VM', ['systemctl', 'stop', 'named'])).code).toBe(0);
    await runFor(sim, 1);
    const down = await sh(sim, 'VM', ['rndc', 'status']);
    expect(down.code).toBe(1);
    expect(down.out).toBe('rndc: connect failed: 127.0.0.1#953: connection refused\n');
  }, 120_000);

  it('runs as user bind: a secondary zone file in /etc/bind cannot be written, one in /var/cache/bind can', async () => {
    const conf = 'zone "mail128.com" { type slave; masters { 192.168.0.1; }; file "/etc/bind/db.mail128.com.copy"; };\n' +
      'zone "etudiant541.iut" { type slave; masters { 192.168.0.1; }; file "db.etudiant541.iut"; };\n';
    const sim = await bootLab(scenario().replace('  - name: CLIENT\n    hostname: client\n    interfaces:\n      - { name: eth0, network: lan, address: "192.168.0.28/24" }\n',
      `  - name: CLIENT\n    hostname: client\n    interfaces:\n      - { name: eth0, network: lan, address: "192.168.0.28/24" }\n    packages: [bind9]\n    services: [named]\n    files:\n      /etc/bind/named.conf.local: ${JSON.stringify(conf)}\n`));
    await runFor(sim, 3);
    const log = readFile(sim, 'CLIENT', '/var/log/syslog').split('\n').filter((l) => / named\[\d+\]: /.test(l)).map((l) => l.replace(/^.* named\[\d+\]: /, ''));
    expect(log).toContain('zone mail128.com/IN: transferred serial 2');
    expect(log.some((l) => /^dumping master file: \/etc\/bind\/tmp-[A-Za-z0-9]{10}: open: permission denied$/.test(l))).toBe(true);
    expect(log).toContain('zone etudiant541.iut/IN: transferred serial 2');
    expect(readFile(sim, 'CLIENT', '/var/cache/bind/db.etudiant541.iut')).toContain('smtp.etudiant541.iut.');
  }, 120_000);
});
