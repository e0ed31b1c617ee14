// Bad input and faults against the running Postfix: a client that drops the connection in the
// middle of DATA, a 1 MB line, NUL and 8-bit bytes, an idle client (smtpd_timeout), limits changed
// in main.cf and applied by a reload, junk files in the queue directories. Postfix never delivers
// half a message, and every mailbox reads back as a well-formed mbox after each fault.
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/sim/index.ts';
import { isWellFormed, parseMbox } from '../../src/services/mail/mbox.ts';
import { parseIpv4 } from '../../src/wire/addr.ts';
import { bootLab, mailLog, normalize, readFile, runFor, runProgram } from './postfix-lab.ts';

const enc = new TextEncoder();
const latin1 = new TextDecoder('latin1');
const ROOT = { uid: 0, gid: 0, groups: [0] };

/** Sends the chunks (waiting `gapSeconds` between them) then closes or aborts; returns what came back. */
async function rawSession(sim: Simulation, chunks: (string | Uint8Array)[], opts: { gapSeconds?: number; end?: 'close' | 'abort' | 'wait'; waitSeconds?: number } = {}): Promise<string> {
  let got = '';
  await runProgram(sim, 'VM', async (proc) => {
    const conn = proc.host.net.tcp.connect({ address: parseIpv4('127.0.0.1') ?? 0, port: 25, owner: { pid: proc.pid, name: 'test' } });
    let closed = false;
    conn.onData.on((d) => (got += latin1.decode(d)));
    conn.onClose.on(() => (closed = true));
    conn.onEnd.on(() => (closed = true));
    await proc.sleep(100_000_000);
    for (const c of chunks) {
      conn.send(typeof c === 'string' ? enc.encode(c) : c);
      await proc.sleep((opts.gapSeconds ?? 0.05) * 1e9);
    }
    if (opts.end === 'abort') conn.abort();
    else if (opts.end === 'wait') {
      for (let i = 0; i < (opts.waitSeconds ?? 400) && !closed; i++) await proc.sleep(1e9);
      conn.close();
    } else conn.close();
    return 0;
  }, 900);
  await runFor(sim, 2);
  return got;
}

function mailboxOk(sim: Simulation, user: string): void {
  const r = sim.host('VM').machine.fs.readFile(`/var/mail/${user}`, ROOT);
  if (!r.ok) return;
  expect(isWellFormed(parseMbox(r.value))).toBe(true);
}

const HEAD = ['EHLO client\r\n', 'MAIL FROM:<toto@mail128.com>\r\n', 'RCPT TO:<etudiant@mail128.com>\r\n', 'DATA\r\n'];

describe('postfix faults', () => {
  it('delivers nothing from a session cut in the middle of DATA', async () => {
    const sim = await bootLab();
    await rawSession(sim, [...HEAD, 'Subject: coupe\r\n\r\nune ligne\r\nune autre\r\n'], { end: 'abort' });
    expect(readFile(sim, 'VM', '/var/mail/etudiant')).toBe('<ENOENT>');
    const log = mailLog(sim).map(normalize);
    expect(log.some((l) => /postfix\/smtpd\[PID\]: lost connection after DATA \(\d+ bytes\) from localhost\[127\.0\.0\.1\]/.test(l))).toBe(true);
    expect(log).toContain('postfix/smtpd[PID]: disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=1 data=0/1 commands=3/4');
    expect(sim.host('VM').machine.fs.readdir('/var/spool/postfix/incoming', ROOT)).toEqual({ ok: true, value: [] });
    // The next complete message still arrives whole.
    await rawSession(sim, [...HEAD, 'Subject: entier\r\n\r\nFrom the start\r\n.\r\n', 'QUIT\r\n']);
    const mbox = readFile(sim, 'VM', '/var/mail/etudiant');
    expect(mbox).toContain('Subject: entier\n');
    expect(mbox).toContain('\n>From the start\n');
    expect(mbox).not.toContain('coupe');
    mailboxOk(sim, 'etudiant');
  });

  it('keeps a 1 MB line, NUL and 8-bit bytes, and refuses what exceeds message_size_limit', async () => {
    const sim = await bootLab();
    const big = 'x'.repeat(1 << 20);
    const bytes = new Uint8Array([0x41, 0x00, 0xe9, 0xff, 0x0d, 0x0a]);
    const reply = await rawSession(sim, [...HEAD, 'Subject: gros\r\n\r\n', `${big}\r\n`, bytes, '.\r\n', 'QUIT\r\n']);
    expect(reply).toMatch(/250 2\.0\.0 Ok: queued as [0-9A-F]+\r\n221 2\.0\.0 Bye\r\n$/);
    const mbox = sim.host('VM').machine.fs.readFile('/var/mail/etudiant', ROOT);
    expect(mbox.ok && mbox.value.length).toBeGreaterThan(1 << 20);
    expect(mbox.ok && latin1.decode(mbox.value).includes('\nA\u0000\u00e9\u00ff\n')).toBe(true);
    mailboxOk(sim, 'etudiant');
    // A limit lowered in main.cf takes effect at reload.
    sim.host('VM').machine.fs.writeFile('/etc/postfix/main.cf', 'message_size_limit = 1000\n', ROOT, { append: true });
    await runProgram(sim, 'VM', async (proc) => {
      const c = proc.spawn(['systemctl', 'reload', 'postfix']);
      return 'error' in c ? 127 : c.wait();
    });
    expect(mailLog(sim).map(normalize)).toContain('postfix/master[PID]: reload -- version 3.7.11, configuration /etc/postfix');
    const refused = await rawSession(sim, [...HEAD, `Subject: trop\r\n\r\n${'y'.repeat(2000)}\r\n.\r\n`, 'QUIT\r\n']);
    expect(refused).toContain('250-SIZE 1000\r\n');
    expect(refused).toContain('552 5.3.4 Error: message file too big\r\n');
    expect(readFile(sim, 'VM', '/var/mail/etudiant')).not.toContain('Subject: trop');
  });

  it('closes an idle session after smtpd_timeout with 421', async () => {
    const sim = await bootLab();
    const reply = await rawSession(sim, ['EHLO client\r\n'], { end: 'wait', waitSeconds: 400 });
    expect(reply.endsWith('421 4.4.2 vm Error: timeout exceeded\r\n')).toBe(true);
    expect(mailLog(sim).map(normalize)).toContain('postfix/smtpd[PID]: timeout after EHLO from localhost[127.0.0.1]');
  });

  it('bounces what would exceed mailbox_size_limit and leaves the mailbox as it was', async () => {
    const sim = await bootLab();
    await rawSession(sim, [...HEAD, `Subject: premier\r\n\r\n${'p'.repeat(3000)}\r\n.\r\n`, 'QUIT\r\n']);
    const before = readFile(sim, 'VM', '/var/mail/etudiant');
    sim.host('VM').machine.fs.writeFile('/etc/postfix/main.cf', 'mailbox_size_limit = 4000\nmessage_size_limit = 3000\n', ROOT, { append: true });
    await runProgram(sim, 'VM', async (proc) => {
      const c = proc.spawn(['systemctl', 'reload', 'postfix']);
      return 'error' in c ? 127 : c.wait();
    });
    await rawSession(sim, [...HEAD, `Subject: second\r\n\r\n${'z'.repeat(800)}\r\n.\r\n`, 'QUIT\r\n']);
    expect(readFile(sim, 'VM', '/var/mail/etudiant')).toBe(before);
    expect(mailLog(sim).map(normalize).some((l) => l.endsWith('dsn=5.2.2, status=bounced (cannot update mailbox /var/mail/etudiant for user etudiant. error writing message: File too large)'))).toBe(true);
    expect(readFile(sim, 'VM', '/var/mail/toto')).toContain('Subject: Undelivered Mail Returned to Sender\n');
    mailboxOk(sim, 'toto');
  });

  it('defers local mail while mailbox_size_limit is below message_size_limit (local cannot start)', async () => {
    const sim = await bootLab();
    sim.host('VM').machine.fs.writeFile('/etc/postfix/main.cf', 'mailbox_size_limit = 4000\n', ROOT, { append: true });
    await runProgram(sim, 'VM', async (proc) => {
      const c = proc.spawn(['systemctl', 'reload', 'postfix']);
      return 'error' in c ? 127 : c.wait();
    });
    await rawSession(sim, [...HEAD, 'Subject: attente\r\n\r\nok\r\n.\r\n', 'QUIT\r\n']);
    const log = mailLog(sim).map(normalize);
    expect(log).toContain('postfix/local[PID]: fatal: main.cf configuration error: mailbox_size_limit is smaller than message_size_limit');
    expect(log.some((l) => /^postfix\/error\[PID\]: QID: to=<etudiant@mail128\.com>, relay=local, delay=D, delays=D, dsn=4\.3\.0, status=deferred \(unknown mail transport error\)$/.test(l))).toBe(true);
    expect(readFile(sim, 'VM', '/var/mail/etudiant')).toBe('<ENOENT>');
  });

  it('survives junk in the queue directories', async () => {
    const sim = await bootLab();
    const fs = sim.host('VM').machine.fs;
    fs.mkdir('/var/spool/postfix/deferred/A', ROOT, { parents: true });
    fs.writeFile('/var/spool/postfix/deferred/A/ABCDE160001', 'garbage\u0000\u00ff', ROOT);
    fs.writeFile('/var/spool/postfix/maildrop/12345160002', 'not a maildrop file', ROOT);
    await runFor(sim, 400);
    expect(fs.stat('/var/spool/postfix/corrupt/12345160002', ROOT).ok).toBe(true);
    await rawSession(sim, [...HEAD, 'Subject: apres\r\n\r\nok\r\n.\r\n', 'QUIT\r\n']);
    expect(readFile(sim, 'VM', '/var/mail/etudiant')).toContain('Subject: apres\n');
  });
});
