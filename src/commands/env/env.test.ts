import { describe, it, expect } from 'vitest';
import { env } from './env.ts';
import { run, LANG_UTF8 } from '../testing/fake-process.ts';
import type { Process } from '../../os/program.ts';

describe('env', () => {
  it('prints the environment, modified by -u, -i and NAME=VALUE', async () => {
    expect((await run(env, { argv: ['env'], env: { A: '1', B: '2' } })).stdout).toBe('A=1\nB=2\n');
    expect((await run(env, { argv: ['env', '-u', 'A', 'C=3'], env: { A: '1', B: '2' } })).stdout).toBe('B=2\nC=3\n');
    expect((await run(env, { argv: ['env', '-i', 'X=y'], env: { A: '1' } })).stdout).toBe('X=y\n');
  });

  it('runs a command with the new environment, 127 when it does not exist', async () => {
    const show = async (p: Process) => {
      p.stdout.write(`${p.argv.join(' ')} X=${p.env.get('X')}\n`);
      return 3;
    };
    const r = await run(env, { argv: ['env', 'X=1', 'show', 'a'], programs: { show } });
    expect(r.stdout).toBe('show a X=1\n');
    expect(r.code).toBe(3);
    const missing = await run(env, { argv: ['env', 'nope'], env: LANG_UTF8 });
    expect(missing.stderr).toBe('env: \u2018nope\u2019: No such file or directory\n');
    expect(missing.code).toBe(127);
  });
});
