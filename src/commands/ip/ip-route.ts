// `ip route`: show the main table, add/del/replace routes, get (which route a packet takes), as
// iproute2 6.1 prints them and a 6.1 kernel answers. Routes added by hand have proto boot, which
// ip does not print; connected routes are proto kernel; the trailing space is iproute2's.
import { formatIpv4, networkOf, type Ipv4 } from '../../wire/addr.ts';
import type { Route, RouteProto, RouteScope, RouteSelector } from '../../stack/routing.ts';
import { ROUTE_USAGE } from './ip-usage.ts';
import { badAddress, badPrefix, matches, parseInetAddr, parsePrefix, type IpCtx } from './ip-common.ts';

function dest(r: Route): string {
  if (r.prefix === 0) return 'default';
  return r.prefix === 32 ? formatIpv4(r.dest) : `${formatIpv4(r.dest)}/${r.prefix}`;
}

/** One line of `ip route`, fields in print_route's order; `omitDev` when filtered by device. */
export function routeLine(ctx: IpCtx, r: Route, omitDev: boolean): string {
  let s = dest(r);
  if (r.gateway !== null) s += ` via ${formatIpv4(r.gateway)}`;
  if (!omitDev) s += ` dev ${r.iface}`;
  if (r.proto !== 'boot') s += ` proto ${r.proto}`;
  if (r.scope !== 'global') s += ` scope ${r.scope}`;
  if (r.src !== undefined) s += ` src ${formatIpv4(r.src)}`;
  if (r.metric !== 0) s += ` metric ${r.metric}`;
  const dev = ctx.device(r.iface);
  if (dev !== undefined && !dev.loopback && !dev.carrier) s += ' linkdown';
  return `${s} \n`;
}

function showRoutes(ctx: IpCtx, args: readonly string[]): number {
  let devName: string | undefined;
  let proto: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = args[i + 1];
    if (a === 'dev' || a === 'oif') {
      if (v === undefined) return ctx.incomplete();
      devName = v;
      i++;
    } else if (a === 'table') {
      if (v === undefined) return ctx.incomplete();
      if (v !== 'main' && v !== '254') return 0; // the stack keeps only the main table
      i++;
    } else if (a === 'proto') {
      if (v === undefined) return ctx.incomplete();
      proto = v;
      i++;
    } else if (a === 'scope' || a === 'type') {
      i++;
    }
  }
  if (devName !== undefined && ctx.device(devName) === undefined) {
    ctx.err(`Cannot find device "${devName}"\n`);
    return 1;
  }
  if (ctx.opts.inet6) return 0;
  for (const r of ctx.net.routes.list()) {
    if (devName !== undefined && r.iface !== devName) continue;
    if (proto !== undefined && r.proto !== proto) continue;
    ctx.out(routeLine(ctx, r, devName !== undefined));
  }
  return 0;
}

interface RouteArgs {
  dest: { address: Ipv4; prefix: number } | null;
  destText: string;
  gateway: Ipv4 | undefined;
  dev: string | undefined;
  metric: number | undefined;
  proto: RouteProto | undefined;
  scope: RouteScope | undefined;
  src: Ipv4 | undefined;
}

const PROTOS: Record<string, RouteProto> = { kernel: 'kernel', boot: 'boot', static: 'static', dhcp: 'dhcp' };
const SCOPES: Record<string, RouteScope> = { host: 'host', link: 'link', global: 'global', universe: 'global' };

function parseRoute(ctx: IpCtx, args: readonly string[]): RouteArgs | number {
  const r: RouteArgs = { dest: null, destText: '', gateway: undefined, dev: undefined, metric: undefined, proto: undefined, scope: undefined, src: undefined };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = (): string | null => (i + 1 < args.length ? args[++i] : null);
    if (a === 'via') {
      const v = next();
      if (v === null) return ctx.incomplete();
      const g = parseInetAddr(v === 'inet' ? (next() ?? '') : v);
      if (g === null) return badAddress(ctx, v);
      r.gateway = g;
    } else if (a === 'dev' || a === 'oif') {
      const v = next();
      if (v === null) return ctx.incomplete();
      r.dev = v;
    } else if (a === 'metric' || a === 'preference' || a === 'priority') {
      const v = next();
      if (v === null) return ctx.incomplete();
      if (!/^\d+$/.test(v)) {
        ctx.err(`Error: argument "${v}" is wrong: "metric" value is invalid\n\n`);
        return 255;
      }
      r.metric = Number(v);
    } else if (a === 'proto' || a === 'protocol') {
      const v = next();
      if (v === null) return ctx.incomplete();
      const p = PROTOS[v];
      if (p === undefined) {
        ctx.err(`Error: argument "${v}" is wrong: "protocol" value is invalid\n\n`);
        return 255;
      }
      r.proto = p;
    } else if (a === 'scope') {
      const v = next();
      if (v === null) return ctx.incomplete();
      const s = SCOPES[v];
      if (s === undefined) {
        ctx.err(`Error: argument "${v}" is wrong: invalid "scope" value\n\n`);
        return 255;
      }
      r.scope = s;
    } else if (a === 'src') {
      const v = next();
      if (v === null) return ctx.incomplete();
      const s = parseInetAddr(v);
      if (s === null) return badAddress(ctx, v);
      r.src = s;
    } else if (a === 'table' || a === 'mtu' || a === 'advmss' || a === 'tos') {
      if (next() === null) return ctx.incomplete();
    } else if (a === 'onlink' || a === 'unicast') {
      // no effect here
    } else if (r.dest === null) {
      const target = a === 'to' ? next() : a;
      if (target === null) return ctx.incomplete();
      const p = parsePrefix(target, { allowDefault: true });
      if (p === null) return badPrefix(ctx, target);
      r.dest = p;
      r.destText = target;
    } else {
      return ctx.garbage('to', a);
    }
  }
  return r;
}

function addRoute(ctx: IpCtx, args: readonly string[], replace: boolean): number {
  if (args.length === 0) {
    ctx.err(ROUTE_USAGE);
    return 255;
  }
  const r = parseRoute(ctx, args);
  if (typeof r === 'number') return r;
  if (r.dev !== undefined && ctx.device(r.dev) === undefined) return ctx.noDevice(r.dev);
  const denied = ctx.needRoot();
  if (denied !== null) return denied;
  if (r.dest === null) return ctx.rtnl('EINVAL');
  if (networkOf(r.dest.address, r.dest.prefix) !== r.dest.address) {
    ctx.err('Error: Invalid prefix for given prefix length.\n');
    return 2;
  }
  if (r.gateway === undefined && r.dev === undefined) return ctx.rtnl('ENODEV');
  if (replace) {
    ctx.net.routes.remove({ dest: r.dest.address, prefix: r.dest.prefix, metric: r.metric ?? 0 });
  }
  const err = ctx.net.routes.add({
    dest: r.dest.address,
    prefix: r.dest.prefix,
    gateway: r.gateway ?? null,
    iface: r.dev,
    metric: r.metric,
    proto: r.proto ?? 'boot',
    scope: r.scope,
    src: r.src,
  });
  if (err === null) return 0;
  if (err === 'ENETUNREACH') {
    // fib_check_nh_v4_gw: the gateway is on no connected network.
    ctx.err('Error: Nexthop has invalid gateway.\n');
    return 2;
  }
  return ctx.rtnl(err);
}

function deleteRoute(ctx: IpCtx, args: readonly string[]): number {
  if (args.length === 0) {
    ctx.err(ROUTE_USAGE);
    return 255;
  }
  const r = parseRoute(ctx, args);
  if (typeof r === 'number') return r;
  if (r.dev !== undefined && ctx.device(r.dev) === undefined) return ctx.noDevice(r.dev);
  const denied = ctx.needRoot();
  if (denied !== null) return denied;
  if (r.dest === null) return ctx.rtnl('ESRCH');
  const sel: RouteSelector = { dest: r.dest.address, prefix: r.dest.prefix };
  if (r.gateway !== undefined) sel.gateway = r.gateway;
  if (r.dev !== undefined) sel.iface = r.dev;
  if (r.metric !== undefined) sel.metric = r.metric;
  const err = ctx.net.routes.remove(sel);
  return err === null ? 0 : ctx.rtnl(err);
}

function getRoute(ctx: IpCtx, args: readonly string[]): number {
  let target: string | undefined;
  let from: Ipv4 | undefined;
  let oif: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === 'from' || a === 'oif' || a === 'iif' || a === 'tos' || a === 'mark' || a === 'uid') {
      const v = args[++i];
      if (v === undefined) return ctx.incomplete();
      if (a === 'from') {
        const f = parseInetAddr(v);
        if (f === null) return badAddress(ctx, v);
        from = f;
      } else if (a === 'oif') oif = v;
    } else if (a === 'fibmatch' || a === 'connected') {
      // accepted
    } else if (target === undefined) {
      target = a === 'to' ? args[++i] : a;
    } else {
      return ctx.garbage('to', a);
    }
  }
  if (target === undefined) {
    ctx.err('need at least a destination address\n');
    return 1;
  }
  const p = parsePrefix(target, { allowDefault: false });
  if (p === null) return badPrefix(ctx, target);
  if (oif !== undefined && ctx.device(oif) === undefined) return ctx.noDevice(oif);
  const res = ctx.net.route(p.address, from, oif);
  if (!res.ok) return ctx.rtnl(res.error);
  const uid = ctx.proc.cred.uid;
  const dst = formatIpv4(p.address);
  if (res.loopback || ctx.net.isLocalAddress(p.address)) {
    ctx.out(`local ${dst} dev lo src ${formatIpv4(res.src)} uid ${uid} \n    cache <local> \n`);
    return 0;
  }
  const via = res.gateway !== null ? ` via ${formatIpv4(res.gateway)}` : '';
  ctx.out(`${dst}${via} dev ${res.iface} src ${formatIpv4(res.src)} uid ${uid} \n    cache \n`);
  return 0;
}

function flushRoutes(ctx: IpCtx, args: readonly string[]): number {
  let devName: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === 'dev') devName = args[++i];
  }
  if (args.length === 0) {
    ctx.err('"ip route flush" requires arguments.\n');
    return 255;
  }
  if (devName !== undefined && ctx.device(devName) === undefined) return ctx.noDevice(devName);
  if (!ctx.root) {
    ctx.err('Failed to send flush request: Operation not permitted\n');
    return 2;
  }
  ctx.net.routes.removeWhere((r) => devName === undefined || r.iface === devName);
  return 0;
}

export function ipRoute(ctx: IpCtx, args: readonly string[]): number {
  if (args.length === 0) return showRoutes(ctx, []);
  const [cmd, ...rest] = args;
  if (matches(cmd, 'show') || matches(cmd, 'list') || cmd === 'lst') return showRoutes(ctx, rest);
  if (matches(cmd, 'add') || matches(cmd, 'append')) return addRoute(ctx, rest, false);
  if (matches(cmd, 'replace') || matches(cmd, 'change')) return addRoute(ctx, rest, true);
  if (matches(cmd, 'delete')) return deleteRoute(ctx, rest);
  if (matches(cmd, 'get')) return getRoute(ctx, rest);
  if (matches(cmd, 'flush')) return flushRoutes(ctx, rest);
  if (matches(cmd, 'help')) {
    ctx.err(ROUTE_USAGE);
    return 255;
  }
  ctx.err(`Command "${cmd}" is unknown, try "ip route help".\n`);
  return 255;
}
