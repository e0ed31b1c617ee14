import { describe, it, expect } from 'vitest';
import { sleep } from './sleep.ts';
import { run, LANG_UTF8 } from '../testing/fake-process.ts';

describe('sleep', () => {
  it('waits in virtual time, adding suffixed operands', async () => {
    expect((await run(sleep, { argv: ['sleep', '1.5'] })).seconds).toBe(1.5);
    expect((await run(sleep, { argv: ['sleep', '1m', '2s'] })).seconds).toBe(62);
  });

  it('rejects bad intervals', async () => {
    const r = await run(sleep, { argv: ['sleep', 'x'], env: LANG_UTF8 });
    expect(r.stderr).toBe("sleep: invalid time interval \u2018x\u2019\nTry 'sleep --help' for more information.\n");
    expect((await run(sleep, { argv: ['sleep'], env: LANG_UTF8 })).stderr).toBe("sleep: missing operand\nTry 'sleep --help' for more information.\n");
  });
});
