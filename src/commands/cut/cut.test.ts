import { describe, it, expect } from 'vitest';
import { cut } from './cut.ts';
import { run, LANG_C } from '../testing/fake-process.ts';
import { TestFs, PASSWD } from '../testing/test-fs.ts';

describe('cut', () => {
  it('selects fields and characters', async () => {
    expect((await run(cut, { argv: ['cut', '-d:', '-f2'], stdin: 'a:b:c\n' })).stdout).toBe('b\n');
    expect((await run(cut, { argv: ['cut', '-d:', '-f1,3'], stdin: 'a:b:c\n' })).stdout).toBe('a:c\n');
    expect((await run(cut, { argv: ['cut', '-c2-4'], stdin: 'abcdef\n' })).stdout).toBe('bcd\n');
    expect((await run(cut, { argv: ['cut', '-d:', '-f1', '/etc/passwd'], fs: new TestFs() })).stdout).toBe(PASSWD.split('\n').filter(Boolean).map((l) => l.split(':')[0] + '\n').join(''));
  });

  it('reports bad usage', async () => {
    expect((await run(cut, { argv: ['cut'], env: LANG_C })).stderr).toBe("cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n");
    expect((await run(cut, { argv: ['cut', '-f0'], env: LANG_C })).stderr).toBe("cut: fields are numbered from 1\nTry 'cut --help' for more information.\n");
    expect((await run(cut, { argv: ['cut', '-f1', '-d'], env: LANG_C })).stderr).toBe("cut: option requires an argument -- 'd'\nTry 'cut --help' for more information.\n");
  });
});
