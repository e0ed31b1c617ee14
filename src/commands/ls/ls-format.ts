// How ls prints one list of files: the long format's aligned columns (`-rw------- 1 etudiant
// mail 495 16 janv. 13:01 etudiant`), the many-per-line layout of a terminal (columns filled
// top to bottom, tab-indented as GNU ls does with its default tabsize of 8), or one per line.
import type { Stat } from '../../os/fs/types.ts';
import type { Locale } from '../lib/locale.ts';
import { modeString, diskBlocks1K } from '../lib/file-mode.ts';
import { humanSize } from '../lib/human.ts';
import { strftime, timeNames } from '../lib/strftime.ts';
import { shellEscape } from '../lib/quote.ts';
import type { UserDb } from '../../os/users/user-db.ts';

export interface Entry {
  /** Name as it is printed (the operand as typed, or the directory entry). */
  name: string;
  /** null: stat failed (a directory without search permission): printed with '?'. */
  st: Stat | null;
  /** Symlink target, for `a -> b`. */
  target?: string;
  /** The target's stat (colors and -F of the arrow's right side). */
  targetSt?: Stat | null;
}

export interface FormatOptions {
  long: boolean;
  numeric: boolean;
  human: boolean;
  inode: boolean;
  size: boolean;
  showOwner: boolean;
  showGroup: boolean;
  /** 'slash' = -p, 'classify' = -F. */
  indicator: 'none' | 'slash' | 'classify';
  layout: 'columns' | 'across' | 'single' | 'commas';
  /** Terminal width for the many-per-line layouts. */
  width: number;
  /** Quote names as the shell would (ls to a terminal). */
  quote: boolean;
  color: boolean;
  /** LS_COLORS of the environment (undefined: GNU's built-in table). */
  lsColors?: string;
  time: 'mtime' | 'atime' | 'ctime';
  loc: Locale;
  /** LC_TIME locale. */
  timeLoc: Locale;
  nowMs: number;
  db: UserDb;
}

/** GNU ls's built-in colors when LS_COLORS is unset (Debian's dircolors sets more). */
const DEFAULT_COLORS: Record<string, string> = {
  di: '01;34', ln: '01;36', pi: '33', so: '01;35', bd: '01;33', cd: '01;33', ex: '01;32', do: '01;35',
  su: '37;41', sg: '30;43', st: '37;44', ow: '34;42', tw: '30;42',
};

/** The color table from LS_COLORS (`di=01;34:*.tar=01;31:...`), or GNU's defaults. */
export function parseLsColors(spec: string | undefined): { kinds: Record<string, string>; ext: [string, string][] } {
  if (spec === undefined || spec === '') return { kinds: { ...DEFAULT_COLORS }, ext: [] };
  const kinds: Record<string, string> = { ...DEFAULT_COLORS };
  const ext: [string, string][] = [];
  for (const item of spec.split(':')) {
    const eq = item.indexOf('=');
    if (eq <= 0) continue;
    const k = item.slice(0, eq);
    const v = item.slice(eq + 1);
    if (k.startsWith('*')) ext.push([k.slice(1), v]);
    else kinds[k] = v;
  }
  return { kinds, ext };
}

function colorOf(e: Entry, table: ReturnType<typeof parseLsColors>): string | null {
  const st = e.st;
  const k = table.kinds;
  if (!st) return k.mi ?? null;
  const pick = (c: string | undefined) => (c === undefined || c === '' || c === '0' || c === '00' ? null : c);
  if (st.type === 'dir') {
    if (st.mode & 0o1000 && st.mode & 0o002) return pick(k.tw);
    if (st.mode & 0o002) return pick(k.ow);
    if (st.mode & 0o1000) return pick(k.st);
    return pick(k.di);
  }
  if (st.type === 'symlink') {
    if (e.targetSt === null && k.or !== undefined) return pick(k.or);
    return k.ln === 'target' ? (e.targetSt ? colorOf({ name: e.name, st: e.targetSt }, table) : null) : pick(k.ln);
  }
  if (st.type === 'chardev') return pick(k.cd);
  if (st.mode & 0o4000) return pick(k.su);
  if (st.mode & 0o2000) return pick(k.sg);
  if (st.mode & 0o111) return pick(k.ex);
  for (const [suffix, c] of table.ext) if (e.name.endsWith(suffix)) return pick(c);
  return pick(k.fi);
}

function indicatorOf(e: Entry, style: FormatOptions['indicator']): string {
  if (style === 'none' || !e.st) return '';
  const t = e.st.type;
  if (t === 'dir') return '/';
  if (style === 'slash') return '';
  if (t === 'symlink') return '@';
  if (t === 'file' && e.st.mode & 0o111) return '*';
  return '';
}

export class Printer {
  /** GNU ls resets the terminal's colors once, just before the first colored name it prints. */
  private colorStarted = false;
  private readonly colors: ReturnType<typeof parseLsColors>;

  constructor(private readonly o: FormatOptions) {
    this.colors = parseLsColors(o.lsColors);
  }

  private withReset(out: string): string {
    if (this.colorStarted || !this.o.color) return out;
    const i = out.indexOf('\x1b[');
    if (i < 0) return out;
    this.colorStarted = true;
    return out.slice(0, i) + '\x1b[0m' + out.slice(i);
  }

  /** The name as printed, with quotes on a terminal, colors and the -F/-p indicator. */
  private displayName(e: Entry, alignQuotes: boolean): { text: string; width: number } {
    let name = this.o.quote ? shellEscape(e.name, this.o.loc) : e.name;
    const pad = alignQuotes && !name.startsWith("'") && !name.startsWith('"') ? ' ' : '';
    const ind = this.o.long && e.st?.type === 'symlink' ? '' : indicatorOf(e, this.o.indicator);
    let width = pad.length + displayWidth(name) + ind.length;
    const color = this.o.color ? colorOf(e, this.colors) : null;
    if (color) name = `\x1b[${color}m${name}\x1b[0m`;
    name = pad + name;
    if (this.o.long && e.st?.type === 'symlink' && e.target !== undefined) {
      let t = this.o.quote ? shellEscape(e.target, this.o.loc) : e.target;
      const tc = this.o.color && e.targetSt ? colorOf({ name: e.target, st: e.targetSt }, this.colors) : null;
      if (tc) t = `\x1b[${tc}m${t}\x1b[0m`;
      const tind = this.o.indicator === 'classify' && e.targetSt ? indicatorOf({ name: e.target, st: e.targetSt }, 'classify') : '';
      name += ' -> ' + t + tind;
      width += 4 + displayWidth(e.target) + tind.length;
    }
    return { text: name + ind, width };
  }

  /** True when some name needs quotes, so the others get a space to line up (GNU ls 8.25+). */
  private needsAlign(entries: readonly Entry[]): boolean {
    if (!this.o.quote || this.o.layout === 'commas') return false;
    return entries.some((e) => {
      const q = shellEscape(e.name, this.o.loc);
      return q.startsWith("'") || q.startsWith('"');
    });
  }

  /** The `total N` line of a directory in -l/-s: 1K blocks, or human-readable with -h. */
  total(entries: readonly Entry[], label: string): string {
    const blocks = entries.reduce((a, e) => a + (e.st ? diskBlocks1K(e.st.type, e.st.size) : 0), 0);
    return `${label} ${this.o.human ? humanSize(blocks * 1024) : blocks}\n`;
  }

  /**
   * Formats one list. `widthsToo`: more files whose columns count for the widths (GNU ls
   * sizes the command-line file list with the directory operands still in it).
   */
  format(entries: readonly Entry[], widthsToo: readonly Entry[] = []): string {
    return this.withReset(this.formatPlain(entries, widthsToo));
  }

  private formatPlain(entries: readonly Entry[], widthsToo: readonly Entry[]): string {
    if (entries.length === 0) return '';
    if (this.o.long) return this.formatLong(entries, widthsToo);
    const align = this.needsAlign(entries);
    const inodeW = this.o.inode ? Math.max(...entries.map((e) => String(e.st?.ino ?? '?').length)) : 0;
    const blockW = this.o.size ? Math.max(...entries.map((e) => this.blocks(e).length)) : 0;
    const cells = entries.map((e) => {
      const d = this.displayName(e, align);
      let prefix = '';
      if (this.o.inode) prefix += String(e.st?.ino ?? '?').padStart(inodeW) + ' ';
      if (this.o.size) prefix += this.blocks(e).padStart(blockW) + ' ';
      return { text: prefix + d.text, width: prefix.length + d.width };
    });
    switch (this.o.layout) {
      case 'single':
        return cells.map((c) => c.text + '\n').join('');
      case 'commas':
        return this.commas(cells);
      default:
        return this.columns(cells, this.o.layout === 'across');
    }
  }

  private blocks(e: Entry): string {
    const b = e.st ? diskBlocks1K(e.st.type, e.st.size) : 0;
    return this.o.human ? humanSize(b * 1024) : String(b);
  }

  private commas(cells: { text: string; width: number }[]): string {
    let out = '';
    let pos = 0;
    cells.forEach((c, i) => {
      const sep = i === cells.length - 1 ? 0 : 2;
      if (i > 0) {
        if (pos + c.width + sep > this.o.width) {
          out += '\n';
          pos = 0;
        } else {
          out += ' ';
          pos++;
        }
      }
      out += c.text + (i === cells.length - 1 ? '' : ',');
      pos += c.width + (i === cells.length - 1 ? 0 : 1);
    });
    return out + '\n';
  }

  /** GNU ls's calculate_columns + print_many_per_line / print_horizontal. */
  private columns(cells: { text: string; width: number }[], across: boolean): string {
    const n = cells.length;
    const MIN = 3;
    const maxCols = Math.max(1, Math.min(Math.floor(this.o.width / MIN), n));
    const info = Array.from({ length: maxCols }, (_, i) => ({ valid: true, lineLen: (i + 1) * MIN, cols: new Array<number>(i + 1).fill(MIN) }));
    for (let f = 0; f < n; f++) {
      const len = cells[f].width;
      for (let i = 0; i < maxCols; i++) {
        const ci = info[i];
        if (!ci.valid) continue;
        const idx = across ? f % (i + 1) : Math.floor(f / Math.ceil(n / (i + 1)));
        const real = len + (idx === i ? 0 : 2);
        if (ci.cols[idx] < real) {
          ci.lineLen += real - ci.cols[idx];
          ci.cols[idx] = real;
          ci.valid = ci.lineLen < this.o.width;
        }
      }
    }
    let cols = maxCols;
    while (cols > 1 && !info[cols - 1].valid) cols--;
    const widths = info[cols - 1].cols;
    const rows = Math.ceil(n / cols);
    let out = '';
    if (across) {
      let pos = 0;
      for (let f = 0; f < n; f++) {
        const col = f % cols;
        if (col === 0 && f > 0) {
          out += '\n';
          pos = 0;
        }
        out += cells[f].text;
        if (col < cols - 1 && f < n - 1) {
          out += indent(pos + cells[f].width, pos + widths[col], !this.o.color);
          pos += widths[col];
        }
      }
      return out + '\n';
    }
    for (let r = 0; r < rows; r++) {
      let pos = 0;
      let col = 0;
      for (let f = r; f < n; f += rows) {
        out += cells[f].text;
        if (f + rows >= n) break;
        out += indent(pos + cells[f].width, pos + widths[col], !this.o.color);
        pos += widths[col++];
      }
      out += '\n';
    }
    return out;
  }

  private formatLong(entries: readonly Entry[], widthsToo: readonly Entry[]): string {
    const o = this.o;
    const align = this.needsAlign(entries);
    const all = [...entries, ...widthsToo].map((e) => {
      const st = e.st;
      if (!st) {
        return { inode: '?', blocks: '?', mode: '-?????????', nlink: '?', owner: '?', group: '?', size: '?', major: '', minor: '', date: '?', e };
      }
      const owner = o.numeric ? String(st.uid) : o.db.userName(st.uid);
      const group = o.numeric ? String(st.gid) : o.db.groupName(st.gid);
      const isDev = st.type === 'chardev';
      const rdev = st.rdev ?? 0;
      return {
        inode: String(st.ino),
        blocks: this.blocks(e),
        mode: modeString(st.type, st.mode),
        nlink: String(st.nlink),
        owner,
        group,
        size: isDev ? '' : o.human ? humanSize(st.size) : String(st.size),
        major: isDev ? String(rdev >> 8) : '',
        minor: isDev ? String(rdev & 0xff) : '',
        date: this.date(o.time === 'atime' ? st.atimeMs : o.time === 'ctime' ? st.ctimeMs : st.mtimeMs),
        e,
      };
    });
    const rows = all.slice(0, entries.length);
    const w = (k: 'inode' | 'blocks' | 'nlink' | 'owner' | 'group' | 'major' | 'minor') => Math.max(...all.map((r) => displayWidth(r[k])));
    const majorW = w('major');
    const minorW = w('minor');
    const devW = majorW > 0 ? majorW + 2 + minorW : 0;
    const sizeW = Math.max(devW, ...all.map((r) => r.size.length));
    const dateW = Math.max(...all.map((r) => displayWidth(r.date)));
    let out = '';
    for (const r of rows) {
      let line = '';
      if (o.inode) line += r.inode.padStart(w('inode')) + ' ';
      if (o.size) line += r.blocks.padStart(w('blocks')) + ' ';
      line += r.mode + ' ' + r.nlink.padStart(w('nlink')) + ' ';
      if (o.showOwner) line += padEnd(r.owner, w('owner')) + ' ';
      if (o.showGroup) line += padEnd(r.group, w('group')) + ' ';
      const size = r.major !== '' ? `${r.major.padStart(majorW)}, ${r.minor.padStart(minorW)}` : r.size;
      line += size.padStart(sizeW) + ' ';
      line += (r.e.st ? r.date : r.date.padStart(dateW)) + ' ';
      line += this.displayName(r.e, align).text;
      out += line + '\n';
    }
    return out;
  }

  /** `%b %e %H:%M` for the last six months, `%b %e  %Y` otherwise (French: `%e %b ...`). */
  private date(ms: number): string {
    const now = this.o.nowMs;
    const sixMonths = (31556952 / 2) * 1000;
    const recent = ms > now - sixMonths && ms <= now;
    const fr = this.o.timeLoc.fr;
    const fmt = recent ? (fr ? '%e %b %H:%M' : '%b %e %H:%M') : fr ? '%e %b  %Y' : '%b %e  %Y';
    // Month abbreviations are padded to the widest one (`nov. ` beside `janv.`), as ls aligns them.
    const names = timeNames(this.o.timeLoc);
    const monW = Math.max(...names.abmon.map(displayWidth));
    const mon = names.abmon[new Date(ms).getUTCMonth()];
    return strftime(fmt.replace('%b', padEnd(mon, monW).replace(/%/g, '%%')), ms, this.o.timeLoc);
  }
}

/** Columns a string takes on a terminal (combining marks take none, CJK wide takes two). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) continue;
    if (c >= 0x300 && c <= 0x36f) continue;
    if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xff60) || (c >= 0x1f300 && c <= 0x1faff)) w += 2;
    else w += 1;
  }
  return w;
}

function padEnd(s: string, width: number): string {
  const d = displayWidth(s);
  return d >= width ? s : s + ' '.repeat(width - d);
}

/** GNU ls's indent(): tabs to each multiple of 8 while they fit, then spaces (no tabs in color mode). */
function indent(from: number, to: number, tabs: boolean): string {
  let out = '';
  while (from < to) {
    if (tabs && Math.floor(to / 8) > Math.floor((from + 1) / 8)) {
      out += '\t';
      from += 8 - (from % 8);
    } else {
      out += ' ';
      from++;
    }
  }
  return out;
}
