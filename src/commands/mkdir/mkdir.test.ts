import { describe, it, expect } from 'vitest';
import { mkdir } from './mkdir.ts';
import { run, LANG_C, LANG_FR, LANG_UTF8 } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

describe('mkdir', () => {
  it('says File exists with the locale quotes', async () => {
    const fs = new TestFs().dir('/tmp/x');
    expect((await run(mkdir, { argv: ['mkdir', '/tmp/x'], fs, env: LANG_UTF8 })).stderr).toBe('mkdir: cannot create directory \u2018/tmp/x\u2019: File exists\n');
    expect((await run(mkdir, { argv: ['mkdir', '/tmp/x'], fs, env: LANG_C })).stderr).toBe("mkdir: cannot create directory '/tmp/x': File exists\n");
    expect((await run(mkdir, { argv: ['mkdir', '/tmp/x'], fs, env: LANG_FR })).stderr).toBe('mkdir: impossible de créer le répertoire «\u00a0/tmp/x\u00a0»: Le fichier existe\n');
  });

  it('creates parents with -p, verbosely with -v, and sets -m exactly', async () => {
    const fs = new TestFs();
    const r = await run(mkdir, { argv: ['mkdir', '-pv', '-m', '700', '/tmp/a/b'], fs, env: LANG_C });
    expect(r.stdout).toBe("mkdir: created directory '/tmp/a'\nmkdir: created directory '/tmp/a/b'\n");
    expect(fs.stat('/tmp/a/b', { uid: 0, gid: 0, groups: [] })).toMatchObject({ ok: true, value: { mode: 0o700 } });
    expect(fs.stat('/tmp/a', { uid: 0, gid: 0, groups: [] })).toMatchObject({ ok: true, value: { mode: 0o755 } });
    expect((await run(mkdir, { argv: ['mkdir', '-p', '/tmp/a/b'], fs })).code).toBe(0);
  });

  it('fails on a missing parent or operand', async () => {
    const r = await run(mkdir, { argv: ['mkdir', '/tmp/no/x'], env: LANG_C });
    expect(r.stderr).toBe("mkdir: cannot create directory '/tmp/no/x': No such file or directory\n");
    expect((await run(mkdir, { argv: ['mkdir'], env: LANG_C })).stderr).toBe("mkdir: missing operand\nTry 'mkdir --help' for more information.\n");
  });
});
