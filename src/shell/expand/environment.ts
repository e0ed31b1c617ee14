// What word expansion needs from the shell (mvdan/sh's expand.Config): variables, positional
// parameters, command substitution, home directories and the file system for globbing.
import type { Script } from '../syntax/ast.ts';
import type { GlobFs } from './glob.ts';

export interface ExpandEnv {
  getVar(name: string): string | undefined;
  /** Assign (${x:=v}, arithmetic); false for a readonly variable. */
  setVar(name: string, value: string): boolean;
  params(): readonly string[];
  /** $0 $? $$ $! $- */
  special(name: '0' | '?' | '$' | '!' | '-'): string;
  readonly nounset: boolean;
  readonly noglob: boolean;
  /** `set -B` (bash's default; dash has no brace expansion). */
  readonly braceExpand: boolean;
  /** Run a command substitution; its output with trailing newlines removed. */
  commandSubst(body: Script): Promise<string>;
  /** Home directory of a user (~user), or of the current user (~) when null. */
  homeDir(user: string | null): string | null;
  readonly globFs: GlobFs;
  compare(a: string, b: string): number;
}

/**
 * An expansion failure, printed as `bash: MESSAGE`. `exit`: a non-interactive shell exits
 * (${x:?}, unbound variable); `line`: the rest of the command line is abandoned (bad
 * substitution, arithmetic errors). Either way the status is 1.
 */
export class ExpandError {
  constructor(
    /** A bash msgid (messages.ts translates it) and its arguments. */
    readonly msgid: string,
    readonly args: readonly string[],
    readonly level: 'line' | 'exit',
    /** What dash says instead (sh). */
    readonly dash: string,
  ) {}
}
