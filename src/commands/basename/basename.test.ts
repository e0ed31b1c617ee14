import { describe, it, expect } from 'vitest';
import { basename } from './basename.ts';
import { dirname } from '../dirname/dirname.ts';
import { run, LANG_UTF8 } from '../testing/fake-process.ts';

describe('basename and dirname', () => {
  it('strip as POSIX says', async () => {
    expect((await run(basename, { argv: ['basename', '/etc/postfix/main.cf', '.cf'] })).stdout).toBe('main\n');
    expect((await run(basename, { argv: ['basename', '-a', 'a/b', 'c/'] })).stdout).toBe('b\nc\n');
    expect((await run(basename, { argv: ['basename', '//'] })).stdout).toBe('/\n');
    expect((await run(dirname, { argv: ['dirname', 'a/b', '/x', '//y', 'a'] })).stdout).toBe('a\n/\n/\n.\n');
  });

  it('complain about operands', async () => {
    expect((await run(basename, { argv: ['basename'], env: LANG_UTF8 })).stderr).toBe("basename: missing operand\nTry 'basename --help' for more information.\n");
    expect((await run(basename, { argv: ['basename', 'a', 'b', 'c'], env: LANG_UTF8 })).stderr).toBe("basename: extra operand \u2018c\u2019\nTry 'basename --help' for more information.\n");
  });
});
