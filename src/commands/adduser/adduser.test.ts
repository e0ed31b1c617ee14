import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { verifyPassword } from '../../os/users/sha512-crypt.ts';
import { lf, TestHost } from '../testing/host-run.ts';
import { adduser } from './adduser.ts';

const FIDELITY = new URL('../../../../shared/fidelity/daemons/', import.meta.url);
const ROOT = { uid: 0, gid: 0, groups: [0] };
const TTY = { columns: 80, rows: 24 };

describe('adduser', () => {
  it('runs the whole interactive dialogue on a terminal, password unechoed', async () => {
    const t = new TestHost('vm');
    const r = await t.run(adduser, ['adduser', 'foo'], {
      tty: TTY,
      keys: ['Secret1\r', 'Secret1\r', 'Foo Bar\r', '\r', '\r', '\r', '\r', 'y\r'],
    });
    expect(r.code).toBe(0);
    expect(lf(r.screen)).toBe(
      "Adding user `foo' ...\n" +
        "Adding new group `foo' (1001) ...\n" +
        "Adding new user `foo' (1001) with group `foo (1001)' ...\n" +
        "Creating home directory `/home/foo' ...\n" +
        "Copying files from `/etc/skel' ...\n" +
        'New password: \n' +
        'Retype new password: \n' +
        'passwd: password updated successfully\n' +
        'Changing the user information for foo\n' +
        'Enter the new value, or press ENTER for the default\n' +
        '\tFull Name []: Foo Bar\n' +
        '\tRoom Number []: \n' +
        '\tWork Phone []: \n' +
        '\tHome Phone []: \n' +
        '\tOther []: \n' +
        'Is the information correct? [Y/n] y\n' +
        "Adding new user `foo' to supplemental / extra groups `users' ...\n" +
        "Adding user `foo' to group `users' ...\n",
    );
    expect(t.read('/etc/passwd')).toContain('\nfoo:x:1001:1001:Foo Bar,,,:/home/foo:/bin/bash\n');
    expect(t.read('/etc/group')).toContain('\nfoo:x:1001:\n');
    expect(t.read('/etc/group')).toMatch(/\nusers:x:100:(\w+,)*foo\n/);
    const hash = /\nfoo:([^:]*):/.exec(t.read('/etc/shadow'))![1];
    expect(verifyPassword('Secret1', hash)).toBe(true);
    const home = t.host.fs.stat('/home/foo', ROOT);
    expect(home.ok && { mode: home.value.mode, uid: home.value.uid, gid: home.value.gid }).toEqual({ mode: 0o700, uid: 1001, gid: 1001 });
    const bashrc = t.host.fs.stat('/home/foo/.bashrc', ROOT);
    expect(bashrc.ok && bashrc.value.uid).toBe(1001);
    expect(t.logged.map((m) => `${m.tag}: ${m.message}`)).toContain('useradd: new user: name=foo, UID=1001, GID=1001, home=/home/foo, shell=/bin/bash, from=/dev/pts/9');
  });

  it('asks again after mismatched passwords and re-asks chfn on n', async () => {
    const t = new TestHost('vm');
    const r = await t.run(adduser, ['adduser', 'bar'], {
      tty: TTY,
      keys: ['one\r', 'two\r', 'y\r', 'Pw123456\r', 'Pw123456\r', 'Bar\r', '\r', '\r', '\r', '\r', 'n\r', '\r', '12\r', '\r', '\r', '\r', '\r'],
    });
    const screen = lf(r.screen);
    expect(screen).toContain(
      'New password: \nRetype new password: \nSorry, passwords do not match.\npasswd: Authentication token manipulation error\npasswd: password unchanged\nTry again? [y/N] y\nNew password: \n',
    );
    expect(screen).toContain('Is the information correct? [Y/n] n\nChanging the user information for bar\nEnter the new value, or press ENTER for the default\n\tFull Name [Bar]: \n\tRoom Number []: 12\n');
    expect(t.read('/etc/passwd')).toContain('\nbar:x:1001:1001:Bar,12,,:/home/bar:/bin/bash\n');
  });

  it('matches the recorded non-interactive output for two users', async () => {
    const t = new TestHost('vm');
    const a = await t.run(adduser, ['adduser', '--disabled-password', '--gecos', '', 'etudiant']);
    const b = await t.run(adduser, ['adduser', '--disabled-password', '--gecos', '', 'toto']);
    expect(a.stdout + b.stdout).toBe(readFileSync(new URL('adduser_users.txt', FIDELITY), 'utf8'));
    // adduser runs `chfn -f ""`, which writes the four GECOS fields (checked on Debian 12).
    expect(t.read('/etc/passwd')).toContain('\netudiant:x:1001:1001:,,,:/home/etudiant:/bin/bash\ntoto:x:1002:1002:,,,:/home/toto:/bin/bash\n');
  });

  it('refuses an existing user and a non-root caller', async () => {
    const t = new TestHost('vm');
    expect(await t.run(adduser, ['adduser', '--disabled-login', '--gecos', '', 'debian'])).toMatchObject({ code: 1, stderr: "adduser: The user `debian' already exists.\n" });
    expect(await t.run(adduser, ['adduser', 'x'], { user: 'debian' })).toMatchObject({ code: 1, stderr: 'adduser: Only root may add a user or group to the system.\n' });
  });

  it('speaks French under fr_FR.UTF-8 as Debian 12 does', async () => {
    const t = new TestHost('vm');
    const r = await t.run(adduser, ['adduser', '--disabled-password', '--gecos', '', 'toto'], { env: { LANG: 'fr_FR.UTF-8' } });
    // Recorded on Debian 12 (adduser 3.134): « » quotes with no-break spaces.
    expect(r.stdout).toBe(
      "Ajout de l'utilisateur «\u00a0toto\u00a0» ...\n" +
        'Ajout du nouveau groupe «\u00a0toto\u00a0» (1001) ...\n' +
        'Ajout du nouvel utilisateur «\u00a0toto\u00a0» (1001) avec le groupe «\u00a0toto\u00a0» (1001) ...\n' +
        'Création du répertoire personnel «\u00a0/home/toto\u00a0» ...\n' +
        'Copie des fichiers depuis «\u00a0/etc/skel\u00a0» ...\n' +
        'Ajout du nouvel utilisateur «\u00a0toto\u00a0» aux groupes supplémentaires «\u00a0users\u00a0» ...\n' +
        "Ajout de l'utilisateur «\u00a0toto\u00a0» au groupe «\u00a0users\u00a0» ...\n",
    );
  });

  it('rejects names as adduser 3.134 does', async () => {
    const t = new TestHost('vm');
    expect(await t.run(adduser, ['adduser', 'Toto'])).toMatchObject({
      code: 13,
      stderr: "adduser: Please enter a username matching the regular expression\n            configured via the NAME_REGEX configuration variable.  Use the\n            `--allow-bad-names' option to relax this check or reconfigure\n            NAME_REGEX in configuration.\n",
    });
    expect(await t.run(adduser, ['adduser', '123'])).toMatchObject({ code: 13, stderr: 'adduser: To avoid ambiguity with numerical UIDs, usernames which\n            consist of only digits are not allowed.\n' });
    expect(await t.run(adduser, ['adduser'])).toMatchObject({ code: 1, stderr: 'adduser: Only one or two names allowed.\n' });
  });

  it('adds an existing user to a group with adduser USER GROUP', async () => {
    const t = new TestHost('vm');
    const r = await t.run(adduser, ['adduser', 'debian', 'mail']);
    expect(r).toMatchObject({ code: 0, stdout: "Adding user `debian' to group `mail' ...\nDone.\n" });
    expect(t.read('/etc/group')).toMatch(/\nmail:x:8:debian\n/);
    expect(await t.run(adduser, ['adduser', 'debian', 'mail'])).toMatchObject({ code: 0, stdout: '', stderr: "adduser: The user `debian' is already a member of `mail'.\n" });
  });
});
