import { describe, it, expect } from 'vitest';
import { xargs } from './xargs.ts';
import { run, LANG_C } from '../testing/fake-process.ts';
import type { Process } from '../../os/program.ts';

const echo = async (p: Process) => {
  p.stdout.write(p.argv.slice(1).join(' ') + '\n');
  return 0;
};

describe('xargs', () => {
  it('runs echo with the words of stdin, in batches with -n, or one per line with -I', async () => {
    expect((await run(xargs, { argv: ['xargs'], stdin: 'a b\nc\n', programs: { echo } })).stdout).toBe('a b c\n');
    expect((await run(xargs, { argv: ['xargs', '-n1', 'echo', 'x'], stdin: 'a\nb\n', programs: { echo } })).stdout).toBe('x a\nx b\n');
    expect((await run(xargs, { argv: ['xargs', '-I{}', 'echo', '[{}]'], stdin: 'a b\nc\n', programs: { echo } })).stdout).toBe('[a b]\n[c]\n');
    expect((await run(xargs, { argv: ['xargs', 'echo'], stdin: '"a b" c\n', programs: { echo } })).stdout).toBe('a b c\n');
  });

  it('reports a command that does not exist', async () => {
    const r = await run(xargs, { argv: ['xargs', 'nope'], stdin: 'a\n', env: LANG_C });
    expect(r.stderr).toBe('xargs: nope: No such file or directory\n');
    expect(r.code).toBe(127);
  });
});
