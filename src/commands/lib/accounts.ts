// The four account files as the shadow tools (useradd, usermod, userdel, passwd, chpasswd) and
// adduser edit them: read all, change entries, write back what changed after saving the old
// content as /etc/passwd- (and group-, shadow-, gshadow-), keeping each file's owner and mode
// (shadow and gshadow stay root:shadow 0640). Files are the truth: nothing is cached.
import type { Credentials, FileSystem } from '../../os/fs/types.ts';
import { entries } from '../../os/users/colon-file.ts';
import { formatGroup, parseGroup, type GroupEntry, type GroupFile } from '../../os/users/group.ts';
import { formatGshadow, parseGshadow, type GshadowEntry, type GshadowFile } from '../../os/users/gshadow.ts';
import { parseLoginDefs, type LoginDefs } from '../../os/users/login-defs.ts';
import { formatPasswd, parsePasswd, type PasswdEntry, type PasswdFile } from '../../os/users/passwd.ts';
import { formatShadow, parseShadow, type ShadowEntry, type ShadowFile } from '../../os/users/shadow.ts';
import { readSystemFile } from '../../os/users/user-db.ts';

export const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };

type Which = 'passwd' | 'group' | 'shadow' | 'gshadow';

export class Accounts {
  private readonly dirty = new Set<Which>();

  private constructor(
    private readonly fs: FileSystem,
    readonly passwdFile: PasswdFile,
    readonly groupFile: GroupFile,
    readonly shadowFile: ShadowFile | null,
    readonly gshadowFile: GshadowFile | null,
    private readonly original: Record<Which, string | null>,
  ) {}

  static load(fs: FileSystem): Accounts {
    const text = (p: string) => readSystemFile(fs, p);
    const o = { passwd: text('/etc/passwd'), group: text('/etc/group'), shadow: text('/etc/shadow'), gshadow: text('/etc/gshadow') };
    return new Accounts(
      fs,
      parsePasswd(o.passwd ?? ''),
      parseGroup(o.group ?? ''),
      o.shadow === null ? null : parseShadow(o.shadow),
      o.gshadow === null ? null : parseGshadow(o.gshadow),
      o,
    );
  }

  get users(): PasswdEntry[] {
    return entries(this.passwdFile);
  }

  get groups(): GroupEntry[] {
    return entries(this.groupFile);
  }

  user(name: string): PasswdEntry | undefined {
    return this.users.find((u) => u.name === name);
  }

  userByUid(uid: number): PasswdEntry | undefined {
    return this.users.find((u) => u.uid === uid);
  }

  group(name: string): GroupEntry | undefined {
    return this.groups.find((g) => g.name === name);
  }

  groupByGid(gid: number): GroupEntry | undefined {
    return this.groups.find((g) => g.gid === gid);
  }

  /** A group given by name or number, as -g accepts it. */
  groupByNameOrId(s: string): GroupEntry | undefined {
    return this.group(s) ?? (/^\d+$/.test(s) ? this.groupByGid(Number(s)) : undefined);
  }

  shadow(name: string): ShadowEntry | undefined {
    return this.shadowFile === null ? undefined : entries(this.shadowFile).find((e) => e.name === name);
  }

  gshadow(name: string): GshadowEntry | undefined {
    return this.gshadowFile === null ? undefined : entries(this.gshadowFile).find((e) => e.name === name);
  }

  usedUids(): Set<number> {
    return new Set(this.users.map((u) => u.uid));
  }

  usedGids(): Set<number> {
    return new Set(this.groups.map((g) => g.gid));
  }

  touch(...which: Which[]): void {
    for (const w of which) this.dirty.add(w);
  }

  addUser(u: PasswdEntry, s: ShadowEntry | null): void {
    this.passwdFile.lines.push({ entry: u });
    this.touch('passwd');
    if (s !== null && this.shadowFile !== null) {
      this.shadowFile.lines.push({ entry: s });
      this.touch('shadow');
    }
  }

  addGroup(g: GroupEntry, gs: GshadowEntry | null): void {
    this.groupFile.lines.push({ entry: g });
    this.touch('group');
    if (gs !== null && this.gshadowFile !== null) {
      this.gshadowFile.lines.push({ entry: gs });
      this.touch('gshadow');
    }
  }

  removeUser(name: string): void {
    remove(this.passwdFile, (e) => e.name === name);
    this.touch('passwd');
    if (this.shadowFile !== null) {
      remove(this.shadowFile, (e) => e.name === name);
      this.touch('shadow');
    }
  }

  removeGroup(name: string): void {
    remove(this.groupFile, (e) => e.name === name);
    this.touch('group');
    if (this.gshadowFile !== null) {
      remove(this.gshadowFile, (e) => e.name === name);
      this.touch('gshadow');
    }
  }

  /** Adds `user` to the member lists of `group` in /etc/group and /etc/gshadow. */
  addMember(group: string, user: string): void {
    const g = this.group(group);
    if (g !== undefined && !g.members.includes(user)) {
      g.members.push(user);
      this.touch('group');
    }
    const gs = this.gshadow(group);
    if (gs !== undefined && !gs.members.includes(user)) {
      gs.members.push(user);
      this.touch('gshadow');
    }
  }

  /** Removes `user` from every member list (userdel, usermod -G without -a). */
  removeMember(group: string, user: string): void {
    const g = this.group(group);
    if (g !== undefined && g.members.includes(user)) {
      g.members = g.members.filter((m) => m !== user);
      this.touch('group');
    }
    const gs = this.gshadow(group);
    if (gs !== undefined && (gs.members.includes(user) || gs.admins.includes(user))) {
      gs.members = gs.members.filter((m) => m !== user);
      gs.admins = gs.admins.filter((m) => m !== user);
      this.touch('gshadow');
    }
  }

  /** Writes the changed files (old content to FILE-), as root. False if a write failed. */
  save(): boolean {
    const out: Record<Which, () => string> = {
      passwd: () => formatPasswd(this.passwdFile),
      group: () => formatGroup(this.groupFile),
      shadow: () => (this.shadowFile ? formatShadow(this.shadowFile) : ''),
      gshadow: () => (this.gshadowFile ? formatGshadow(this.gshadowFile) : ''),
    };
    let ok = true;
    for (const w of ['passwd', 'group', 'shadow', 'gshadow'] as const) {
      if (!this.dirty.has(w)) continue;
      const path = `/etc/${w}`;
      const old = this.original[w];
      const st = this.fs.stat(path, ROOT);
      if (old !== null && st.ok) {
        this.fs.writeFile(`${path}-`, old, ROOT, { mode: st.value.mode });
        this.fs.chown(`${path}-`, st.value.uid, st.value.gid, ROOT);
        this.fs.chmod(`${path}-`, st.value.mode, ROOT);
      }
      const r = this.fs.writeFile(path, out[w](), ROOT, { mode: w === 'shadow' || w === 'gshadow' ? 0o640 : 0o644 });
      if (!r.ok) ok = false;
      this.original[w] = out[w]();
    }
    this.dirty.clear();
    return ok;
  }
}

function remove<T>(file: { lines: ({ entry: T } | { raw: string })[] }, match: (e: T) => boolean): void {
  const keep = file.lines.filter((l) => !('entry' in l) || !match(l.entry));
  file.lines.length = 0;
  file.lines.push(...keep);
}

export function loginDefs(fs: FileSystem): LoginDefs {
  return parseLoginDefs(readSystemFile(fs, '/etc/login.defs') ?? '');
}

/** /etc/default/useradd: SHELL, HOME, SKEL, GROUP... (shell-style KEY=value). */
export function useraddDefaults(fs: FileSystem): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of (readSystemFile(fs, '/etc/default/useradd') ?? '').split('\n')) {
    const m = /^\s*([A-Z_]+)=(.*)$/.exec(line);
    if (m) out.set(m[1], m[2].trim().replace(/^"(.*)"$/, '$1'));
  }
  return out;
}

/**
 * Copies /etc/skel into a new home owned by the user (cp -a semantics: modes kept, dot files
 * included, directories recursed), as useradd -m and adduser do.
 */
export function copySkel(fs: FileSystem, skel: string, home: string, uid: number, gid: number, ignore: RegExp | null = null): void {
  const dir = fs.readdir(skel, ROOT);
  if (!dir.ok) return;
  for (const e of dir.value) {
    if (ignore !== null && ignore.test(e.name)) continue;
    const from = `${skel}/${e.name}`;
    const to = `${home}/${e.name}`;
    const st = fs.lstat(from, ROOT);
    if (!st.ok) continue;
    if (st.value.type === 'dir') {
      fs.mkdir(to, ROOT, { mode: st.value.mode });
      fs.chmod(to, st.value.mode, ROOT);
      copySkel(fs, from, to, uid, gid, ignore);
    } else if (st.value.type === 'symlink') {
      const t = fs.readlink(from, ROOT);
      if (t.ok) fs.symlink(t.value, to, ROOT);
    } else if (st.value.type === 'file') {
      const data = fs.readFile(from, ROOT);
      if (!data.ok) continue;
      fs.writeFile(to, data.value, ROOT, { mode: st.value.mode });
      fs.chmod(to, st.value.mode, ROOT);
    } else continue;
    fs.chown(to, uid, gid, ROOT, { noFollow: true });
  }
}

/** Removes a tree (userdel -r, deluser --remove-home). */
export function removeTree(fs: FileSystem, path: string): boolean {
  const st = fs.lstat(path, ROOT);
  if (!st.ok) return false;
  if (st.value.type === 'dir') {
    const dir = fs.readdir(path, ROOT);
    if (dir.ok) for (const e of dir.value) removeTree(fs, `${path}/${e.name}`);
    return fs.rmdir(path, ROOT).ok;
  }
  return fs.unlink(path, ROOT).ok;
}
