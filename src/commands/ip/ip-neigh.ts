// `ip neigh`: the ARP cache with Linux's neighbour states (show, flush, add/replace, del).
import { formatIpv4, formatMac, parseMac, type Ipv4 } from '../../wire/addr.ts';
import type { NeighbourEntry } from '../../stack/arp.ts';
import { NEIGH_USAGE } from './ip-usage.ts';
import { badAddress, matches, parseInetAddr, type IpCtx } from './ip-common.ts';

function neighLine(n: NeighbourEntry, omitDev: boolean): string {
  let s = formatIpv4(n.ip);
  if (!omitDev) s += ` dev ${n.iface}`;
  if (n.mac !== null && n.state !== 'INCOMPLETE' && n.state !== 'FAILED') s += ` lladdr ${formatMac(n.mac)}`;
  return `${s} ${n.state} \n`;
}

interface Filter {
  dev: string | undefined;
  nud: string | undefined;
  all: boolean;
}

function parseFilter(ctx: IpCtx, args: readonly string[]): Filter | number {
  const f: Filter = { dev: undefined, nud: undefined, all: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === 'dev') {
      const v = args[++i];
      if (v === undefined) return ctx.incomplete();
      f.dev = v;
    } else if (a === 'nud') {
      const v = args[++i];
      if (v === undefined) return ctx.incomplete();
      f.nud = v.toUpperCase();
    } else if (a === 'all') {
      f.all = true;
    } else if (a === 'to' || a === 'vrf') {
      i++;
    } else if (a === 'proxy' || a === 'nomaster') {
      // nothing to filter here
    } else if (f.dev === undefined) {
      f.dev = a;
    }
  }
  if (f.dev !== undefined && ctx.device(f.dev) === undefined) return ctx.noDevice(f.dev);
  return f;
}

function selected(n: NeighbourEntry, f: Filter): boolean {
  if (f.dev !== undefined && n.iface !== f.dev) return false;
  if (f.nud !== undefined && f.nud !== 'ALL' && n.state !== f.nud) return false;
  return true;
}

function showNeigh(ctx: IpCtx, args: readonly string[]): number {
  const f = parseFilter(ctx, args);
  if (typeof f === 'number') return f;
  if (ctx.opts.inet6) return 0;
  for (const n of ctx.net.arp.list()) {
    if (selected(n, f)) ctx.out(neighLine(n, f.dev !== undefined));
  }
  return 0;
}

function flushNeigh(ctx: IpCtx, args: readonly string[]): number {
  if (args.length === 0) {
    ctx.err('Flush requires arguments.\n');
    return 255;
  }
  const f = parseFilter(ctx, args);
  if (typeof f === 'number') return f;
  if (!ctx.root) {
    ctx.err('Failed to send flush request: Operation not permitted\n');
    return 1;
  }
  // Like the kernel's flush: permanent entries stay unless asked for by state.
  for (const n of ctx.net.arp.list()) {
    if (!selected(n, f)) continue;
    if (n.state === 'PERMANENT' && f.nud !== 'PERMANENT' && f.nud !== 'ALL') continue;
    ctx.net.arp.delete(n.ip, n.iface);
  }
  return 0;
}

function changeNeigh(ctx: IpCtx, args: readonly string[], mode: 'add' | 'replace' | 'del'): number {
  let ip: Ipv4 | null = null;
  let mac: number | null = null;
  let dev: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = (): string | null => (i + 1 < args.length ? args[++i] : null);
    if (a === 'lladdr') {
      const v = next();
      if (v === null) return ctx.incomplete();
      mac = parseMac(v);
      if (mac === null) {
        ctx.err(`"${v}" is invalid lladdr.\n`);
        return 255;
      }
    } else if (a === 'dev') {
      const v = next();
      if (v === null) return ctx.incomplete();
      dev = v;
    } else if (a === 'nud' || a === 'proxy' || a === 'protocol') {
      if (next() === null) return ctx.incomplete();
    } else if (a === 'router' || a === 'use' || a === 'managed' || a === 'extern_learn') {
      // accepted
    } else if (ip === null) {
      const v = a === 'to' ? (next() ?? '') : a;
      ip = parseInetAddr(v);
      if (ip === null) return badAddress(ctx, v);
    } else {
      return ctx.garbage('to', a);
    }
  }
  if (dev === undefined || ip === null) {
    ctx.err('Device and destination are required arguments.\n');
    return 255;
  }
  if (ctx.device(dev) === undefined) return ctx.noDevice(dev);
  const denied = ctx.needRoot();
  if (denied !== null) return denied;
  const existing = ctx.net.arp.get(ip, dev);
  if (mode === 'del') {
    if (existing === undefined) return ctx.rtnl('ENOENT');
    ctx.net.arp.delete(ip, dev);
    return 0;
  }
  if (mode === 'add' && existing !== undefined) return ctx.rtnl('EEXIST');
  if (mac === null) return ctx.rtnl('EINVAL');
  const err = ctx.net.arp.addPermanent(ip, mac, dev);
  return err === null ? 0 : ctx.rtnl(err);
}

export function ipNeigh(ctx: IpCtx, args: readonly string[]): number {
  if (args.length === 0) return showNeigh(ctx, []);
  const [cmd, ...rest] = args;
  if (matches(cmd, 'show') || matches(cmd, 'list') || cmd === 'lst') return showNeigh(ctx, rest);
  if (matches(cmd, 'flush')) return flushNeigh(ctx, rest);
  if (matches(cmd, 'add')) return changeNeigh(ctx, rest, 'add');
  if (matches(cmd, 'replace') || matches(cmd, 'change')) return changeNeigh(ctx, rest, 'replace');
  if (matches(cmd, 'delete')) return changeNeigh(ctx, rest, 'del');
  if (matches(cmd, 'help')) {
    ctx.err(NEIGH_USAGE);
    return 255;
  }
  ctx.err(`Command "${cmd}" is unknown, try "ip neigh help".\n`);
  return 255;
}
