import { describe, it, expect } from 'vitest';
import { SECOND } from '../../engine/time.ts';
import { SIGHUP, type Process, type Program } from '../../os/program.ts';
import type { UnitDefinition } from '../../os/services/unit.ts';
import { TestHost } from '../testing/host-run.ts';
import { systemctl } from './systemctl.ts';

const master: Program = async (p: Process) => {
  p.onSignal(SIGHUP, () => {});
  for (;;) await p.sleep(3600 * SECOND);
};
const brokenNamed: Program = async (p: Process) => {
  p.stderr.write("/etc/bind/named.conf:12: missing ';' before '}'\n");
  return 1;
};

const POSTFIX: UnitDefinition = {
  name: 'postfix.service',
  description: 'Postfix Mail Transport Agent',
  documentation: ['man:postfix(1)'],
  program: 'postfix-master',
  argv: ['/usr/lib/postfix/sbin/master', '-w'],
  comm: 'master',
  type: 'forking',
  initScript: '/etc/init.d/postfix',
};

function lab(): TestHost {
  const t = new TestHost('vm');
  t.register('postfix-master', master).register('named', brokenNamed);
  t.services.register(POSTFIX);
  t.services.register({ name: 'named.service', aliases: ['bind9.service'], description: 'BIND Domain Name Server', documentation: ['man:named(8)'], program: 'named', argv: ['/usr/sbin/named', '-f', '-u', 'bind'], type: 'forking' });
  return t;
}

describe('systemctl start/stop', () => {
  it('prints the exact status block', async () => {
    const t = lab();
    await t.run(systemctl, ['systemctl', 'start', 'postfix']);
    const pid = t.services.status('postfix')!.mainPid;
    t.scheduler.runUntil(t.scheduler.now + 5 * SECOND);
    const lines = (await t.run(systemctl, ['systemctl', 'status', 'postfix.service'])).stdout.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '● postfix.service - Postfix Mail Transport Agent',
      '     Loaded: loaded (/lib/systemd/system/postfix.service; disabled; preset: enabled)',
      '     Active: active (running) since Sun 2026-11-22 03:33:55 UTC; 5s ago',
      '       Docs: man:postfix(1)',
      `   Main PID: ${pid} (master)`,
      '      Tasks: 1 (limit: 2294)',
    ]);
    expect(lines[6]).toMatch(/^ {5}Memory: \d+\.\dM$/);
    expect(lines[7]).toMatch(/^ {8}CPU: \d+ms$/);
    expect(lines.slice(8)).toEqual([
      '     CGroup: /system.slice/postfix.service',
      `             └─${pid} /usr/lib/postfix/sbin/master -w`,
      '',
      'Nov 22 03:33:55 vm systemd[1]: Starting postfix.service - Postfix Mail Transport Agent...',
      'Nov 22 03:33:55 vm systemd[1]: Started postfix.service - Postfix Mail Transport Agent.',
      '',
    ]);
  });

  it('shows an inactive unit after stop with exit status 3', async () => {
    const t = lab();
    await t.run(systemctl, ['systemctl', 'start', 'postfix']);
    const pid = t.services.status('postfix')!.mainPid;
    t.scheduler.runUntil(t.scheduler.now + 65 * SECOND);
    await t.run(systemctl, ['systemctl', 'stop', 'postfix']);
    t.scheduler.runUntil(t.scheduler.now + 3 * SECOND);
    const r = await t.run(systemctl, ['systemctl', 'status', 'postfix']);
    expect(r.code).toBe(3);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '○ postfix.service - Postfix Mail Transport Agent',
      '     Loaded: loaded (/lib/systemd/system/postfix.service; disabled; preset: enabled)',
      expect.stringMatching(/^ {5}Active: inactive \(dead\) since Sun 2026-11-22 03:35:0\d UTC; 3s ago$/),
      '   Duration: 1min 5s',
      '       Docs: man:postfix(1)',
      `    Process: ${pid} ExecStart=/usr/lib/postfix/sbin/master -w (code=killed, signal=TERM)`,
    ]);
    expect(lines[6]).toBe(`   Main PID: ${pid} (code=killed, signal=TERM)`);
    expect(lines.slice(-3)).toEqual([
      expect.stringMatching(/^Nov 22 03:35:0\d vm systemd\[1\]: postfix\.service: Deactivated successfully\.$/),
      expect.stringMatching(/^Nov 22 03:35:0\d vm systemd\[1\]: Stopped postfix\.service - Postfix Mail Transport Agent\.$/),
      '',
    ]);
  });

  it('reports a failed start as systemd does and status shows the failure in red on a terminal', async () => {
    const t = lab();
    const r = await t.run(systemctl, ['systemctl', 'start', 'bind9']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Job for named.service failed because the control process exited with error code.\n' +
        'See "systemctl status named.service" and "journalctl -xeu named.service" for details.\n',
    );
    const s = await t.run(systemctl, ['systemctl', 'status', 'named'], { tty: { columns: 200, rows: 50 } });
    expect(s.code).toBe(3);
    const screen = s.screen.replace(/\r\n/g, '\n');
    expect(screen).toContain('\x1b[0;1;31m×\x1b[0m named.service - BIND Domain Name Server\n');
    expect(screen).toContain('     Active: \x1b[0;1;31mfailed\x1b[0m (Result: exit-code) since Sun 2026-11-22 03:33:55 UTC; now\n');
    expect(screen).toContain('ExecStart=/usr/sbin/named -f -u bind \x1b[0;1;31m(code=exited, status=1/FAILURE)\x1b[0m\n');
    expect(screen).toContain("vm named[");
    expect(screen).toContain("]: /etc/bind/named.conf:12: missing ';' before '}'\n");
    expect(screen).toContain('vm systemd[1]: \x1b[0;1;31mFailed to start named.service - BIND Domain Name Server.\x1b[0m\n');
  });

  it('says a unit that does not exist could not be found (exit 4) or not found (exit 5)', async () => {
    const t = lab();
    expect(await t.run(systemctl, ['systemctl', 'status', 'dovecot'])).toMatchObject({ code: 4, stderr: 'Unit dovecot.service could not be found.\n' });
    expect(await t.run(systemctl, ['systemctl', 'start', 'dovecot'])).toMatchObject({ code: 5, stderr: 'Failed to start dovecot.service: Unit dovecot.service not found.\n' });
    expect(await t.run(systemctl, ['systemctl', 'stop', 'dovecot'])).toMatchObject({ code: 5, stderr: 'Failed to stop dovecot.service: Unit dovecot.service not loaded.\n' });
  });

  it('refuses a normal user with polkit\'s message', async () => {
    const t = lab();
    const r = await t.run(systemctl, ['systemctl', 'start', 'postfix'], { user: 'debian' });
    expect(r).toMatchObject({
      code: 1,
      stderr: "Failed to start postfix.service: Interactive authentication required.\nSee system logs and 'systemctl status postfix.service' for details.\n",
    });
    expect(t.services.isActive('postfix')).toBe(false);
  });

  it('is-active prints the state with exit 0 or 3', async () => {
    const t = lab();
    expect(await t.run(systemctl, ['systemctl', 'is-active', 'postfix'])).toMatchObject({ code: 3, stdout: 'inactive\n' });
    await t.run(systemctl, ['systemctl', 'start', 'postfix']);
    expect(await t.run(systemctl, ['systemctl', 'is-active', 'postfix'])).toMatchObject({ code: 0, stdout: 'active\n' });
    expect(await t.run(systemctl, ['systemctl', 'is-active', '--quiet', 'postfix'])).toMatchObject({ code: 0, stdout: '' });
  });

  it('reload of a stopped unit is refused', async () => {
    const t = lab();
    expect(await t.run(systemctl, ['systemctl', 'reload', 'postfix'])).toMatchObject({ code: 1, stderr: 'postfix.service is not active, cannot reload.\n' });
  });
});

describe('systemctl enable/disable', () => {
  it('creates the wants symlink with the SysV sync lines and removes it', async () => {
    const t = lab();
    const e = await t.run(systemctl, ['systemctl', 'enable', 'postfix']);
    expect(e.code).toBe(0);
    expect(e.stderr).toBe(
      'Synchronizing state of postfix.service with SysV service script with /lib/systemd/systemd-sysv-install.\n' +
        'Executing: /lib/systemd/systemd-sysv-install enable postfix\n' +
        'Created symlink /etc/systemd/system/multi-user.target.wants/postfix.service → /lib/systemd/system/postfix.service.\n',
    );
    expect(t.host.fs.readlink('/etc/systemd/system/multi-user.target.wants/postfix.service', { uid: 0, gid: 0, groups: [] })).toEqual({ ok: true, value: '/lib/systemd/system/postfix.service' });
    expect(await t.run(systemctl, ['systemctl', 'is-enabled', 'postfix'])).toMatchObject({ code: 0, stdout: 'enabled\n' });
    const d = await t.run(systemctl, ['systemctl', 'disable', 'postfix']);
    expect(d.stderr).toContain('Removed "/etc/systemd/system/multi-user.target.wants/postfix.service".\n');
    expect(await t.run(systemctl, ['systemctl', 'is-enabled', 'postfix'])).toMatchObject({ code: 1, stdout: 'disabled\n' });
  });

  it('enable --now starts the service too', async () => {
    const t = lab();
    await t.run(systemctl, ['systemctl', 'enable', '--now', 'postfix']);
    expect(t.services.isActive('postfix')).toBe(true);
  });

  it('links the aliases of a unit (bind9.service -> named.service)', async () => {
    const t = lab();
    const e = await t.run(systemctl, ['systemctl', 'enable', 'bind9']);
    expect(e.stderr).toContain('Created symlink /etc/systemd/system/bind9.service → /lib/systemd/system/named.service.\n');
  });
});

describe('systemctl list-units', () => {
  it('lists running and failed services with the legend', async () => {
    const t = lab();
    await t.run(systemctl, ['systemctl', 'start', 'postfix']);
    await t.run(systemctl, ['systemctl', 'start', 'named']);
    const r = await t.run(systemctl, ['systemctl', 'list-units', '--type=service']);
    expect(r.stdout).toBe(
      '  UNIT            LOAD   ACTIVE SUB     DESCRIPTION\n' +
        '  postfix.service loaded active running Postfix Mail Transport Agent\n' +
        '● named.service   loaded failed failed  BIND Domain Name Server\n' +
        '\n' +
        'LOAD   = Reflects whether the unit definition was properly loaded.\n' +
        'ACTIVE = The high-level unit activation state, i.e. generalization of SUB.\n' +
        'SUB    = The low-level unit activation state, values depend on unit type.\n' +
        '2 loaded units listed. Pass --all to see loaded but inactive units, too.\n' +
        "To show all installed unit files use 'systemctl list-unit-files'.\n",
    );
  });
});
