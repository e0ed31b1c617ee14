// master(8), /usr/lib/postfix/sbin/master: the resident Postfix process. It writes its pid file
// (/var/spool/postfix/pid/master.pid), runs the mail system (port 25, qmgr, pickup and the daemons
// they need), reloads main.cf on SIGHUP and ends on SIGTERM, logging as Postfix 3.7.11 does:
// "daemon started -- version 3.7.11, configuration /etc/postfix", "reload -- ...",
// "terminating on signal 15". `master -t` only tells whether one is running (exit 1 if so).
import type { Credentials } from '../../../os/fs/types.ts';
import { SIGHUP, SIGINT, SIGTERM, type Process } from '../../../os/program.ts';
import { sdNotify, syslogOf } from '../../../os/services/host-services.ts';
import { mainCfExists } from '../config/main-cf.ts';
import { QUEUE_DIRECTORY } from '../queue/queue-store.ts';
import { MailSystem } from './mail-system.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
export const MASTER_PID_FILE = `${QUEUE_DIRECTORY}/pid/master.pid`;
const VERSION = 'version 3.7.11, configuration /etc/postfix';

/** The pid of the running master, from its pid file, if that process is alive and is master. */
export function runningMasterPid(proc: Process): number | null {
  const r = proc.host.fs.readFile(MASTER_PID_FILE, ROOT);
  if (!r.ok) return null;
  const pid = Number(new TextDecoder().decode(r.value).trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const p = proc.host.processes.get(pid);
  return p !== undefined && p.state !== 'Z' && p.comm === 'master' ? pid : null;
}

function log(proc: Process, message: string, severity: 'info' | 'crit' = 'info'): void {
  syslogOf(proc.host)?.log({ facility: 'mail', severity, tag: 'postfix/master', pid: proc.pid, message });
}

export async function postfixMaster(proc: Process): Promise<number> {
  const args = proc.argv.slice(1);
  if (args.includes('-t')) return runningMasterPid(proc) === null ? 0 : 1;
  if (proc.cred.uid !== 0) {
    proc.stderr.write('postfix/master: fatal: the master command is reserved for the superuser\n');
    return 1;
  }
  const other = runningMasterPid(proc);
  if (other !== null && other !== proc.pid) {
    const text = 'fatal: open lock file /var/lib/postfix/master.lock: unable to set exclusive lock: Resource temporarily unavailable';
    log(proc, text, 'crit');
    proc.stderr.write(`postfix/master: ${text}\n`);
    return 1;
  }
  if (!mainCfExists(proc.host.fs)) {
    // "No configuration" leaves no main.cf: every Postfix program dies reading it.
    const text = 'fatal: open /etc/postfix/main.cf: No such file or directory';
    log(proc, text, 'crit');
    proc.stderr.write(`postfix/master: ${text}\n`);
    return 1;
  }
  const sys = new MailSystem(proc);
  const fatal = sys.start();
  if (fatal !== null) {
    log(proc, `fatal: ${fatal}`, 'crit');
    sys.stop();
    return 1;
  }
  proc.host.fs.mkdir(`${QUEUE_DIRECTORY}/pid`, ROOT, { parents: true, mode: 0o755 });
  // master.c: "%*lu\n" with a width of 4 * sizeof(unsigned long), in a 0600 lock file.
  proc.host.fs.writeFile(MASTER_PID_FILE, `${String(proc.pid).padStart(32, ' ')}\n`, ROOT, { mode: 0o600 });
  log(proc, `daemon started -- ${VERSION}`);
  sdNotify(proc.host, proc.pid, 'READY=1');

  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((r) => {
    finish = (code) => {
      proc.host.scheduler.noteAsyncWake();
      r(code);
    };
  });
  const terminate = (signal: number): void => {
    log(proc, `terminating on signal ${signal}`);
    finish(0);
  };
  proc.onSignal(SIGTERM, () => terminate(SIGTERM));
  proc.onSignal(SIGINT, () => terminate(SIGINT));
  proc.onSignal(SIGHUP, () => {
    log(proc, `reload -- ${VERSION}`);
    const err = sys.reload();
    if (err !== null) {
      log(proc, `fatal: ${err}`, 'crit');
      finish(1);
    }
  });
  proc.atExit(() => sys.stop());
  const code = await done;
  // Postfix leaves master.pid in place; `master -t` (the lock) is what tells whether it runs.
  sys.stop();
  return code;
}
