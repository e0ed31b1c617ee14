// route of net-tools 2.10: the kernel's main routing table in /proc/net/route's columns, and
// route add/del through the SIOCADDRT/SIOCDELRT ioctls (`route add default gw X`,
// `route add -net N netmask M gw G`, `-host`, `dev`). `netstat -r` shares the table printer.
import type { Process, Program } from '../../os/program.ts';
import type { Route } from '../../stack/routing.ts';
import type { NetError } from '../../stack/transport.ts';
import { formatIpv4, maskToPrefix, networkOf, prefixToMask, type Ipv4 } from '../../wire/addr.ts';
import { netStrerror } from '../lib/net-errors.ts';
import { netToolsText } from '../lib/net-tools-fr.ts';
import { lookupHost, reverseLookup } from '../lib/resolve.ts';
import { INET_ROUTE_USAGE, ROUTE_USAGE } from './route-usage.ts';

/** RTF_UP, RTF_GATEWAY, RTF_HOST as letters. */
function flags(r: Route): string {
  let f = 'U';
  if (r.gateway !== null) f += 'G';
  if (r.prefix === 32) f += 'H';
  return f;
}

async function names(proc: Process, r: Route, numeric: boolean): Promise<{ dest: string; gw: string }> {
  const dest = !numeric && r.prefix === 0 ? 'default' : formatIpv4(r.dest);
  let gw = formatIpv4(r.gateway ?? 0);
  if (!numeric && r.gateway !== null) gw = (await reverseLookup(proc, r.gateway)) ?? gw;
  return { dest: dest.slice(0, 15), gw: gw.slice(0, 15) };
}

/** `route -n` / `route`: the Metric/Ref/Use columns. */
export async function routeTable(proc: Process, numeric: boolean): Promise<string> {
  let s = netToolsText(proc, 'Kernel IP routing table\n') + netToolsText(proc, 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n');
  for (const r of proc.host.net.routes.list()) {
    const n = await names(proc, r, numeric);
    s += `${n.dest.padEnd(15)} ${n.gw.padEnd(15)} ${formatIpv4(prefixToMask(r.prefix)).padEnd(15)} ${flags(r).padEnd(5)} ${String(r.metric).padEnd(6)} ${'0'.padEnd(2)} ${'0'.padStart(7)} ${r.iface}\n`;
  }
  return s;
}

/** `netstat -r` and `route -e`: the MSS/Window/irtt columns instead. */
export async function netstatRouteTable(proc: Process, numeric: boolean): Promise<string> {
  let s = netToolsText(proc, 'Kernel IP routing table\n') + netToolsText(proc, 'Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n');
  for (const r of proc.host.net.routes.list()) {
    const n = await names(proc, r, numeric);
    s += `${n.dest.padEnd(15)} ${n.gw.padEnd(15)} ${formatIpv4(prefixToMask(r.prefix)).padEnd(15)} ${flags(r).padEnd(5)} ${'0'.padStart(5)} ${'0'.padEnd(6)} ${'0'.padStart(5)} ${r.iface}\n`;
  }
  return s;
}

/** inet_abc_len: the classful netmask of a network given without one. */
function classfulPrefix(a: Ipv4): number {
  const top = a >>> 24;
  if (a === 0) return 0;
  if (top < 128) return 8;
  if (top < 192) return 16;
  if (top < 224) return 24;
  return 32;
}

function usage(proc: Process, code: number): number {
  proc.stdout.write(INET_ROUTE_USAGE);
  return code;
}

function ioctlError(proc: Process, ioctl: string, e: NetError | 'EPERM'): number {
  proc.stderr.write(`${ioctl}: ${e === 'EPERM' ? 'Operation not permitted' : netStrerror(e)}\n`);
  return 7;
}

async function resolveHost(proc: Process, name: string): Promise<Ipv4 | null> {
  const r = await lookupHost(proc, name);
  if (r.ok) return r.address;
  proc.stderr.write(`${name}: ${r.error === 'EAI_AGAIN' ? 'Host name lookup failure' : 'Unknown host'}\n`);
  return null;
}

async function modify(proc: Process, del: boolean, args: readonly string[]): Promise<number> {
  let kind: 'net' | 'host' | null = null;
  let target: string | null = null;
  let mask: Ipv4 | null = null;
  let gateway: Ipv4 | null = null;
  let dev: string | undefined;
  let metric: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = (): string | null => (i + 1 < args.length ? args[++i] : null);
    if (a === '-net' || a === '-host') kind = a === '-net' ? 'net' : 'host';
    else if (a === 'netmask' || a === 'genmask') {
      const v = next();
      if (v === null) return usage(proc, 3);
      const m = await resolveHost(proc, v);
      if (m === null) return 6;
      if (maskToPrefix(m) === null) {
        proc.stderr.write(netToolsText(proc, 'route: bogus netmask %s\n', v));
        return usage(proc, 3);
      }
      mask = m;
    } else if (a === 'gw' || a === 'gateway') {
      const v = next();
      if (v === null) return usage(proc, 3);
      const g = await resolveHost(proc, v);
      if (g === null) return 6;
      gateway = g;
    } else if (a === 'metric') {
      const v = next();
      if (v === null || !/^\d+$/.test(v)) return usage(proc, 3);
      metric = Number(v);
    } else if (a === 'dev') {
      const v = next();
      if (v === null) return usage(proc, 3);
      dev = v;
    } else if (['mss', 'window', 'irtt', 'reject', 'mod', 'dyn', 'reinstate'].includes(a)) {
      if (a === 'mss' || a === 'window' || a === 'irtt') next();
    } else if (target === null) {
      target = a;
    } else if (dev === undefined) {
      dev = a;
    } else {
      return usage(proc, 3);
    }
  }
  if (target === null) return usage(proc, 0);
  let dest: Ipv4;
  let prefix: number;
  if (target === 'default') {
    dest = 0;
    prefix = 0;
  } else {
    const slash = target.indexOf('/');
    const hostPart = slash < 0 ? target : target.slice(0, slash);
    const addr = await resolveHost(proc, hostPart);
    if (addr === null) return 6;
    dest = addr;
    if (slash >= 0) {
      const p = target.slice(slash + 1);
      if (!/^\d+$/.test(p) || Number(p) > 32) return usage(proc, 3);
      prefix = Number(p);
    } else if (mask !== null) {
      prefix = maskToPrefix(mask)!;
    } else {
      prefix = kind === 'net' ? classfulPrefix(dest) : 32;
    }
    if (kind === 'host') prefix = 32;
    if (networkOf(dest, prefix) !== dest) {
      proc.stderr.write(netToolsText(proc, "route: netmask doesn't match route address\n"));
      return usage(proc, 3);
    }
  }
  const ioctl = del ? 'SIOCDELRT' : 'SIOCADDRT';
  if (proc.cred.uid !== 0) return ioctlError(proc, ioctl, 'EPERM');
  const net = proc.host.net;
  if (dev !== undefined && !net.interfaces.has(dev)) return ioctlError(proc, ioctl, 'ENODEV');
  if (del) {
    const sel: { dest: Ipv4; prefix: number; gateway?: Ipv4 | null; iface?: string; metric?: number } = { dest, prefix };
    if (gateway !== null) sel.gateway = gateway;
    if (dev !== undefined) sel.iface = dev;
    if (metric !== undefined) sel.metric = metric;
    const err = net.routes.remove(sel);
    return err === null ? 0 : ioctlError(proc, ioctl, err);
  }
  if (gateway === null && dev === undefined) {
    // Without gw or dev the kernel looks for an interface on the target's network.
    const onLink = [...net.interfaces.values()].find((d) => d.addresses.some((x) => networkOf(x.address, x.prefix) === networkOf(dest, x.prefix)));
    if (onLink === undefined) return ioctlError(proc, ioctl, 'ENETUNREACH');
    dev = onLink.name;
  }
  const err = net.routes.add({ dest, prefix, gateway, iface: dev, metric: metric ?? 0, proto: 'boot' });
  return err === null ? 0 : ioctlError(proc, ioctl, err);
}

export const route: Program = async (proc) => {
  const args = proc.argv.slice(1);
  let numeric = false;
  let extend = false;
  let i = 0;
  for (; i < args.length && args[i].startsWith('-') && args[i] !== '-net' && args[i] !== '-host'; i++) {
    const a = args[i];
    if (a === '-A') {
      i++;
      continue;
    }
    if (a === '--numeric') {
      numeric = true;
      continue;
    }
    if (a === '--help' || a === '-h') {
      proc.stderr.write(ROUTE_USAGE);
      return 0;
    }
    if (a === '-V' || a === '--version') {
      proc.stdout.write('net-tools 2.10\n+NEW_ADDRT +RTF_IRTT +RTF_REJECT +I18N +SELINUX\n');
      return 0;
    }
    for (const c of a.slice(1)) {
      if (c === 'n') numeric = true;
      else if (c === 'e') extend = true;
      else if ('NvFC4'.includes(c)) continue;
      else {
        // Recorded: the message and the usage, then exit status 0.
        proc.stderr.write(`route: invalid option -- '${c}'\n`);
        proc.stderr.write(ROUTE_USAGE);
        return 0;
      }
    }
  }
  const rest = args.slice(i);
  if (rest.length === 0) {
    proc.stdout.write(extend ? await netstatRouteTable(proc, numeric) : await routeTable(proc, numeric));
    return 0;
  }
  const [cmd, ...more] = rest;
  if (cmd === 'add' || cmd === 'del') return modify(proc, cmd === 'del', more);
  if (cmd === 'flush') {
    proc.stderr.write('route: flushing the inet routing table is not supported\n');
    return 0;
  }
  proc.stderr.write(ROUTE_USAGE);
  return 3;
};
