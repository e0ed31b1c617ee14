// sed(1) 4.9: runs a compiled script over the input lines (files, or stdin read as it arrives
// with one line of look-ahead so `$` works), with -n, -e/-f, -E, -s, -i[SUFFIX] editing files in
// place (each file separately, as GNU does), and `sed: can't read x: No such file or directory`.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { decode, encode, readLines, splitLines } from '../lib/io.ts';
import { baseName, dirName, joinPath } from '../lib/path.ts';
import { compileSed, type Address, type Command, type ReplacementPart, type Source } from './sed-script.ts';

const VERSION = 'sed (GNU sed) 4.9\nPackaged by Debian\nCopyright (C) 2022 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n\nWritten by Jay Fenlason, Tom Lord, Ken Pizzini,\nPaolo Bonzini, Jim Meyering, and Assaf Gordon.\n\nThis sed program was built without SELinux support.\n\nGNU sed home page: <https://www.gnu.org/software/sed/>.\nGeneral help using GNU software: <https://www.gnu.org/gethelp/>.\nE-mail bug reports to: <bug-sed@gnu.org>.\n';

const USAGE = `Usage: %s [OPTION]... {script-only-if-no-other-script} [input-file]...

  -n, --quiet, --silent
                 suppress automatic printing of pattern space
      --debug
                 annotate program execution
  -e script, --expression=script
                 add the script to the commands to be executed
  -f script-file, --file=script-file
                 add the contents of script-file to the commands to be executed
  --follow-symlinks
                 follow symlinks when processing in place
  -i[SUFFIX], --in-place[=SUFFIX]
                 edit files in place (makes backup if SUFFIX supplied)
  -l N, --line-length=N
                 specify the desired line-wrap length for the \`l' command
  --posix
                 disable all GNU extensions.
  -E, -r, --regexp-extended
                 use extended regular expressions in the script
                 (for portability use POSIX -E).
  -s, --separate
                 consider files as separate rather than as a single,
                 continuous long stream.
      --sandbox
                 operate in sandbox mode (disable e/r/w commands).
  -u, --unbuffered
                 load minimal amounts of data from the input files and flush
                 the output buffers more often
  -z, --null-data
                 separate lines by NUL characters
      --help     display this help and exit
      --version  output version information and exit

If no -e, --expression, -f, or --file option is given, then the first
non-option argument is taken as the sed script to interpret.  All
remaining arguments are names of input files; if no input files are
specified, then the standard input is read.

GNU sed home page: <https://www.gnu.org/software/sed/>.
General help using GNU software: <https://www.gnu.org/gethelp/>.
`;

interface Line {
  text: string;
  newline: boolean;
}

/** One stream of lines with one line of look-ahead (to know the last line). */
class Input {
  private peeked: Line | null | undefined = undefined;

  constructor(private readonly source: AsyncIterator<Line>) {}

  async next(): Promise<Line | null> {
    if (this.peeked !== undefined) {
      const p = this.peeked;
      this.peeked = undefined;
      return p;
    }
    const r = await this.source.next();
    return r.done ? null : r.value;
  }

  async isLast(): Promise<boolean> {
    if (this.peeked === undefined) {
      const r = await this.source.next();
      this.peeked = r.done ? null : r.value;
    }
    return this.peeked === null;
  }
}

function applyCase(s: string, mode: 'L' | 'U' | null, once: 'l' | 'u' | null): string {
  let out = mode === 'L' ? s.toLowerCase() : mode === 'U' ? s.toUpperCase() : s;
  if (once && out.length > 0) out = (once === 'l' ? out[0].toLowerCase() : out[0].toUpperCase()) + out.slice(1);
  return out;
}

function expand(parts: readonly ReplacementPart[], m: RegExpExecArray): string {
  let out = '';
  let mode: 'L' | 'U' | null = null;
  let once: 'l' | 'u' | null = null;
  for (const p of parts) {
    if (p.kind === 'case') {
      if (p.mode === 'l' || p.mode === 'u') once = p.mode;
      else mode = p.mode === 'E' ? null : p.mode;
      continue;
    }
    const text = p.kind === 'text' ? p.text : (m[p.n] ?? '');
    out += applyCase(text, mode, once);
    if (text !== '') once = null;
  }
  return out;
}

/** The `l` command's unambiguous form, wrapped at `width` - 1 characters with a final `\`. */
function listLine(s: string, width: number): string {
  const esc: Record<string, string> = { '\\': '\\\\', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
  let out = '';
  let col = 0;
  for (const b of encode(s)) {
    const ch = String.fromCharCode(b);
    const piece = esc[ch] ?? (b < 32 || b >= 127 ? '\\' + b.toString(8).padStart(3, '0') : ch);
    if (width > 1 && col + piece.length > width - 1) {
      out += '\\\n';
      col = 0;
    }
    out += piece;
    col += piece.length;
  }
  return out + '$\n';
}

export const sed: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'sed', 'sed');
  const usage = (code: number) => {
    (code === 0 ? ctx.out.bind(ctx) : ctx.err.bind(ctx))(ctx._(USAGE, ctx.name));
  };
  ctx.badOptionHelp = () => usage(1);
  const p = ctx.getopt({
    short: 'ne:f:i::l:ErsuzE',
    long: [
      long('quiet', 'none', 'n'), long('silent', 'none', 'n'), long('expression', 'required', 'e'), long('file', 'required', 'f'),
      long('in-place', 'optional', 'i'), long('line-length', 'required', 'l'), long('regexp-extended', 'none', 'E'), long('separate', 'none', 's'),
      long('unbuffered', 'none', 'u'), long('null-data', 'none', 'z'), long('posix'), long('debug'), long('sandbox'), long('follow-symlinks'),
      long('help'), long('version'),
    ],
  });
  if (!p) return 1;
  let silent = false;
  let extended = false;
  let separate = false;
  let inPlace: string | null = null;
  let lineLength = 70;
  const scripts: Source[] = [];
  for (const o of p.options) {
    switch (o.key) {
      case 'n': silent = true; break;
      case 'e': scripts.push({ text: o.arg!, file: null }); break;
      case 'f': {
        const r = o.arg === '-' ? null : ctx.fs.readFile(o.arg!, proc.cred, proc.cwd);
        if (r && !r.ok) {
          ctx.error(ctx._("couldn't open file %s: %s", o.arg!, ctx.strerror(r.errno)));
          return 1;
        }
        scripts.push({ text: r ? decode(r.value).replace(/\n$/, '') : '', file: o.arg! });
        break;
      }
      case 'i': inPlace = o.arg ?? ''; separate = true; break;
      case 'l': lineLength = Number(o.arg) || 70; break;
      case 'E': case 'r': extended = true; break;
      case 's': separate = true; break;
      case 'help': usage(0); return 0;
      case 'version': ctx.out(VERSION); return 0;
    }
  }
  const operands = [...p.operands];
  if (scripts.length === 0) {
    if (operands.length === 0) {
      usage(1);
      return 1;
    }
    scripts.push({ text: operands.shift()!, file: null });
  }
  const compiled = compileSed(scripts, extended);
  if (!compiled.ok) {
    const e = compiled.error;
    const text = e.arg === undefined ? ctx._(e.msg) : ctx._(e.msg, e.arg);
    if (!e.where) ctx.error(text);
    else if (e.where.file !== null) ctx.err(ctx._('%s: file %s line %lu: %s\n', ctx.name, e.where.file, e.where.line, text));
    else ctx.err(ctx._('%s: -e expression #%lu, char %lu: %s\n', ctx.name, e.where.expr, e.where.pos, text));
    return 1;
  }
  const cmds = compiled.commands;
  if (compiled.silent) silent = true;
  if (inPlace !== null && operands.length === 0) {
    ctx.error(ctx._('no input files'));
    return 1;
  }
  const fs = ctx.fs;
  let status = 0;
  // Output of `w` files, truncated once at start.
  const wfiles = new Map<string, string>();
  for (const c of cmds) if ((c.name === 'w' || c.name === 'W' || (c.name === 's' && c.text)) && !wfiles.has(c.text)) wfiles.set(c.text, '');
  let lastRegex: RegExp | null = null;
  const regex = (re: RegExp | null): RegExp | null => {
    if (re) lastRegex = re;
    return re ?? lastRegex;
  };

  // Input files: all in one stream, or one at a time with -s/-i.
  const groups: string[][] = operands.length === 0 ? [['-']] : separate ? operands.map((o) => [o]) : [operands];
  let lineNo = 0;
  let quitCode: number | null = null;
  const rfileState = new Map<string, Line[]>();

  for (const group of groups) {
    if (quitCode !== null) break;
    let out = '';
    const target = inPlace !== null ? group[0] : null;
    if (target !== null) {
      const st = fs.stat(target, proc.cred, proc.cwd);
      if (st.ok && st.value.type !== 'file') {
        ctx.error(ctx._("couldn't edit %s: not a regular file", target));
        status = 4;
        continue;
      }
    }
    const emit = (s: string) => {
      if (target !== null) out += s;
      else {
        out += s;
        if (out.length > 65536) {
          ctx.out(out);
          out = '';
        }
      }
    };
    async function* lines(): AsyncGenerator<Line> {
      for (const name of group) {
        if (name === '-') {
          for await (const l of readLines(proc.stdin)) yield { text: decode(l.line), newline: l.newline };
          continue;
        }
        const r = fs.readFile(name, proc.cred, proc.cwd);
        if (!r.ok) {
          if (out) {
            ctx.out(out);
            out = '';
          }
          if (r.errno === 'EISDIR') ctx.error(ctx._("couldn't edit %s: not a regular file", name));
          else ctx.err(ctx._("%s: can't read %s: %s\n", ctx.name, name, ctx.strerror(r.errno)));
          status = 2;
          continue;
        }
        for (const l of splitLines(r.value)) yield { text: decode(l.line), newline: l.newline };
      }
    }
    const input = new Input(lines());
    if (!separate) lineNo = 0;
    let hold = '';
    let append: string[] = [];
    const flushAppend = () => {
      for (const a of append) emit(a);
      append = [];
    };
    const matchAddr = async (a: Address, ps: string): Promise<boolean> => {
      switch (a.kind) {
        case 'line': return lineNo === a.n;
        case 'last': return input.isLast();
        case 'regex': {
          const re = regex(a.re);
          if (!re) return false;
          re.lastIndex = 0;
          return new RegExp(re.source, re.flags.replace('g', '')).test(ps);
        }
        case 'step': return a.step <= 0 ? lineNo === a.first : lineNo >= a.first && (lineNo - a.first) % a.step === 0;
        default: return false;
      }
    };
    const selected = async (c: Command, ps: string): Promise<boolean> => {
      if (!c.a1) return true;
      let r: boolean;
      if (!c.a2) r = await matchAddr(c.a1, ps);
      else if (c.active) {
        const a2 = c.a2;
        if (a2.kind === 'line') {
          if (lineNo >= a2.n) c.active = false;
        } else if (a2.kind === 'plus' || a2.kind === 'multiple') {
          if (lineNo >= c.rangeEnd) c.active = false;
        } else if (await matchAddr(a2, ps)) c.active = false;
        r = true;
      } else {
        // `0,/re/`: the range is open before the first line, so the regex may end it on line 1.
        const startZero = c.a1.kind === 'line' && c.a1.n === 0 && lineNo === 1;
        if (startZero || (await matchAddr(c.a1, ps))) {
          r = true;
          const a2 = c.a2;
          if (a2.kind === 'line') c.active = a2.n > lineNo;
          else if (a2.kind === 'plus') {
            c.rangeEnd = lineNo + a2.n;
            c.active = a2.n > 0;
          } else if (a2.kind === 'multiple') {
            c.rangeEnd = a2.n <= 0 ? lineNo : Math.ceil(lineNo / a2.n) * a2.n;
            c.active = c.rangeEnd > lineNo;
          } else if (startZero && (await matchAddr(a2, ps))) c.active = false;
          else c.active = a2.kind !== 'last' || !(await input.isLast());
          if (startZero && !r) r = false;
        } else r = false;
      }
      return r !== c.negate;
    };

    let line = await input.next();
    let ps = '';
    let missingNewline = false;
    cycle: while (line !== null) {
      lineNo++;
      ps = line.text;
      missingNewline = !line.newline;
      let subst = false;
      let deleted = false;
      let restartWithoutRead = false;
      for (;;) {
        let pc = 0;
        restartWithoutRead = false;
        run: while (pc < cmds.length) {
          const c = cmds[pc];
          if (c.name === '}' || c.name === ':') {
            pc++;
            continue;
          }
          if (!(await selected(c, ps))) {
            pc = c.name === '{' ? c.jump : pc + 1;
            continue;
          }
          pc++;
          switch (c.name) {
            case '{': break;
            case '=': emit(`${lineNo}\n`); break;
            case 'a': append.push(c.text + '\n'); break;
            case 'i': emit(c.text + '\n'); break;
            case 'c':
              if (!c.a2 || !c.active) emit(c.text + '\n');
              deleted = true;
              break run;
            case 'd': deleted = true; break run;
            case 'D': {
              const nl = ps.indexOf('\n');
              if (nl < 0) {
                deleted = true;
                break run;
              }
              ps = ps.slice(nl + 1);
              flushAppend();
              restartWithoutRead = true;
              break run;
            }
            case 'p': emit(ps + '\n'); break;
            case 'P': emit(ps.split('\n')[0] + '\n'); break;
            case 'l': emit(listLine(ps, c.int || lineLength)); break;
            case 'h': hold = ps; break;
            case 'H': hold += '\n' + ps; break;
            case 'g': ps = hold; break;
            case 'G': ps += '\n' + hold; break;
            case 'x': [ps, hold] = [hold, ps]; break;
            case 'z': ps = ''; break;
            case 'F': emit((group[0] === '-' ? '-' : group[0]) + '\n'); break;
            case 'n':
            case 'N': {
              if (await input.isLast()) {
                // GNU prints the pattern space and ends (POSIX's N would discard it).
                if (c.name === 'N' && proc.env.has('POSIXLY_CORRECT')) deleted = true;
                break run;
              }
              if (c.name === 'n' && !silent) emit(ps + (missingNewline ? '' : '\n'));
              flushAppend();
              const nx = (await input.next())!;
              lineNo++;
              ps = c.name === 'n' ? nx.text : ps + '\n' + nx.text;
              missingNewline = !nx.newline;
              break;
            }
            case 'b': pc = c.jump < 0 ? cmds.length : c.jump; break;
            case 't':
              if (subst) {
                subst = false;
                pc = c.jump < 0 ? cmds.length : c.jump;
              }
              break;
            case 'T':
              if (!subst) pc = c.jump < 0 ? cmds.length : c.jump;
              else subst = false;
              break;
            case 'q':
              quitCode = c.int;
              break run;
            case 'Q':
              quitCode = c.int;
              deleted = true;
              break run;
            case 'r': {
              const r = fs.readFile(c.text, proc.cred, proc.cwd);
              if (r.ok) append.push(decode(r.value));
              break;
            }
            case 'R': {
              if (!rfileState.has(c.text)) {
                const r = fs.readFile(c.text, proc.cred, proc.cwd);
                rfileState.set(c.text, r.ok ? splitLines(r.value).map((l) => ({ text: decode(l.line), newline: l.newline })) : []);
              }
              const next = rfileState.get(c.text)!.shift();
              if (next) append.push(next.text + '\n');
              break;
            }
            case 'w': writeTo(c.text, ps + '\n'); break;
            case 'W': writeTo(c.text, ps.split('\n')[0] + '\n'); break;
            case 'y': ps = [...ps].map((ch) => c.map!.get(ch) ?? ch).join(''); break;
            case 's': {
              const re0 = regex(c.re);
              if (!re0) {
                ctx.error(ctx._('no previous regular expression'));
                return 1;
              }
              const re = new RegExp(re0.source, re0.flags.includes('g') ? re0.flags : re0.flags + 'g');
              let count = 0;
              let result = '';
              let last = 0;
              let did = false;
              let prevEnd = -1;
              re.lastIndex = 0;
              for (;;) {
                const m = re.exec(ps);
                if (!m) break;
                // An empty match right after the previous match does not count (GNU: s/a*/-/g on
                // "bash" gives "-b-s-h-").
                if (m[0] === '' && m.index === prevEnd) {
                  re.lastIndex++;
                  continue;
                }
                prevEnd = m.index + m[0].length;
                count++;
                if (count >= c.occurrence && (c.global || count === c.occurrence)) {
                  result += ps.slice(last, m.index) + expand(c.replacement, m);
                  last = m.index + m[0].length;
                  did = true;
                  if (!c.global) break;
                }
                if (m[0] === '') re.lastIndex++;
              }
              if (did) {
                ps = result + ps.slice(last);
                subst = true;
                if (c.print) emit(ps + '\n');
                if (c.text) writeTo(c.text, ps + '\n');
              }
              break;
            }
          }
        }
        // D with a newline left: start the script again on the rest, without reading input.
        if (!restartWithoutRead) break;
      }
      if (!deleted && !silent) emit(ps + (missingNewline && (await input.isLast()) ? '' : '\n'));
      flushAppend();
      if (quitCode !== null) break cycle;
      line = await input.next();
    }
    if (target !== null) {
      if (inPlace) {
        const orig = fs.readFile(target, proc.cred, proc.cwd);
        const backup = inPlace.includes('*') ? inPlace.replace(/\*/g, baseName(target)) : baseName(target) + inPlace;
        if (orig.ok) fs.writeFile(joinPath(dirName(target), backup), orig.value, proc.cred, { cwd: proc.cwd });
      }
      const st = fs.stat(target, proc.cred, proc.cwd);
      if (st.ok) {
        const w = fs.writeFile(target, out, proc.cred, { cwd: proc.cwd });
        if (!w.ok) {
          ctx.error(ctx._("couldn't open temporary file %s: %s", joinPath(dirName(target), 'sedAbCdEf'), ctx.strerror(w.errno)));
          status = 4;
        }
      }
    } else if (out) ctx.out(out);
  }
  for (const [name, data] of wfiles) {
    if (name === '/dev/stdout') ctx.out(data);
    else if (name === '/dev/stderr') ctx.err(data);
    else fs.writeFile(name, data, proc.cred, { cwd: proc.cwd });
  }
  return quitCode ?? status;

  function writeTo(name: string, s: string) {
    wfiles.set(name, (wfiles.get(name) ?? '') + s);
  }
};
