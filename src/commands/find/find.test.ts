import { describe, it, expect } from 'vitest';
import { find } from './find.ts';
import { run, LANG_C, LANG_UTF8, LANG_FR } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

function fs(): TestFs {
  return new TestFs().put('/g/a.txt', 'hello\n').put('/g/b.bin', 'x').put('/g/sub/c', 'hello sub\n').put('/g/sub/d.txt', '');
}
const f = (args: string[], env = LANG_UTF8) => run(find, { argv: ['find', ...args], fs: fs(), cwd: '/g', env });

describe('find', () => {
  it('lists everything under . by default, in directory order', async () => {
    expect((await f([])).stdout).toBe('.\n./a.txt\n./b.bin\n./sub\n./sub/c\n./sub/d.txt\n');
  });

  it('filters by -name, -type and -maxdepth, with -o and parentheses', async () => {
    expect((await f(['.', '-name', '*.txt'])).stdout).toBe('./a.txt\n./sub/d.txt\n');
    expect((await f(['.', '-type', 'd'])).stdout).toBe('.\n./sub\n');
    expect((await f(['-maxdepth', '1', '-type', 'f'])).stdout).toBe('./a.txt\n./b.bin\n');
    expect((await f(['/g', '(', '-name', 'c', '-o', '-name', 'b.bin', ')', '-print'])).stdout).toBe('/g/b.bin\n/g/sub/c\n');
    expect((await f(['.', '-empty'])).stdout).toBe('./sub/d.txt\n');
    expect((await f(['.', '!', '-name', '*.*', '-type', 'f'])).stdout).toBe('./sub/c\n');
  });

  it('reports missing paths and bad expressions as findutils', async () => {
    const r = await f(['nope', '.', '-maxdepth', '0']);
    expect(r.stderr).toBe('find: \u2018nope\u2019: No such file or directory\n');
    expect(r.stdout).toBe('.\n');
    expect(r.code).toBe(1);
    expect((await f(['.', '-name'], LANG_C)).stderr).toBe("find: missing argument to `-name'\n");
    expect((await f(['.', '-foo'], LANG_C)).stderr).toBe("find: unknown predicate `-foo'\n");
    expect((await f(['.', '-type', 'q'], LANG_C)).stderr).toBe('find: Unknown argument to -type: q\n');
    expect((await f(['nope'], LANG_FR)).stderr).toBe('find: \u2018nope\u2019: Aucun fichier ou dossier de ce type\n');
  });

  it('cannot enter a directory without permission', async () => {
    const r = await run(find, { argv: ['find', '/root'], env: LANG_C, cred: { uid: 1000, gid: 1000, groups: [] } });
    expect(r.stdout).toBe('/root\n');
    expect(r.stderr).toBe("find: '/root': Permission denied\n");
  });

  it('runs -exec for each file', async () => {
    const echo = async (p: { argv: readonly string[]; stdout: { write(s: string): void } }) => {
      p.stdout.write(p.argv.slice(1).join(' ') + '\n');
      return 0;
    };
    const r = await run(find, { argv: ['find', '.', '-name', '*.txt', '-exec', 'echo', 'X', '{}', ';'], fs: fs(), cwd: '/g', programs: { echo } });
    expect(r.stdout).toBe('X ./a.txt\nX ./sub/d.txt\n');
  });
});
