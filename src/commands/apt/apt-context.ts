// What every apt subcommand shares: the two front ends' differences (apt colours its "E:",
// warns when piped and draws a progress bar; apt-get does neither), the messages of the
// locale, the terminal width for lists, "Reading package lists... Done", the root check.
import type { Process } from '../../os/program.ts';
import { isFrench } from '../debconf/texts.ts';
import { APT_EN, APT_FR, type AptMessages } from './apt-messages.ts';

export type AptTool = 'apt' | 'apt-get' | 'apt-cache';

export interface AptOptions {
  assumeYes: boolean;
  quiet: number;
  recommends: boolean;
  purge: boolean;
  installed: boolean;
  upgradable: boolean;
  simulate: boolean;
}

export class AptContext {
  readonly m: AptMessages;
  readonly fr: boolean;

  constructor(
    readonly proc: Process,
    readonly tool: AptTool,
    readonly opts: AptOptions,
  ) {
    this.fr = isFrench(proc.env);
    this.m = this.fr ? APT_FR : APT_EN;
  }

  get tty(): boolean {
    return this.proc.stdout.tty !== null;
  }

  /** ScreenWidth: the terminal's columns, 80 when not on a terminal. */
  get width(): number {
    return this.proc.stdout.tty?.columns ?? 80;
  }

  out(s: string): void {
    if (s !== '') this.proc.stdout.write(s);
  }

  /** "E: ..." on stderr; apt colours the prefix. */
  error(msg: string): void {
    this.proc.stderr.write(this.tool === 'apt' ? `\x1b[1;31mE: \x1b[0m${msg}\x1b[0m\n` : `E: ${msg}\n`);
  }

  warning(msg: string): void {
    this.proc.stderr.write(this.tool === 'apt' ? `\x1b[1;33mW: \x1b[0m${msg}\x1b[0m\n` : `W: ${msg}\n`);
  }

  /** apt's OpProgress lines: "... Done" on a terminal, the bare title otherwise. */
  step(title: string): void {
    if (this.opts.quiet >= 2) return;
    this.out(this.tty ? `${title}${this.m.done}\n` : `${title}\n`);
  }

  readingLists(): void {
    this.step(this.m.readingLists);
  }

  cacheSteps(): void {
    this.step(this.m.readingLists);
    this.step(this.m.buildingTree);
    this.step(this.m.readingState);
  }

  /** apt (not apt-get) warns scripts that its output may change. */
  cliWarning(): void {
    if (this.tool === 'apt' && !this.tty) this.proc.stderr.write('\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n');
  }

  /** The dpkg frontend lock: only root may take it. */
  requireDpkgLock(): boolean {
    if (this.proc.cred.uid === 0) return true;
    this.error(this.m.lockOpen('/var/lib/dpkg/lock-frontend'));
    this.error(this.m.frontendLock('/var/lib/dpkg/lock-frontend'));
    return false;
  }

  /** "Do you want to continue? [Y/n]": read from the terminal (or stdin). */
  async confirm(): Promise<boolean> {
    if (this.opts.assumeYes) return true;
    this.out(this.m.continuePrompt);
    const line = await readLine(this.proc);
    if (line === null) {
      this.out(this.m.abort);
      return false;
    }
    const a = line.trim();
    if (a === '' || /^y/i.test(a) || a.toUpperCase().startsWith(this.m.yesChar)) return true;
    this.out(this.m.abort);
    return false;
  }
}

/** One line of stdin (the terminal's line discipline edits and echoes it). */
export async function readLine(proc: Process): Promise<string | null> {
  const dec = new TextDecoder();
  let acc = '';
  for (;;) {
    const chunk = await proc.stdin.read();
    if (chunk === null) return acc === '' ? null : acc;
    acc += dec.decode(chunk);
    const nl = acc.indexOf('\n');
    if (nl >= 0) return acc.slice(0, nl);
  }
}
