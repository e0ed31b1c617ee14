// date(1): `Sun Nov 22 03:33:59 UTC 2026` under C, `dim. 22 nov. 2026 03:33:59 UTC` under
// fr_FR.UTF-8 (the locale's date_fmt), +FORMAT with strftime's codes, -u, -d STRING, -r FILE,
// -R, -I[TIMESPEC], --rfc-3339. The hosts' clock is virtual and in UTC; setting it is refused.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { localeOf } from '../lib/locale.ts';
import { parseDate } from '../lib/parse-date.ts';
import { strftime, timeNames } from '../lib/strftime.ts';
import { C_LOCALE } from '../lib/locale.ts';
import { coreutilsVersion } from '../lib/version.ts';

// In the order date(1) lists them.
const ISO: Record<string, string> = {
  hours: '%Y-%m-%dT%H%:z',
  minutes: '%Y-%m-%dT%H:%M%:z',
  date: '%Y-%m-%d',
  seconds: '%Y-%m-%dT%H:%M:%S%:z',
  ns: '%Y-%m-%dT%H:%M:%S,%N%:z',
};
const RFC3339: Record<string, string> = { date: '%Y-%m-%d', seconds: '%Y-%m-%d %H:%M:%S%:z', ns: '%Y-%m-%d %H:%M:%S.%N%:z' };

export const date: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'date');
  const p = ctx.getopt({
    short: 'd:f:I::r:Rs:u',
    long: [
      long('date', 'required', 'd'), long('file', 'required', 'f'), long('iso-8601', 'optional', 'I'), long('reference', 'required', 'r'),
      long('rfc-email', 'none', 'R'), long('rfc-2822', 'none', 'R'), long('rfc-3339', 'required', 'rfc-3339'), long('set', 'required', 's'),
      long('utc', 'none', 'u'), long('universal', 'none', 'u'), long('debug'), long('help'), long('version'),
    ],
  });
  if (!p) return 1;
  const now = proc.host.wallTimeMs();
  let when = now;
  let format: string | null = null;
  let set: string | null = null;
  let cLocale = false;
  for (const o of p.options) {
    switch (o.key) {
      case 'd': {
        const t = parseDate(o.arg!, now);
        if (t === null) {
          ctx.error(ctx._('invalid date %s', ctx.q(o.arg!)));
          return 1;
        }
        when = t;
        break;
      }
      case 'r': {
        const st = ctx.fs.stat(o.arg!, proc.cred, proc.cwd);
        if (!st.ok) {
          ctx.error(ctx.qf(o.arg!), st.errno);
          return 1;
        }
        when = st.value.mtimeMs;
        break;
      }
      case 'I': {
        const spec = o.arg ?? 'date';
        const key = Object.keys(ISO).find((k) => k.startsWith(spec) && spec !== '');
        if (!key) {
          ctx.error(ctx._('invalid argument %s for %s', ctx.q(spec), ctx.q('--iso-8601')));
          ctx.err(`${ctx._('Valid arguments are:')}\n${Object.keys(ISO).map((k) => `  - ${ctx.q(k)}\n`).join('')}`);
          ctx.tryHelp();
          return 1;
        }
        format = ISO[key];
        break;
      }
      case 'rfc-3339': {
        const f = RFC3339[o.arg!];
        if (!f) {
          ctx.error(ctx._('invalid argument %s for %s', ctx.q(o.arg!), ctx.q('--rfc-3339')));
          ctx.err(`${ctx._('Valid arguments are:')}\n${Object.keys(RFC3339).map((k) => `  - ${ctx.q(k)}\n`).join('')}`);
          ctx.tryHelp();
          return 1;
        }
        format = f;
        break;
      }
      case 'R':
        format = '%a, %d %b %Y %H:%M:%S %z';
        cLocale = true;
        break;
      case 's': set = o.arg!; break;
      case 'u': break; // the hosts already run in UTC
      case 'help':
        ctx.out(`Usage: ${ctx.name} [OPTION]... [+FORMAT]\n  or:  ${ctx.name} [-u|--utc|--universal] [MMDDhhmm[[CC]YY][.ss]]\nDisplay date and time in the given FORMAT.\nWith -s, or with [MMDDhhmm[[CC]YY][.ss]], set the date and time.\n`);
        return 0;
      case 'version':
        ctx.out(coreutilsVersion('date'));
        return 0;
    }
  }
  const ops = p.operands;
  for (const [k, op] of ops.entries()) {
    if (op.startsWith('+')) {
      if (format !== null) {
        ctx.error(ctx._('multiple output formats specified'));
        return 1;
      }
      format = op.slice(1);
      if (k + 1 < ops.length) {
        ctx.error(ctx._('extra operand %s', ctx.q(ops[k + 1])));
        ctx.tryHelp();
        return 1;
      }
    } else if (k === 0 && ops.length === 1 && /^\d{8}(\d{2}|\d{4})?(\.\d{2})?$/.test(op)) {
      set = op;
    } else {
      ctx.error(ctx._(k === 0 ? 'invalid date %s' : 'extra operand %s', ctx.q(op)));
      if (k > 0) ctx.tryHelp();
      return 1;
    }
  }
  if (set !== null) {
    const t = parseDate(set, now);
    if (t === null) {
      ctx.error(ctx._('invalid date %s', ctx.q(set)));
      return 1;
    }
    // The simulation's clock belongs to the whole lab: no process may move it.
    ctx.error(ctx._('cannot set date'), 'EPERM');
    when = t;
  }
  const loc = cLocale ? C_LOCALE : localeOf(proc.env, 'LC_TIME');
  const fmt = format ?? timeNames(loc).dateFmt;
  ctx.out(strftime(fmt, when, loc) + '\n');
  return set !== null ? 1 : 0;
};
