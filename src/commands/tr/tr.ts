// tr(1): translate, delete (-d) or squeeze (-s) characters; SET1 may be complemented (-c);
// ranges (a-z), classes ([:upper:]), escapes (\n \t \\ \NNN) and [c*] fillers are understood.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { decode, encode, readAll } from '../lib/io.ts';
import { coreutilsVersion } from '../lib/version.ts';

const CLASS: Record<string, () => string[]> = {
  upper: () => range('A', 'Z'),
  lower: () => range('a', 'z'),
  digit: () => range('0', '9'),
  alpha: () => [...range('A', 'Z'), ...range('a', 'z')],
  alnum: () => [...range('0', '9'), ...range('A', 'Z'), ...range('a', 'z')],
  space: () => [' ', '\t', '\n', '\r', '\f', '\v'],
  blank: () => [' ', '\t'],
  punct: () => [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'],
  xdigit: () => [...range('0', '9'), ...range('A', 'F'), ...range('a', 'f')],
  cntrl: () => [...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)), '\x7f'],
  print: () => range(' ', '~'),
  graph: () => range('!', '~'),
};

function range(a: string, b: string): string[] {
  const out: string[] = [];
  for (let c = a.codePointAt(0)!; c <= b.codePointAt(0)!; c++) out.push(String.fromCodePoint(c));
  return out;
}

/** Expands a SET; returns an error message id on a bad one. */
function expand(set: string, fill: number | null): string[] | { error: string; arg: string } {
  const chars: string[] = [];
  const src = [...set];
  const unesc = (i: number): [string, number] => {
    if (src[i] !== '\\' || i + 1 >= src.length) return [src[i], i + 1];
    const n = src[i + 1];
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };
    if (n in map) return [map[n], i + 2];
    if (/[0-7]/.test(n)) {
      let d = '';
      let j = i + 1;
      while (d.length < 3 && /[0-7]/.test(src[j] ?? '')) d += src[j++];
      return [String.fromCharCode(parseInt(d, 8) & 0xff), j];
    }
    return [n, i + 2];
  };
  let i = 0;
  while (i < src.length) {
    if (src[i] === '[' && src[i + 1] === ':') {
      const end = set.indexOf(':]', i + 2);
      const name = end < 0 ? '' : [...set].slice(i + 2, end).join('');
      if (end >= 0 && CLASS[name]) {
        chars.push(...CLASS[name]());
        i = end + 2;
        continue;
      }
      if (end >= 0) return { error: 'invalid character class %s', arg: name };
    }
    if (src[i] === '[' && src[i + 2] === '*') {
      const end = src.indexOf(']', i + 3);
      if (end > 0) {
        const count = src.slice(i + 3, end).join('');
        const n = count === '' ? (fill ?? 0) : Number(count);
        for (let k = 0; k < n; k++) chars.push(src[i + 1]);
        i = end + 1;
        continue;
      }
    }
    const [c, next] = unesc(i);
    if (src[next] === '-' && next + 1 < src.length) {
      const [d, after] = unesc(next + 1);
      if (d < c) return { error: 'range-endpoints of %s are in reverse collating sequence order', arg: `${c}-${d}` };
      chars.push(...range(c, d));
      i = after;
      continue;
    }
    chars.push(c);
    i = next;
  }
  return chars;
}

export const tr: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'tr');
  const p = ctx.getopt({
    short: 'cCdst',
    long: [long('complement', 'none', 'c'), long('delete', 'none', 'd'), long('squeeze-repeats', 'none', 's'), long('truncate-set1', 'none', 't'), long('help'), long('version')],
  });
  if (!p) return 1;
  let complement = false;
  let del = false;
  let squeeze = false;
  let truncate = false;
  for (const o of p.options) {
    if (o.key === 'c' || o.key === 'C') complement = true;
    else if (o.key === 'd') del = true;
    else if (o.key === 's') squeeze = true;
    else if (o.key === 't') truncate = true;
    else if (o.key === 'help') {
      ctx.out(`Usage: ${ctx.name} [OPTION]... STRING1 [STRING2]\nTranslate, squeeze, and/or delete characters from standard input,\nwriting to standard output.\n`);
      return 0;
    } else if (o.key === 'version') {
      ctx.out(coreutilsVersion('tr'));
      return 0;
    }
  }
  const ops = p.operands;
  const need = del && !squeeze ? 1 : del || squeeze ? (ops.length >= 2 ? 2 : 1) : 2;
  if (ops.length === 0) {
    ctx.error(ctx._('missing operand'));
    ctx.tryHelp();
    return 1;
  }
  if (ops.length < need) {
    ctx.error(ctx._('missing operand after %s', ctx.q(ops[ops.length - 1])));
    ctx.err(ctx._('Two strings must be given when translating.') + '\n');
    ctx.tryHelp();
    return 1;
  }
  if (ops.length > need && !(squeeze && ops.length === 2)) {
    ctx.error(ctx._('extra operand %s', ctx.q(ops[need])));
    if (del && ops.length === 2) ctx.err(ctx._('Only one string may be given when deleting without squeezing repeats.') + '\n');
    ctx.tryHelp();
    return 1;
  }
  const s1 = expand(ops[0], null);
  if (!Array.isArray(s1)) {
    ctx.error(ctx._(s1.error, ctx.q(s1.arg)));
    return 1;
  }
  const s2raw = ops.length > 1 ? expand(ops[1], s1.length) : [];
  if (!Array.isArray(s2raw)) {
    ctx.error(ctx._(s2raw.error, ctx.q(s2raw.arg)));
    return 1;
  }
  const set1 = new Set(s1);
  const in1 = (c: string) => set1.has(c) !== complement;
  const map = new Map<string, string>();
  if (!del && ops.length > 1) {
    let s2 = s2raw;
    if (s2.length === 0) {
      ctx.error(ctx._('when not truncating set1, string2 must be non-empty'));
      return 1;
    }
    if (!truncate) while (s2.length < s1.length) s2 = [...s2, s2[s2.length - 1]];
    if (complement) {
      // Every character not in SET1 maps to the last of SET2.
      const last = s2[s2.length - 1];
      map.set('\u0000complement', last);
    } else s1.forEach((c, k) => k < s2.length && map.set(c, s2[k]));
  }
  const squeezeSet = new Set(del ? s2raw : ops.length > 1 ? s2raw : s1);
  const sq = (c: string) => (ops.length > 1 || del ? squeezeSet.has(c) : in1(c));
  const text = decode(await readAll(proc.stdin));
  let out = '';
  let prev = '';
  for (const c of text) {
    if (del && in1(c)) continue;
    let t = c;
    if (!del && ops.length > 1 && in1(c)) t = complement ? map.get('\u0000complement')! : (map.get(c) ?? c);
    if (squeeze && t === prev && sq(t)) continue;
    out += t;
    prev = t;
  }
  ctx.out(encode(out));
  return 0;
};
