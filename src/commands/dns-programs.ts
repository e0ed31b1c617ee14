// The BIND utilities simulated so far (package bind9-utils): their executables are package
// files named after them, installed with bind9; the registry gives them their code.
import type { Program } from '../os/program.ts';
import { namedCheckconf } from './named-checkconf/named-checkconf.ts';
import { namedCheckzone } from './named-checkzone/named-checkzone.ts';
import { rndc } from './rndc/rndc.ts';

export interface DnsProgram {
  readonly name: string;
  readonly path: string | null;
  readonly program: Program;
  readonly package: string;
}

export const DNS_PROGRAMS: readonly DnsProgram[] = [
  { name: 'named-checkzone', path: '/usr/bin/named-checkzone', program: namedCheckzone, package: 'bind9-utils' },
  { name: 'named-checkconf', path: '/usr/bin/named-checkconf', program: namedCheckconf, package: 'bind9-utils' },
  { name: 'rndc', path: '/usr/sbin/rndc', program: rndc, package: 'bind9-utils' },
];
