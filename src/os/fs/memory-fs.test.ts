import { describe, it, expect, beforeEach } from 'vitest';
import { MemoryFileSystem } from './memory-fs.ts';
import type { Credentials, Errno, FsResult } from './types.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [] };
const ALICE: Credentials = { uid: 1000, gid: 1000, groups: [100] };
const BOB: Credentials = { uid: 1001, gid: 1001, groups: [100] };
const MAIL_GID = 8;

const text = (b: Uint8Array) => new TextDecoder().decode(b);

function errno<T>(r: FsResult<T>): Errno | 'ok' {
  return r.ok ? 'ok' : r.errno;
}

function value<T>(r: FsResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.errno}`);
  return r.value;
}

let clock = 1_700_000_000_000;
let fs: MemoryFileSystem;

beforeEach(() => {
  clock = 1_700_000_000_000;
  fs = new MemoryFileSystem({ now: () => clock });
  fs.install({ path: '/tmp', type: 'dir', mode: 0o1777 });
  fs.install({ path: '/home/alice', type: 'dir', mode: 0o755, uid: 1000, gid: 1000 });
  fs.install({ path: '/home/bob', type: 'dir', mode: 0o700, uid: 1001, gid: 1001 });
  fs.install({ path: '/etc/passwd', type: 'file', content: 'root:x:0:0:root:/root:/bin/bash\n' });
  fs.install({ path: '/etc/shadow', type: 'file', mode: 0o640, gid: 42, content: 'root:*:19000:0:99999:7:::\n' });
  fs.install({ path: '/var/mail', type: 'dir', mode: 0o2775, gid: MAIL_GID });
});

describe('path lookup', () => {
  it('normalizes ., .., // and a trailing slash on a directory', () => {
    expect(value(fs.realpath('//home/./alice/../alice//', ROOT))).toBe('/home/alice');
    expect(value(fs.realpath('/..', ROOT))).toBe('/');
    expect(value(fs.realpath('../../etc/passwd', ROOT, '/home/alice'))).toBe('/etc/passwd');
  });

  it('resolves relative paths against cwd', () => {
    expect(text(value(fs.readFile('passwd', ROOT, '/etc')))).toContain('root:x:0:0');
  });

  it('gives ENOTDIR for a file used as a directory, also with a trailing slash', () => {
    expect(errno(fs.stat('/etc/passwd/x', ROOT))).toBe('ENOTDIR');
    expect(errno(fs.stat('/etc/passwd/', ROOT))).toBe('ENOTDIR');
  });

  it('gives ENOENT for an empty path or a missing component', () => {
    expect(errno(fs.stat('', ROOT))).toBe('ENOENT');
    expect(errno(fs.stat('/nope/x', ROOT))).toBe('ENOENT');
  });

  it('gives ENAMETOOLONG for a 256-byte name', () => {
    expect(errno(fs.stat('/tmp/' + 'a'.repeat(256), ROOT))).toBe('ENAMETOOLONG');
    expect(errno(fs.stat('/tmp/' + 'a'.repeat(255), ROOT))).toBe('ENOENT');
  });

  it('follows 40 chained symlinks and fails the 41st with ELOOP', () => {
    fs.install({ path: '/tmp/l0', type: 'symlink', target: '/etc/passwd' });
    for (let i = 1; i <= 40; i++) fs.install({ path: `/tmp/l${i}`, type: 'symlink', target: `l${i - 1}` });
    expect(errno(fs.stat('/tmp/l39', ROOT))).toBe('ok');
    expect(errno(fs.stat('/tmp/l40', ROOT))).toBe('ELOOP');
    fs.install({ path: '/tmp/a', type: 'symlink', target: 'b' });
    fs.install({ path: '/tmp/b', type: 'symlink', target: 'a' });
    expect(errno(fs.readFile('/tmp/a', ROOT))).toBe('ELOOP');
    expect(value(fs.lstat('/tmp/a', ROOT)).type).toBe('symlink');
  });

  it('follows symlinks in the middle of a path and with a trailing slash', () => {
    fs.install({ path: '/usr/bin/ls', type: 'file', mode: 0o755 });
    fs.install({ path: '/bin', type: 'symlink', target: 'usr/bin' });
    expect(value(fs.realpath('/bin/ls', ROOT))).toBe('/usr/bin/ls');
    expect(value(fs.lstat('/bin/', ROOT)).type).toBe('dir');
    expect(value(fs.lstat('/bin', ROOT)).type).toBe('symlink');
  });

  it('needs search permission on every directory crossed', () => {
    fs.install({ path: '/home/bob/notes', type: 'file', uid: 1001, gid: 1001, content: 'x' });
    expect(errno(fs.stat('/home/bob/notes', ALICE))).toBe('EACCES');
    expect(errno(fs.stat('/home/bob/notes', BOB))).toBe('ok');
    expect(errno(fs.stat('/home/bob/notes', ROOT))).toBe('ok');
  });
});

describe('permission checks', () => {
  // [mode, who, want, expected] — the owner class wins even when it grants less than group/other.
  const cases: [number, Credentials, number, 'ok' | 'EACCES'][] = [
    [0o640, ALICE, 4, 'ok'],
    [0o640, ALICE, 2, 'ok'],
    [0o640, BOB, 4, 'ok'], // group 100 = users
    [0o640, BOB, 2, 'EACCES'],
    [0o604, BOB, 4, 'EACCES'], // group class chosen, group bits 0
    [0o047, ALICE, 4, 'EACCES'], // owner class chosen, owner bits 0
    [0o600, { uid: 2000, gid: 2000, groups: [] }, 4, 'EACCES'],
    [0o604, { uid: 2000, gid: 2000, groups: [] }, 4, 'ok'],
    [0o000, ROOT, 6, 'ok'], // root reads and writes anything
    [0o644, ROOT, 1, 'EACCES'], // ...but executes only if some x bit is set
    [0o744, ROOT, 1, 'ok'],
    [0o754, BOB, 1, 'ok'],
  ];
  for (const [mode, who, want, expected] of cases) {
    it(`mode ${mode.toString(8)} uid ${who.uid} want ${want}: ${expected}`, () => {
      fs.install({ path: '/tmp/f', type: 'file', mode, uid: 1000, gid: 100, content: 'data' });
      expect(errno(fs.access('/tmp/f', want, who))).toBe(expected);
    });
  }

  it('refuses readFile and writeFile without the permission (EACCES)', () => {
    expect(errno(fs.readFile('/etc/shadow', ALICE))).toBe('EACCES');
    expect(errno(fs.readFile('/etc/shadow', { uid: 1000, gid: 1000, groups: [42] }))).toBe('ok');
    expect(errno(fs.writeFile('/etc/passwd', 'x', ALICE))).toBe('EACCES');
    expect(errno(fs.writeFile('/etc/newfile', 'x', ALICE))).toBe('EACCES');
  });

  it('root traverses a 0700 directory of another user', () => {
    expect(errno(fs.readdir('/home/bob', ROOT))).toBe('ok');
    expect(errno(fs.readdir('/home/bob', ALICE))).toBe('EACCES');
  });
});

describe('seed 003: a mailbox in /var/mail (2775 root:mail)', () => {
  beforeEach(() => {
    fs.install({ path: '/var/mail/etudiant', type: 'file', mode: 0o600, uid: 1001, gid: MAIL_GID, content: 'From x\n' });
  });

  it('its owner reads it but cannot remove it: the directory is not writable for them', () => {
    expect(text(value(fs.readFile('/var/mail/etudiant', BOB)))).toBe('From x\n');
    expect(errno(fs.unlink('/var/mail/etudiant', BOB))).toBe('EACCES');
    expect(errno(fs.unlink('etudiant', BOB, '/var/mail'))).toBe('EACCES');
    expect(errno(fs.rename('/var/mail/etudiant', '/tmp/stolen', BOB))).toBe('EACCES');
  });

  it('another user can neither read nor remove it', () => {
    expect(errno(fs.readFile('/var/mail/etudiant', ALICE))).toBe('EACCES');
    expect(errno(fs.unlink('/var/mail/etudiant', ALICE))).toBe('EACCES');
  });

  it('a member of group mail may remove it (not sticky), root too', () => {
    expect(errno(fs.unlink('/var/mail/etudiant', { uid: 1000, gid: 1000, groups: [MAIL_GID] }))).toBe('ok');
  });

  it('a file created there by a mail-group process takes group mail (setgid directory)', () => {
    const deliver: Credentials = { uid: 1000, gid: 1000, groups: [MAIL_GID] };
    expect(errno(fs.writeFile('/var/mail/alice', 'From y\n', deliver, { mode: 0o600 }))).toBe('ok');
    const st = value(fs.stat('/var/mail/alice', ROOT));
    expect([st.uid, st.gid, st.mode]).toEqual([1000, MAIL_GID, 0o600]);
  });

  it('a subdirectory of a setgid directory is setgid with the same group', () => {
    expect(errno(fs.mkdir('/var/mail/sub', ROOT, { mode: 0o755 }))).toBe('ok');
    const st = value(fs.stat('/var/mail/sub', ROOT));
    expect(st.gid).toBe(MAIL_GID);
    expect(st.mode).toBe(0o2755);
  });
});

describe('sticky /tmp (1777)', () => {
  beforeEach(() => {
    value(fs.writeFile('/tmp/alice.txt', 'a', ALICE));
  });

  it('lets another user create files but not remove or rename theirs (EPERM)', () => {
    expect(errno(fs.writeFile('/tmp/bob.txt', 'b', BOB))).toBe('ok');
    expect(errno(fs.unlink('/tmp/alice.txt', BOB))).toBe('EPERM');
    expect(errno(fs.rename('/tmp/alice.txt', '/tmp/x', BOB))).toBe('EPERM');
    expect(errno(fs.rename('/tmp/bob.txt', '/tmp/alice.txt', BOB))).toBe('EPERM');
  });

  it('lets the owner and root remove it', () => {
    expect(errno(fs.unlink('/tmp/alice.txt', ALICE))).toBe('ok');
    value(fs.writeFile('/tmp/alice.txt', 'a', ALICE));
    expect(errno(fs.unlink('/tmp/alice.txt', ROOT))).toBe('ok');
  });
});

describe('files', () => {
  it('creates with the given mode, the caller as owner, and the byte length as size', () => {
    value(fs.writeFile('/tmp/f', 'héllo', ALICE, { mode: 0o600 }));
    const st = value(fs.stat('/tmp/f', ALICE));
    expect([st.type, st.mode, st.uid, st.gid, st.size, st.nlink]).toEqual(['file', 0o600, 1000, 1000, 6, 1]);
  });

  it('defaults to mode 0644', () => {
    value(fs.writeFile('/tmp/f', '', ALICE));
    expect(value(fs.stat('/tmp/f', ALICE)).mode).toBe(0o644);
  });

  it('truncates, or appends with append: true', () => {
    value(fs.writeFile('/tmp/f', 'one\n', ALICE));
    value(fs.writeFile('/tmp/f', 'two\n', ALICE, { append: true }));
    expect(text(value(fs.readFile('/tmp/f', ALICE)))).toBe('one\ntwo\n');
    value(fs.writeFile('/tmp/f', 'three\n', ALICE));
    expect(text(value(fs.readFile('/tmp/f', ALICE)))).toBe('three\n');
  });

  it('keeps every byte of many small appends (a log file)', () => {
    let expected = '';
    for (let i = 0; i < 500; i++) {
      const line = `line ${i}\n`;
      expected += line;
      value(fs.writeFile('/tmp/log', line, ROOT, { append: true }));
    }
    expect(text(value(fs.readFile('/tmp/log', ROOT)))).toBe(expected);
    expect(value(fs.stat('/tmp/log', ROOT)).size).toBe(expected.length);
  });

  it('returns a copy: mutating what readFile gave does not change the file', () => {
    value(fs.writeFile('/tmp/f', 'abc', ROOT));
    const b = value(fs.readFile('/tmp/f', ROOT));
    b[0] = 0x7a;
    expect(text(value(fs.readFile('/tmp/f', ROOT)))).toBe('abc');
  });

  it('EISDIR for reading, writing or creating "name/" as a file', () => {
    expect(errno(fs.readFile('/tmp', ROOT))).toBe('EISDIR');
    expect(errno(fs.writeFile('/tmp', 'x', ROOT))).toBe('EISDIR');
    expect(errno(fs.writeFile('/tmp/new/', 'x', ROOT))).toBe('EISDIR');
  });

  it('EACCES comes before EISDIR when reading an unreadable directory', () => {
    expect(errno(fs.readFile('/home/bob', ALICE))).toBe('EACCES');
  });

  it('writing through a dangling symlink creates its target', () => {
    fs.install({ path: '/tmp/link', type: 'symlink', target: 'target' });
    value(fs.writeFile('/tmp/link', 'x', ROOT));
    expect(text(value(fs.readFile('/tmp/target', ROOT)))).toBe('x');
  });

  it('an unprivileged write drops the setuid bit', () => {
    fs.install({ path: '/tmp/prog', type: 'file', mode: 0o4777, uid: 0 });
    value(fs.writeFile('/tmp/prog', 'x', ALICE));
    expect(value(fs.stat('/tmp/prog', ROOT)).mode).toBe(0o777);
  });
});

describe('times', () => {
  it('creation sets the three times and the parent mtime; writes move mtime and ctime only', () => {
    value(fs.writeFile('/tmp/f', 'a', ROOT));
    const t0 = clock;
    expect(value(fs.stat('/tmp', ROOT)).mtimeMs).toBe(t0);
    clock += 5000;
    value(fs.writeFile('/tmp/f', 'b', ROOT, { append: true }));
    const st = value(fs.stat('/tmp/f', ROOT));
    expect([st.atimeMs, st.mtimeMs, st.ctimeMs]).toEqual([t0, t0 + 5000, t0 + 5000]);
    expect(value(fs.stat('/tmp', ROOT)).mtimeMs).toBe(t0);
  });

  it('chmod and chown move ctime, not mtime', () => {
    value(fs.writeFile('/tmp/f', 'a', ROOT));
    const t0 = clock;
    clock += 1000;
    value(fs.chmod('/tmp/f', 0o600, ROOT));
    const st = value(fs.stat('/tmp/f', ROOT));
    expect([st.mtimeMs, st.ctimeMs]).toEqual([t0, t0 + 1000]);
  });

  it('reading moves atime as relatime does: only when older than mtime, or a day old', () => {
    value(fs.writeFile('/tmp/f', 'a', ROOT));
    const t0 = clock;
    clock += 1000;
    value(fs.readFile('/tmp/f', ROOT)); // atime == mtime: updated
    expect(value(fs.stat('/tmp/f', ROOT)).atimeMs).toBe(t0 + 1000);
    clock += 1000;
    value(fs.readFile('/tmp/f', ROOT)); // atime > mtime, recent: kept
    expect(value(fs.stat('/tmp/f', ROOT)).atimeMs).toBe(t0 + 1000);
    clock += 86_400_000;
    value(fs.readFile('/tmp/f', ROOT));
    expect(value(fs.stat('/tmp/f', ROOT)).atimeMs).toBe(clock);
  });

  it('utimes: explicit times need ownership; "now" needs write permission', () => {
    fs.install({ path: '/tmp/shared', type: 'file', mode: 0o666, uid: 1000, gid: 1000 });
    fs.install({ path: '/tmp/ro', type: 'file', mode: 0o644, uid: 1000, gid: 1000 });
    expect(errno(fs.utimes('/tmp/shared', 0, 0, BOB))).toBe('EPERM');
    expect(errno(fs.utimes('/tmp/shared', clock, clock, BOB))).toBe('ok');
    expect(errno(fs.utimes('/tmp/ro', clock, clock, BOB))).toBe('EACCES');
    expect(errno(fs.utimes('/tmp/ro', 5, 7, ALICE))).toBe('ok');
    expect(value(fs.stat('/tmp/ro', ROOT)).mtimeMs).toBe(7);
  });
});

describe('directories', () => {
  it('reports size 4096 and nlink 2 + subdirectories', () => {
    value(fs.mkdir('/tmp/d', ROOT));
    value(fs.mkdir('/tmp/d/a', ROOT));
    value(fs.mkdir('/tmp/d/b', ROOT));
    value(fs.writeFile('/tmp/d/f', '', ROOT));
    const st = value(fs.stat('/tmp/d', ROOT));
    expect([st.size, st.nlink, st.mode]).toEqual([4096, 4, 0o755]);
    value(fs.rmdir('/tmp/d/a', ROOT));
    expect(value(fs.stat('/tmp/d', ROOT)).nlink).toBe(3);
  });

  it('lists entries in creation order without . and ..', () => {
    for (const n of ['c', 'a', 'b']) value(fs.writeFile(`/tmp/${n}`, '', ROOT));
    expect(value(fs.readdir('/tmp', ROOT)).map((e) => e.name)).toEqual(['c', 'a', 'b']);
  });

  it('readdir needs read permission (EACCES) and a directory (ENOTDIR)', () => {
    fs.install({ path: '/tmp/x', type: 'dir', mode: 0o711, uid: 1000 });
    expect(errno(fs.readdir('/tmp/x', BOB))).toBe('EACCES');
    expect(errno(fs.readdir('/etc/passwd', ROOT))).toBe('ENOTDIR');
  });

  it('mkdir: EEXIST for anything existing (even a dangling symlink), ENOENT for a missing parent', () => {
    expect(errno(fs.mkdir('/tmp', ROOT))).toBe('EEXIST');
    expect(errno(fs.mkdir('/', ROOT))).toBe('EEXIST');
    expect(errno(fs.mkdir('/etc/passwd', ROOT))).toBe('EEXIST');
    fs.install({ path: '/tmp/dangling', type: 'symlink', target: 'nowhere' });
    expect(errno(fs.mkdir('/tmp/dangling', ROOT))).toBe('EEXIST');
    expect(errno(fs.mkdir('/tmp/a/b', ROOT))).toBe('ENOENT');
    expect(errno(fs.mkdir('/etc/passwd/x', ROOT))).toBe('ENOTDIR');
    expect(errno(fs.mkdir('/etc/x', ALICE))).toBe('EACCES');
  });

  it('mkdir -p creates ancestors, accepts existing directories, refuses a file', () => {
    expect(errno(fs.mkdir('/tmp/a/b/c', ROOT, { parents: true, mode: 0o700 }))).toBe('ok');
    expect(value(fs.stat('/tmp/a/b/c', ROOT)).mode).toBe(0o700);
    expect(value(fs.stat('/tmp/a', ROOT)).mode).toBe(0o755);
    expect(errno(fs.mkdir('/tmp/a/b', ROOT, { parents: true }))).toBe('ok');
    expect(errno(fs.mkdir('/etc/passwd', ROOT, { parents: true }))).toBe('EEXIST');
    expect(errno(fs.mkdir('/etc/passwd/x', ROOT, { parents: true }))).toBe('ENOTDIR');
    expect(errno(fs.mkdir('rel/dir', ALICE, { parents: true, cwd: '/home/alice' }))).toBe('ok');
    expect(value(fs.stat('/home/alice/rel/dir', ALICE)).uid).toBe(1000);
  });

  it('rmdir: ENOTEMPTY, ENOTDIR, EINVAL for ".", EBUSY for "/"', () => {
    value(fs.mkdir('/tmp/d', ROOT));
    value(fs.writeFile('/tmp/d/f', '', ROOT));
    expect(errno(fs.rmdir('/tmp/d', ROOT))).toBe('ENOTEMPTY');
    expect(errno(fs.rmdir('/tmp/d/f', ROOT))).toBe('ENOTDIR');
    expect(errno(fs.rmdir('/tmp/d/.', ROOT))).toBe('EINVAL');
    expect(errno(fs.rmdir('/tmp/d/..', ROOT))).toBe('ENOTEMPTY');
    expect(errno(fs.rmdir('/', ROOT))).toBe('EBUSY');
    expect(errno(fs.rmdir('/tmp/none', ROOT))).toBe('ENOENT');
  });

  it('unlink: EISDIR on a directory, ENOTDIR with a trailing slash on a file, symlinks removed themselves', () => {
    expect(errno(fs.unlink('/tmp', ROOT))).toBe('EISDIR');
    expect(errno(fs.unlink('/tmp/', ROOT))).toBe('EISDIR');
    expect(errno(fs.unlink('/etc/passwd/', ROOT))).toBe('ENOTDIR');
    fs.install({ path: '/tmp/l', type: 'symlink', target: '/etc/passwd' });
    value(fs.unlink('/tmp/l', ROOT));
    expect(errno(fs.stat('/etc/passwd', ROOT))).toBe('ok');
    expect(errno(fs.lstat('/tmp/l', ROOT))).toBe('ENOENT');
  });

  it('unlink of a directory in an unwritable parent is EACCES before EISDIR', () => {
    expect(errno(fs.unlink('/home', ALICE))).toBe('EACCES');
  });
});

describe('rename', () => {
  it('replaces an existing file atomically', () => {
    value(fs.writeFile('/tmp/a', 'new', ROOT));
    value(fs.writeFile('/tmp/b', 'old', ROOT));
    value(fs.rename('/tmp/a', '/tmp/b', ROOT));
    expect(text(value(fs.readFile('/tmp/b', ROOT)))).toBe('new');
    expect(errno(fs.stat('/tmp/a', ROOT))).toBe('ENOENT');
  });

  it('moves a directory onto an empty directory, not onto a non-empty one', () => {
    value(fs.mkdir('/tmp/src', ROOT));
    value(fs.writeFile('/tmp/src/f', 'x', ROOT));
    value(fs.mkdir('/tmp/empty', ROOT));
    value(fs.mkdir('/tmp/full', ROOT));
    value(fs.writeFile('/tmp/full/g', '', ROOT));
    expect(errno(fs.rename('/tmp/src', '/tmp/full', ROOT))).toBe('ENOTEMPTY');
    expect(errno(fs.rename('/tmp/src', '/tmp/empty', ROOT))).toBe('ok');
    expect(text(value(fs.readFile('/tmp/empty/f', ROOT)))).toBe('x');
  });

  it('EINVAL moving a directory into itself; ENOTEMPTY onto its own ancestor', () => {
    value(fs.mkdir('/tmp/a/b', ROOT, { parents: true }));
    expect(errno(fs.rename('/tmp/a', '/tmp/a/b/c', ROOT))).toBe('EINVAL');
    expect(errno(fs.rename('/tmp/a/b', '/tmp/a', ROOT))).toBe('ENOTEMPTY');
  });

  it('EISDIR file onto directory, ENOTDIR directory onto file, EBUSY for "." and "/"', () => {
    value(fs.writeFile('/tmp/f', '', ROOT));
    value(fs.mkdir('/tmp/d', ROOT));
    expect(errno(fs.rename('/tmp/f', '/tmp/d', ROOT))).toBe('EISDIR');
    expect(errno(fs.rename('/tmp/d', '/tmp/f', ROOT))).toBe('ENOTDIR');
    expect(errno(fs.rename('/tmp/f/', '/tmp/g', ROOT))).toBe('ENOTDIR');
    expect(errno(fs.rename('/tmp/d/.', '/tmp/x', ROOT))).toBe('EBUSY');
    expect(errno(fs.rename('/', '/tmp/x', ROOT))).toBe('EBUSY');
    expect(errno(fs.rename('/tmp/none', '/tmp/x', ROOT))).toBe('ENOENT');
  });

  it('renaming onto a hard link of itself does nothing', () => {
    value(fs.writeFile('/tmp/a', 'x', ROOT));
    value(fs.link('/tmp/a', '/tmp/b', ROOT));
    value(fs.rename('/tmp/a', '/tmp/b', ROOT));
    expect(value(fs.stat('/tmp/a', ROOT)).nlink).toBe(2);
  });

  it('keeps link counts of directories moved between parents', () => {
    value(fs.mkdir('/tmp/p1/c', ROOT, { parents: true }));
    value(fs.mkdir('/tmp/p2', ROOT));
    value(fs.rename('/tmp/p1/c', '/tmp/p2/c', ROOT));
    expect(value(fs.stat('/tmp/p1', ROOT)).nlink).toBe(2);
    expect(value(fs.stat('/tmp/p2', ROOT)).nlink).toBe(3);
    expect(value(fs.realpath('/tmp/p2/c/..', ROOT))).toBe('/tmp/p2');
  });

  it('needs write permission on a directory that changes parent', () => {
    fs.install({ path: '/tmp/ro', type: 'dir', mode: 0o555, uid: 1000, gid: 1000 });
    expect(errno(fs.rename('/tmp/ro', '/home/alice/ro', ALICE))).toBe('EACCES');
    expect(errno(fs.rename('/tmp/ro', '/tmp/ro2', ALICE))).toBe('ok');
  });
});

describe('links', () => {
  it('hard links share content and count links', () => {
    value(fs.writeFile('/tmp/a', 'one', ROOT));
    value(fs.link('/tmp/a', '/tmp/b', ROOT));
    value(fs.writeFile('/tmp/b', 'two', ROOT));
    expect(text(value(fs.readFile('/tmp/a', ROOT)))).toBe('two');
    expect(value(fs.stat('/tmp/a', ROOT)).nlink).toBe(2);
    value(fs.unlink('/tmp/a', ROOT));
    expect(value(fs.stat('/tmp/b', ROOT)).nlink).toBe(1);
    expect(value(fs.stat('/tmp/b', ROOT)).ino).toBeGreaterThan(2);
  });

  it('link: EPERM for a directory, EEXIST for an existing name, EPERM for a file the user cannot write (protected_hardlinks)', () => {
    expect(errno(fs.link('/tmp', '/tmp2', ROOT))).toBe('EPERM');
    value(fs.writeFile('/tmp/a', '', ROOT));
    expect(errno(fs.link('/tmp/a', '/etc/passwd', ROOT))).toBe('EEXIST');
    expect(errno(fs.link('/etc/passwd', '/tmp/pw', ALICE))).toBe('EPERM');
  });

  it('symlink stores the target verbatim, lstat shows its length, readlink gives it back', () => {
    value(fs.symlink('../etc/passwd', '/tmp/pw', ALICE));
    const st = value(fs.lstat('/tmp/pw', ALICE));
    expect([st.type, st.size, st.mode, st.uid]).toEqual(['symlink', 13, 0o777, 1000]);
    expect(value(fs.readlink('/tmp/pw', ALICE))).toBe('../etc/passwd');
    expect(errno(fs.readlink('/etc/passwd', ALICE))).toBe('EINVAL');
    expect(errno(fs.symlink('x', '/tmp/pw', ALICE))).toBe('EEXIST');
    expect(errno(fs.symlink('', '/tmp/e', ALICE))).toBe('ENOENT');
    expect(value(fs.realpath('/tmp/pw', ALICE))).toBe('/etc/passwd');
  });
});

describe('chmod and chown', () => {
  beforeEach(() => {
    fs.install({ path: '/tmp/f', type: 'file', mode: 0o644, uid: 1000, gid: 1000 });
  });

  it('only the owner or root changes the mode (EPERM)', () => {
    expect(errno(fs.chmod('/tmp/f', 0o600, BOB))).toBe('EPERM');
    expect(errno(fs.chmod('/tmp/f', 0o600, ALICE))).toBe('ok');
    expect(errno(fs.chmod('/tmp/f', 0o4755, ROOT))).toBe('ok');
    expect(value(fs.stat('/tmp/f', ROOT)).mode).toBe(0o4755);
  });

  it('drops setgid when the owner is not in the file group', () => {
    value(fs.chown('/tmp/f', -1, 100, ALICE));
    expect(value(fs.stat('/tmp/f', ROOT)).gid).toBe(100);
    value(fs.chown('/tmp/f', -1, 8, ROOT));
    value(fs.chmod('/tmp/f', 0o2755, ALICE));
    expect(value(fs.stat('/tmp/f', ROOT)).mode).toBe(0o755);
  });

  it('only root gives a file away; the owner may change to one of its groups', () => {
    expect(errno(fs.chown('/tmp/f', 1001, -1, ALICE))).toBe('EPERM');
    expect(errno(fs.chown('/tmp/f', -1, 8, ALICE))).toBe('EPERM');
    expect(errno(fs.chown('/tmp/f', -1, 100, BOB))).toBe('EPERM');
    expect(errno(fs.chown('/tmp/f', 1001, 1001, ROOT))).toBe('ok');
    const st = value(fs.stat('/tmp/f', ROOT));
    expect([st.uid, st.gid]).toEqual([1001, 1001]);
  });

  it('chown clears setuid on a regular file, even as root', () => {
    value(fs.chmod('/tmp/f', 0o4755, ROOT));
    value(fs.chown('/tmp/f', 0, 0, ROOT));
    expect(value(fs.stat('/tmp/f', ROOT)).mode).toBe(0o755);
  });

  it('noFollow changes the link itself', () => {
    fs.install({ path: '/tmp/l', type: 'symlink', target: 'f' });
    value(fs.chown('/tmp/l', 1001, 1001, ROOT, { noFollow: true }));
    expect(value(fs.lstat('/tmp/l', ROOT)).uid).toBe(1001);
    expect(value(fs.stat('/tmp/l', ROOT)).uid).toBe(1000);
  });
});

describe('special files', () => {
  it('reads and writes a computed file, with the mode checked (procfs ip_forward)', () => {
    let forward = false;
    fs.mountSpecial('/proc/sys/net/ipv4/ip_forward', {
      read: () => new TextEncoder().encode(forward ? '1\n' : '0\n'),
      write: (data) => {
        const v = new TextDecoder().decode(data).trim();
        if (v !== '0' && v !== '1') return 'EINVAL';
        forward = v === '1';
        return null;
      },
    }, 0o644);
    expect(text(value(fs.readFile('/proc/sys/net/ipv4/ip_forward', ALICE)))).toBe('0\n');
    expect(errno(fs.writeFile('/proc/sys/net/ipv4/ip_forward', '1\n', ALICE))).toBe('EACCES');
    expect(errno(fs.writeFile('/proc/sys/net/ipv4/ip_forward', '1\n', ROOT))).toBe('ok');
    expect(forward).toBe(true);
    expect(errno(fs.writeFile('/proc/sys/net/ipv4/ip_forward', 'x\n', ROOT))).toBe('EINVAL');
    const st = value(fs.stat('/proc/sys/net/ipv4/ip_forward', ROOT));
    expect([st.type, st.size, st.mode]).toEqual(['file', 0, 0o644]);
  });

  it('under /dev it is a character device with its device number', () => {
    fs.mountSpecial('/dev/null', { read: () => new Uint8Array(0), write: () => null }, 0o666, { rdev: (1 << 8) | 3 });
    const st = value(fs.stat('/dev/null', ALICE));
    expect([st.type, st.rdev, st.mode]).toEqual(['chardev', 259, 0o666]);
    expect(errno(fs.writeFile('/dev/null', 'discarded', ALICE))).toBe('ok');
    expect(value(fs.readFile('/dev/null', ALICE)).length).toBe(0);
  });
});

describe('install (base tree and packages)', () => {
  it('shares file bytes between file systems, copy-on-write', () => {
    const shared = new TextEncoder().encode('base\n');
    const other = new MemoryFileSystem({ now: () => clock });
    fs.install({ path: '/etc/motd', type: 'file', content: shared });
    other.install({ path: '/etc/motd', type: 'file', content: shared });
    value(fs.writeFile('/etc/motd', 'more\n', ROOT, { append: true }));
    expect(text(value(fs.readFile('/etc/motd', ROOT)))).toBe('base\nmore\n');
    expect(text(value(other.readFile('/etc/motd', ROOT)))).toBe('base\n');
    expect(text(shared)).toBe('base\n');
  });

  it('sets the given owner, mode and time, creating parents', () => {
    fs.install({ path: '/usr/share/doc/x/copyright', type: 'file', mode: 0o644, mtimeMs: 1_600_000_000_000, content: 'c' });
    const st = value(fs.stat('/usr/share/doc/x/copyright', ROOT));
    expect([st.mtimeMs, st.ctimeMs, st.size]).toEqual([1_600_000_000_000, 1_600_000_000_000, 1]);
    expect(value(fs.stat('/usr/share/doc', ROOT)).type).toBe('dir');
  });
});

describe('writeFile without O_CREAT', () => {
  it('appends to an existing file and refuses a missing one with ENOENT, creating nothing', () => {
    fs.writeFile('/log', 'a\n', ROOT);
    expect(fs.writeFile('/log', 'b\n', ROOT, { append: true, noCreate: true }).ok).toBe(true);
    expect(new TextDecoder().decode((fs.readFile('/log', ROOT) as { value: Uint8Array }).value)).toBe('a\nb\n');
    expect(fs.writeFile('/missing', 'x', ROOT, { append: true, noCreate: true })).toEqual({ ok: false, errno: 'ENOENT' });
    expect(fs.lstat('/missing', ROOT).ok).toBe(false);
  });
});
