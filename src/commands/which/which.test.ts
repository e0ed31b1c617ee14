import { describe, it, expect } from 'vitest';
import { which } from './which.ts';
import { run } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

describe('which', () => {
  it('finds executables on PATH and fails silently for unknown names', async () => {
    const fs = new TestFs().put('/usr/bin/ls', '', { mode: 0o755 }).put('/usr/sbin/postfix', '', { mode: 0o755 }).put('/usr/bin/notexec', '');
    const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };
    const r = await run(which, { argv: ['which', 'ls', 'postfix', 'nope', 'notexec'], fs, env });
    expect(r.stdout).toBe('/usr/bin/ls\n/usr/sbin/postfix\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  });
});
