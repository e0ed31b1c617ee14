// popa3d 1.0.3 running standalone (-D) on the simulated server against its Debian 12 recordings
// (../fidelity/pop3/popa3d): every session replayed from 127.0.0.1, its syslog and auth.log lines,
// and the mbox after DELE + QUIT. Normalized: the PIDs of the popa3d[PID] tags (they differ between
// runs). UIDLs are not normalized: popa3d derives them from the message headers only.
import { describe, expect, it } from 'vitest';
import { popa3d } from '../../src/services/popa3d/popa3d.ts';
import { dovecotCommand } from '../../src/services/dovecot/dovecot-command.ts';
import { RawClient, fidelity, installDovecot, logLines, mailLab, readMailbox, replay, type MailLab } from './mail-lab.ts';

const SESSIONS = ['popa3d_01_local_full', 'popa3d_02_local_errors', 'popa3d_02b_local_root', 'popa3d_02c_local_unknown_user', 'popa3d_03_local_dele_quit'];
const noPid = (l: string): string => l.replace(/^(\S+)\[\d+\]/, '$1[PID]');
const recordedLines = (file: string): string[] =>
  fidelity(`pop3/popa3d/${file}`)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => noPid(l.replace(/^\S+ vm /, '')));

async function start(): Promise<MailLab> {
  const ml = mailLab();
  ml.server.start(popa3d, ['/usr/sbin/popa3d', '-D']);
  await ml.lab.run(1);
  return ml;
}

describe('popa3d: the recorded sessions', () => {
  it('popa3d -V', async () => {
    const ml = mailLab();
    const r = await ml.server.run(popa3d, ['popa3d', '-V']);
    expect(r.stdout).toBe(fidelity('pop3/popa3d/popa3d-V.txt'));
  });

  it('replays every session in order, with the recorded syslog and auth.log lines', async () => {
    const ml = await start();
    for (const name of SESSIONS) {
      const t = fidelity(`pop3/popa3d/sessions/${name}.txt`);
      expect(await replay(ml, t, ml.server, '127.0.0.1', 110), name).toBe(t);
    }
    expect(logLines(ml.logs, 'daemon').map(noPid)).toEqual(recordedLines('syslog_popa3d_lines.txt'));
    expect(logLines(ml.logs, 'authpriv').map(noPid)).toEqual(recordedLines('auth.log_during_popa3d.txt'));
    // Each session is its own process: "Session from" and the lines after it share a PID.
    const pids = logLines(ml.logs, 'daemon').map((l) => /\[(\d+)\]/.exec(l)?.[1]);
    expect(new Set(pids).size).toBe(5);
  });

  it('DELE 2 + QUIT cuts message 2 out of /var/mail/etudiant as popa3d did', async () => {
    const ml = await start();
    await replay(ml, fidelity('pop3/popa3d/sessions/popa3d_03_local_dele_quit.txt'), ml.server, '127.0.0.1', 110);
    expect(readMailbox(ml.server, 'etudiant')).toBe(fidelity('pop3/popa3d/var_mail_etudiant_after_popa3d_dele_quit.mbox'));
  });

  it('remote clients too (standalone listens on 0.0.0.0:110); a dropped session logs "Premature disconnect"', async () => {
    const ml = await start();
    const c = new RawClient(ml, ml.client, '192.168.0.1', 110);
    await c.run(1);
    c.send('USER etudiant\r\nPASS etudiant\r\nDELE 1\r\n');
    await c.run(1);
    expect(c.received).toBe('+OK\r\n+OK\r\n+OK\r\n+OK\r\n');
    c.conn.abort();
    await c.run(1);
    expect(logLines(ml.logs, 'daemon').map(noPid)).toEqual([
      'popa3d[PID]: Session from 192.168.0.28',
      'popa3d[PID]: Authentication passed for etudiant',
      'popa3d[PID]: 7 messages (2898 bytes) loaded',
      'popa3d[PID]: Premature disconnect',
    ]);
    expect(readMailbox(ml.server, 'etudiant')).toBe(fidelity('mailutils/var_mail_etudiant_before_reading.mbox'));
  });

  it('bad input: NUL bytes, long lines, garbage numbers get -ERR; the daemon keeps serving', async () => {
    const ml = await start();
    const c = new RawClient(ml, ml.server, '127.0.0.1', 110);
    await c.run(1);
    c.send(Uint8Array.from([0x53, 0x54, 0x00, 0x41, 0x54, 0x0d, 0x0a]));
    c.send(`USER ${'x'.repeat(100000)}\r\n`);
    c.send('USER etudiant\r\nPASS etudiant\r\nLIST -1\r\nLIST 1 2\r\nTOP 1\r\nRETR 99999999999\r\nLIST 1\r\nQUIT\r\n');
    await c.run(2);
    expect(c.received).toBe('+OK\r\n-ERR\r\n-ERR\r\n+OK\r\n+OK\r\n-ERR\r\n-ERR\r\n-ERR\r\n-ERR\r\n+OK 1 501\r\n+OK\r\n');
    const again = await replay(ml, 'C: QUIT\n', ml.server, '127.0.0.1', 110);
    expect(again).toBe('S: +OK\nC: QUIT\nS: +OK\n[connection closed by server]\n');
  });

  it('mail delivered during the session survives the rewrite at QUIT', async () => {
    const ml = await start();
    const c = new RawClient(ml, ml.server, '127.0.0.1', 110);
    await c.run(1);
    c.send('USER etudiant\r\nPASS etudiant\r\nDELE 2\r\n');
    await c.run(1);
    const late = 'From toto@mail128.com  Sun Nov 22 04:00:00 2026\nSubject: late\n\nhello\n\n';
    const fs = ml.server.host.fs;
    fs.writeFile('/var/mail/etudiant', late, { uid: 0, gid: 0, groups: [0] }, { append: true });
    c.send('QUIT\r\n');
    await c.run(1);
    const after = readMailbox(ml.server, 'etudiant');
    expect(after).toBe(fidelity('pop3/popa3d/var_mail_etudiant_after_popa3d_dele_quit.mbox') + late);
  });

  it('without -D: one session on stdin/stdout (inetd mode)', async () => {
    const ml = mailLab();
    const p = ml.server.start(popa3d, ['/usr/sbin/popa3d']);
    p.type('USER etudiant\r\nPASS etudiant\r\nSTAT\r\nQUIT\r\n');
    await p.until(() => p.code !== null, 10);
    expect(p.stdout).toBe('+OK\r\n+OK\r\n+OK\r\n+OK 7 2898\r\n+OK\r\n');
    expect(p.code).toBe(0);
    expect(logLines(ml.logs, 'daemon').map(noPid)).toEqual([
      'popa3d[PID]: Authentication passed for etudiant',
      'popa3d[PID]: 7 messages (2898 bytes) loaded',
      'popa3d[PID]: 0 (0) deleted, 7 (2898) left',
    ]);
  });

  it('inetd mode, wrong password: the reply and the log line come after PAM\'s delay', async () => {
    const ml = mailLab();
    const p = ml.server.start(popa3d, ['/usr/sbin/popa3d']);
    p.type('USER etudiant\r\nPASS faux\r\n');
    await ml.lab.run(1);
    expect(p.stdout).toBe('+OK\r\n+OK\r\n');
    await p.until(() => p.code !== null, 5);
    expect(p.stdout).toBe('+OK\r\n+OK\r\n-ERR Authentication failed (bad password?)\r\n');
    expect(logLines(ml.logs, 'daemon').map(noPid)).toEqual(['popa3d[PID]: Authentication failed for etudiant']);
  });

  it('port 110 taken by popa3d: Dovecot cannot start its listeners', async () => {
    const ml = await start();
    installDovecot(ml.server);
    const r = await ml.server.run(dovecotCommand, ['/usr/sbin/dovecot', '-F']);
    expect([r.code, r.stderr]).toEqual([89, 'Error: service(pop3-login): listen(*, 110) failed: Address already in use\nFatal: Failed to start listeners\n']);
    expect(logLines(ml.logs, 'mail')).toEqual([
      'dovecot: master: Error: service(pop3-login): listen(*, 110) failed: Address already in use',
      'dovecot: master: Fatal: Failed to start listeners',
    ]);
    expect(ml.server.net.tcp.listeners().map((l) => l.localPort)).toEqual([110]);
  });
});
