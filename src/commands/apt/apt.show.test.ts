// apt show and apt list against what apt 2.6.1 printed on a Debian 12 machine.
import { describe, expect, it } from 'vitest';
import { packageHost } from '../testing/package-host.ts';
import { apt } from './apt.ts';

describe('apt show / apt list', () => {
  it('apt show postfix: the fields apt prints, in its order and units', async () => {
    const t = packageHost();
    const r = await t.run(apt, ['apt', 'show', 'postfix']);
    expect(r.stdout.startsWith(
      'Package: postfix\nVersion: 3.7.11-0+deb12u1\nPriority: optional\nSection: mail\nMaintainer: LaMont Jones <lamont@debian.org>\nInstalled-Size: 4113 kB\n' +
        'Provides: mail-transport-agent\nPre-Depends: init-system-helpers (>= 1.54~)\n',
    )).toBe(true);
    expect(r.stdout).toContain('\nConflicts: mail-transport-agent, smail\nReplaces: mail-transport-agent\nHomepage: https://www.postfix.org\nTag: implemented-in::c, interface::daemon, mail::smtp, mail::transport-agent,\n network::server, protocol::smtp, role::program, works-with::mail\nDownload-Size: 1510 kB\nAPT-Sources: http://deb.debian.org/debian bookworm/main amd64 Packages\nDescription: High-performance mail transport agent\n Postfix is Wietse Venema');
    expect(r.stderr).toBe('\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n');
  });

  it('apt list --installed shows [installed] packages of the base system', async () => {
    const t = packageHost();
    const r = await t.run(apt, ['apt', 'list', '--installed', 'iproute*']);
    expect(r.stdout).toBe('Listing...\niproute2/stable,now 6.1.0-3 amd64 [installed]\n');
  });
});
