// Walkthrough of scenarios/tp-smtp-routeur.yaml (seeds 000 and 001) at X=128: CLIENT's address
// from DHCP, ping through ROUTEUR (ttl=63), Postfix installed on SMTP, then the hand-typed SMTP
// dialogue from CLIENT: RCPT TO:<smtp@mail128.com> refused until `adduser smtp`, then the mail
// in /var/mail/smtp with the headers the seed shows. Normalized: queue ids and dates (they
// differ between real runs).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { complaints, requireTshark, summary, writeTemp } from '../support/tshark.ts';
import { evaluateSteps, loadScenario } from '../../src/sim/index.ts';
import { bootScenario, playScript, readHostFile } from '../support/lab-session.ts';

const FILE = 'scenarios/tp-smtp-routeur.yaml';

const boot = (params: Record<string, number> = {}, capture: string[] = []) => bootScenario(readFileSync(FILE, 'utf8'), FILE, { params, seed: 128, capture });
const play = playScript;
const read = (sim: Parameters<typeof readHostFile>[0], host: string, path: string): string => readHostFile(sim, host, path, '<ENOENT>');

describe('scenarios/tp-smtp-routeur.yaml', () => {
  it('CLIENT gets 172.20.128.1 by DHCP and reaches SMTP through ROUTEUR with ttl=63', async () => {
    const sim = await boot();
    const t = await play(sim, [
      '@CLIENT',
      'ip -4 addr show eth0',
      '@expect inet 172.20.128.1/24',
      'ip route',
      '@expect default via 172.20.128.3 dev eth0',
      'ping -c 2 192.168.0.28',
      '@expect 2 packets transmitted, 2 received, 0% packet loss',
      '@ROUTEUR',
      'cat /proc/sys/net/ipv4/ip_forward',
      '@expect 1',
    ]);
    expect(t).toMatch(/64 bytes from 192\.168\.0\.28: icmp_seq=1 ttl=63 time=\d+(\.\d+)? ms/);
    expect(read(sim, 'DHCP', '/var/log/syslog')).toMatch(/dhcpd\[\d+\]: DHCPACK on 172\.20\.128\.1 to [0-9a-f:]{17} \(client\) via eth0\n/);
  }, 60_000);

  it('arrives with Postfix, mailutils and the user smtp missing on SMTP; neighbours run Postfix', async () => {
    const sim = await boot();
    const t = await play(sim, [
      '@SMTP',
      'dpkg -l postfix mailutils',
      'id smtp',
      '@VOISIN1',
      'systemctl is-active postfix',
      '@expect active',
    ]);
    // The hosts speak French (locale: fr), as the lab machines did.
    expect(t).toContain('dpkg-query: aucun paquet ne correspond à postfix\ndpkg-query: aucun paquet ne correspond à mailutils\n');
    // French typography: no-break spaces inside the guillemets and before the colon.
    expect(t).toMatch(/id: «.smtp.».?: utilisateur inexistant\n/);
    expect(read(sim, 'SMTP', '/etc/postfix/main.cf')).toBe('<ENOENT>');
  }, 60_000);

  it('plays seed 000: the 550 before adduser smtp, then the mail in /var/mail/smtp', async () => {
    requireTshark();
    const sim = await boot({}, ['SMTP:eth0']);
    // The steps' checks: at boot only the network (set up by the scenario) is done.
    const done = () => evaluateSteps(sim, sim.scenario.steps).filter((r) => r.done).map((r) => r.id);
    expect(done()).toEqual(['reseau']);
    const t = await play(sim, [
      '@SMTP',
      // Students answer debconf's dialogs; the test preseeds the same answers.
      'echo "postfix postfix/main_mailer_type select Internet Site" | debconf-set-selections',
      'echo "postfix postfix/mailname string mail128.com" | debconf-set-selections',
      'echo "postfix postfix/destinations string mail128.com, localhost.localdomain, localhost" | debconf-set-selections',
      'echo "postfix postfix/mynetworks string 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128 192.168.0.0/24" | debconf-set-selections',
      'echo "postfix postfix/protocols select ipv4" | debconf-set-selections',
      'DEBIAN_FRONTEND=noninteractive apt-get install -y postfix mailutils',
      '@expect Paramétrage de postfix',
      'systemctl start postfix',
      'systemctl is-active postfix',
      '@expect active',
      '@CLIENT',
      'telnet 192.168.0.28 25',
      '@expect 220 ',
      'ehlo 192.168.0.28',
      '@expect 250 CHUNKING',
      'mail from:<client@mail128.com>',
      '@expect 250 2.1.0 Ok',
      'rcpt to:<smtp@mail128.com>',
      '@expect 550 5.1.1 <smtp@mail128.com>: Recipient address rejected: User unknown in local recipient table',
      'quit',
      '@expect 221 2.0.0 Bye',
      '@SMTP',
      // As the students did: adduser asks the password twice, then the GECOS fields.
      'adduser smtp',
      'smtp',
      'smtp',
      '',
      '',
      '',
      '',
      '',
      'o',
      'id smtp',
      '@expect uid=1001(smtp) gid=1001(smtp)',
      // A new session: this smtpd reads the user table when a session starts (see report).
      '@CLIENT',
      'telnet 192.168.0.28 25',
      '@expect 220 ',
      'ehlo 192.168.0.28',
      '@expect 250 CHUNKING',
      'mail from:<client@mail128.com>',
      '@expect 250 2.1.0 Ok',
      'rcpt to:<smtp@mail128.com>',
      '@expect 250 2.1.5 Ok',
      'data',
      '@expect 354 End data with <CR><LF>.<CR><LF>',
      'NOM1, NOM2, secret, 128',
      '.',
      '@expect 250 2.0.0 Ok: queued as',
      'quit',
      '@expect 221 2.0.0 Bye',
      '@wait 5',
    ]);
    expect(t).toContain('Connected to 192.168.0.28.');
    expect(t).toContain('Connection closed by foreign host.');
    const mbox = read(sim, 'SMTP', '/var/mail/smtp');
    expect(mbox).toMatch(/^From client@mail128\.com {2}\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\n/);
    expect(mbox).toContain('Return-Path: <client@mail128.com>\nX-Original-To: smtp@mail128.com\nDelivered-To: smtp@mail128.com\n');
    expect(mbox).toMatch(/Received: from 192\.168\.0\.28 \(unknown \[172\.20\.128\.1\]\)\n\tby \S+ \(Postfix\) with ESMTP id [0-9A-F]+\n\tfor <smtp@mail128\.com>; /);
    expect(mbox).toContain('\n\nNOM1, NOM2, secret, 128\n');
    const log = read(sim, 'SMTP', '/var/log/mail.log');
    expect(log).toMatch(/NOQUEUE: reject: RCPT from unknown\[172\.20\.128\.1\]: 550 5\.1\.1 <smtp@mail128\.com>: Recipient address rejected: User unknown in local recipient table;/);
    expect(log).toMatch(/to=<smtp@mail128\.com>, relay=local, .*status=sent \(delivered to mailbox\)/);

    // The seed's display filter on SMTP's capture: the student's two sessions, nothing else.
    const smtp = writeTemp('smtp.pcap', sim.exportPcap('SMTP:eth0'));
    expect(complaints(smtp)).toEqual([]);
    const mine = summary(smtp, 'smtp and ip.addr == 172.20.128.1');
    expect(mine.filter((l) => l.includes('S: 220 smtp ESMTP Postfix (Debian/GNU)')).length).toBe(2);
    expect(mine.filter((l) => l.includes('S: 550 5.1.1 <smtp@mail128.com>: Recipient address rejected: User unknown in local recipient table')).length).toBe(1);
    expect(mine.some((l) => l.includes('S: 250 2.0.0 Ok: queued as'))).toBe(true);
    expect(mine.every((l) => /172\.20\.128\.1|192\.168\.0\.28/.test(l))).toBe(true);
    // Meanwhile the other students' machines talk SMTP on the liaison bleue, a hub: SMTP's own
    // capture holds their sessions too, which is why the seed needed its filter.
    const everything = summary(smtp);
    expect(everything.some((l) => l.includes('C: EHLO smtp-voisin1'))).toBe(true);
    expect(everything.some((l) => l.includes('C: EHLO smtp-voisin2'))).toBe(true);
    // ...and DNS (VOISIN1 asks VOISIN2's BIND for its MX) and ARP.
    expect(everything.some((l) => /DNS \d+ Standard query 0x[0-9a-f]{4} MX mail130\.com/.test(l))).toBe(true);
    expect(everything.some((l) => /DNS \d+ Standard query response 0x[0-9a-f]{4} MX mail130\.com MX 10 smtp-voisin2\.mail130\.com/.test(l))).toBe(true);
    expect(everything.some((l) => / ARP \d+ Who has /.test(l))).toBe(true);
    expect(mine.some((l) => l.includes('smtp-voisin'))).toBe(false);
    expect(summary(smtp, 'smtp').length).toBeGreaterThan(mine.length);
    // Every step of the seed is done at the end of its walkthrough.
    expect(evaluateSteps(sim, sim.scenario.steps)).toEqual(sim.scenario.steps.map((s) => ({ id: s.id, done: true })));
  }, 120_000);

  it('follows X at its bounds (101: SMTP is 192.168.0.1; 199) and refuses values outside 101..199', async () => {
    for (const bad of [100, 200]) {
      const r = loadScenario(readFileSync(FILE, 'utf8'), FILE, { X: bad });
      expect(r.ok).toBe(false);
    }
    for (const [x, smtp] of [[101, '192.168.0.1'], [199, '192.168.0.99']] as const) {
      const sim = await boot({ X: x });
      const t = await play(sim, ['@CLIENT', 'ip -4 addr show eth0', `@expect inet 172.20.${x}.1/24`, `ping -c 1 ${smtp}`, '@expect 1 received']);
      expect(t).toContain(`64 bytes from ${smtp}: icmp_seq=1 ttl=63 `);
    }
  }, 60_000);
});
