// apt-get install on a simulated Debian 12 host: the transcript of Debian's own install of
// postfix (shared/fidelity/smtp/install/apt-get_install_postfix.log), the status file and the
// files afterwards, and apt's errors.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { installBaseSystem } from '../../os/packages/base-system.ts';
import { DebconfDb } from '../../os/packages/debconf/database.ts';
import { POSTFIX_TEMPLATES } from '../../os/packages/data/templates/postfix.ts';
import { registerMissingPrograms } from '../../os/packages/not-implemented.ts';
import { TestHost } from '../testing/host-run.ts';
import { aptGet } from './apt-get.ts';
import { apt } from './apt.ts';

const fidelity = (name: string): string => readFileSync(new URL(`../../../../shared/fidelity/${name}`, import.meta.url), 'utf8');

function host(): TestHost {
  const t = new TestHost('vm');
  installBaseSystem(t.host.fs, { add: ['ssl-cert'], remove: ['apt-utils'], rsyslog: false });
  t.register('apt-get', aptGet).register('apt', apt);
  registerMissingPrograms(t.registry);
  return t;
}

/** What differs between two real runs, or between that machine and ours, as the test says. */
function normalize(text: string): string {
  return (
    text
      .replace(/\r+\n/g, '\n')
      // The recording machine had 136 packages to upgrade; a fresh simulated one has none.
      .replace(/ and \d+ not upgraded\./, ' and N not upgraded.')
      // It had postfix's .deb in its cache already ("0 B/1510 kB"); we download it.
      .replace(/Need to get 0 B\/([^ ]+ kB)/, 'Need to get $1')
      .replace(/^Get:1 .*\n/m, '')
      .replace(/^Fetched .*\n/m, '')
      // The number of files dpkg knows depends on everything installed.
      .replace(/\d+ files and directories currently installed/, 'N files and directories currently installed')
      // System ids depend on the accounts already on the machine.
      .replace(/\((GID|UID) \d+\)/g, '($1 N)')
  );
}

describe('apt-get install postfix', () => {
  let t: TestHost;
  beforeEach(() => {
    t = host();
    // The recording machine: no apt-utils (no preconfiguration), no rsyslog yet; make-ssl-cert had run, a policy-rc.d kept daemons stopped, and the two
    // questions were preseeded (its 01_install.sh); no dialog.
    t.host.fs.mkdir('/etc/ssl/private', { uid: 0, gid: 0, groups: [] }, { parents: true, mode: 0o710 });
    t.host.fs.writeFile('/etc/ssl/private/ssl-cert-snakeoil.key', 'key\n', { uid: 0, gid: 0, groups: [] });
    t.host.fs.writeFile('/usr/sbin/policy-rc.d', '#!/bin/sh\nexit 101\n', { uid: 0, gid: 0, groups: [] }, { mode: 0o755 });
    const db = DebconfDb.load(t.host.fs);
    db.loadTemplates('postfix', POSTFIX_TEMPLATES);
    db.preseed('postfix', 'postfix/main_mailer_type', 'select', 'Internet Site');
    db.preseed('postfix', 'postfix/mailname', 'string', 'mail128.com');
    db.save(t.host.fs);
  });

  it('prints what Debian printed, line for line (numbers that differ between machines normalized)', async () => {
    const r = await t.run(aptGet, ['apt-get', 'install', '-y', 'postfix'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
    expect(r.stderr).toBe('debconf: delaying package configuration, since apt-utils is not installed\n');
    const want = normalize(fidelity('smtp/install/apt-get_install_postfix.log').replace('debconf: delaying package configuration, since apt-utils is not installed\n', ''));
    expect(normalize(r.stdout)).toBe(want);
    expect(r.code).toBe(0);
  });

  it('writes main.cf, /etc/mailname and /etc/aliases as Debian does', async () => {
    await t.run(aptGet, ['apt-get', 'install', '-y', 'postfix'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
    expect(t.read('/etc/postfix/main.cf')).toBe(fidelity('smtp/install/main.cf.default'));
    expect(t.read('/etc/mailname')).toBe(fidelity('smtp/install/mailname.default'));
    expect(t.read('/etc/aliases')).toBe(fidelity('smtp/install/aliases.default'));
    expect(t.read('/etc/postfix/master.cf')).toBe(fidelity('smtp/install/master.cf.default'));
  });

  it('records the package in /var/lib/dpkg/status and its files in postfix.list', async () => {
    await t.run(aptGet, ['apt-get', 'install', '-y', 'postfix'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
    const status = t.read('/var/lib/dpkg/status');
    expect(status).toContain('Package: postfix\nStatus: install ok installed\nPriority: optional\nSection: mail\nInstalled-Size: 4017\n');
    expect(t.read('/var/lib/dpkg/info/postfix.list')).toContain('/usr/sbin/postfix\n');
    expect(t.host.fs.stat('/usr/sbin/postconf', { uid: 0, gid: 0, groups: [] }).ok).toBe(true);
  });
});

describe('apt errors', () => {
  it('E: Unable to locate package, exit 100', async () => {
    const t = host();
    const r = await t.run(aptGet, ['apt-get', 'install', 'foo']);
    expect(r.stdout).toBe('Reading package lists...\nBuilding dependency tree...\nReading state information...\n');
    expect(r.stderr).toBe('E: Unable to locate package foo\n');
    expect(r.code).toBe(100);
  });

  it('refuses a normal user: the dpkg frontend lock, are you root?', async () => {
    const t = host();
    const want = 'E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n';
    const users = t.read('/etc/passwd').split('\n').filter((l) => /:1000:/.test(l));
    const user = users[0]?.split(':')[0] ?? 'nobody';
    const r = await t.run(aptGet, ['apt-get', 'install', 'postfix'], { user });
    expect(r.stderr).toBe(want);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(100);
  });

  it('apt (not apt-get) colours its E: and warns scripts', async () => {
    const t = host();
    const r = await t.run(apt, ['apt', 'install', 'foo']);
    expect(r.stderr).toBe('\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n\x1b[1;31mE: \x1b[0mUnable to locate package foo\x1b[0m\n');
    expect(r.code).toBe(100);
  });
});
