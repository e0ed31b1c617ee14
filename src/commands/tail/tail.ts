// tail(1): the last 10 lines (-n N, -N), from line N on (-n +N), or bytes (-c). -f follows the
// files: Debian's tail uses inotify; here it polls each file every virtual second (proc.sleep),
// prints what was appended, says "file truncated" when a file shrinks, and runs until a signal
// (^C) ends it. `tail -n 10 /var/log/syslog` of seed 002.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { readAll } from '../lib/io.ts';
import { parseCount } from '../lib/count-arg.ts';
import { lastLinesStart } from '../head/head.ts';
import { coreutilsVersion } from '../lib/version.ts';

const POLL_NS = 1_000_000_000;

/** Index of the start of line N (1-based), for `-n +N`. */
function fromLine(data: Uint8Array, n: number): number {
  if (n <= 1) return 0;
  let seen = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 10 && ++seen === n - 1) return i + 1;
  return data.length;
}

export const tail: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'tail');
  const args = [...ctx.args];
  // Obsolete forms: `tail -5`, `tail -5f`, `tail -c5`-like `-5c`.
  const obs = args.length > 0 ? /^-(\d+)([bcl]?)(f?)$/.exec(args[0]) : null;
  if (obs) args.splice(0, 1, ...(obs[2] === 'c' || obs[2] === 'b' ? [`-c${obs[1]}${obs[2] === 'b' ? 'b' : ''}`] : [`-n${obs[1]}`]), ...(obs[3] ? ['-f'] : []));
  const p = ctx.getopt(
    {
      short: 'c:n:fFqvs:z',
      long: [
        long('bytes', 'required', 'c'), long('lines', 'required', 'n'), long('follow', 'optional', 'f'), long('retry', 'none', 'retry'),
        long('quiet', 'none', 'q'), long('silent', 'none', 'q'), long('verbose', 'none', 'v'), long('sleep-interval', 'required', 's'),
        long('pid', 'required', 'pid'), long('zero-terminated', 'none', 'z'), long('help'), long('version'),
      ],
    },
    args,
  );
  if (!p) return 1;
  let mode: 'lines' | 'bytes' = 'lines';
  let count = 10;
  let fromStart = false;
  let follow = false;
  let headers: boolean | null = null;
  let pollNs = POLL_NS;
  for (const o of p.options) {
    switch (o.key) {
      case 'c':
      case 'n': {
        const raw = o.arg!;
        const plus = raw.startsWith('+');
        const v = parseCount(raw.replace(/^[+-]/, ''));
        if (v === null) {
          ctx.error(`${o.key === 'c' ? ctx._('invalid number of bytes') : ctx._('invalid number of lines')}: ${ctx.q(raw)}`);
          return 1;
        }
        mode = o.key === 'c' ? 'bytes' : 'lines';
        count = v;
        fromStart = plus;
        break;
      }
      case 'f':
      case 'F':
        follow = true;
        break;
      case 'q': headers = false; break;
      case 'v': headers = true; break;
      case 's': {
        const v = Number(o.arg);
        if (!Number.isFinite(v) || v < 0) {
          ctx.error(ctx._('invalid number of seconds: %s', ctx.q(o.arg!)));
          return 1;
        }
        pollNs = Math.max(1, Math.round(v * 1e9));
        break;
      }
      case 'help':
        ctx.out(`Usage: ${ctx.name} [OPTION]... [FILE]...\nPrint the last 10 lines of each FILE to standard output.\n`);
        return 0;
      case 'version':
        ctx.out(coreutilsVersion('tail'));
        return 0;
    }
  }
  const files = p.operands.length ? p.operands : ['-'];
  const showHeaders = headers ?? files.length > 1;
  let status = 0;
  let lastShown: string | null = null;
  const header = (name: string) => {
    if (!showHeaders || lastShown === name) return;
    ctx.out(`${lastShown === null ? '' : '\n'}==> ${name === '-' ? ctx._('standard input') : name} <==\n`);
    lastShown = name;
  };
  const slice = (data: Uint8Array): Uint8Array => {
    let start: number;
    if (mode === 'bytes') start = fromStart ? Math.min(data.length, Math.max(0, count - 1)) : Math.max(0, data.length - count);
    else start = fromStart ? fromLine(data, count) : lastLinesStart(data, count);
    return data.subarray(start);
  };
  /** Files being followed: name and how many bytes were shown. */
  const followed: { name: string; size: number }[] = [];
  for (const name of files) {
    if (name === '-') {
      header(name);
      const out = slice(await readAll(proc.stdin));
      if (out.length) ctx.out(out);
      continue;
    }
    const r = ctx.fs.readFile(name, ctx.cred, ctx.cwd);
    if (!r.ok) {
      if (r.errno === 'EISDIR') {
        header(name);
        ctx.error(ctx._('error reading %s', ctx.qaf(name)), 'EISDIR');
        if (follow) ctx.error(ctx._('%s: cannot follow end of this type of file%s', ctx.qf(name), ctx._('; giving up on this name')));
      } else ctx.error(ctx._('cannot open %s for reading', ctx.qaf(name)), r.errno);
      status = 1;
      continue;
    }
    header(name);
    const out = slice(r.value);
    if (out.length) ctx.out(out);
    followed.push({ name, size: r.value.length });
  }
  if (!follow || followed.length === 0) {
    if (follow && files.every((f) => f !== '-')) ctx.error(ctx._('no files remaining'));
    return status;
  }
  for (;;) {
    await proc.sleep(pollNs);
    for (const f of followed) {
      const r = ctx.fs.readFile(f.name, ctx.cred, ctx.cwd);
      if (!r.ok) continue;
      const data = r.value;
      if (data.length < f.size) {
        ctx.error(ctx._('%s: file truncated', ctx.qf(f.name)));
        f.size = 0;
      }
      if (data.length > f.size) {
        header(f.name);
        ctx.out(data.subarray(f.size));
        f.size = data.length;
      }
    }
  }
};
