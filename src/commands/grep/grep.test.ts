import { describe, it, expect } from 'vitest';
import { grep } from './grep.ts';
import { run, LANG_C, LANG_FR } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

function fs(): TestFs {
  return new TestFs()
    .put('/g/a.txt', 'hello\nworld\nHello again\n')
    .put('/g/b.bin', new Uint8Array([98, 105, 110, 0, 104, 101, 108, 108, 111, 10]))
    .put('/g/sub/c', 'hello sub\n');
}
const g = (args: string[], extra: Partial<Parameters<typeof run>[1]> = {}) => run(grep, { argv: ['grep', ...args], fs: fs(), cwd: '/g', env: LANG_C, ...extra });

describe('grep', () => {
  it('prints matching lines and exits 0, or 1 when nothing matches', async () => {
    const r = await g(['hello', 'a.txt']);
    expect(r.stdout).toBe('hello\n');
    expect(r.code).toBe(0);
    expect((await g(['nomatch', 'a.txt'])).code).toBe(1);
  });

  it('handles -i -n -v -c -l -w -x', async () => {
    expect((await g(['-in', 'hello', 'a.txt'])).stdout).toBe('1:hello\n3:Hello again\n');
    expect((await g(['-v', 'hello', 'a.txt'])).stdout).toBe('world\nHello again\n');
    expect((await g(['-c', 'hello', 'a.txt', 'b.bin'])).stdout).toBe('a.txt:1\nb.bin:1\n');
    expect((await g(['-l', 'hello', 'a.txt', 'b.bin', 'sub/c'])).stdout).toBe('a.txt\nb.bin\nsub/c\n');
    expect((await g(['-w', 'hell', 'a.txt'])).code).toBe(1);
    expect((await g(['-x', 'world', 'a.txt'])).stdout).toBe('world\n');
  });

  it('translates basic and extended regular expressions', async () => {
    expect((await g(['-o', 'l\\+', 'a.txt'])).stdout).toBe('ll\nl\nll\n');
    expect((await g(['-E', '^(wor|Hel)', 'a.txt'])).stdout).toBe('world\nHello again\n');
    expect((await g(['^h.*o$', 'a.txt'])).stdout).toBe('hello\n');
    expect((await g(['-F', '.', 'a.txt'])).code).toBe(1);
    expect((await g(['[[:upper:]]', 'a.txt'])).stdout).toBe('Hello again\n');
  });

  it('reports directories, missing files and binary files as grep 3.8', async () => {
    const r = await g(['hello', 'a.txt', 'b.bin', 'sub', 'nope']);
    expect(r.stdout).toBe('a.txt:hello\n');
    expect(r.stderr).toBe('grep: b.bin: binary file matches\ngrep: sub: Is a directory\ngrep: nope: No such file or directory\n');
    expect(r.code).toBe(2);
  });

  it('searches recursively, naming files without ./ when no operand is given', async () => {
    const r = await g(['-r', 'hello']);
    expect(r.stdout).toBe('a.txt:hello\nsub/c:hello sub\n');
    expect(r.stderr).toBe('grep: b.bin: binary file matches\n');
    expect((await g(['-r', 'sub', '.'])).stdout).toBe('./sub/c:hello sub\n');
  });

  it('prints context with -A and separators', async () => {
    const r = await run(grep, { argv: ['grep', '-A1', '-e', '2', '-e', '5'], stdin: '1\n2\n3\n4\n5\n6\n' });
    expect(r.stdout).toBe('2\n3\n--\n5\n6\n');
  });

  it('reads stdin as it arrives and prints usage without a pattern', async () => {
    expect((await run(grep, { argv: ['grep', 'b'], stdin: ['a\nb', 'c\nd\n'] })).stdout).toBe('bc\n');
    const r = await run(grep, { argv: ['grep'], env: LANG_C });
    expect(r.stderr).toBe("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
    expect(r.code).toBe(2);
    const fr = await run(grep, { argv: ['grep', '-Y', 'x'], env: LANG_FR });
    expect(fr.stderr).toBe("grep\u00a0: option invalide -- 'Y'\nUsage\u00a0: grep [OPTION]... MOTIFS [FICHIER]...\nExécutez «\u00a0grep --help\u00a0» pour obtenir des renseignements complémentaires.\n");
  });

  it('reports a bad regex', async () => {
    const r = await g(['-E', 'a(b', 'a.txt']);
    expect(r.stderr).toBe('grep: Unmatched ( or \\(\n');
    expect(r.code).toBe(2);
  });

  it('colors matches with --color=always', async () => {
    const r = await g(['--color=always', '-n', 'hello', 'a.txt']);
    expect(r.stdout).toBe('\x1b[32m\x1b[K1\x1b[m\x1b[K\x1b[36m\x1b[K:\x1b[m\x1b[K\x1b[01;31m\x1b[Khello\x1b[m\x1b[K\n');
  });
});
