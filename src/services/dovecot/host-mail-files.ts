// The mbox files of the host as the mail processes see them: INBOX is mail_location's INBOX=
// path (/var/mail/%u on Debian). A rewrite keeps the file's owner and mode (USER:mail 0600, as
// Postfix's local delivery created it).
import type { Credentials, FileSystem } from '../../os/fs/types.ts';
import type { MboxFiles } from './mbox-store.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };

export class HostMailFiles implements MboxFiles {
  constructor(
    private readonly fs: FileSystem,
    /** "/var/mail/%u" */
    private readonly inboxTemplate: string,
    private readonly nowMs: () => number,
  ) {}

  /** The user as auth_username_format (%Lu) made it: "USER Etudiant" reads /var/mail/etudiant. */
  pathOf(typed: string): string {
    const user = typed.toLowerCase();
    return this.inboxTemplate.replace(/%u|%\{user\}/g, user).replace(/%n/g, user.split('@')[0]);
  }

  read(user: string): Uint8Array | null {
    const r = this.fs.readFile(this.pathOf(user), ROOT);
    return r.ok ? r.value : null;
  }

  write(user: string, bytes: Uint8Array): boolean {
    const path = this.pathOf(user);
    const st = this.fs.stat(path, ROOT);
    const r = this.fs.writeFile(path, bytes, ROOT, { mode: st.ok ? st.value.mode : 0o600 });
    if (!r.ok) return false;
    if (st.ok) {
      this.fs.chown(path, st.value.uid, st.value.gid, ROOT);
      this.fs.chmod(path, st.value.mode, ROOT);
    }
    return true;
  }

  newUidValidity(): number {
    return Math.floor(this.nowMs() / 1000) >>> 0;
  }
}
