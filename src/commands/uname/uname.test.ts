import { describe, it, expect } from 'vitest';
import { uname } from './uname.ts';
import { run, LANG_C } from '../testing/fake-process.ts';

describe('uname', () => {
  it('prints Debian 12 kernel strings', async () => {
    expect((await run(uname, { argv: ['uname'] })).stdout).toBe('Linux\n');
    expect((await run(uname, { argv: ['uname', '-r'] })).stdout).toMatch(/^6\.1\.0-\d+-amd64\n$/);
    const a = await run(uname, { argv: ['uname', '-a'], hostname: 'S54' });
    expect(a.stdout).toMatch(/^Linux S54 6\.1\.0-\d+-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6\.1\.\d+-1 \(\d{4}-\d\d-\d\d\) x86_64 GNU\/Linux\n$/);
    expect((await run(uname, { argv: ['uname', '-snm'], hostname: 'vm' })).stdout).toBe('Linux vm x86_64\n');
  });

  it('rejects unknown options', async () => {
    const r = await run(uname, { argv: ['uname', '-x'], env: LANG_C });
    expect(r.stderr).toBe("uname: invalid option -- 'x'\nTry 'uname --help' for more information.\n");
    expect(r.code).toBe(1);
  });
});
