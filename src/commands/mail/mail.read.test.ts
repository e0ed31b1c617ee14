// Replays the reading sessions recorded on Debian 12 (mailutils 3.15) and compares the screens
// line by line and the mailboxes byte by byte. Normalized, because they differ between real
// runs: the X-IMAPbase uidvalidity (the time the mailbox was opened) and `ls -l` dates.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { frm } from './frm.ts';
import { mail } from './mail.ts';
import { FIDELITY, mailHost, putMailbox, readBytes, recordedCommands, renderScreen } from './mail-test-host.ts';
import type { TestHost } from '../testing/host-run.ts';
import { ROOT } from '../testing/package-host.ts';

const rec = (name: string): string => readFileSync(`${FIDELITY}/${name}`, 'latin1');
const recUtf8 = (name: string): string => readFileSync(`${FIDELITY}/${name}`, 'utf8');
const dec = new TextDecoder('latin1');
const uidvalidity = (s: string): string => s.replace(/^(X-IMAPbase: +)\d+/m, '$1<uidvalidity>');

/** Keys of the recorded session: what was typed at each `? ` prompt (and `q` to leave more). */
const SESSION_KEYS = ['1\r', '\r', '?\r', 'q', 'h\r', 'd\r', 'h\r', 'd 3\r', 'h\r', 'foo\r', 'p 9\r', 'q\r'];

async function runMail(t: TestHost, argv: string[], keys: string[], lang: string, columns = 80): Promise<{ lines: string[]; code: number }> {
  const r = await t.run(mail, argv, { user: 'etudiant', tty: { columns, rows: 24 }, keys, env: { LANG: lang } });
  expect(r.keysLeft).toBe(0);
  const lines = renderScreen(r.screen);
  if (lines[lines.length - 1] === '') lines.pop();
  return { lines, code: r.code };
}

describe.each([
  ['C', 'C.UTF-8'],
  ['fr', 'fr_FR.UTF-8'],
])('mail: the recorded reading session (%s)', (suffix, lang) => {
  it('shows the same screens and leaves the same mailboxes', async () => {
    const { t } = await mailHost();
    putMailbox(t, '/var/mail/etudiant', readFileSync(`${FIDELITY}/var_mail_etudiant_before_reading.mbox`), 'etudiant');
    const steps = recordedCommands(recUtf8(`mail_read_${suffix}_session.txt`), /^etudiant@vm:~\$ /);
    expect(steps.map((s) => s.command)).toEqual(['mail', 'ls -l /var/mail/etudiant ~/mbox', 'mail', 'mail -f']);

    const first = await runMail(t, ['mail'], SESSION_KEYS, lang);
    expect(first.lines).toEqual(steps[0].lines);

    // ls -l: sizes, owners and modes (dates normalized).
    const spool = t.host.fs.stat('/var/mail/etudiant', ROOT);
    const mbox = t.host.fs.stat('/home/etudiant/mbox', ROOT);
    expect(spool.ok && mbox.ok).toBe(true);
    if (spool.ok && mbox.ok) {
      expect([spool.value.size, spool.value.mode & 0o7777, spool.value.uid, spool.value.gid]).toEqual([1826, 0o600, 1001, 8]);
      expect([mbox.value.size, mbox.value.mode & 0o7777, mbox.value.uid, mbox.value.gid]).toEqual([608, 0o600, 1001, 1001]);
    }
    expect(uidvalidity(dec.decode(readBytes(t, '/var/mail/etudiant')))).toBe(uidvalidity(rec(`var_mail_etudiant_after_quit_${suffix}.mbox`)));

    const second = await runMail(t, ['mail'], ['x\r'], lang);
    expect(second.lines).toEqual(steps[2].lines);
    const third = await runMail(t, ['mail', '-f'], ['q\r'], lang);
    expect(third.lines).toEqual(steps[3].lines);
    expect(uidvalidity(dec.decode(readBytes(t, '/home/etudiant/mbox')))).toBe(uidvalidity(rec(`home_etudiant_mbox_after_quit_${suffix}.mbox`)));
  });

  it('shows the first page of the help in more, as on an 80x24 screen', async () => {
    const { t } = await mailHost();
    putMailbox(t, '/var/mail/etudiant', readFileSync(`${FIDELITY}/var_mail_etudiant_before_reading.mbox`), 'etudiant');
    const r = await t.run(mail, ['mail'], { user: 'etudiant', tty: { columns: 80, rows: 24 }, keys: ['?\r'], env: { LANG: lang } });
    const screen = renderScreen(r.screen);
    const page = recUtf8(`mail_read_${suffix}_02_help_first_page_screen.txt`).replace(/\n$/, '').split('\n');
    expect(screen.slice(-24)).toEqual(page);
    const headers = recUtf8(`mail_read_${suffix}_01_headers_screen.txt`).replace(/\n$/, '').split('\n').slice(1);
    expect(screen.slice(0, headers.length - 1)).toEqual(headers.slice(0, -1));
  });
});

describe('mail: other recordings', () => {
  it('prints the whole help from a pipe and holds the mailbox at end of input (mail_help_full_C.txt)', async () => {
    const { t } = await mailHost();
    putMailbox(t, '/var/mail/etudiant', readFileSync(`${FIDELITY}/var_mail_etudiant_before_reading.mbox`), 'etudiant');
    const r = await t.run(mail, ['mail', '-N'], { user: 'etudiant', stdin: '?\n', env: { LANG: 'C.UTF-8' } });
    const expected = rec('mail_help_full_C.txt').split('\n').slice(1).join('\n');
    expect(r.stdout).toBe(expected);
    expect(r.code).toBe(0);
  });

  it('says there is no mail when /var/mail/USER is missing (mail_no_mail_C.txt)', async () => {
    const { t } = await mailHost();
    const steps = recordedCommands(rec('mail_no_mail_C.txt'), /^toto@vm:~\$ /);
    for (const argv of [['mail'], ['mail', '-H']]) {
      const r = await t.run(mail, argv, { user: 'toto', tty: { columns: 80, rows: 24 } });
      const lines = renderScreen(r.screen).filter((l, i, a) => i < a.length - 1 || l !== '');
      expect(lines).toEqual(steps[0].lines);
      expect(r.code).toBe(1);
    }
  });

  it('lists the headers on a 132-column screen, then with -H after x wrote the UIDs (mail_headers_132cols_C.txt)', async () => {
    const { t } = await mailHost();
    putMailbox(t, '/var/mail/etudiant', readFileSync(`${FIDELITY}/var_mail_etudiant_before_reading.mbox`), 'etudiant');
    const steps = recordedCommands(rec('mail_headers_132cols_C.txt'), /^etudiant@vm:~\$ /);
    const first = await runMail(t, ['mail'], ['x\r'], 'C.UTF-8', 132);
    expect(first.lines).toEqual(steps[0].lines);
    const r = await t.run(mail, ['mail', '-H'], { user: 'etudiant', tty: { columns: 132, rows: 24 } });
    expect(renderScreen(r.screen).slice(0, -1)).toEqual(steps[1].lines);
    for (const [k, name] of [[2, 'frm'], [3, 'from']] as const) {
      const f = await t.run(frm, [name], { user: 'etudiant', tty: { columns: 132, rows: 24 } });
      expect(steps[k].command).toBe(name);
      expect(renderScreen(f.screen).slice(0, -1)).toEqual(steps[k].lines);
    }
  });
});
