// The IMAP store's file access on the host: INBOX = mail_location's INBOX= path (/var/mail/%u),
// other folders under ~/mail (mbox:~/mail). Files the mail process creates belong to the user
// (0600, directories 0700), as Dovecot running with the user's uid creates them.
import type { Credentials, FileSystem } from '../../os/fs/types.ts';
import { UserDb } from '../../os/users/user-db.ts';
import type { ImapMboxFiles } from './imap/mbox-imap-store.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };

export class HostImapFiles implements ImapMboxFiles {
  constructor(
    private readonly fs: FileSystem,
    private readonly inboxTemplate: string,
    private readonly nowMs: () => number,
  ) {}

  private owner(user: string): { uid: number; gid: number; home: string } | null {
    // auth_username_format = %Lu: "a login Etudiant ..." is the user etudiant.
    const e = UserDb.load(this.fs).userByName(user.toLowerCase());
    return e === undefined ? null : { uid: e.uid, gid: e.gid, home: e.home };
  }

  inboxPath(typed: string): string {
    const user = typed.toLowerCase();
    return this.inboxTemplate.replace(/%u|%\{user\}/g, user).replace(/%n/g, user.split('@')[0]);
  }

  folderRoot(user: string): string {
    return `${this.owner(user)?.home ?? `/home/${user}`}/mail`;
  }

  read(_user: string, path: string): Uint8Array | null {
    const r = this.fs.readFile(path, ROOT);
    return r.ok ? r.value : null;
  }

  write(user: string, path: string, bytes: Uint8Array): boolean {
    const st = this.fs.stat(path, ROOT);
    const r = this.fs.writeFile(path, bytes, ROOT, { mode: st.ok ? st.value.mode : 0o600 });
    if (!r.ok) return false;
    if (st.ok) {
      this.fs.chown(path, st.value.uid, st.value.gid, ROOT);
      this.fs.chmod(path, st.value.mode, ROOT);
    } else {
      const o = this.owner(user);
      if (o !== null) this.fs.chown(path, o.uid, o.gid, ROOT);
      this.fs.chmod(path, 0o600, ROOT);
    }
    return true;
  }

  remove(_user: string, path: string): boolean {
    const st = this.fs.stat(path, ROOT);
    if (!st.ok) return false;
    return (st.value.type === 'dir' ? this.fs.rmdir(path, ROOT) : this.fs.unlink(path, ROOT)).ok;
  }

  rename(_user: string, from: string, to: string): boolean {
    return this.fs.rename(from, to, ROOT).ok;
  }

  list(_user: string, dir: string): readonly { readonly name: string; readonly directory: boolean }[] | null {
    const r = this.fs.readdir(dir, ROOT);
    return r.ok ? r.value.map((e) => ({ name: e.name, directory: e.type === 'dir' })) : null;
  }

  mkdir(user: string, path: string): boolean {
    const o = this.owner(user);
    const parts = path.split('/').filter((p) => p !== '');
    let cur = '';
    for (const p of parts) {
      cur += `/${p}`;
      if (this.fs.stat(cur, ROOT).ok) continue;
      if (!this.fs.mkdir(cur, ROOT, { mode: 0o700 }).ok) return false;
      if (o !== null) this.fs.chown(cur, o.uid, o.gid, ROOT);
    }
    return true;
  }

  kind(_user: string, path: string): 'file' | 'directory' | null {
    const st = this.fs.stat(path, ROOT);
    if (!st.ok) return null;
    return st.value.type === 'dir' ? 'directory' : 'file';
  }

  newUidValidity(): number {
    return Math.floor(this.nowMs() / 1000) >>> 0;
  }
}
