import { describe, it, expect } from 'vitest';
import { sed } from './sed.ts';
import { run, LANG_C } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

const fs = () => new TestFs().put('/t/a.txt', 'hello\nworld\nHello again\n').put('/etc/postfix/main.cf', 'myhostname = vm\ninet_interfaces = loopback-only\nmydestination = $myhostname, localhost\n');
const sedRun = (args: string[], stdin?: string, f = fs()) => run(sed, { argv: ['sed', ...args], fs: f, cwd: '/t', env: LANG_C, stdin });

describe('sed', () => {
  it('substitutes with flags g, p, I and a number', async () => {
    expect((await sedRun(['s/l/L/', 'a.txt'])).stdout).toBe('heLlo\nworLd\nHeLlo again\n');
    expect((await sedRun(['s/l/L/g', 'a.txt'])).stdout).toBe('heLLo\nworLd\nHeLLo again\n');
    expect((await sedRun(['s/l/L/2', 'a.txt'])).stdout).toBe('helLo\nworld\nHelLo again\n');
    expect((await sedRun(['-n', 's/hello/bye/Ip', 'a.txt'])).stdout).toBe('bye\nbye again\n');
  });

  it('uses groups, & and case conversion in the replacement', async () => {
    expect((await sedRun(['s/\\(h\\)\\(.*\\)/\\2\\1/', 'a.txt'])).stdout.split('\n')[0]).toBe('elloh');
    expect((await sedRun(['-E', 's/(w)(o)/[&|\\2\\1]/', 'a.txt'])).stdout.split('\n')[1]).toBe('[wo|ow]rld');
    expect((await sedRun(['s/.*/\\U&/', 'a.txt'])).stdout.split('\n')[0]).toBe('HELLO');
  });

  it('selects lines by number, $, regex and ranges, with d and p', async () => {
    expect((await sedRun(['-n', '2p', 'a.txt'])).stdout).toBe('world\n');
    expect((await sedRun(['-n', '$p', 'a.txt'])).stdout).toBe('Hello again\n');
    expect((await sedRun(['/^H/d', 'a.txt'])).stdout).toBe('hello\nworld\n');
    expect((await sedRun(['-n', '/hello/,/world/p', 'a.txt'])).stdout).toBe('hello\nworld\n');
    expect((await sedRun(['2!d', 'a.txt'])).stdout).toBe('world\n');
    expect((await sedRun(['-n', '$=', 'a.txt'])).stdout).toBe('3\n');
  });

  it('runs several -e expressions, blocks, labels and N', async () => {
    expect((await sedRun(['-e', 's/hello/x/', '-e', 's/world/y/', 'a.txt'])).stdout).toBe('x\ny\nHello again\n');
    expect((await sedRun([':a;N;$!ba;s/\\n/,/g', 'a.txt'])).stdout).toBe('hello,world,Hello again\n');
    expect((await sedRun(['-n', '/o/{s/o/0/;p}', 'a.txt'])).stdout).toBe('hell0\nw0rld\nHell0 again\n');
  });

  it('inserts, appends and changes lines', async () => {
    expect((await sedRun(['2i\\inserted', 'a.txt'])).stdout).toBe('hello\ninserted\nworld\nHello again\n');
    expect((await sedRun(['1a appended', 'a.txt'])).stdout).toBe('hello\nappended\nworld\nHello again\n');
    expect((await sedRun(['$c\\the end', 'a.txt'])).stdout).toBe('hello\nworld\nthe end\n');
    expect((await sedRun(['y/lo/LO/', 'a.txt'])).stdout.split('\n')[0]).toBe('heLLO');
  });

  it('edits a file in place with -i, keeping a backup with a suffix', async () => {
    const f = fs();
    const r = await run(sed, { argv: ['sed', '-i.bak', 's/loopback-only/all/', '/etc/postfix/main.cf'], fs: f });
    expect(r.stdout).toBe('');
    expect(f.text('/etc/postfix/main.cf')).toContain('inet_interfaces = all\n');
    expect(f.text('/etc/postfix/main.cf.bak')).toContain('inet_interfaces = loopback-only\n');
  });

  it('matches GNU on 0,/re/ ranges and empty matches after a match', async () => {
    expect((await sedRun(['0,/l/s//L/'], 'al\nbl\n')).stdout).toBe('aL\nbl\n');
    expect((await sedRun(['s/a*/-/g'], 'bash\n')).stdout).toBe('-b-s-h-\n');
  });

  it('reads stdin and quits with q', async () => {
    expect((await sedRun(['2q'], '1\n2\n3\n')).stdout).toBe('1\n2\n');
    expect((await sedRun(['s/$/!/'], 'no newline')).stdout).toBe('no newline!');
  });

  it('reports script errors with their position, and unreadable files', async () => {
    const e = async (args: string[]) => (await sedRun(args)).stderr;
    expect(await e(['s/a/b', 'a.txt'])).toBe("sed: -e expression #1, char 5: unterminated `s' command\n");
    expect(await e(['k', 'a.txt'])).toBe("sed: -e expression #1, char 1: unknown command: `k'\n");
    expect(await e(['s/a/b/q', 'a.txt'])).toBe("sed: -e expression #1, char 7: unknown option to `s'\n");
    expect(await e(['-n', '/x/{p', 'a.txt'])).toBe("sed: -e expression #1, char 0: unmatched `{'\n");
    expect(await e(['}', 'a.txt'])).toBe("sed: -e expression #1, char 1: unexpected `}'\n");
    expect(await e(['b foo', 'a.txt'])).toBe("sed: can't find label for jump to `foo'\n");
    expect(await e(['y/abc/xy/', 'a.txt'])).toBe("sed: -e expression #1, char 9: strings for `y' command are different lengths\n");
    const r = await sedRun(['-n', 'p', 'nope', 'a.txt']);
    expect(r.stderr).toBe("sed: can't read nope: No such file or directory\n");
    expect(r.stdout).toBe('hello\nworld\nHello again\n');
    expect(r.code).toBe(2);
  });

  it('prints its usage without a script', async () => {
    const r = await sedRun([]);
    expect(r.stderr.split('\n')[0]).toBe('Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...');
    expect(r.code).toBe(1);
  });
});

describe('sed in French', () => {
  it('translates the parts of its messages', async () => {
    const r = await run(sed, { argv: ['sed', 's/a', '/t/a.txt'], fs: fs(), env: { LANG: 'fr_FR.UTF-8' } });
    expect(r.stderr).toBe('sed: -e expression n°1, caractère 3: commande «\u00a0s\u00a0» inachevée\n');
    const n = await run(sed, { argv: ['sed', 'p', 'nope'], fs: fs(), env: { LANG: 'fr_FR.UTF-8' }, cwd: '/t' });
    expect(n.stderr).toBe('sed: impossible de lire nope: Aucun fichier ou dossier de ce type\n');
  });
});
