import { describe, it, expect } from 'vitest';
import { less } from './less.ts';
import { more } from '../more/more.ts';
import { man } from '../man/man.ts';
import { run, LANG_C } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

const long = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
const fs = () => new TestFs().put('/tmp/long', long);
const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z=>]|\x1b[=>]/g, '');

describe('less and more', () => {
  it('copy their input like cat when the output is not a terminal', async () => {
    expect((await run(less, { argv: ['less', '/tmp/long'], fs: fs() })).stdout).toBe(long);
    expect((await run(more, { argv: ['more'], stdin: 'abc\n' })).stdout).toBe('abc\n');
  });

  it('more pages with --More--(NN%) and quits on q', async () => {
    const r = await run(more, { argv: ['more', '/tmp/long'], fs: fs(), tty: { columns: 80, rows: 10 }, stdin: [' ', 'q'] });
    const text = strip(r.stdout);
    expect(text.startsWith('line 1\nline 2\n')).toBe(true);
    expect(r.stdout).toContain('\x1b[7m--More--(16%)\x1b[27m');
    expect(text).toContain('line 18\n');
    expect(text).not.toContain('line 19\n');
    expect(r.terminal?.raw).toBe(false);
  });

  it('less shows the file name, then : prompts, and (END) at the bottom', async () => {
    const r = await run(less, { argv: ['less', '/tmp/long'], fs: fs(), tty: { columns: 80, rows: 10 }, stdin: ['G', 'q'] });
    expect(r.stdout).toContain('\x1b[7m/tmp/long\x1b[27m');
    expect(r.stdout).toContain('line 50\n\x1b[7m(END)\x1b[27m');
    expect(r.stdout.startsWith('\x1b[?1049h')).toBe(true);
  });

  it('report missing files', async () => {
    expect((await run(less, { argv: ['less', 'nope'], env: LANG_C, cwd: '/tmp' })).stderr).toBe('nope: No such file or directory\n');
    expect((await run(more, { argv: ['more', 'nope'], env: LANG_C, cwd: '/tmp' })).stderr).toBe('more: cannot open nope: No such file or directory\n');
  });
});

describe('man', () => {
  it('prints a page in man\'s layout when not on a terminal', async () => {
    const r = await run(man, { argv: ['man', 'ls'] });
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('LS(1)                            User Commands                           LS(1)');
    expect(lines).toContain('       ls - list directory contents');
    expect(lines[lines.length - 2]).toBe('GNU coreutils 9.1               September 2022                           LS(1)');
  });

  it('pages through less with man\'s prompt on a terminal', async () => {
    const r = await run(man, { argv: ['man', 'ping'], tty: { columns: 80, rows: 10 }, stdin: ['q'] });
    expect(r.stdout).toContain(' Manual page ping(8) line 1 (press h for help or q to quit)');
    expect(r.stdout).toContain('\x1b[1mNAME\x1b[0m');
  });

  it('has no page for unknown or uninstalled programs', async () => {
    const r = await run(man, { argv: ['man', 'nope'] });
    expect(r.stderr).toBe('No manual entry for nope\n');
    expect(r.code).toBe(16);
    expect((await run(man, { argv: ['man', 'postfix'] })).stderr).toBe('No manual entry for postfix\n');
    const installed = new TestFs().put('/usr/sbin/postfix', '', { mode: 0o755 });
    expect((await run(man, { argv: ['man', 'postfix'], fs: installed })).stdout).toContain('postfix - Postfix control program');
    expect((await run(man, { argv: ['man'] })).stderr).toBe("What manual page do you want?\nFor example, try 'man man'.\n");
  });
});
