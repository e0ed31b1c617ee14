// A scenario's preinstalled packages: installed and configured with its debconf answers, the
// units known to the service manager, without a question or a line of output.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng.ts';
import { Scheduler } from '../../engine/scheduler.ts';
import { Host } from '../host.ts';
import { ProgramRegistry } from '../programs-registry.ts';
import { installServiceManager } from '../services/host-services.ts';
import { installBaseSystem } from './base-system.ts';
import { preinstallPackages } from './preinstall.ts';

describe('preinstallPackages', () => {
  it('postfix with the scenario answers: main.cf, /etc/mailname, postfix.service registered', async () => {
    const host = new Host({ hostname: 'smtp', scheduler: new Scheduler(), rng: new Rng(1), registry: new ProgramRegistry() });
    const services = installServiceManager(host, null);
    const read = (p: string): string => {
      const r = host.fs.readFile(p, { uid: 0, gid: 0, groups: [0] });
      return r.ok ? new TextDecoder().decode(r.value) : `<${r.errno}>`;
    };
    const t = { host, services, read };
    installBaseSystem(t.host.fs);
    const unknown = await preinstallPackages({
      fs: t.host.fs,
      hostname: 'smtp',
      now: () => t.host.wallTimeMs(),
      services: t.services,
      packages: ['postfix', 'mailutils', 'no-such-package'],
      debconf: { 'postfix/main_mailer_type': 'Internet Site', 'postfix/mailname': 'mail128.com', 'postfix/mynetworks': '127.0.0.0/8 192.168.0.0/24' },
      start: false,
    });
    expect(unknown).toEqual(['no-such-package']);
    const main = t.read('/etc/postfix/main.cf');
    expect(main).toContain('\nmyhostname = smtp\n');
    expect(main).toContain('\nmynetworks = 127.0.0.0/8 192.168.0.0/24\n');
    expect(t.read('/etc/mailname')).toBe('mail128.com\n');
    expect(t.services.resolve('postfix')).toBe('postfix.service');
    expect(t.services.isEnabled('postfix.service')).toBe(true);
    expect(t.read('/var/lib/dpkg/status')).toContain('Package: mailutils\nStatus: install ok installed\n');
    expect(t.read('/usr/sbin/policy-rc.d')).toBe('<ENOENT>');
  });
});
