// Postfix running on a simulated host: the recorded SMTP sessions replayed against it from the
// server itself (127.0.0.1) and from the client (192.168.0.28) give the recorded replies, mail.log
// lines and /var/mail files (../shared/fidelity/smtp). Normalized: PIDs, queue IDs, delays, dates
// and Message-Id time stamps (they differ between any two real runs; see normalize()).
import { describe, expect, it } from 'vitest';
import { bootLab, fidelity, mailLog, normalize, readFile, replaySmtp, runFor, runProgram, sessionLines } from './postfix-lab.ts';

const dec = new TextDecoder();

function serverLines(session: string): string[] {
  return sessionLines(session).filter((l) => l.kind === 'S').map((l) => l.text);
}

describe('postfix delivery (fidelity lab)', () => {
  it('starts master with its daemons and logs as Debian', async () => {
    const sim = await bootLab();
    const ps = sim.host('VM').machine.processes.list().map((p) => p.argv.join(' '));
    expect(ps).toContain('/usr/lib/postfix/sbin/master -w');
    expect(ps).toContain('qmgr -l -t unix -u');
    expect(ps).toContain('pickup -l -t unix -u -c');
    expect(mailLog(sim).map(normalize)).toContain('postfix/master[PID]: daemon started -- version 3.7.11, configuration /etc/postfix');
    expect(readFile(sim, 'VM', '/var/spool/postfix/pid/master.pid')).toMatch(/^ {28,31}\d+\n$/);
  });

  it('replays the two first sessions: replies, log lines and the mailbox as recorded', async () => {
    const sim = await bootLab();
    const s1 = fidelity('smtp/sessions/smtp_01_local_ehlo_lowercase.txt');
    const got1 = await replaySmtp(sim, 'VM', '127.0.0.1', sessionLines(s1));
    expect(got1.map(normalize)).toEqual(serverLines(s1).map(normalize));
    await runFor(sim, 2);
    const s2 = fidelity('smtp/sessions/smtp_02_remote_helo_uppercase.txt');
    const got2 = await replaySmtp(sim, 'CLIENT', '192.168.0.1', sessionLines(s2));
    expect(got2.map(normalize)).toEqual(serverLines(s2).map(normalize));
    await runFor(sim, 2);

    const recorded = fidelity('smtp/logs/mail.log')
      .split('\n')
      .slice(0, 14)
      .map((l) => normalize(l.slice(l.indexOf('postfix/'))));
    const log = mailLog(sim).map(normalize).filter((l) => !l.includes('daemon started'));
    // Deliberate difference: our smtpd logs "disconnect" when QUIT arrives, after local(8) when the
    // client waits for the 250 before sending QUIT; the set of lines and each line are the same.
    expect([...log].sort()).toEqual([...recorded].sort());

    const mbox = readFile(sim, 'VM', '/var/mail/etudiant');
    expect(normalize(mbox)).toBe(normalize(fidelity('smtp/mbox/var_mail_etudiant.mbox')));
    const st = sim.host('VM').machine.fs.stat('/var/mail/etudiant', { uid: 0, gid: 0, groups: [0] });
    expect(st.ok && st.value.mode).toBe(0o600);
  });

  it('answers postfix reload, stop and start with the master lines of mail.log.full', async () => {
    const sim = await bootLab();
    const ps = (): string[] => sim.host('VM').machine.processes.list().filter((p) => p.state !== 'Z').map((p) => `${p.pid} ${p.argv.join(' ')}`);
    const run = async (argv: string[]): Promise<string> => {
      let err = '';
      const sink = { tty: null, write: (d: Uint8Array | string) => (err += typeof d === 'string' ? d : dec.decode(d)), close() {} };
      await runProgram(sim, 'VM', async (proc) => {
        const c = proc.spawn(argv, { stdout: sink, stderr: sink });
        return 'error' in c ? 127 : c.wait();
      });
      await runFor(sim, 1);
      return err;
    };
    const qmgrBefore = ps().find((l) => l.includes(' qmgr '));
    await run(['postfix', 'reload']);
    // A reload replaces the daemons (new pids), master stays.
    expect(ps().find((l) => l.includes(' qmgr '))).not.toBe(qmgrBefore);
    await run(['postfix', 'stop']);
    expect(ps().some((l) => l.includes('master'))).toBe(false);
    expect(ps().some((l) => / (qmgr|pickup) /.test(l))).toBe(false);
    await run(['postfix', 'start']);
    const masters = mailLog(sim)
      .filter((l) => l.startsWith('postfix/master'))
      .map(normalize);
    const recorded = fidelity('smtp/logs/mail.log.full')
      .split('\n')
      .filter((l) => l.includes(' postfix/master['))
      .slice(0, 4)
      .map((l) => normalize(l.slice(l.indexOf('postfix/'))));
    expect(masters).toEqual(['postfix/master[PID]: daemon started -- version 3.7.11, configuration /etc/postfix', ...recorded.slice(0, 3)]);
  });

  it('serves two clients at once with two smtpd processes', async () => {
    const sim = await bootLab();
    const s1 = fidelity('smtp/sessions/smtp_01_local_ehlo_lowercase.txt');
    const s2 = fidelity('smtp/sessions/smtp_02_remote_helo_uppercase.txt');
    await Promise.all([replaySmtp(sim, 'VM', '127.0.0.1', sessionLines(s1)), replaySmtp(sim, 'CLIENT', '192.168.0.1', sessionLines(s2))]);
    await runFor(sim, 2);
    const pids = new Set(mailLog(sim).filter((l) => l.includes('connect from')).map((l) => /\[(\d+)\]/.exec(l)?.[1]));
    expect(pids.size).toBe(2);
    expect((readFile(sim, 'VM', '/var/mail/etudiant').match(/^From toto@mail128\.com /gm) ?? []).length).toBe(2);
  });

  it('listens only on loopback after inet_interfaces = loopback-only and a restart', async () => {
    const sim = await bootLab();
    sim.host('VM').machine.fs.writeFile('/etc/postfix/main.cf', 'inet_interfaces = loopback-only\n', { uid: 0, gid: 0, groups: [0] }, { append: true });
    await runProgram(sim, 'VM', async (proc) => {
      const c = proc.spawn(['systemctl', 'restart', 'postfix']);
      return 'error' in c ? 127 : c.wait();
    });
    const remote = await replaySmtp(sim, 'CLIENT', '192.168.0.1', [{ kind: 'S', text: '220' }]);
    expect(remote).toEqual([]);
    const local = await replaySmtp(sim, 'VM', '127.0.0.1', [{ kind: 'S', text: '220' }, { kind: 'C', text: 'QUIT' }, { kind: 'S', text: '221' }]);
    expect(local).toEqual(['220 vm ESMTP Postfix (Debian/GNU)', '221 2.0.0 Bye']);
  });
});
