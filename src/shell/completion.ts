// Tab completion as bash's default (no bash-completion package): the first word of a command
// completes to aliases, keywords, functions, builtins and executables in $PATH; a word with a
// slash or any later word completes to file names (directories get a `/`); `$NAME` completes
// variable names and `~name` user names.
import type { Credentials, FileSystem } from '../os/fs/types.ts';

export interface CompletionSource {
  readonly fs: FileSystem;
  readonly cred: Credentials;
  readonly cwd: string;
  readonly path: string;
  readonly home: string | undefined;
  /** Aliases, keywords, functions and builtins. */
  commandWords(): string[];
  variableNames(): string[];
  userNames(): string[];
  compare(a: string, b: string): number;
}

export interface Completion {
  /** Where the word being completed starts in the line. */
  start: number;
  /** Replacement candidates for line[start..cursor] (already quoted for the shell). */
  matches: string[];
  /** What the listing shows for each match (file names without their directory). */
  display: string[];
  /** A single match is followed by this (a space, or nothing after a directory's `/`). */
  suffix: string[];
}

const BREAKS = ' \t\n;|&(<>';
const SPECIAL = /[ \t\n"'\\$`!#&*()[\]{}|;<>?^]/g;

/** Backslash-quote what the shell would take as special in a file name. */
export function quoteWord(s: string): string {
  return s.replace(SPECIAL, (c) => `\\${c}`);
}

function unquote(s: string): string {
  return s.replace(/\\(.)/g, '$1').replace(/['"]/g, '');
}

/** Index where the word under the cursor starts. */
export function wordStart(line: string, cursor: number): number {
  let i = cursor;
  while (i > 0) {
    const c = line[i - 1];
    if (BREAKS.includes(c) && !(i >= 2 && line[i - 2] === '\\')) break;
    i--;
  }
  return i;
}

/** Whether the word at `start` is a command name (first word, or after ; | & ( and keywords). */
export function isCommandPosition(line: string, start: number): boolean {
  const before = line.slice(0, start).trimEnd();
  if (before === '') return true;
  if (/[;|&(`]$/.test(before) || before.endsWith('$(')) return true;
  const last = before.split(/\s+/).pop() ?? '';
  return ['then', 'do', 'else', 'elif', 'if', 'while', 'until', '!', '{', 'time', 'exec', 'command', 'sudo', 'nohup'].includes(last);
}

function isExecutable(src: CompletionSource, path: string): boolean {
  return src.fs.access(path, 1, src.cred, src.cwd).ok;
}

function fileMatches(src: CompletionSource, word: string, onlyCommands: boolean): { full: string; name: string; dir: boolean }[] {
  const raw = unquote(word);
  const slash = raw.lastIndexOf('/');
  const dirPart = slash >= 0 ? raw.slice(0, slash + 1) : '';
  const prefix = slash >= 0 ? raw.slice(slash + 1) : raw;
  let dir = dirPart === '' ? '.' : dirPart;
  if (dir.startsWith('~')) {
    const home = src.home ?? '/';
    dir = dir === '~/' || dir === '~' ? home : dir.replace(/^~\//, home.replace(/\/$/, '') + '/');
  }
  const entries = src.fs.readdir(dir, src.cred, src.cwd);
  if (!entries.ok) return [];
  const out: { full: string; name: string; dir: boolean }[] = [];
  for (const e of entries.value) {
    if (!e.name.startsWith(prefix)) continue;
    if (e.name.startsWith('.') && !prefix.startsWith('.')) continue;
    const path = dir.endsWith('/') ? dir + e.name : `${dir}/${e.name}`;
    const st = src.fs.stat(path, src.cred, src.cwd);
    const isDir = st.ok && st.value.type === 'dir';
    if (onlyCommands && !isDir && !isExecutable(src, path)) continue;
    out.push({ full: dirPart + e.name, name: e.name, dir: isDir });
  }
  return out;
}

function commandMatches(src: CompletionSource, word: string): string[] {
  const set = new Set<string>();
  for (const w of src.commandWords()) if (w.startsWith(word)) set.add(w);
  for (const dir of src.path.split(':')) {
    const d = dir === '' ? '.' : dir;
    const entries = src.fs.readdir(d, src.cred, src.cwd);
    if (!entries.ok) continue;
    for (const e of entries.value) {
      if (!e.name.startsWith(word) || set.has(e.name)) continue;
      const path = `${d}/${e.name}`;
      const st = src.fs.stat(path, src.cred, src.cwd);
      if (st.ok && st.value.type === 'file' && isExecutable(src, path)) set.add(e.name);
    }
  }
  return [...set];
}

export function complete(src: CompletionSource, line: string, cursor: number): Completion {
  const start = wordStart(line, cursor);
  const word = line.slice(start, cursor);
  const sorted = <T>(items: T[], key: (t: T) => string) => items.sort((a, b) => src.compare(key(a), key(b)));
  if (word.startsWith('$') && !word.includes('/')) {
    const names = sorted(src.variableNames().filter((n) => n.startsWith(word.slice(1))), (n) => n);
    return { start, matches: names.map((n) => `$${n}`), display: names.map((n) => `$${n}`), suffix: names.map(() => ' ') };
  }
  if (word.startsWith('~') && !word.includes('/')) {
    const users = sorted(src.userNames().filter((n) => n.startsWith(word.slice(1))), (n) => n);
    return { start, matches: users.map((u) => `~${u}`), display: users.map((u) => `~${u}`), suffix: users.map(() => '/') };
  }
  if (isCommandPosition(line, start) && !word.includes('/')) {
    const names = sorted(commandMatches(src, unquote(word)), (n) => n);
    if (names.length > 0) return { start, matches: names.map(quoteWord), display: names, suffix: names.map(() => ' ') };
  }
  const files = sorted(fileMatches(src, word, isCommandPosition(line, start) && word.includes('/')), (f) => f.name);
  return {
    start,
    matches: files.map((f) => quoteWord(f.full)),
    display: files.map((f) => (f.dir ? `${f.name}/` : f.name)),
    suffix: files.map((f) => (f.dir ? '/' : ' ')),
  };
}

/** The longest common prefix of the candidates. */
export function commonPrefix(items: readonly string[]): string {
  if (items.length === 0) return '';
  let p = items[0];
  for (const s of items.slice(1)) {
    let i = 0;
    while (i < p.length && i < s.length && p[i] === s[i]) i++;
    p = p.slice(0, i);
  }
  return p;
}

/** readline's listing: columns filled top to bottom, two spaces between them. */
export function formatColumns(items: readonly string[], columns: number): string {
  if (items.length === 0) return '';
  const width = Math.max(...items.map((s) => [...s].length)) + 2;
  // readline keeps the last column free on terminals that wrap by themselves.
  const perLine = Math.max(1, Math.floor((columns - 1) / width));
  const rows = Math.ceil(items.length / perLine);
  let out = '';
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < perLine; c++) {
      const i = c * rows + r;
      if (i >= items.length) break;
      const s = items[i];
      const last = c === perLine - 1 || (c + 1) * rows + r >= items.length;
      line += last ? s : s + ' '.repeat(width - [...s].length);
    }
    out += line + '\n';
  }
  return out;
}
