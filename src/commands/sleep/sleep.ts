// sleep(1) in virtual time: NUMBER[smhd]..., summed. ^C ends it (default SIGINT action).
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { coreutilsVersion } from '../lib/version.ts';

const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds of one operand, or null if invalid (`1x`, `-1`, `abc`). */
export function parseInterval(s: string): number | null {
  const m = /^\s*\+?((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?)([smhd]?)$/i.exec(s);
  if (!m) return null;
  const v = /^inf/i.test(m[1]) ? Infinity : Number(m[1]);
  return Number.isNaN(v) ? null : v * UNIT[m[2]];
}

export const sleep: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'sleep');
  // Negative numbers are not options to skip: GNU reports `invalid option -- '1'` for -1.
  const p = ctx.getopt({ short: '', long: [long('help'), long('version')] });
  if (!p) return 1;
  if (p.options.some((o) => o.key === 'help')) {
    ctx.out(`Usage: ${ctx.name} NUMBER[SUFFIX]...\n  or:  ${ctx.name} OPTION\nPause for NUMBER seconds.\n`);
    return 0;
  }
  if (p.options.some((o) => o.key === 'version')) {
    ctx.out(coreutilsVersion('sleep'));
    return 0;
  }
  if (p.operands.length === 0) {
    ctx.error(ctx._('missing operand'));
    ctx.tryHelp();
    return 1;
  }
  let total = 0;
  let bad = false;
  for (const a of p.operands) {
    const v = parseInterval(a);
    if (v === null) {
      ctx.error(ctx._('invalid time interval %s', ctx.q(a)));
      bad = true;
    } else total += v;
  }
  if (bad) {
    ctx.tryHelp();
    return 1;
  }
  // An "infinite" sleep still has to be a finite timer: a year of virtual time.
  const seconds = Math.min(total, 365 * 86400);
  await proc.sleep(Math.round(seconds * 1e9));
  return 0;
};
