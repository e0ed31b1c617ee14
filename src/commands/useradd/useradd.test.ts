import { describe, it, expect } from 'vitest';
import { TestHost } from '../testing/host-run.ts';
import { useradd } from './useradd.ts';
import { usermod } from '../usermod/usermod.ts';
import { userdel } from '../userdel/userdel.ts';
import { chpasswd } from '../chpasswd/chpasswd.ts';
import { groups } from '../groups/groups.ts';
import { getent } from '../getent/getent.ts';
import { verifyPassword } from '../../os/users/sha512-crypt.ts';

const ROOT = { uid: 0, gid: 0, groups: [0] };

describe('useradd', () => {
  it('writes the passwd line of seed 002 and no home', async () => {
    const t = new TestHost('S54');
    expect(await t.run(useradd, ['useradd', 'etudiant'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(t.read('/etc/passwd').split('\n').slice(-2)).toEqual(['etudiant:x:1001:1001::/home/etudiant:/bin/sh', '']);
    expect(t.read('/etc/group')).toContain('\netudiant:x:1001:\n');
    expect(t.read('/etc/shadow')).toMatch(/\netudiant:!:\d+:0:99999:7:::\n/);
    expect(t.read('/etc/gshadow')).toContain('\netudiant:!::\n');
    expect(t.host.fs.stat('/home/etudiant', ROOT).ok).toBe(false);
    expect(t.read('/etc/passwd-')).not.toContain('etudiant');
    expect(t.logged.map((m) => `${m.facility} ${m.tag}[${m.pid}]: ${m.message}`)).toEqual([
      expect.stringMatching(/^auth useradd\[\d+\]: new group: name=etudiant, GID=1001$/),
      expect.stringMatching(/^auth useradd\[\d+\]: new user: name=etudiant, UID=1001, GID=1001, home=\/home\/etudiant, shell=\/bin\/sh, from=none$/),
    ]);
  });

  it('creates the home from /etc/skel with -m, shell and groups from options', async () => {
    const t = new TestHost('vm');
    await t.run(useradd, ['useradd', '-m', '-s', '/bin/bash', '-G', 'mail,users', '-c', 'Toto', 'toto']);
    expect(t.read('/etc/passwd')).toContain('\ntoto:x:1001:1001:Toto:/home/toto:/bin/bash\n');
    const st = t.host.fs.stat('/home/toto/.profile', ROOT);
    expect(st.ok && st.value.uid).toBe(1001);
    expect(t.read('/etc/group')).toMatch(/\nmail:x:8:toto\n/);
  });

  it('refuses an existing user with exit 9', async () => {
    const t = new TestHost('vm');
    expect(await t.run(useradd, ['useradd', 'debian'])).toMatchObject({ code: 9, stderr: "useradd: user 'debian' already exists\n" });
  });
});

describe('usermod, userdel, chpasswd, groups, getent', () => {
  it('usermod -c sets the GECOS label of seed 002 and -aG appends a group', async () => {
    const t = new TestHost('S54');
    await t.run(useradd, ['useradd', 'etudiant']);
    expect(await t.run(usermod, ['usermod', '-c', 'Toto', 'etudiant'])).toMatchObject({ code: 0, stdout: '' });
    expect(t.read('/etc/passwd').split('\n').slice(-2)[0]).toBe('etudiant:x:1001:1001:Toto:/home/etudiant:/bin/sh');
    await t.run(usermod, ['usermod', '-aG', 'mail', 'etudiant']);
    expect(await t.run(groups, ['groups', 'etudiant'])).toMatchObject({ stdout: 'etudiant : etudiant mail\n' });
    expect(await t.run(usermod, ['usermod', '-c', 'Toto', 'etudiant'])).toMatchObject({ stdout: 'usermod: no changes\n' });
  });

  it('chpasswd sets hashes from user:password lines', async () => {
    const t = new TestHost('vm');
    await t.run(useradd, ['useradd', 'toto']);
    expect(await t.run(chpasswd, ['chpasswd'], { stdin: 'toto:Toto123\n' })).toMatchObject({ code: 0 });
    const hash = /\ntoto:([^:]*):/.exec(t.read('/etc/shadow'))![1];
    expect(verifyPassword('Toto123', hash)).toBe(true);
    expect(await t.run(chpasswd, ['chpasswd'], { stdin: 'nobody2:x\n' })).toMatchObject({ code: 1, stderr: "chpasswd: line 1: user 'nobody2' does not exist\nchpasswd: error detected, changes ignored\n" });
  });

  it('userdel -r removes the account, its group and its home', async () => {
    const t = new TestHost('vm');
    await t.run(useradd, ['useradd', '-m', 'toto']);
    const r = await t.run(userdel, ['userdel', '-r', 'toto']);
    expect(r).toMatchObject({ code: 0, stderr: 'userdel: toto mail spool (/var/mail/toto) not found\n' });
    expect(t.read('/etc/passwd')).not.toContain('toto');
    expect(t.read('/etc/group')).not.toContain('toto');
    expect(t.host.fs.stat('/home/toto', ROOT).ok).toBe(false);
    expect(await t.run(userdel, ['userdel', 'toto'])).toMatchObject({ code: 6, stderr: "userdel: user 'toto' does not exist\n" });
  });

  it('getent prints account entries and exits 2 for unknown keys', async () => {
    const t = new TestHost('vm');
    expect(await t.run(getent, ['getent', 'passwd', 'root', '1000'])).toMatchObject({ code: 0, stdout: 'root:x:0:0:root:/root:/bin/bash\ndebian:x:1000:1000:debian,,,:/home/debian:/bin/bash\n' });
    expect(await t.run(getent, ['getent', 'group', 'nope'])).toMatchObject({ code: 2, stdout: '' });
  });
});
