// `apt install mailutils` makes /usr/bin/mail (update-alternatives: mailx, with mail as its
// slave) lead to mail.mailutils, whose program is this mail(1).
import { describe, expect, it } from 'vitest';
import type { Process } from '../../os/program.ts';
import { aptGet } from '../apt/apt-get.ts';
import { MAIL_PROGRAMS } from '../mail-programs.ts';
import { mailHost } from './mail-test-host.ts';
import { ROOT } from '../testing/package-host.ts';

describe('mailutils package', () => {
  it('installs /usr/bin/mail, which runs mail(1)', async () => {
    const { t } = await mailHost();
    t.host.fs.writeFile('/usr/sbin/policy-rc.d', '#!/bin/sh\nexit 101\n', ROOT, { mode: 0o755 });
    for (const p of MAIL_PROGRAMS) t.register(p.name, p.program);
    const inst = await t.run(aptGet, ['apt-get', 'install', '-y', 'mailutils'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
    expect(inst.code).toBe(0);
    const link = t.host.fs.realpath('/usr/bin/mail', ROOT);
    expect(link.ok && link.value).toBe('/usr/bin/mail.mailutils');
    // Run it the way a shell does: spawn by path, from a process of the host.
    let out = '';
    const probe = async (proc: Process): Promise<number> => {
      const child = proc.spawn(['/usr/bin/mail', '--version'], { stdout: { tty: null, write: (d) => (out += typeof d === 'string' ? d : new TextDecoder().decode(d)), close() {} } });
      return 'error' in child ? 127 : child.wait();
    };
    const r = await t.run(probe, ['probe']);
    expect(r.code).toBe(0);
    expect(out.split('\n')[0]).toBe('mail (GNU Mailutils) 3.15');
  });
});
