import { describe, it, expect } from 'vitest';
import { tail } from './tail.ts';
import { SIGINT } from '../../os/program.ts';
import { run, LANG_C } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

const SYSLOG = [
  'Nov  7 15:09:01 s54 CRON[235921]: (root) CMD (  [ -x /usr/lib/php/sessionclean ] && if [ ! -d /run/systemd/system ]; then /usr/lib/php/sessionclean; fi)',
  'Nov  7 15:09:10 s54 systemd[1]: Starting Clean php session files...',
  'Nov  7 15:09:10 s54 systemd[1]: phpsessionclean.service: Succeeded.',
  'Nov  7 15:09:10 s54 systemd[1]: Finished Clean php session files.',
  'Nov  7 15:10:33 s54 postfix/pickup[235834]: 487538062A: uid=1001 from=<etudiant@s54>',
  'Nov  7 15:10:33 s54 postfix/cleanup[235988]: 487538062A: message-id=<20221107141033.487538062A@tp541.iut>',
  'Nov  7 15:10:33 s54 postfix/qmgr[235835]: 487538062A: from=<etudiant@s54>, size=302, nrcpt=1 (queue active)',
  'Nov  7 15:10:33 s54 postfix/local[235990]: 487538062A: to=<etudiant@tp541.iut>, orig_to=<root@s54>, relay=local, delay=0.29, delays=0.26/0.01/0/0.03, dsn=2.0.0, status=sent (delivered to mailbox)',
  'Nov  7 15:10:33 s54 postfix/qmgr[235835]: 487538062A: removed',
  'Nov  7 15:17:01 s54 CRON[236005]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)',
];

function logFs(): TestFs {
  const older = Array.from({ length: 30 }, (_, i) => `Nov  7 14:${String(i + 10)}:00 s54 kernel: line ${i}`);
  return new TestFs().put('/var/log/syslog', [...older, ...SYSLOG].join('\n') + '\n', { gid: 4, mode: 0o640 });
}

describe('tail', () => {
  it('prints the last 10 lines of syslog as in seed 002', async () => {
    const r = await run(tail, { argv: ['tail', '-n', '10', 'syslog'], cwd: '/var/log', fs: logFs() });
    expect(r.stdout).toBe(SYSLOG.join('\n') + '\n');
  });

  it('takes -N, -n +N and -c', async () => {
    const fs = new TestFs().put('/f', '1\n2\n3');
    expect((await run(tail, { argv: ['tail', '-2', '/f'], fs })).stdout).toBe('2\n3');
    expect((await run(tail, { argv: ['tail', '-n', '+2', '/f'], fs })).stdout).toBe('2\n3');
    expect((await run(tail, { argv: ['tail', '-c', '2', '/f'], fs })).stdout).toBe('\n3');
  });

  it('follows a growing file until ^C', async () => {
    const fs = new TestFs().put('/var/log/mail.log', 'first\n');
    const append = (s: string) => fs.writeFile('/var/log/mail.log', s, { uid: 0, gid: 0, groups: [] }, { append: true });
    const r = await run(tail, {
      argv: ['tail', '-f', '/var/log/mail.log'],
      fs,
      env: LANG_C,
      hooks: [
        { at: 2.5, run: () => append('second\n') },
        { at: 4.5, run: () => fs.writeFile('/var/log/mail.log', 'x\n', { uid: 0, gid: 0, groups: [] }) },
        { at: 7, run: (h) => h.signal(SIGINT) },
      ],
    });
    expect(r.stdout).toBe('first\nsecond\nx\n');
    expect(r.stderr).toBe('tail: /var/log/mail.log: file truncated\n');
    expect(r.code).toBe(130);
  });

  it('reports unreadable files', async () => {
    const r = await run(tail, { argv: ['tail', 'nope'], env: LANG_C });
    expect(r.stderr).toBe("tail: cannot open 'nope' for reading: No such file or directory\n");
    expect(r.code).toBe(1);
  });
});
