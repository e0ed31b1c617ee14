// GNU mailutils' programs (mail): package files of mailutils.
import type { Program } from '../os/program.ts';

export interface PackagedProgram {
  /** The registry name: the catalogue's program name for the package file ("postfix/master"). */
  readonly name: string;
  readonly program: Program;
}

export const MAIL_PROGRAMS: readonly PackagedProgram[] = [];
