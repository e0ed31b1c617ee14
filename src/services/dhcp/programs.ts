// The DHCP server (isc-dhcp-server's dhcpd) and client (isc-dhcp-client's dhclient).
import type { Program } from '../../os/program.ts';
import { dhclientMain } from './dhclient.ts';
import { dhcpdMain, dhcpdServiceMain } from './dhcpd.ts';

export interface PackagedProgram {
  /** The registry name: the catalogue's program name for the package file ("postfix/master"). */
  readonly name: string;
  readonly program: Program;
}

export const DHCP_PROGRAMS: readonly PackagedProgram[] = [
  { name: 'dhcpd', program: (proc) => dhcpdMain(proc) },
  /** The isc-dhcp-server unit: what /etc/init.d/isc-dhcp-server start does, then dhcpd. */
  { name: 'isc-dhcp-server/service', program: dhcpdServiceMain },
  { name: 'dhclient', program: dhclientMain },
];
