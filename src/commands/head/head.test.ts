import { describe, it, expect } from 'vitest';
import { head } from './head.ts';
import { run, LANG_C } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

const lines = Array.from({ length: 15 }, (_, i) => `l${i + 1}\n`).join('');
const fs = () => new TestFs().put('/f', lines).put('/g', 'hello world\n');

describe('head', () => {
  it('prints the first 10 lines by default', async () => {
    expect((await run(head, { argv: ['head', '/f'], fs: fs() })).stdout).toBe(lines.split('\n').slice(0, 10).join('\n') + '\n');
  });

  it('takes -n N, -N, -c N and -n -N', async () => {
    expect((await run(head, { argv: ['head', '-n', '2', '/f'], fs: fs() })).stdout).toBe('l1\nl2\n');
    expect((await run(head, { argv: ['head', '-3', '/f'], fs: fs() })).stdout).toBe('l1\nl2\nl3\n');
    expect((await run(head, { argv: ['head', '-c', '4', '/f'], fs: fs() })).stdout).toBe('l1\nl');
    expect((await run(head, { argv: ['head', '-n', '-13', '/f'], fs: fs() })).stdout).toBe('l1\nl2\n');
  });

  it('prints headers for several files', async () => {
    expect((await run(head, { argv: ['head', '-n1', '/f', '/g'], fs: fs() })).stdout).toBe('==> /f <==\nl1\n\n==> /g <==\nhello world\n');
  });

  it('reports errors as GNU head', async () => {
    const r = await run(head, { argv: ['head', 'nope', '/'], fs: fs(), env: LANG_C });
    expect(r.stderr).toBe("head: cannot open 'nope' for reading: No such file or directory\nhead: error reading '/': Is a directory\n");
    expect(r.code).toBe(1);
    const bad = await run(head, { argv: ['head', '-n', 'x', '/f'], fs: fs(), env: LANG_C });
    expect(bad.stderr).toBe("head: invalid number of lines: 'x'\n");
  });
});
