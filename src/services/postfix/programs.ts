// Postfix's daemons (master and the services master.cf names) and the mail system's user commands
// (sendmail, mailq and newaliases through it, postdrop, postqueue, postsuper, postcat): their executables
// are package files of postfix; the registry gives them their code.
import type { Process, Program } from '../../os/program.ts';
import { postcat } from './commands/postcat.ts';
import { postqueue } from './commands/postqueue.ts';
import { postdrop, sendmail } from './commands/sendmail.ts';
import { postsuper } from './commands/postsuper.ts';
import { postfixMaster } from './master/master.ts';

export interface PackagedProgram {
  /** The registry name: the catalogue's program name for the package file ("postfix/master"). */
  readonly name: string;
  readonly program: Program;
}

/**
 * A daemon master runs for itself: started by hand it says what Postfix says when a service is not
 * run by master (its code runs inside the master process in the simulation).
 */
function standalone(name: string): Program {
  return async (proc: Process) => {
    proc.stderr.write(`${name}: fatal: usage: ${name} [options] (this program is run by the Postfix master daemon)\n`);
    return 1;
  };
}

export const POSTFIX_DAEMON_PROGRAMS: readonly PackagedProgram[] = [
  { name: 'postfix/master', program: postfixMaster },
  ...['smtpd', 'cleanup', 'qmgr', 'pickup', 'local', 'smtp', 'bounce', 'trivial-rewrite'].map((d) => ({ name: `postfix/${d}`, program: standalone(d) })),
  { name: 'sendmail', program: sendmail },
  { name: 'postdrop', program: postdrop },
  { name: 'postqueue', program: postqueue },
  { name: 'postsuper', program: postsuper },
  { name: 'postcat', program: postcat },
];
