// head(1): the first 10 lines (-n N), bytes (-c N), or all but the last N (-n -N / -c -N);
// `==> name <==` headers when there are several files (-q/-v change that).
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { readAll } from '../lib/io.ts';
import { parseCount } from '../lib/count-arg.ts';
import { coreutilsVersion } from '../lib/version.ts';

/** Index just after the Nth newline (or the end). */
function afterLines(data: Uint8Array, n: number): number {
  if (n <= 0) return 0;
  let seen = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 10 && ++seen === n) return i + 1;
  return data.length;
}

/** Start of the last N lines (a missing final newline still ends a line). */
export function lastLinesStart(data: Uint8Array, n: number): number {
  if (n <= 0) return data.length;
  let i = data.length;
  if (i > 0 && data[i - 1] === 10) i--;
  let count = 0;
  while (i > 0) {
    if (data[i - 1] === 10 && ++count === n) return i;
    i--;
  }
  return 0;
}

export const head: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'head');
  const args = [...ctx.args];
  // Obsolete `head -5` / `head -5c`.
  const obs = args.length > 0 ? /^-(\d+)([bkmcl]?)([qv]*)$/.exec(args[0]) : null;
  if (obs) args.splice(0, 1, obs[2] === 'c' || obs[2] === 'b' || obs[2] === 'k' || obs[2] === 'm' ? `-c${obs[1]}${obs[2] === 'c' ? '' : obs[2]}` : `-n${obs[1]}`, ...(obs[3] ? [`-${obs[3]}`] : []));
  const p = ctx.getopt(
    {
      short: 'c:n:qvz',
      long: [
        long('bytes', 'required', 'c'), long('lines', 'required', 'n'), long('quiet', 'none', 'q'), long('silent', 'none', 'q'),
        long('verbose', 'none', 'v'), long('zero-terminated', 'none', 'z'), long('help'), long('version'),
      ],
    },
    args,
  );
  if (!p) return 1;
  let mode: 'lines' | 'bytes' = 'lines';
  let count = 10;
  let allBut = false;
  let headers: boolean | null = null;
  for (const o of p.options) {
    if (o.key === 'c' || o.key === 'n') {
      const raw = o.arg!;
      const neg = raw.startsWith('-');
      const v = parseCount(neg ? raw.slice(1) : raw.replace(/^\+/, ''));
      if (v === null) {
        ctx.error(`${o.key === 'c' ? ctx._('invalid number of bytes') : ctx._('invalid number of lines')}: ${ctx.q(neg ? raw.slice(1) : raw)}`);
        return 1;
      }
      mode = o.key === 'c' ? 'bytes' : 'lines';
      count = v;
      allBut = neg;
    } else if (o.key === 'q') headers = false;
    else if (o.key === 'v') headers = true;
    else if (o.key === 'help') {
      ctx.out(`Usage: ${ctx.name} [OPTION]... [FILE]...\nPrint the first 10 lines of each FILE to standard output.\n`);
      return 0;
    } else if (o.key === 'version') {
      ctx.out(coreutilsVersion('head'));
      return 0;
    }
  }
  const files = p.operands.length ? p.operands : ['-'];
  const showHeaders = headers ?? files.length > 1;
  let status = 0;
  let first = true;
  for (const name of files) {
    let data: Uint8Array;
    if (name === '-') data = await readAll(proc.stdin);
    else {
      const st = ctx.fs.stat(name, ctx.cred, ctx.cwd);
      const r = ctx.fs.readFile(name, ctx.cred, ctx.cwd);
      if (!r.ok) {
        if (st.ok && r.errno === 'EISDIR') {
          if (showHeaders) ctx.out(`${first ? '' : '\n'}==> ${name} <==\n`);
          first = false;
          ctx.error(ctx._('error reading %s', ctx.qaf(name)), 'EISDIR');
        } else ctx.error(ctx._('cannot open %s for reading', ctx.qaf(name)), r.errno);
        status = 1;
        continue;
      }
      data = r.value;
    }
    if (showHeaders) ctx.out(`${first ? '' : '\n'}==> ${name === '-' ? ctx._('standard input') : name} <==\n`);
    first = false;
    let end: number;
    if (mode === 'bytes') end = allBut ? Math.max(0, data.length - count) : Math.min(count, data.length);
    else end = allBut ? lastLinesStart(data, count) : afterLines(data, count);
    if (end > 0) ctx.out(data.subarray(0, end));
  }
  return status;
};
