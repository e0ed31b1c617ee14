// BIND's daemon (named). Its control tool rndc is a command (src/commands/rndc, registered in
// src/commands/dns-programs.ts: a service may not import the commands layer).
import type { Program } from '../../os/program.ts';
import { named } from './named.ts';

export interface PackagedProgram {
  /** The registry name: the catalogue's program name for the package file ("postfix/master"). */
  readonly name: string;
  readonly program: Program;
}

export const BIND_PROGRAMS: readonly PackagedProgram[] = [
  { name: 'named', program: named },
];
