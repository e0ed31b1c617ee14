// Postfix's administration commands (postconf, postfix, newaliases, postalias...): package files of postfix.
import type { Program } from '../os/program.ts';
import { postalias } from './postalias/postalias.ts';
import { postconf } from './postconf/postconf.ts';
import { postfix } from './postfix/postfix.ts';
import { postmap } from './postmap/postmap.ts';

export interface PackagedProgram {
  /** The registry name: the catalogue's program name for the package file ("postfix/master"). */
  readonly name: string;
  readonly program: Program;
}

export const POSTFIX_COMMAND_PROGRAMS: readonly PackagedProgram[] = [
  { name: 'postconf', program: postconf },
  { name: 'postfix', program: postfix },
  { name: 'postalias', program: postalias },
  { name: 'postmap', program: postmap },
];
