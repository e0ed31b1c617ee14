import { describe, it, expect } from 'vitest';
import { test as testProgram, bracket } from './test.ts';
import { run, LANG_UTF8 } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

const t = async (args: string[]) => run(testProgram, { argv: ['test', ...args], fs: new TestFs().put('/tmp/f', 'x'), env: LANG_UTF8 });
const b = async (args: string[]) => run(bracket, { argv: ['[', ...args], env: LANG_UTF8 });

describe('test and [', () => {
  it('evaluates files, strings and integers', async () => {
    expect((await t([])).code).toBe(1);
    expect((await t(['-f', '/tmp/f', '-a', '-d', '/tmp'])).code).toBe(0);
    expect((await t(['!', '-e', '/nope'])).code).toBe(0);
    expect((await t(['-z', ''])).code).toBe(0);
    expect((await t(['(', 'a', '=', 'a', ')'])).code).toBe(0);
    expect((await t(['2', '-gt', '10'])).code).toBe(1);
    expect((await b(['a', '=', 'b', '-o', 'c', '=', 'c', ']'])).code).toBe(0);
  });

  it('reports syntax errors with exit 2', async () => {
    const r = await b(['1', '-eq', '1']);
    expect(r.stderr).toBe('[: missing \u2018]\u2019\n');
    expect(r.code).toBe(2);
    expect((await t(['a', '-eq', '1'])).stderr).toBe('test: invalid integer \u2018a\u2019\n');
    expect((await t(['1', '-x', '2'])).stderr).toBe('test: \u2018-x\u2019: binary operator expected\n');
    expect((await t(['a', 'b'])).stderr).toBe('test: missing argument after \u2018b\u2019\n');
  });
});
