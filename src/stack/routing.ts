// The main routing table (`ip route`): longest prefix wins, then the lowest metric, then the
// route added first (Linux fib_table_lookup, RFC 1812 §5.2.4.3). Local addresses live in the
// "local" table, kept by the IP layer, not here (Linux fib_add_ifaddr puts them there).
import { formatIpv4, inSubnet, networkOf, type Ipv4 } from '../wire/addr.ts';
import type { NetError } from './transport.ts';

export type RouteProto = 'kernel' | 'static' | 'boot' | 'dhcp';
export type RouteScope = 'link' | 'global' | 'host';

export interface Route {
  readonly dest: Ipv4; // network address (host bits cleared)
  readonly prefix: number;
  readonly gateway: Ipv4 | null;
  readonly iface: string;
  readonly metric: number;
  readonly proto: RouteProto;
  readonly scope: RouteScope;
  readonly src?: Ipv4;
}

/** What `ip route add` passes: the device may be left out when the gateway names it. */
export interface RouteSpec {
  dest: Ipv4;
  prefix: number;
  gateway?: Ipv4 | null;
  iface?: string;
  metric?: number;
  proto?: RouteProto; // default 'boot', as `ip route add` does
  scope?: RouteScope; // default 'link' without a gateway, 'global' with one
  src?: Ipv4;
}

/** What `ip route del` matches: unset fields match anything. */
export interface RouteSelector {
  dest: Ipv4;
  prefix: number;
  gateway?: Ipv4 | null;
  iface?: string;
  metric?: number;
}

interface Slot {
  route: Route;
  seq: number;
}

export class RoutingTable {
  // Kept sorted by (prefix desc, metric asc, seq asc), so a lookup returns the first match.
  private slots: Slot[] = [];
  private seq = 0;
  private changes = 0;
  // One-entry cache: a flow sends to the same destination packet after packet.
  private lastDst = -1;
  private lastRoute: Route | null = null;
  private lastVersion = -1;

  /** `interfaceExists` lets `add` refuse an unknown device (ENODEV) like `ip route add ... dev x`. */
  constructor(private readonly interfaceExists: (name: string) => boolean = () => true) {}

  /** Increments on every change: callers caching lookups compare it. */
  get version(): number {
    return this.changes;
  }

  add(spec: RouteSpec): NetError | null {
    const prefix = spec.prefix;
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) return 'EINVAL';
    const dest = networkOf(spec.dest >>> 0, prefix);
    const gateway = spec.gateway === undefined || spec.gateway === null ? null : spec.gateway >>> 0;
    let iface = spec.iface;
    if (iface !== undefined && !this.interfaceExists(iface)) return 'ENODEV';
    if (gateway !== null) {
      // The gateway must be on a connected network ("Nexthop has invalid gateway").
      const via = this.connectedRouteFor(gateway, iface);
      if (via === null) return 'ENETUNREACH';
      iface ??= via.iface;
    }
    if (iface === undefined) return 'ENODEV';
    const metric = spec.metric ?? 0;
    for (const s of this.slots) {
      const r = s.route;
      if (r.dest === dest && r.prefix === prefix && r.metric === metric) {
        // Linux allows one route per (prefix, tos, metric) in a table, except connected
        // routes for the same subnet on different devices (two NICs on one network).
        if (r.proto !== 'kernel' || spec.proto !== 'kernel' || r.iface === iface) return 'EEXIST';
      }
    }
    const route: Route = {
      dest,
      prefix,
      gateway,
      iface,
      metric,
      proto: spec.proto ?? 'boot',
      scope: spec.scope ?? (gateway === null ? 'link' : 'global'),
      ...(spec.src !== undefined ? { src: spec.src >>> 0 } : {}),
    };
    this.insert({ route, seq: this.seq++ });
    return null;
  }

  /** Removes the first route matching the selector; ESRCH when none does. */
  remove(sel: RouteSelector): NetError | null {
    const dest = networkOf(sel.dest >>> 0, sel.prefix);
    const i = this.slots.findIndex(({ route: r }) => {
      if (r.dest !== dest || r.prefix !== sel.prefix) return false;
      if (sel.gateway !== undefined && r.gateway !== sel.gateway) return false;
      if (sel.iface !== undefined && r.iface !== sel.iface) return false;
      return sel.metric === undefined || r.metric === sel.metric;
    });
    if (i < 0) return 'ESRCH';
    this.slots.splice(i, 1);
    this.changed();
    return null;
  }

  /** Drops the routes `pred` selects (a device went down or lost an address: Linux fib_sync_down_dev). */
  removeWhere(pred: (r: Route) => boolean): number {
    const before = this.slots.length;
    this.slots = this.slots.filter((s) => !pred(s.route));
    const removed = before - this.slots.length;
    if (removed > 0) this.changed();
    return removed;
  }

  lookup(dst: Ipv4): Route | null {
    if (dst === this.lastDst && this.lastVersion === this.changes) return this.lastRoute;
    let found: Route | null = null;
    const slots = this.slots;
    for (let i = 0; i < slots.length; i++) {
      const r = slots[i].route;
      if (r.prefix === 0 || (((dst ^ r.dest) >>> (32 - r.prefix)) === 0)) {
        found = r;
        break;
      }
    }
    this.lastDst = dst;
    this.lastRoute = found;
    this.lastVersion = this.changes;
    return found;
  }

  /** The best route through one device (SO_BINDTODEVICE output), or null. */
  lookupVia(dst: Ipv4, iface: string): Route | null {
    for (const { route: r } of this.slots) {
      if (r.iface === iface && (r.prefix === 0 || inSubnet(dst, r.dest, r.prefix))) return r;
    }
    return null;
  }

  /** In `ip route` order: by destination address, longer prefix first, then metric. */
  list(): Route[] {
    return [...this.slots]
      .sort((a, b) => a.route.dest - b.route.dest || b.route.prefix - a.route.prefix || a.route.metric - b.route.metric || a.seq - b.seq)
      .map((s) => s.route);
  }

  private connectedRouteFor(gateway: Ipv4, iface: string | undefined): Route | null {
    for (const { route: r } of this.slots) {
      if (r.gateway !== null || r.scope !== 'link') continue;
      if (iface !== undefined && r.iface !== iface) continue;
      if (inSubnet(gateway, r.dest, r.prefix)) return r;
    }
    return null;
  }

  private insert(slot: Slot): void {
    const r = slot.route;
    let i = 0;
    while (i < this.slots.length) {
      const o = this.slots[i].route;
      if (o.prefix < r.prefix || (o.prefix === r.prefix && o.metric > r.metric)) break;
      i++;
    }
    this.slots.splice(i, 0, slot);
    this.changed();
  }

  private changed(): void {
    this.changes++;
  }
}

/** `192.168.0.0/24` or `default`, as `ip route` prints a destination. */
export function formatRouteDest(r: Pick<Route, 'dest' | 'prefix'>): string {
  return r.prefix === 0 ? 'default' : r.prefix === 32 ? formatIpv4(r.dest) : `${formatIpv4(r.dest)}/${r.prefix}`;
}
