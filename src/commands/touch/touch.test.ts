import { describe, it, expect } from 'vitest';
import { touch } from './touch.ts';
import { run, LANG_C } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

const ROOTC = { uid: 0, gid: 0, groups: [] };

describe('touch', () => {
  it('creates a file and updates the mtime of an existing one to now', async () => {
    const fs = new TestFs().put('/tmp/old', 'x', { mtimeMs: Date.UTC(2020, 0, 1) });
    const now = Date.UTC(2026, 10, 22, 10, 0);
    await run(touch, { argv: ['touch', '/tmp/new', '/tmp/old'], fs, wallMs: now });
    expect(fs.exists('/tmp/new')).toBe(true);
    expect(fs.stat('/tmp/old', ROOTC)).toMatchObject({ ok: true, value: { mtimeMs: now } });
    expect(fs.text('/tmp/old')).toBe('x');
  });

  it('sets a given date with -d and -t', async () => {
    const fs = new TestFs();
    await run(touch, { argv: ['touch', '-d', '2020-01-01 10:30', '/tmp/a'], fs });
    expect(fs.stat('/tmp/a', ROOTC)).toMatchObject({ ok: true, value: { mtimeMs: Date.UTC(2020, 0, 1, 10, 30) } });
    await run(touch, { argv: ['touch', '-t', '202501151000', '/tmp/b'], fs });
    expect(fs.stat('/tmp/b', ROOTC)).toMatchObject({ ok: true, value: { mtimeMs: Date.UTC(2025, 0, 15, 10, 0) } });
  });

  it('cannot touch in a missing or forbidden directory', async () => {
    const r = await run(touch, { argv: ['touch', '/nodir/x', '/root/y'], env: LANG_C, cred: { uid: 1000, gid: 1000, groups: [] } });
    expect(r.stderr).toBe("touch: cannot touch '/nodir/x': No such file or directory\ntouch: cannot touch '/root/y': Permission denied\n");
  });
});
