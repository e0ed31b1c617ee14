// A service unit as a package declares it, and the unit file systemd would read for it
// (systemd.unit(5), systemd.service(5)). The definition binds the unit to the registered daemon
// Program the manager starts; the file under /lib/systemd/system is what `ls`, `cat` and
// `systemctl cat` show.
import type { Program } from '../program.ts';

export type ServiceType = 'simple' | 'forking' | 'notify' | 'oneshot';

export interface UnitDefinition {
  /** "postfix.service". */
  readonly name: string;
  /** Other names (Alias= in [Install]): bind9.service for named.service. */
  readonly aliases?: readonly string[];
  /** "Postfix Mail Transport Agent". */
  readonly description: string;
  /** "man:postfix(1)". */
  readonly documentation?: readonly string[];
  /** Registry name of the daemon Program, started as root in its own session. */
  readonly program: string;
  /** The daemon's argv (argv[0] a path: it is the CGroup line and ExecStart= of the unit file). */
  readonly argv?: readonly string[];
  /** Process name (ps, netstat -p, "Main PID: 1234 (master)"). */
  readonly comm?: string;
  readonly type: ServiceType;
  /** ExecReload= sends this signal to the main process (default SIGHUP); null: no reload. */
  readonly reloadSignal?: number | null;
  /** The LSB script the package installs ("/etc/init.d/postfix"). */
  readonly initScript?: string;
  /** log_daemon_msg's text of that script in native mode: "IMAP/POP3 mail server". */
  readonly initDescription?: string;
  /**
   * Actions of the init script beyond the generic ones, or replacing them when the script is not
   * redirected to systemctl (postfix's `check`): run with argv [script, action, ...args].
   */
  readonly initActions?: Readonly<Record<string, Program>>;
  /** Debian's preset: the package enables the unit when installed (deb-systemd-helper). */
  readonly startedByDefault?: boolean;
  /** [Install] WantedBy= (default multi-user.target). */
  readonly wantedBy?: string;
  /** Type=oneshot only: stay "active (exited)" after the process succeeded. */
  readonly remainAfterExit?: boolean;
  /** TimeoutStopSec= in seconds (default 90): SIGKILL after SIGTERM. */
  readonly timeoutStopSec?: number;
  /** Environment= for the daemon. */
  readonly environment?: Readonly<Record<string, string>>;
}

export const UNIT_DIR = '/lib/systemd/system';
export const ETC_UNIT_DIR = '/etc/systemd/system';

/** The daemon's argv, defaulting to the program's name under /usr/sbin. */
export function unitArgv(unit: UnitDefinition): readonly string[] {
  return unit.argv !== undefined && unit.argv.length > 0 ? unit.argv : [`/usr/sbin/${unit.program}`];
}

export function unitWantedBy(unit: UnitDefinition): string {
  return unit.wantedBy ?? 'multi-user.target';
}

/** The unit file text, laid out as Debian's packaged units are. */
export function unitFileText(unit: UnitDefinition): string {
  const lines = ['[Unit]', `Description=${unit.description}`];
  if (unit.documentation !== undefined && unit.documentation.length > 0) {
    lines.push(`Documentation=${unit.documentation.join(' ')}`);
  }
  lines.push('After=network.target', '', '[Service]', `Type=${unit.type}`);
  if (unit.type === 'oneshot' && unit.remainAfterExit === true) lines.push('RemainAfterExit=yes');
  for (const [k, v] of Object.entries(unit.environment ?? {})) lines.push(`Environment=${k}=${v}`);
  lines.push(`ExecStart=${unitArgv(unit).join(' ')}`);
  const sig = unit.reloadSignal === undefined ? 1 : unit.reloadSignal;
  if (sig !== null) lines.push(sig === 1 ? 'ExecReload=/bin/kill -HUP $MAINPID' : `ExecReload=/bin/kill -s ${sig} $MAINPID`);
  if (unit.timeoutStopSec !== undefined) lines.push(`TimeoutStopSec=${unit.timeoutStopSec}`);
  lines.push('', '[Install]', `WantedBy=${unitWantedBy(unit)}`);
  for (const a of unit.aliases ?? []) lines.push(`Alias=${a}`);
  return lines.join('\n') + '\n';
}

/** "postfix" -> "postfix.service"; names with a known suffix stay as they are. */
export function normalizeUnitName(name: string): string {
  if (/\.(service|socket|target|timer|mount|path|slice|scope|device|swap|automount)$/.test(name)) return name;
  return `${name}.service`;
}
