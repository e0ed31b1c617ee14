// Pathname expansion (bash(1) "Pathname Expansion"): each `/`-separated component with glob
// characters is matched against the directory's entries; a leading `.` must be matched
// explicitly; `.` and `..` never match (bash 5.2's globskipdots). No match: the word stays as is.
import { hasGlobChars, matchPattern, unquotePattern } from './pattern.ts';

export interface GlobFs {
  /** Entry names of a directory, or null if it cannot be read. */
  readdir(path: string): string[] | null;
  /** Whether a path exists (lstat). */
  exists(path: string): boolean;
  isDir(path: string): boolean;
}

export function glob(pattern: string, fs: GlobFs, compare: (a: string, b: string) => number): string[] {
  const absolute = pattern.startsWith('/');
  const trailingSlash = pattern.endsWith('/') && pattern.length > 1;
  const segments = pattern.split('/').filter((s) => s !== '');
  // Each candidate is the text that will appear in the result (relative stays relative).
  let candidates: string[] = [absolute ? '/' : ''];
  let allLiteral = true;
  for (const seg of segments) {
    const next: string[] = [];
    if (!hasGlobChars(seg)) {
      const lit = unquotePattern(seg);
      for (const c of candidates) next.push(join(c, lit));
      candidates = next;
      continue;
    }
    allLiteral = false;
    const explicitDot = unquotePattern(seg).startsWith('.') && (seg.startsWith('.') || seg.startsWith('\\.'));
    for (const c of candidates) {
      const names = fs.readdir(c === '' ? '.' : c);
      if (!names) continue;
      for (const name of names) {
        if (name.startsWith('.') && !explicitDot) continue;
        if (matchPattern(seg, name)) next.push(join(c, name));
      }
    }
    candidates = next;
    if (candidates.length === 0) return [];
  }
  if (allLiteral) return [];
  let out = candidates.filter((c) => fs.exists(c));
  if (trailingSlash) out = out.filter((c) => fs.isDir(c)).map((c) => c + '/');
  return out.sort(compare);
}

function join(dir: string, name: string): string {
  if (dir === '') return name;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}
