// grep(1) 3.8: BRE by default, -E, -F; -i -v -w -x -n -c -l -L -o -q -s -h -H -r; context
// -A/-B/-C with `--` separators; colors with --color (Debian's .bashrc asks for auto). Exit 0 when
// a line matched, 1 when none, 2 on error (unless -q found a match). A file with a NUL byte is
// binary: `grep: x: binary file matches` on stderr instead of its lines.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { decode, readAll, readLines } from '../lib/io.ts';
import { joinPath } from '../lib/path.ts';
import { translateRegex, escapeLiteral } from '../lib/posix-regex.ts';

const VERSION = 'grep (GNU grep) 3.8\nCopyright (C) 2022 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n\nWritten by Mike Haertel and others; see\n<https://git.sv.gnu.org/cgit/grep.git/tree/AUTHORS>.\n';

const SGR = { match: '01;31', file: '35', line: '32', sep: '36' };

interface Options {
  invert: boolean;
  count: boolean;
  filesWith: boolean;
  filesWithout: boolean;
  lineNumbers: boolean;
  only: boolean;
  quiet: boolean;
  silent: boolean;
  names: boolean | null;
  recursive: boolean;
  after: number;
  before: number;
  color: boolean;
  maxCount: number;
}

export const grep: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'grep', 'grep');
  const usage = () => {
    ctx.err(ctx._('Usage: %s [OPTION]... PATTERNS [FILE]...\n', 'grep'));
    ctx.err(ctx._("Try '%s --help' for more information.\n", 'grep'));
  };
  const args = [...ctx.args];
  // -NUM is -C NUM.
  for (let k = 0; k < args.length; k++) {
    if (args[k] === '--') break;
    const m = /^-(\d+)$/.exec(args[k]);
    if (m) args[k] = `-C${m[1]}`;
  }
  ctx.badOptionHelp = usage;
  const parsed = ctx.getopt(
      {
        short: 'A:B:C:cEe:Ff:GHhiIlLm:noqrRsvwxyZz',
        long: [
          long('after-context', 'required', 'A'), long('before-context', 'required', 'B'), long('context', 'required', 'C'),
          long('count', 'none', 'c'), long('extended-regexp', 'none', 'E'), long('regexp', 'required', 'e'), long('fixed-strings', 'none', 'F'),
          long('file', 'required', 'f'), long('basic-regexp', 'none', 'G'), long('with-filename', 'none', 'H'), long('no-filename', 'none', 'h'),
          long('ignore-case', 'none', 'i'), long('no-ignore-case', 'none', 'no-ignore-case'), long('files-with-matches', 'none', 'l'),
          long('files-without-match', 'none', 'L'), long('max-count', 'required', 'm'), long('line-number', 'none', 'n'),
          long('only-matching', 'none', 'o'), long('quiet', 'none', 'q'), long('silent', 'none', 'q'), long('recursive', 'none', 'r'),
          long('dereference-recursive', 'none', 'R'), long('no-messages', 'none', 's'), long('invert-match', 'none', 'v'),
          long('word-regexp', 'none', 'w'), long('line-regexp', 'none', 'x'), long('color', 'optional', 'color'), long('colour', 'optional', 'color'),
          long('null', 'none', 'Z'), long('null-data', 'none', 'z'), long('binary-files', 'required', 'binary-files'), long('text', 'none', 'a'),
          long('include', 'required', 'include'), long('exclude', 'required', 'exclude'), long('exclude-dir', 'required', 'exclude-dir'),
          long('help'), long('version'),
      ],
    },
    args,
  );
  if (!parsed) return 2;
  const o: Options = {
    invert: false, count: false, filesWith: false, filesWithout: false, lineNumbers: false, only: false, quiet: false,
    silent: false, names: null, recursive: false, after: 0, before: 0, color: false, maxCount: Infinity,
  };
  let mode: 'G' | 'E' | 'F' = 'G';
  let ignoreCase = false;
  let word = false;
  let line = false;
  const patterns: string[] = [];
  let patternGiven = false;
  for (const opt of parsed.options) {
    switch (opt.key) {
      case 'A': case 'B': case 'C': {
        if (!/^\d+$/.test(opt.arg!)) {
          ctx.error(`${opt.arg}: ${ctx._('invalid context length argument')}`);
          return 2;
        }
        const n = Number(opt.arg);
        if (opt.key !== 'B') o.after = n;
        if (opt.key !== 'A') o.before = n;
        break;
      }
      case 'c': o.count = true; break;
      case 'E': mode = 'E'; break;
      case 'F': mode = 'F'; break;
      case 'G': mode = 'G'; break;
      case 'e': patterns.push(...opt.arg!.split('\n')); patternGiven = true; break;
      case 'f': {
        const r = ctx.fs.readFile(opt.arg!, proc.cred, proc.cwd);
        if (!r.ok) {
          ctx.error(ctx.qf(opt.arg!), r.errno);
          return 2;
        }
        const text = decode(r.value);
        patterns.push(...(text === '' ? [] : text.replace(/\n$/, '').split('\n')));
        patternGiven = true;
        break;
      }
      case 'H': o.names = true; break;
      case 'h': o.names = false; break;
      case 'i': case 'y': ignoreCase = true; break;
      case 'no-ignore-case': ignoreCase = false; break;
      case 'l': o.filesWith = true; break;
      case 'L': o.filesWithout = true; break;
      case 'm': o.maxCount = Number(opt.arg); break;
      case 'n': o.lineNumbers = true; break;
      case 'o': o.only = true; break;
      case 'q': o.quiet = true; break;
      case 'r': case 'R': o.recursive = true; break;
      case 's': o.silent = true; break;
      case 'v': o.invert = true; break;
      case 'w': word = true; break;
      case 'x': line = true; break;
      case 'color': {
        const v = opt.arg ?? 'auto';
        o.color = v === 'always' || v === 'yes' || v === 'force' || ((v === 'auto' || v === 'tty' || v === 'if-tty') && proc.stdout.tty !== null && proc.env.get('TERM') !== 'dumb');
        break;
      }
      case 'help':
        ctx.out(ctx._('Usage: %s [OPTION]... PATTERNS [FILE]...\n', 'grep') + ctx._('Search for PATTERNS in each FILE.\n'));
        return 0;
      case 'version':
        ctx.out(VERSION);
        return 0;
    }
  }
  const operands = [...parsed.operands];
  if (!patternGiven) {
    if (operands.length === 0) {
      usage();
      return 2;
    }
    patterns.push(...operands.shift()!.split('\n'));
  }
  // Build one JS regex for all patterns.
  const sources: string[] = [];
  for (const pat of patterns) {
    if (mode === 'F') sources.push(escapeLiteral(pat));
    else {
      const t = translateRegex(pat, mode === 'E');
      if (!t.ok) {
        ctx.error(ctx._(t.error));
        return 2;
      }
      sources.push(t.source);
    }
  }
  let body = sources.length === 0 ? '(?!)' : sources.map((s) => `(?:${s})`).join('|');
  if (line) body = `^(?:${body})$`;
  else if (word) body = `(?<![\\w])(?:${body})(?![\\w])`;
  const flags = (ignoreCase ? 'i' : '') + 'g';
  let re: RegExp;
  try {
    re = new RegExp(body, flags);
  } catch {
    ctx.error(ctx._('Invalid regular expression'));
    return 2;
  }
  const test = (s: string): boolean => {
    re.lastIndex = 0;
    return re.test(s);
  };

  let files = operands;
  const noOperand = files.length === 0;
  if (noOperand) files = [o.recursive ? '.' : '-'];
  const showNames = o.names ?? (files.length > 1 || o.recursive);
  let matchedAny = false;
  let error = false;
  const color = (code: string, s: string) => (o.color ? `\x1b[${code}m\x1b[K${s}\x1b[m\x1b[K` : s);
  let out = '';
  const flush = () => {
    if (out) ctx.out(out);
    out = '';
  };

  /** Searches one input; returns true if some line was selected. */
  const searchLines = async (display: string, lines: AsyncIterable<{ line: Uint8Array; newline: boolean }> | Iterable<{ line: Uint8Array; newline: boolean }>, binary: boolean): Promise<boolean> => {
    let n = 0;
    let selected = 0;
    let lastPrinted = 0;
    let afterLeft = 0;
    const before: { n: number; text: string }[] = [];
    const prefix = (num: number, sep: string) =>
      (showNames ? color(SGR.file, display) + color(SGR.sep, sep) : '') + (o.lineNumbers ? color(SGR.line, String(num)) + color(SGR.sep, sep) : '');
    const printContext = o.after > 0 || o.before > 0;
    for await (const l of lines) {
      n++;
      const text = decode(l.line);
      const hit = test(text) !== o.invert;
      if (hit && selected < o.maxCount) {
        selected++;
        matchedAny = true;
        if (o.quiet) return true;
        if (o.filesWith || o.filesWithout) break;
        if (o.count || binary) continue;
        if (printContext && lastPrinted > 0 && n - before.length > lastPrinted + 1) out += color(SGR.sep, '--') + '\n';
        else if (printContext && lastPrinted === 0 && selected > 1) out += color(SGR.sep, '--') + '\n';
        for (const b of before) out += prefix(b.n, '-') + b.text + '\n';
        before.length = 0;
        if (o.only) {
          if (!o.invert) {
            re.lastIndex = 0;
            for (const m of text.matchAll(re)) if (m[0] !== '') out += prefix(n, ':') + color(SGR.match, m[0]) + '\n';
          }
        } else {
          const shown = o.color && !o.invert ? text.replace(re, (m) => (m === '' ? m : color(SGR.match, m))) : text;
          out += prefix(n, ':') + shown + '\n';
        }
        lastPrinted = n;
        afterLeft = o.after;
        if (out.length > 65536) flush();
      } else if (printContext && !o.count && !binary) {
        if (afterLeft > 0) {
          out += prefix(n, '-') + text + '\n';
          lastPrinted = n;
          afterLeft--;
        } else if (o.before > 0) {
          before.push({ n, text });
          if (before.length > o.before) before.shift();
        }
        if (selected >= o.maxCount && afterLeft === 0) break;
      } else if (selected >= o.maxCount) break;
    }
    if (o.count) out += (showNames ? color(SGR.file, display) + color(SGR.sep, ':') : '') + selected + '\n';
    if (o.filesWith && selected > 0) out += color(SGR.file, display) + '\n';
    if (o.filesWithout && selected === 0) out += color(SGR.file, display) + '\n';
    if (binary && selected > 0 && !o.count && !o.filesWith && !o.filesWithout) {
      flush();
      ctx.err(`${ctx.name}: ${ctx._('%s: binary file matches', display)}\n`);
    }
    return selected > 0;
  };

  const searchFile = async (name: string, display: string, top: boolean): Promise<void> => {
    if (name === '-') {
      const label = ctx._('(standard input)');
      if (o.count || o.filesWith || o.filesWithout || o.quiet) {
        const data = await readAll(proc.stdin);
        await searchLines(label, splitBytes(data), data.includes(0));
      } else await searchLines(label, readLines(proc.stdin), false);
      return;
    }
    const st = ctx.fs.stat(name, proc.cred, proc.cwd);
    if (st.ok && st.value.type === 'dir') {
      if (!o.recursive) {
        if (!o.silent) {
          flush();
          ctx.error(ctx.qf(display), 'EISDIR');
        }
        error = true;
        return;
      }
      const list = ctx.fs.readdir(name, proc.cred, proc.cwd);
      if (!list.ok) {
        if (!o.silent) {
          flush();
          ctx.error(ctx.qf(display), list.errno);
        }
        error = true;
        return;
      }
      const names = list.value.map((e) => e.name).filter((n) => n !== '.' && n !== '..').sort();
      for (const n of names) {
        const child = joinPath(name, n);
        const childDisplay = noOperand && top ? n : joinPath(display, n);
        const l = ctx.fs.lstat(child, proc.cred, proc.cwd);
        if (l.ok && l.value.type === 'symlink') continue; // -r skips symlinks met in the walk
        await searchFile(child, childDisplay, false);
        if (o.quiet && matchedAny) return;
      }
      return;
    }
    const r = ctx.fs.readFile(name, proc.cred, proc.cwd);
    if (!r.ok) {
      if (!o.silent) {
        flush();
        ctx.error(ctx.qf(display), r.errno);
      }
      error = true;
      return;
    }
    await searchLines(display, splitBytes(r.value), r.value.includes(0));
  };

  for (const f of files) {
    await searchFile(f, f, true);
    if (o.quiet && matchedAny) break;
  }
  flush();
  if (o.quiet && matchedAny) return 0;
  if (error) return 2;
  return matchedAny ? 0 : 1;
};

function splitBytes(data: Uint8Array): { line: Uint8Array; newline: boolean }[] {
  const out: { line: Uint8Array; newline: boolean }[] = [];
  let start = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 10) {
      out.push({ line: data.subarray(start, i), newline: true });
      start = i + 1;
    }
  }
  if (start < data.length) out.push({ line: data.subarray(start), newline: false });
  return out;
}
