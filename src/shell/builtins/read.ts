// read (bash(1) "read"): one line split on IFS into the names, the last taking the rest;
// backslashes escape unless -r; -p prompts on stderr when reading a terminal; -s hides what is
// typed; -n/-N count characters; -t gives up after a (virtual) timeout with status > 128.
import type { Builtin, ShellApi } from '../interp/api.ts';
import type { FdTable } from '../interp/fds.ts';
import { isInput } from '../interp/fds.ts';
import { abortRead, readRecord } from '../interp/pushback.ts';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Char {
  c: string;
  escaped: boolean;
}

/** Splits `chars` on IFS for `names`: the last name gets the rest, trimmed of IFS white space. */
export function splitRead(chars: Char[], ifs: string, n: number): string[] {
  const white = (ch: Char) => !ch.escaped && ifs.includes(ch.c) && ' \t\n'.includes(ch.c);
  const delim = (ch: Char) => !ch.escaped && ifs.includes(ch.c);
  const out: string[] = [];
  let i = 0;
  while (i < chars.length && white(chars[i])) i++;
  for (let k = 0; k < n - 1; k++) {
    let field = '';
    while (i < chars.length && !delim(chars[i])) field += chars[i++].c;
    out.push(field);
    // One delimiter (a non-white one with the white space around it).
    while (i < chars.length && white(chars[i])) i++;
    if (i < chars.length && delim(chars[i]) && !white(chars[i])) {
      i++;
      while (i < chars.length && white(chars[i])) i++;
    }
  }
  let end = chars.length;
  while (end > i && white(chars[end - 1])) end--;
  // A trailing non-white delimiter alone is dropped too (bash: IFS=: read a b <<< "x:y:" gives b=y).
  let rest = chars.slice(i, end);
  if (n > 1 || out.length === 0) {
    if (rest.length && delim(rest[rest.length - 1]) && !white(rest[rest.length - 1]) && rest.filter(delim).length === 1) rest = rest.slice(0, -1);
  }
  out.push(rest.map((ch) => ch.c).join(''));
  return out;
}

function invalid(sh: ShellApi, io: FdTable, opt: string): number {
  sh.builtinError(io, 'read', sh.msg.t('%s: invalid option', opt));
  sh.usage(io, 'read', 'read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]');
  return 2;
}

export const readBuiltin: Builtin = async (sh, argv, io) => {
  const args = argv.slice(1);
  let raw = false;
  let silent = false;
  let prompt: string | null = null;
  let delim: number | null = 10;
  let count: number | null = null;
  let exact = false;
  let timeout: number | null = null;
  let fd = 0;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (!/^-./.test(a)) break;
    for (let k = 1; k < a.length; k++) {
      const c = a[k];
      const takesArg = 'adinNptu'.includes(c);
      let value = '';
      if (takesArg) {
        value = a.slice(k + 1);
        if (value === '') {
          if (i + 1 >= args.length) {
            sh.builtinError(io, 'read', sh.msg.t('%s: option requires an argument', `-${c}`));
            return 2;
          }
          value = args[++i];
        }
        k = a.length;
      }
      switch (c) {
        case 'r':
          raw = true;
          break;
        case 's':
          silent = true;
          break;
        case 'e':
          break;
        case 'p':
          prompt = value;
          break;
        case 'd':
          delim = value === '' ? 0 : value.charCodeAt(0);
          break;
        case 'n':
        case 'N':
          if (!/^\d+$/.test(value)) {
            sh.builtinError(io, 'read', sh.msg.t('%s: invalid number', value));
            return 1;
          }
          count = Number(value);
          exact = c === 'N';
          if (exact) delim = null;
          break;
        case 't':
          if (!/^\d+(\.\d+)?$/.test(value)) {
            sh.builtinError(io, 'read', sh.msg.t('%s: invalid timeout specification', value));
            return 1;
          }
          timeout = Number(value);
          break;
        case 'u':
          fd = Number(value);
          break;
        case 'a':
        case 'i':
          break;
        default:
          return invalid(sh, io, `-${c}`);
      }
    }
  }
  const names = args.slice(i);
  for (const n of names) {
    if (!NAME.test(n)) {
      sh.builtinError(io, 'read', sh.msg.t("`%s': not a valid identifier", n));
      return 1;
    }
  }
  const stream = io.get(fd);
  if (!isInput(stream)) {
    sh.builtinError(io, 'read', sh.msg.t('%s: invalid file descriptor specification', String(fd)));
    return 1;
  }
  const tty = stream.tty;
  if (prompt !== null && tty) io.stderr.write(prompt);
  const saved = tty ? { echo: tty.echo, canonical: tty.canonical } : null;
  if (tty && silent) tty.echo = false;
  if (tty && count !== null) tty.canonical = false;
  let result: { text: string; eof: boolean; timedOut: boolean };
  try {
    const work = (async () => {
      const chars: Char[] = [];
      let eof = false;
      for (;;) {
        const r = await readRecord(stream, delim, count === null ? null : count - chars.length);
        const text = new TextDecoder().decode(r.bytes);
        eof = r.eof;
        let continued = false;
        for (let k = 0; k < text.length; k++) {
          const c = text[k];
          if (!raw && c === '\\') {
            if (k + 1 < text.length) {
              chars.push({ c: text[++k], escaped: true });
              continue;
            }
            // A backslash at the end of the line joins the next one.
            if (!eof && delim === 10) continued = true;
            continue;
          }
          chars.push({ c, escaped: false });
        }
        if (!continued || eof) break;
        if (count !== null && chars.length >= count) break;
      }
      return { chars, eof };
    })();
    const timer = timeout === null ? null : sh.proc.sleep(timeout * 1e9).then(() => 'timeout' as const);
    const raced = await sh.interruptible(timer ? Promise.race([work, timer]) : work);
    if (raced === 'interrupted') {
      abortRead(stream);
      return 130;
    }
    if (raced === 'timeout') result = { text: '', eof: true, timedOut: true };
    else {
      const { chars, eof } = raced;
      if (names.length === 0) {
        sh.assign(io, 'REPLY', chars.map((ch) => ch.c).join(''));
      } else {
        const ifs = sh.vars.get('IFS') ?? ' \t\n';
        const fields = splitRead(chars, ifs, names.length);
        names.forEach((n, k) => sh.assign(io, n, fields[k] ?? ''));
      }
      result = { text: '', eof: eof && (chars.length === 0 || delim !== null), timedOut: false };
    }
  } finally {
    if (tty && saved) {
      tty.echo = saved.echo;
      tty.canonical = saved.canonical;
      if (silent && saved.echo) io.stderr.write('');
    }
  }
  if (result.timedOut) return 142;
  return result.eof ? 1 : 0;
};
