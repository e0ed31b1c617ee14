// Commands of the `? ` loop beyond the recorded session: the header page on a small screen
// (util_screen_lines = rows - 2, page.c), z scrolling, the pager for a long message (crt),
// help for one command, save to a file and undelete, n at the end ("No applicable message",
// as seed 002 shows it in French).
import { describe, expect, it } from 'vitest';
import { appendMessages, deliveryMessage } from '../../services/mail/mbox.ts';
import { installProgram } from '../../os/process/executable.ts';
import { readAll } from '../lib/io.ts';
import { frm } from './frm.ts';
import { mail } from './mail.ts';
import { parseMailbox } from './mailbox.ts';
import { mailHost, putMailbox, readBytes, renderScreen } from './mail-test-host.ts';

const enc = new TextEncoder();

function mailbox(count: number, bodyLines = 1): Uint8Array {
  const msgs = Array.from({ length: count }, (_, i) => {
    const body = Array.from({ length: bodyLines }, (_v, k) => `ligne ${k + 1}`).join('\n');
    return deliveryMessage('toto@vm', Date.UTC(2026, 10, 22, 3, 40, i % 60), enc.encode(`From: toto@vm\nSubject: n${i + 1}\n\n${body}\n`));
  });
  return appendMessages(new Uint8Array(0), msgs);
}

describe('mail: commands', () => {
  it('shows a page of rows - 2 headers, follows the cursor and scrolls with z', async () => {
    const { t } = await mailHost();
    putMailbox(t, '/var/mail/etudiant', mailbox(50), 'etudiant');
    const r = await t.run(mail, ['mail'], { user: 'etudiant', tty: { columns: 80, rows: 12 }, keys: ['z\r', 'z-\r', 'z-\r', '50\r', 'h\r', 'x\r'] });
    const lines = renderScreen(r.screen);
    const numbers = (from: number): number[] => {
      const out: number[] = [];
      for (let i = from; i < lines.length && /^[> ][NRU ] +\d+ /.test(lines[i]); i++) out.push(Number(lines[i].slice(2, 6)));
      return out;
    };
    expect(numbers(1)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const z = lines.indexOf('? z');
    expect(numbers(z + 1)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(numbers(lines.indexOf('? z-') + 1)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(lines).toContain('On first screenful of messages');
    expect(numbers(lines.indexOf('? h') + 1)).toEqual([41, 42, 43, 44, 45, 46, 47, 48, 49, 50]);
    expect(lines).toContain('>R  50 toto@vm            Sun Nov 22 03:40   4/36    n50');
  });

  it('pages a message taller than the screen through more', async () => {
    const { t } = await mailHost();
    putMailbox(t, '/var/mail/etudiant', mailbox(1, 40), 'etudiant');
    const r = await t.run(mail, ['mail'], { user: 'etudiant', tty: { columns: 80, rows: 24 }, keys: ['1\r', ' ', 'x\r'] });
    const out = r.screen;
    expect(out).toContain('--More--');
    const lines = renderScreen(out);
    expect(lines).toContain('ligne 40');
    expect(r.code).toBe(0);
  });

  it('prints the synopsis of one command, and says when there is no next message', async () => {
    const { t } = await mailHost();
    putMailbox(t, '/var/mail/etudiant', mailbox(1), 'etudiant');
    const r = await t.run(mail, ['mail'], { user: 'etudiant', stdin: 'help d\n1\nn\nx\n', env: { LANG: 'fr_FR.UTF-8' } });
    expect(r.stdout).toContain('d[elete] [msglist]\n');
    expect(r.stderr).toBe('Pas de message applicable\n');
  });

  it('saves to a file, which removes the message from the spool at quit, and undeletes', async () => {
    const { t } = await mailHost();
    putMailbox(t, '/var/mail/etudiant', mailbox(3), 'etudiant');
    const r = await t.run(mail, ['mail'], { user: 'etudiant', stdin: 's 1 copie\nd 2\nu\nd 3\nq\n' });
    expect(r.stdout).toMatch(/^"copie" {3}4\/35 {3}$/m);
    expect(r.stdout).toContain('Held 1 message in /var/mail/etudiant\n');
    const copy = parseMailbox(readBytes(t, '/home/etudiant/copie'));
    expect(copy.ok && copy.messages.map((m) => m.body)).toEqual(['ligne 1\n']);
    const spool = parseMailbox(readBytes(t, '/var/mail/etudiant'));
    expect(spool.ok && spool.messages.map((m) => m.headerLines.find((h) => h.startsWith('Subject')))).toEqual(['Subject: n2']);
  });

  it('reads the mail of seed 002 as the student saw it (French, Enter twice)', async () => {
    const { t } = await mailHost();
    const message = [
      'Return-Path: <etudiant@s54>', 'X-Original-To: root@s54', 'Delivered-To: root@s54',
      'Received: by tp541.iut (Postfix, from userid 1001)', '\tid 487538062A; Mon,  7 Nov 2022 15:10:33 +0100 (CET)',
      'To: <root@s54>', 'Subject: Test', 'X-Mailer: mail (GNU Mailutils 3.10)', 'Message-Id: <20221107141033.487538062A@tp541.iut>',
      'Date: Mon,  7 Nov 2022 15:10:33 +0100 (CET)', 'From: etudiant@s54', '', 'Bonjour', '',
    ];
    putMailbox(t, '/var/mail/etudiant', `From etudiant@s54  Mon Nov  7 15:10:33 2022\n${message.join('\n')}\n`, 'etudiant');
    const r = await t.run(mail, ['mail'], { user: 'etudiant', tty: { columns: 80, rows: 24 }, keys: ['\r', '\r', 'x\r'], env: { LANG: 'fr_FR.UTF-8' } });
    const seen = renderScreen(r.screen);
    expect(seen.slice(0, 3)).toEqual(['"/var/mail/etudiant": 1 message 1 nouveau', '>N   1 etudiant@s54       lun. nov.  7 15:  13/367   Test', '? ']);
    expect(seen.slice(3, 16).map((l) => l.replace(/^ {8}/, '\t'))).toEqual(message.slice(0, 13));
    expect(seen.slice(16, 19)).toEqual(['? ', 'Pas de message applicable', '? x']);
  });

  it('hides ignored headers from p but not from P, and keeps only retained ones', async () => {
    const { t } = await mailHost();
    putMailbox(t, '/var/mail/etudiant', mailbox(1), 'etudiant');
    const r = await t.run(mail, ['mail', '-N'], { user: 'etudiant', stdin: 'ignore\nignore From\np 1\nP 1\nretain subject\np 1\nx\n' });
    expect(r.stdout).toBe([
      'No fields are currently being ignored',
      'Subject: n1', '', 'ligne 1',
      'From: toto@vm', 'Subject: n1', '', 'ligne 1',
      'Subject: n1', '', 'ligne 1', '',
    ].join('\n'));
  });

  it('frm: summary, selection by status and frm.c exit statuses', async () => {
    const { t } = await mailHost();
    const none = await t.run(frm, ['frm'], { user: 'etudiant' });
    expect([none.code, none.stdout]).toEqual([2, '']);
    putMailbox(t, '/var/mail/etudiant', mailbox(2), 'etudiant');
    const all = await t.run(frm, ['frm'], { user: 'etudiant' });
    expect([all.code, all.stdout]).toEqual([1, 'toto@vm\tn1\ntoto@vm\tn2\n']);
    const s = await t.run(frm, ['frm', '-S', '-s', 'new'], { user: 'etudiant' });
    expect([s.code, s.stdout]).toEqual([0, 'toto@vm\tn1\ntoto@vm\tn2\nFolder contains 2 new messages.\n']);
    const read = await t.run(frm, ['frm', '-s', 'read'], { user: 'etudiant' });
    expect([read.code, read.stdout]).toEqual([1, '']);
  });

  it('pipes a message to $SHELL -c and sends a new letter with m from the prompt', async () => {
    const { t, sent } = await mailHost();
    putMailbox(t, '/var/mail/etudiant', mailbox(1), 'etudiant');
    const seen: { argv: readonly string[]; input: string }[] = [];
    t.register('fakesh', async (proc) => {
      seen.push({ argv: proc.argv, input: new TextDecoder().decode(await readAll(proc.stdin)) });
      return 0;
    });
    installProgram(t.host.fs, '/usr/local/bin/fakesh', 'fakesh');
    const r = await t.run(mail, ['mail', '-N'], {
      user: 'etudiant', env: { SHELL: '/usr/local/bin/fakesh' }, stdin: '| 1 wc -l\nm toto\nBonjour toto\n.\nx\n',
    });
    expect(r.code).toBe(0);
    expect(seen).toEqual([{ argv: ['/usr/local/bin/fakesh', '-c', 'wc -l'], input: 'From: toto@vm\nSubject: n1\n\nligne 1\n' }]);
    expect(sent).toHaveLength(1);
    expect(sent[0].message).toMatch(/^To: toto\nUser-Agent: mail \(GNU Mailutils 3\.15\)\nDate: .*\n\nBonjour toto\n$/);
  });
});
