// wc(1): lines, words, bytes (and -m characters, -L longest line), in that order, each right-
// aligned to a common width: the digits of the total size of the regular files, at least 7 when
// an input is not a regular file (stdin), and 1 when a single count of a single file is printed.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { readAll } from '../lib/io.ts';
import { displayWidth } from '../ls/ls-format.ts';
import { coreutilsVersion } from '../lib/version.ts';

interface Counts {
  lines: number;
  words: number;
  chars: number;
  bytes: number;
  maxLine: number;
}

function isSpace(b: number): boolean {
  return b === 32 || (b >= 9 && b <= 13);
}

export function count(data: Uint8Array): Counts {
  let lines = 0;
  let words = 0;
  let inWord = false;
  for (const b of data) {
    if (b === 10) lines++;
    if (isSpace(b)) inWord = false;
    else if (!inWord) {
      inWord = true;
      words++;
    }
  }
  const text = new TextDecoder().decode(data);
  let chars = 0;
  for (const _c of text) chars++;
  let maxLine = 0;
  for (const l of text.split('\n')) {
    let w = 0;
    for (const ch of l) w = ch === '\t' ? w + 8 - (w % 8) : w + displayWidth(ch);
    maxLine = Math.max(maxLine, w);
  }
  return { lines, words, chars, bytes: data.length, maxLine };
}

export const wc: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'wc');
  const p = ctx.getopt({
    short: 'clLmw',
    long: [
      long('bytes', 'none', 'c'), long('chars', 'none', 'm'), long('lines', 'none', 'l'), long('words', 'none', 'w'),
      long('max-line-length', 'none', 'L'), long('files0-from', 'required'), long('total', 'required'), long('help'), long('version'),
    ],
  });
  if (!p) return 1;
  const sel = new Set<string>();
  for (const o of p.options) {
    if (o.key === 'help') {
      ctx.out(`Usage: ${ctx.name} [OPTION]... [FILE]...\n  or:  ${ctx.name} [OPTION]... --files0-from=F\nPrint newline, word, and byte counts for each FILE, and a total line if\nmore than one FILE is specified.\n`);
      return 0;
    }
    if (o.key === 'version') {
      ctx.out(coreutilsVersion('wc'));
      return 0;
    }
    sel.add(o.key);
  }
  if (sel.size === 0) ['l', 'w', 'c'].forEach((k) => sel.add(k));
  const order: [string, keyof Counts][] = [['l', 'lines'], ['w', 'words'], ['m', 'chars'], ['c', 'bytes'], ['L', 'maxLine']];
  const fields = order.filter(([k]) => sel.has(k)).map(([, f]) => f);
  const names = p.operands.length ? p.operands : ['-'];
  const results: { name: string; c: Counts | null; regular: boolean }[] = [];
  let status = 0;
  for (const name of names) {
    if (name === '-') {
      results.push({ name: p.operands.length ? '-' : '', c: count(await readAll(proc.stdin)), regular: false });
      continue;
    }
    const r = ctx.fs.readFile(name, ctx.cred, ctx.cwd);
    if (!r.ok) {
      ctx.error(ctx.qf(name), r.errno);
      status = 1;
      const st = ctx.fs.stat(name, ctx.cred, ctx.cwd);
      results.push({ name, c: st.ok && st.value.type === 'dir' ? { lines: 0, words: 0, chars: 0, bytes: 0, maxLine: 0 } : null, regular: false });
      continue;
    }
    results.push({ name, c: count(r.value), regular: true });
  }
  // compute_number_width of wc.c.
  let width = 1;
  if (!(names.length === 1 && fields.length === 1) && results[0]?.c) {
    let total = 0;
    let min = 1;
    for (const r of results) {
      if (!r.c) continue;
      if (r.regular) total += r.c.bytes;
      else min = 7;
    }
    width = Math.max(String(total).length, min);
  }
  const line = (c: Counts, name: string) => fields.map((f) => String(c[f]).padStart(width)).join(' ') + (name ? ` ${name}` : '') + '\n';
  let out = '';
  const totals: Counts = { lines: 0, words: 0, chars: 0, bytes: 0, maxLine: 0 };
  for (const r of results) {
    if (!r.c) continue;
    out += line(r.c, r.name);
    totals.lines += r.c.lines;
    totals.words += r.c.words;
    totals.chars += r.c.chars;
    totals.bytes += r.c.bytes;
    totals.maxLine = Math.max(totals.maxLine, r.c.maxLine);
  }
  if (names.length > 1) out += line(totals, ctx._('total'));
  ctx.out(out);
  return status;
};
