// The account database as the C library sees it (getpwnam, getgrgid, initgroups) read from the
// host's /etc files, and the password check of pam_unix for login, su, Dovecot and popa3d.
// Everything reads the files afresh: a student who edits /etc/passwd sees the effect at once.
import type { Credentials, FileSystem } from '../fs/types.ts';
import { entries } from './colon-file.ts';
import { parseGroup, type GroupEntry } from './group.ts';
import { parsePasswd, type PasswdEntry } from './passwd.ts';
import { daysSinceEpoch, formatShadow, parseShadow, type ShadowEntry } from './shadow.ts';
import { verifyPassword } from './sha512-crypt.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [] };
const decoder = new TextDecoder();

/** A file's text read as root, or null if it is missing or unreadable. */
export function readSystemFile(fs: FileSystem, path: string): string | null {
  const r = fs.readFile(path, ROOT);
  return r.ok ? decoder.decode(r.value) : null;
}

export class UserDb {
  readonly users: readonly PasswdEntry[];
  readonly groups: readonly GroupEntry[];

  constructor(users: readonly PasswdEntry[], groups: readonly GroupEntry[]) {
    this.users = users;
    this.groups = groups;
  }

  /** /etc/passwd and /etc/group of `fs` (a missing file is an empty one). */
  static load(fs: FileSystem): UserDb {
    return new UserDb(entries(parsePasswd(readSystemFile(fs, '/etc/passwd') ?? '')), entries(parseGroup(readSystemFile(fs, '/etc/group') ?? '')));
  }

  /** First match wins, as getpwnam on a file with duplicates. */
  userByName(name: string): PasswdEntry | undefined {
    return this.users.find((u) => u.name === name);
  }

  userByUid(uid: number): PasswdEntry | undefined {
    return this.users.find((u) => u.uid === uid);
  }

  groupByName(name: string): GroupEntry | undefined {
    return this.groups.find((g) => g.name === name);
  }

  groupByGid(gid: number): GroupEntry | undefined {
    return this.groups.find((g) => g.gid === gid);
  }

  /** initgroups(3): the primary gid first, then every group that lists the user, no duplicates. */
  groupIdsOf(name: string): number[] {
    const user = this.userByName(name);
    const out: number[] = user ? [user.gid] : [];
    for (const g of this.groups) if (g.members.includes(name) && !out.includes(g.gid)) out.push(g.gid);
    return out;
  }

  /** What login/su give a process of this user. */
  credentialsOf(name: string): Credentials | null {
    const user = this.userByName(name);
    if (!user) return null;
    return { uid: user.uid, gid: user.gid, groups: this.groupIdsOf(name) };
  }

  /** Name for a uid as ls/ps print it, else the number. */
  userName(uid: number): string {
    return this.userByUid(uid)?.name ?? String(uid);
  }

  groupName(gid: number): string {
    return this.groupByGid(gid)?.name ?? String(gid);
  }
}

/** The shadow entry of a user, or undefined. */
export function shadowEntryOf(fs: FileSystem, name: string): ShadowEntry | undefined {
  return entries(parseShadow(readSystemFile(fs, '/etc/shadow') ?? '')).find((e) => e.name === name);
}

/**
 * pam_unix: the hash is in /etc/shadow when the passwd field is 'x' (a user without a shadow
 * line cannot log in), otherwise in /etc/passwd itself. Unknown users never authenticate.
 */
export function authenticate(fs: FileSystem, name: string, password: string): boolean {
  const user = UserDb.load(fs).userByName(name);
  if (!user) return false;
  if (user.password !== 'x') return verifyPassword(password, user.password);
  const shadow = shadowEntryOf(fs, name);
  return shadow !== undefined && verifyPassword(password, shadow.hash);
}

/**
 * What passwd/chpasswd write: the new hash and today's day count in the user's shadow line, or a
 * new line with Debian's aging defaults (0:99999:7) if there is none. False if /etc/shadow is
 * missing or cannot be written.
 */
export function setPasswordHash(fs: FileSystem, name: string, hash: string, nowMs: number): boolean {
  const text = readSystemFile(fs, '/etc/shadow');
  if (text === null) return false;
  const file = parseShadow(text);
  const today = daysSinceEpoch(nowMs);
  const existing = entries(file).find((e) => e.name === name);
  if (existing) {
    existing.hash = hash;
    existing.lastChange = today;
  } else {
    file.lines.push({
      entry: { name, hash, lastChange: today, minDays: 0, maxDays: 99999, warnDays: 7, inactiveDays: null, expireDay: null, reserved: '' },
    });
  }
  return fs.writeFile('/etc/shadow', formatShadow({ lines: file.lines, finalNewline: true }), ROOT).ok;
}
