// The DHCP server (isc-dhcp-server's dhcpd) and client (isc-dhcp-client's dhclient).
import type { Program } from '../../os/program.ts';

export interface PackagedProgram {
  /** The registry name: the catalogue's program name for the package file ("postfix/master"). */
  readonly name: string;
  readonly program: Program;
}

export const DHCP_PROGRAMS: readonly PackagedProgram[] = [];
