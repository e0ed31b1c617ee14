// C printf conversions (%d %u %o %x %e %f %g %c %s with flags, width and precision) as glibc
// formats them: shared by printf(1), seq and the few programs that print numbers with a format.

export interface ConvSpec {
  flags: string;
  width: number | null;
  precision: number | null;
  conv: string;
}

function applyWidth(body: string, spec: ConvSpec, numeric: boolean): string {
  const w = spec.width ?? 0;
  if (body.length >= w) return body;
  if (spec.flags.includes('-')) return body + ' '.repeat(w - body.length);
  if (numeric && spec.flags.includes('0') && spec.precision === null || (numeric && spec.flags.includes('0') && /[eEfFgGaA]/.test(spec.conv))) {
    const m = /^([+\- ]?(?:0[xX])?)(.*)$/.exec(body)!;
    if (/^[+\- ]?(inf|nan)/i.test(body)) return ' '.repeat(w - body.length) + body;
    return m[1] + '0'.repeat(w - body.length) + m[2];
  }
  return ' '.repeat(w - body.length) + body;
}

function signed(neg: boolean, spec: ConvSpec): string {
  if (neg) return '-';
  if (spec.flags.includes('+')) return '+';
  if (spec.flags.includes(' ')) return ' ';
  return '';
}

const TWO64 = 1n << 64n;

/** %d %i %u %o %x %X of a 64-bit integer (unsigned conversions wrap negatives as C does). */
export function formatInteger(value: bigint, spec: ConvSpec): string {
  let digits: string;
  let prefix = '';
  if (spec.conv === 'd' || spec.conv === 'i') {
    const neg = value < 0n;
    digits = (neg ? -value : value).toString();
    prefix = signed(neg, spec);
  } else {
    const u = value < 0n ? ((value % TWO64) + TWO64) % TWO64 : value;
    const radix = spec.conv === 'o' ? 8 : spec.conv === 'u' ? 10 : 16;
    digits = u.toString(radix);
    if (spec.conv === 'X') digits = digits.toUpperCase();
    if (spec.flags.includes('#') && u !== 0n) {
      if (spec.conv === 'o' && !digits.startsWith('0')) digits = '0' + digits;
      if (spec.conv === 'x') prefix = '0x';
      if (spec.conv === 'X') prefix = '0X';
    }
  }
  if (spec.precision !== null) {
    if (spec.precision === 0 && digits === '0') digits = '';
    else if (digits.length < spec.precision) digits = '0'.repeat(spec.precision - digits.length) + digits;
  }
  return applyWidth(prefix + digits, spec, true);
}

/**
 * The exact decimal digits of a finite double >= 0 and where the point goes: glibc rounds
 * from the exact binary value, half to even (printf %.1f of 2.25 is 2.2, JS's toFixed says 2.3).
 */
function exactDigits(v: number): { digits: string; point: number } {
  if (v === 0) return { digits: '0', point: 1 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  if (exp >= 0) {
    const d = (mant << BigInt(exp)).toString();
    return { digits: d, point: d.length };
  }
  const d = (mant * 5n ** BigInt(-exp)).toString();
  return { digits: d, point: d.length + exp };
}

/** Rounds a digit string to `keep` digits, half to even; returns digits and a carry flag. */
function roundDigits(digits: string, keep: number): { digits: string; carry: boolean } {
  if (keep < 0) return { digits: '', carry: false };
  if (digits.length <= keep) return { digits: digits.padEnd(keep, '0'), carry: false };
  const kept = digits.slice(0, keep);
  const rest = digits.slice(keep);
  const first = rest.charCodeAt(0) - 48;
  const tail = /[1-9]/.test(rest.slice(1));
  const lastEven = keep === 0 ? true : (kept.charCodeAt(keep - 1) - 48) % 2 === 0;
  const up = first > 5 || (first === 5 && (tail || !lastEven));
  if (!up) return { digits: kept, carry: false };
  const n = (BigInt(kept || '0') + 1n).toString().padStart(keep, '0');
  return n.length > keep ? { digits: n.slice(1), carry: true } : { digits: n, carry: false };
}

function fixedForm(v: number, prec: number): string {
  const { digits, point } = exactDigits(v);
  // Digits before the point, padded on the left when the value is below 1.
  const padded = point <= 0 ? '0'.repeat(1 - point) + digits : digits;
  const intLen = Math.max(1, point);
  const r = roundDigits(padded, intLen + prec);
  let all = r.digits;
  if (r.carry) all = '1' + all;
  const cut = all.length - prec;
  const int = all.slice(0, cut).replace(/^0+(?=\d)/, '');
  return prec > 0 ? `${int}.${all.slice(cut)}` : int;
}

function expForm(v: number, prec: number, upper: boolean): string {
  let mant: string;
  let e: number;
  if (v === 0) {
    mant = '0'.repeat(prec + 1);
    e = 0;
  } else {
    const { digits, point } = exactDigits(v);
    const lead = digits.search(/[1-9]/);
    const sig = digits.slice(lead);
    e = point - lead - 1;
    const r = roundDigits(sig, prec + 1);
    mant = r.digits;
    if (r.carry) {
      mant = ('1' + mant).slice(0, prec + 1);
      e++;
    }
  }
  const exp = `${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  const out = `${mant[0]}${prec > 0 ? '.' + mant.slice(1) : ''}e${exp}`;
  return upper ? out.toUpperCase() : out;
}

/** %f %F %e %E %g %G %a of a double. */
export function formatFloat(value: number, spec: ConvSpec): string {
  const conv = spec.conv;
  const upper = conv === conv.toUpperCase();
  const neg = value < 0 || Object.is(value, -0);
  const abs = Math.abs(value);
  const sign = signed(neg, spec);
  let body: string;
  if (!Number.isFinite(abs)) {
    body = Number.isNaN(abs) ? 'nan' : 'inf';
    if (upper) body = body.toUpperCase();
    return applyWidth(sign + body, spec, true);
  }
  const alt = spec.flags.includes('#');
  switch (conv.toLowerCase()) {
    case 'f':
      body = fixedForm(abs, spec.precision ?? 6);
      if (alt && !body.includes('.')) body += '.';
      break;
    case 'e':
      body = expForm(abs, spec.precision ?? 6, upper);
      break;
    case 'a': {
      body = hexFloat(abs, spec.precision, upper);
      break;
    }
    default: {
      // %g: precision P (0 means 1); exponent X; %e if X < -4 or X >= P, else %f with P-1-X.
      const p = spec.precision === null ? 6 : spec.precision === 0 ? 1 : spec.precision;
      const x = abs === 0 ? 0 : Number(expForm(abs, p - 1, false).split('e')[1]);
      if (x < -4 || x >= p) {
        body = expForm(abs, p - 1, upper);
        if (!alt) body = body.replace(/\.?0+([eE])/, '$1');
      } else {
        body = fixedForm(abs, p - 1 - x);
        if (!alt && body.includes('.')) body = body.replace(/\.?0+$/, '');
      }
    }
  }
  return applyWidth(sign + body, spec, true);
}

function hexFloat(v: number, prec: number | null, upper: boolean): string {
  // glibc prints long double %a as 0xh.hhhp+e with a leading digit from 1 to f.
  if (v === 0) return upper ? '0X0P+0' : '0x0p+0';
  let e = Math.floor(Math.log2(v));
  let m = v / 2 ** e;
  while (m >= 2) { m /= 2; e++; }
  while (m < 1) { m *= 2; e--; }
  // Long double: 1 hex digit before the point holds 4 bits (0x8..0xf).
  m *= 8;
  e -= 3;
  const lead = Math.floor(m);
  let frac = m - lead;
  let digits = '';
  const max = prec ?? 15;
  for (let i = 0; i < max && (prec !== null || frac > 0); i++) {
    frac *= 16;
    const d = Math.floor(frac);
    digits += d.toString(16);
    frac -= d;
  }
  const s = `0x${lead.toString(16)}${digits ? '.' + digits : ''}p${e >= 0 ? '+' : '-'}${Math.abs(e)}`;
  return upper ? s.toUpperCase() : s;
}

/** %s with precision and width. */
export function formatString(s: string, spec: ConvSpec): string {
  const body = spec.precision !== null ? [...s].slice(0, spec.precision).join('') : s;
  return applyWidth(body, spec, false);
}
