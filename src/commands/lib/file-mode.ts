// The `-rwxr-xr-x` string of ls -l, stat -A and find -ls (filemodestring of gnulib).
import type { FileType } from '../../os/fs/types.ts';

const TYPE_CHAR: Record<FileType, string> = { file: '-', dir: 'd', symlink: 'l', chardev: 'c' };

export function modeString(type: FileType, mode: number): string {
  const bit = (m: number, c: string) => (mode & m ? c : '-');
  const special = (x: number, s: number, set: string, unset: string) => (mode & s ? (mode & x ? set : unset) : bit(x, 'x'));
  return (
    TYPE_CHAR[type] +
    bit(0o400, 'r') + bit(0o200, 'w') + special(0o100, 0o4000, 's', 'S') +
    bit(0o040, 'r') + bit(0o020, 'w') + special(0o010, 0o2000, 's', 'S') +
    bit(0o004, 'r') + bit(0o002, 'w') + special(0o001, 0o1000, 't', 'T')
  );
}

/** 1K blocks an ext4 file of this size occupies (4K blocks; fast symlinks and empty files use none). */
export function diskBlocks1K(type: FileType, size: number): number {
  if (type === 'symlink' || type === 'chardev') return 0;
  return Math.ceil(size / 4096) * 4;
}
