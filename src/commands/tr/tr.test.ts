import { describe, it, expect } from 'vitest';
import { tr } from './tr.ts';
import { run, LANG_UTF8 } from '../testing/fake-process.ts';

const t = async (args: string[], stdin: string) => (await run(tr, { argv: ['tr', ...args], stdin, env: LANG_UTF8 })).stdout;

describe('tr', () => {
  it('translates, deletes, squeezes and complements', async () => {
    expect(await t(['a-z', 'A-Z'], 'hello\n')).toBe('HELLO\n');
    expect(await t(['[:lower:]', '[:upper:]'], 'abc\n')).toBe('ABC\n');
    expect(await t(['-d', 'l'], 'hello\n')).toBe('heo\n');
    expect(await t(['-s', ' '], 'a  b   c\n')).toBe('a b c\n');
    expect(await t(['-c', 'a', 'x'], 'abc\n')).toBe('axxx');
    expect(await t(['-d', '\\n'], 'a\nb\n')).toBe('ab');
    expect(await t(['abc', 'x'], 'abcd')).toBe('xxxd');
  });

  it('needs its operands', async () => {
    const r = await run(tr, { argv: ['tr', 'a'], env: LANG_UTF8 });
    expect(r.stderr).toBe("tr: missing operand after \u2018a\u2019\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n");
    expect((await run(tr, { argv: ['tr'], env: LANG_UTF8 })).stderr).toBe("tr: missing operand\nTry 'tr --help' for more information.\n");
  });
});
