// /etc/gshadow (gshadow(5)): name:password:administrators:members.
import { formatAccountFile, parseAccountFile, parseList, type AccountFile } from './colon-file.ts';

export interface GshadowEntry {
  name: string;
  password: string;
  admins: string[];
  members: string[];
}

export type GshadowFile = AccountFile<GshadowEntry>;

export function parseGshadowLine(line: string): GshadowEntry | null {
  const f = line.split(':');
  if (f.length !== 4 || f[0] === '' || f[0].startsWith('#') || f[0].startsWith('+')) return null;
  const admins = parseList(f[2]);
  const members = parseList(f[3]);
  if (admins.includes('') || members.includes('')) return null;
  return { name: f[0], password: f[1], admins, members };
}

export function formatGshadowLine(e: GshadowEntry): string {
  return `${e.name}:${e.password}:${e.admins.join(',')}:${e.members.join(',')}`;
}

export function parseGshadow(text: string): GshadowFile {
  return parseAccountFile(text, parseGshadowLine);
}

export function formatGshadow(file: GshadowFile): string {
  return formatAccountFile(file, formatGshadowLine);
}
