// echo as a bash builtin: -n, -e, -E (only words made of these letters are options), escapes
// off by default (xpg_echo off). As dash's builtin (sh): only -n, and escapes always on.
import type { Builtin } from '../interp/api.ts';

const SIMPLE: Record<string, number> = { a: 7, b: 8, e: 27, E: 27, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };

/** Expands echo -e escapes to bytes; `stop` at \c (nothing more, not even the newline). */
export function echoEscapes(s: string, dash: boolean): { bytes: number[]; stop: boolean } {
  const enc = new TextEncoder();
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch !== '\\' || i + 1 >= s.length) {
      const cp = s.codePointAt(i)!;
      bytes.push(...enc.encode(String.fromCodePoint(cp)));
      if (cp > 0xffff) i++;
      continue;
    }
    const n = s[i + 1];
    if (n === 'c') return { bytes, stop: true };
    if (n in SIMPLE && !(dash && n === 'e') && !(dash && n === 'E')) {
      bytes.push(SIMPLE[n]);
      i++;
    } else if (n === '0') {
      const m = /^[0-7]{0,3}/.exec(s.slice(i + 2))![0];
      bytes.push(parseInt(m || '0', 8) & 0xff);
      i += 1 + m.length;
    } else if (!dash && n === 'x' && /^[0-9a-fA-F]/.test(s.slice(i + 2))) {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 2))![0];
      bytes.push(parseInt(m, 16));
      i += 1 + m.length;
    } else if (!dash && (n === 'u' || n === 'U') && /^[0-9a-fA-F]/.test(s.slice(i + 2))) {
      const m = new RegExp(`^[0-9a-fA-F]{1,${n === 'u' ? 4 : 8}}`).exec(s.slice(i + 2))![0];
      bytes.push(...enc.encode(String.fromCodePoint(Math.min(parseInt(m, 16), 0x10ffff))));
      i += 1 + m.length;
    } else {
      bytes.push(0x5c);
    }
  }
  return { bytes, stop: false };
}

export const echoBuiltin: Builtin = (sh, argv, io) => {
  const args = argv.slice(1);
  let newline = true;
  let escapes = sh.dash || sh.shopts.get('xpg_echo') === true;
  let i = 0;
  if (sh.dash) {
    if (args[0] === '-n') {
      newline = false;
      i = 1;
    }
  } else {
    while (i < args.length && /^-[neE]+$/.test(args[i])) {
      for (const c of args[i].slice(1)) {
        if (c === 'n') newline = false;
        else if (c === 'e') escapes = true;
        else escapes = false;
      }
      i++;
    }
  }
  const text = args.slice(i).join(' ');
  if (!escapes) {
    io.stdout.write(newline ? text + '\n' : text);
    return 0;
  }
  const { bytes, stop } = echoEscapes(text, sh.dash);
  if (newline && !stop) bytes.push(10);
  io.stdout.write(new Uint8Array(bytes));
  return 0;
};
