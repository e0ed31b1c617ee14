import { describe, it, expect } from 'vitest';
import { yes } from './yes.ts';
import { SIGINT } from '../../os/program.ts';
import { run } from '../testing/fake-process.ts';

describe('yes', () => {
  it('repeats its line until interrupted, pausing in virtual time', async () => {
    const r = await run(yes, { argv: ['yes', 'ok'], hooks: [{ at: 0.0025, run: (h) => h.signal(SIGINT) }] });
    expect(r.code).toBe(130);
    expect(r.stdout.startsWith('ok\nok\nok\n')).toBe(true);
    expect(new Set(r.stdout.split('\n').filter(Boolean))).toEqual(new Set(['ok']));
  });
});
