// xargs(1) of findutils 4.9: builds command lines from stdin words (blanks and newlines separate,
// quotes and backslashes group) and runs them (default `echo`); -n MAX, -I REPL, -0, -d, -r, -t.
// A command that cannot be found: `xargs: nope: No such file or directory`, exit 127.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { decode, readAll } from '../lib/io.ts';

function words(text: string): string[] | { error: string } {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\n') return { error: quote === "'" ? 'unmatched single quote; by default quotes are special to xargs unless you use the -0 option' : 'unmatched double quote; by default quotes are special to xargs unless you use the -0 option' };
      else cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
      has = true;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (quote) return { error: quote === "'" ? 'unmatched single quote; by default quotes are special to xargs unless you use the -0 option' : 'unmatched double quote; by default quotes are special to xargs unless you use the -0 option' };
  if (has) out.push(cur);
  return out;
}

export const xargs: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'xargs', 'findutils');
  const p = ctx.getopt({
    short: '+0d:I:i::L:l::n:prs:tx',
    long: [
      long('null', 'none', '0'), long('delimiter', 'required', 'd'), long('replace', 'optional', 'i'), long('max-lines', 'optional', 'l'),
      long('max-args', 'required', 'n'), long('interactive', 'none', 'p'), long('no-run-if-empty', 'none', 'r'), long('max-chars', 'required', 's'),
      long('verbose', 'none', 't'), long('exit', 'none', 'x'), long('help'), long('version'),
    ],
  });
  if (!p) return 1;
  let sep: string | null = null;
  let replace: string | null = null;
  let maxArgs = Infinity;
  let noEmpty = false;
  let verbose = false;
  for (const o of p.options) {
    if (o.key === '0') sep = '\0';
    else if (o.key === 'd') sep = o.arg === '\\n' ? '\n' : o.arg === '\\t' ? '\t' : o.arg!;
    else if (o.key === 'I') replace = o.arg!;
    else if (o.key === 'i') replace = o.arg ?? '{}';
    else if (o.key === 'n') maxArgs = Math.max(1, Number(o.arg) || 1);
    else if (o.key === 'L' || o.key === 'l') maxArgs = Math.max(1, Number(o.arg ?? 1) || 1);
    else if (o.key === 'r') noEmpty = true;
    else if (o.key === 't') verbose = true;
    else if (o.key === 'help') {
      ctx.out('Usage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...\nRun COMMAND with arguments INITIAL-ARGS and more arguments read from input.\n');
      return 0;
    } else if (o.key === 'version') {
      ctx.out('xargs (GNU findutils) 4.9.0\n');
      return 0;
    }
  }
  const command = p.operands.length ? p.operands : ['echo'];
  const text = decode(await readAll(proc.stdin));
  let items: string[];
  if (sep !== null) items = text.split(sep).filter((s, i, a) => !(i === a.length - 1 && s === ''));
  else if (replace !== null) items = text.split('\n').map((l) => l.replace(/^\s+/, '')).filter((l) => l !== '');
  else {
    const w = words(text);
    if (!Array.isArray(w)) {
      ctx.error(ctx._(w.error));
      return 1;
    }
    items = w;
  }
  if (items.length === 0 && noEmpty) return 0;
  const batches: string[][] = [];
  if (replace !== null) for (const it of items) batches.push(command.map((a) => a.replaceAll(replace!, it)));
  else if (items.length === 0) batches.push([...command]);
  else for (let i = 0; i < items.length; i += maxArgs === Infinity ? items.length : maxArgs) batches.push([...command, ...items.slice(i, i + (maxArgs === Infinity ? items.length : maxArgs))]);
  let status = 0;
  for (const argv of batches) {
    if (verbose) ctx.err(argv.join(' ') + '\n');
    const child = proc.spawn(argv);
    if ('error' in child) {
      ctx.error(ctx.qf(argv[0]), child.error === 'ENOENT' ? 'ENOENT' : 'EACCES');
      return child.error === 'ENOENT' ? 127 : 126;
    }
    const code = await child.wait();
    if (code === 255) {
      ctx.error(ctx._('%s: exited with status 255; aborting', ctx.qf(argv[0])));
      return 124;
    }
    if (code > 128) {
      ctx.error(ctx._('%s: terminated by signal %d', ctx.qf(argv[0]), code - 128));
      return 125;
    }
    if (code !== 0) status = 123;
  }
  return status;
};
