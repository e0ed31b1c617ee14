// BIND's daemon (named) and its control tool (rndc).
import type { Program } from '../../os/program.ts';

export interface PackagedProgram {
  /** The registry name: the catalogue's program name for the package file ("postfix/master"). */
  readonly name: string;
  readonly program: Program;
}

export const BIND_PROGRAMS: readonly PackagedProgram[] = [];
