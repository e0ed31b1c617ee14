// strerror(): the text glibc prints for each errno the simulated file system returns.
import type { Errno } from '../../os/fs/types.ts';
import { gettext, type Locale } from './locale.ts';

/** glibc's English strerror() texts (the key of the French catalogues). */
export const ERRNO_TEXT: Readonly<Record<Errno | 'ESRCH' | 'ENOEXEC' | 'EBADF', string>> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EEXIST: 'File exists',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  ENOTEMPTY: 'Directory not empty',
  EINVAL: 'Invalid argument',
  ELOOP: 'Too many levels of symbolic links',
  EXDEV: 'Invalid cross-device link',
  EBUSY: 'Device or resource busy',
  ENAMETOOLONG: 'File name too long',
  EROFS: 'Read-only file system',
  ESRCH: 'No such process',
  ENOEXEC: 'Exec format error',
  EBADF: 'Bad file descriptor',
};

export function strerror(errno: Errno, loc: Locale): string {
  return gettext(loc, ERRNO_TEXT[errno] ?? 'Unknown error', 'libc');
}
