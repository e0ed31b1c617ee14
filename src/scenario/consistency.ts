// Relations between fields of a scenario that reads well field by field: names that must be
// unique, references that must exist, and next hops that must be reachable. Each problem is
// reported at the later of two clashing entries, naming the first.
import { inSubnet, parseIpv4 } from './ipv4.ts';
import type { Reader } from './reader.ts';
import type { HostSpec, InterfaceSpec } from './schema.ts';
import type { ReadScenario } from './validate.ts';

export function checkConsistency(read: ReadScenario, reader: Reader): void {
  const { scenario, paths } = read;
  const pathOf = (o: object): string => paths.get(o) ?? '';

  const networks = new Map<string, string>();
  for (const network of scenario.networks) {
    const first = networks.get(network.name);
    if (first !== undefined) reader.error(`${pathOf(network)}.name`, `duplicate network '${network.name}' (first in ${first})`);
    else networks.set(network.name, pathOf(network));
  }

  const hostNames = new Map<string, string>();
  const addresses = new Map<string, string>();
  const macs = new Map<string, string>();
  for (const host of scenario.hosts) {
    const hostPath = pathOf(host);
    if (host.name !== '') {
      const first = hostNames.get(host.name);
      if (first !== undefined) reader.error(`${hostPath}.name`, `duplicate host name '${host.name}' (first in ${first})`);
      else hostNames.set(host.name, hostPath);
    }

    const ifaceNames = new Map<string, string>();
    for (const iface of host.interfaces) {
      const at = pathOf(iface);
      const label = `${host.name} ${iface.name}`;
      if (iface.name !== '') {
        const first = ifaceNames.get(iface.name);
        if (first !== undefined) reader.error(`${at}.name`, `duplicate interface '${iface.name}' in host ${host.name} (first in ${first})`);
        else ifaceNames.set(iface.name, at);
      }
      if (iface.network !== '' && !networks.has(iface.network) && !read.networksIncomplete) {
        const known = [...networks.keys()];
        reader.error(`${at}.network`, `unknown network '${iface.network}'` + (known.length ? ` (networks: ${known.join(', ')})` : ' (no networks are declared)'));
      }
      if (iface.address) {
        const first = addresses.get(iface.address.address);
        if (first !== undefined) reader.error(`${at}.address`, `address ${iface.address.address} is already used by ${first}`);
        else addresses.set(iface.address.address, `${label} (${at})`);
      }
      if (iface.mac) {
        const first = macs.get(iface.mac);
        if (first !== undefined) reader.error(`${at}.mac`, `MAC address ${iface.mac} is already used by ${first}`);
        else macs.set(iface.mac, `${label} (${at})`);
      }
    }

    const users = new Map<string, string>();
    for (const user of host.users) {
      const first = users.get(user.name);
      if (first !== undefined) reader.error(`${pathOf(user)}.name`, `duplicate user '${user.name}' in host ${host.name} (first in ${first})`);
      else users.set(user.name, pathOf(user));
    }

    checkNextHops(host, hostPath, read, reader);
  }
}

/**
 * Linux accepts a gateway only on a connected subnet (`ip route add default via X` otherwise
 * fails with "Nexthop has invalid gateway"). A host with a DHCP interface may learn that subnet
 * from its lease, so it is given the benefit of the doubt.
 */
function checkNextHops(host: HostSpec, hostPath: string, read: ReadScenario, reader: Reader): void {
  if (read.incompleteHosts.has(host)) return;
  const statics = host.interfaces.filter((i): i is InterfaceSpec & { address: NonNullable<InterfaceSpec['address']> } => i.address !== null);
  const usesDhcp = host.interfaces.some((i) => i.dhcp);
  const subnets = statics.length ? statics.map((i) => `${i.address.text} on ${i.name}`).join(', ') : 'it has no static address';

  const check = (hop: string, path: string, what: string): void => {
    const parsed = parseIpv4(hop);
    if (!parsed.ok) return;
    if (statics.some((i) => i.address.address === hop)) {
      reader.error(path, `${what} ${hop} is this host's own address`);
      return;
    }
    if (usesDhcp || statics.some((i) => inSubnet(parsed.value, i.address))) return;
    reader.error(path, `${what} ${hop} is not in a subnet of this host (${subnets})`);
  };

  if (host.gateway !== null) check(host.gateway, `${hostPath}.gateway`, 'gateway');
  const destinations = new Map<string, string>();
  if (host.gateway !== null) destinations.set('0.0.0.0/0', `${hostPath}.gateway`);
  for (const route of host.routes) {
    const at = read.paths.get(route) ?? hostPath;
    check(route.via, `${at}.via`, 'route via');
    // The kernel keeps one route per destination: a second `ip route add` says "File exists".
    const key = `${route.to.address}/${route.to.prefix}`;
    const first = destinations.get(key);
    if (first !== undefined) reader.error(`${at}.to`, `a route to ${key} is already given by ${first}`);
    else destinations.set(key, at);
  }
}
