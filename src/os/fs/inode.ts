// The in-memory inode: what ext4 keeps per file (type, mode, owner, link count, three times) plus
// the payload of each type. Directory entries point at inodes, so hard links share one object.
import type { Credentials, FileType, SpecialFile, Stat } from './types.ts';

interface InodeBase {
  readonly ino: number;
  /** Permission bits incl. setuid/setgid/sticky (0o7777). */
  mode: number;
  uid: number;
  gid: number;
  /** Directory entries naming this inode (for a directory: 2 + its subdirectories, as ext4). */
  nlink: number;
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
}

export interface FileInode extends InodeBase {
  readonly kind: 'file';
  /**
   * Content is `data[0, size)`. `data` may be shared with other inodes, even of other hosts'
   * file systems (the base tree's files), until `owned` says this inode may write into it: every
   * write that changes bytes below `size` allocates a new array (copy-on-write); appends go in
   * place only into an owned array with spare capacity.
   */
  data: Uint8Array;
  size: number;
  owned: boolean;
  /** A computed file (procfs-like): reads and writes go to it instead of `data`. */
  special: SpecialFile | null;
}

export interface DirInode extends InodeBase {
  readonly kind: 'dir';
  /** Insertion-ordered (ls sorts); never holds '.' or '..'. */
  readonly entries: Map<string, Inode>;
}

export interface SymlinkInode extends InodeBase {
  readonly kind: 'symlink';
  readonly target: string;
}

export interface CharDevInode extends InodeBase {
  readonly kind: 'chardev';
  /** Device number as the kernel's old 16-bit dev_t: major << 8 | minor (1,3 = /dev/null). */
  rdev: number;
  special: SpecialFile | null;
}

export type Inode = FileInode | DirInode | SymlinkInode | CharDevInode;

export const MAY_READ = 4;
export const MAY_WRITE = 2;
export const MAY_EXEC = 1;

export const S_ISUID = 0o4000;
export const S_ISGID = 0o2000;
export const S_ISVTX = 0o1000;

/** Directory size as ext4 reports it for a small directory (one 4 KiB block). */
export const DIR_SIZE = 4096;

export function inGroup(cred: Credentials, gid: number): boolean {
  return cred.gid === gid || cred.groups.includes(gid);
}

/**
 * generic_permission() of Linux: the owner class is chosen first (an owner denied by the owner
 * bits is denied even if the group bits allow), then group, then other. Root (CAP_DAC_OVERRIDE)
 * may read and write anything and search any directory, but executes a file only if one of its
 * three x bits is set.
 */
export function permits(node: Inode, cred: Credentials, want: number): boolean {
  if (cred.uid === 0) {
    if ((want & MAY_EXEC) === 0 || node.kind === 'dir') return true;
    return (node.mode & 0o111) !== 0;
  }
  let bits: number;
  if (cred.uid === node.uid) bits = (node.mode >> 6) & 7;
  else if (inGroup(cred, node.gid)) bits = (node.mode >> 3) & 7;
  else bits = node.mode & 7;
  return (bits & want) === want;
}

/**
 * The sticky-bit rule (/tmp, 1777): in a sticky directory only the entry's owner, the
 * directory's owner or root may remove or rename an entry (EPERM otherwise).
 */
export function stickyForbids(dir: DirInode, victim: Inode, cred: Credentials): boolean {
  if ((dir.mode & S_ISVTX) === 0 || cred.uid === 0) return false;
  return cred.uid !== victim.uid && cred.uid !== dir.uid;
}

export function fileType(node: Inode): FileType {
  return node.kind;
}

function sizeOf(node: Inode): number {
  switch (node.kind) {
    case 'file':
      return node.special ? 0 : node.size;
    case 'dir':
      return DIR_SIZE;
    case 'symlink':
      return utf8Length(node.target);
    case 'chardev':
      return 0;
  }
}

export function statOf(node: Inode): Stat {
  const st: Stat = {
    ino: node.ino,
    type: node.kind,
    mode: node.mode,
    uid: node.uid,
    gid: node.gid,
    size: sizeOf(node),
    nlink: node.nlink,
    mtimeMs: node.mtimeMs,
    atimeMs: node.atimeMs,
    ctimeMs: node.ctimeMs,
    ...(node.kind === 'chardev' ? { rdev: node.rdev } : {}),
  };
  return st;
}

const encoder = new TextEncoder();

function utf8Length(s: string): number {
  // ASCII fast path: most link targets are.
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return encoder.encode(s).length;
  return s.length;
}
