import { describe, it, expect } from 'vitest';
import { sort } from './sort.ts';
import { uniq } from '../uniq/uniq.ts';
import { run, LANG_C, LANG_UTF8 } from '../testing/fake-process.ts';

describe('sort and uniq', () => {
  it('sort in byte order, numerically, reversed, uniquely and by key', async () => {
    expect((await run(sort, { argv: ['sort'], stdin: '3\n1\n2\n10\n', env: LANG_C })).stdout).toBe('1\n10\n2\n3\n');
    expect((await run(sort, { argv: ['sort', '-n'], stdin: '3\n1\n2\n10\n' })).stdout).toBe('1\n2\n3\n10\n');
    expect((await run(sort, { argv: ['sort', '-rn'], stdin: '3\n1\n10\n' })).stdout).toBe('10\n3\n1\n');
    expect((await run(sort, { argv: ['sort', '-u'], stdin: 'b\na\nb\n' })).stdout).toBe('a\nb\n');
    expect((await run(sort, { argv: ['sort'], stdin: 'b\na\nB\n', env: LANG_UTF8 })).stdout).toBe('B\na\nb\n');
    expect((await run(sort, { argv: ['sort', '-t:', '-k3', '-n'], stdin: 'x:y:10\na:b:2\n' })).stdout).toBe('a:b:2\nx:y:10\n');
  });

  it('uniq drops adjacent repeats, counts with -c', async () => {
    expect((await run(uniq, { argv: ['uniq'], stdin: 'a\na\nb\na\n' })).stdout).toBe('a\nb\na\n');
    expect((await run(uniq, { argv: ['uniq', '-c'], stdin: 'a\na\nb\n' })).stdout).toBe('      2 a\n      1 b\n');
    expect((await run(uniq, { argv: ['uniq', '-d'], stdin: 'a\na\nb\n' })).stdout).toBe('a\n');
  });

  it('sort reports unreadable files', async () => {
    const r = await run(sort, { argv: ['sort', 'nope'], env: LANG_C });
    expect(r.stderr).toBe('sort: cannot read: nope: No such file or directory\n');
    expect(r.code).toBe(2);
  });
});
