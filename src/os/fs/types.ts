// The file system as programs see it: POSIX semantics (owners, modes, permission checks by
// credentials, errno results) over an in-memory tree that serializes whole (the UI persists it).

/** Who is asking: permission checks use these, as the kernel does (root bypasses most). */
export interface Credentials {
  readonly uid: number;
  readonly gid: number;
  /** Supplementary groups. */
  readonly groups: readonly number[];
}

export type Errno =
  | 'ENOENT'
  | 'EACCES'
  | 'EPERM'
  | 'EEXIST'
  | 'ENOTDIR'
  | 'EISDIR'
  | 'ENOTEMPTY'
  | 'EINVAL'
  | 'ELOOP'
  | 'EXDEV'
  | 'EBUSY'
  | 'ENAMETOOLONG'
  | 'EROFS';

export type FsResult<T> = { ok: true; value: T } | { ok: false; errno: Errno };

export type FileType = 'file' | 'dir' | 'symlink' | 'chardev';

export interface Stat {
  readonly ino: number;
  readonly type: FileType;
  /** Permission bits incl. setuid/setgid/sticky (e.g. 0o1733), without the type bits. */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly nlink: number;
  /** Wall-clock ms since the epoch. */
  readonly mtimeMs: number;
  readonly atimeMs: number;
  readonly ctimeMs: number;
  /** Character devices only: major << 8 | minor, as ls -l shows `1, 3` for /dev/null. */
  readonly rdev?: number;
}

export interface DirEntry {
  readonly name: string;
  readonly ino: number;
  readonly type: FileType;
}

/**
 * A virtual file whose content is computed (procfs, /dev/null): the OS installs these, e.g.
 * /proc/sys/net/ipv4/ip_forward reads and writes the stack's forwarding flag.
 */
export interface SpecialFile {
  read(): Uint8Array;
  write(data: Uint8Array, append: boolean): Errno | null;
}

export interface SpecialMountOptions {
  readonly type?: 'file' | 'chardev';
  /** major << 8 | minor. */
  readonly rdev?: number;
  readonly uid?: number;
  readonly gid?: number;
}

export interface FileSystem {
  /** Paths are absolute or relative to `cwd`; symlinks are followed except where noted. */
  stat(path: string, cred: Credentials, cwd?: string): FsResult<Stat>;
  lstat(path: string, cred: Credentials, cwd?: string): FsResult<Stat>;
  readFile(path: string, cred: Credentials, cwd?: string): FsResult<Uint8Array>;
  /** An absolute path's content as root, leaving its access time alone (observers outside the host). */
  peekFile(path: string): FsResult<Uint8Array>;
  /** Creates with `mode` (default 0o666 & ~umask 022 = 0o644) owned by cred; truncates or appends. */
  /** open(O_WRONLY|O_CREAT) and write; `noCreate`: open without O_CREAT (ENOENT when missing). */
  writeFile(path: string, data: Uint8Array | string, cred: Credentials, opts?: { append?: boolean; mode?: number; cwd?: string; noCreate?: boolean }): FsResult<void>;
  readdir(path: string, cred: Credentials, cwd?: string): FsResult<DirEntry[]>;
  mkdir(path: string, cred: Credentials, opts?: { mode?: number; parents?: boolean; cwd?: string }): FsResult<void>;
  unlink(path: string, cred: Credentials, cwd?: string): FsResult<void>;
  rmdir(path: string, cred: Credentials, cwd?: string): FsResult<void>;
  rename(from: string, to: string, cred: Credentials, cwd?: string): FsResult<void>;
  symlink(target: string, path: string, cred: Credentials, cwd?: string): FsResult<void>;
  link(existing: string, path: string, cred: Credentials, cwd?: string): FsResult<void>;
  readlink(path: string, cred: Credentials, cwd?: string): FsResult<string>;
  chmod(path: string, mode: number, cred: Credentials, cwd?: string): FsResult<void>;
  chown(path: string, uid: number, gid: number, cred: Credentials, opts?: { noFollow?: boolean; cwd?: string }): FsResult<void>;
  utimes(path: string, atimeMs: number, mtimeMs: number, cred: Credentials, cwd?: string): FsResult<void>;
  /** Canonical absolute path with symlinks resolved (realpath). */
  realpath(path: string, cred: Credentials, cwd?: string): FsResult<string>;
  /** access(2): 4 = read, 2 = write, 1 = execute/search. */
  access(path: string, want: number, cred: Credentials, cwd?: string): FsResult<void>;
  /**
   * Install a computed file (procfs-like), creating missing parent directories (root, 0755) and
   * replacing whatever the path held. Under /dev it is a character device (`opts.rdev`), elsewhere
   * a regular file of size 0 as procfs shows. Owner root:root unless `opts` says otherwise.
   */
  mountSpecial(path: string, file: SpecialFile, mode: number, opts?: SpecialMountOptions): void;
  /** The whole tree as plain JSON-able data, and back. */
  serialize(): unknown;
}
