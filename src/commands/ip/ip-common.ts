// What the ip subcommands share: iproute2's keyword matching, address and prefix parsing with its
// error texts, the netlink error lines, and the interface header of `ip link`/`ip addr`.
import type { Process } from '../../os/program.ts';
import type { NetworkStack } from '../../stack/host-stack.ts';
import type { NetInterface } from '../../stack/interface.ts';
import type { NetError } from '../../stack/transport.ts';
import { formatMac, type Ipv4 } from '../../wire/addr.ts';
import { netStrerror } from '../lib/net-errors.ts';
import { qdiscOf } from '../lib/netdev-state.ts';

export interface IpOptions {
  /** -4 / -f inet: only IPv4 (links without an IPv4 address are left out of `ip addr`). */
  inet: boolean;
  /** -6: IPv6 only, which the stack does not have. */
  inet6: boolean;
  brief: boolean;
  oneline: boolean;
  stats: boolean;
  details: boolean;
}

export class IpCtx {
  constructor(
    readonly proc: Process,
    readonly opts: IpOptions,
  ) {}

  get net(): NetworkStack {
    return this.proc.host.net;
  }

  get root(): boolean {
    return this.proc.cred.uid === 0;
  }

  out(s: string): void {
    this.proc.stdout.write(s);
  }

  err(s: string): void {
    this.proc.stderr.write(s);
  }

  /** "RTNETLINK answers: ..." of a refused request: exit status 2. */
  rtnl(e: NetError | 'EPERM' | 'ENOENT' | 'EOPNOTSUPP'): number {
    const text =
      e === 'EPERM' ? 'Operation not permitted' : e === 'ENOENT' ? 'No such file or directory' : e === 'EOPNOTSUPP' ? 'Operation not supported' : netStrerror(e);
    this.err(`RTNETLINK answers: ${text}\n`);
    return 2;
  }

  /** A change needs CAP_NET_ADMIN: the kernel refuses it for anyone else. */
  needRoot(): number | null {
    return this.root ? null : this.rtnl('EPERM');
  }

  device(name: string): NetInterface | undefined {
    return this.net.interfaces.get(name);
  }

  /** ll_name_to_index failing: `Cannot find device "eth9"`, exit 1. */
  noDevice(name: string): number {
    this.err(`Cannot find device "${name}"\n`);
    return 1;
  }

  incomplete(): number {
    this.err('Command line is not complete. Try option "help"\n');
    return 255;
  }

  garbage(keyword: string, word: string): number {
    this.err(`Error: either "${keyword}" is duplicate, or "${word}" is a garbage.\n`);
    return 255;
  }
}

/** iproute2's matches(): the word is a prefix of the keyword. */
export function matches(word: string, keyword: string): boolean {
  return word.length > 0 && keyword.startsWith(word);
}

/**
 * get_addr_ipv4: a dotted quad with 1 to 4 parts, missing ones zero ("10" is 10.0.0.0), each
 * 0..255. null when it is not one.
 */
export function parseInetAddr(s: string): Ipv4 | null {
  if (!/^\d{1,3}(\.\d{1,3}){0,3}$/.test(s)) return null;
  const parts = s.split('.').map(Number);
  if (parts.some((p) => p > 255)) return null;
  while (parts.length < 4) parts.push(0);
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

/** get_prefix: ADDR[/LEN]; without a length the prefix is /32 (or from the dotted parts). */
export function parsePrefix(s: string, opts: { allowDefault: boolean }): { address: Ipv4; prefix: number; explicit: boolean } | null {
  if (opts.allowDefault && (s === 'default' || s === 'any' || s === 'all')) return { address: 0, prefix: 0, explicit: true };
  const slash = s.indexOf('/');
  const addr = parseInetAddr(slash < 0 ? s : s.slice(0, slash));
  if (addr === null) return null;
  if (slash < 0) return { address: addr, prefix: 32, explicit: false };
  const len = s.slice(slash + 1);
  if (!/^\d+$/.test(len) || Number(len) > 32) return null;
  return { address: addr, prefix: Number(len), explicit: true };
}

export function badPrefix(ctx: IpCtx, s: string): number {
  ctx.err(`Error: any valid prefix is expected rather than "${s}".\n`);
  return 1;
}

export function badAddress(ctx: IpCtx, s: string): number {
  ctx.err(`Error: inet address is expected rather than "${s}".\n`);
  return 1;
}

/** <FLAGS> of ip link: as the kernel reports IFF_* bits, in iproute2's print order. */
export function linkFlags(dev: NetInterface): string {
  const f: string[] = [];
  if (dev.up && !dev.carrier) f.push('NO-CARRIER');
  if (dev.loopback) f.push('LOOPBACK');
  else f.push('BROADCAST', 'MULTICAST');
  if (dev.up) f.push('UP');
  if (dev.up && dev.carrier) f.push('LOWER_UP');
  return f.join(',');
}

/** RFC 2863 operstate as `state X`: lo is UNKNOWN when up (it has no carrier to report). */
export function linkState(dev: NetInterface): string {
  if (!dev.up) return 'DOWN';
  if (dev.loopback) return 'UNKNOWN';
  return dev.carrier ? 'UP' : 'DOWN';
}

/** `2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP ...` */
export function linkHeader(dev: NetInterface, mode: boolean): string {
  return `${dev.index}: ${dev.name}: <${linkFlags(dev)}> mtu ${dev.mtu} qdisc ${qdiscOf(dev)} state ${linkState(dev)} ${mode ? 'mode DEFAULT ' : ''}group default qlen 1000`;
}

export function linkLine(dev: NetInterface): string {
  return dev.loopback
    ? '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00'
    : `    link/ether ${formatMac(dev.mac)} brd ff:ff:ff:ff:ff:ff`;
}

export function devicesInOrder(net: NetworkStack): NetInterface[] {
  return [...net.interfaces.values()].sort((a, b) => a.index - b.index);
}
