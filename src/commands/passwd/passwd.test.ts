import { describe, it, expect } from 'vitest';
import { Rng } from '../../engine/rng.ts';
import { hashPassword, verifyPassword } from '../../os/users/sha512-crypt.ts';
import { setPasswordHash } from '../../os/users/user-db.ts';
import { installProgram } from '../../os/process/executable.ts';
import type { Program } from '../../os/program.ts';
import { lf, TestHost } from '../testing/host-run.ts';
import { useradd } from '../useradd/useradd.ts';
import { passwd } from './passwd.ts';

const TTY = { columns: 80, rows: 24 };
const hashOf = (t: TestHost, user: string) => new RegExp(`\\n${user}:([^:]*):`).exec(t.read('/etc/shadow'))![1];
const shell = (argv: string[]): Program => async (p) => {
  const c = p.spawn(argv);
  return 'error' in c ? 127 : c.wait();
};

describe('passwd', () => {
  it('prints the French prompts of seed 002 under fr_FR.UTF-8', async () => {
    // Debian 12 (recorded: Linux-PAM 1.5.2, shadow 4.13) puts a no-break space before the colons
    // and translates passwd's own line; seed 002 came from an older Debian where it was English.
    const t = new TestHost('S54');
    await t.run(useradd, ['useradd', 'etudiant']);
    const r = await t.run(passwd, ['passwd', 'etudiant'], { tty: TTY, keys: ['Etudiant1\r', 'Etudiant1\r'], env: { LANG: 'fr_FR.UTF-8' } });
    expect(r.code).toBe(0);
    expect(lf(r.screen)).toBe('Nouveau mot de passe\u00a0: \nRetapez le nouveau mot de passe\u00a0: \npasswd\u00a0: mot de passe mis à jour avec succès\n');
    expect(verifyPassword('Etudiant1', hashOf(t, 'etudiant'))).toBe(true);
  });

  it('prints the C prompts and refuses mismatched passwords', async () => {
    const t = new TestHost('vm');
    const r = await t.run(passwd, ['passwd', 'debian'], { tty: TTY, keys: ['abc\r', 'abd\r'] });
    expect(r.code).toBe(10);
    expect(lf(r.screen)).toBe(
      'New password: \nRetype new password: \nSorry, passwords do not match.\npasswd: Authentication token manipulation error\npasswd: password unchanged\n',
    );
  });

  it('asks a user for the current password first (setuid root from /usr/bin/passwd)', async () => {
    const t = new TestHost('vm');
    t.register('passwd', passwd);
    installProgram(t.host.fs, '/usr/bin/passwd', 'passwd', 0o4755);
    setPasswordHash(t.host.fs, 'debian', hashPassword('OldPass1', new Rng(3)), t.host.wallTimeMs());
    const r = await t.run(shell(['passwd']), ['sh'], { user: 'debian', tty: TTY, keys: ['OldPass1\r', 'NewPass22\r', 'NewPass22\r'] });
    expect(lf(r.screen)).toBe('Changing password for debian.\nCurrent password: \nNew password: \nRetype new password: \npasswd: password updated successfully\n');
    expect(verifyPassword('NewPass22', hashOf(t, 'debian'))).toBe(true);
    const other = await t.run(shell(['passwd', 'root']), ['sh'], { user: 'debian' });
    expect(other).toMatchObject({ code: 1, stderr: 'passwd: You may not view or modify password information for root.\n' });
  });

  it('refuses a short new password from a user and asks again, as pam_unix obscure does', async () => {
    const t = new TestHost('vm');
    t.register('passwd', passwd);
    installProgram(t.host.fs, '/usr/bin/passwd', 'passwd', 0o4755);
    setPasswordHash(t.host.fs, 'debian', hashPassword('OldPass1', new Rng(3)), t.host.wallTimeMs());
    const r = await t.run(shell(['passwd']), ['sh'], { user: 'debian', tty: TTY, keys: ['OldPass1\r', 'abc\r', 'abc\r', 'Better99\r', 'Better99\r'] });
    // Recorded on Debian 12: the strength check comes after the retype, then a new try.
    expect(lf(r.screen)).toBe(
      'Changing password for debian.\nCurrent password: \nNew password: \nRetype new password: \nYou must choose a longer password.\n' +
        'New password: \nRetype new password: \npasswd: password updated successfully\n',
    );
    expect(verifyPassword('Better99', hashOf(t, 'debian'))).toBe(true);
  });
});

