// GNU getopt_long as glibc implements it: bundled short options (-la), attached or separate
// arguments (-n5, -n 5), long options with unambiguous abbreviations (--all, --al) and `=value`,
// `--` ending options, and permutation (options may follow operands) unless the option string
// starts with '+' or POSIXLY_CORRECT is set. Errors are returned as the exact text glibc prints.
import { dtr, type Locale } from './locale.ts';

export type ArgKind = 'none' | 'required' | 'optional';

export interface LongOption {
  readonly name: string;
  readonly arg: ArgKind;
  /** What the caller sees: often the short letter it stands for. */
  readonly key: string;
}

export interface OptionSpec {
  /** getopt's optstring: `"an:"`; ':' = argument required, '::' = optional; leading '+' = no permutation. */
  readonly short: string;
  readonly long?: readonly LongOption[];
}

export interface ParsedOption {
  readonly key: string;
  readonly arg: string | undefined;
  /** As typed, for messages: `-n` or `--lines`. */
  readonly spelled: string;
}

export type GetoptResult =
  | { ok: true; options: ParsedOption[]; operands: string[] }
  | { ok: false; message: string };

export function long(name: string, arg: ArgKind = 'none', key: string = name): LongOption {
  return { name, arg, key };
}

function shortKind(optstring: string, c: string): ArgKind | null {
  if (c === ':' || c === '+' || c === '-') return null;
  const i = optstring.indexOf(c);
  if (i < 0) return null;
  if (optstring[i + 1] !== ':') return 'none';
  return optstring[i + 2] === ':' ? 'optional' : 'required';
}

/** Parses argv (without argv[0]) the way getopt_long would; `prog` prefixes error messages. */
export function getopt(args: readonly string[], spec: OptionSpec, prog: string, loc: Locale, env?: ReadonlyMap<string, string>): GetoptResult {
  const options: ParsedOption[] = [];
  const operands: string[] = [];
  const noPermute = spec.short.startsWith('+') || (env !== undefined && env.has('POSIXLY_CORRECT'));
  const longs = spec.long ?? [];
  let i = 0;
  while (i < args.length) {
    const a = args[i];
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const value = eq < 0 ? undefined : a.slice(eq + 1);
      let match = longs.find((o) => o.name === name);
      if (!match) {
        const cands = longs.filter((o) => o.name.startsWith(name));
        const distinct = cands.filter((o, k) => cands.findIndex((p) => p.key === o.key && p.arg === o.arg) === k);
        if (cands.length === 0) {
          return { ok: false, message: dtr('libc', loc, "%s: unrecognized option '%s%s'\n", prog, '--', name) };
        }
        if (distinct.length > 1) {
          const list = cands.map((o) => ` '--${o.name}'`).join('');
          return { ok: false, message: dtr('libc', loc, "%s: option '%s%s' is ambiguous; possibilities:", prog, '--', name) + list + '\n' };
        }
        match = cands[0];
      }
      if (match.arg === 'none' && value !== undefined) {
        return { ok: false, message: dtr('libc', loc, "%s: option '%s%s' doesn't allow an argument\n", prog, '--', match.name) };
      }
      let arg = value;
      if (match.arg === 'required' && arg === undefined) {
        if (i + 1 >= args.length) {
          return { ok: false, message: dtr('libc', loc, "%s: option '%s%s' requires an argument\n", prog, '--', match.name) };
        }
        arg = args[++i];
      }
      options.push({ key: match.key, arg, spelled: '--' + match.name });
      i++;
      continue;
    }
    if (a.length > 1 && a[0] === '-') {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const kind = shortKind(spec.short, c);
        if (kind === null) {
          return { ok: false, message: dtr('libc', loc, "%s: invalid option -- '%c'\n", prog, c) };
        }
        if (kind === 'none') {
          options.push({ key: c, arg: undefined, spelled: '-' + c });
          continue;
        }
        const rest = a.slice(j + 1);
        if (rest !== '') {
          options.push({ key: c, arg: rest, spelled: '-' + c });
        } else if (kind === 'optional') {
          options.push({ key: c, arg: undefined, spelled: '-' + c });
        } else {
          if (i + 1 >= args.length) {
            return { ok: false, message: dtr('libc', loc, "%s: option requires an argument -- '%c'\n", prog, c) };
          }
          options.push({ key: c, arg: args[++i], spelled: '-' + c });
        }
        break;
      }
      i++;
      continue;
    }
    if (noPermute) {
      operands.push(...args.slice(i));
      break;
    }
    operands.push(a);
    i++;
  }
  return { ok: true, options, operands };
}
