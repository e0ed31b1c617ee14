// `ip address`: show (the default), add, del, flush, as iproute2 6.1 prints them against a 6.1
// kernel. IPv6 is not part of the simulated stack, so the inet6 lines real Debian prints (::1 on
// lo, the fe80:: link-local address of each NIC) are left out.
import { formatIpv4, type Ipv4 } from '../../wire/addr.ts';
import type { NetInterface } from '../../stack/interface.ts';
import { broadcastOf, isSecondary, setHasBroadcast } from '../lib/netdev-state.ts';
import { ADDRESS_USAGE } from './ip-usage.ts';
import { badPrefix, devicesInOrder, linkHeader, linkLine, linkState, matches, parseInetAddr, parsePrefix, type IpCtx } from './ip-common.ts';

function scopeOf(dev: NetInterface, address: Ipv4): string {
  return dev.loopback || address >>> 24 === 127 ? 'host' : 'global';
}

function inetLine(dev: NetInterface, a: { address: Ipv4; prefix: number }): string {
  const brd = broadcastOf(dev, a.address);
  const secondary = isSecondary(dev, a.address) ? 'secondary ' : '';
  return `inet ${formatIpv4(a.address)}/${a.prefix} ${brd !== 0 ? `brd ${formatIpv4(brd)} ` : ''}scope ${scopeOf(dev, a.address)} ${secondary}${dev.name}`;
}

export function showAddresses(ctx: IpCtx, args: readonly string[]): number {
  let devName: string | undefined;
  let upOnly = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === 'dev') {
      if (i + 1 >= args.length) return ctx.incomplete();
      devName = args[++i];
    } else if (a === 'up') {
      upOnly = true;
    } else if (a === 'scope' || a === 'to' || a === 'label' || a === 'type') {
      i++;
    } else if (['permanent', 'dynamic', 'secondary', 'primary'].includes(a)) {
      // flags filters: every simulated address is permanent
    } else if (devName === undefined) {
      devName = a;
    } else {
      return ctx.garbage('dev', a);
    }
  }
  if (devName !== undefined && ctx.device(devName) === undefined) {
    ctx.err(`Device "${devName}" does not exist.\n`);
    return 1;
  }
  if (ctx.opts.inet6) return 0;
  for (const dev of devicesInOrder(ctx.net)) {
    if (devName !== undefined && dev.name !== devName) continue;
    if (upOnly && !dev.up) continue;
    if (ctx.opts.inet && dev.addresses.length === 0) continue;
    if (ctx.opts.brief) {
      const addrs = dev.addresses.map((a) => `${formatIpv4(a.address)}/${a.prefix} `).join('');
      ctx.out(`${dev.name.padEnd(16)} ${linkState(dev).padEnd(14)} ${addrs}\n`);
      continue;
    }
    if (ctx.opts.oneline) {
      for (const a of dev.addresses) {
        ctx.out(`${dev.index}: ${dev.name}    ${inetLine(dev, a)}\\       valid_lft forever preferred_lft forever\n`);
      }
      continue;
    }
    let s = `${linkHeader(dev, false)}\n`;
    if (!ctx.opts.inet) s += `${linkLine(dev)}\n`;
    for (const a of dev.addresses) s += `    ${inetLine(dev, a)}\n       valid_lft forever preferred_lft forever\n`;
    ctx.out(s);
  }
  return 0;
}

interface AddrRequest {
  address: Ipv4;
  prefix: number;
  explicitPrefix: boolean;
  text: string;
  dev: string | undefined;
  broadcast: 'none' | 'auto' | Ipv4;
}

function parseRequest(ctx: IpCtx, args: readonly string[]): AddrRequest | number {
  let req: AddrRequest | null = null;
  let dev: string | undefined;
  let broadcast: AddrRequest['broadcast'] = 'none';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = (): string | null => (i + 1 < args.length ? args[++i] : null);
    if (a === 'dev') {
      const v = next();
      if (v === null) return ctx.incomplete();
      dev = v;
    } else if (matches(a, 'broadcast') || a === 'brd') {
      const v = next();
      if (v === null) return ctx.incomplete();
      if (v === '+' || v === '-') broadcast = v === '+' ? 'auto' : 'none';
      else {
        const b = parseInetAddr(v);
        if (b === null) {
          ctx.err(`Error: inet address is expected rather than "${v}".\n`);
          return 1;
        }
        broadcast = b;
      }
    } else if (a === 'label' || a === 'scope' || a === 'metric' || a === 'valid_lft' || a === 'preferred_lft' || a === 'peer' || a === 'local') {
      if (next() === null) return ctx.incomplete();
    } else if (['home', 'nodad', 'mngtmpaddr', 'noprefixroute', 'autojoin'].includes(a)) {
      // configuration flags without effect on IPv4 here
    } else if (req === null) {
      const p = parsePrefix(a, { allowDefault: false });
      if (p === null) return badPrefix(ctx, a);
      req = { address: p.address, prefix: p.prefix, explicitPrefix: p.explicit, text: a, dev: undefined, broadcast: 'none' };
    } else {
      return ctx.garbage('local', a);
    }
  }
  if (dev === undefined) {
    ctx.err('Not enough information: "dev" argument is required.\n');
    return 1;
  }
  if (req === null) {
    // The kernel gets a request without an address.
    if (ctx.device(dev) === undefined) return ctx.noDevice(dev);
    return ctx.needRoot() ?? ctx.rtnl('EOPNOTSUPP');
  }
  return { ...req, dev, broadcast };
}

export function addAddress(ctx: IpCtx, args: readonly string[]): number {
  const req = parseRequest(ctx, args);
  if (typeof req === 'number') return req;
  const dev = ctx.device(req.dev!);
  if (dev === undefined) return ctx.noDevice(req.dev!);
  const denied = ctx.needRoot();
  if (denied !== null) return denied;
  // Linux 6.1 answers an address already there with EEXIST (6.3+ says "Address already assigned").
  const err = dev.addAddress(req.address, req.prefix);
  if (err !== null) return ctx.rtnl(err);
  const computed = dev.addresses.find((a) => a.address === req.address)?.broadcast ?? 0;
  setHasBroadcast(dev, req.address, req.broadcast !== 'none' && computed !== 0);
  return 0;
}

export function deleteAddress(ctx: IpCtx, args: readonly string[]): number {
  const req = parseRequest(ctx, args);
  if (typeof req === 'number') return req;
  const dev = ctx.device(req.dev!);
  if (dev === undefined) return ctx.noDevice(req.dev!);
  const denied = ctx.needRoot();
  if (denied !== null) return denied;
  if (!req.explicitPrefix) {
    ctx.err(
      `Warning: Executing wildcard deletion to stay compatible with old scripts.\n` +
        `         Explicitly specify the prefix length (${req.text}/32) to avoid this warning.\n` +
        `         This special behaviour is likely to disappear in further releases,\n` +
        `         fix your scripts!\n`,
    );
  }
  // Linux 6.1: a missing address is EADDRNOTAVAIL (6.3+ says "ipv4: Address not found").
  const err = dev.removeAddress(req.address, req.explicitPrefix ? req.prefix : undefined);
  return err === null ? 0 : ctx.rtnl(err);
}

export function flushAddresses(ctx: IpCtx, args: readonly string[]): number {
  let devName: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === 'dev') devName = args[++i];
    else if (devName === undefined) devName = args[i];
  }
  if (devName === undefined) {
    ctx.err('Flush requires arguments.\n');
    return 255;
  }
  const dev = ctx.device(devName);
  if (dev === undefined) {
    ctx.err(`Device "${devName}" does not exist.\n`);
    return 1;
  }
  if (!ctx.root) {
    ctx.err('Failed to send flush request: Operation not permitted\n');
    return 1;
  }
  // Secondaries go with their primary; deleting from the end keeps the order simple.
  for (const a of [...dev.addresses].reverse()) dev.removeAddress(a.address, a.prefix);
  return 0;
}

export function ipAddress(ctx: IpCtx, args: readonly string[]): number {
  if (args.length === 0) return showAddresses(ctx, []);
  const [cmd, ...rest] = args;
  if (matches(cmd, 'show') || matches(cmd, 'list') || cmd === 'lst') return showAddresses(ctx, rest);
  if (matches(cmd, 'add') || matches(cmd, 'replace') || matches(cmd, 'change')) return addAddress(ctx, rest);
  if (matches(cmd, 'delete')) return deleteAddress(ctx, rest);
  if (matches(cmd, 'flush')) return flushAddresses(ctx, rest);
  if (matches(cmd, 'help')) {
    ctx.err(ADDRESS_USAGE);
    return 255;
  }
  ctx.err(`Command "${cmd}" is unknown, try "ip address help".\n`);
  return 255;
}
