import { describe, it, expect } from 'vitest';
import { echo } from './echo.ts';
import { run } from '../testing/fake-process.ts';

describe('/usr/bin/echo', () => {
  it('joins its arguments, with -n and -e as GNU echo', async () => {
    expect((await run(echo, { argv: ['echo', 'a', 'b'] })).stdout).toBe('a b\n');
    expect((await run(echo, { argv: ['echo', '-n', 'x'] })).stdout).toBe('x');
    expect((await run(echo, { argv: ['echo', 'a\\tb'] })).stdout).toBe('a\\tb\n');
    expect((await run(echo, { argv: ['echo', '-e', 'a\\tb\\c', 'z'] })).stdout).toBe('a\tb');
    expect((await run(echo, { argv: ['echo', '-x', '--help', 'y'] })).stdout).toBe('-x --help y\n');
    expect((await run(echo, { argv: ['echo', '-e', '\\x41\\0102'] })).stdout).toBe('AB\n');
  });
});
