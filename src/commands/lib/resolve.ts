// Host name resolution for the commands: the host's stub resolver (src/os/resolver, glibc's
// getaddrinfo/getnameinfo with nsswitch.conf `hosts: files dns`) plus what only commands need.
import { formatIpv4, type Ipv4 } from '../../wire/addr.ts';
import type { Process } from '../../os/program.ts';
import { reverseLookup } from '../../os/resolver/index.ts';

export { gaiStrerror, inetAton, lookupHost, readHostsFile, reverseLookup, type GaiError, type LookupResult } from '../../os/resolver/index.ts';

/** getnameinfo without NI_NAMEREQD: the name, else the dotted quad. */
export async function nameOrAddress(proc: Process, address: Ipv4): Promise<string> {
  return (await reverseLookup(proc, address)) ?? formatIpv4(address);
}
