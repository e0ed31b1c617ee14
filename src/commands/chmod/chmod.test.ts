import { describe, it, expect } from 'vitest';
import { chmod } from './chmod.ts';
import { run, LANG_C, LANG_UTF8 } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

const ROOTC = { uid: 0, gid: 0, groups: [] };
const modeOf = (fs: TestFs, p: string) => {
  const s = fs.stat(p, ROOTC);
  return s.ok ? s.value.mode : -1;
};

describe('chmod', () => {
  it('applies octal and symbolic modes', async () => {
    const fs = new TestFs().put('/tmp/f', '', { mode: 0o644 });
    await run(chmod, { argv: ['chmod', 'u+x,go-w', '/tmp/f'], fs });
    expect(modeOf(fs, '/tmp/f')).toBe(0o744);
    await run(chmod, { argv: ['chmod', 'a=r', '/tmp/f'], fs });
    expect(modeOf(fs, '/tmp/f')).toBe(0o444);
    await run(chmod, { argv: ['chmod', '4755', '/tmp/f'], fs });
    expect(modeOf(fs, '/tmp/f')).toBe(0o4755);
    await run(chmod, { argv: ['chmod', '-w', '/tmp/f'], fs });
    expect(modeOf(fs, '/tmp/f')).toBe(0o4555);
    await run(chmod, { argv: ['chmod', '+t', '/tmp/f'], fs });
    expect(modeOf(fs, '/tmp/f')).toBe(0o5555);
  });

  it('describes changes with -v', async () => {
    const fs = new TestFs().put('/tmp/f', '', { mode: 0o644 });
    const r = await run(chmod, { argv: ['chmod', '-v', '600', 'f'], fs, cwd: '/tmp', env: LANG_C });
    expect(r.stdout).toBe("mode of 'f' changed from 0644 (rw-r--r--) to 0600 (rw-------)\n");
  });

  it('recurses with -R', async () => {
    const fs = new TestFs().put('/tmp/d/a', '', { mode: 0o644 });
    await run(chmod, { argv: ['chmod', '-R', 'go-rwx', '/tmp/d'], fs });
    expect(modeOf(fs, '/tmp/d')).toBe(0o700);
    expect(modeOf(fs, '/tmp/d/a')).toBe(0o600);
  });

  it('reports bad modes, missing files and foreign files', async () => {
    const fs = new TestFs().put('/tmp/f', '');
    const e = async (args: string[], env = LANG_UTF8) => (await run(chmod, { argv: ['chmod', ...args], fs, env, cwd: '/tmp', cred: { uid: 1000, gid: 1000, groups: [] } })).stderr;
    expect(await e(['x', 'f'])).toBe("chmod: invalid mode: \u2018x\u2019\nTry 'chmod --help' for more information.\n");
    expect(await e(['777'])).toBe("chmod: missing operand after \u2018777\u2019\nTry 'chmod --help' for more information.\n");
    expect(await e(['644', 'nope'], LANG_C)).toBe("chmod: cannot access 'nope': No such file or directory\n");
    expect(await e(['777', 'f'], LANG_C)).toBe("chmod: changing permissions of 'f': Operation not permitted\n");
  });
});
