import { describe, it, expect } from 'vitest';
import { trueProgram } from './true.ts';
import { falseProgram } from '../false/false.ts';
import { run } from '../testing/fake-process.ts';

describe('true and false', () => {
  it('exit 0 and 1 whatever the arguments', async () => {
    expect((await run(trueProgram, { argv: ['true', '-x', 'y'] })).code).toBe(0);
    expect((await run(falseProgram, { argv: ['false', '--nope'] })).code).toBe(1);
    expect((await run(falseProgram, { argv: ['false', '--version'] })).stdout.split('\n')[0]).toBe('false (GNU coreutils) 9.1');
  });
});
