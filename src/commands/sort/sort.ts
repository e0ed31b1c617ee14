// sort(1): lines in the locale's collation order (byte order in C and C.UTF-8, French rules
// in fr_FR), -n numeric, -r reverse, -u unique, -f fold case, -k KEY with -t SEP, -o FILE.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { decode, encode, readAll } from '../lib/io.ts';
import { collator } from '../lib/collate.ts';
import { localeOf } from '../lib/locale.ts';
import { coreutilsVersion } from '../lib/version.ts';

interface Key {
  start: number;
  startChar: number;
  end: number;
  endChar: number;
  numeric: boolean;
  reverse: boolean;
  fold: boolean;
}

export const sort: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'sort');
  const p = ctx.getopt({
    short: 'bcdfghik:MmnRo:rsS:t:T:uVz',
    long: [
      long('ignore-leading-blanks', 'none', 'b'), long('check', 'optional', 'c'), long('dictionary-order', 'none', 'd'), long('ignore-case', 'none', 'f'),
      long('general-numeric-sort', 'none', 'g'), long('human-numeric-sort', 'none', 'h'), long('key', 'required', 'k'), long('numeric-sort', 'none', 'n'),
      long('output', 'required', 'o'), long('reverse', 'none', 'r'), long('stable', 'none', 's'), long('field-separator', 'required', 't'),
      long('unique', 'none', 'u'), long('version-sort', 'none', 'V'), long('zero-terminated', 'none', 'z'), long('buffer-size', 'required', 'S'),
      long('help'), long('version'),
    ],
  });
  if (!p) return 2;
  let numeric = false;
  let reverse = false;
  let unique = false;
  let fold = false;
  let sep: string | null = null;
  let output: string | null = null;
  let check = false;
  const keys: Key[] = [];
  for (const o of p.options) {
    switch (o.key) {
      case 'n': case 'g': case 'h': numeric = true; break;
      case 'r': reverse = true; break;
      case 'u': unique = true; break;
      case 'f': fold = true; break;
      case 'c': check = true; break;
      case 't':
        if ([...o.arg!].length !== 1) {
          ctx.error(ctx._('multi-character tab %s', ctx.q(o.arg!)));
          return 2;
        }
        sep = o.arg!;
        break;
      case 'o': output = o.arg!; break;
      case 'k': {
        const m = /^(\d+)(?:\.(\d+))?([bdfgiMhnRrV]*)(?:,(\d+)(?:\.(\d+))?([bdfgiMhnRrV]*))?$/.exec(o.arg!);
        if (!m || Number(m[1]) === 0) {
          ctx.error(ctx._('invalid number at field start: invalid count at start of %s', ctx.q(o.arg!)));
          return 2;
        }
        const flags = (m[3] ?? '') + (m[6] ?? '');
        keys.push({
          start: Number(m[1]), startChar: Number(m[2] ?? 1), end: m[4] ? Number(m[4]) : Infinity, endChar: Number(m[5] ?? 0),
          numeric: /[ngh]/.test(flags), reverse: flags.includes('r'), fold: flags.includes('f'),
        });
        break;
      }
      case 'help':
        ctx.out(`Usage: ${ctx.name} [OPTION]... [FILE]...\n  or:  ${ctx.name} [OPTION]... --files0-from=F\nWrite sorted concatenation of all FILE(s) to standard output.\n`);
        return 0;
      case 'version':
        ctx.out(coreutilsVersion('sort'));
        return 0;
    }
  }
  let text = '';
  for (const name of p.operands.length ? p.operands : ['-']) {
    if (name === '-') {
      text += decode(await readAll(proc.stdin));
      continue;
    }
    const r = ctx.fs.readFile(name, proc.cred, proc.cwd);
    if (!r.ok) {
      ctx.error(`${ctx._('cannot read')}: ${ctx.qf(name)}`, r.errno);
      return 2;
    }
    const t = decode(r.value);
    text += t.endsWith('\n') || t === '' ? t : t + '\n';
  }
  const lines = text === '' ? [] : (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  const coll = collator(localeOf(proc.env, 'LC_COLLATE'));
  const field = (line: string, k: Key): string => {
    const fields: string[] = [];
    if (sep !== null) fields.push(...line.split(sep));
    else {
      // Without -t, a field is a run of blanks followed by non-blanks (blanks belong to the field).
      const re = /\s*\S+/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(line))) fields.push(m[0]);
    }
    const joiner = sep ?? '';
    const sel = fields.slice(k.start - 1, k.end === Infinity ? undefined : k.end);
    let s = sel.join(joiner);
    s = s.slice(k.startChar - 1);
    return s;
  };
  const num = (s: string) => {
    const m = /^\s*(-?\d*\.?\d+)/.exec(s);
    return m ? Number(m[1]) : 0;
  };
  const cmpText = (a: string, b: string, n: boolean, f: boolean): number => {
    if (n) return num(a) - num(b);
    return f ? coll(a.toUpperCase(), b.toUpperCase()) : coll(a, b);
  };
  const compare = (a: string, b: string): number => {
    for (const k of keys) {
      const c = cmpText(field(a, k), field(b, k), k.numeric || numeric, k.fold || fold);
      if (c !== 0) return k.reverse !== reverse ? -c : c;
    }
    if (keys.length === 0) {
      const c = cmpText(a, b, numeric, fold);
      if (c !== 0) return reverse ? -c : c;
    }
    if (unique) return 0;
    // Last resort: the whole line by bytes (GNU's default tie-break).
    const c = a < b ? -1 : a > b ? 1 : 0;
    return reverse ? -c : c;
  };
  if (check) {
    for (let i = 1; i < lines.length; i++) {
      if (compare(lines[i - 1], lines[i]) > 0) {
        ctx.err(`${ctx.name}: ${p.operands[0] ?? '-'}:${i + 1}: ${ctx._('disorder: ')}${lines[i]}\n`);
        return 1;
      }
    }
    return 0;
  }
  let sorted = [...lines].sort(compare);
  if (unique) sorted = sorted.filter((l, i) => i === 0 || compare(sorted[i - 1], l) !== 0);
  const out = sorted.map((l) => l + '\n').join('');
  if (output !== null) {
    const w = ctx.fs.writeFile(output, out, proc.cred, { cwd: proc.cwd });
    if (!w.ok) {
      ctx.error(`${ctx._('open failed')}: ${ctx.qf(output)}`, w.errno);
      return 2;
    }
    return 0;
  }
  ctx.out(encode(out));
  return 0;
};
