// strerror(): the text glibc prints for each errno the simulated file system returns.
import type { Errno } from '../../os/fs/types.ts';
import { gettext, type Locale } from './locale.ts';

const MESSAGES: Record<Errno, string> = {
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
};

export function strerror(errno: Errno, loc: Locale): string {
  return gettext(loc, MESSAGES[errno] ?? 'Unknown error', 'libc');
}
