// postqueue(1): -p lists the queue (mailq is the same through sendmail), -f / -s SITE / -i ID ask
// the running qmgr to try deferred mail now. With the mail system down, -p reads the queue
// directly after a warning and -f fails, as Postfix 3.7 does (../fidelity/smtp/admin).
import type { Process } from '../../../os/program.ts';
import { mailSystemOf } from '../master/mail-system.ts';
import { showQueue } from './showq.ts';

const USAGE = 'postqueue: fatal: usage: postqueue -f | postqueue -i queueid | postqueue -j | postqueue -p | postqueue -s site\n';
const EX_USAGE = 64;
const EX_UNAVAILABLE = 69;

/** postqueue -p: what mailq prints. */
export function listQueue(proc: Process): number {
  if (mailSystemOf(proc.host) === null) {
    proc.stderr.write('postqueue: warning: Mail system is down -- accessing queue directly (Connect to the Postfix showq service: No such file or directory)\n');
  }
  proc.stdout.write(showQueue(proc.host.fs));
  return 0;
}

/** postqueue -f (sendmail -q): every deferred message is tried again now. */
export function flushQueue(proc: Process, prog = 'postqueue'): number {
  const sys = mailSystemOf(proc.host);
  if (sys === null) {
    proc.stderr.write(`${prog}: fatal: Cannot flush mail queue - mail system is down\n`);
    return EX_UNAVAILABLE;
  }
  sys.qmgr.flush();
  return 0;
}

export async function postqueue(proc: Process): Promise<number> {
  const args = proc.argv.slice(1);
  let mode: 'p' | 'f' | 's' | 'i' | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-p') mode = 'p';
    else if (a === '-f') mode = 'f';
    else if (a === '-s' || a === '-i') {
      mode = a === '-s' ? 's' : 'i';
      if (args[i + 1] === undefined) {
        proc.stderr.write(USAGE);
        return EX_USAGE;
      }
      i += 1;
    } else if (a === '-c' || a === '-C') i += 1;
    else if (a === '-v') continue;
    else {
      proc.stderr.write(a.startsWith('-') ? `postqueue: invalid option -- '${a.slice(1, 2)}'\n${USAGE}` : USAGE);
      return EX_USAGE;
    }
  }
  if (mode === null) {
    proc.stderr.write(USAGE);
    return EX_USAGE;
  }
  if (mode === 'p') return listQueue(proc);
  return flushQueue(proc);
}
