// Every program the simulated Debian hosts can run, registered once per simulation, and the
// executable files that name them, installed into a host's file system.
import type { Host } from '../os/host.ts';
import { installProgram } from '../os/process/executable.ts';
import { ProgramRegistry } from '../os/programs-registry.ts';
import type { Program } from '../os/program.ts';
import { SHELL_PROGRAMS } from '../shell/programs.ts';
import { ROOT_CREDENTIALS } from './credentials.ts';

interface ProgramEntry {
  name: string;
  path: string;
  program: Program;
}

/** The tables of the command and shell layers. */
const TABLES: ReadonlyArray<readonly ProgramEntry[]> = [SHELL_PROGRAMS];

export function buildRegistry(): ProgramRegistry {
  const registry = new ProgramRegistry();
  for (const table of TABLES) for (const e of table) if (!registry.has(e.name)) registry.register(e.name, e.program);
  return registry;
}

/** Installs the executables of the base system (packages add theirs when installed). */
export function installPrograms(host: Host): void {
  for (const table of TABLES) for (const e of table) installProgram(host.fs, e.path, e.name);
  // Debian's /bin/sh is dash (/bin -> usr/bin).
  host.fs.symlink('dash', '/usr/bin/sh', ROOT_CREDENTIALS);
}
