// printf as a bash builtin: like coreutils printf (the format is reused while arguments
// remain, numbers accept 0x/0/'c forms) plus %b, %q and -v VAR; errors are prefixed
// `bash: printf: `. C conversions come from the commands' shared formatter.
import { formatFloat, formatInteger, formatString, type ConvSpec } from '../../commands/lib/cformat.ts';
import type { Builtin } from '../interp/api.ts';

const SIMPLE: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'", '?': '?',
};

/**
 * Backslash escapes of a format (`b` false) or of a %b argument (`b` true: \0NNN, \c stops
 * everything). Bytes from \NNN and \xHH stay as code units 0-255 until output.
 */
export function printfEscapes(s: string, b: boolean): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch !== '\\' || i + 1 >= s.length) {
      out += ch;
      continue;
    }
    const n = s[++i];
    if (n in SIMPLE && !(b && (n === '"' || n === "'" || n === '?'))) out += SIMPLE[n];
    else if (n === 'c' && b) return { text: out, stop: true };
    else if (/[0-7]/.test(n)) {
      let j = b && n === '0' ? i + 1 : i;
      let digits = '';
      while (digits.length < 3 && j < s.length && /[0-7]/.test(s[j])) digits += s[j++];
      out += String.fromCharCode(parseInt(digits || '0', 8) & 0xff);
      i = j - 1;
    } else if (n === 'x' && /[0-9a-fA-F]/.test(s[i + 1] ?? '')) {
      let j = i + 1;
      let digits = '';
      while (digits.length < 2 && /[0-9a-fA-F]/.test(s[j] ?? '')) digits += s[j++];
      out += String.fromCharCode(parseInt(digits, 16));
      i = j - 1;
    } else if ((n === 'u' || n === 'U') && /[0-9a-fA-F]/.test(s[i + 1] ?? '')) {
      let j = i + 1;
      let digits = '';
      while (digits.length < (n === 'u' ? 4 : 8) && /[0-9a-fA-F]/.test(s[j] ?? '')) digits += s[j++];
      out += String.fromCodePoint(Math.min(parseInt(digits, 16), 0x10ffff));
      i = j - 1;
    } else out += '\\' + n;
  }
  return { text: out, stop: false };
}

/** Code units 0x80-0xff that came from \NNN/\xHH are raw bytes; the rest is UTF-8. */
function toBytes(s: string, raw: Set<number>): Uint8Array {
  const enc = new TextEncoder();
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (raw.has(i)) out.push(c & 0xff);
    else {
      const cp = s.codePointAt(i)!;
      out.push(...enc.encode(String.fromCodePoint(cp)));
      if (cp > 0xffff) i++;
    }
  }
  return new Uint8Array(out);
}

/** %q: quote so the shell reads the string back (bash's backslash style). */
export function quoteForShell(s: string): string {
  if (s === '') return "''";
  if (/[\x00-\x1f\x7f]/.test(s)) {
    const esc = s.replace(/[\\']/g, '\\$&').replace(/[\x00-\x1f\x7f]/g, (c) => {
      const m: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\x1b': '\\E', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v' };
      return m[c] ?? `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`;
    });
    return `$'${esc}'`;
  }
  return s.replace(/[^A-Za-z0-9_./,:@%+=-]/g, (c) => (c === '~' && s.indexOf(c) > 0 ? c : `\\${c}`));
}

export const printfBuiltin: Builtin = (sh, argv, io) => {
  let args = argv.slice(1);
  let target: string | null = null;
  if (args[0] === '-v') {
    if (args.length < 2) {
      sh.builtinError(io, 'printf', sh.msg.t('%s: option requires an argument', '-v'));
      sh.usage(io, 'printf', 'printf [-v var] format [arguments]');
      return 2;
    }
    target = args[1];
    args = args.slice(2);
  }
  if (args[0] === '--') args = args.slice(1);
  if (args.length === 0) {
    sh.usage(io, 'printf', 'printf [-v var] format [arguments]');
    return 2;
  }
  const format = args[0];
  const operands = args.slice(1);
  let status = 0;
  let out = '';
  const raw = new Set<number>();
  let k = 0;
  const next = (): string | undefined => (k < operands.length ? operands[k++] : undefined);

  const number = (s: string | undefined, float: boolean): bigint | number => {
    if (s === undefined || s === '') return float ? 0 : 0n;
    if (/^['"]/.test(s)) {
      const c = s.codePointAt(1) ?? 0;
      return float ? c : BigInt(c);
    }
    const t = s.trim();
    const m = float
      ? /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|^[+-]?0[xX][0-9a-fA-F]+|^[+-]?inf(?:inity)?|^[+-]?nan/i.exec(t)
      : /^[+-]?(?:0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)/.exec(t);
    const text = m ? m[0] : '';
    if (text !== t) {
      sh.builtinError(io, 'printf', sh.msg.t('%s: invalid number', s));
      status = 1;
    }
    if (float) return text === '' ? 0 : Number(text.replace(/inf(inity)?/i, 'Infinity').replace(/nan/i, 'NaN'));
    if (text === '' || text === '+' || text === '-') return 0n;
    const neg = text.startsWith('-');
    const body = text.replace(/^[+-]/, '');
    const v = /^0[xX]/.test(body) ? BigInt(body) : body.length > 1 && body[0] === '0' ? BigInt('0o' + body.slice(1)) : BigInt(body);
    return neg ? -v : v;
  };

  const emit = (s: string, rawBytes: boolean) => {
    if (rawBytes) for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80 && s.charCodeAt(i) <= 0xff) raw.add(out.length + i);
    out += s;
  };

  for (;;) {
    const start = k;
    let stop = false;
    for (let i = 0; i < format.length && !stop; i++) {
      const ch = format[i];
      if (ch === '\\') {
        // One escape at a time.
        let j = i + 1;
        if (/[0-7]/.test(format[j] ?? '')) {
          while (j < format.length && j < i + 4 && /[0-7]/.test(format[j])) j++;
        } else if (format[j] === 'x') {
          j++;
          while (j < format.length && j < i + 4 && /[0-9a-fA-F]/.test(format[j])) j++;
        } else if (format[j] === 'u' || format[j] === 'U') {
          const max = format[j] === 'u' ? 4 : 8;
          const s0 = ++j;
          while (j < format.length && j - s0 < max && /[0-9a-fA-F]/.test(format[j])) j++;
        } else j++;
        emit(printfEscapes(format.slice(i, j), false).text, true);
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
      const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([a-zA-Z])?/.exec(format.slice(i));
      const conv = m?.[4];
      if (!m || !conv || !'sbqdiouxXcfFeEgGaA'.includes(conv)) {
        const bad = m ? format.slice(i, i + m[0].length) : format.slice(i);
        sh.builtinError(io, 'printf', sh.msg.t("`%s': missing format character", bad));
        io.stdout.write(out);
        return 1;
      }
      i += m[0].length - 1;
      let width: number | null = null;
      let precision: number | null = null;
      let flags = m[1];
      if (m[2] === '*') {
        width = Number(number(next(), false));
        if (width < 0) {
          flags += '-';
          width = -width;
        }
      } else if (m[2] !== undefined) width = Number(m[2]);
      if (m[3] === '*') precision = Number(number(next(), false));
      else if (m[3] !== undefined) precision = m[3] === '' ? 0 : Number(m[3]);
      const spec: ConvSpec = { flags, width, precision, conv };
      const arg = next();
      switch (conv) {
        case 's':
          emit(formatString(arg ?? '', spec), false);
          break;
        case 'b': {
          const r = printfEscapes(arg ?? '', true);
          emit(formatString(r.text, spec), true);
          if (r.stop) stop = true;
          break;
        }
        case 'q':
          emit(formatString(quoteForShell(arg ?? ''), spec), false);
          break;
        case 'c':
          emit(formatString(arg === undefined ? '' : [...arg][0] ?? '', { ...spec, precision: null }), false);
          break;
        case 'd':
        case 'i':
        case 'o':
        case 'u':
        case 'x':
        case 'X':
          emit(formatInteger(number(arg, false) as bigint, spec), false);
          break;
        default:
          emit(formatFloat(number(arg, true) as number, spec), false);
      }
    }
    if (stop || k >= operands.length || k === start) break;
  }
  const bytes = toBytes(out, raw);
  if (target !== null) {
    if (!sh.assign(io, target, new TextDecoder().decode(bytes))) return 1;
  } else io.stdout.write(bytes);
  return status;
};
