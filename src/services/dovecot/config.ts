// Dovecot 2.3's configuration language as its config parser reads /etc/dovecot/dovecot.conf:
// `key = value` (a value may be "quoted", `<file`, or use $other_setting), `type [name] {` ...
// `}` sections (same-named sections from several files merge, as namespace inbox in 10-mail.conf
// and 15-mailboxes.conf), `!include` and `!include_try` with globs relative to the including
// file, `#` comments. Sans-IO: files come through a callback.

export interface ConfSetting {
  readonly kind: 'setting';
  readonly key: string;
  value: string;
  /** Where the value was last set (doveconf's errors name it). */
  file: string;
  line: number;
}

export interface ConfSection {
  readonly kind: 'section';
  readonly type: string;
  /** The section's name ("inbox", "Sent Messages"), '' for an anonymous one (passdb {). */
  readonly name: string;
  readonly entries: ConfEntry[];
}

export type ConfEntry = ConfSetting | ConfSection;

export interface ConfFiles {
  /** The file's text, or null when it does not exist. */
  read(path: string): string | null;
  /** Names in a directory (for `!include dir/*.conf`), or null when it does not exist. */
  list(dir: string): string[] | null;
}

export type ParseResult = { readonly ok: true; readonly root: ConfSection } | { readonly ok: false; readonly error: string };

export const DOVECOT_CONF = '/etc/dovecot/dovecot.conf';

/** Sections that repeat instead of merging when anonymous (several passdb/userdb blocks). */
const LIST_SECTIONS = new Set(['passdb', 'userdb']);

interface Frame {
  readonly section: ConfSection;
  readonly file: string;
  readonly line: number;
}

/** Reads `path` and everything it includes into one merged tree. */
export function parseDovecotConfig(files: ConfFiles, path = DOVECOT_CONF): ParseResult {
  const root: ConfSection = { kind: 'section', type: '', name: '', entries: [] };
  const stack: Frame[] = [{ section: root, file: path, line: 0 }];
  const text = files.read(path);
  if (text === null) return { ok: false, error: `open(${path}) failed: No such file or directory` };
  const err = parseFile(files, path, text, stack, 0);
  if (err !== null) return { ok: false, error: err };
  if (stack.length > 1) return { ok: false, error: `Error in configuration file ${path}: Missing '}'` };
  return { ok: true, root };
}

function parseFile(files: ConfFiles, path: string, text: string, stack: Frame[], depth: number): string | null {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const where = `Error in configuration file ${path} line ${i + 1}`;
    const line = stripComment(lines[i]).trim();
    if (line === '') continue;
    const top = stack[stack.length - 1].section;
    const inc = /^!include(_try)?\s+(.+)$/.exec(line);
    if (inc !== null) {
      if (depth > 20) return `${where}: Recursive include file: ${inc[2]}`;
      const pattern = unquote(inc[2].trim());
      const full = pattern.startsWith('/') ? pattern : `${path.slice(0, path.lastIndexOf('/') + 1)}${pattern}`;
      const matches = expandGlob(files, full);
      if (matches.length === 0 && inc[1] === undefined && !/[*?]/.test(full)) {
        return `${where}: stat(${full}) failed: No such file or directory`;
      }
      for (const m of matches) {
        const t = files.read(m);
        if (t === null) continue;
        const e = parseFile(files, m, t, stack, depth + 1);
        if (e !== null) return e;
      }
      continue;
    }
    if (line === '}') {
      if (stack.length <= 1 || stack[stack.length - 1].file !== path) return `${where}: Unexpected '}'`;
      stack.pop();
      continue;
    }
    const open = /^([A-Za-z0-9_!-]+)(?:\s+("[^"]*"|[^\s{]+))?\s*\{$/.exec(line);
    if (open !== null) {
      const section = openSection(top, open[1], unquote(open[2] ?? ''));
      stack.push({ section, file: path, line: i + 1 });
      continue;
    }
    const set = /^([A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(line);
    if (set === null) return `${where}: Expecting '='`;
    setValue(top, set[1], expandValue(stack, set[1], set[2]), path, i + 1);
  }
  // A section left open at the end of an included file is an error in that file.
  const last = stack[stack.length - 1];
  if (stack.length > 1 && last.file === path && depth > 0) return `Error in configuration file ${path}: Missing '}'`;
  return null;
}

function stripComment(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && line[i - 1] !== '\\') quoted = !quoted;
    else if (c === '#' && !quoted) return line.slice(0, i);
  }
  return line;
}

function unquote(v: string): string {
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v;
}

/** `$name` is the value set so far for that setting (an unset one expands to ''). */
function expandValue(stack: Frame[], key: string, raw: string): string {
  const v = unquote(raw.trim());
  if (v.startsWith('<')) return v;
  return v.replace(/\$([A-Za-z0-9_]+)/g, (_all, name: string) => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const found = stack[i].section.entries.find((e): e is ConfSetting => e.kind === 'setting' && e.key === name);
      if (found !== undefined) return found.value;
    }
    void key;
    return '';
  });
}

function openSection(parent: ConfSection, type: string, name: string): ConfSection {
  if (!(name === '' && LIST_SECTIONS.has(type))) {
    const existing = parent.entries.find((e): e is ConfSection => e.kind === 'section' && e.type === type && e.name === name);
    if (existing !== undefined) return existing;
  }
  const section: ConfSection = { kind: 'section', type, name, entries: [] };
  parent.entries.push(section);
  return section;
}

function setValue(section: ConfSection, key: string, value: string, file: string, line: number): void {
  const existing = section.entries.find((e): e is ConfSetting => e.kind === 'setting' && e.key === key);
  if (existing !== undefined) {
    existing.value = value;
    existing.file = file;
    existing.line = line;
  } else section.entries.push({ kind: 'setting', key, value, file, line });
}

/**
 * `key = <file` values are read while the configuration is parsed: one that cannot be opened (a
 * missing certificate, ssl_key for a non-root doveconf) fails like Dovecot does.
 */
export function fileValueError(section: ConfSection, open: (path: string) => 'ENOENT' | 'EACCES' | null): string | null {
  for (const e of section.entries) {
    if (e.kind === 'section') {
      const inner = fileValueError(e, open);
      if (inner !== null) return inner;
      continue;
    }
    if (!e.value.startsWith('<')) continue;
    const path = e.value.slice(1).trim();
    const err = open(path);
    if (err === null) continue;
    const why = err === 'ENOENT' ? 'No such file or directory' : 'Permission denied';
    return `Error in configuration file ${e.file} line ${e.line}: ${e.key}: Can't open file ${path}: ${why}`;
  }
  return null;
}

/** `dir/*.conf` -> the matching files, sorted as glob(3) returns them. */
function expandGlob(files: ConfFiles, pattern: string): string[] {
  const slash = pattern.lastIndexOf('/');
  const dir = pattern.slice(0, slash) || '/';
  const base = pattern.slice(slash + 1);
  if (!/[*?]/.test(base)) return files.read(pattern) !== null ? [pattern] : [];
  const names = files.list(dir);
  if (names === null) return [];
  const re = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return names.filter((n) => !n.startsWith('.') && re.test(n)).sort().map((n) => `${dir}/${n}`);
}

// ---- lookups ------------------------------------------------------------------------------------

export function settingIn(section: ConfSection, key: string): string | undefined {
  const found = section.entries.find((e): e is ConfSetting => e.kind === 'setting' && e.key === key);
  return found?.value;
}

export function sectionsIn(section: ConfSection, type: string): ConfSection[] {
  return section.entries.filter((e): e is ConfSection => e.kind === 'section' && e.type === type);
}
