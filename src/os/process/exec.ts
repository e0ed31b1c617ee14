// Finding the file a command names, as bash does before execve(2): a name with a slash is a
// path (relative to the cwd); a bare name is looked up in $PATH, where the first executable
// regular file wins and a matching file without the x bit only matters when nothing else is
// found (bash then says "Permission denied", exit 126, instead of "command not found").
import type { Credentials, FileSystem, Stat } from '../fs/types.ts';
import type { SpawnError } from '../program.ts';

export interface Resolved {
  readonly path: string;
  readonly stat: Stat;
}

/** The x permission of `stat` for `cred` (root needs one x bit among the three, as Linux). */
export function mayExecute(stat: Stat, cred: Credentials): boolean {
  if (cred.uid === 0) return (stat.mode & 0o111) !== 0;
  if (stat.uid === cred.uid) return (stat.mode & 0o100) !== 0;
  if (stat.gid === cred.gid || cred.groups.includes(stat.gid)) return (stat.mode & 0o010) !== 0;
  return (stat.mode & 0o001) !== 0;
}

/** execve's checks on one path: ENOENT, EACCES (x bit, or a directory on the way), EISDIR. */
export function checkExecutable(fs: FileSystem, path: string, cred: Credentials, cwd: string): Resolved | SpawnError {
  const st = fs.stat(path, cred, cwd);
  if (!st.ok) return { error: st.errno === 'EACCES' ? 'EACCES' : 'ENOENT', path };
  if (st.value.type === 'dir') return { error: 'EISDIR', path };
  // A device or other non-regular file: execve says EACCES.
  if (st.value.type !== 'file' || !mayExecute(st.value, cred)) return { error: 'EACCES', path };
  return { path, stat: st.value };
}

/** The file `name` runs: a path when it has a slash, else the $PATH search (`pathVar` = $PATH). */
export function resolveCommand(
  fs: FileSystem,
  name: string,
  pathVar: string | undefined,
  cred: Credentials,
  cwd: string,
): Resolved | SpawnError {
  if (name === '') return { error: 'ENOENT', path: name };
  if (name.includes('/')) return checkExecutable(fs, name, cred, cwd);
  let denied: SpawnError | null = null;
  for (const dir of (pathVar ?? '').split(':')) {
    // An empty PATH element means the current directory.
    const candidate = dir === '' ? name : dir.endsWith('/') ? dir + name : `${dir}/${name}`;
    const st = fs.stat(candidate, cred, cwd);
    if (!st.ok || st.value.type === 'dir') continue;
    if (st.value.type === 'file' && mayExecute(st.value, cred)) return { path: candidate, stat: st.value };
    denied ??= { error: 'EACCES', path: candidate };
  }
  return denied ?? { error: 'ENOENT', path: name };
}
