import { describe, it, expect } from 'vitest';
import { Rng } from '../../engine/rng.ts';
import { hashPassword } from '../../os/users/sha512-crypt.ts';
import { setPasswordHash } from '../../os/users/user-db.ts';
import { installProgram } from '../../os/process/executable.ts';
import type { Program } from '../../os/program.ts';
import { lf, TestHost } from '../testing/host-run.ts';
import { useradd } from '../useradd/useradd.ts';
import { su } from './su.ts';

const TTY = { columns: 80, rows: 24 };

/** A stand-in for bash: says who it is and where, runs nothing. */
const fakeBash: Program = async (p) => {
  const env = ['HOME', 'USER', 'PATH', 'SHELL'].map((k) => `${k}=${p.env.get(k) ?? ''}`).join(' ');
  p.stdout.write(`${p.argv.join(' ')} uid=${p.cred.uid} cwd=${p.cwd} ${env}\n`);
  return 0;
};
const shell = (argv: string[]): Program => async (p) => {
  const c = p.spawn(argv);
  return 'error' in c ? 127 : c.wait();
};

function lab(): TestHost {
  const t = new TestHost('vm');
  t.register('bash', fakeBash).register('su', su);
  installProgram(t.host.fs, '/bin/bash', 'bash');
  installProgram(t.host.fs, '/bin/sh', 'bash');
  installProgram(t.host.fs, '/usr/bin/su', 'su', 0o4755);
  setPasswordHash(t.host.fs, 'root', hashPassword('RootPw1', new Rng(5)), t.host.wallTimeMs());
  return t;
}

describe('su', () => {
  it('asks a user for root\'s password and starts a login shell with su -', async () => {
    const t = lab();
    const r = await t.run(shell(['su', '-']), ['sh'], { user: 'debian', tty: TTY, keys: ['RootPw1\r'] });
    expect(r.code).toBe(0);
    expect(lf(r.screen)).toBe('Password: \n-bash uid=0 cwd=/root HOME=/root USER=root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin SHELL=/bin/bash\n');
    expect(t.logged.map((m) => m.message)).toContain('(to root) debian on pts/9');
  });

  it('keeps the environment and directory without -', async () => {
    const t = lab();
    const r = await t.run(shell(['su']), ['sh'], { user: 'debian', tty: TTY, keys: ['RootPw1\r'], cwd: '/tmp' });
    expect(lf(r.screen)).toBe('Password: \nbash uid=0 cwd=/tmp HOME=/root USER=debian PATH=/usr/local/bin:/usr/bin:/bin SHELL=/bin/bash\n');
  });

  it('fails after the delay with a wrong password', async () => {
    const t = lab();
    const start = t.scheduler.now;
    const r = await t.run(shell(['su']), ['sh'], { user: 'debian', tty: TTY, keys: ['nope\r'] });
    expect(r.code).toBe(1);
    expect(lf(r.screen)).toBe('Password: \nsu: Authentication failure\n');
    expect(t.scheduler.now - start).toBeGreaterThanOrEqual(2e9);
    expect(t.logged.map((m) => m.message)).toContain('FAILED SU (to root) debian on pts/9');
  });

  it('lets root become anyone without a password, with -c', async () => {
    const t = lab();
    await t.run(useradd, ['useradd', 'etudiant']);
    const r = await t.run(shell(['su', '-', 'etudiant', '-c', 'id']), ['sh']);
    expect(r.stderr).toBe('su: warning: cannot change directory to /home/etudiant: No such file or directory\n');
    expect(r.stdout).toBe('-sh -c id uid=1001 cwd=/ HOME=/home/etudiant USER=etudiant PATH=/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games SHELL=/bin/sh\n');
  });

  it('says an unknown user does not exist', async () => {
    const t = lab();
    expect(await t.run(shell(['su', 'ghost']), ['sh'])).toMatchObject({
      code: 1,
      stderr: 'su: user ghost does not exist or the user entry does not contain all the required fields\n',
    });
  });
});
