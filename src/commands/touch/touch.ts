// touch(1): creates missing files (unless -c) and sets their times to now, or to -d DATE,
// -t [[CC]YY]MMDDhhmm[.ss], -r FILE; -a/-m change only one of them.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { parseDate } from '../lib/parse-date.ts';
import { coreutilsVersion } from '../lib/version.ts';

function parseStamp(s: string, nowMs: number): number | null {
  const m = /^(\d{2}|\d{4})?(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{2}))?$/.exec(s);
  const m8 = /^(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{2}))?$/.exec(s);
  let y = new Date(nowMs).getUTCFullYear();
  let parts: string[];
  if (m8 && !m?.[1]) parts = ['', m8[1], m8[2], m8[3], m8[4], m8[5] ?? '0'];
  else if (m) {
    if (m[1]) y = m[1].length === 4 ? Number(m[1]) : Number(m[1]) < 69 ? 2000 + Number(m[1]) : 1900 + Number(m[1]);
    parts = ['', m[2], m[3], m[4], m[5], m[6] ?? '0'];
  } else return null;
  const [mo, d, h, mi, sec] = parts.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return null;
  return Date.UTC(y, mo - 1, d, h, mi, sec);
}

export const touch: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'touch');
  const p = ctx.getopt({
    short: 'acd:fhmr:t:',
    long: [
      long('no-create', 'none', 'c'), long('date', 'required', 'd'), long('no-dereference', 'none', 'h'),
      long('reference', 'required', 'r'), long('time', 'required', 'time'), long('help'), long('version'),
    ],
  });
  if (!p) return 1;
  const now = proc.host.wallTimeMs();
  let atime = true;
  let mtime = true;
  let noCreate = false;
  let when: { a: number; m: number } | null = null;
  let onlyA = false;
  let onlyM = false;
  for (const o of p.options) {
    switch (o.key) {
      case 'a': onlyA = true; break;
      case 'm': onlyM = true; break;
      case 'c': noCreate = true; break;
      case 'time':
        if (['atime', 'access', 'use'].includes(o.arg!)) onlyA = true;
        else onlyM = true;
        break;
      case 'd': {
        const t = parseDate(o.arg!, now);
        if (t === null) {
          ctx.error(ctx._('invalid date format %s', ctx.q(o.arg!)));
          return 1;
        }
        when = { a: t, m: t };
        break;
      }
      case 't': {
        const t = parseStamp(o.arg!, now);
        if (t === null) {
          ctx.error(ctx._('invalid date format %s', ctx.q(o.arg!)));
          return 1;
        }
        when = { a: t, m: t };
        break;
      }
      case 'r': {
        const st = ctx.fs.stat(o.arg!, proc.cred, proc.cwd);
        if (!st.ok) {
          ctx.error(ctx._('failed to get attributes of %s', ctx.qaf(o.arg!)), st.errno);
          return 1;
        }
        when = { a: st.value.atimeMs, m: st.value.mtimeMs };
        break;
      }
      case 'help':
        ctx.out(`Usage: ${ctx.name} [OPTION]... FILE...\nUpdate the access and modification times of each FILE to the current time.\n`);
        return 0;
      case 'version':
        ctx.out(coreutilsVersion('touch'));
        return 0;
    }
  }
  if (onlyA && !onlyM) mtime = false;
  if (onlyM && !onlyA) atime = false;
  if (p.operands.length === 0) {
    ctx.error(ctx._('missing file operand'));
    ctx.tryHelp();
    return 1;
  }
  let status = 0;
  for (const name of p.operands) {
    const fs = ctx.fs;
    let st = fs.stat(name, proc.cred, proc.cwd);
    if (!st.ok && st.errno === 'ENOENT') {
      if (noCreate) continue;
      const w = fs.writeFile(name, new Uint8Array(0), proc.cred, { append: true, cwd: proc.cwd, mode: 0o644 });
      if (!w.ok) {
        ctx.error(ctx._('cannot touch %s', ctx.qaf(name)), w.errno);
        status = 1;
        continue;
      }
      if (!when) continue;
      st = fs.stat(name, proc.cred, proc.cwd);
    }
    if (!st.ok) {
      ctx.error(ctx._('cannot touch %s', ctx.qaf(name)), st.errno);
      status = 1;
      continue;
    }
    const a = atime ? (when?.a ?? now) : st.value.atimeMs;
    const m = mtime ? (when?.m ?? now) : st.value.mtimeMs;
    const r = fs.utimes(name, a, m, proc.cred, proc.cwd);
    if (!r.ok) {
      ctx.error(ctx._(when ? 'setting times of %s' : 'cannot touch %s', ctx.qaf(name)), r.errno);
      status = 1;
    }
  }
  return status;
};
