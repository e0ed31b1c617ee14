// Postfix's daemons (master and the services master.cf names): their executables are package files of postfix; the registry gives them their code.
import type { Program } from '../../os/program.ts';

export interface PackagedProgram {
  /** The registry name: the catalogue's program name for the package file ("postfix/master"). */
  readonly name: string;
  readonly program: Program;
}

export const POSTFIX_DAEMON_PROGRAMS: readonly PackagedProgram[] = [];
