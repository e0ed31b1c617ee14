import { describe, it, expect } from 'vitest';
import { cp } from './cp.ts';
import { run, LANG_C } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

const ROOTC = { uid: 0, gid: 0, groups: [] };

describe('cp', () => {
  it('copies a file, into a directory too', async () => {
    const fs = new TestFs().put('/tmp/f', 'data', { mode: 0o640 }).dir('/tmp/d');
    await run(cp, { argv: ['cp', '/tmp/f', '/tmp/g'], fs });
    await run(cp, { argv: ['cp', '/tmp/f', '/tmp/d'], fs });
    expect(fs.text('/tmp/g')).toBe('data');
    expect(fs.text('/tmp/d/f')).toBe('data');
  });

  it('omits directories without -r and copies trees with -r', async () => {
    const fs = new TestFs().put('/tmp/src/a/b', 'x');
    const r = await run(cp, { argv: ['cp', '/tmp/src', '/tmp/dst'], fs, env: LANG_C });
    expect(r.stderr).toBe("cp: -r not specified; omitting directory '/tmp/src'\n");
    expect(r.code).toBe(1);
    await run(cp, { argv: ['cp', '-r', '/tmp/src', '/tmp/dst'], fs });
    expect(fs.text('/tmp/dst/a/b')).toBe('x');
  });

  it('keeps mode, owner and times with -p', async () => {
    const fs = new TestFs().put('/tmp/f', 'x', { uid: 1000, gid: 8, mode: 0o600, mtimeMs: Date.UTC(2020, 0, 1) });
    await run(cp, { argv: ['cp', '-p', '/tmp/f', '/tmp/g'], fs });
    expect(fs.stat('/tmp/g', ROOTC)).toMatchObject({ ok: true, value: { uid: 1000, gid: 8, mode: 0o600, mtimeMs: Date.UTC(2020, 0, 1) } });
  });

  it('reports the usual errors', async () => {
    const fs = new TestFs().put('/tmp/f', 'x').dir('/tmp/d');
    const e = async (args: string[]) => (await run(cp, { argv: ['cp', ...args], fs, env: LANG_C, cwd: '/tmp' })).stderr;
    expect(await e([])).toBe("cp: missing file operand\nTry 'cp --help' for more information.\n");
    expect(await e(['f'])).toBe("cp: missing destination file operand after 'f'\nTry 'cp --help' for more information.\n");
    expect(await e(['nope', 'x'])).toBe("cp: cannot stat 'nope': No such file or directory\n");
    expect(await e(['f', 'f'])).toBe("cp: 'f' and 'f' are the same file\n");
    expect(await e(['-r', 'd', 'd/sub'])).toBe("cp: cannot copy a directory, 'd', into itself, 'd/sub'\n");
  });

  it('cannot create a file where the user may not write', async () => {
    const fs = new TestFs().put('/tmp/f', 'x');
    const r = await run(cp, { argv: ['cp', '/tmp/f', '/root/'], fs, env: LANG_C, cred: { uid: 1000, gid: 1000, groups: [] } });
    expect(r.stderr).toBe("cp: cannot create regular file '/root/f': Permission denied\n");
  });
});
