import { describe, it, expect } from 'vitest';
import { ls } from './ls.ts';
import { run, LANG_C, LANG_FR, LANG_UTF8 } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

const JAN16 = Date.UTC(2026, 0, 16, 13, 1);
const JAN20 = Date.UTC(2026, 0, 20, 9, 0);

function mailFs(): TestFs {
  const fs = new TestFs();
  fs.dir('/var/mail', { gid: 8, mode: 0o2775, mtimeMs: JAN16 });
  fs.put('/var/mail/etudiant', 'x'.repeat(495), { uid: 1000, gid: 8, mode: 0o600, mtimeMs: JAN16 });
  return fs;
}

describe('ls -l', () => {
  it('prints the seed 003 mailbox line in French', async () => {
    const r = await run(ls, { argv: ['ls', '-l', '/var/mail'], fs: mailFs(), env: LANG_FR, wallMs: JAN20 });
    expect(r.stdout).toBe('total 4\n-rw------- 1 etudiant mail 495 16 janv. 13:01 etudiant\n');
    expect(r.code).toBe(0);
  });

  it('prints the same line in the C locale', async () => {
    const r = await run(ls, { argv: ['ls', '-l', '/var/mail/etudiant'], fs: mailFs(), env: LANG_C, wallMs: JAN20 });
    expect(r.stdout).toBe('-rw------- 1 etudiant mail 495 Jan 16 13:01 /var/mail/etudiant\n');
  });

  it('shows . and .. with -a and counts their blocks in total', async () => {
    const r = await run(ls, { argv: ['ls', '-al'], cwd: '/var/mail', fs: mailFs(), env: LANG_FR, wallMs: JAN20 });
    expect(r.stdout.split('\n')[0]).toBe('total 12');
    expect(r.stdout).toContain('drwxrwsr-x 2 root     mail 4096 16 janv. 13:01 .\n');
    expect(r.stdout).toContain('-rw------- 1 etudiant mail  495 16 janv. 13:01 etudiant\n');
  });

  it('shows the year for files older than six months and pads French months', async () => {
    const fs = new TestFs();
    fs.dir('/s/active', { uid: 104, mode: 0o700, mtimeMs: Date.UTC(2020, 2, 5, 10, 0) });
    fs.dir('/s/dev', { mtimeMs: Date.UTC(2026, 10, 7, 12, 41) });
    fs.dir('/s/maildrop', { uid: 104, gid: 111, mode: 0o1730, mtimeMs: Date.UTC(2020, 2, 5, 10, 0) });
    fs.dir('/s/public', { uid: 104, gid: 111, mode: 0o2710, mtimeMs: Date.UTC(2020, 2, 5, 10, 0) });
    const r = await run(ls, { argv: ['ls', '-l', '/s'], fs, env: LANG_FR });
    expect(r.stdout).toBe(
      'total 16\n' +
        'drwx------ 2 postfix root     4096  5 mars   2020 active\n' +
        'drwxr-xr-x 2 root    root     4096  7 nov.  12:41 dev\n' +
        'drwx-wx--T 2 postfix postdrop 4096  5 mars   2020 maildrop\n' +
        'drwx--s--- 2 postfix postdrop 4096  5 mars   2020 public\n',
    );
  });

  it('shows symlinks with their target, and numeric ids with -n', async () => {
    const fs = new TestFs();
    fs.symlinkAt('/x/bin', 'usr/bin', { mtimeMs: Date.UTC(2026, 10, 1) });
    const r = await run(ls, { argv: ['ls', '-ln', '/x/bin'], fs, env: LANG_C });
    expect(r.stdout).toBe('lrwxrwxrwx 1 0 0 7 Nov  1 00:00 /x/bin -> usr/bin\n');
  });

  it('prints human sizes with -h', async () => {
    const fs = new TestFs();
    fs.put('/d/big', new Uint8Array(4097), { mtimeMs: Date.UTC(2026, 10, 22, 3, 0) });
    fs.put('/d/small', 'abc', { mtimeMs: Date.UTC(2026, 10, 22, 3, 0) });
    const r = await run(ls, { argv: ['ls', '-lh', '/d'], fs, env: LANG_C });
    expect(r.stdout).toBe('total 12K\n-rw-r--r-- 1 root root 4.1K Nov 22 03:00 big\n-rw-r--r-- 1 root root    3 Nov 22 03:00 small\n');
  });
});

describe('ls errors', () => {
  it('reports a missing operand and exits 2', async () => {
    const r = await run(ls, { argv: ['ls', 'nope'], env: LANG_C });
    expect(r.stderr).toBe("ls: cannot access 'nope': No such file or directory\n");
    expect(r.code).toBe(2);
  });

  it('speaks French with fr_FR.UTF-8', async () => {
    const r = await run(ls, { argv: ['ls', 'nope'], env: LANG_FR });
    expect(r.stderr).toBe("ls: impossible d'accéder à 'nope': Aucun fichier ou dossier de ce type\n");
  });

  it('rejects an unknown option like getopt', async () => {
    const r = await run(ls, { argv: ['ls', '-z'], env: LANG_C });
    expect(r.stderr).toBe("ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n");
    expect(r.code).toBe(2);
    const fr = await run(ls, { argv: ['ls', '-z'], env: LANG_FR });
    expect(fr.stderr).toBe("ls\u00a0: option invalide -- 'z'\nSaisissez «\u00a0ls --help\u00a0» pour plus d'informations.\n");
  });

  it('lists ambiguous long options', async () => {
    const r = await run(ls, { argv: ['ls', '--a'], env: LANG_C });
    expect(r.stderr).toBe("ls: option '--a' is ambiguous; possibilities: '--all' '--almost-all' '--author'\nTry 'ls --help' for more information.\n");
  });

  it('cannot open a directory without read permission', async () => {
    const r = await run(ls, { argv: ['ls', '/root'], env: LANG_C, cred: { uid: 1000, gid: 1000, groups: [1000] } });
    expect(r.stderr).toBe("ls: cannot open directory '/root': Permission denied\n");
    expect(r.code).toBe(2);
  });
});

describe('ls layouts', () => {
  function tree(): TestFs {
    const fs = new TestFs();
    for (const n of ['10', '9', 'B', 'Documents', 'a', 'a b', 'a.txt', 'a_b', 'ab', '.bashrc', '.profile', 'x-y', 'x_y']) fs.put(`/w/${n}`, '');
    return fs;
  }

  it('prints one name per line to a pipe, sorted by bytes in C', async () => {
    const r = await run(ls, { argv: ['ls', '-a', '/w'], fs: tree(), env: LANG_C });
    expect(r.stdout).toBe(['.', '..', '.bashrc', '.profile', '10', '9', 'B', 'Documents', 'a', 'a b', 'a.txt', 'a_b', 'ab', 'x-y', 'x_y'].join('\n') + '\n');
  });

  it('sorts like glibc fr_FR: case and punctuation only break ties', async () => {
    const r = await run(ls, { argv: ['ls', '-A', '/w'], fs: tree(), env: LANG_FR });
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(['10', '9', 'a', 'a b', 'a_b', 'ab', 'a.txt', 'B', '.bashrc', 'Documents', '.profile', 'x-y', 'x_y']);
  });

  it('fills columns on a terminal, quoting names with spaces and aligning the others', async () => {
    const r = await run(ls, { argv: ['ls', '/w'], fs: tree(), env: LANG_UTF8, tty: { columns: 40, rows: 24 } });
    // Recorded from coreutils 9.1 on a 40-column terminal (tabs included).
    expect(r.stdout).toBe(" 10   Documents   a.txt   x-y\n 9    a\t\t  a_b\t  x_y\n B   'a b'\t  ab\n");
    const across = await run(ls, { argv: ['ls', '-x', '/w'], fs: tree(), env: LANG_UTF8, tty: { columns: 40, rows: 24 } });
    expect(across.stdout).toBe(" 10     9       B     Documents   a\n'a b'   a.txt   a_b   ab\t  x-y\n x_y\n");
    const commas = await run(ls, { argv: ['ls', '-m', '/w'], fs: tree(), env: LANG_UTF8, tty: { columns: 40, rows: 24 } });
    expect(commas.stdout).toBe("10, 9, B, Documents, a, 'a b', a.txt,\na_b, ab, x-y, x_y\n");
  });

  it('lists directories recursively with headers', async () => {
    const fs = new TestFs();
    fs.put('/r/a', '');
    fs.put('/r/s/b', '');
    fs.dir('/r/s/t');
    const r = await run(ls, { argv: ['ls', '-R', 'r'], cwd: '/', fs, env: LANG_C });
    expect(r.stdout).toBe('r:\na\ns\n\nr/s:\nb\nt\n\nr/s/t:\n');
  });

  it('lists files before directories, sorted by time with -t and reversed with -r', async () => {
    const fs = new TestFs();
    fs.put('/t/old', '', { mtimeMs: Date.UTC(2026, 1, 1) });
    fs.put('/t/new', '', { mtimeMs: Date.UTC(2026, 10, 1) });
    expect((await run(ls, { argv: ['ls', '-t', '/t'], fs, env: LANG_C })).stdout).toBe('new\nold\n');
    expect((await run(ls, { argv: ['ls', '-tr', '/t'], fs, env: LANG_C })).stdout).toBe('old\nnew\n');
    expect((await run(ls, { argv: ['ls', '/t', '/t/old'], fs, env: LANG_C })).stdout).toBe('/t/old\n\n/t:\nnew\nold\n');
  });
});

describe('ls colors and devices', () => {
  it('colors like GNU ls on a known terminal: reset once before the first colored name, no tabs', async () => {
    const fs = new TestFs();
    fs.put('/c/a b', '');
    fs.put('/c/file', '');
    fs.put('/c/old', '', { mode: 0o4755 });
    fs.dir('/c/sub');
    fs.symlinkAt('/c/link', 'file');
    const r = await run(ls, { argv: ['ls', '--color=auto', '-F', '/c'], fs, env: { LANG: 'C.UTF-8', TERM: 'xterm-256color' }, tty: { columns: 80, rows: 24 } });
    expect(r.stdout).toBe("'a b'   file   \x1b[0m\x1b[01;36mlink\x1b[0m@   \x1b[37;41mold\x1b[0m*   \x1b[01;34msub\x1b[0m/\n");
    const dumb = await run(ls, { argv: ['ls', '--color=auto', '/c'], fs, env: { LANG: 'C.UTF-8' }, tty: { columns: 80, rows: 24 } });
    expect(dumb.stdout).not.toContain('\x1b[');
  });

  it('shows major, minor for character devices', async () => {
    const fs = new TestFs();
    fs.mountSpecial('/dev/null', { read: () => new Uint8Array(0), write: () => null }, 0o666, { rdev: (1 << 8) | 3 });
    fs.utimes('/dev/null', Date.UTC(2026, 10, 21, 23, 53), Date.UTC(2026, 10, 21, 23, 53), { uid: 0, gid: 0, groups: [] });
    const r = await run(ls, { argv: ['ls', '-l', '/dev/null'], fs, env: LANG_C });
    expect(r.stdout).toBe('crw-rw-rw- 1 root root 1, 3 Nov 21 23:53 /dev/null\n');
  });
});
