// Mail between two Postfix hosts: vm (mail128.com) looks up the MX of etudiant531.iut, connects
// to port 25 of the other server across the link, and both log what Debian's Postfix logs
// (relay=smtp.etudiant531.iut[192.168.0.2]:25 ... status=sent (250 2.0.0 Ok: queued as ID)).
// A remote refusal comes back as a bounce quoting the server's reply. Also mail(1)'s path:
// sendmail -t through postdrop and pickup (../shared/fidelity/mailutils/mail.log_sending.txt).
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/sim/index.ts';
import { bootLab, fidelity, labScenario, mailLog, normalize, readFile, replaySmtp, runFor, runProgram, sessionLines, startFakeDns } from './postfix-lab.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

const SECOND_SERVER = `  - name: SMTP2
    hostname: smtp
    interfaces:
      - { name: eth0, network: lan, address: "192.168.0.2/24" }
    packages: [postfix]
    debconf:
      postfix/main_mailer_type: Internet Site
      postfix/mailname: etudiant531.iut
    services: [postfix]
    users:
      - { name: etudiant, password: etudiant }
`;

const ZONE = {
  mx: { 'etudiant531.iut': [[10, 'smtp.etudiant531.iut']] as [number, string][] },
  a: { 'smtp.etudiant531.iut': '192.168.0.2' },
  authoritative: ['etudiant531.iut', 'mail128.com', 'in-addr.arpa'],
};

function message(to: string, subject: string): string {
  return [
    'S: 220', 'C: ehlo localhost', ...Array(11).fill('S: 250'), 'C: mail from:<toto@mail128.com>', 'S: 250', `C: rcpt to:<${to}>`, 'S: 250', 'C: data', 'S: 354',
    'C: From: toto@mail128.com', `C: To: ${to}`, `C: Subject: ${subject}`, 'C: ', 'C: Bonjour.', 'C: .', 'S: 250', 'C: quit', 'S: 221',
  ].join('\n');
}

async function sendAs(sim: Simulation, user: { uid: number; gid: number }, argv: string[], input: string, stdout?: { text: string }): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await runProgram(sim, 'VM', async (proc) => {
    let fed = false;
    const stdin = { tty: null, read: async () => (fed ? null : ((fed = true), enc.encode(input))) };
    const stderr = { tty: null, write: (d: Uint8Array | string) => (err += typeof d === 'string' ? d : dec.decode(d)), close() {} };
    const out = { tty: null, write: (d: Uint8Array | string) => stdout !== undefined && (stdout.text += typeof d === 'string' ? d : dec.decode(d)), close() {} };
    const child = proc.spawn(argv, { stdin, stdout: out, stderr, cred: { uid: user.uid, gid: user.gid, groups: [user.gid] } });
    if ('error' in child) return 127;
    return child.wait();
  });
  return { code, err };
}

describe('postfix between two hosts', () => {
  it('delivers through the MX of the domain, logged on both sides', async () => {
    const sim = await bootLab(labScenario(SECOND_SERVER));
    startFakeDns(sim, 'VM', ZONE);
    await replaySmtp(sim, 'VM', '127.0.0.1', sessionLines(message('etudiant@etudiant531.iut', 'vers le voisin')));
    await runFor(sim, 5);
    const sent = mailLog(sim, 'VM').find((l) => l.includes('status=sent'));
    expect(normalize(sent ?? '')).toBe(
      'postfix/smtp[PID]: QID: to=<etudiant@etudiant531.iut>, relay=smtp.etudiant531.iut[192.168.0.2]:25, delay=D, delays=D, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as QID)',
    );
    const remote = mailLog(sim, 'SMTP2').map(normalize);
    // smtp_tls_security_level = may: STARTTLS is tried, refused (no TLS in the simulation), plaintext goes on.
    expect(remote).toContain('postfix/smtpd[PID]: connect from unknown[192.168.0.1]');
    expect(remote).toContain('postfix/smtpd[PID]: disconnect from unknown[192.168.0.1] ehlo=1 starttls=0/1 mail=1 rcpt=1 data=1 quit=1 commands=5/6');
    expect(remote.some((l) => /postfix\/local\[PID\]: QID: to=<etudiant@etudiant531.iut>, relay=local, .*status=sent \(delivered to mailbox\)/.test(l))).toBe(true);
    const mbox = readFile(sim, 'SMTP2', '/var/mail/etudiant');
    expect(mbox).toMatch(/^From toto@mail128.com {2}\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d 2026\nReturn-Path: <toto@mail128.com>\nX-Original-To: etudiant@etudiant531.iut\n/);
    expect(mbox).toContain('Received: from vm (unknown [192.168.0.1])\n\tby smtp (Postfix) with ESMTP id ');
    expect(mbox).toContain('Received: from localhost (localhost [127.0.0.1])\n\tby vm (Postfix) with ESMTP id ');
    expect(mbox.endsWith('\n\nBonjour.\n\n')).toBe(true);
  });

  it('bounces what the remote server refuses, quoting its reply', async () => {
    const sim = await bootLab(labScenario(SECOND_SERVER));
    startFakeDns(sim, 'VM', ZONE);
    await replaySmtp(sim, 'VM', '127.0.0.1', sessionLines(message('personne@etudiant531.iut', 'inconnu')));
    await runFor(sim, 5);
    const log = mailLog(sim, 'VM').map(normalize);
    expect(log).toContain(
      'postfix/smtp[PID]: QID: to=<personne@etudiant531.iut>, relay=smtp.etudiant531.iut[192.168.0.2]:25, delay=D, delays=D, dsn=5.1.1, status=bounced (host smtp.etudiant531.iut[192.168.0.2] said: 550 5.1.1 <personne@etudiant531.iut>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command))',
    );
    const bounce = readFile(sim, 'VM', '/var/mail/toto');
    expect(bounce).toContain('Remote-MTA: dns; smtp.etudiant531.iut[192.168.0.2]\nDiagnostic-Code: smtp; 550 5.1.1 <personne@etudiant531.iut>: Recipient address\n    rejected: User unknown in local recipient table\n');
  });

  it('takes mail from sendmail -t through pickup, as mail(1) sends it', async () => {
    const sim = await bootLab();
    const toto = { uid: 1001, gid: 1001 };
    const input = 'Subject: Test\nTo: etudiant\nUser-Agent: mail (GNU Mailutils 3.15)\nDate: Sun, 22 Nov 2026 03:46:12 +0000\n\nBonjour etudiant,\nceci est un test envoye avec mail.\n';
    const r = await sendAs(sim, toto, ['/usr/sbin/sendmail', '-oi', '-t', '-f', 'toto@vm'], input);
    expect(r).toEqual({ code: 0, err: '' });
    await runFor(sim, 2);
    const recorded = fidelity('mailutils/mail.log_sending.txt')
      .split('\n')
      .slice(0, 5)
      // toto is uid 1002 on the recording machine, 1001 here (one account fewer before it).
      .map((l) => normalize(l.slice(l.indexOf('postfix/')).replace('uid=1002', 'uid=1001')));
    expect(mailLog(sim).map(normalize).filter((l) => !l.includes('daemon started'))).toEqual(recorded);
    const mbox = fidelity('mailutils/var_mail_etudiant_before_reading.mbox');
    const first = mbox.slice(mbox.indexOf('From toto@vm '), mbox.indexOf('From toto@vm ', mbox.indexOf('From toto@vm ') + 1));
    expect(normalize(readFile(sim, 'VM', '/var/mail/etudiant'))).toBe(normalize(first.replace('from userid 1002', 'from userid 1001')));
  });

  it('bounces mail(1) sent to an unknown local user, with the recorded report', async () => {
    const sim = await bootLab();
    const input = 'Subject: Test\nTo: inconnu\nUser-Agent: mail (GNU Mailutils 3.15)\nDate: Sun, 22 Nov 2026 03:46:22 +0000\n\nPour un utilisateur inexistant\n';
    expect((await sendAs(sim, { uid: 1001, gid: 1001 }, ['/usr/sbin/sendmail', '-oi', '-t', '-f', 'toto@vm'], input)).code).toBe(0);
    await runFor(sim, 2);
    const recorded = fidelity('mailutils/mail.log_sending.txt')
      .split('\n')
      .slice(15, 25)
      .map((l) => normalize(l.slice(l.indexOf('postfix/')).replace('uid=1002', 'uid=1001')));
    expect(mailLog(sim).map(normalize).filter((l) => !l.includes('daemon started'))).toEqual(recorded);
    const want = fidelity('mailutils/var_mail_toto_bounce_unknown_user.mbox').replace('from userid 1002', 'from userid 1001');
    expect(normalize(readFile(sim, 'VM', '/var/mail/toto'))).toBe(normalize(want));
  });

  it('answers sendmail errors as Postfix, and mailq while the system is down', async () => {
    const sim = await bootLab();
    const toto = { uid: 1001, gid: 1001 };
    expect(await sendAs(sim, toto, ['sendmail'], 'x\n')).toEqual({
      code: 64,
      err: 'sendmail: fatal: Recipient addresses must be specified on the command line or via the -t option\n',
    });
    expect(await sendAs(sim, toto, ['sendmail', '-t'], 'Subject: x\n\nbody\n')).toEqual({ code: 64, err: 'sendmail: fatal: No recipient addresses found in message header\n' });
    const stop = await sendAs(sim, { uid: 0, gid: 0 }, ['systemctl', 'stop', 'postfix'], '');
    expect(stop.code).toBe(0);
    expect(mailLog(sim).map(normalize)).toContain('postfix/master[PID]: terminating on signal 15');
    const queued = await sendAs(sim, toto, ['sendmail', 'etudiant'], 'Subject: plus tard\n\ncorps\n');
    expect(queued).toEqual({ code: 0, err: 'postdrop: warning: unable to look up public/pickup: No such file or directory\n' });
    const listing = { text: '' };
    const q = await sendAs(sim, toto, ['mailq'], '', listing);
    expect(q.err).toBe('postqueue: warning: Mail system is down -- accessing queue directly (Connect to the Postfix showq service: No such file or directory)\n');
    expect(listing.text).toMatch(/^-Queue ID- {2}--Size-- ----Arrival Time---- -Sender\/Recipient-------\n[0-9A-F]{10,12} +\d+ \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d {2}toto\n {41}etudiant\n\n-- 0 Kbytes in 1 Request\.\n$/);
    // Started again, pickup finds the maildrop file and delivers it.
    expect((await sendAs(sim, { uid: 0, gid: 0 }, ['systemctl', 'start', 'postfix'], '')).code).toBe(0);
    await runFor(sim, 2);
    expect(readFile(sim, 'VM', '/var/mail/etudiant')).toContain('Subject: plus tard\n');
    expect(mailLog(sim).map(normalize)).toContain('postfix/pickup[PID]: QID: uid=1001 from=<toto>');
  });
});
