// printf(1) from coreutils 9.1: the format is reused while arguments remain; numeric arguments
// accept 0x/0 prefixes and 'c character constants; a bad number prints an error, uses what
// was converted and makes the exit status 1.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { formatFloat, formatInteger, formatString, type ConvSpec } from '../lib/cformat.ts';
import { shellEscape } from '../lib/quote.ts';
import { coreutilsVersion } from '../lib/version.ts';

/** Backslash escapes of a printf format; `b` = %b argument rules (\0NNN, \c stops everything). */
export function unescape(s: string, utf8: boolean, b: boolean): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch !== '\\' || i + 1 >= s.length) {
      out += ch;
      continue;
    }
    const n = s[++i];
    const simple: Record<string, string> = { '\\': '\\', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"' };
    if (n in simple && !(n === '"' && b)) {
      out += simple[n];
    } else if (n === 'c') {
      return { text: out, stop: true };
    } else if (n >= '0' && n <= '7') {
      // format: \NNN (1-3 digits); %b: \0NNN (the 0 then up to 3 digits) or \NNN.
      let j = i;
      let max = 3;
      if (b && n === '0') {
        j = i + 1;
        max = 3;
      }
      let digits = '';
      while (digits.length < max && j < s.length && s[j] >= '0' && s[j] <= '7') digits += s[j++];
      out += String.fromCharCode(parseInt(digits || '0', 8) & 0xff);
      i = j - 1;
    } else if (n === 'x' && /[0-9a-fA-F]/.test(s[i + 1] ?? '')) {
      let digits = '';
      let j = i + 1;
      while (digits.length < 2 && /[0-9a-fA-F]/.test(s[j] ?? '')) digits += s[j++];
      out += String.fromCharCode(parseInt(digits, 16));
      i = j - 1;
    } else if ((n === 'u' || n === 'U') && /[0-9a-fA-F]/.test(s[i + 1] ?? '')) {
      const len = n === 'u' ? 4 : 8;
      const digits = s.slice(i + 1, i + 1 + len);
      if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length < len) {
        out += '\\' + n;
        continue;
      }
      const cp = parseInt(digits, 16);
      out += utf8 ? String.fromCodePoint(cp) : `\\${n}${digits.toUpperCase()}`;
      i += len;
    } else {
      out += '\\' + n;
    }
  }
  return { text: out, stop: false };
}

/** Bytes (0-255) kept as Latin-1 code units by `unescape` are turned back into real bytes. */
function toBytes(s: string): Uint8Array {
  const enc = new TextEncoder();
  const parts: number[] = [];
  let run = '';
  const flush = () => {
    if (run) parts.push(...enc.encode(run));
    run = '';
  };
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 && c <= 0xff) {
      flush();
      parts.push(c);
    } else run += ch;
  }
  flush();
  return new Uint8Array(parts);
}

export const printf: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'printf');
  const args = [...ctx.args];
  if (args.length === 1 && args[0] === '--help') {
    ctx.out(`Usage: ${ctx.name} FORMAT [ARGUMENT]...\n  or:  ${ctx.name} OPTION\n`);
    return 0;
  }
  if (args.length === 1 && args[0] === '--version') {
    ctx.out(coreutilsVersion('printf'));
    return 0;
  }
  if (args[0] === '--') args.shift();
  if (args.length === 0) {
    ctx.error(ctx._('missing operand'));
    ctx.tryHelp();
    return 1;
  }
  const utf8 = ctx.loc.utf8;
  const format = args[0];
  const operands = args.slice(1);
  let status = 0;
  let out = '';
  let argi = 0;
  const next = (): string | undefined => (argi < operands.length ? operands[argi++] : undefined);

  const numeric = (s: string | undefined, float: boolean): number | bigint => {
    if (s === undefined) return float ? 0 : 0n;
    if (/^\s*['"]/.test(s)) {
      const t = s.trimStart();
      const c = t.codePointAt(1);
      return float ? c ?? 0 : BigInt(c ?? 0);
    }
    const trimmed = s.replace(/^\s+/, '');
    const m = float
      ? /^[+-]?(?:0[xX][0-9a-fA-F]*\.?[0-9a-fA-F]*(?:[pP][+-]?\d+)?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)/i.exec(trimmed)
      : /^[+-]?(?:0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)/.exec(trimmed);
    const text = m ? m[0] : '';
    let v: number | bigint;
    if (float) {
      v = text === '' ? 0 : /^[+-]?0x/i.test(text) ? parseHexFloat(text) : Number(text.replace(/inf(inity)?/i, 'Infinity').replace(/nan/i, 'NaN'));
    } else {
      const neg = text.startsWith('-');
      const body = text.replace(/^[+-]/, '');
      let big = 0n;
      if (body !== '') big = /^0[xX]/.test(body) ? BigInt(body) : body.length > 1 && body[0] === '0' ? BigInt('0o' + body.slice(1)) : BigInt(body);
      v = neg ? -big : big;
      const limit = 1n << 63n;
      if (v >= limit || v < -limit) {
        ctx.error(`${s}: ${ctx._('Numerical result out of range')}`);
        status = 1;
        v = v < 0n ? -limit : limit - 1n;
        return v;
      }
    }
    if (text === '' || text === '+' || text === '-') {
      ctx.error(ctx._('%s: expected a numeric value', ctx.q(s)));
      status = 1;
    } else if (text.length !== trimmed.length) {
      ctx.error(ctx._('%s: value not completely converted', ctx.q(s)));
      status = 1;
    }
    return v;
  };

  for (;;) {
    const startArg = argi;
    let stop = false;
    for (let i = 0; i < format.length && !stop; i++) {
      const ch = format[i];
      if (ch === '\\') {
        let j = i + 1;
        // Take one escape sequence and decode it.
        if (format[j] === 'x') j += 1 + (/^[0-9a-fA-F]{1,2}/.exec(format.slice(j + 1))?.[0].length ?? 0);
        else if (format[j] === 'u') j += 5;
        else if (format[j] === 'U') j += 9;
        else if (format[j] >= '0' && format[j] <= '7') j += /^[0-7]{1,3}/.exec(format.slice(j))![0].length;
        else j += 1;
        const u = unescape(format.slice(i, j), utf8, false);
        out += u.text;
        if (u.stop) {
          stop = true;
          argi = operands.length;
          break;
        }
        i = j - 1;
        continue;
      }
      if (ch !== '%') {
        out += ch;
        continue;
      }
      if (format[i + 1] === '%') {
        out += '%';
        i++;
        continue;
      }
      const m = /^%([-+ #0']*)(\*|\d+)?(?:\.(\*|\d*))?(hh|h|ll|l|L|j|z|t|q)*([diouxXeEfFgGaAcsbq])/.exec(format.slice(i));
      if (!m) {
        const bad = /^%[-+ #0']*(\*|\d+)?(?:\.(\*|\d*))?(hh|h|ll|l|L|j|z|t|q)*(.?)/.exec(format.slice(i))![0];
        ctx.error(ctx._('%.*s: invalid conversion specification', bad));
        return 1;
      }
      const spec: ConvSpec = { flags: m[1].replace(/'/g, ''), width: null, precision: null, conv: m[5] };
      if (m[2] === '*') spec.width = Number(numeric(next(), false));
      else if (m[2] !== undefined) spec.width = Number(m[2]);
      if (spec.width !== null && spec.width < 0) {
        spec.flags += '-';
        spec.width = -spec.width;
      }
      if (m[3] === '*') {
        const p = Number(numeric(next(), false));
        spec.precision = p < 0 ? null : p;
      } else if (m[3] !== undefined) spec.precision = m[3] === '' ? 0 : Number(m[3]);
      const arg = next();
      switch (spec.conv) {
        case 'd': case 'i': case 'o': case 'u': case 'x': case 'X':
          out += formatInteger(numeric(arg, false) as bigint, spec);
          break;
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
          out += formatFloat(numeric(arg, true) as number, spec);
          break;
        case 'c':
          out += formatString(arg === undefined || arg === '' ? (arg === '' ? '\0' : '') : [...arg][0], { ...spec, precision: null });
          break;
        case 's':
          out += formatString(arg ?? '', spec);
          break;
        case 'b': {
          const u = unescape(arg ?? '', utf8, true);
          out += formatString(u.text, spec);
          if (u.stop) {
            stop = true;
            argi = operands.length;
          }
          break;
        }
        case 'q':
          out += formatString(shellEscape(arg ?? '', ctx.loc), spec);
          break;
      }
      i += m[0].length - 1;
    }
    if (stop || argi >= operands.length || argi === startArg) break;
  }
  ctx.out(toBytes(out));
  return status;
};

function parseHexFloat(text: string): number {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?\d+))?$/.exec(text);
  if (!m) return 0;
  const int = m[2] ? parseInt(m[2], 16) : 0;
  let frac = 0;
  for (let k = 0; k < m[3].length; k++) frac += parseInt(m[3][k], 16) / 16 ** (k + 1);
  const v = (int + frac) * 2 ** Number(m[4] ?? 0);
  return m[1] === '-' ? -v : v;
}
