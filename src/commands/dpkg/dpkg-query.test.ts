// dpkg's queries on the base system: files of a package, its status record, the owner of a path.
import { describe, expect, it } from 'vitest';
import { packageHost } from '../testing/package-host.ts';
import { dpkg } from './dpkg.ts';

describe('dpkg -L / -s / -S', () => {
  it('lists the files of iproute2, finds the owner of /bin/ip, prints the status record', async () => {
    const t = packageHost();
    const l = await t.run(dpkg, ['dpkg', '-L', 'iproute2']);
    expect(l.stdout.split('\n').slice(0, 2)).toEqual(['/.', '/bin']);
    expect(l.stdout).toContain('\n/bin/ip\n');
    const s = await t.run(dpkg, ['dpkg', '-S', '/bin/ip']);
    expect(s.stdout).toBe('iproute2: /bin/ip\n');
    const st = await t.run(dpkg, ['dpkg', '-s', 'iproute2']);
    expect(st.stdout.startsWith('Package: iproute2\nStatus: install ok installed\nPriority: important\nSection: net\n')).toBe(true);
    const none = await t.run(dpkg, ['dpkg', '-s', 'postfix']);
    expect(none.stderr).toBe("dpkg-query: package 'postfix' is not installed and no information is available\nUse dpkg --info (= dpkg-deb --info) to examine archive files.\n");
    expect(none.code).toBe(1);
  });
});
