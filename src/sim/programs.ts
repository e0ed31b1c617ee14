// Every program the simulated Debian hosts can run, registered once per simulation, and the
// executable files that name them. Programs of the base system's essential packages (shell,
// coreutils, systemd tools, apt...) are installed here; programs of other packages (iproute2,
// net-tools, postfix...) are registered only: their executables are package files, written by
// the base system image or by `apt install`, so a command exists exactly when its package does.
import type { Host } from '../os/host.ts';
import { installProgram } from '../os/process/executable.ts';
import { ProgramRegistry } from '../os/programs-registry.ts';
import type { Program } from '../os/program.ts';
import { installBaseSystem } from '../os/packages/base-system.ts';
import { registerMissingPrograms } from '../os/packages/not-implemented.ts';
import { SHELL_PROGRAMS } from '../shell/programs.ts';
import { SYSTEM_PROGRAMS } from '../commands/system-programs.ts';
import { CORE_PROGRAMS } from '../commands/core-programs.ts';
import { PACKAGE_PROGRAMS } from '../commands/package-programs.ts';
import { NET_PROGRAMS } from '../commands/net-programs.ts';
import { DNS_PROGRAMS } from '../commands/dns-programs.ts';
import { POSTFIX_DAEMON_PROGRAMS } from '../services/postfix/programs.ts';
import { POSTFIX_COMMAND_PROGRAMS } from '../commands/postfix-programs.ts';
import { MAIL_PROGRAMS } from '../commands/mail-programs.ts';
import { DOVECOT_PROGRAMS } from '../services/dovecot/programs.ts';
import { BIND_PROGRAMS } from '../services/bind/programs.ts';
import { RESOLVER_PROGRAMS } from '../commands/resolver-programs.ts';
import { DHCP_PROGRAMS } from '../services/dhcp/programs.ts';
import { ROOT_CREDENTIALS } from './credentials.ts';

interface ProgramEntry {
  readonly name: string;
  /** null: installed by packages under their own names (init scripts). */
  readonly path: string | null;
  readonly program: Program;
  readonly mode?: number;
}

/** Installed with every host. */
const BASE_TABLES: ReadonlyArray<readonly ProgramEntry[]> = [SHELL_PROGRAMS, CORE_PROGRAMS, SYSTEM_PROGRAMS, PACKAGE_PROGRAMS];
/** Registered only: their packages' files name them. */
const PACKAGED_TABLES: ReadonlyArray<readonly ProgramEntry[]> = [NET_PROGRAMS, DNS_PROGRAMS];
/** The daemons and tools of the mail, DNS and DHCP packages (registered only, by name). */
const SERVICE_TABLES: ReadonlyArray<readonly { readonly name: string; readonly program: Program }[]> = [
  POSTFIX_DAEMON_PROGRAMS, POSTFIX_COMMAND_PROGRAMS, MAIL_PROGRAMS, DOVECOT_PROGRAMS, BIND_PROGRAMS, RESOLVER_PROGRAMS, DHCP_PROGRAMS,
];

export function buildRegistry(): ProgramRegistry {
  const registry = new ProgramRegistry();
  for (const table of [...BASE_TABLES, ...PACKAGED_TABLES, ...SERVICE_TABLES]) {
    for (const e of table) if (!registry.has(e.name)) registry.register(e.name, e.program);
  }
  // What the catalogue ships but nobody wrote yet says so when run.
  registerMissingPrograms(registry);
  return registry;
}

/** The base system: dpkg database, package files, and the executables of the tables above. */
export function installPrograms(host: Host): void {
  installBaseSystem(host.fs);
  for (const table of BASE_TABLES) for (const e of table) if (e.path !== null) installProgram(host.fs, e.path, e.name, e.mode);
  // Debian's /bin/sh is dash (/bin -> usr/bin).
  if (!host.fs.lstat('/usr/bin/sh', ROOT_CREDENTIALS).ok) host.fs.symlink('dash', '/usr/bin/sh', ROOT_CREDENTIALS);
}
