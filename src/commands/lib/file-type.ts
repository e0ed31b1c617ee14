// The file type words GNU programs use in prompts and messages (file_type() of gnulib).
import type { Stat } from '../../os/fs/types.ts';

/** English msgid; translate with ctx._(). */
export function fileTypeName(st: Stat): string {
  switch (st.type) {
    case 'dir': return 'directory';
    case 'symlink': return 'symbolic link';
    case 'chardev': return 'character special file';
    default: return st.size === 0 ? 'regular empty file' : 'regular file';
  }
}
