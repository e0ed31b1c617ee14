import { describe, it, expect } from 'vitest';
import { pwd } from './pwd.ts';
import { run, LANG_C } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

describe('/usr/bin/pwd', () => {
  it('prints the physical directory unless -L and $PWD agree', async () => {
    const fs = new TestFs().dir('/var/spool/mail').symlinkAt('/var/mail', 'spool/mail');
    expect((await run(pwd, { argv: ['pwd'], fs, cwd: '/var/mail', env: { PWD: '/var/mail' } })).stdout).toBe('/var/spool/mail\n');
    expect((await run(pwd, { argv: ['pwd', '-L'], fs, cwd: '/var/mail', env: { PWD: '/var/mail' } })).stdout).toBe('/var/mail\n');
    expect((await run(pwd, { argv: ['pwd', '-z'], env: LANG_C })).stderr).toBe("pwd: invalid option -- 'z'\nTry 'pwd --help' for more information.\n");
  });
});
