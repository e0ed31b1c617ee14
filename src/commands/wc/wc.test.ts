import { describe, it, expect } from 'vitest';
import { wc } from './wc.ts';
import { run, LANG_C } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

const fs = () => new TestFs().put('/f', 'a b\nc\n').put('/g', 'hello world\n');

describe('wc', () => {
  it('aligns counts to the width of the total size', async () => {
    expect((await run(wc, { argv: ['wc', '/f'], fs: fs() })).stdout).toBe('2 3 6 /f\n');
    expect((await run(wc, { argv: ['wc', '/f', '/g'], fs: fs() })).stdout).toBe(' 2  3  6 /f\n 1  2 12 /g\n 3  5 18 total\n');
    expect((await run(wc, { argv: ['wc', '-lw', '/f', '/g'], fs: fs() })).stdout).toBe(' 2  3 /f\n 1  2 /g\n 3  5 total\n');
  });

  it('uses width 7 for stdin, 1 for a single count', async () => {
    expect((await run(wc, { argv: ['wc'], stdin: 'x y\n' })).stdout).toBe('      1       2       4\n');
    expect((await run(wc, { argv: ['wc', '-l'], stdin: 'x y\n' })).stdout).toBe('1\n');
  });

  it('reports errors and still prints the total', async () => {
    const r = await run(wc, { argv: ['wc', 'nope', '/f'], fs: fs(), env: LANG_C });
    expect(r.stderr).toBe('wc: nope: No such file or directory\n');
    expect(r.stdout).toBe('2 3 6 /f\n2 3 6 total\n');
    expect(r.code).toBe(1);
  });
});
