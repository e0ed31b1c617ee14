// The LSB init script a package installs as /etc/init.d/NAME, bound to its systemd unit.
// Run by hand on Debian 12 (systemd is PID 1), /lib/lsb/init-functions.d/40-systemd redirects the
// standard actions to systemctl and frames them with log_daemon_msg/log_end_msg:
//   Starting postfix (via systemctl): postfix.service.
// `status` runs `systemctl --no-pager status`. Other actions (postfix's `check`) run the
// package's own code; with SYSTEMCTL_SKIP_REDIRECT set, so do the standard ones, and they print
// the script's native messages ("Starting IMAP/POP3 mail server: dovecot.").
import type { Process, Program } from '../../os/program.ts';
import { servicesOf } from '../../os/services/host-services.ts';
import type { JobResult, ServiceManager } from '../../os/services/service-manager.ts';
import type { UnitDefinition } from '../../os/services/unit.ts';
import { resolvePath } from '../lib/path.ts';
import { runSystemctl } from '../systemctl/systemctl.ts';

const REDIRECTED = new Set(['start', 'stop', 'restart', 'reload', 'force-reload', 'try-restart', 'status']);

/** What 40-systemd prints before the systemctl call. */
function redirectMessage(action: string, prog: string): string {
  switch (action) {
    case 'start':
      return `Starting ${prog} (via systemctl)`;
    case 'stop':
      return `Stopping ${prog} (via systemctl)`;
    case 'reload':
    case 'force-reload':
      return `Reloading ${prog} configuration (via systemctl)`;
    case 'try-restart':
      return `Restarting ${prog} if running (via systemctl)`;
    default:
      return `Restarting ${prog} (via systemctl)`;
  }
}

/** log_end_msg of init-functions without fancy output. */
function endMsg(proc: Process, rc: number): void {
  proc.stdout.write(rc === 0 ? '.\n' : rc === 255 ? ' (warning).\n' : ' failed!\n');
}

export const initScript: Program = async (proc) => {
  const self = proc.argv[0] ?? '';
  // readlink -f "$0": the script's real path decides which unit it is.
  const abs = resolvePath(proc.cwd, self);
  const real = proc.host.fs.realpath(abs, proc.cred, proc.cwd);
  const path = real.ok ? real.value : abs;
  const prog = path.slice(path.lastIndexOf('/') + 1);
  const action = proc.argv[1] ?? '';
  const sm = servicesOf(proc.host);
  const unit = sm?.byInitScript(path);
  if (sm === null || unit === undefined) {
    proc.stderr.write(`${path}: no service is bound to this script\n`);
    return 1;
  }
  const skip = (proc.env.get('SYSTEMCTL_SKIP_REDIRECT') ?? proc.env.get('_SYSTEMCTL_SKIP_REDIRECT') ?? '') !== '';
  const service = `${prog.replace(/\.sh$/, '')}.service`;
  if (!skip && proc.ppid !== 1 && REDIRECTED.has(action) && sm.resolve(service) !== null) {
    if (action === 'status') return runSystemctl(proc, ['--no-pager', '--full', 'status', service]);
    proc.stdout.write(`${redirectMessage(action, prog)}: ${service}`);
    const rc = await runSystemctl(proc, ['--no-pager', action, service]);
    endMsg(proc, rc);
    return rc;
  }
  const own = unit.initActions?.[action];
  if (own !== undefined) return own(proc);
  if (REDIRECTED.has(action)) return native(proc, sm, unit, prog, action);
  const extra = Object.keys(unit.initActions ?? {}).filter((a) => !REDIRECTED.has(a));
  proc.stderr.write(`Usage: ${path} {start|stop|restart|reload|force-reload|status${extra.map((a) => '|' + a).join('')}}\n`);
  return 1;
};

/** The script's own start/stop/... (no systemd redirection): LSB messages around the job. */
async function native(proc: Process, sm: ServiceManager, unit: UnitDefinition, prog: string, action: string): Promise<number> {
  const desc = unit.initDescription ?? unit.description;
  const name = unit.name;
  if (action === 'status') {
    // status_of_proc: log_success_msg / log_failure_msg.
    if (sm.isActive(name)) {
      proc.stdout.write(`${prog} is running.\n`);
      return 0;
    }
    proc.stdout.write(`${prog} is not running ... failed!\n`);
    return 3;
  }
  if (proc.cred.uid !== 0) {
    // start-stop-daemon refuses to signal or start root's daemons for a user.
    proc.stderr.write(`start-stop-daemon: unable to ${action === 'stop' ? 'stop' : 'start'} ${unit.argv?.[0] ?? prog} (Operation not permitted)\n`);
    return 4;
  }
  const verb = { start: 'Starting', stop: 'Stopping', restart: 'Restarting', 'try-restart': 'Restarting', reload: 'Reloading', 'force-reload': 'Reloading' }[action] ?? 'Restarting';
  proc.stdout.write(`${verb} ${desc}: ${prog}`);
  let r: JobResult;
  if (action === 'start') r = await sm.start(name);
  else if (action === 'stop') r = await sm.stop(name);
  else if (action === 'reload' || action === 'force-reload') r = sm.isActive(name) ? await sm.reload(name) : await sm.restart(name);
  else if (action === 'try-restart') r = await sm.tryRestart(name);
  else r = await sm.restart(name);
  const rc = r === 'done' ? 0 : 1;
  endMsg(proc, rc);
  return rc;
}
