import { describe, it, expect, beforeEach } from 'vitest';
import { Rng } from '../../engine/rng.ts';
import { MemoryFileSystem } from '../fs/memory-fs.ts';
import type { Credentials } from '../fs/types.ts';
import { UserDb, authenticate, readSystemFile, setPasswordHash, shadowEntryOf } from './user-db.ts';
import { hashPassword } from './sha512-crypt.ts';
import { firstFreeId, nextIdAfterHighest } from './ids.ts';
import { DEFAULT_ADDUSER_CONFIG, parseAdduserConf } from './adduser-conf.ts';
import { parseLoginDefs } from './login-defs.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [] };
const NOW = Date.UTC(2026, 10, 22, 3, 33, 55);
let fs: MemoryFileSystem;

beforeEach(() => {
  fs = new MemoryFileSystem({ now: () => NOW });
  fs.install({ path: '/etc/passwd', type: 'file', content: 'root:x:0:0:root:/root:/bin/bash\nmail:x:8:8:mail:/var/mail:/usr/sbin/nologin\ndebian:x:1000:1000:debian,,,:/home/debian:/bin/bash\netudiant:x:1001:1001:Etudiant,,,:/home/etudiant:/bin/bash\nlegacy:$6$abcdefgh$QQ/YYn.QE8UplPLRd7O15zSB9CPC6HFr1DoFfDWms6/zUp5p4BaYjepdd/ccDX.Rt/uASd19IL4vl5iMm98Ak0:1003:1003::/home/legacy:/bin/sh\n' });
  fs.install({ path: '/etc/group', type: 'file', content: 'root:x:0:\nmail:x:8:\nusers:x:100:debian,etudiant\ndebian:x:1000:\netudiant:x:1001:\n' });
  fs.install({ path: '/etc/shadow', type: 'file', mode: 0o640, gid: 42, content: 'root:*:19769:0:99999:7:::\ndebian:!:19769:0:99999:7:::\n' });
});

describe('UserDb', () => {
  it('looks users and groups up by name and number', () => {
    const db = UserDb.load(fs);
    expect(db.userByName('etudiant')?.uid).toBe(1001);
    expect(db.userByUid(8)?.name).toBe('mail');
    expect(db.groupByName('users')?.gid).toBe(100);
    expect(db.groupByGid(1001)?.name).toBe('etudiant');
    expect(db.userName(4242)).toBe('4242');
    expect(db.groupName(8)).toBe('mail');
  });

  it('gives a user its primary group then its supplementary groups (id: groups=1001(etudiant),100(users))', () => {
    expect(UserDb.load(fs).credentialsOf('etudiant')).toEqual({ uid: 1001, gid: 1001, groups: [1001, 100] });
    expect(UserDb.load(fs).credentialsOf('nobody')).toBeNull();
  });

  it('reads the files afresh: an edit shows at once', () => {
    fs.writeFile('/etc/passwd', 'toto:x:1002:1002::/home/toto:/bin/sh\n', ROOT, { append: true });
    expect(UserDb.load(fs).userByName('toto')?.home).toBe('/home/toto');
  });
});

describe('passwords', () => {
  it('sets a hash in /etc/shadow with today as the change day and authenticates with it', () => {
    expect(authenticate(fs, 'etudiant', 'Etudiant1')).toBe(false);
    expect(setPasswordHash(fs, 'etudiant', hashPassword('Etudiant1', new Rng(3)), NOW)).toBe(true);
    expect(authenticate(fs, 'etudiant', 'Etudiant1')).toBe(true);
    expect(authenticate(fs, 'etudiant', 'etudiant1')).toBe(false);
    expect(shadowEntryOf(fs, 'etudiant')).toMatchObject({ lastChange: 20779, minDays: 0, maxDays: 99999, warnDays: 7 });
    // The file keeps its Debian mode and group.
    const st = fs.stat('/etc/shadow', ROOT);
    expect(st.ok && [st.value.mode, st.value.gid]).toEqual([0o640, 42]);
    expect(readSystemFile(fs, '/etc/shadow')!.split('\n')[0]).toBe('root:*:19769:0:99999:7:::');
  });

  it('replaces the hash of an existing line', () => {
    setPasswordHash(fs, 'debian', hashPassword('secret', new Rng(4)), NOW);
    expect(authenticate(fs, 'debian', 'secret')).toBe(true);
    expect(readSystemFile(fs, '/etc/shadow')!.match(/^debian:/gm)).toHaveLength(1);
  });

  it('refuses locked and unknown accounts; uses a hash kept in /etc/passwd', () => {
    expect(authenticate(fs, 'root', '')).toBe(false);
    expect(authenticate(fs, 'debian', '')).toBe(false);
    expect(authenticate(fs, 'ghost', 'x')).toBe(false);
    expect(authenticate(fs, 'legacy', 'Etudiant1')).toBe(true);
  });
});

describe('new ids', () => {
  const used = new Set([0, 8, 100, 1000, 1002]);

  it('adduser takes the first free id of its range, useradd the one after the highest', () => {
    expect(firstFreeId(used, 1000, 59999)).toBe(1001);
    expect(nextIdAfterHighest(used, 1000, 60000)).toBe(1003);
    expect(nextIdAfterHighest(new Set([0, 65534]), 1000, 60000)).toBe(1000);
  });

  it('falls back to a gap when the range is full at the top, null when it is full', () => {
    expect(nextIdAfterHighest(new Set([1000, 1002]), 1000, 1002)).toBe(1001);
    expect(firstFreeId(new Set([1, 2]), 1, 2)).toBeNull();
  });
});

describe('configuration files', () => {
  it('reads adduser.conf, defaults for what Debian leaves commented out', () => {
    expect(parseAdduserConf('# all commented\n#DSHELL=/bin/sh\n')).toEqual(DEFAULT_ADDUSER_CONFIG);
    const conf = parseAdduserConf('DSHELL=/bin/sh\nFIRST_UID=2000\nDIR_MODE=0750\nEXTRA_GROUPS="users audio"\nADD_EXTRA_GROUPS=1\nUSERGROUPS=no\n');
    expect([conf.dshell, conf.firstUid, conf.dirMode, conf.extraGroups, conf.addExtraGroups, conf.usergroups]).toEqual(['/bin/sh', 2000, 0o750, ['users', 'audio'], true, false]);
  });

  it('reads login.defs values and their defaults', () => {
    const defs = parseLoginDefs('UID_MIN\t\t\t 1000\nUID_MAX\t\t\t60000\nUMASK\t\t022\nPASS_MAX_DAYS\t99999\nENV_PATH\tPATH=/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games\n');
    expect([defs.uidMin, defs.uidMax, defs.umask, defs.passMaxDays, defs.sysUidMax, defs.mailDir]).toEqual([1000, 60000, 0o22, 99999, 999, '/var/mail']);
    expect(defs.envPath).toBe('/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games');
  });
});
