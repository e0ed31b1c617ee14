// Dovecot's daemons and tools (dovecot, doveconf, doveadm) and popa3d. The service processes
// ps shows (dovecot/pop3-login, dovecot/pop3, dovecot/imap-login, dovecot/imap, dovecot/auth,
// dovecot/anvil, dovecot/log, dovecot/config) are forked by the master with their code (master.ts);
// their executables under /usr/lib/dovecot, run by hand, stay "not implemented" stubs.
import type { Program } from '../../os/program.ts';
import { popa3d } from '../popa3d/popa3d.ts';
import { doveadm } from './doveadm.ts';
import { doveconf } from './doveconf.ts';
import { dovecotCommand } from './dovecot-command.ts';

export interface PackagedProgram {
  /** The registry name: the catalogue's program name for the package file ("postfix/master"). */
  readonly name: string;
  readonly program: Program;
}

export const DOVECOT_PROGRAMS: readonly PackagedProgram[] = [
  { name: 'dovecot', program: dovecotCommand },
  { name: 'doveconf', program: doveconf },
  { name: 'doveadm', program: doveadm },
  { name: 'popa3d', program: popa3d },
];
