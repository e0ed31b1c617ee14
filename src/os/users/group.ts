// /etc/group (group(5)): name:password:GID:member,member.
import { formatAccountFile, parseAccountFile, parseId, parseList, type AccountFile } from './colon-file.ts';

export interface GroupEntry {
  name: string;
  password: string;
  gid: number;
  /** Supplementary members (a user's primary group is in /etc/passwd, not here). */
  members: string[];
}

export type GroupFile = AccountFile<GroupEntry>;

export function parseGroupLine(line: string): GroupEntry | null {
  const f = line.split(':');
  if (f.length !== 4 || f[0] === '' || f[0].startsWith('#') || f[0].startsWith('+') || f[0].startsWith('-')) return null;
  const gid = parseId(f[2]);
  const members = parseList(f[3]);
  // An empty item ("a,,b") would not survive a rewrite: keep such a line verbatim instead.
  if (gid === null || members.includes('')) return null;
  return { name: f[0], password: f[1], gid, members };
}

export function formatGroupLine(e: GroupEntry): string {
  return `${e.name}:${e.password}:${e.gid}:${e.members.join(',')}`;
}

export function parseGroup(text: string): GroupFile {
  return parseAccountFile(text, parseGroupLine);
}

export function formatGroup(file: GroupFile): string {
  return formatAccountFile(file, formatGroupLine);
}
