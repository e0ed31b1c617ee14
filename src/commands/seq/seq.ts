// seq(1): FIRST, INCREMENT, LAST as decimal numbers; the output precision is the larger number
// of decimals of FIRST and INCREMENT (seq 2 1.25 5 -> 2.00 3.25 4.50); -w pads with zeros to
// the widest of FIRST and LAST; -f takes one floating-point conversion; -s separates.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { formatFloat } from '../lib/cformat.ts';
import { coreutilsVersion } from '../lib/version.ts';

interface Num {
  value: number;
  /** Digits after the decimal point as written (exponents adjust it, as seq does). */
  precision: number;
  width: number;
}

function parseNum(s: string): Num | null {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
    if (/^\s*[+-]?inf(inity)?$/i.test(s)) return { value: s.includes('-') ? -Infinity : Infinity, precision: 0, width: s.length };
    return null;
  }
  const value = Number(s.trim());
  if (Number.isNaN(value)) return null;
  const frac = m[3]?.length ?? 0;
  const exp = m[4] !== undefined ? Number(m[4]) : 0;
  return { value, precision: Math.max(0, frac - exp), width: s.trim().length };
}

/** Virtual-time pause between big chunks, so an endless `seq 1 inf` can be interrupted. */
const CHUNK = 65536;
const PAUSE_NS = 1_000_000;

export const seq: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'seq');
  // Option parsing stops at the first operand that looks like a negative number.
  const args = [...ctx.args];
  let cut = args.findIndex((a) => /^-[.\d]/.test(a));
  if (cut < 0) cut = args.length;
  const p = ctx.getopt(
    {
      short: '+f:s:w',
      long: [long('format', 'required', 'f'), long('separator', 'required', 's'), long('equal-width', 'none', 'w'), long('help'), long('version')],
    },
    args.slice(0, cut),
  );
  if (!p) return 1;
  let format: string | null = null;
  let sep = '\n';
  let equal = false;
  for (const o of p.options) {
    if (o.key === 'f') format = o.arg!;
    else if (o.key === 's') sep = o.arg!;
    else if (o.key === 'w') equal = true;
    else if (o.key === 'help') {
      ctx.out(`Usage: ${ctx.name} [OPTION]... LAST\n  or:  ${ctx.name} [OPTION]... FIRST LAST\n  or:  ${ctx.name} [OPTION]... FIRST INCREMENT LAST\n`);
      return 0;
    } else if (o.key === 'version') {
      ctx.out(coreutilsVersion('seq'));
      return 0;
    }
  }
  const operands = [...p.operands, ...args.slice(cut)];
  if (operands.length === 0) {
    ctx.error(ctx._('missing operand'));
    ctx.tryHelp();
    return 1;
  }
  if (operands.length > 3) {
    ctx.error(ctx._('extra operand %s', ctx.q(operands[3])));
    ctx.tryHelp();
    return 1;
  }
  const nums: Num[] = [];
  for (const s of operands) {
    const n = parseNum(s);
    if (!n) {
      ctx.error(ctx._('invalid floating point argument: %s', ctx.q(s)));
      ctx.tryHelp();
      return 1;
    }
    nums.push(n);
  }
  const first = nums.length > 1 ? nums[0] : { value: 1, precision: 0, width: 1 };
  const step = nums.length === 3 ? nums[1] : { value: 1, precision: 0, width: 1 };
  const last = nums[nums.length - 1];
  if (step.value === 0) {
    ctx.error(ctx._('invalid Zero increment value: %s', ctx.q(operands[1])));
    ctx.tryHelp();
    return 1;
  }
  let render: (v: number) => string;
  if (format !== null) {
    const m = /^((?:[^%]|%%)*)%([-+ #0']*)(\d+)?(?:\.(\d*))?(L?)([eEfFgGaA])((?:[^%]|%%)*)$/.exec(format);
    if (!m) {
      const conv = /%[-+ #0']*\d*(?:\.\d*)?(.)/.exec(format);
      if (!conv) ctx.error(ctx._('format %s has no %% directive', ctx.q(format)));
      else ctx.error(ctx._('format %s has unknown %%%c directive', ctx.q(format), conv[1]));
      return 1;
    }
    const spec = { flags: m[2], width: m[3] ? Number(m[3]) : null, precision: m[4] !== undefined ? Number(m[4] || '0') : null, conv: m[6] };
    const pre = m[1].replace(/%%/g, '%');
    const post = m[7].replace(/%%/g, '%');
    render = (v) => pre + formatFloat(v, spec) + post;
  } else {
    const prec = Math.max(first.precision, step.precision);
    const plain = (v: number) => formatFloat(v, { flags: '', width: null, precision: prec, conv: 'f' });
    if (equal) {
      const width = Math.max(plain(first.value).length, plain(last.value).length);
      render = (v) => formatFloat(v, { flags: '0', width, precision: prec, conv: 'f' });
    } else render = plain;
  }
  let buf = '';
  let count = 0;
  for (let i = 0; ; i++) {
    const v = first.value + i * step.value;
    if (step.value > 0 ? v > last.value : v < last.value) break;
    buf += (count++ > 0 ? sep : '') + render(v);
    if (buf.length >= CHUNK) {
      ctx.out(buf);
      buf = '';
      await proc.sleep(PAUSE_NS);
    }
  }
  if (count > 0) buf += '\n';
  ctx.out(buf);
  return 0;
};
