// /usr/sbin/dovecot: `dovecot -F` (what dovecot.service runs), `dovecot` (daemonizes, as the init
// script starts it), `dovecot --version`, `dovecot -n|-a` (doveconf), `dovecot stop|reload`.
import type { Program, Process } from '../../os/program.ts';
import { signalMaster } from './doveadm.ts';
import { doveconfHost } from './doveconf.ts';
import { loadHostConfig } from './host-config.ts';
import { EXIT_FATAL, MASTER_PID_FILE, runMaster } from './master.ts';
import { DOVECOT_VERSION, doveconfN } from './settings.ts';
import { SIGHUP, SIGTERM } from '../../os/program.ts';

const USAGE =
  'Fatal: Usage: dovecot [-F] [-c <config file>] [-p] [-n] [-a] [--help] [--version]\n       [--build-options] [--hostdomain] [reload] [stop]\n';

const ROOT = { uid: 0, gid: 0, groups: [0] };

/** The PID in /run/dovecot/master.pid if that process is alive, else null. */
export function livePid(proc: Process): number | null {
  const r = proc.host.fs.readFile(MASTER_PID_FILE, ROOT);
  if (!r.ok) return null;
  const pid = Number(new TextDecoder().decode(r.value).trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return proc.host.processes.get(pid)?.state === 'S' ? pid : null;
}

export const dovecotCommand: Program = async (proc) => {
  const args = proc.argv.slice(1);
  let foreground = false;
  let configPath: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--version') {
      proc.stdout.write(`${DOVECOT_VERSION}\n`);
      return 0;
    }
    if (a === '-F') foreground = true;
    else if (a === '-p') continue;
    else if (a === '-c') configPath = args[++i];
    else if (a === '-n' || a === '-a') {
      const cfg = loadHostConfig(proc.host.fs, configPath, proc.cred);
      if (!cfg.ok) {
        proc.stderr.write(`doveconf: Fatal: ${cfg.error}\n`);
        return EXIT_FATAL;
      }
      proc.stdout.write(doveconfN(cfg.root, doveconfHost(proc)));
      return 0;
    } else if (a === 'stop' || a === 'reload') {
      return signalMaster(proc, a === 'stop' ? SIGTERM : SIGHUP);
    } else if (a === '--help') {
      proc.stderr.write(USAGE);
      return EXIT_FATAL;
    } else {
      proc.stderr.write(a.startsWith('-') ? `dovecot: invalid option -- '${a.slice(1, 2)}'\n${USAGE}` : USAGE);
      return EXIT_FATAL;
    }
  }
  if (proc.cred.uid !== 0) {
    proc.stderr.write('Fatal: Dovecot must be started as root\n');
    return EXIT_FATAL;
  }
  const cfg = loadHostConfig(proc.host.fs, configPath);
  if (!cfg.ok) {
    proc.stderr.write(`doveconf: Fatal: ${cfg.error}\n`);
    return EXIT_FATAL;
  }
  const running = livePid(proc);
  if (running !== null) {
    proc.stderr.write(`Fatal: Dovecot is already running with PID ${running} (read from ${MASTER_PID_FILE})\n`);
    return EXIT_FATAL;
  }
  if (foreground) return runMaster(proc, cfg.root);
  // Without -F the master forks into the background and the command returns.
  proc.fork((child) => runMaster(child, cfg.root), { setsid: true });
  return 0;
};
