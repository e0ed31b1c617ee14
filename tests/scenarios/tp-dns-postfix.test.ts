// Walkthrough of seed 002 (TP DNS et Postfix) through `netsim run`: routing turned on by the
// student on S54, ping with ttl=63 through it, dig answered by stp.iut, then Postfix installed on
// S54 as a student would (debconf preseed + apt-get) and mail exchanged with S53 both ways.
// Normalized: timestamps, queue IDs and pids in log lines (they differ between real runs).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { complaints, requireTshark, summary } from '../support/tshark.ts';
import { readFileSync } from 'node:fs';
import { evaluateSteps } from '../../src/sim/index.ts';
import { bootScenario, playScript } from '../support/lab-session.ts';

const dir = mkdtempSync(join(tmpdir(), 'tp-dns-postfix-'));

function run(name: string, lines: string[], params: string[] = []): { status: number; stdout: string; stderr: string } {
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  const r = spawnSync('node', ['src/cli/netsim.mjs', 'run', 'scenarios/tp-dns-postfix.yaml', '--script', file, ...params], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The transcript without the terminal's 80-column wrapping. */
function unwrapped(text: string): string {
  return text.replace(/(.{80})\n/g, '$1');
}

describe('scenarios/tp-dns-postfix.yaml (seed 002)', () => {
  it('passes netsim check for the default group and another one', () => {
    for (const args of [[], ['--param', 'N=12']]) {
      const r = spawnSync('node', ['src/cli/netsim.mjs', 'check', 'scenarios/tp-dns-postfix.yaml', ...args], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('OK');
    }
  });

  it('refuses group 53 (the neighbour) and groups outside 1..252 with the reasons', () => {
    const same = spawnSync('node', ['src/cli/netsim.mjs', 'check', 'scenarios/tp-dns-postfix.yaml', '--param', 'N=53'], { encoding: 'utf8' });
    expect(same.status).toBe(1);
    expect(same.stderr).toContain("hosts[4].name: duplicate host name 'S53' (first in hosts[2])");
    const big = spawnSync('node', ['src/cli/netsim.mjs', 'check', 'scenarios/tp-dns-postfix.yaml', '--param', 'N=300'], { encoding: 'utf8' });
    expect(big.status).toBe(1);
    expect(big.stderr).toContain('params.N: value 300 given for N is outside 1..252');
  });

  it('routes through S54 once the student turns forwarding on, and stp.iut answers dig', () => {
    const r = run('dns.txt', [
      '@D54',
      'ping -c 3 10.54.1.1',
      '@expect 3 packets transmitted, 3 received, 0% packet loss',
      // Routing is off until the student enables it, as in the seed.
      'ping -c 1 -W 1 10.254.0.254',
      '@expect 1 packets transmitted, 0 received, 100% packet loss',
      '@S54',
      'echo 1 > /proc/sys/net/ipv4/ip_forward',
      '@D54',
      'ping -c 3 10.254.0.254',
      '@expect 3 packets transmitted, 3 received, 0% packet loss',
      'echo nameserver 10.254.0.254 > /etc/resolv.conf',
      'dig s54.tp541.iut',
      '@expect status: NOERROR',
      'dig tp531.iut MX',
      '@expect SERVER: 10.254.0.254#53(10.254.0.254)',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/64 bytes from 10\.54\.1\.1: icmp_seq=1 ttl=64 time=/);
    expect(out).toMatch(/64 bytes from 10\.254\.0\.254: icmp_seq=1 ttl=63 time=/);
    expect(out).toMatch(/;; flags: qr aa rd ra; QUERY: 1, ANSWER: 2,/);
    expect(out).toMatch(/s54\.tp541\.iut\.\s+86400\s+IN\s+A\s+10\.254\.54\.1\n/);
    expect(out).toMatch(/s54\.tp541\.iut\.\s+86400\s+IN\s+A\s+10\.54\.1\.1\n/);
    expect(out).toMatch(/tp531\.iut\.\s+86400\s+IN\s+MX\s+0 smtp\.tp531\.iut\.\n/);
  });

  it('lets the group install Postfix on S54 and exchange mail with S53 both ways', () => {
    requireTshark();
    const pcap = join(dir, 's54.pcap');
    const r = run('mail.txt', [
      '@S54',
      'echo 1 > /proc/sys/net/ipv4/ip_forward',
      'echo nameserver 10.254.0.254 > /etc/resolv.conf',
      "printf 'postfix postfix/main_mailer_type select Internet Site\\npostfix postfix/mailname string tp541.iut\\npostfix postfix/mynetworks string 127.0.0.0/8 10.254.0.0/16 10.54.1.0/24 10.54.2.0/24\\n' | debconf-set-selections",
      'DEBIAN_FRONTEND=noninteractive apt-get install -y postfix mailutils',
      'useradd -m etudiant',
      'postconf mydestination mynetworks',
      '@expect mydestination = $myhostname, tp541.iut, s54, localhost.localdomain, localhost',
      "echo 'Bonjour voisin' | mail -s Test54 etudiant@tp531.iut",
      '@wait 5',
      'grep status= /var/log/mail.log',
      '@S53',
      'cat /var/mail/etudiant',
      '@expect Bonjour voisin',
      "echo 'Bonjour 54' | mail -s Retour etudiant@tp541.iut",
      '@wait 5',
      '@S54',
      'cat /var/mail/etudiant',
      '@expect Bonjour 54',
    ], ['--pcap', pcap, '--capture', 'S54:eth0']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = unwrapped(r.stdout);
    expect(out).toMatch(/ s54 postfix\/smtp\[\d+\]: [0-9A-F]+: to=<etudiant@tp531\.iut>, relay=smtp\.tp531\.iut\[10\.254\.53\.1\]:25, delay=[\d.]+, delays=[\d./]+, dsn=2\.0\.0, status=sent \(250 2\.0\.0 Ok: queued as [0-9A-F]+\)/);
    expect(out).toMatch(/Received: from s54 \(unknown \[10\.254\.54\.1\]\)\n\s+by s53 \(Postfix\) with ESMTP id [0-9A-F]+\n\s+for <etudiant@tp531\.iut>;/);
    expect(out).toContain('Subject: Test54\n');
    expect(out).toMatch(/Received: from s53 \(unknown \[10\.254\.53\.1\]\)\n\s+by s54 \(Postfix\) with ESMTP id [0-9A-F]+\n\s+for <etudiant@tp541\.iut>;/);
    expect(out).toContain('Subject: Retour\n');
    // As in the seed's capture: S54 asks stp.iut for the MX of tp531.iut, then speaks SMTP to S53.
    expect(complaints(pcap)).toEqual([]);
    const mx = summary(pcap, 'dns.qry.type == 15 && ip.src == 10.254.54.1');
    expect(mx.some((l) => /10\.254\.54\.1 → 10\.254\.0\.254 DNS \d+ Standard query 0x[0-9a-f]+ MX tp531\.iut/.test(l))).toBe(true);
    const answers = summary(pcap, 'dns.flags.response == 1 && dns.qry.type == 15');
    expect(answers.some((l) => /MX tp531\.iut MX 0 smtp\.tp531\.iut/.test(l))).toBe(true);
    expect(summary(pcap, 'smtp.req.command == "EHLO" && ip.dst == 10.254.53.1').length).toBeGreaterThan(0);
  });

  it("serves the group's own zones from S54's bind9 and relays to smtp.etudiant531.iut (second part)", () => {
    const r = run('own-dns.txt', [
      '@S54',
      'echo 1 > /proc/sys/net/ipv4/ip_forward',
      'echo nameserver 10.254.0.254 > /etc/resolv.conf',
      "printf 'postfix postfix/main_mailer_type select Internet Site\\npostfix postfix/mailname string etudiant541.iut\\npostfix postfix/mynetworks string 10.254.0.0/16 10.54.1.0/24 10.54.2.0/24\\n' | debconf-set-selections",
      'DEBIAN_FRONTEND=noninteractive apt-get install -y bind9 postfix mailutils > /dev/null',
      'mkdir /etc/bind/meszones',
      "cat > /etc/bind/meszones/db.etudiant541.iut <<'EOF'",
      '$ORIGIN etudiant541.iut.',
      '$TTL    604800',
      '@   IN  SOA etudiant541.iut. etudiant541.iut. ( 2 604800 86400 2419200 604800 )',
      '@   IN  NS  S54.etudiant541.iut.',
      'S54 IN  A   10.254.54.1',
      'G54 IN  A   10.54.1.3',
      'D54 IN  A   10.54.2.2',
      'smtp    IN      A       10.254.54.1',
      '@   IN  MX  10  smtp.etudiant541.iut.',
      'EOF',
      "cat > /etc/bind/meszones/db.etudiant531.iut <<'EOF'",
      '$ORIGIN etudiant531.iut.',
      '$TTL    604800',
      '@   IN  SOA etudiant541.iut. etudiant541.iut. ( 2 604800 86400 2419200 604800 )',
      '@   IN  NS  S54.etudiant541.iut.',
      'S54 IN  A   10.254.54.1',
      'smtp    IN      A       10.254.53.1',
      '@   IN  MX  10  smtp.etudiant531.iut.',
      'EOF',
      "printf 'zone \"etudiant541.iut\" {\\n    type master;\\n    file \"/etc/bind/meszones/db.etudiant541.iut\";\\n};\\n\\nzone \"etudiant531.iut\" {\\n    type master;\\n    file \"/etc/bind/meszones/db.etudiant531.iut\";\\n};\\n' >> /etc/bind/named.conf.local",
      'named-checkzone etudiant541.iut /etc/bind/meszones/db.etudiant541.iut',
      '@expect zone etudiant541.iut/IN: loaded serial 2',
      'named-checkzone etudiant531.iut /etc/bind/meszones/db.etudiant531.iut',
      '@expect zone etudiant531.iut/IN: loaded serial 2',
      'systemctl restart named',
      '@D54',
      'echo nameserver 10.54.2.1 > /etc/resolv.conf',
      'dig smtp.etudiant541.iut',
      '@expect SERVER: 10.54.2.1#53(10.54.2.1)',
      'dig smtp.etudiant531.iut',
      '@S54',
      'echo nameserver 127.0.0.1 > /etc/resolv.conf',
      'postconf -e myhostname=etudiant541.iut',
      'systemctl reload postfix',
      'echo QERTY | mail -s Test etudiant@etudiant531.iut',
      '@wait 5',
      'grep status= /var/log/mail.log',
      '@S53',
      'cat /var/mail/etudiant',
      '@expect QERTY',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = unwrapped(r.stdout);
    expect(out).toMatch(/smtp\.etudiant541\.iut\.\s+604800\s+IN\s+A\s+10\.254\.54\.1\n/);
    expect(out).toMatch(/smtp\.etudiant531\.iut\.\s+604800\s+IN\s+A\s+10\.254\.53\.1\n/);
    expect(out).toMatch(/ s54 postfix\/smtp\[\d+\]: [0-9A-F]+: to=<etudiant@etudiant531\.iut>, relay=smtp\.etudiant531\.iut\[10\.254\.53\.1\]:25, delay=[\d.]+, delays=[\d./]+, dsn=2\.0\.0, status=sent \(250 2\.0\.0 Ok: queued as [0-9A-F]+\)/);
    expect(out).toMatch(/Message-Id: <\d{14}\.[0-9A-F]+@etudiant541\.iut>\n/);
  });

  it('sets the group\'s addresses with init_machine.sh at boot, as the seed says', async () => {
    const sim = await bootScenario(readFileSync('scenarios/tp-dns-postfix.yaml', 'utf8'), 'tp-dns-postfix.yaml');
    const t = await playScript(sim, [
      '@D54',
      'cat /root/init_machine.sh',
      '@expect ip addr add 10.54.2.2/24 dev eth0',
      'ip -4 addr show eth0; ip route',
      '@expect inet 10.54.2.2/24',
      '@expect default via 10.54.2.1 dev eth0',
      '@S54',
      'ip -br -4 addr',
      '@expect 10.254.54.1/16',
      '@expect 10.54.1.1/24',
      '@expect 10.54.2.1/24',
    ]);
    expect(t).toContain('ip route add default via 10.54.2.1');
  });

  it("checks the steps: none done at boot, every one after the seed's walkthrough", async () => {
    const sim = await bootScenario(readFileSync('scenarios/tp-dns-postfix.yaml', 'utf8'), 'tp-dns-postfix.yaml', { capture: ['S54:eth0'] });
    const steps = sim.scenario.steps;
    expect(evaluateSteps(sim, steps).filter((r) => r.done)).toEqual([]);
    await playScript(sim, [
      '@S54',
      'echo 1 > /proc/sys/net/ipv4/ip_forward',
      '@D54',
      'echo nameserver 10.254.0.254 > /etc/resolv.conf',
      'dig tp531.iut MX',
      '@S54',
      'echo nameserver 10.254.0.254 > /etc/resolv.conf',
      "printf 'postfix postfix/main_mailer_type select Internet Site\\npostfix postfix/mailname string tp541.iut\\npostfix postfix/mynetworks string 127.0.0.0/8 10.254.0.0/16 10.54.1.0/24 10.54.2.0/24\\n' | debconf-set-selections",
      'DEBIAN_FRONTEND=noninteractive apt-get install -y postfix mailutils bind9 > /dev/null',
      'useradd -m etudiant',
      'echo "root: etudiant" >> /etc/aliases',
      'newaliases',
      'echo Bonjour | mail -s Test root',
      "echo 'Bonjour voisin' | mail -s Test54 etudiant@tp531.iut",
      '@wait 5',
      '@S53',
      "echo 'Bonjour 54' | mail -s Retour etudiant@tp541.iut",
      '@wait 5',
      '@S54',
      'mkdir /etc/bind/meszones',
      "cat > /etc/bind/meszones/db.etudiant541.iut <<'EOF'",
      '$TTL    604800',
      '@   IN  SOA etudiant541.iut. etudiant541.iut. ( 2 604800 86400 2419200 604800 )',
      '@   IN  NS  S54.etudiant541.iut.',
      'S54 IN  A   10.254.54.1',
      'smtp    IN      A       10.254.54.1',
      '@   IN  MX  10  smtp.etudiant541.iut.',
      'EOF',
      "printf 'zone \"etudiant541.iut\" {\\n    type master;\\n    file \"/etc/bind/meszones/db.etudiant541.iut\";\\n};\\n' >> /etc/bind/named.conf.local",
      'systemctl restart named',
    ]);
    expect(evaluateSteps(sim, steps)).toEqual(steps.map((s) => ({ id: s.id, done: true })));
    // Checks follow the live state: a stopped named no longer serves the zone.
    await playScript(sim, ['@S54', 'systemctl stop named']);
    expect(evaluateSteps(sim, steps).find((r) => r.id === 'zone-etudiant')).toEqual({ id: 'zone-etudiant', done: false, detail: 'named is not running on S54' });
  }, 120_000);
});
