import { describe, it, expect } from 'vitest';
import { ln } from './ln.ts';
import { run, LANG_C } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

const ROOTC = { uid: 0, gid: 0, groups: [] };

describe('ln', () => {
  it('makes symbolic links with the target as written, replacing with -f', async () => {
    const fs = new TestFs().put('/tmp/f', 'x');
    await run(ln, { argv: ['ln', '-s', 'f', '/tmp/l'], fs });
    expect(fs.readlink('/tmp/l', ROOTC)).toEqual({ ok: true, value: 'f' });
    const again = await run(ln, { argv: ['ln', '-s', 'g', '/tmp/l'], fs, env: LANG_C });
    expect(again.stderr).toBe("ln: failed to create symbolic link '/tmp/l': File exists\n");
    await run(ln, { argv: ['ln', '-sf', 'g', '/tmp/l'], fs });
    expect(fs.readlink('/tmp/l', ROOTC)).toEqual({ ok: true, value: 'g' });
  });

  it('makes hard links and reports a missing source', async () => {
    const fs = new TestFs().put('/tmp/f', 'x');
    await run(ln, { argv: ['ln', '/tmp/f', '/tmp/h'], fs });
    expect(fs.stat('/tmp/f', ROOTC)).toMatchObject({ ok: true, value: { nlink: 2 } });
    const r = await run(ln, { argv: ['ln', 'nope', 'x'], fs, env: LANG_C, cwd: '/tmp' });
    expect(r.stderr).toBe("ln: failed to access 'nope': No such file or directory\n");
  });
});
