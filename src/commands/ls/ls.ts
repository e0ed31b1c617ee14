// ls(1) from coreutils 9.1. Operands that are files are listed first, then each directory under
// a `dir:` header when there are several operands or -R. Exit status: 2 when an operand cannot
// be accessed or opened, 1 for trouble deeper in a -R walk. Columns on a terminal, one name per
// line otherwise; names are shell-quoted on a terminal only.
import type { Process, Program } from '../../os/program.ts';
import type { Stat } from '../../os/fs/types.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { localeOf } from '../lib/locale.ts';
import { collator } from '../lib/collate.ts';
import { UserDb } from '../../os/users/user-db.ts';
import { joinPath } from '../lib/path.ts';
import { coreutilsVersion } from '../lib/version.ts';
import { shellEscape } from '../lib/quote.ts';
import { Printer, type Entry, type FormatOptions } from './ls-format.ts';

const OPTIONS = {
  short: 'aAdFhilnprRsStuU1Cxmgo',
  long: [
    long('all', 'none', 'a'), long('almost-all', 'none', 'A'), long('directory', 'none', 'd'),
    long('classify', 'optional', 'F'), long('human-readable', 'none', 'h'), long('inode', 'none', 'i'),
    long('numeric-uid-gid', 'none', 'n'), long('reverse', 'none', 'r'), long('recursive', 'none', 'R'),
    long('size', 'none', 's'), long('color', 'optional', 'color'), long('colour', 'optional', 'color'),
    long('format', 'required', 'format'), long('sort', 'required', 'sort'), long('time', 'required', 'time'),
    long('indicator-style', 'required', 'indicator-style'), long('width', 'required', 'w'),
    long('author'), long('quote-name'), long('quoting-style', 'required'), long('help'), long('version'),
  ],
};

interface Settings {
  all: 'none' | 'almost' | 'all';
  directory: boolean;
  recursive: boolean;
  reverse: boolean;
  sort: 'name' | 'time' | 'size' | 'none';
  color: 'never' | 'auto' | 'always';
}

export const ls: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'ls');
  const p = ctx.getopt({ ...OPTIONS, short: OPTIONS.short + 'w:T:' });
  if (!p) return 2;
  const tty = proc.stdout.tty;
  const s: Settings = { all: 'none', directory: false, recursive: false, reverse: false, sort: 'name', color: 'never' };
  const f: FormatOptions = {
    long: false, numeric: false, human: false, inode: false, size: false, showOwner: true, showGroup: true,
    indicator: 'none', layout: tty ? 'columns' : 'single', width: tty ? tty.columns : 80, quote: tty !== null,
    color: false, time: 'mtime', loc: ctx.loc, timeLoc: localeOf(proc.env, 'LC_TIME'),
    nowMs: proc.host.wallTimeMs(), db: UserDb.load(ctx.fs),
  };
  const cols = Number(proc.env.get('COLUMNS'));
  if (Number.isInteger(cols) && cols > 0) f.width = cols;
  for (const o of p.options) {
    switch (o.key) {
      case 'a': s.all = 'all'; break;
      case 'A': s.all = 'almost'; break;
      case 'd': s.directory = true; break;
      case 'F': f.indicator = 'classify'; break;
      case 'p': f.indicator = 'slash'; break;
      case 'h': f.human = true; break;
      case 'i': f.inode = true; break;
      case 'l': f.long = true; break;
      case 'n': f.long = true; f.numeric = true; break;
      case 'g': f.long = true; f.showOwner = false; break;
      case 'o': f.long = true; f.showGroup = false; break;
      case 'r': s.reverse = true; break;
      case 'R': s.recursive = true; break;
      case 's': f.size = true; break;
      case 'S': s.sort = 'size'; break;
      case 't': s.sort = 'time'; break;
      case 'U': s.sort = 'none'; break;
      case 'u': f.time = 'atime'; break;
      case 'c': f.time = 'ctime'; break;
      case '1': f.layout = 'single'; break;
      case 'C': f.layout = 'columns'; break;
      case 'x': f.layout = 'across'; break;
      case 'm': f.layout = 'commas'; break;
      case 'w': {
        const n = Number(o.arg);
        if (!/^\d+$/.test(o.arg ?? '')) {
          ctx.error(ctx._('invalid line width: %s', ctx.q(o.arg ?? '')));
          return 2;
        }
        f.width = n === 0 ? Infinity : n;
        break;
      }
      case 'color': {
        const v = o.arg ?? 'always';
        if (['always', 'yes', 'force'].includes(v)) s.color = 'always';
        else if (['never', 'no', 'none'].includes(v)) s.color = 'never';
        else if (['auto', 'tty', 'if-tty'].includes(v)) s.color = 'auto';
        else {
          ctx.error(ctx._('invalid argument %s for %s', ctx.q(v), ctx.q('--color')));
          const q = (w: string) => ctx.q(w);
          ctx.err(`${ctx._('Valid arguments are:')}\n  - ${q('always')}, ${q('yes')}, ${q('force')}\n  - ${q('never')}, ${q('no')}, ${q('none')}\n  - ${q('auto')}, ${q('tty')}, ${q('if-tty')}\n`);
          ctx.tryHelp();
          return 1;
        }
        break;
      }
      case 'format':
        if (o.arg === 'long' || o.arg === 'verbose') f.long = true;
        else if (o.arg === 'single-column') f.layout = 'single';
        else if (o.arg === 'vertical') f.layout = 'columns';
        else if (o.arg === 'across' || o.arg === 'horizontal') f.layout = 'across';
        else if (o.arg === 'commas') f.layout = 'commas';
        break;
      case 'sort':
        if (o.arg === 'none') s.sort = 'none';
        else if (o.arg === 'size') s.sort = 'size';
        else if (o.arg === 'time') s.sort = 'time';
        break;
      case 'time':
        if (o.arg === 'atime' || o.arg === 'access' || o.arg === 'use') f.time = 'atime';
        else if (o.arg === 'ctime' || o.arg === 'status') f.time = 'ctime';
        break;
      case 'help':
        ctx.out(`Usage: ${ctx.name} [OPTION]... [FILE]...\nList information about the FILEs (the current directory by default).\nSort entries alphabetically if none of -cftuvSUX nor --sort is specified.\n`);
        return 0;
      case 'version':
        ctx.out(coreutilsVersion('ls'));
        return 0;
    }
  }
  // -c/-u sort by that time only together with -t or without -l (as GNU does).
  if ((f.time !== 'mtime') && !f.long && s.sort === 'name') s.sort = 'time';
  // Without LS_COLORS, ls colors only terminals its built-in dircolors table knows ($TERM).
  const lsColors = proc.env.get('LS_COLORS');
  const knownTerm = /^(Eterm|ansi|.*color.*|con\d+x\d+|cons25|console|cygwin|.*direct.*|dtterm|gnome|hurd|jfbterm|konsole|kterm|linux|linux-c|mlterm|putty|rxvt.*|screen.*|st|terminator|tmux.*|vt100|xterm.*)$/.test(proc.env.get('TERM') ?? '');
  f.color = (s.color === 'always' || (s.color === 'auto' && tty !== null)) && ((lsColors !== undefined && lsColors !== '') || knownTerm);
  f.lsColors = lsColors;
  const printer = new Printer(f);
  const compareName = collator(localeOf(proc.env, 'LC_COLLATE'));
  const timeOf = (st: Stat | null) => (st ? (f.time === 'atime' ? st.atimeMs : f.time === 'ctime' ? st.ctimeMs : st.mtimeMs) : 0);
  const sortEntries = (list: Entry[]): Entry[] => {
    if (s.sort === 'none') return list;
    const cmp = (a: Entry, b: Entry): number => {
      if (s.sort === 'time') {
        const d = timeOf(b.st) - timeOf(a.st);
        if (d !== 0) return d;
      } else if (s.sort === 'size') {
        const d = (b.st?.size ?? 0) - (a.st?.size ?? 0);
        if (d !== 0) return d;
      }
      return compareName(a.name, b.name);
    };
    const sorted = [...list].sort(cmp);
    return s.reverse ? sorted.reverse() : sorted;
  };

  let status = 0;
  const fs = ctx.fs;
  const cred = proc.cred;
  const cwd = proc.cwd;
  const linkInfo = (path: string, st: Stat): Pick<Entry, 'target' | 'targetSt'> => {
    if (st.type !== 'symlink') return {};
    const t = fs.readlink(path, cred, cwd);
    const ts = fs.stat(path, cred, cwd);
    return { target: t.ok ? t.value : '', targetSt: ts.ok ? ts.value : null };
  };
  // Command-line symlinks to directories are followed unless -l, -d or -F (GNU's default).
  const derefArgs = !(f.long || s.directory || f.indicator === 'classify');

  const files: Entry[] = [];
  const dirs: { name: string; path: string }[] = [];
  const operands = p.operands.length ? p.operands : ['.'];
  for (const name of operands) {
    const l = fs.lstat(name, cred, cwd);
    if (!l.ok) {
      ctx.error(ctx._('cannot access %s', ctx.qaf(name)), l.errno);
      status = 2;
      continue;
    }
    let st = l.value;
    if (st.type === 'symlink' && derefArgs) {
      const t = fs.stat(name, cred, cwd);
      if (t.ok) st = t.value;
    }
    if (st.type === 'dir' && !s.directory) dirs.push({ name, path: name });
    else files.push({ name, st, ...linkInfo(name, st) });
  }

  let out = '';
  const flush = () => {
    if (out) ctx.out(out);
    out = '';
  };
  let printed = false;
  const statOrNull = (path: string): Stat | null => {
    const r = fs.stat(path, cred, cwd);
    return r.ok ? r.value : null;
  };
  if (files.length > 0) {
    const dirEntries = f.long ? dirs.map((d) => ({ name: d.name, st: statOrNull(d.path) })) : [];
    out += printer.format(sortEntries(files), dirEntries);
    printed = true;
  }
  const sortedDirs = sortEntries(dirs.map((d) => ({ name: d.name, st: statOrNull(d.path) })));
  const showHeaders = operands.length > 1 || s.recursive;
  const queue = sortedDirs.map((d) => ({ name: d.name, path: d.name, top: true }));
  while (queue.length > 0) {
    const d = queue.shift()!;
    const r = fs.readdir(d.path, cred, cwd);
    if (!r.ok) {
      flush();
      ctx.error(ctx._('cannot open directory %s', ctx.qaf(d.name)), r.errno);
      status = d.top ? 2 : Math.max(status, 1);
      continue;
    }
    if (showHeaders) out += (printed ? '\n' : '') + (f.quote ? shellEscape(d.name, ctx.loc) : d.name) + ':\n';
    printed = true;
    const names = r.value.map((e) => e.name).filter((n) => (s.all === 'all' ? true : n.startsWith('.') ? s.all === 'almost' && n !== '.' && n !== '..' : true));
    if (s.all === 'all') {
      for (const dot of ['.', '..']) if (!names.includes(dot)) names.push(dot);
    }
    const entries: Entry[] = [];
    for (const n of names) {
      const path = joinPath(d.path, n);
      const st = fs.lstat(path, cred, cwd);
      if (!st.ok) {
        if (f.long || s.sort !== 'name' || f.inode || f.indicator !== 'none' || f.color || s.recursive) {
          flush();
          ctx.error(ctx._('cannot access %s', ctx.qaf(path)), st.errno);
          status = Math.max(status, 1);
        }
        entries.push({ name: n, st: null });
        continue;
      }
      entries.push({ name: n, st: st.value, ...linkInfo(path, st.value) });
    }
    const sorted = sortEntries(entries);
    if (f.long || f.size) out += printer.total(sorted, ctx._('total'));
    out += printer.format(sorted);
    if (s.recursive) {
      const subs = sorted.filter((e) => e.st?.type === 'dir' && e.name !== '.' && e.name !== '..').map((e) => ({ name: joinPath(d.name, e.name), path: joinPath(d.path, e.name), top: false }));
      queue.unshift(...subs);
    }
    if (out.length > 65536) flush();
  }
  flush();
  return status;
};
