// Checks on a host's network stack, read as `ss -ltun`, `ip addr`, `ip route` and
// /proc/sys/net/ipv4/ip_forward would show it.
import { listSockets } from '../../commands/lib/socket-table.ts';
import { formatIpv4, parseIpv4 } from '../../wire/addr.ts';
import type { CheckSpec } from '../../scenario/steps.ts';
import type { SimHost } from '../simulation.ts';
import { DONE, notDone, type CheckResult } from './check-result.ts';

type Check<K extends CheckSpec['kind']> = Extract<CheckSpec, { kind: K }>;

/** A TCP listener, or a bound unconnected UDP socket, on the port; 0.0.0.0 serves every address. */
export function checkListening(host: SimHost, c: Check<'listening'>): CheckResult {
  const want = c.address === null ? null : parseIpv4(c.address);
  const found = listSockets(host.stack).some(
    (r) =>
      r.proto === c.proto &&
      (c.proto === 'tcp' ? r.state === 'LISTEN' : r.state === 'UNCONN') &&
      r.localPort === c.port &&
      (want === null || r.localAddress === 0 || r.localAddress === want),
  );
  const where = c.address === null ? `port ${c.port}` : `${c.address}:${c.port}`;
  return found ? DONE : notDone(`nothing listens on ${c.proto.toUpperCase()} ${where} on ${host.name}`);
}

export function checkAddress(host: SimHost, c: Check<'address'>): CheckResult {
  const want = parseIpv4(c.address);
  for (const nic of host.stack.interfaces.values()) {
    if (c.iface !== null && nic.name !== c.iface) continue;
    if (nic.addresses.some((a) => a.address === want && (c.prefix === null || a.prefix === c.prefix))) return DONE;
  }
  const shown = c.prefix === null ? c.address : `${c.address}/${c.prefix}`;
  return notDone(`${c.iface ?? host.name} has no address ${shown}` + (c.iface !== null ? ` on ${host.name}` : ''));
}

export function checkForwarding(host: SimHost, c: Check<'forwarding'>): CheckResult {
  return host.stack.ipForward === c.value ? DONE : notDone(`net.ipv4.ip_forward = ${host.stack.ipForward ? 1 : 0} on ${host.name}`);
}

export function checkRoute(host: SimHost, c: Check<'route'>): CheckResult {
  const [dest, prefix] = c.to === 'default' ? [0, 0] : [parseIpv4(c.to.slice(0, c.to.indexOf('/'))), Number(c.to.slice(c.to.indexOf('/') + 1))];
  const via = c.via === null ? null : parseIpv4(c.via);
  const found = host.stack.routes.list().some(
    (r) => r.dest === dest && r.prefix === prefix && (via === null || r.gateway === via) && (c.dev === null || r.iface === c.dev),
  );
  if (found) return DONE;
  let what = `no route to ${c.to}`;
  if (via !== null) what += ` via ${formatIpv4(via)}`;
  if (c.dev !== null) what += ` dev ${c.dev}`;
  return notDone(`${what} on ${host.name}`);
}
