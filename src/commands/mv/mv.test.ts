import { describe, it, expect } from 'vitest';
import { mv } from './mv.ts';
import { run, LANG_C } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

describe('mv', () => {
  it('renames and moves into a directory', async () => {
    const fs = new TestFs().put('/tmp/a', '1').dir('/tmp/d');
    await run(mv, { argv: ['mv', '/tmp/a', '/tmp/b'], fs });
    expect(fs.text('/tmp/b')).toBe('1');
    const v = await run(mv, { argv: ['mv', '-v', 'b', 'd'], fs, cwd: '/tmp', env: LANG_C });
    expect(v.stdout).toBe("renamed 'b' -> 'd/b'\n");
    expect(fs.text('/tmp/d/b')).toBe('1');
  });

  it('reports errors as GNU mv', async () => {
    const fs = new TestFs().dir('/tmp/d').put('/var/mail/etudiant', '', { uid: 1000 });
    const e = async (args: string[], cred = { uid: 0, gid: 0, groups: [] as number[] }) => (await run(mv, { argv: ['mv', ...args], fs, env: LANG_C, cwd: '/tmp', cred })).stderr;
    expect(await e(['nope', 'x'])).toBe("mv: cannot stat 'nope': No such file or directory\n");
    expect(await e(['d', 'd/sub'])).toBe("mv: cannot move 'd' to a subdirectory of itself, 'd/sub'\n");
    expect(await e(['/var/mail/etudiant', '/tmp/x'], { uid: 1000, gid: 1000, groups: [] })).toBe("mv: cannot move '/var/mail/etudiant' to '/tmp/x': Permission denied\n");
  });
});
