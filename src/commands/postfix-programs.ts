// Postfix's administration commands (postconf, postfix, newaliases, postalias...): package files of postfix.
import type { Program } from '../os/program.ts';

export interface PackagedProgram {
  /** The registry name: the catalogue's program name for the package file ("postfix/master"). */
  readonly name: string;
  readonly program: Program;
}

export const POSTFIX_COMMAND_PROGRAMS: readonly PackagedProgram[] = [];
