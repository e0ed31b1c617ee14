import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { SECOND } from '../../engine/time.ts';
import { installProgram } from '../../os/process/executable.ts';
import type { Process, Program } from '../../os/program.ts';
import { TestHost } from '../testing/host-run.ts';
import { service } from '../service/service.ts';
import { initScript } from './init-script.ts';

const FIDELITY = new URL('../../../../shared/fidelity/daemons/', import.meta.url);
const ROOT = { uid: 0, gid: 0, groups: [0] };

const daemon: Program = async (p: Process) => {
  for (;;) await p.sleep(3600 * SECOND);
};

/** A stand-in for the shell: runs one command as its child and passes its status on. */
const shell = (argv: string[], env: Record<string, string> = {}): Program => async (p) => {
  const c = p.spawn(argv, { env: new Map([...p.env, ...Object.entries(env)]) });
  if ('error' in c) return 127;
  return c.wait();
};

function lab(): TestHost {
  const t = new TestHost('vm');
  t.register('named', daemon).register('dovecot', daemon).register('postfix-master', daemon).register('init-script', initScript);
  t.services.register({
    name: 'named.service', aliases: ['bind9.service'], description: 'BIND Domain Name Server', program: 'named', argv: ['/usr/sbin/named', '-f'],
    type: 'forking', initScript: '/etc/init.d/named', initDescription: 'domain name service...',
  });
  t.services.register({
    name: 'dovecot.service', description: 'Dovecot IMAP/POP3 email server', program: 'dovecot', argv: ['/usr/sbin/dovecot', '-F'],
    type: 'notify', initScript: '/etc/init.d/dovecot', initDescription: 'IMAP/POP3 mail server',
  });
  const check: Program = async (p) => {
    p.stderr.write('postfix/postfix-script: warning: symlink leaves directory: /etc/postfix/./makedefs.out\n');
    return 0;
  };
  t.services.register({
    name: 'postfix.service', description: 'Postfix Mail Transport Agent', program: 'postfix-master', type: 'forking',
    initScript: '/etc/init.d/postfix', initActions: { check },
  });
  for (const n of ['named', 'dovecot', 'postfix']) installProgram(t.host.fs, `/etc/init.d/${n}`, 'init-script');
  return t;
}

describe('/etc/init.d scripts', () => {
  it('redirect start to systemctl as 40-systemd does', async () => {
    const t = lab();
    const r = await t.run(shell(['/etc/init.d/postfix', 'start']), ['sh']);
    expect(r).toMatchObject({ code: 0, stdout: 'Starting postfix (via systemctl): postfix.service.\n', stderr: '' });
    expect(t.services.isActive('postfix')).toBe(true);
    const s = await t.run(shell(['/etc/init.d/postfix', 'stop']), ['sh']);
    expect(s.stdout).toBe('Stopping postfix (via systemctl): postfix.service.\n');
    expect(t.services.isActive('postfix')).toBe(false);
  });

  it('print the native LSB messages of the recordings when not redirected', async () => {
    const t = lab();
    const skip = { SYSTEMCTL_SKIP_REDIRECT: '1' };
    const named = await t.run(shell(['/etc/init.d/named', 'start'], skip), ['sh']);
    expect(named.stdout).toBe(readFileSync(new URL('init.d_named_start.txt', FIDELITY), 'utf8'));
    const dovecot = await t.run(shell(['/etc/init.d/dovecot', 'start'], skip), ['sh']);
    const recorded = readFileSync(new URL('start_daemons.txt', FIDELITY), 'utf8').split('\n');
    expect(dovecot.stdout).toBe(recorded[recorded.indexOf('$ /etc/init.d/dovecot start') + 1] + '\n');
    expect(t.services.isActive('named') && t.services.isActive('dovecot')).toBe(true);
  });

  it('run the package hook for postfix check', async () => {
    const t = lab();
    const r = await t.run(shell(['/etc/init.d/postfix', 'check']), ['sh']);
    expect(r).toMatchObject({ code: 0, stderr: 'postfix/postfix-script: warning: symlink leaves directory: /etc/postfix/./makedefs.out\n' });
  });

  it('show usage for an unknown action', async () => {
    const t = lab();
    const r = await t.run(shell(['/etc/init.d/postfix', 'frobnicate']), ['sh']);
    expect(r).toMatchObject({ code: 1, stderr: 'Usage: /etc/init.d/postfix {start|stop|restart|reload|force-reload|status|check}\n' });
  });

  it('say failed! when the job fails for a normal user', async () => {
    const t = lab();
    const r = await t.run(shell(['/etc/init.d/named', 'start']), ['sh'], { user: 'debian' });
    expect(r.stdout).toBe('Starting named (via systemctl): named.service failed!\n');
    expect(r.stderr).toBe("Failed to start named.service: Interactive authentication required.\nSee system logs and 'systemctl status named.service' for details.\n");
    expect(r.code).toBe(1);
  });
});

describe('service', () => {
  it('starts silently through systemctl and status prints the systemctl status', async () => {
    const t = lab();
    expect(await t.run(service, ['service', 'postfix', 'start'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(t.services.isActive('postfix')).toBe(true);
    const s = await t.run(service, ['service', 'postfix', 'status']);
    expect(s.code).toBe(0);
    expect(s.stdout.split('\n')[0]).toBe('● postfix.service - Postfix Mail Transport Agent');
  });

  it('runs other actions through the init script', async () => {
    const t = lab();
    const r = await t.run(service, ['service', 'postfix', 'check']);
    expect(r.stderr).toContain('symlink leaves directory');
  });

  it('answers for an unknown service as Debian does', async () => {
    const t = lab();
    expect(await t.run(service, ['service', 'apache2', 'start'])).toMatchObject({ code: 5, stderr: 'Failed to start apache2.service: Unit apache2.service not found.\n' });
    expect(await t.run(service, ['service', 'apache2', 'check'])).toMatchObject({ code: 1, stderr: 'apache2: unrecognized service\n' });
  });

  it('lists init scripts with --status-all', async () => {
    const t = lab();
    await t.run(service, ['service', 'named', 'start']);
    t.host.fs.writeFile('/etc/init.d/hwclock.sh', '#!/bin/sh\n', ROOT);
    const r = await t.run(service, ['service', '--status-all']);
    expect(r.stdout).toContain(' [ - ]  dovecot\n [ + ]  named\n [ - ]  postfix\n');
  });
});
