// The whole inode tree as plain JSON-able data, and back (the UI persists each host's disk).
//
// Format (version 1):
//   { format: 'netsim-fs', version: 1, nextIno, root, inodes: [ {i, t, m, u, g, a, mt, ct, ...} ] }
// t: 'f' file (d: content as a latin1 string, one char per byte, so any bytes round-trip and
// text stays readable), 'd' directory (e: [[name, ino], ...] in listing order), 'l' symlink
// (l: target), 'c' character device (r: rdev). `s: 1` marks a computed file: its behaviour is
// code, not data, so it comes back inert (reads empty, discards writes) until the OS mounts it
// again. Link counts are not stored but recomputed from the entries.
//
// Restoring validates everything before building anything: a corrupted blob is an error, never a
// half tree.
import type { CharDevInode, DirInode, FileInode, Inode, SymlinkInode } from './inode.ts';
import type { SpecialFile } from './types.ts';

export const FS_FORMAT = 'netsim-fs';
export const FS_FORMAT_VERSION = 1;

/** Stands in for a computed file after a restore, until the OS mounts the real one. */
export const INERT_SPECIAL: SpecialFile = {
  read: () => new Uint8Array(0),
  write: () => null,
};

interface SerializedInode {
  i: number;
  t: 'f' | 'd' | 'l' | 'c';
  m: number;
  u: number;
  g: number;
  a: number;
  mt: number;
  ct: number;
  d?: string;
  s?: 1;
  e?: [string, number][];
  l?: string;
  r?: number;
}

export interface SerializedFs {
  format: typeof FS_FORMAT;
  version: typeof FS_FORMAT_VERSION;
  nextIno: number;
  root: number;
  inodes: SerializedInode[];
}

export type DeserializeResult = { ok: true; root: DirInode; nextIno: number } | { ok: false; error: string };

const CHUNK = 0x8000;

export function bytesToLatin1(bytes: Uint8Array, size = bytes.length): string {
  let out = '';
  for (let i = 0; i < size; i += CHUNK) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(size, i + CHUNK)) as unknown as number[]);
  }
  return out;
}

/** null if a char is above 0xff (not a latin1 byte string). */
export function latin1ToBytes(s: string): Uint8Array | null {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return null;
    out[i] = c;
  }
  return out;
}

export function serializeTree(root: DirInode, nextIno: number): SerializedFs {
  const inodes: SerializedInode[] = [];
  const seen = new Set<number>();
  const stack: Inode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node.ino)) continue;
    seen.add(node.ino);
    const rec: SerializedInode = { i: node.ino, t: 'f', m: node.mode, u: node.uid, g: node.gid, a: node.atimeMs, mt: node.mtimeMs, ct: node.ctimeMs };
    switch (node.kind) {
      case 'file':
        if (node.special) rec.s = 1;
        else rec.d = bytesToLatin1(node.data, node.size);
        break;
      case 'dir':
        rec.t = 'd';
        rec.e = [];
        for (const [name, child] of node.entries) {
          rec.e.push([name, child.ino]);
          stack.push(child);
        }
        break;
      case 'symlink':
        rec.t = 'l';
        rec.l = node.target;
        break;
      case 'chardev':
        rec.t = 'c';
        rec.r = node.rdev;
        break;
    }
    inodes.push(rec);
  }
  return { format: FS_FORMAT, version: FS_FORMAT_VERSION, nextIno, root: root.ino, inodes };
}

function isInt(x: unknown, min: number, max: number): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;
}

function isTime(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function checkName(name: unknown): name is string {
  return typeof name === 'string' && name !== '' && name !== '.' && name !== '..' && name.length <= 255 && !name.includes('/') && !name.includes('\0');
}

/** Builds inodes without links, checking every field. */
function buildInode(raw: unknown, index: number): Inode | string {
  if (!isObject(raw)) return `inode #${index}: not an object`;
  const { i, t, m, u, g, a, mt, ct } = raw;
  if (!isInt(i, 1, Number.MAX_SAFE_INTEGER)) return `inode #${index}: bad number`;
  if (!isInt(m, 0, 0o7777) || !isInt(u, 0, 0xffffffff) || !isInt(g, 0, 0xffffffff)) return `inode ${i}: bad mode or owner`;
  if (!isTime(a) || !isTime(mt) || !isTime(ct)) return `inode ${i}: bad times`;
  const base = { ino: i, mode: m, uid: u, gid: g, nlink: 0, atimeMs: a, mtimeMs: mt, ctimeMs: ct };
  switch (t) {
    case 'f': {
      if (raw.s === 1) {
        return { kind: 'file', ...base, data: new Uint8Array(0), size: 0, owned: false, special: INERT_SPECIAL } satisfies FileInode;
      }
      if (typeof raw.d !== 'string') return `inode ${i}: file without content`;
      const data = latin1ToBytes(raw.d);
      if (!data) return `inode ${i}: content is not a latin1 byte string`;
      return { kind: 'file', ...base, data, size: data.length, owned: true, special: null } satisfies FileInode;
    }
    case 'd':
      if (!Array.isArray(raw.e)) return `inode ${i}: directory without entries`;
      return { kind: 'dir', ...base, entries: new Map() } satisfies DirInode;
    case 'l':
      if (typeof raw.l !== 'string' || raw.l === '' || raw.l.length >= 4096) return `inode ${i}: bad symlink target`;
      return { kind: 'symlink', ...base, target: raw.l } satisfies SymlinkInode;
    case 'c':
      if (!isInt(raw.r, 0, 0xffffffff)) return `inode ${i}: bad device number`;
      return { kind: 'chardev', ...base, rdev: raw.r, special: null } satisfies CharDevInode;
    default:
      return `inode ${i}: unknown type`;
  }
}

export function deserializeTree(data: unknown): DeserializeResult {
  const bad = (error: string): DeserializeResult => ({ ok: false, error: `corrupted file system: ${error}` });
  if (!isObject(data)) return bad('not an object');
  if (data.format !== FS_FORMAT) return bad('unknown format');
  if (data.version !== FS_FORMAT_VERSION) return bad(`unsupported version ${String(data.version)}`);
  const { nextIno, root: rootIno, inodes } = data;
  if (!isInt(nextIno, 1, Number.MAX_SAFE_INTEGER) || !isInt(rootIno, 1, Number.MAX_SAFE_INTEGER)) return bad('bad header');
  if (!Array.isArray(inodes)) return bad('no inode table');

  const byIno = new Map<number, Inode>();
  const rawEntries = new Map<number, unknown[]>();
  for (let k = 0; k < inodes.length; k++) {
    const node = buildInode(inodes[k], k);
    if (typeof node === 'string') return bad(node);
    if (byIno.has(node.ino)) return bad(`inode ${node.ino} appears twice`);
    if (node.ino >= nextIno) return bad(`inode ${node.ino} not below nextIno`);
    byIno.set(node.ino, node);
    if (node.kind === 'dir') rawEntries.set(node.ino, (inodes[k] as { e: unknown[] }).e);
  }
  const root = byIno.get(rootIno);
  if (!root || root.kind !== 'dir') return bad('root is not a directory');

  // Link the tree from the root: every directory exactly once (no cycles, no directory hard
  // links), files as many times as they are named; anything unreachable is corruption.
  const reached = new Set<number>([root.ino]);
  const stack: DirInode[] = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const entry of rawEntries.get(dir.ino)!) {
      if (!Array.isArray(entry) || entry.length !== 2 || !checkName(entry[0]) || !isInt(entry[1], 1, Number.MAX_SAFE_INTEGER)) {
        return bad(`directory ${dir.ino}: bad entry`);
      }
      const [name, ino] = entry as [string, number];
      if (dir.entries.has(name)) return bad(`directory ${dir.ino}: duplicate name ${name}`);
      const child = byIno.get(ino);
      if (!child) return bad(`directory ${dir.ino}: entry ${name} names a missing inode`);
      if (child.kind === 'dir') {
        if (reached.has(ino)) return bad(`directory ${ino} linked twice`);
        stack.push(child);
      }
      reached.add(ino);
      dir.entries.set(name, child);
      child.nlink += child.kind === 'dir' ? 0 : 1;
    }
  }
  if (reached.size !== byIno.size) return bad(`${byIno.size - reached.size} unreachable inodes`);
  for (const node of byIno.values()) {
    if (node.kind !== 'dir') continue;
    let subdirs = 0;
    for (const child of node.entries.values()) if (child.kind === 'dir') subdirs++;
    node.nlink = 2 + subdirs;
  }
  return { ok: true, root, nextIno };
}
