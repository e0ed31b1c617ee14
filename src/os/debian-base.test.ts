import { describe, it, expect, beforeEach } from 'vitest';
import { Rng } from '../engine/rng.ts';
import { MemoryFileSystem } from './fs/memory-fs.ts';
import type { Credentials, FsResult, Stat } from './fs/types.ts';
import { mountDebianDevices, populateDebianBase } from './debian-base.ts';
import { UserDb, readSystemFile } from './users/user-db.ts';
import { firstFreeId } from './users/ids.ts';
import { parseAdduserConf } from './users/adduser-conf.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [] };
const NOW = Date.UTC(2026, 10, 22, 3, 30, 0);
let fs: MemoryFileSystem;

function st(path: string): Stat {
  const r = fs.lstat(path, ROOT);
  if (!r.ok) throw new Error(`${path}: ${r.errno}`);
  return r.value;
}

function ok<T>(r: FsResult<T>): T {
  if (!r.ok) throw new Error(r.errno);
  return r.value;
}

beforeEach(() => {
  fs = new MemoryFileSystem({ now: () => NOW });
  populateDebianBase(fs, { hostname: 'S54' });
});

describe('a fresh Debian 12 tree', () => {
  it('has the directories of the labs with Debian owners and modes', () => {
    const expectations: [string, string, number, number, number][] = [
      ['/tmp', 'dir', 0o1777, 0, 0],
      ['/var/mail', 'dir', 0o2775, 0, 8],
      ['/root', 'dir', 0o700, 0, 0],
      ['/home', 'dir', 0o755, 0, 0],
      ['/var/log', 'dir', 0o755, 0, 0],
      ['/etc/shadow', 'file', 0o640, 0, 42],
      ['/etc/gshadow', 'file', 0o640, 0, 42],
      ['/etc/passwd', 'file', 0o644, 0, 0],
      ['/home/debian', 'dir', 0o700, 1000, 1000],
    ];
    for (const [path, type, mode, uid, gid] of expectations) {
      const s = st(path);
      expect([path, s.type, s.mode, s.uid, s.gid]).toEqual([path, type, mode, uid, gid]);
    }
  });

  it('has the merged-/usr links and /var/spool/mail -> ../mail', () => {
    expect(ok(fs.readlink('/bin', ROOT))).toBe('usr/bin');
    expect(ok(fs.readlink('/sbin', ROOT))).toBe('usr/sbin');
    expect(ok(fs.readlink('/lib', ROOT))).toBe('usr/lib');
    expect(ok(fs.readlink('/var/spool/mail', ROOT))).toBe('../mail');
    expect(ok(fs.realpath('/var/spool/mail', ROOT))).toBe('/var/mail');
  });

  it('names the host in /etc/hostname and on the 127.0.1.1 line of /etc/hosts', () => {
    expect(readSystemFile(fs, '/etc/hostname')).toBe('S54\n');
    expect(readSystemFile(fs, '/etc/hosts')).toBe(
      '127.0.0.1\tlocalhost\n127.0.1.1\tS54\n\n# The following lines are desirable for IPv6 capable hosts\n::1     localhost ip6-localhost ip6-loopback\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n',
    );
    const other = new MemoryFileSystem({ now: () => NOW });
    populateDebianBase(other, { hostname: 'smtp', domain: 'mail128.com' });
    expect(readSystemFile(other, '/etc/hosts')).toContain('127.0.1.1\tsmtp.mail128.com\tsmtp\n');
    expect(readSystemFile(other, '/etc/resolv.conf')).toBe('domain mail128.com\nsearch mail128.com\n');
  });

  it('lists the services the labs name, in netbase format', () => {
    const services = readSystemFile(fs, '/etc/services')!;
    expect(services).toContain('imap2\t\t143/tcp\t\timap\t\t# Interim Mail Access P 2 and 4\n');
    expect(services).toContain('smtp\t\t25/tcp\t\tmail\n');
    const ports: Record<string, string> = {
      ftp: '21/tcp', ssh: '22/tcp', telnet: '23/tcp', smtp: '25/tcp', domain: '53/udp', bootps: '67/udp', bootpc: '68/udp',
      tftp: '69/udp', http: '80/tcp', pop3: '110/tcp', sunrpc: '111/tcp', ntp: '123/udp', imap2: '143/tcp', snmp: '161/udp',
      ldap: '389/tcp', https: '443/tcp', submissions: '465/tcp', submission: '587/tcp', imaps: '993/tcp', pop3s: '995/tcp',
    };
    for (const [name, port] of Object.entries(ports)) expect(services).toMatch(new RegExp(`^${name}\\s+${port}`, 'm'));
  });

  it('has the system accounts of Debian 12 and the installer user 1000, so a lab user gets 1001', () => {
    const db = UserDb.load(fs);
    expect(readSystemFile(fs, '/etc/passwd')!.split('\n')[0]).toBe('root:x:0:0:root:/root:/bin/bash');
    expect(db.userByName('mail')).toMatchObject({ uid: 8, gid: 8, home: '/var/mail' });
    expect(db.userByName('nobody')?.uid).toBe(65534);
    expect(db.groupByName('mail')?.gid).toBe(8);
    expect(db.groupByName('users')).toMatchObject({ gid: 100, members: ['debian'] });
    expect(db.groupByName('adm')?.gid).toBe(4);
    expect(db.userByName('debian')).toMatchObject({ uid: 1000, gecos: 'debian,,,', shell: '/bin/bash' });
    const conf = parseAdduserConf(readSystemFile(fs, '/etc/adduser.conf')!);
    const used = new Set([...db.users.map((u) => u.uid), ...db.groups.map((g) => g.gid)]);
    expect(firstFreeId(used, conf.firstUid, conf.lastUid)).toBe(1001);
    expect(readSystemFile(fs, '/etc/shadow')).toMatch(/^root:\*:20779:0:99999:7:::$/m);
  });

  it('can leave the installer user out', () => {
    const bare = new MemoryFileSystem({ now: () => NOW });
    populateDebianBase(bare, { hostname: 'h', installerUser: null });
    expect(UserDb.load(bare).userByUid(1000)).toBeUndefined();
    expect(bare.stat('/home/debian', ROOT).ok).toBe(false);
  });

  it('dates package files with their package and installed files with now', () => {
    expect(new Date(st('/etc/services').mtimeMs).toISOString()).toBe('2021-03-27T22:32:57.000Z');
    expect(st('/etc/hostname').mtimeMs).toBe(NOW);
  });

  it('ships rsyslog (decision: the labs have /var/log/syslog) unless told not to', () => {
    expect(readSystemFile(fs, '/etc/rsyslog.conf')).toContain('mail.*\t\t\t\t-/var/log/mail.log\n');
    const bare = new MemoryFileSystem({ now: () => NOW });
    populateDebianBase(bare, { hostname: 'h', rsyslog: false });
    expect(readSystemFile(bare, '/etc/rsyslog.conf')).toBeNull();
  });

  it('has character devices in /dev', () => {
    const nul = st('/dev/null');
    expect([nul.type, nul.mode, nul.rdev]).toEqual(['chardev', 0o666, 0x103]);
    const user: Credentials = { uid: 1000, gid: 1000, groups: [] };
    expect(fs.writeFile('/dev/null', 'gone', user).ok).toBe(true);
    expect(ok(fs.readFile('/dev/zero', user)).every((b) => b === 0)).toBe(true);
    expect(ok(fs.readFile('/dev/urandom', user))).toHaveLength(4096);
  });

  it('is not shared by accident: a change on one host stays on that host', () => {
    const other = new MemoryFileSystem({ now: () => NOW });
    populateDebianBase(other, { hostname: 'other' });
    ok(fs.writeFile('/etc/services', 'x\n', ROOT, { append: true }));
    expect(readSystemFile(other, '/etc/services')!.endsWith('x\n')).toBe(false);
    expect(readSystemFile(fs, '/etc/services')!.endsWith('\nx\n')).toBe(true);
  });
});

describe('seed 003 on the real tree', () => {
  it('etudiant reads but cannot remove /var/mail/etudiant (etudiant:mail 0600)', () => {
    ok(fs.writeFile('/var/mail/etudiant', 'From toto\n', ROOT, { mode: 0o600 }));
    ok(fs.chown('/var/mail/etudiant', 1001, 8, ROOT));
    const etudiant: Credentials = { uid: 1001, gid: 1001, groups: [1001, 100] };
    expect(ok(fs.readdir('/var/mail', etudiant)).map((e) => e.name)).toEqual(['etudiant']);
    expect(fs.readFile('/var/mail/etudiant', etudiant).ok).toBe(true);
    expect(fs.unlink('/var/mail/etudiant', etudiant)).toEqual({ ok: false, errno: 'EACCES' });
    expect(fs.unlink('/var/spool/mail/etudiant', etudiant)).toEqual({ ok: false, errno: 'EACCES' });
  });
});

describe('persistence', () => {
  it('round-trips through JSON; devices work again once remounted', () => {
    const json = JSON.stringify(fs.serialize());
    const r = MemoryFileSystem.deserialize(JSON.parse(json), { now: () => NOW });
    if (!r.ok) throw new Error(r.error);
    expect(r.fs.serialize()).toEqual(fs.serialize());
    expect(readSystemFile(r.fs, '/etc/passwd')).toBe(readSystemFile(fs, '/etc/passwd'));
    mountDebianDevices(r.fs, new Rng(1));
    expect(ok(r.fs.readFile('/dev/zero', ROOT))).toHaveLength(4096);
  });
});
