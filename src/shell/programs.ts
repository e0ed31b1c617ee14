// The shell layer's programs for the simulation's registry: the executable's marker name, where
// Debian 12 installs it, and the code. /bin/sh is a symlink to dash (package dash) and /bin to
// /usr/bin (usrmerge): the tree builder makes those links.
import type { Program } from '../os/program.ts';
import { bashProgram, shProgram } from './bash.ts';

export interface ShellProgramEntry {
  readonly name: string;
  readonly path: string;
  readonly program: Program;
}

export const SHELL_PROGRAMS: readonly ShellProgramEntry[] = [
  { name: 'bash', path: '/usr/bin/bash', program: bashProgram },
  { name: 'dash', path: '/usr/bin/dash', program: shProgram },
];
