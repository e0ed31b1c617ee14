// Walkthrough of scenarios/tp-services-reseaux.yaml (seed 004) at X=12: POSTE resolves
// smtp12/pop12/imap12.mail12.com and the MX through the DNS server 192.168.0.254, creates foo
// and bar, installs Postfix and sends foo's mail to bar by hand over SMTP, then reads it over
// POP3 after installing Dovecot, as the seed shows.
// Normalized: queue ids, dates and DNS query times (they differ between real runs).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootScenario, playScript, readHostFile } from '../support/lab-session.ts';
import { evaluateSteps } from '../../src/sim/index.ts';

const FILE = 'scenarios/tp-services-reseaux.yaml';

const boot = (params: Record<string, number> = {}) => bootScenario(readFileSync(FILE, 'utf8'), FILE, { params, seed: 4 });
const play = playScript;
const read = (sim: Parameters<typeof readHostFile>[0], host: string, path: string): string => readHostFile(sim, host, path, '<ENOENT>');

describe('scenarios/tp-services-reseaux.yaml', () => {
  it('resolves smtpX, popX, imapX and the MX of mailX.com through 192.168.0.254', async () => {
    const sim = await boot();
    const t = await play(sim, [
      '@POSTE',
      'cat /etc/resolv.conf',
      '@expect nameserver 192.168.0.254',
      'ip -4 addr show eth0',
      '@expect inet 192.168.0.12/24',
      'host smtp12.mail12.com',
      '@expect smtp12.mail12.com has address 192.168.0.12',
      'host pop12.mail12.com',
      '@expect pop12.mail12.com has address 192.168.0.12',
      'host imap12.mail12.com',
      '@expect imap12.mail12.com has address 192.168.0.12',
      'host -t mx mail12.com',
      '@expect mail12.com mail is handled by 10 smtp12.mail12.com.',
      'dig smtp12.mail12.com',
      '@expect SERVER: 192.168.0.254#53(192.168.0.254) (UDP)',
      'host nope12.mail12.com',
      '@expect Host nope12.mail12.com not found: 3(NXDOMAIN)',
    ]);
    expect(t).toMatch(/;; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n/);
    // The terminal expands dig's tabs.
    expect(t).toMatch(/;; ANSWER SECTION:\nsmtp12\.mail12\.com\. +604800 +IN +A +192\.168\.0\.12\n/);
    // The neighbours' zones are served too.
    const n = await play(sim, ['@POSTE', 'host -t mx mail13.com', '@expect mail13.com mail is handled by 10 smtp13.mail13.com.']);
    expect(n).toContain('mail13.com mail is handled by 10 smtp13.mail13.com.\n');
  }, 60_000);

  it('at the bounds of X the zone follows the param', async () => {
    const sim = await boot({ X: 35 });
    await play(sim, ['@POSTE', 'host -t mx mail35.com', '@expect mail35.com mail is handled by 10 smtp35.mail35.com.', 'host imap35.mail35.com', '@expect imap35.mail35.com has address 192.168.0.35']);
  }, 60_000);

  it('plays the SMTP and POP parts: foo and bar created, Postfix installed, foo writes to bar by hand, bar reads it over POP3', async () => {
    const sim = await bootScenario(readFileSync(FILE, 'utf8'), FILE, { seed: 4, capture: ['POSTE:lo'] });
    // The steps' checks: at boot only the name resolution (set up by the scenario) is done.
    const done = () => evaluateSteps(sim, sim.scenario.steps).filter((r) => r.done).map((r) => r.id);
    expect(done()).toEqual(['resolution']);
    const t = await play(sim, [
      '@POSTE',
      'id foo',
      'adduser --disabled-password --gecos "" foo',
      'adduser --disabled-password --gecos "" bar',
      'echo "postfix postfix/main_mailer_type select Internet Site" | debconf-set-selections',
      'echo "postfix postfix/mailname string mail12.com" | debconf-set-selections',
      'echo "postfix postfix/destinations string mail12.com, localhost.localdomain, localhost" | debconf-set-selections',
      'echo "postfix postfix/mynetworks string 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128 192.168.0.0/24" | debconf-set-selections',
      'echo "postfix postfix/protocols select ipv4" | debconf-set-selections',
      'DEBIAN_FRONTEND=noninteractive apt-get install -y postfix mailutils',
      'systemctl start postfix',
      'nc 192.168.0.12 smtp',
      '@expect ESMTP Postfix (Debian/GNU)',
      'ehlo 192.168.0.12',
      '@expect 250-PIPELINING',
      '@expect 250 CHUNKING',
      'mail from: foo@mail12.com',
      '@expect 250 2.1.0 Ok',
      'rcpt to: bar@mail12.com',
      '@expect 250 2.1.5 Ok',
      'data',
      '@expect 354 End data with <CR><LF>.<CR><LF>',
      'Je suis ton père',
      '.',
      '@expect 250 2.0.0 Ok: queued as',
      'quit',
      '@expect 221 2.0.0 Bye',
      // netcat-openbsd keeps running after the server closes, until its input ends (recorded).
      '^D',
      '@wait 5',
      // POP: Dovecot, the TP's trusted network, and bar reads foo's mail by hand.
      'echo "bar:bar" | chpasswd',
      'DEBIAN_FRONTEND=noninteractive apt-get install -y dovecot-pop3d dovecot-imapd',
      'echo "login_trusted_networks = 192.168.0.0/24" >> /etc/dovecot/dovecot.conf',
      'systemctl restart dovecot',
      'nc 127.0.0.1 pop3',
      '@expect +OK Dovecot (Debian) ready.',
      'user bar',
      '@expect +OK',
      'pass bar',
      '@expect +OK Logged in.',
      'list',
      '@expect +OK 1 messages:',
      'retr 1',
      '@expect Je suis ton père',
      'quit',
      '@expect +OK Logging out.',
      '^D',
    ]);
    expect(t).toMatch(/id: «.foo.».?: utilisateur inexistant\n/);
    expect(t).toMatch(/retr 1\n\+OK \d+ octets\nReturn-Path: <foo@mail12\.com>\n/);
    const mbox = read(sim, 'POSTE', '/var/mail/bar');
    expect(mbox).toMatch(/^From foo@mail12\.com {2}\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\n/);
    expect(mbox).toContain('Return-Path: <foo@mail12.com>\nX-Original-To: bar@mail12.com\nDelivered-To: bar@mail12.com\n');
    expect(mbox).toContain('\n\nJe suis ton père\n');
    expect(evaluateSteps(sim, sim.scenario.steps)).toEqual(sim.scenario.steps.map((s) => ({ id: s.id, done: true })));
  }, 120_000);
});
