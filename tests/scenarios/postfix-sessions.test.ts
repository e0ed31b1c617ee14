// The rest of the recorded SMTP sessions against the running Postfix, in the recorded order:
// rejections (NOQUEUE lines), a message deferred for an unreachable MX (mailq shows it), one
// bounced for a domain that does not exist (the non-delivery report in toto's mailbox), relay
// refused, and the alias that works only after newaliases (the "has changed -- restarting" lines).
// Normalized as in postfix-delivery.test.ts: PIDs, queue IDs, delays, dates, time stamps.
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/sim/index.ts';
import { bootLab, fidelity, mailLog, normalize, readFile, replaySmtp, runFor, runProgram, sessionLines, startFakeDns } from './postfix-lab.ts';

const dec = new TextDecoder();

function serverLines(session: string): string[] {
  return sessionLines(session).filter((l) => l.kind === 'S').map((l) => l.text);
}

/** The recorded mail.log lines first..last (1-based, inclusive), normalized, without timestamps. */
function recordedLog(first: number, last: number): string[] {
  return fidelity('smtp/logs/mail.log')
    .split('\n')
    .slice(first - 1, last)
    .map((l) => normalize(l.slice(l.indexOf('postfix/'))));
}

async function play(sim: Simulation, file: string, host: 'VM' | 'CLIENT'): Promise<void> {
  const s = fidelity(`smtp/sessions/${file}`);
  const got = await replaySmtp(sim, host, host === 'VM' ? '127.0.0.1' : '192.168.0.1', sessionLines(s));
  expect(got.map(normalize)).toEqual(serverLines(s).map(normalize));
  await runFor(sim, 2);
}

async function run(sim: Simulation, argv: string[], user = 'root'): Promise<{ code: number; out: string; err: string }> {
  const machine = sim.host('VM').machine;
  let out = '';
  let err = '';
  const sink = (w: (s: string) => void) => ({ tty: null, write: (d: Uint8Array | string) => w(typeof d === 'string' ? d : dec.decode(d)), close() {} });
  const cred = user === 'root' ? { uid: 0, gid: 0, groups: [0] } : { uid: 1001, gid: 1001, groups: [1001] };
  const code = await runProgram(sim, 'VM', async (proc) => {
    const child = proc.spawn(argv, { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), cred });
    if ('error' in child) return 127;
    return child.wait();
  });
  void machine;
  return { code, out, err };
}

const ZONE = {
  mx: { 'etudiant541.iut': [[10, 'smtp.etudiant541.iut']] as [number, string][] },
  a: { 'smtp.etudiant541.iut': '10.254.54.1', 's54.etudiant541.iut': '10.254.54.1' },
  authoritative: ['etudiant541.iut', 'mail128.com', 'in-addr.arpa'],
};

describe('postfix sessions (fidelity lab)', () => {
  it('rejects as recorded and logs NOQUEUE lines', async () => {
    const sim = await bootLab();
    startFakeDns(sim, 'VM', ZONE);
    await play(sim, 'smtp_03_remote_errors.txt', 'CLIENT');
    await play(sim, 'smtp_04_remote_recipients.txt', 'CLIENT');
    await play(sim, 'smtp_05_local_errors.txt', 'VM');
    const log = mailLog(sim).map(normalize).filter((l) => !l.includes('daemon started'));
    expect(log).toEqual(recordedLog(15, 28));
  });

  it('defers mail for an unreachable MX, bounces a domain that does not exist', async () => {
    const sim = await bootLab();
    startFakeDns(sim, 'VM', ZONE);
    await play(sim, 'smtp_06_local_relay_deferred.txt', 'VM');
    // The bounced message of the recording (its text is in the returned part of the report).
    const nowhere = [
      'S: 220 vm ESMTP Postfix (Debian/GNU)', 'C: ehlo localhost', ...Array(11).fill('S: 250'), 'C: mail from:<toto@mail128.com>', 'S: 250',
      'C: rcpt to:<quelquun@nowhere.etudiant541.iut>', 'S: 250', 'C: data', 'S: 354', 'C: From: toto@mail128.com',
      'C: To: quelquun@nowhere.etudiant541.iut', 'C: Subject: vers un domaine inexistant', 'C: ', "C: Ce message va revenir a l'expediteur.", 'C: .', 'S: 250', 'C: quit', 'S: 221',
    ].join('\n');
    await replaySmtp(sim, 'VM', '127.0.0.1', sessionLines(nowhere));
    await runFor(sim, 2);
    const log = mailLog(sim).map(normalize).filter((l) => !l.includes('daemon started'));
    const want = [...recordedLog(29, 35), ...recordedLog(42, 53)];
    expect([...log].sort()).toEqual([...want].sort());
    expect(normalize(readFile(sim, 'VM', '/var/mail/toto'))).toBe(normalize(fidelity('smtp/mbox/var_mail_toto_bounce.mbox')));

    const mailq = await run(sim, ['mailq']);
    const recorded = fidelity('smtp/admin/mailq_deferred.txt').split('\n');
    expect(mailq.out.split('\n').map(normalize)).toEqual([...recorded.slice(1, 5), '', '-- 0 Kbytes in 1 Request.', ''].map(normalize));
    expect(mailq.code).toBe(0);

    // postcat: the records we keep, in Postfix's words (client port and server address lines are not kept).
    const id = /^([0-9A-F]+) /m.exec(mailq.out)?.[1] ?? '';
    const cat = (await run(sim, ['postcat', '-q', id])).out.split('\n').map(normalize);
    const recordedCat = fidelity('smtp/admin/mailq_deferred.txt').split('\n');
    const from = recordedCat.indexOf('$ postcat -q 87658160048') + 1;
    const wantCat = recordedCat
      .slice(from, recordedCat.indexOf('# exit status: 0', from))
      .filter((l) => !/^message_size:|port=|server_address=/.test(l))
      .map(normalize);
    expect(cat.filter((l) => !l.startsWith('message_size:') && l !== '')).toEqual(wantCat.filter((l) => l !== ''));
  });

  it('defers mail for a domain whose MX lookup fails (SERVFAIL), with the recorded reason', async () => {
    const sim = await bootLab();
    startFakeDns(sim, 'VM', ZONE);
    const gmail = fidelity('smtp/sessions/smtp_06_local_relay_deferred.txt').replaceAll('quelquun@etudiant541.iut', 'quelquun@gmail.com');
    await replaySmtp(sim, 'VM', '127.0.0.1', sessionLines(gmail));
    await runFor(sim, 2);
    const line = mailLog(sim).map(normalize).find((l) => l.includes('status=deferred'));
    expect(line).toBe(recordedLog(41, 41)[0]);
  });

  it('retries deferred mail on the backoff schedule and flushes with postqueue -f', async () => {
    const sim = await bootLab();
    startFakeDns(sim, 'VM', ZONE);
    await play(sim, 'smtp_06_local_relay_deferred.txt', 'VM');
    const attempts = (): number => mailLog(sim).filter((l) => l.includes('status=deferred')).length;
    expect(attempts()).toBe(1);
    await runFor(sim, 250);
    expect(attempts()).toBe(1);
    // minimal_backoff_time 300s, then the next deferred-queue scan (queue_run_delay 300s).
    await runFor(sim, 400);
    expect(attempts()).toBe(2);
    expect((await run(sim, ['postqueue', '-f'])).code).toBe(0);
    await runFor(sim, 2);
    expect(attempts()).toBe(3);
    // After maximal_queue_lifetime (5 days) the message goes back to its sender.
    await runFor(sim, 5 * 86400 + 4500);
    const log = mailLog(sim).map(normalize);
    expect(log).toContain('postfix/qmgr[PID]: QID: from=<toto@mail128.com>, status=expired, returned to sender');
    const expired = readFile(sim, 'VM', '/var/mail/toto');
    expect(expired).toContain('<quelquun@etudiant541.iut>: connect to smtp.etudiant541.iut[10.254.54.1]:25:\n    Network is unreachable\n');
    expect((await run(sim, ['mailq'])).out).toBe('Mail queue is empty\n');
    expect(attempts()).toBeGreaterThan(60);
  });

  it('holds, releases and requeues with postsuper; refuses other users and bad usage', async () => {
    const sim = await bootLab();
    startFakeDns(sim, 'VM', ZONE);
    await play(sim, 'smtp_06_local_relay_deferred.txt', 'VM');
    expect((await run(sim, ['postsuper', '-h', 'ALL'])).err).toBe('postsuper: Placed on hold: 1 message\n');
    expect((await run(sim, ['mailq'])).out).toMatch(/^-Queue ID-.*\n[0-9A-F]+!/);
    expect((await run(sim, ['postsuper', '-H', 'ALL'])).err).toBe('postsuper: Released from hold: 1 message\n');
    expect((await run(sim, ['postsuper', '-r', 'ALL'])).err).toBe('postsuper: Requeued: 1 message\n');
    expect(await run(sim, ['postsuper', '-d', 'ALL'], 'toto')).toEqual({ code: 1, out: '', err: 'postsuper: fatal: use of this command is reserved for the superuser\n' });
    expect(await run(sim, ['postqueue'])).toEqual({
      code: 64,
      out: '',
      err: 'postqueue: fatal: usage: postqueue -f | postqueue -i queueid | postqueue -j | postqueue -p | postqueue -s site\n',
    });
    expect(await run(sim, ['postcat', '-q', 'NOSUCHID'])).toEqual({ code: 1, out: '', err: 'postcat: fatal: open queue file NOSUCHID: No such file or directory\n' });
  });

  it('logs the anvil statistics of the remote clients at reload', async () => {
    const sim = await bootLab();
    startFakeDns(sim, 'VM', ZONE);
    for (const f of ['smtp_02_remote_helo_uppercase.txt', 'smtp_03_remote_errors.txt', 'smtp_04_remote_recipients.txt', 'smtp_08_remote_relay_data.txt']) await play(sim, f, 'CLIENT');
    await run(sim, ['systemctl', 'reload', 'postfix']);
    const stamp = (l: string): string => normalize(l).replace(/at \w{3} [ \d]\d \d\d:\d\d:\d\d$/, 'at TIME');
    const anvil = mailLog(sim).filter((l) => l.startsWith('postfix/anvil')).map(stamp);
    const recorded = fidelity('smtp/logs/mail.log.full')
      .split('\n')
      .filter((l) => l.includes(' postfix/anvil['))
      .map((l) => stamp(l.slice(l.indexOf('postfix/'))));
    expect(anvil).toEqual(recorded);
  });

  it('deletes queued mail with postsuper -d', async () => {
    const sim = await bootLab();
    startFakeDns(sim, 'VM', ZONE);
    await play(sim, 'smtp_06_local_relay_deferred.txt', 'VM');
    const del = await run(sim, ['postsuper', '-d', 'ALL']);
    expect(del.err).toBe('postsuper: Deleted: 1 message\n');
    expect((await run(sim, ['mailq'])).out).toBe('Mail queue is empty\n');
  });

  it('refuses relay from the client, and delivers to an alias only after newaliases', async () => {
    const sim = await bootLab();
    startFakeDns(sim, 'VM', ZONE);
    // As in the recording, local(8) has delivered before (so it restarts when aliases.db changes).
    await play(sim, 'smtp_01_local_ehlo_lowercase.txt', 'VM');
    const before = mailLog(sim).length;
    await play(sim, 'smtp_08_remote_relay_data.txt', 'CLIENT');
    await play(sim, 'smtp_09_local_alias_before_newaliases.txt', 'VM');
    const machine = sim.host('VM').machine;
    const root = { uid: 0, gid: 0, groups: [0] };
    machine.fs.writeFile('/etc/aliases', 'admin:\tetudiant\n', root, { append: true });
    await runFor(sim, 1);
    expect((await run(sim, ['newaliases'])).code).toBe(0);
    await runFor(sim, 2);
    await play(sim, 'smtp_10_local_alias_after_newaliases.txt', 'VM');
    const log = mailLog(sim).slice(before).map(normalize);
    expect([...log].sort()).toEqual([...recordedLog(54, 68)].sort());
    const all = readFile(sim, 'VM', '/var/mail/etudiant');
    const mbox = all.slice(all.lastIndexOf('From toto@mail128.com '));
    const want = fidelity('smtp/mbox/var_mail_etudiant_after_alias.mbox');
    expect(normalize(mbox)).toBe(normalize(want.slice(want.lastIndexOf('From toto@mail128.com '))));
  });
});
