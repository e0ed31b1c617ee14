import { describe, it, expect } from 'vitest';
import { tee } from './tee.ts';
import { run } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

describe('tee', () => {
  it('copies stdin to stdout and files, appending with -a', async () => {
    const fs = new TestFs().put('/tmp/b', 'old\n');
    const r = await run(tee, { argv: ['tee', '/tmp/a', '-a', '/tmp/b'], fs, stdin: ['x\n', 'y\n'] });
    expect(r.stdout).toBe('x\ny\n');
    expect(fs.text('/tmp/a')).toBe('x\ny\n');
    expect(fs.text('/tmp/b')).toBe('old\nx\ny\n');
  });

  it('reports a file it cannot write and keeps copying', async () => {
    const r = await run(tee, { argv: ['tee', '/root/x'], stdin: 'z\n', env: { LANG: 'C' }, cred: { uid: 1000, gid: 1000, groups: [] } });
    expect(r.stderr).toBe('tee: /root/x: Permission denied\n');
    expect(r.stdout).toBe('z\n');
    expect(r.code).toBe(1);
  });
});
