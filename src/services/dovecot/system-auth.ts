// passdb pam + userdb passwd (Debian's auth-system.conf.ext): a login is a system user whose
// password pam_unix accepts. pam_unix's failure lines go to auth.log as the auth worker logs them
// ("auth: pam_unix(dovecot:auth): authentication failure; ... tty=dovecot ruser=USER rhost=IP  user=USER").
import type { FileSystem } from '../../os/fs/types.ts';
import type { SyslogSink } from '../../os/services/service-manager.ts';
import { UserDb, authenticate } from '../../os/users/user-db.ts';

export interface PamLogin {
  /** PAM service name: "dovecot", "popa3d". */
  readonly service: string;
  /** PAM_TTY as the daemon sets it ("dovecot"; popa3d sets none). */
  readonly tty: string;
  /** PAM_RUSER (Dovecot passes the user; popa3d nothing). */
  readonly ruser: boolean;
  /** PAM_RHOST, '' when the daemon does not set it. */
  readonly rhost: string;
  /** syslog tag and pid of the process running PAM. */
  readonly tag: string;
  readonly pid?: number;
}

/** pam_unix's verdict, with its auth.log lines on failure. */
export function pamAuthenticate(fs: FileSystem, syslog: SyslogSink | null, pam: PamLogin, user: string, password: string): boolean {
  if (authenticate(fs, user, password)) return true;
  const known = UserDb.load(fs).userByName(user) !== undefined;
  const log = (message: string): void => syslog?.log({ facility: 'authpriv', severity: 'notice', tag: pam.tag, pid: pam.pid, message });
  const prefix = `pam_unix(${pam.service}:auth): `;
  if (!known) log(`${prefix}check pass; user unknown`);
  const ruser = pam.ruser ? user : '';
  const tail = known ? `  user=${user}` : ' ';
  log(`${prefix}authentication failure; logname= uid=0 euid=0 tty=${pam.tty} ruser=${ruser} rhost=${pam.rhost}${tail}`);
  return false;
}

/** The uid a user's mail process runs as, and its gid, or null for an unknown user. */
export function mailUser(fs: FileSystem, user: string): { uid: number; gid: number; groups: readonly number[]; home: string } | null {
  const db = UserDb.load(fs);
  const entry = db.userByName(user);
  const cred = db.credentialsOf(user);
  if (entry === undefined || cred === null) return null;
  return { ...cred, home: entry.home };
}
