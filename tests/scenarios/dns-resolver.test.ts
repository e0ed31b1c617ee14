// The fidelity DNS lab as a scenario: the server VM (192.168.0.1) installs bind9 with the
// recording's zones (fidelity/dns/config), the client (192.168.0.28, dns: 192.168.0.1) has the
// DNS tools. Commands typed on the client's terminal resolve through the real named with DNS
// packets on the captured link, as on the recording lab.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runUntilAsync } from '../../src/engine/async-drain.ts';
import { SECOND } from '../../src/engine/time.ts';
import { loadScenario, Simulation } from '../../src/sim/index.ts';
import { dissectCapture } from '../../src/capture/dissect-capture.ts';

const yieldFn = (): Promise<void> => new Promise((r) => setImmediate(r));
const config = (name: string): string => readFileSync(`/work/shared/fidelity/dns/config/${name}`, 'utf8');
const indent = (text: string): string =>
  text
    .split('\n')
    .map((l) => '        ' + l)
    .join('\n');

function scenario(): string {
  return `name: dns lab
networks:
  - { name: lan }
hosts:
  - name: VM
    hostname: vm
    interfaces:
      - { name: eth0, network: lan, address: "192.168.0.1/24" }
    packages: [bind9, bind9-dnsutils]
    services: [named]
    files:
      /etc/resolv.conf: "nameserver 127.0.0.1\\n"
      /etc/bind/named.conf.local: |
${indent(config('named.conf.local'))}
      /etc/bind/db.mail128.com: |
${indent(config('db.mail128.com'))}
      /etc/bind/db.etudiant541.iut: |
${indent(config('db.etudiant541.iut'))}
      /etc/bind/db.10.254.54: |
${indent(config('db.10.254.54'))}
  - name: CLIENT
    hostname: client
    interfaces:
      - { name: eth0, network: lan, address: "192.168.0.28/24" }
    packages: [bind9-dnsutils, bind9-host]
    dns: [192.168.0.1]
`;
}

async function run(sim: Simulation, seconds: number): Promise<void> {
  await runUntilAsync(sim.scheduler, sim.scheduler.now + seconds * SECOND, yieldFn);
}

describe('DNS lab scenario', () => {
  it('resolves names typed on the client through named, with the queries on the wire', async () => {
    const loaded = loadScenario(scenario(), 'dns.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
    const sim = new Simulation(loaded.scenario, { seed: 7, startEpochMs: Date.UTC(2026, 10, 22, 3, 52, 0) });
    sim.startCapture(['CLIENT:eth0']);
    await sim.boot(yieldFn);
    await run(sim, 2);
    const term = sim.terminal('CLIENT')!;
    let screen = '';
    term.onOutput.on((b) => (screen += new TextDecoder().decode(b)));
    const type = async (line: string, seconds = 3): Promise<string> => {
      const from = screen.length;
      term.input(line + '\r');
      await run(sim, seconds);
      return screen.slice(from).replace(/\r\n/g, '\n');
    };
    await type('');
    expect(await type('dig +short mail128.com MX')).toContain('\n10 smtp128.mail128.com.\n');
    expect(await type('host www.mail128.com')).toContain('www.mail128.com is an alias for smtp128.mail128.com.\nsmtp128.mail128.com has address 192.168.0.1\n');
    expect(await type('nslookup smtp128.mail128.com')).toContain('Server:\t\t192.168.0.1\nAddress:\t192.168.0.1#53\n\nName:\tsmtp128.mail128.com\nAddress: 192.168.0.1\n');
    expect(await type('ping -c 1 smtp128.mail128.com')).toContain('PING smtp128.mail128.com (192.168.0.1) 56(84) bytes of data.\n64 bytes from 192.168.0.1 (192.168.0.1): icmp_seq=1 ttl=64');
    expect(await type('ping -c 1 nexistepas.mail128.com')).toContain('ping: nexistepas.mail128.com: Name or service not known\n');
    const rows = dissectCapture(sim.capture.frames.filter((f) => f.host === 'CLIENT').map((f) => ({ timeNs: BigInt(f.time), bytes: f.bytes, linktype: f.linktype })));
    const dns = rows.filter((r) => r.protocol === 'DNS').map((r) => r.info);
    expect(dns.some((i) => /^Standard query 0x[0-9a-f]{4} MX mail128\.com OPT$/.test(i))).toBe(true);
    expect(dns.some((i) => /^Standard query 0x[0-9a-f]{4} A smtp128\.mail128\.com$/.test(i))).toBe(true);
    expect(dns.some((i) => /^Standard query response 0x[0-9a-f]{4} No such name A nexistepas\.mail128\.com SOA ns128\.mail128\.com$/.test(i))).toBe(true);
  }, 60_000);
});
