// Every program the simulated Debian hosts can run, registered once per simulation, and the
// executable files that name them, installed into a host's file system.
import type { Host } from '../os/host.ts';
import { installProgram } from '../os/process/executable.ts';
import { ProgramRegistry } from '../os/programs-registry.ts';
import type { Program } from '../os/program.ts';
import { SHELL_PROGRAMS } from '../shell/programs.ts';
import { SYSTEM_PROGRAMS } from '../commands/system-programs.ts';
import { CORE_PROGRAMS } from '../commands/core-programs.ts';
import { ROOT_CREDENTIALS } from './credentials.ts';

interface ProgramEntry {
  readonly name: string;
  /** null: installed by packages under their own names (init scripts). */
  readonly path: string | null;
  readonly program: Program;
  readonly mode?: number;
}

/** The tables of the command and shell layers. */
const TABLES: ReadonlyArray<readonly ProgramEntry[]> = [SHELL_PROGRAMS, CORE_PROGRAMS, SYSTEM_PROGRAMS];

export function buildRegistry(): ProgramRegistry {
  const registry = new ProgramRegistry();
  for (const table of TABLES) for (const e of table) if (!registry.has(e.name)) registry.register(e.name, e.program);
  return registry;
}

/** Installs the executables of the base system (packages add theirs when installed). */
export function installPrograms(host: Host): void {
  for (const table of TABLES) for (const e of table) if (e.path !== null) installProgram(host.fs, e.path, e.name, e.mode);
  // Debian's /bin/sh is dash (/bin -> usr/bin).
  host.fs.symlink('dash', '/usr/bin/sh', ROOT_CREDENTIALS);
}
