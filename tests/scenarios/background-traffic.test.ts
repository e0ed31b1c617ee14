// Shared links (`networks[].kind: hub`) and background traffic (`traffic:`), issue #8: on the
// liaison bleue of tp-smtp-routeur every station sees the neighbours' SMTP sessions, pings and
// ARP, so the seed's display filter is what isolates the student's session; the hosts never
// answer frames meant for others; the same seed gives the same capture, byte for byte.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { complaints, requireTshark, summary, writeTemp } from '../support/tshark.ts';
import { loadScenario } from '../../src/sim/index.ts';
import { bootScenario, playScript, readHostFile } from '../support/lab-session.ts';

const SMTP_ROUTEUR = 'scenarios/tp-smtp-routeur.yaml';

/** Three hosts on one network of kind `kind`: A pings B, C only listens. */
function threeHosts(kind: 'hub' | 'switch'): string {
  return [
    'name: shared link',
    'networks:',
    `  - { name: bleue, kind: ${kind} }`,
    'hosts:',
    '  - { name: A, interfaces: [ { name: eth0, network: bleue, address: 192.168.0.1/24 } ] }',
    '  - { name: B, interfaces: [ { name: eth0, network: bleue, address: 192.168.0.2/24 } ] }',
    // C routes (ip_forward = 1): a router must not forward what its NIC filter dropped either.
    '  - { name: C, forwarding: true, interfaces: [ { name: eth0, network: bleue, address: 192.168.0.3/24 } ] }',
    '',
  ].join('\n');
}

describe('a hub network', () => {
  it('shows a third host every frame of a ping it is not part of; it answers none of them and the ping gets exactly one reply each', async () => {
    const sim = await bootScenario(threeHosts('hub'), 'hub.yaml', { capture: ['C:eth0'] });
    const t = await playScript(sim, ['@A', 'ping -c 3 192.168.0.2', '@expect 3 packets transmitted, 3 received, 0% packet loss']);
    expect(t).not.toContain('DUP!');
    expect(t.match(/64 bytes from 192\.168\.0\.2: icmp_seq=\d ttl=64/g)?.length).toBe(3);
    const heard = sim.capture.frames.filter((f) => f.host === 'C');
    // ARP request and reply, three echo requests and three replies: all seen on C's NIC...
    expect(heard.length).toBe(8);
    // ...none sent by C, and only the broadcast counted as C's own.
    const c = sim.host('C').stack.interfaces.get('eth0')!;
    expect(c.stats.txPackets).toBe(0);
    expect(c.stats.rxPackets).toBe(1);
  }, 60_000);

  it('differs from a switch, where the third host sees only the broadcast ARP request', async () => {
    const sim = await bootScenario(threeHosts('switch'), 'switch.yaml', { capture: ['C:eth0'] });
    await playScript(sim, ['@A', 'ping -c 3 192.168.0.2', '@expect 3 received']);
    expect(sim.capture.frames.filter((f) => f.host === 'C').length).toBe(1);
  }, 60_000);
});

describe('background traffic on the liaison bleue of tp-smtp-routeur', () => {
  it("puts the neighbours' SMTP, ICMP and ARP in the student's capture; the seed's filter keeps only the student's session", async () => {
    requireTshark();
    const sim = await bootScenario(readFileSync(SMTP_ROUTEUR, 'utf8'), SMTP_ROUTEUR, { params: { X: 128 }, seed: 128, capture: ['SMTP:eth0'] });
    // The student's own session, while the neighbours work: an SMTP server answered by hand.
    await playScript(sim, [
      '@SMTP',
      'nc -l -p 25 > /tmp/heard &',
      '@CLIENT',
      '@wait 1',
      'echo "EHLO client" | nc -q 1 192.168.0.28 25',
      '@wait 90',
    ]);
    expect(sim.traffic.runCounts().every((n) => n > 0)).toBe(true);
    const file = writeTemp('smtp-bleue.pcap', sim.exportPcap('SMTP:eth0'));
    expect(complaints(file)).toEqual([]);
    const all = summary(file);
    // 192.168.0.29 and .30 are VOISIN1 and VOISIN2: SMTP both ways, pings, ARP.
    expect(all.some((l) => /192\.168\.0\.29 → 192\.168\.0\.30 +SMTP \d+ C: EHLO smtp-voisin1$/.test(l))).toBe(true);
    expect(all.some((l) => /192\.168\.0\.30 → 192\.168\.0\.29 +SMTP \d+ C: EHLO smtp-voisin2$/.test(l))).toBe(true);
    expect(all.some((l) => /192\.168\.0\.30 → 192\.168\.0\.29 +ICMP .*Echo \(ping\) request/.test(l))).toBe(true);
    expect(all.some((l) => /ARP .*Who has 192\.168\.0\.(29|30)\? Tell 192\.168\.0\.(29|30)/.test(l))).toBe(true);
    const mine = summary(file, 'smtp and ip.addr == 172.20.128.1');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((l) => l.includes('172.20.128.1') && l.includes('192.168.0.28'))).toBe(true);
    expect(mine.some((l) => l.includes('C: EHLO client'))).toBe(true);
    expect(all.length).toBeGreaterThan(3 * mine.length);
  }, 120_000);

  it('gives byte-identical captures for the same seed, and other runs for another seed', async () => {
    const text = readFileSync(SMTP_ROUTEUR, 'utf8');
    const capture = async (seed: number): Promise<Uint8Array> => {
      const sim = await bootScenario(text, SMTP_ROUTEUR, { seed, capture: ['VOISIN1:eth0', 'SMTP:eth0'] });
      await playScript(sim, ['@SMTP', '@wait 100']);
      return sim.exportPcapng();
    };
    const [a, b, c] = [await capture(7), await capture(7), await capture(8)];
    expect(a.length).toBeGreaterThan(10_000);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  }, 120_000);
});

describe('background traffic on the réseau jaune of tp-services-reseaux', () => {
  it("carries the neighbours' DNS queries, mail relayed by their Postfix after an MX lookup, and pings, all seen from POSTE", async () => {
    requireTshark();
    const file = 'scenarios/tp-services-reseaux.yaml';
    const sim = await bootScenario(readFileSync(file, 'utf8'), file, { params: { X: 12 }, seed: 4, capture: ['POSTE:eth0'] });
    await playScript(sim, ['@POSTE', '@wait 90']);
    // The mail really went through: poste13 -> MX of mail14.com -> poste14's /var/mail/foo.
    expect(readHostFile(sim, 'VOISIN2', '/var/mail/foo')).toMatch(/^From root@\S+ {2}[^\n]*\n[^]*\nSubject: bonjour\n/);
    expect(readHostFile(sim, 'VOISIN1', '/var/mail/bar')).toContain('Subject: coucou');
    const pcap = writeTemp('jaune.pcap', sim.exportPcap('POSTE:eth0'));
    expect(complaints(pcap)).toEqual([]);
    const all = summary(pcap);
    expect(all.some((l) => /192\.168\.0\.14 → 192\.168\.0\.254 +DNS .*Standard query 0x[0-9a-f]+ MX mail14\.com/.test(l))).toBe(true);
    expect(all.some((l) => /192\.168\.0\.13 → 192\.168\.0\.14 +SMTP \d+ C: EHLO poste13/.test(l))).toBe(true);
    expect(all.some((l) => /192\.168\.0\.13 → 192\.168\.0\.14 +ICMP .*Echo \(ping\) request/.test(l))).toBe(true);
    // None of it is POSTE's: its own traffic is empty while the student does nothing.
    expect(summary(pcap, 'ip.addr == 192.168.0.12')).toEqual([]);
  }, 120_000);
});

describe('netsim check of the scenarios with shared links and traffic', () => {
  it('passes for tp-smtp-routeur and tp-services-reseaux at their bounds', () => {
    for (const [file, x] of [[SMTP_ROUTEUR, 101], [SMTP_ROUTEUR, 199], ['scenarios/tp-services-reseaux.yaml', 1], ['scenarios/tp-services-reseaux.yaml', 35]] as const) {
      const r = spawnSync('node', ['src/cli/netsim.mjs', 'check', file, '--param', `X=${x}`], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('OK');
    }
  });

  it('loads the hub kind and the generators, templated', () => {
    const r = loadScenario(readFileSync(SMTP_ROUTEUR, 'utf8'), SMTP_ROUTEUR, { X: 150 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.networks.map((n) => [n.name, n.kind])).toEqual([['lan', 'switch'], ['bleue', 'hub']]);
    expect(r.scenario.traffic.map((g) => [g.host, g.every, g.jitter, g.start])).toEqual([
      ['VOISIN1', 15, 4, 5],
      ['VOISIN2', 23, 5, 12],
      ['VOISIN2', 40, 10, 20],
      ['VOISIN1', 30, 8, 8],
      ['VOISIN1', 60, 15, 45],
    ]);
    expect(r.scenario.traffic[3].run).toBe('dig @192.168.0.52 mail152.com MX >/dev/null 2>&1');
    expect(r.scenario.traffic[0].run).toContain('nc -q 2 192.168.0.52 25');
  });
});
