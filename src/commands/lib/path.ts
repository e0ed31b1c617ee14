// Lexical path helpers (no file system access), POSIX rules: `basename`/`dirname` as the
// programs of the same name compute them.

/** Joins a directory and a name without doubling the slash. */
export function joinPath(dir: string, name: string): string {
  if (name.startsWith('/')) return name;
  if (dir === '' || dir === '.') return dir === '' ? name : `./${name}`;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** An absolute, normalized path: `.` and `..` removed lexically, from `cwd` when relative. */
export function resolvePath(cwd: string, p: string): string {
  const parts: string[] = [];
  const full = p.startsWith('/') ? p : `${cwd}/${p}`;
  for (const seg of full.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return '/' + parts.join('/');
}

/** basename(1): last component, trailing slashes removed; `/` stays `/`. */
export function baseName(p: string): string {
  if (p === '') return '';
  const s = p.replace(/\/+$/, '');
  if (s === '') return '/';
  return s.slice(s.lastIndexOf('/') + 1);
}

/** dirname(1): everything before the last component; `.` when there is no slash. */
export function dirName(p: string): string {
  let s = p.replace(/\/+$/, '');
  if (s === '') return p.startsWith('/') ? '/' : '.';
  const i = s.lastIndexOf('/');
  if (i < 0) return '.';
  s = s.slice(0, i).replace(/\/+$/, '');
  return s === '' ? '/' : s;
}
