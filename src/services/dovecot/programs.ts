// Dovecot's daemons and tools (dovecot, doveconf, doveadm, the login and mail processes) and popa3d.
import type { Program } from '../../os/program.ts';

export interface PackagedProgram {
  /** The registry name: the catalogue's program name for the package file ("postfix/master"). */
  readonly name: string;
  readonly program: Program;
}

export const DOVECOT_PROGRAMS: readonly PackagedProgram[] = [];
