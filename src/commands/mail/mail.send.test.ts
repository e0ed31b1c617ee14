// Sending with mail(1), against mail_send_C.txt / mail_send_fr.txt (screens) and the messages
// Postfix delivered (var_mail_etudiant_before_reading.mbox). sendmail here is a stand-in that
// records its argv and standard input. What Postfix adds or rewrites is left out of the
// comparison: Received/Return-Path/X-Original-To/Delivered-To, Message-Id: and From: (cleanup),
// the @mail128.com cleanup appends to To:, and the Date: value (the time of sending).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mail } from './mail.ts';
import { FIDELITY, mailHost, readBytes, recordedCommands, renderScreen } from './mail-test-host.ts';
import { ROOT } from '../testing/package-host.ts';
import { parseMailbox } from './mailbox.ts';

const recUtf8 = (name: string): string => readFileSync(`${FIDELITY}/${name}`, 'utf8');

/** The recorded message as mail(1) handed it to sendmail (see the header of this file). */
function recordedSubmission(subject: string): string {
  const parsed = parseMailbox(readFileSync(`${FIDELITY}/var_mail_etudiant_before_reading.mbox`));
  if (!parsed.ok) throw new Error('fixture');
  const m = parsed.messages.find((x) => x.headerLines.includes(`Subject: ${subject}`) && x.sender === 'toto@vm');
  if (!m) throw new Error(subject);
  const head = m.headerLines
    .filter((l) => /^(Subject|To|User-Agent|Date):/.test(l))
    .map((l) => l.replace('To: etudiant@mail128.com', 'To: etudiant'))
    .join('\n');
  return `${head}\n\n${m.body}`;
}

const normDate = (s: string): string => s.replace(/^Date: .*$/m, 'Date: <date>');

describe.each([
  ['C', 'C.UTF-8'],
  ['fr', 'fr_FR.UTF-8'],
])('mail: the recorded sending session (%s)', (suffix, lang) => {
  it('prompts Cc: (and Subject: without -s), reads the body until ^D and hands it to sendmail', async () => {
    const { t, sent } = await mailHost();
    const steps = recordedCommands(recUtf8(`mail_send_${suffix}.txt`), /^toto@vm:~\$ /);
    const body = suffix === 'C' ? ['Bonjour etudiant,\r', 'ceci est un test envoye avec mail.\r'] : ['Bonjour en francais.\r'];
    const a = await t.run(mail, ['mail', '-s', 'Test', 'etudiant'], { user: 'toto', tty: { columns: 80, rows: 24 }, keys: ['\r', ...body, '\x04'], env: { LANG: lang } });
    expect(renderScreen(a.screen).slice(0, -1)).toEqual(steps[0].lines);
    expect(a.code).toBe(0);
    const subject = suffix === 'C' ? 'Sujet tape au prompt' : 'Sujet';
    const text = suffix === 'C' ? 'Corps du message.\r' : 'Corps.\r';
    const b = await t.run(mail, ['mail', 'etudiant'], { user: 'toto', tty: { columns: 80, rows: 24 }, keys: ['\r', `${subject}\r`, text, '\x04'], env: { LANG: lang } });
    expect(renderScreen(b.screen).slice(0, -1)).toEqual(steps[1].lines);
    expect(sent.map((s) => s.argv)).toEqual([
      ['/usr/sbin/sendmail', '-oi', '-f', 'toto@vm', '-t'],
      ['/usr/sbin/sendmail', '-oi', '-f', 'toto@vm', '-t'],
    ]);
    if (suffix === 'C') {
      expect(normDate(sent[0].message)).toBe(normDate(recordedSubmission('Test')));
      expect(normDate(sent[1].message)).toBe(normDate(recordedSubmission('Sujet tape au prompt')));
    }
    expect(sent[0].message).toMatch(/^Date: Sun, 22 Nov 2026 \d\d:\d\d:\d\d \+0000$/m);
  });

  it('keeps an interrupted letter in ~/dead.letter after two ^C', async () => {
    const { t, sent } = await mailHost();
    const steps = recordedCommands(recUtf8(`mail_send_${suffix}.txt`), /^toto@vm:~\$ /);
    const step = steps.find((s) => s.command === 'mail -s Test')!;
    const r = await t.run(mail, ['mail', '-s', 'Test'], { user: 'toto', tty: { columns: 80, rows: 24 }, keys: ['\r', '\r', '\x03', '\x03'], env: { LANG: lang } });
    expect(renderScreen(r.screen).slice(0, -1)).toEqual(step.lines);
    expect(r.code).toBe(1);
    expect(sent).toEqual([]);
    const st = t.host.fs.stat('/home/toto/dead.letter', ROOT);
    expect(st.ok && [st.value.size, st.value.mode & 0o7777, st.value.uid, st.value.gid]).toEqual([54, 0o600, 1002, 1002]);
    expect(new TextDecoder().decode(readBytes(t, '/home/toto/dead.letter'))).toMatch(/^From toto@vm Sun Nov 22 \d\d:\d\d:\d\d 2026\nSubject: Test\n\n\n$/);
  });

  it('sends an empty body with a notice (mail -s Vide etudiant < /dev/null)', async () => {
    const { t, sent } = await mailHost();
    const steps = recordedCommands(recUtf8(`mail_send_${suffix}.txt`), /^toto@vm:~\$ /);
    const step = steps.find((s) => s.command.startsWith('mail -s Vide'))!;
    const r = await t.run(mail, ['mail', '-s', 'Vide', 'etudiant'], { user: 'toto', stdin: '', env: { LANG: lang } });
    expect(r.stderr.replace(/\n$/, '').split('\n')).toEqual(step.lines);
    expect(r.stdout).toBe('');
    expect(sent).toHaveLength(1);
    if (suffix === 'C') expect(normDate(sent[0].message)).toBe(normDate(recordedSubmission('Vide')));
  });
});

describe('mail: sending without a terminal and with options', () => {
  it('takes the body from a pipe without any prompt', async () => {
    const { t, sent } = await mailHost();
    const r = await t.run(mail, ['mail', '-s', 'Test pipe', 'etudiant'], { user: 'toto', stdin: 'Message envoye par un pipe\n' });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    expect(normDate(sent[0].message)).toBe(normDate(recordedSubmission('Test pipe')));
  });

  it('adds Cc:, Bcc: and -a headers, joins several recipients, stops at a lone dot', async () => {
    const { t, sent } = await mailHost();
    const r = await t.run(mail, ['mail', '-s', 'x', '-c', 'a@b', '-b', 'c@d', '-a', 'X-Lab: TP1', 'etudiant', 'root@mail128.com'], {
      user: 'toto', stdin: 'one\n.\nafter the dot\n',
    });
    expect(r.code).toBe(0);
    expect(normDate(sent[0].message)).toBe('Subject: x\nCc: a@b\nBcc: c@d\nX-Lab: TP1\nTo: etudiant,root@mail128.com\nUser-Agent: mail (GNU Mailutils 3.15)\nDate: <date>\n\none\n');
  });

  it('refuses to send without recipients off a terminal', async () => {
    const { t, sent } = await mailHost();
    const r = await t.run(mail, ['mail', '-s', 'x'], { user: 'toto', stdin: 'hi\n' });
    expect([r.code, r.stderr]).toEqual([1, 'mail: No recipients specified\n']);
    expect(sent).toEqual([]);
  });

  it('keeps the letter in dead.letter when there is no sendmail', async () => {
    const { t } = await mailHost();
    t.host.fs.unlink('/usr/sbin/sendmail', ROOT);
    const r = await t.run(mail, ['mail', '-s', 'x', 'etudiant'], { user: 'toto', stdin: 'hi\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('mail: Cannot open mailer: No such file or directory\n');
    expect(new TextDecoder().decode(readBytes(t, '/home/toto/dead.letter'))).toMatch(/\nSubject: x\nTo: etudiant\nUser-Agent: mail \(GNU Mailutils 3\.15\)\nDate: .*\n\nhi\n\n$/);
  });

  it('survives a 1 MB line and NUL bytes in the body', async () => {
    const { t, sent } = await mailHost();
    const big = 'x'.repeat(1 << 20);
    const r = await t.run(mail, ['mail', '-s', 'big', 'etudiant'], { user: 'toto', stdin: `${big}\n\0bin\n` });
    expect(r.code).toBe(0);
    expect(sent[0].message.endsWith(`\n\n${big}\n\0bin\n`)).toBe(true);
  });

  it('answers a bad option as argp does', async () => {
    const { t } = await mailHost();
    const r = await t.run(mail, ['mail', '-Z'], { user: 'toto', stdin: '' });
    expect(r.code).toBe(64);
    expect(r.stderr).toBe("mail: invalid option -- 'Z'\nTry 'mail --help' or 'mail --usage' for more information.\n");
  });
});
