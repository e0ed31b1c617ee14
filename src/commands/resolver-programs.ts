// The DNS client tools of bind9-dnsutils and bind9-host (dig, host, nslookup).
import type { Program } from '../os/program.ts';
import { dig } from './dig/dig.ts';
import { host } from './host/host.ts';
import { nslookup } from './nslookup/nslookup.ts';

export interface PackagedProgram {
  /** The registry name: the catalogue's program name for the package file ("postfix/master"). */
  readonly name: string;
  readonly program: Program;
}

export const RESOLVER_PROGRAMS: readonly PackagedProgram[] = [
  { name: 'dig', program: dig },
  { name: 'host', program: host },
  { name: 'nslookup', program: nslookup },
];
