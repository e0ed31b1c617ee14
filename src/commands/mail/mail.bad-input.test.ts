// mail(1) facing what students and the network throw at it: typos, bad message numbers, a
// corrupt or truncated mailbox, mail arriving while the mailbox is open, thousands of messages.
// After each case the mailbox is read back: no message may be lost or cut.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SECOND } from '../../engine/time.ts';
import { appendMessages, deliveryMessage } from '../../services/mail/mbox.ts';
import { mail } from './mail.ts';
import { parseMailbox } from './mailbox.ts';
import { FIDELITY, mailHost, putMailbox, readBytes, renderScreen } from './mail-test-host.ts';
import { ROOT } from '../testing/package-host.ts';

const BEFORE = readFileSync(`${FIDELITY}/var_mail_etudiant_before_reading.mbox`);
const tty = { columns: 80, rows: 24 };

function bodies(bytes: Uint8Array): string[] {
  const p = parseMailbox(bytes);
  if (!p.ok) throw new Error('unparsable mailbox');
  return p.messages.map((m) => m.body.replace(/\n+$/, ''));
}

describe('mail: bad input', () => {
  it('answers typos and bad message numbers as mailutils does, and changes nothing on x', async () => {
    const { t } = await mailHost();
    putMailbox(t, '/var/mail/etudiant', BEFORE, 'etudiant');
    const r = await t.run(mail, ['mail'], {
      user: 'etudiant', tty, env: { LANG: 'C.UTF-8' },
      keys: ['foo\r', 'p 9\r', 'p 0\r', 'd 99\r', `${'z'.repeat(5000)}q\r`, '\x1b[A\r', 'x\r'],
    });
    const lines = renderScreen(r.screen);
    expect(lines).toContain('Unknown command: foo');
    expect(lines).toContain('9: invalid message number');
    expect(lines).toContain('0: invalid message number');
    expect(lines).toContain('99: invalid message number');
    expect(lines).toContain(`Unknown command: ${'z'.repeat(5000)}q`);
    expect(r.code).toBe(0);
    // x only adds the UIDs mailutils assigned (X-IMAPbase, X-UID): every body is still there.
    expect(bodies(readBytes(t, '/var/mail/etudiant'))).toEqual(bodies(BEFORE));
  });

  it('refuses a mailbox that does not start with a From_ line and leaves it alone', async () => {
    const { t } = await mailHost();
    const garbage = 'not a mailbox\n\0\xff\nFrom nobody\n';
    putMailbox(t, '/var/mail/etudiant', garbage, 'etudiant');
    const r = await t.run(mail, ['mail'], { user: 'etudiant', stdin: 'q\n' });
    expect([r.code, r.stderr]).toEqual([1, 'Cannot read mailbox /var/mail/etudiant: Parse error\n']);
    expect(readBytes(t, '/var/mail/etudiant')).toEqual(new TextEncoder().encode(garbage));
  });

  it('keeps a truncated last message whole through a quit', async () => {
    const { t } = await mailHost();
    const cut = BEFORE.slice(0, BEFORE.length - 60);
    putMailbox(t, '/var/mail/etudiant', cut, 'etudiant');
    const r = await t.run(mail, ['mail'], { user: 'etudiant', stdin: 'q\n' });
    expect(r.code).toBe(0);
    const after = parseMailbox(readBytes(t, '/var/mail/etudiant'));
    expect(after.ok && after.messages.length).toBe(7);
    const lastBefore = parseMailbox(cut);
    if (after.ok && lastBefore.ok) expect(after.messages[6].headerLines.slice(0, 5)).toEqual(lastBefore.messages[6].headerLines.slice(0, 5));
  });

  it('keeps mail delivered while the mailbox is open', async () => {
    const { t } = await mailHost();
    putMailbox(t, '/var/mail/etudiant', BEFORE, 'etudiant');
    const late = deliveryMessage('toto@vm', Date.UTC(2026, 10, 22, 4, 0, 0), new TextEncoder().encode('Subject: tard\n\nArrive pendant la lecture\n'));
    t.scheduler.after(1 * SECOND, () => {
      const cur = readBytes(t, '/var/mail/etudiant');
      t.host.fs.writeFile('/var/mail/etudiant', appendMessages(cur, [late]), ROOT);
    });
    const r = await t.run(mail, ['mail'], { user: 'etudiant', tty, keys: ['1\r', 'd 2\r', 'h\r', 'q\r'] });
    const lines = renderScreen(r.screen);
    // It is announced at the next prompt and joins the list (mail.c: "New mail has arrived.").
    expect(lines).toContain('New mail has arrived.');
    expect(lines).toContain(' N   8                    Sun Nov 22 04:00   3/41    tard');
    expect(lines).toContain('Held 6 messages in /var/mail/etudiant');
    const b = bodies(readBytes(t, '/var/mail/etudiant'));
    expect(b).toHaveLength(6);
    expect(b[5]).toBe('Arrive pendant la lecture');
    expect(bodies(readBytes(t, '/home/etudiant/mbox'))).toEqual([bodies(BEFORE)[0]]);
  });

  it('opens and quits a mailbox of 3,000 messages', async () => {
    const { t } = await mailHost();
    const msgs = Array.from({ length: 3000 }, (_, i) =>
      deliveryMessage('toto@vm', Date.UTC(2026, 10, 22, 3, 0, i % 60), new TextEncoder().encode(`Subject: n${i + 1}\nFrom: toto@vm\n\nFrom the start ${i + 1}\n`)));
    putMailbox(t, '/var/mail/etudiant', appendMessages(new Uint8Array(0), msgs), 'etudiant');
    const r = await t.run(mail, ['mail'], { user: 'etudiant', tty, keys: ['3000\r', 'h\r', 'q\r'] });
    const lines = renderScreen(r.screen);
    expect(lines[0]).toBe('"/var/mail/etudiant": 3000 messages 3000 new');
    expect(lines).toContain('From the start 3000'); // one level of >From quoting is undone on display (mboxrd)
    expect(lines).toContain('Saved 1 message in /home/etudiant/mbox');
    expect(lines).toContain('Held 2999 messages in /var/mail/etudiant');
    const b = bodies(readBytes(t, '/var/mail/etudiant'));
    expect(b).toHaveLength(2999);
    expect(b[2998]).toBe('>From the start 2999');
  });

  it('replies to the sender with Re: and hands the answer to sendmail', async () => {
    const { t, sent } = await mailHost();
    putMailbox(t, '/var/mail/etudiant', BEFORE, 'etudiant');
    const r = await t.run(mail, ['mail'], { user: 'etudiant', tty, keys: ['R 1\r', 'Bien recu.\r', '\x04', 'x\r'] });
    const lines = renderScreen(r.screen);
    expect(lines).toContain('To: toto@mail128.com');
    expect(lines).toContain('Subject: Re: Premier test');
    expect(sent).toHaveLength(1);
    expect(sent[0].argv).toEqual(['/usr/sbin/sendmail', '-oi', '-f', 'etudiant@vm', '-t']);
    expect(sent[0].message).toMatch(
      /^To: toto@mail128\.com\nSubject: Re: Premier test\nIn-Reply-To: Your message of Sun, 22 Nov 2026 03:33:55 \+0000 \(UTC\)\n\t<20261122033355\.452F9160045@vm>\nReferences: <20261122033355\.452F9160045@vm>\nUser-Agent: mail \(GNU Mailutils 3\.15\)\nDate: .*\n\nBien recu\.\n$/,
    );
  });
});
