import { describe, it, expect } from 'vitest';
import { rmdir } from './rmdir.ts';
import { run, LANG_C } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

describe('rmdir', () => {
  it('removes empty directories and parents with -p', async () => {
    const fs = new TestFs().dir('/tmp/a/b/c');
    expect((await run(rmdir, { argv: ['rmdir', '-p', 'a/b/c'], cwd: '/tmp', fs })).code).toBe(0);
    expect(fs.exists('/tmp/a')).toBe(false);
  });

  it('refuses non-empty directories', async () => {
    const fs = new TestFs().put('/tmp/d/f', '');
    const r = await run(rmdir, { argv: ['rmdir', '/tmp/d', 'nope'], fs, env: LANG_C, cwd: '/tmp' });
    expect(r.stderr).toBe("rmdir: failed to remove '/tmp/d': Directory not empty\nrmdir: failed to remove 'nope': No such file or directory\n");
    expect(r.code).toBe(1);
  });
});
