import { describe, it, expect } from 'vitest';
import { seq } from './seq.ts';
import { run, LANG_UTF8 } from '../testing/fake-process.ts';

const s = async (args: string[]) => (await run(seq, { argv: ['seq', ...args], env: LANG_UTF8 })).stdout;

describe('seq', () => {
  it('counts like GNU seq', async () => {
    expect(await s(['3'])).toBe('1\n2\n3\n');
    expect(await s(['1', '0.5', '3'])).toBe('1.0\n1.5\n2.0\n2.5\n3.0\n');
    expect(await s(['2', '1.25', '5'])).toBe('2.00\n3.25\n4.50\n');
    expect(await s(['-w', '8', '11'])).toBe('08\n09\n10\n11\n');
    expect(await s(['-w', '-1', '1'])).toBe('-1\n00\n01\n');
    expect(await s(['-s,', '3'])).toBe('1,2,3\n');
    expect(await s(['10', '-3', '1'])).toBe('10\n7\n4\n1\n');
    expect(await s(['-f', '%.2f', '1', '2'])).toBe('1.00\n2.00\n');
    expect(await s(['3', '1'])).toBe('');
  });

  it('rejects bad arguments', async () => {
    const r = await run(seq, { argv: ['seq', 'x'], env: LANG_UTF8 });
    expect(r.stderr).toBe("seq: invalid floating point argument: \u2018x\u2019\nTry 'seq --help' for more information.\n");
    expect((await run(seq, { argv: ['seq', '1', '0', '2'], env: LANG_UTF8 })).stderr).toBe("seq: invalid Zero increment value: \u20180\u2019\nTry 'seq --help' for more information.\n");
  });
});
