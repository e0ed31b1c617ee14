// /usr/bin/echo from coreutils (the shell has its own builtin): leading -n/-e/-E words are
// options only if made of those letters alone; escapes are off unless -e.
import type { Process, Program } from '../../os/program.ts';
import { coreutilsVersion } from '../lib/version.ts';

const SIMPLE: Record<string, string> = { '\\': '\\', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** Expands echo -e escapes; returns `stop` at \c (no more output, not even the newline). */
export function echoEscapes(s: string): { bytes: number[]; stop: boolean } {
  const enc = new TextEncoder();
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch !== '\\' || i + 1 >= s.length) {
      bytes.push(...enc.encode(ch === '\\' ? ch : String.fromCodePoint(s.codePointAt(i)!)));
      if (s.codePointAt(i)! > 0xffff) i++;
      continue;
    }
    const n = s[i + 1];
    if (n in SIMPLE) {
      bytes.push(SIMPLE[n].charCodeAt(0));
      i++;
    } else if (n === 'c') {
      return { bytes, stop: true };
    } else if (n === '0') {
      const m = /^[0-7]{0,3}/.exec(s.slice(i + 2))![0];
      bytes.push(parseInt(m || '0', 8) & 0xff);
      i += 1 + m.length;
    } else if (n === 'x' && /^[0-9a-fA-F]/.test(s.slice(i + 2))) {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 2))![0];
      bytes.push(parseInt(m, 16));
      i += 1 + m.length;
    } else {
      bytes.push(0x5c);
    }
  }
  return { bytes, stop: false };
}

export const echo: Program = async (proc: Process) => {
  const args = proc.argv.slice(1);
  if (args.length === 1 && !proc.env.has('POSIXLY_CORRECT')) {
    if (args[0] === '--version') {
      proc.stdout.write(coreutilsVersion('echo'));
      return 0;
    }
    if (args[0] === '--help') {
      proc.stdout.write(`Usage: ${proc.argv[0]} [SHORT-OPTION]... [STRING]...\n  or:  ${proc.argv[0]} LONG-OPTION\nEcho the STRING(s) to standard output.\n`);
      return 0;
    }
  }
  let newline = true;
  let escapes = false;
  let i = 0;
  while (i < args.length && /^-[neE]+$/.test(args[i])) {
    for (const c of args[i].slice(1)) {
      if (c === 'n') newline = false;
      else if (c === 'e') escapes = true;
      else escapes = false;
    }
    i++;
  }
  const text = args.slice(i).join(' ');
  if (!escapes) {
    proc.stdout.write(newline ? text + '\n' : text);
    return 0;
  }
  const r = echoEscapes(text);
  if (!r.stop && newline) r.bytes.push(10);
  proc.stdout.write(new Uint8Array(r.bytes));
  return 0;
};
