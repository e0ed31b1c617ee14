import { describe, it, expect } from 'vitest';
import { cat } from './cat.ts';
import { run, LANG_C, LANG_FR } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

function fs(): TestFs {
  return new TestFs().put('/t/f', 'a b\nc\n').put('/t/g', 'hello world\n').put('/var/mail/etudiant', 'secret\n', { uid: 1000, gid: 8, mode: 0o600 });
}

describe('cat', () => {
  it('concatenates files', async () => {
    const r = await run(cat, { argv: ['cat', '/t/f', '/t/g'], fs: fs(), env: LANG_C });
    expect(r.stdout).toBe('a b\nc\nhello world\n');
  });

  it('reads stdin with no operand or with -', async () => {
    expect((await run(cat, { argv: ['cat'], stdin: ['one\n', 'two\n'] })).stdout).toBe('one\ntwo\n');
    expect((await run(cat, { argv: ['cat', '/t/f', '-'], fs: fs(), stdin: 'in\n' })).stdout).toBe('a b\nc\nin\n');
  });

  it('numbers lines across files with -n and shows ends and tabs with -A', async () => {
    expect((await run(cat, { argv: ['cat', '-n', '/t/f', '/t/g'], fs: fs() })).stdout).toBe('     1\ta b\n     2\tc\n     3\thello world\n');
    expect((await run(cat, { argv: ['cat', '-A'], stdin: new Uint8Array([0x61, 9, 0x62, 1, 0x80, 10]) })).stdout).toBe('a^Ib^AM-^@$\n');
  });

  it('passes binary bytes through unchanged', async () => {
    const bytes = new Uint8Array([0, 255, 10, 128, 0xc3]);
    const f = fs().put('/t/bin', bytes);
    expect((await run(cat, { argv: ['cat', '/t/bin'], fs: f })).stdoutBytes).toEqual(bytes);
  });

  it('reports missing files, directories and permission, and goes on', async () => {
    const r = await run(cat, { argv: ['cat', 'nope', '/t', '/var/mail/etudiant', '/t/g'], fs: fs(), env: LANG_C, cwd: '/tmp', cred: { uid: 1001, gid: 1001, groups: [1001] } });
    expect(r.stderr).toBe('cat: nope: No such file or directory\ncat: /t: Is a directory\ncat: /var/mail/etudiant: Permission denied\n');
    expect(r.stdout).toBe('hello world\n');
    expect(r.code).toBe(1);
  });

  it('speaks French', async () => {
    const r = await run(cat, { argv: ['cat', '/var/mail/etudiant'], fs: fs(), env: LANG_FR, cred: { uid: 1001, gid: 1001, groups: [1001] } });
    expect(r.stderr).toBe('cat: /var/mail/etudiant: Permission non accordée\n');
  });

  it('quotes names only when needed', async () => {
    const r = await run(cat, { argv: ['cat', 'a b', '-x'], env: LANG_C });
    expect(r.stderr).toBe("cat: invalid option -- 'x'\nTry 'cat --help' for more information.\n");
    const r2 = await run(cat, { argv: ['cat', 'a b', "it's"], env: LANG_C });
    expect(r2.stderr).toBe("cat: 'a b': No such file or directory\ncat: \"it's\": No such file or directory\n");
  });
});
