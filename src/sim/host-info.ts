// What the page's host sheet shows about one machine, as plain data read from its live state:
// interfaces and addresses, routes, services and listening sockets. Read again on each refresh;
// nothing here changes the host.
import { listSockets } from '../commands/lib/socket-table.ts';
import { servicesOf } from '../os/services/host-services.ts';
import { formatIpv4, formatMac } from '../wire/addr.ts';
import type { NetworkStack } from '../stack/host-stack.ts';
import type { Simulation } from './simulation.ts';

export interface InterfaceInfo {
  readonly name: string;
  readonly mac: string;
  readonly up: boolean;
  readonly loopback: boolean;
  /** "10.0.1.10/24", in the order they were added. */
  readonly addresses: readonly string[];
}

export interface ServiceInfo {
  /** "postfix.service" */
  readonly name: string;
  readonly activeState: string;
  readonly subState: string;
}

export interface ListeningInfo {
  readonly proto: 'tcp' | 'udp';
  /** "0.0.0.0:25" */
  readonly local: string;
  /** The owning program's name, when known. */
  readonly program: string | null;
}

export interface HostInfo {
  readonly name: string;
  readonly hostname: string;
  readonly role: string;
  readonly forwarding: boolean;
  readonly interfaces: readonly InterfaceInfo[];
  /** As `ip route` prints them: "default via 10.0.1.1 dev eth0 proto static". */
  readonly routes: readonly string[];
  readonly services: readonly ServiceInfo[];
  readonly listening: readonly ListeningInfo[];
}

/** The live state of host `name` (its scenario id), or null when there is no such host. */
export function hostInfo(sim: Simulation, name: string): HostInfo | null {
  const host = sim.hosts.get(name);
  if (host === undefined) return null;
  const stack = host.stack;
  const services = servicesOf(host.machine);
  return {
    name,
    hostname: host.hostname,
    role: host.spec.role,
    forwarding: stack.ipForward,
    interfaces: interfacesOf(stack),
    routes: routesOf(stack),
    services: (services?.list() ?? [])
      .map((s) => ({ name: s.name, activeState: s.activeState, subState: s.subState }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    listening: listSockets(stack)
      .filter((r) => r.state === 'LISTEN' || (r.proto === 'udp' && r.state === 'UNCONN'))
      .map((r) => ({ proto: r.proto, local: `${formatIpv4(r.localAddress)}:${r.localPort}`, program: r.owner?.name ?? null })),
  };
}

function interfacesOf(stack: NetworkStack): InterfaceInfo[] {
  return [...stack.interfaces.values()].map((nic) => ({
    name: nic.name,
    mac: formatMac(nic.mac),
    up: nic.up,
    loopback: nic.loopback,
    addresses: nic.addresses.map((a) => `${formatIpv4(a.address)}/${a.prefix}`),
  }));
}

// `ip route`'s wording (commands/ip/ip-route.ts), without the trailing space and linkdown.
function routesOf(stack: NetworkStack): string[] {
  return stack.routes.list().map((r) => {
    let line = r.prefix === 0 ? 'default' : r.prefix === 32 ? formatIpv4(r.dest) : `${formatIpv4(r.dest)}/${r.prefix}`;
    if (r.gateway !== null) line += ` via ${formatIpv4(r.gateway)}`;
    line += ` dev ${r.iface}`;
    if (r.proto !== 'boot') line += ` proto ${r.proto}`;
    if (r.scope !== 'global') line += ` scope ${r.scope}`;
    if (r.src !== undefined) line += ` src ${formatIpv4(r.src)}`;
    if (r.metric !== 0) line += ` metric ${r.metric}`;
    return line;
  });
}
