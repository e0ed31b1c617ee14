// aliases(5) and the aliases.db that newaliases/postalias build from it. The source is parsed as
// postalias does (logical lines, comments, "name: value", lower-cased keys, first entry wins);
// the .db is a separate file (its own bytes, sized like Berkeley DB's 4 KB pages) that only
// changes when it is rebuilt, so local(8) sees edits to /etc/aliases only after newaliases.
import type { Credentials, FileSystem } from '../../../os/fs/types.ts';

export const ALIASES = '/etc/aliases';
const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
const MAGIC = 'NETSIM-POSTFIX-HASH-1\0';
const PAGE = 4096;
/** An empty Berkeley DB hash file is 3 pages: ls -l shows 12288 for a small aliases.db. */
const MIN_SIZE = 3 * PAGE;

export interface AliasEntry {
  /** Lower-cased, as postalias stores keys. */
  readonly key: string;
  /** The right-hand side as written (continuations joined): what `postalias -q` prints. */
  readonly value: string;
  readonly line: number;
}

/** Parse an aliases file; `warnings` are postalias's, without the "postalias: warning: " prefix. */
export function parseAliases(text: string, path: string = ALIASES): { entries: AliasEntry[]; warnings: string[] } {
  const lines = text.split('\n');
  const entries: AliasEntry[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].replace(/\r$/, '');
    if (/^\s/.test(l) || l.trim() === '' || l.startsWith('#')) continue;
    const first = i + 1;
    let logical = l.trimEnd();
    while (i + 1 < lines.length) {
      const n = lines[i + 1].replace(/\r$/, '');
      if (/^\s*#/.test(n) || n.trim() === '' || !/^\s/.test(n)) break;
      logical += ' ' + n.trim();
      i++;
    }
    const colon = keyEnd(logical);
    const rawKey = colon < 0 ? '' : logical.slice(0, colon).trim();
    const value = colon < 0 ? '' : logical.slice(colon + 1).trim();
    if (colon < 0 || rawKey === '' || value === '') {
      warnings.push(`${path}, line ${first}: need name:value pair`);
      continue;
    }
    const key = unquote(rawKey).toLowerCase();
    if (seen.has(key)) {
      warnings.push(`${path}.db: duplicate entry: "${key}"`);
      continue;
    }
    seen.add(key);
    entries.push({ key, value, line: first });
  }
  return { entries, warnings };
}

/** Index of the colon ending the name (a quoted name may contain colons), or -1. */
function keyEnd(s: string): number {
  let quoted = false;
  for (let k = 0; k < s.length; k++) {
    const c = s[k];
    if (c === '\\') k++;
    else if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) return k;
  }
  return -1;
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

/** The addresses of a right-hand side: comma separated, commas inside quotes kept. */
export function splitAliasValue(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let k = 0; k < value.length; k++) {
    const c = value[k];
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/** The .db bytes for these entries (plus the "@" sentinel postalias adds), zero-padded to pages. */
export function encodeAliasesDb(entries: readonly { readonly key: string; readonly value: string }[]): Uint8Array {
  return encodeHashDb([...entries, { key: '@', value: '@' }]);
}

/** The bytes of a hash: table (postmap and postalias write the same format). */
export function encodeHashDb(entries: readonly { readonly key: string; readonly value: string }[]): Uint8Array {
  let body = MAGIC;
  for (const e of entries) body += `${e.key.replace(/\0/g, '')}\0${e.value.replace(/\0/g, '')}\0`;
  body += '\0';
  const data = new TextEncoder().encode(body);
  const size = Math.max(MIN_SIZE, Math.ceil(data.length / PAGE) * PAGE);
  const out = new Uint8Array(size);
  out.set(data);
  return out;
}

/** The raw key -> value table of a .db, or null when the bytes are not one of ours. */
export function decodeHashDb(bytes: Uint8Array): Map<string, string> | null {
  const magic = new TextEncoder().encode(MAGIC);
  if (bytes.length < magic.length || !magic.every((b, i) => bytes[i] === b)) return null;
  const fields: string[] = [];
  const dec = new TextDecoder();
  let start = magic.length;
  for (let k = start; k < bytes.length; k++) {
    if (bytes[k] !== 0) continue;
    if (k === start) break;
    fields.push(dec.decode(bytes.subarray(start, k)));
    start = k + 1;
  }
  if (fields.length % 2 !== 0) return null;
  const out = new Map<string, string>();
  for (let k = 0; k < fields.length; k += 2) out.set(fields[k], fields[k + 1]);
  return out;
}

/** `${path}.db` raw (keys lower-case, "@" sentinel included), or null if missing/unreadable. */
export function readAliasesDbRaw(fs: FileSystem, path: string = ALIASES): Map<string, string> | null {
  const r = fs.readFile(`${path}.db`, ROOT);
  return r.ok ? decodeHashDb(r.value) : null;
}

/** The aliases as local(8) uses them: lower-case key -> addresses; null when there is no .db. */
export function readAliasesDb(fs: FileSystem, path: string = ALIASES): Map<string, string[]> | null {
  const raw = readAliasesDbRaw(fs, path);
  if (raw === null) return null;
  const out = new Map<string, string[]>();
  for (const [k, v] of raw) if (k !== '@') out.set(k, splitAliasValue(v));
  return out;
}

export type BuildAliasesResult =
  | { readonly ok: true; readonly warnings: string[] }
  | { readonly ok: false; readonly warnings: string[]; readonly error: string };

/**
 * postalias FILE: rebuild `${path}.db` from `path`. The .db gets the source's owner (postalias
 * run by root does that) and mode 0644. `error` is postalias's fatal message.
 */
export function buildAliasesDb(fs: FileSystem, path: string = ALIASES, cred: Credentials = ROOT): BuildAliasesResult {
  const src = fs.readFile(path, cred);
  if (!src.ok) return { ok: false, warnings: [], error: `open ${path}: ${errnoText(src.errno)}` };
  const { entries, warnings } = parseAliases(new TextDecoder().decode(src.value), path);
  const db = `${path}.db`;
  const w = fs.writeFile(db, encodeAliasesDb(entries), cred, { mode: 0o644 });
  if (!w.ok) return { ok: false, warnings, error: `open database ${db}: ${errnoText(w.errno)}` };
  const st = fs.stat(path, cred);
  if (st.ok && cred.uid === 0) fs.chown(db, st.value.uid, st.value.gid, cred);
  return { ok: true, warnings };
}

export function errnoText(errno: string): string {
  switch (errno) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EACCES':
      return 'Permission denied';
    case 'EISDIR':
      return 'Is a directory';
    case 'ENOTDIR':
      return 'Not a directory';
    default:
      return errno;
  }
}
