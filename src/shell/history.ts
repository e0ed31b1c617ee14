// Command history (bash(1) "HISTORY"): lines are kept in memory as typed (HISTCONTROL filters
// them), numbered from 1 with the lines read from $HISTFILE at start, and written back at exit
// (appended with `shopt -s histappend`, as Debian's ~/.bashrc sets, else rewritten), keeping
// the last $HISTFILESIZE lines.
import type { Credentials, FileSystem } from '../os/fs/types.ts';

export class History {
  private entries: string[] = [];
  /** Entries that were in the file at start: `histappend` writes only the others. */
  private loaded = 0;

  get length(): number {
    return this.entries.length;
  }

  /** Number of the first entry kept (entries dropped by HISTSIZE shift the numbering). */
  base = 1;

  all(): readonly string[] {
    return this.entries;
  }

  get(index: number): string | undefined {
    return this.entries[index];
  }

  /** Adds a line as bash's HISTCONTROL/HISTIGNORE say; returns whether it was kept. */
  add(line: string, control: string | undefined, size: number): boolean {
    const text = line.replace(/\n+$/, '');
    if (text.trim() === '') return false;
    const opts = (control ?? '').split(':');
    const ignoreSpace = opts.includes('ignorespace') || opts.includes('ignoreboth');
    const ignoreDups = opts.includes('ignoredups') || opts.includes('ignoreboth');
    if (ignoreSpace && /^[ \t]/.test(text)) return false;
    if (ignoreDups && this.entries[this.entries.length - 1] === text) return false;
    if (opts.includes('erasedups')) this.entries = this.entries.filter((e) => e !== text);
    this.entries.push(text);
    this.trim(size);
    return true;
  }

  private trim(size: number): void {
    if (size >= 0 && this.entries.length > size) {
      const drop = this.entries.length - size;
      this.entries.splice(0, drop);
      this.base += drop;
      this.loaded = Math.max(0, this.loaded - drop);
    }
  }

  clear(): void {
    this.entries = [];
    this.loaded = 0;
  }

  /** history -d N */
  delete(number: number): boolean {
    const i = number - this.base;
    if (i < 0 || i >= this.entries.length) return false;
    this.entries.splice(i, 1);
    if (i < this.loaded) this.loaded--;
    return true;
  }

  load(fs: FileSystem, path: string, cred: Credentials, size: number): void {
    const r = fs.readFile(path, cred);
    if (!r.ok) return;
    const lines = new TextDecoder().decode(r.value).split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    // Timestamps (#1700000000 lines) are written only with HISTTIMEFORMAT: skip them.
    this.entries = lines.filter((l) => !/^#\d+$/.test(l));
    this.trim(size);
    this.loaded = this.entries.length;
  }

  /** At exit: append the new lines (histappend) or rewrite the file, then cut it to `fileSize`. */
  save(fs: FileSystem, path: string, cred: Credentials, append: boolean, fileSize: number): void {
    let lines: string[];
    if (append) {
      const r = fs.readFile(path, cred);
      const old = r.ok ? new TextDecoder().decode(r.value).split('\n') : [];
      if (old[old.length - 1] === '') old.pop();
      lines = [...old, ...this.entries.slice(this.loaded)];
    } else {
      lines = [...this.entries];
    }
    if (fileSize >= 0 && lines.length > fileSize) lines = lines.slice(lines.length - fileSize);
    fs.writeFile(path, lines.length ? lines.join('\n') + '\n' : '', cred, { mode: 0o600 });
    this.loaded = this.entries.length;
  }
}
