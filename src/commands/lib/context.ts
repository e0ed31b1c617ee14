// What every program does the same way: print to stdout/stderr as bytes, report errors as GNU's
// error() does (`prog: message: strerror`), parse options with getopt_long and answer a bad option
// with "Try 'prog --help' for more information.", quote names in the locale's style.
import type { Process } from '../../os/program.ts';
import type { Credentials, Errno, FileSystem } from '../../os/fs/types.ts';
import { getopt, type OptionSpec, type ParsedOption } from './getopt.ts';
import { dtr, gettext, localeOf, type Locale, type TextDomain } from './locale.ts';
import { strerror } from './errno.ts';
import { quote, quoteaf, quotef } from './quote.ts';
import { resolvePath } from './path.ts';

export interface Parsed {
  readonly options: ParsedOption[];
  readonly operands: string[];
}

export class Ctx {
  /** Messages locale (LC_MESSAGES). */
  readonly loc: Locale;
  /** The name in messages: argv[0] as typed (`/bin/ls: ...`), as coreutils prints it. */
  readonly name: string;
  readonly fs: FileSystem;
  readonly cred: Credentials;

  constructor(
    readonly proc: Process,
    fallbackName: string,
    /** Whose message catalog: coreutils, grep, sed, findutils, procps-ng. */
    readonly domain: TextDomain = 'coreutils',
  ) {
    this.loc = localeOf(proc.env, 'LC_MESSAGES');
    this.name = proc.argv[0] || fallbackName;
    this.fs = proc.host.fs;
    this.cred = proc.cred;
  }

  get args(): readonly string[] {
    return this.proc.argv.slice(1);
  }

  get cwd(): string {
    return this.proc.cwd;
  }

  /** Absolute path of an operand. */
  abs(p: string): string {
    return resolvePath(this.proc.cwd, p);
  }

  out(data: string | Uint8Array): void {
    this.proc.stdout.write(data);
  }

  err(data: string | Uint8Array): void {
    this.proc.stderr.write(data);
  }

  _(msgid: string, ...args: readonly (string | number)[]): string {
    return dtr(this.domain, this.loc, msgid, ...args);
  }

  /** The translated text alone (for formats with directives of their own, like stat's). */
  gettext(msgid: string): string {
    return gettext(this.loc, msgid, this.domain);
  }

  /** error(0, errno, fmt, ...): `name: text[: strerror]\n` on stderr. */
  error(text: string, errno?: Errno): void {
    this.err(`${this.name}: ${text}${errno ? ': ' + strerror(errno, this.loc) : ''}\n`);
  }

  strerror(errno: Errno): string {
    return strerror(errno, this.loc);
  }

  tryHelp(): void {
    this.err(this._("Try '%s --help' for more information.\n", this.name));
  }

  /** What follows a bad option: coreutils' try-help line; grep and sed print their usage. */
  badOptionHelp: () => void = () => this.tryHelp();

  /** Parses options; on error prints glibc's message and the try-help line, returns null. */
  getopt(spec: OptionSpec, args: readonly string[] = this.args): Parsed | null {
    const r = getopt(args, spec, this.name, this.loc, this.proc.env);
    if (!r.ok) {
      this.err(r.message);
      this.badOptionHelp();
      return null;
    }
    return r;
  }

  /** 'name' always quoted (quoteaf). */
  qaf(s: string): string {
    return quoteaf(s, this.loc);
  }

  /** name, quoted only when needed (quotef). */
  qf(s: string): string {
    return quotef(s, this.loc);
  }

  /** ‘name’ in the locale's quotation marks (quote). */
  q(s: string): string {
    return quote(s, this.loc);
  }
}
