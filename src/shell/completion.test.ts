// Tab completion: what the word under the cursor completes to.
import { describe, it, expect } from 'vitest';
import { MemoryFileSystem } from '../os/fs/memory-fs.ts';
import { complete, commonPrefix, formatColumns, isCommandPosition, type CompletionSource } from './completion.ts';

const ROOT = { uid: 0, gid: 0, groups: [0] };

function source(): CompletionSource {
  const fs = new MemoryFileSystem({ now: () => 0 });
  for (const d of ['/usr/bin', '/etc/postfix', '/etc/profile.d', '/root/My Docs', '/var/mail']) fs.mkdir(d, ROOT, { parents: true });
  for (const f of ['/usr/bin/systemctl', '/usr/bin/sysctl', '/usr/bin/ls', '/usr/bin/nano']) {
    fs.writeFile(f, 'x', ROOT, { mode: 0o755 });
    fs.chmod(f, 0o755, ROOT);
  }
  fs.writeFile('/usr/bin/notexec', 'x', ROOT, { mode: 0o644 });
  fs.writeFile('/etc/postfix/main.cf', '', ROOT);
  fs.writeFile('/etc/postfix/master.cf', '', ROOT);
  fs.writeFile('/etc/profile', '', ROOT);
  fs.writeFile('/root/.bashrc', '', ROOT);
  fs.writeFile('/root/notes.txt', '', ROOT);
  return {
    fs,
    cred: ROOT,
    cwd: '/root',
    path: '/usr/bin',
    home: '/root',
    commandWords: () => ['cd', 'echo', 'exit', 'export', 'if'],
    variableNames: () => ['HOME', 'HOSTNAME', 'PATH'],
    userNames: () => ['root', 'etudiant'],
    compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  };
}

describe('completion', () => {
  it('completes the first word to builtins, keywords and executables of $PATH', () => {
    const src = source();
    expect(complete(src, 'sys', 3).matches).toEqual(['sysctl', 'systemctl']);
    expect(complete(src, 'ex', 2).matches).toEqual(['exit', 'export']);
    expect(complete(src, 'notex', 5).matches).toEqual([]);
    expect(complete(src, 'ls; na', 6).matches).toEqual(['nano']);
  });

  it('completes later words to file names, a directory with a slash', () => {
    const src = source();
    const c = complete(src, 'cat /etc/post', 13);
    expect(c).toMatchObject({ start: 4, matches: ['/etc/postfix'], suffix: ['/'] });
    expect(complete(src, 'nano /etc/postfix/ma', 20).matches).toEqual(['/etc/postfix/main.cf', '/etc/postfix/master.cf']);
    expect(complete(src, 'nano /etc/postfix/ma', 20).display).toEqual(['main.cf', 'master.cf']);
  });

  it('hides dot files unless the word starts with a dot, quotes spaces', () => {
    const src = source();
    expect(complete(src, 'ls ', 3).display).toEqual(['My Docs/', 'notes.txt']);
    expect(complete(src, 'ls ', 3).matches).toEqual(['My\\ Docs', 'notes.txt']);
    expect(complete(src, 'ls .b', 5).matches).toEqual(['.bashrc']);
  });

  it('completes $VARIABLES and ~users', () => {
    const src = source();
    expect(complete(src, 'echo $HO', 8).matches).toEqual(['$HOME', '$HOSTNAME']);
    expect(complete(src, 'cd ~et', 6)).toMatchObject({ matches: ['~etudiant'], suffix: ['/'] });
    expect(complete(src, 'ls ~/no', 7).matches).toEqual(['~/notes.txt']);
  });

  it('knows where a command starts', () => {
    expect(isCommandPosition('', 0)).toBe(true);
    expect(isCommandPosition('ls | ', 5)).toBe(true);
    expect(isCommandPosition('if ', 3)).toBe(true);
    expect(isCommandPosition('ls ', 3)).toBe(false);
  });

  it('lays out a listing in columns, top to bottom', () => {
    expect(commonPrefix(['main.cf', 'master.cf'])).toBe('ma');
    expect(formatColumns(['a', 'bb', 'ccc', 'dd', 'e'], 11)).toBe('a    dd\nbb   e\nccc\n');
  });
});
