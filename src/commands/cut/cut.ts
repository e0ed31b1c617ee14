// cut(1): -f fields (-d delimiter, TAB by default; -s drops lines without one), -c characters,
// -b bytes, lists like 1,3-5,7-; --output-delimiter.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { decode, encode, readLines } from '../lib/io.ts';
import { coreutilsVersion } from '../lib/version.ts';

type Range = [number, number];

function parseList(s: string, fields: boolean): Range[] | string {
  const out: Range[] = [];
  for (const part of s.split(/[, ]/)) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (m[1] === '' && m[3] === '')) {
      if (m && m[2] === '-') return 'invalid range with no endpoint: -';
      return fields ? 'invalid field value %s' : 'invalid byte/character position %s';
    }
    const a = m[1] === '' ? 1 : Number(m[1]);
    const b = m[2] === '' ? a : m[3] === '' ? Infinity : Number(m[3]);
    if (a === 0 || b === 0) return 'fields are numbered from 1';
    if (b < a) return 'invalid decreasing range';
    out.push([a, b]);
  }
  return out;
}

export const cut: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'cut');
  const p = ctx.getopt({
    short: 'b:c:d:f:nsz',
    long: [
      long('bytes', 'required', 'b'), long('characters', 'required', 'c'), long('delimiter', 'required', 'd'), long('fields', 'required', 'f'),
      long('only-delimited', 'none', 's'), long('output-delimiter', 'required', 'output-delimiter'), long('complement'), long('zero-terminated', 'none', 'z'),
      long('help'), long('version'),
    ],
  });
  if (!p) return 1;
  let mode: 'b' | 'c' | 'f' | null = null;
  let list = '';
  let delim = '\t';
  let onlyDelimited = false;
  let outDelim: string | null = null;
  let complement = false;
  for (const o of p.options) {
    if (o.key === 'b' || o.key === 'c' || o.key === 'f') {
      if (mode !== null) {
        ctx.error(ctx._('only one list may be specified'));
        ctx.tryHelp();
        return 1;
      }
      mode = o.key;
      list = o.arg!;
    } else if (o.key === 'd') {
      if ([...o.arg!].length !== 1) {
        ctx.error(ctx._('the delimiter must be a single character'));
        ctx.tryHelp();
        return 1;
      }
      delim = o.arg!;
    } else if (o.key === 's') onlyDelimited = true;
    else if (o.key === 'output-delimiter') outDelim = o.arg!;
    else if (o.key === 'complement') complement = true;
    else if (o.key === 'help') {
      ctx.out(`Usage: ${ctx.name} OPTION... [FILE]...\nPrint selected parts of lines from each FILE to standard output.\n`);
      return 0;
    } else if (o.key === 'version') {
      ctx.out(coreutilsVersion('cut'));
      return 0;
    }
  }
  if (mode === null) {
    ctx.error(ctx._('you must specify a list of bytes, characters, or fields'));
    ctx.tryHelp();
    return 1;
  }
  const ranges = parseList(list, mode === 'f');
  if (typeof ranges === 'string') {
    ctx.error(ctx._(ranges, ctx.q(list)));
    ctx.tryHelp();
    return 1;
  }
  const selected = (i: number) => ranges.some(([a, b]) => i >= a && i <= b) !== complement;
  const cutLine = (line: string): string | null => {
    if (mode === 'f') {
      if (!line.includes(delim)) return onlyDelimited ? null : line;
      const fields = line.split(delim);
      return fields.filter((_, k) => selected(k + 1)).join(outDelim ?? delim);
    }
    const units = mode === 'c' ? [...line] : [...encode(line)].map((b) => String.fromCharCode(b));
    const kept: string[] = [];
    let lastKept = -2;
    units.forEach((u, k) => {
      if (!selected(k + 1)) return;
      if (outDelim !== null && lastKept >= 0 && k !== lastKept + 1) kept.push(outDelim);
      kept.push(u);
      lastKept = k;
    });
    return mode === 'b' ? decode(new Uint8Array(kept.join('').split('').map((c) => c.charCodeAt(0) & 0xff))) : kept.join('');
  };
  let status = 0;
  let out = '';
  for (const name of p.operands.length ? p.operands : ['-']) {
    if (name === '-') {
      for await (const l of readLines(proc.stdin)) {
        const r = cutLine(decode(l.line));
        if (r !== null) ctx.out(r + '\n');
      }
      continue;
    }
    const data = ctx.fs.readFile(name, proc.cred, proc.cwd);
    if (!data.ok) {
      ctx.error(ctx.qf(name), data.errno);
      status = 1;
      continue;
    }
    const text = decode(data.value);
    const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text === '' ? [] : text.split('\n');
    for (const l of lines) {
      const r = cutLine(l);
      if (r !== null) out += r + '\n';
    }
    ctx.out(out);
    out = '';
  }
  return status;
};
