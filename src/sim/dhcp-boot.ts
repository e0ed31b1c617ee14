// Interfaces a scenario marks `dhcp: true` are brought up at boot as ifupdown does for
// `iface IF inet dhcp` (ifupdown 0.8.41, Debian 12): dhclient in the foreground until it is
// bound or gives up, then it stays as a daemon with a PID and lease file per interface.
import type { Host } from '../os/host.ts';
import type { HostSpec } from '../scenario/schema.ts';

/** The dhclient command line of ifup's dhcp method. */
export function ifupDhclientArgv(iface: string): string[] {
  return [
    '/sbin/dhclient', '-4', '-v', '-i', '-pf', `/run/dhclient.${iface}.pid`, '-lf', `/var/lib/dhcp/dhclient.${iface}.leases`,
    '-I', '-df', `/var/lib/dhcp/dhclient6.${iface}.leases`, iface,
  ];
}

/** Runs ifup's dhclient for each `dhcp: true` interface of the host; resolves when they return. */
export async function bringUpDhcpInterfaces(host: { readonly spec: HostSpec; readonly machine: Host }): Promise<void> {
  const jobs: Promise<unknown>[] = [];
  for (const ifs of host.spec.interfaces) {
    if (ifs.dhcp !== true) continue;
    const child = host.machine.spawn(ifupDhclientArgv(ifs.name));
    if (!('error' in child)) jobs.push(child.wait());
  }
  await Promise.all(jobs);
}
