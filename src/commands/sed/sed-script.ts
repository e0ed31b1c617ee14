// The sed language as GNU sed 4.9 compiles it: addresses (N, $, /re/I, first~step, addr,+N,
// 0,/re/), `!`, `{...}`, and the commands s y d D p P n N g G h H x b t T : = l q Q a i c r R w W
// z F. Errors carry GNU's text and position: `-e expression #1, char 5: unterminated `s' command`.
import { translateRegex } from '../lib/posix-regex.ts';

export type Address =
  | { kind: 'line'; n: number }
  | { kind: 'last' }
  | { kind: 'regex'; re: RegExp | null }
  | { kind: 'step'; first: number; step: number }
  | { kind: 'plus'; n: number }
  | { kind: 'multiple'; n: number };

export interface Command {
  a1: Address | null;
  a2: Address | null;
  negate: boolean;
  name: string;
  /** Text for a/i/c, label for b/t/T/:, file name for r/R/w/W. */
  text: string;
  /** s: the regex (null = the last regex used), replacement, flags. */
  re: RegExp | null;
  replacement: ReplacementPart[];
  global: boolean;
  print: number;
  occurrence: number;
  /** y: mapping. */
  map: Map<string, string> | null;
  /** q/Q exit code, l line length. */
  int: number;
  /** Index of the matching `}` for `{`, or jump target for b/t/T (-1 = end of script). */
  jump: number;
  /** Range state while the program runs. */
  active: boolean;
  rangeEnd: number;
}

export type ReplacementPart =
  | { kind: 'text'; text: string }
  | { kind: 'group'; n: number }
  | { kind: 'case'; mode: 'L' | 'U' | 'l' | 'u' | 'E' };

/**
 * A compile error: GNU's message id (translated by the caller) with its argument, and where:
 * `-e expression #expr, char pos` or `file F line L`; `where` is null for label errors.
 */
export interface SedError {
  msg: string;
  arg?: string;
  where: { expr: number; file: string | null; line: number; pos: number } | null;
}

export type CompileResult = { ok: true; commands: Command[]; silent: boolean } | { ok: false; error: SedError };

class CompileError {
  constructor(
    readonly message: string,
    readonly pos: number,
    readonly arg?: string,
  ) {}
}

export interface Source {
  text: string;
  /** The -f file it came from, else null (an -e expression or the script operand). */
  file: string | null;
}

function newCommand(name: string): Command {
  return {
    a1: null, a2: null, negate: false, name, text: '', re: null, replacement: [], global: false, print: 0,
    occurrence: 1, map: null, int: 0, jump: -1, active: false, rangeEnd: 0,
  };
}

/** Compiles the scripts of -e/-f (or the first operand) into one program. */
export function compileSed(sources: readonly Source[], extended: boolean): CompileResult {
  const commands: Command[] = [];
  const blocks: number[] = [];
  let silent = false;
  for (const [si, src] of sources.entries()) {
    const s = src.text;
    let i = 0;
    const fail = (msg: string, at = i, arg?: string): never => {
      throw new CompileError(msg, at, arg);
    };
    const skipWs = () => {
      while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
    };
    const regexUntil = (delim: string, what: string): string => {
      let out = '';
      while (i < s.length && s[i] !== delim) {
        if (s[i] === '\\' && i + 1 < s.length) {
          if (s[i + 1] === delim) out += delim === '&' ? '\\&' : delim;
          else if (s[i + 1] === 'n') out += '\\n';
          else out += s[i] + s[i + 1];
          i += 2;
          continue;
        }
        if (s[i] === '\n' && what !== 'y') fail(what === 's' ? "unterminated `s' command" : 'unterminated address regex', i + 1);
        if (s[i] === '[') {
          // A bracket expression may contain the delimiter.
          let j = i + 1;
          if (s[j] === '^') j++;
          if (s[j] === ']') j++;
          while (j < s.length && s[j] !== ']') {
            if (s[j] === '[' && (s[j + 1] === ':' || s[j + 1] === '.' || s[j + 1] === '=')) {
              const end = s.indexOf(s[j + 1] + ']', j + 2);
              j = end < 0 ? s.length : end + 2;
            } else j++;
          }
          if (j < s.length) {
            out += s.slice(i, j + 1);
            i = j + 1;
            continue;
          }
        }
        out += s[i++];
      }
      if (i >= s.length) fail(what === 's' ? "unterminated `s' command" : what === 'y' ? "unterminated `y' command" : 'unterminated address regex', s.length);
      i++; // the closing delimiter
      return out;
    };
    const compileRe = (body: string, flags: string, at: number): RegExp | null => {
      if (body === '') return null;
      const t = translateRegex(body, extended);
      if (!t.ok) fail(t.error, at);
      const src = (t as { source: string }).source;
      try {
        return new RegExp(src, 's' + flags);
      } catch {
        return fail('Invalid regular expression', at);
      }
    };
    const address = (): Address | null => {
      if (i >= s.length) return null;
      const c = s[i];
      if (/\d/.test(c)) {
        let n = '';
        while (/\d/.test(s[i] ?? '')) n += s[i++];
        if (s[i] === '~') {
          i++;
          let st = '';
          while (/\d/.test(s[i] ?? '')) st += s[i++];
          return { kind: 'step', first: Number(n), step: Number(st || '0') };
        }
        return { kind: 'line', n: Number(n) };
      }
      if (c === '$') {
        i++;
        return { kind: 'last' };
      }
      if (c === '/' || c === '\\') {
        let delim = '/';
        if (c === '\\') {
          delim = s[i + 1];
          i++;
        }
        i++;
        const start = i;
        const body = regexUntil(delim, 'addr');
        let flags = '';
        while (s[i] === 'I' || s[i] === 'M') flags += s[i++] === 'I' ? 'i' : 'm';
        return { kind: 'regex', re: compileRe(body, flags, start) };
      }
      return null;
    };
    const readLabel = (): string => {
      skipWs();
      let l = '';
      while (i < s.length && s[i] !== '\n' && s[i] !== ';') l += s[i++];
      return l.replace(/\s+$/, '');
    };
    const readFilename = (): string => {
      skipWs();
      let f = '';
      while (i < s.length && s[i] !== '\n') f += s[i++];
      return f;
    };
    const readText = (): string => {
      // GNU one-liner `a text` or classic `a\` newline `text` (lines continued by a final `\`).
      skipWs();
      if (s[i] === '\\') {
        i++;
        if (s[i] === '\n') i++;
        else skipWs();
      }
      let t = '';
      while (i < s.length) {
        if (s[i] === '\\' && i + 1 < s.length) {
          t += s[i + 1];
          i += 2;
          continue;
        }
        if (s[i] === '\\' && i + 1 >= s.length) {
          i++;
          continue;
        }
        if (s[i] === '\n') break;
        t += s[i++];
      }
      return t;
    };
    const endOfCommand = () => {
      skipWs();
      if (i >= s.length) return;
      if (s[i] === ';' || s[i] === '\n') {
        i++;
        return;
      }
      if (s[i] === '}' || s[i] === '#') return;
      fail('extra characters after command', i + 1);
    };
    try {
      if (si === 0 && s.startsWith('#n') && (s.length === 2 || s[2] === '\n')) silent = true;
      while (i < s.length) {
        while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === ';')) i++;
        if (i >= s.length) break;
        if (s[i] === '#') {
          while (i < s.length && s[i] !== '\n') i++;
          continue;
        }
        const a1 = address();
        let a2: Address | null = null;
        skipWs();
        if (a1 && s[i] === ',') {
          i++;
          skipWs();
          if (s[i] === '+' || s[i] === '~') {
            const kind = s[i++] === '+' ? 'plus' : 'multiple';
            let n = '';
            while (/\d/.test(s[i] ?? '')) n += s[i++];
            if (n === '') fail("unexpected `,'", i);
            a2 = { kind, n: Number(n) };
          } else {
            a2 = address();
            if (!a2) fail("unexpected `,'", i + 1);
          }
        }
        const zeroAddress = a1?.kind === 'line' && a1.n === 0 && (!a2 || a2.kind !== 'regex');
        skipWs();
        let negate = false;
        while (s[i] === '!') {
          negate = true;
          i++;
          skipWs();
        }
        if (i >= s.length) fail('missing command', i);
        const name = s[i++];
        if (zeroAddress) fail('invalid usage of line address 0', i);
        const cmd = newCommand(name);
        cmd.a1 = a1;
        cmd.a2 = a2;
        cmd.negate = negate;
        const oneAddress = () => {
          if (a2) fail('command only uses one address', i);
        };
        switch (name) {
          case '{':
            blocks.push(commands.length);
            commands.push(cmd);
            continue;
          case '}':
            if (a1) fail('} doesn\'t want any addresses', i);
            if (blocks.length === 0) fail("unexpected `}'", i);
            commands[blocks.pop()!].jump = commands.length + 1;
            commands.push(cmd);
            endOfCommand();
            continue;
          case '=': case 'd': case 'D': case 'g': case 'G': case 'h': case 'H': case 'n': case 'N':
          case 'p': case 'P': case 'x': case 'z': case 'F':
            commands.push(cmd);
            endOfCommand();
            continue;
          case 'l': case 'q': case 'Q': case 'L': {
            if (name !== 'l') oneAddress();
            skipWs();
            let n = '';
            while (/\d/.test(s[i] ?? '')) n += s[i++];
            cmd.int = n === '' ? (name === 'l' ? 70 : 0) : Number(n);
            commands.push(cmd);
            endOfCommand();
            continue;
          }
          case 'a': case 'i': case 'c':
            cmd.text = readText();
            commands.push(cmd);
            continue;
          case ':': {
            if (a1) fail(': doesn\'t want any addresses', i);
            const label = readLabel();
            if (label === '') fail('":" lacks a label', i);
            cmd.text = label;
            commands.push(cmd);
            if (s[i] === ';') i++;
            continue;
          }
          case 'b': case 't': case 'T':
            cmd.text = readLabel();
            commands.push(cmd);
            if (s[i] === ';') i++;
            continue;
          case 'r': case 'R': case 'w': case 'W':
            cmd.text = readFilename();
            commands.push(cmd);
            continue;
          case 'y': {
            const delim = s[i++];
            const from = unescapeY(regexUntil(delim, 'y'));
            const to = unescapeY(regexUntil(delim, 'y'));
            if ([...from].length !== [...to].length) fail("strings for `y' command are different lengths", i);
            const f = [...from];
            const t = [...to];
            cmd.map = new Map(f.map((c, k) => [c, t[k]]));
            commands.push(cmd);
            endOfCommand();
            continue;
          }
          case 's': {
            const delim = s[i++];
            if (delim === undefined || delim === '\n' || delim === '\\') fail("unterminated `s' command", i);
            const reStart = i;
            const body = regexUntil(delim, 's');
            const rep = replacementUntil(s, i, delim);
            if (!rep.ok) fail("unterminated `s' command", s.length);
            i = (rep as { next: number }).next;
            cmd.replacement = (rep as { parts: ReplacementPart[] }).parts;
            let flags = '';
            let numberSeen = false;
            for (;;) {
              const f = s[i];
              if (f === 'g') {
                if (cmd.global) fail("multiple `g' options to `s' command", i + 1);
                cmd.global = true;
              } else if (f === 'p') {
                if (cmd.print) fail("multiple `p' options to `s' command", i + 1);
                cmd.print = 1;
              } else if (f === 'i' || f === 'I') flags += 'i';
              else if (f === 'm' || f === 'M') flags += 'm';
              else if (f === 'e') {
                // `e` (run the pattern space as a command) is not available here.
              } else if (f !== undefined && /\d/.test(f)) {
                if (numberSeen) fail("multiple number options to `s' command", i + 1);
                let n = '';
                while (/\d/.test(s[i] ?? '')) n += s[i++];
                if (Number(n) === 0) fail("number option to `s' command may not be zero", i);
                cmd.occurrence = Number(n);
                numberSeen = true;
                continue;
              } else if (f === 'w') {
                i++;
                cmd.text = readFilename();
                break;
              } else break;
              i++;
            }
            cmd.re = compileRe(body, flags, reStart);
            const maxRef = Math.max(0, ...cmd.replacement.map((p) => (p.kind === 'group' ? p.n : 0)));
            const groups = body === '' ? 9 : countGroups(body, extended);
            if (maxRef > groups) fail("invalid reference \\%d on `s' command's RHS", i, String(maxRef));
            commands.push(cmd);
            if (s[i] !== undefined && s[i] !== ';' && s[i] !== '\n' && s[i] !== '}' && s[i] !== '#' && s[i] !== ' ' && s[i] !== '\t') fail("unknown option to `s'", i + 1);
            endOfCommand();
            continue;
          }
          default:
            fail("unknown command: `%c'", i, name);
        }
      }
    } catch (e) {
      if (e instanceof CompileError) {
        const line = src.text.slice(0, e.pos).split('\n').length;
        return { ok: false, error: { msg: e.message, arg: e.arg, where: { expr: si + 1, file: src.file, line, pos: e.pos } } };
      }
      throw e;
    }
  }
  if (blocks.length > 0) {
    const last = sources.length;
    return { ok: false, error: { msg: "unmatched `{'", where: { expr: last, file: sources[last - 1]?.file ?? null, line: 1, pos: 0 } } };
  }
  // Resolve labels.
  for (const c of commands) {
    if (c.name !== 'b' && c.name !== 't' && c.name !== 'T') continue;
    if (c.text === '') {
      c.jump = -1;
      continue;
    }
    const target = commands.findIndex((d) => d.name === ':' && d.text === c.text);
    if (target < 0) return { ok: false, error: { msg: "can't find label for jump to `%s'", arg: c.text, where: null } };
    c.jump = target;
  }
  return { ok: true, commands, silent };
}

function unescapeY(s: string): string {
  return s.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

function countGroups(body: string, extended: boolean): number {
  const t = translateRegex(body, extended);
  return t.ok ? t.groups : 0;
}

function replacementUntil(s: string, start: number, delim: string): { ok: true; parts: ReplacementPart[]; next: number } | { ok: false } {
  const parts: ReplacementPart[] = [];
  let text = '';
  const flush = () => {
    if (text) parts.push({ kind: 'text', text });
    text = '';
  };
  let i = start;
  while (i < s.length && s[i] !== delim) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      const n = s[i + 1];
      i += 2;
      if (n >= '0' && n <= '9') {
        flush();
        parts.push({ kind: 'group', n: Number(n) });
      } else if (n === 'n') text += '\n';
      else if (n === 't') text += '\t';
      else if (n === '&') text += '&';
      else if (n === 'L' || n === 'U' || n === 'l' || n === 'u' || n === 'E') {
        flush();
        parts.push({ kind: 'case', mode: n });
      } else text += n;
      continue;
    }
    if (c === '&') {
      flush();
      parts.push({ kind: 'group', n: 0 });
      i++;
      continue;
    }
    text += c;
    i++;
  }
  if (i >= s.length) return { ok: false };
  flush();
  return { ok: true, parts, next: i + 1 };
}
