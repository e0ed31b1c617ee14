// What the running mail system reads from main.cf, through the configuration module
// (config/main-cf.ts): the host facts Postfix learns from the system (host name, interface
// addresses for the mynetworks default) and the derived lookups the daemons share.
import type { HostContext } from '../../os/program.ts';
import { formatIpv4, inSubnet, parseCidr, parseIpv4 } from '../../wire/addr.ts';
import { readMainCf, type PostfixConfig, type PostfixInterfaceAddress } from './config/main-cf.ts';

export type { PostfixConfig } from './config/main-cf.ts';

/** main.cf as the daemons see it now (read again at each reload). */
export function loadPostfixConfig(host: HostContext, processName = 'master', processId = 0): PostfixConfig {
  const interfaces: PostfixInterfaceAddress[] = [];
  for (const dev of [host.net.lo, ...host.net.interfaces.values()]) {
    for (const a of dev.addresses) {
      const address = formatIpv4(a.address);
      if (!interfaces.some((i) => i.address === address)) interfaces.push({ address, prefix: a.prefix });
    }
  }
  if (!interfaces.some((i) => i.address === '127.0.0.1')) interfaces.unshift({ address: '127.0.0.1', prefix: 8 });
  return readMainCf(host.fs, { hostname: host.hostname, interfaces, processId, processName });
}

/** A time parameter with Postfix's default unit for it (days for the queue lifetimes). */
export function timeOf(config: PostfixConfig, name: string, fallback: number): number {
  const unit = name === 'maximal_queue_lifetime' || name === 'bounce_queue_lifetime' ? 'd' : 's';
  const v = config.getTime(name, unit);
  return Number.isFinite(v) ? v : fallback;
}

export function numberOf(config: PostfixConfig, name: string, fallback: number): number {
  const v = config.getNumber(name);
  return Number.isFinite(v) ? v : fallback;
}

/** $mydestination, lower-cased: the domains local(8) delivers. */
export function localDomains(config: PostfixConfig): Set<string> {
  return new Set(config.getList('mydestination').map((d) => d.toLowerCase().replace(/\.$/, '')));
}

/** permit_mynetworks: IPv4 CIDRs of $mynetworks (IPv6 entries never match an IPv4 client). */
export function mynetworksMatcher(config: PostfixConfig): (address: string) => boolean {
  const nets: { address: number; prefix: number }[] = [];
  for (const item of config.getList('mynetworks')) {
    const c = parseCidr(item.includes('/') ? item : `${item}/32`);
    if (c !== null) nets.push(c);
  }
  return (address: string) => {
    const a = parseIpv4(address);
    return a !== null && nets.some((n) => inSubnet(a, n.address, n.prefix));
  };
}
