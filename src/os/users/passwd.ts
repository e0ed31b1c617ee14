// /etc/passwd (passwd(5)): name:password:UID:GID:GECOS:home:shell.
import { formatAccountFile, parseAccountFile, parseId, type AccountFile } from './colon-file.ts';

export interface PasswdEntry {
  name: string;
  /** 'x' when the hash lives in /etc/shadow (always, on Debian). */
  password: string;
  uid: number;
  gid: number;
  /** "Full Name,Room,Work phone,Home phone,Other" (adduser's questions), often just a name. */
  gecos: string;
  home: string;
  shell: string;
}

export type PasswdFile = AccountFile<PasswdEntry>;

export function parsePasswdLine(line: string): PasswdEntry | null {
  const f = line.split(':');
  if (f.length !== 7 || f[0] === '' || f[0].startsWith('#') || f[0].startsWith('+') || f[0].startsWith('-')) return null;
  const uid = parseId(f[2]);
  const gid = parseId(f[3]);
  if (uid === null || gid === null) return null;
  return { name: f[0], password: f[1], uid, gid, gecos: f[4], home: f[5], shell: f[6] };
}

export function formatPasswdLine(e: PasswdEntry): string {
  return `${e.name}:${e.password}:${e.uid}:${e.gid}:${e.gecos}:${e.home}:${e.shell}`;
}

export function parsePasswd(text: string): PasswdFile {
  return parseAccountFile(text, parsePasswdLine);
}

export function formatPasswd(file: PasswdFile): string {
  return formatAccountFile(file, formatPasswdLine);
}

/** The full name of a GECOS field: what Postfix and mail show as the sender's name. */
export function gecosFullName(gecos: string): string {
  const comma = gecos.indexOf(',');
  return comma < 0 ? gecos : gecos.slice(0, comma);
}
