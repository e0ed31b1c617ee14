// A lease as dhclient holds it, read from a DHCPACK, written to and read back from
// dhclient.leases(5), and applied to the host as Debian's /sbin/dhclient-script does (ip addr add
// with the mask's prefix and broadcast, the default route via the first router, resolv.conf).
import type { Credentials, FileSystem } from '../../os/fs/types.ts';
import type { NetworkStack } from '../../stack/host-stack.ts';
import { formatIpv4, maskToPrefix, parseIpv4, type Ipv4 } from '../../wire/addr.ts';
import { dhcpOption, type DhcpMessage } from '../../wire/dhcp.ts';
import { leaseDate, parseLeaseDate } from './lease-file.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };

export interface ClientLease {
  iface: string;
  address: Ipv4;
  serverId: Ipv4;
  mask: Ipv4 | null;
  broadcast: Ipv4 | null;
  routers: Ipv4[];
  dns: Ipv4[];
  domainName: string | null;
  hostName: string | null;
  leaseTime: number;
  renewalTime: number | null;
  rebindingTime: number | null;
  renewMs: number;
  rebindMs: number;
  expireMs: number;
}

/** The lease an ACK grants (times still to be set by the caller). */
export function leaseFromAck(iface: string, ack: DhcpMessage, from: Ipv4): ClientLease {
  const bcast = ack.options.find((o) => o.kind === 'raw' && o.code === 28 && o.data.length === 4);
  return {
    iface,
    address: ack.yiaddr,
    serverId: dhcpOption(ack, 'server-id')?.address ?? from,
    mask: dhcpOption(ack, 'subnet-mask')?.address ?? null,
    broadcast: bcast !== undefined && bcast.kind === 'raw' ? ((bcast.data[0] << 24) | (bcast.data[1] << 16) | (bcast.data[2] << 8) | bcast.data[3]) >>> 0 : null,
    routers: dhcpOption(ack, 'routers')?.addresses ?? [],
    dns: dhcpOption(ack, 'dns-servers')?.addresses ?? [],
    domainName: dhcpOption(ack, 'domain-name')?.name ?? null,
    hostName: dhcpOption(ack, 'host-name')?.name ?? null,
    leaseTime: dhcpOption(ack, 'lease-time')?.seconds ?? 43200,
    renewalTime: dhcpOption(ack, 'renewal-time')?.seconds ?? null,
    rebindingTime: dhcpOption(ack, 'rebinding-time')?.seconds ?? null,
    renewMs: 0,
    rebindMs: 0,
    expireMs: 0,
  };
}

/** One `lease { ... }` block of dhclient.leases, options in the order dhclient writes them. */
export function formatClientLease(l: ClientLease): string {
  const lines = ['lease {', `  interface "${l.iface}";`, `  fixed-address ${formatIpv4(l.address)};`];
  if (l.mask !== null) lines.push(`  option subnet-mask ${formatIpv4(l.mask)};`);
  if (l.routers.length > 0) lines.push(`  option routers ${l.routers.map(formatIpv4).join(',')};`);
  lines.push(`  option dhcp-lease-time ${l.leaseTime};`, '  option dhcp-message-type 5;');
  if (l.dns.length > 0) lines.push(`  option domain-name-servers ${l.dns.map(formatIpv4).join(',')};`);
  lines.push(`  option dhcp-server-identifier ${formatIpv4(l.serverId)};`);
  if (l.renewalTime !== null) lines.push(`  option dhcp-renewal-time ${l.renewalTime};`);
  if (l.rebindingTime !== null) lines.push(`  option dhcp-rebinding-time ${l.rebindingTime};`);
  if (l.broadcast !== null) lines.push(`  option broadcast-address ${formatIpv4(l.broadcast)};`);
  if (l.hostName !== null) lines.push(`  option host-name "${l.hostName}";`);
  if (l.domainName !== null) lines.push(`  option domain-name "${l.domainName}";`);
  lines.push(`  renew ${leaseDate(l.renewMs)};`, `  rebind ${leaseDate(l.rebindMs)};`, `  expire ${leaseDate(l.expireMs)};`);
  return lines.join('\n') + '\n}\n';
}

/** The last lease recorded for `iface` in a dhclient.leases file, or null. */
export function lastClientLease(text: string, iface: string): ClientLease | null {
  let found: ClientLease | null = null;
  const re = /lease\s*\{([^}]*)\}/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const body = m[1];
    const get = (re2: RegExp): string | null => re2.exec(body)?.[1] ?? null;
    if (get(/interface\s+"([^"]*)"/) !== iface) continue;
    const address = parseIpv4(get(/fixed-address\s+([\d.]+)/) ?? '');
    const serverId = parseIpv4(get(/option dhcp-server-identifier\s+([\d.]+)/) ?? '');
    const expire = parseLeaseDate(get(/expire\s+([^;]+);/) ?? '');
    if (address === null || serverId === null || expire === null) continue;
    const list = (name: string): Ipv4[] => (get(new RegExp(`option ${name}\\s+([\\d.,\\s]+);`)) ?? '').split(',').map((s) => parseIpv4(s.trim())).filter((a): a is Ipv4 => a !== null);
    found = {
      iface,
      address,
      serverId,
      mask: parseIpv4(get(/option subnet-mask\s+([\d.]+)/) ?? ''),
      broadcast: parseIpv4(get(/option broadcast-address\s+([\d.]+)/) ?? ''),
      routers: list('routers'),
      dns: list('domain-name-servers'),
      domainName: get(/option domain-name\s+"([^"]*)"/),
      hostName: get(/option host-name\s+"([^"]*)"/),
      leaseTime: Number(get(/option dhcp-lease-time\s+(\d+)/) ?? 0),
      renewalTime: null,
      rebindingTime: null,
      renewMs: parseLeaseDate(get(/renew\s+([^;]+);/) ?? '') ?? expire,
      rebindMs: parseLeaseDate(get(/rebind\s+([^;]+);/) ?? '') ?? expire,
      expireMs: expire,
    };
  }
  return found;
}

function prefixOf(l: ClientLease): number {
  if (l.mask !== null) {
    const p = maskToPrefix(l.mask);
    if (p !== null) return p;
  }
  // Without a mask, dhclient-script lets ip pick the classful default... /32 is what ip uses.
  return 32;
}

/** The script's BOUND/RENEW/REBIND/REBOOT: address, default route, resolv.conf. */
export function applyLease(net: NetworkStack, fs: FileSystem, l: ClientLease, old: ClientLease | null): void {
  const dev = net.interfaces.get(l.iface);
  if (dev === undefined) return;
  dev.setUp(true);
  const prefix = prefixOf(l);
  const changed = old === null || old.address !== l.address || prefixOf(old) !== prefix;
  if (changed) {
    // A new address: the old one is flushed with its routes (ip -4 addr flush dev IF label IF).
    if (old !== null) for (const a of [...dev.addresses]) dev.removeAddress(a.address, a.prefix);
    dev.addAddress(l.address, prefix);
  }
  if (changed || old?.routers[0] !== l.routers[0]) {
    const router = l.routers[0];
    if (router !== undefined) {
      net.routes.removeWhere((r) => r.dest === 0 && r.prefix === 0 && r.iface === l.iface);
      net.routes.add({ dest: 0, prefix: 0, gateway: router, iface: l.iface, proto: 'boot' });
    }
  }
  writeResolvConf(fs, l);
}

/** make_resolv_conf: domain, search, then the name servers (the old ones kept if none came). */
function writeResolvConf(fs: FileSystem, l: ClientLease): void {
  if (l.domainName === null && l.dns.length === 0) return;
  let text = '';
  if (l.domainName !== null) text += `domain ${l.domainName.split(' ')[0]}\nsearch ${l.domainName}\n`;
  if (l.dns.length > 0) {
    for (const d of l.dns) text += `nameserver ${formatIpv4(d)}\n`;
  } else {
    const cur = fs.readFile('/etc/resolv.conf', ROOT);
    if (cur.ok) text += new TextDecoder().decode(cur.value).split('\n').filter((x) => /^\s*nameserver/i.test(x)).map((x) => `${x}\n`).join('');
  }
  fs.writeFile('/etc/resolv.conf', text, ROOT);
}

/** EXPIRE/FAIL/RELEASE/STOP: the interface's addresses flushed (their routes go with them). */
export function unconfigure(net: NetworkStack, iface: string): void {
  const dev = net.interfaces.get(iface);
  if (dev === undefined) return;
  for (const a of [...dev.addresses]) dev.removeAddress(a.address, a.prefix);
}
