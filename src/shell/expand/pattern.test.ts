// Pattern matching (case, [[ == ]], ${x#pat}) and pathname expansion against a file system.
import { describe, it, expect } from 'vitest';
import { MemoryFileSystem } from '../../os/fs/memory-fs.ts';
import { glob } from './glob.ts';
import { hasGlobChars, matchPattern, removeAffix, replacePattern } from './pattern.ts';
import { braceExpand } from './brace.ts';
import { localeCompare } from './collate.ts';

const ROOT = { uid: 0, gid: 0, groups: [0] };

describe('patterns', () => {
  it('matches *, ?, brackets, classes and escapes', () => {
    expect(matchPattern('*.txt', 'a.txt')).toBe(true);
    expect(matchPattern('?.log', 'ab.log')).toBe(false);
    expect(matchPattern('[a-c]x', 'bx')).toBe(true);
    expect(matchPattern('[!a-c]x', 'bx')).toBe(false);
    expect(matchPattern('[[:digit:]]*', '4abc')).toBe(true);
    expect(matchPattern('\\*', '*')).toBe(true);
    expect(matchPattern('\\*', 'x')).toBe(false);
    expect(hasGlobChars('a\\*b')).toBe(false);
    expect(hasGlobChars('[ab]')).toBe(true);
  });

  it('removes and replaces like ${x#} ${x%%} ${x//}', () => {
    expect(removeAffix('hello.tar.gz', '*.', false, false)).toBe('tar.gz');
    expect(removeAffix('hello.tar.gz', '.*', true, true)).toBe('hello');
    expect(replacePattern('aabbaa', 'a', 'X', '//')).toBe('XXbbXX');
  });

  it('globs path components, hides dot files, never . and ..', () => {
    const fs = new MemoryFileSystem({ now: () => 0 });
    for (const d of ['/d/sub', '/d/.git']) fs.mkdir(d, ROOT, { parents: true });
    for (const f of ['/d/a.txt', '/d/B.txt', '/d/.hidden', '/d/sub/x.txt']) fs.writeFile(f, '', ROOT);
    const gfs = {
      readdir: (p: string) => {
        const r = fs.readdir(p, ROOT, '/');
        return r.ok ? r.value.map((e) => e.name) : null;
      },
      exists: (p: string) => fs.lstat(p, ROOT, '/').ok,
      isDir: (p: string) => {
        const r = fs.stat(p, ROOT, '/');
        return r.ok && r.value.type === 'dir';
      },
    };
    const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    expect(glob('/d/*.txt', gfs, byCode)).toEqual(['/d/B.txt', '/d/a.txt']);
    expect(glob('/d/*.txt', gfs, localeCompare)).toEqual(['/d/a.txt', '/d/B.txt']);
    expect(glob('/d/.*', gfs, byCode)).toEqual(['/d/.git', '/d/.hidden']);
    expect(glob('/d/*/*.txt', gfs, byCode)).toEqual(['/d/sub/x.txt']);
    expect(glob('/d/*/', gfs, byCode)).toEqual(['/d/sub/']);
    expect(glob('/d/none*', gfs, byCode)).toEqual([]);
  });

  it('expands braces before anything else', () => {
    const lit = (value: string) => ({ parts: [{ type: 'lit' as const, value, quoted: false }] });
    const texts = (w: string) => braceExpand(lit(w)).map((x) => x.parts.map((p) => (p.type === 'lit' ? p.value : '?')).join(''));
    expect(texts('a{b,c}d')).toEqual(['abd', 'acd']);
    expect(texts('{1..3}')).toEqual(['1', '2', '3']);
    expect(texts('{01..10..4}')).toEqual(['01', '05', '09']);
    expect(texts('{c..a}')).toEqual(['c', 'b', 'a']);
    expect(texts('{a}')).toEqual(['{a}']);
    expect(texts('f{,.bak}')).toEqual(['f', 'f.bak']);
  });
});
