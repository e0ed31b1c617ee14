// mail(1) end to end on the recordings' lab: toto sends with `mail`, Postfix's real sendmail,
// pickup, cleanup and local deliver it, and etudiant reads it with `mail`
// (../shared/fidelity/mailutils: mail.log_sending.txt, var_mail_etudiant_before_reading.mbox).
// Normalized as in postfix-lab.ts (PIDs, queue IDs, dates, message IDs).
import { describe, expect, it } from 'vitest';
import { SessionRunner } from '../../src/sim/session-runner.ts';
import { parseSessionScript } from '../../src/sim/session-script.ts';
import { BytesInput } from '../../src/os/process/streams.ts';
import type { Process } from '../../src/os/program.ts';
import { bootLab, fidelity, labScenario, mailLog, normalize, readFile, runFor, runProgram, yieldFn } from './postfix-lab.ts';


describe('mailutils on the lab', () => {
  it('sends through Postfix: pickup logs uid/from and the mailbox gets the recorded headers', async () => {
    const sim = await bootLab(labScenario().replace('packages: [postfix]', 'packages: [postfix, mailutils]'));
    await runFor(sim, 2);
    const passwd = readFile(sim, 'VM', '/etc/passwd');
    const uid = Number(/^toto:x:(\d+):/m.exec(passwd)![1]);
    const gid = Number(/^toto:x:\d+:(\d+):/m.exec(passwd)![1]);
    const TOTO = { uid, gid, groups: [gid] };
    let err = '';
    const sender = async (proc: Process): Promise<number> => {
      const child = proc.spawn(['/usr/bin/mail', '-s', 'Test pipe', 'etudiant'], {
        stdin: new BytesInput('Message envoye par un pipe\n'),
        cred: TOTO,
        cwd: '/home/toto',
        env: new Map([['HOME', '/home/toto'], ['USER', 'toto'], ['LANG', 'C.UTF-8'], ['PATH', '/usr/bin:/bin']]),
        stderr: { tty: null, write: (d) => (err += typeof d === 'string' ? d : new TextDecoder().decode(d)), close() {} },
      });
      return 'error' in child ? 127 : child.wait();
    };
    expect(await runProgram(sim, 'VM', sender)).toBe(0);
    expect(err).toBe('');
    await runFor(sim, 10);
    const log = mailLog(sim).map(normalize);
    const pickup = log.find((l) => l.includes('postfix/pickup'));
    expect(pickup).toBeDefined();
    expect(pickup).toMatch(new RegExp(`uid=${uid} from=<toto@vm>$`));
    const box = readFile(sim, 'VM', '/var/mail/etudiant');
    const recorded = fidelity('mailutils/var_mail_etudiant_before_reading.mbox').split('\n\n').find((b) => b.includes('Subject: Test pipe'))!;
    const headers = (s: string): string[] => s.split('\n').filter((l) => /^(Subject|To|User-Agent|From|Return-Path|X-Original-To|Delivered-To):/.test(l));
    expect(headers(box)).toEqual(headers(recorded));
    expect(box).toContain('\n\nMessage envoye par un pipe\n');
  });

  it('is used from a terminal as students do: send as toto, read and quit as etudiant', async () => {
    const sim = await bootLab(labScenario().replace('packages: [postfix]', 'packages: [postfix, mailutils]'));
    const script = [
      '@VM', 'su - toto',
      'echo "Message envoye par un pipe" | mail -s "Test pipe" etudiant',
      'mail -s Test etudiant', '', 'Bonjour etudiant,', '^D',
      '@wait 5', 'exit', 'su - etudiant', 'mail',
      '@expect "/var/mail/etudiant": 2 messages 2 new',
      '2', '@expect Bonjour etudiant,',
      'q', '@expect Saved 1 message in /home/etudiant/mbox', '@expect Held 1 message in /var/mail/etudiant',
      'mail -f', '@expect "/home/etudiant/mbox": 1 message 1 new', 'x', '',
    ].join('\n');
    const parsed = parseSessionScript(script);
    if (!parsed.ok) throw new Error('script');
    const result = await new SessionRunner(sim, yieldFn).run(parsed.directives);
    expect(result.failure).toBeUndefined();
    // (transcripts drop trailing blanks: the "Cc: " prompt and the " \b" of the ^D line)
    expect(result.transcript).toContain('toto@vm:~$ mail -s Test etudiant\nCc:\nBonjour etudiant,\n\ntoto@vm:~$ exit');
    expect(result.transcript).toMatch(/>N {3}1 toto@vm {12}Sun Nov 22 03:3\d {2}13\/\d{3} {3}Test pipe\n N {3}2 toto@vm {12}Sun Nov 22 03:3\d {2}\d\d\/\d{3} {3}Test\n\? /);
  });
});
