// GNU mailutils' programs (mail): package files of mailutils.
import type { Program } from '../os/program.ts';
import { frm } from './mail/frm.ts';
import { mail } from './mail/mail.ts';

export interface PackagedProgram {
  /** The registry name: the catalogue's program name for the package file ("postfix/master"). */
  readonly name: string;
  readonly program: Program;
}

export const MAIL_PROGRAMS: readonly PackagedProgram[] = [
  { name: 'mail', program: mail },
  { name: 'frm', program: frm },
  { name: 'from', program: frm },
];
