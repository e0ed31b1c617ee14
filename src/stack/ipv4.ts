// IPv4 (RFC 791, host rules of RFC 1122 §3.2.1, router rules of RFC 1812 §5.2): output with
// route and source selection, input with header checks and delivery through the transport
// table, forwarding when net.ipv4.ip_forward=1. Linux behaviour where RFCs leave a choice:
// weak host model (a local address is accepted on any interface), traffic to any local address
// goes through lo, no fragmentation (EMSGSIZE / ICMP fragmentation needed instead).
import { allocateFrame } from './frame-buffer.ts';
import type { Rng } from '../engine/rng.ts';
import type { Scheduler } from '../engine/scheduler.ts';
import { isLoopbackIpv4, isMulticastIpv4, readIpv4, writeIpv4, writeMac, type Ipv4 } from '../wire/addr.ts';
import { internetChecksum, onesComplementSum } from '../wire/checksum.ts';
import { ETHERNET_HEADER_LENGTH, ETHERTYPE_IPV4 } from '../wire/ethernet.ts';
import {
  ICMP_DEST_UNREACH,
  ICMP_FRAG_NEEDED,
  ICMP_HOST_UNREACH,
  ICMP_NET_UNREACH,
  ICMP_PROTO_UNREACH,
  ICMP_TIME_EXCEEDED,
  ICMP_TTL_EXCEEDED,
} from '../wire/icmp.ts';
import { IPPROTO_TCP, IPV4_MIN_HEADER_LENGTH } from '../wire/ipv4.ts';
import type { ArpCache } from './arp.ts';
import type { HostIpLayer } from './host-ip.ts';
import type { NetInterface } from './interface.ts';
import type { LoopbackInterface } from './loopback.ts';
import type { RoutingTable } from './routing.ts';
import { isNonLocalReceiver, type TransportTable } from './transport-table.ts';
import type { IpMeta, IpSendOptions, NetError, RouteLookup } from './transport.ts';

export const DEFAULT_TTL = 64; // net.ipv4.ip_default_ttl
const ETH = ETHERNET_HEADER_LENGTH;
const IP_OFF = ETH;
const PAYLOAD_OFF = ETH + IPV4_MIN_HEADER_LENGTH;
const MAX_PACKET = 0xffff;

/** The IP counters of `netstat -s` / /proc/net/snmp (RFC 4293 names). */
export interface Ipv4Counters {
  inReceives: number;
  inHdrErrors: number;
  inCsumErrors: number;
  inTruncatedPkts: number;
  inAddrErrors: number;
  inNoRoutes: number;
  forwDatagrams: number;
  inUnknownProtos: number;
  inDiscards: number;
  inDelivers: number;
  outRequests: number;
  outDiscards: number;
  outNoRoutes: number;
  reasmFails: number;
  fragFails: number;
}

/** Where ICMP errors go: the ICMP module (icmp.ts), which applies RFC 1122's rules on when not to send. */
export interface IcmpErrorSender {
  sendError(packet: Uint8Array, type: number, code: number, rest: number): void;
}

/** An output decision, cached per destination until routes or addresses change. */
interface Path {
  error: NetError | null;
  dev: NetInterface;
  nextHop: Ipv4;
  gateway: Ipv4 | null;
  src: Ipv4;
  loopback: boolean;
  broadcast: boolean;
}

export interface Ipv4Options {
  scheduler: Scheduler;
  rng: Rng;
  interfaces: Map<string, NetInterface>;
  lo: LoopbackInterface;
  routes: RoutingTable;
  arp: ArpCache;
  transports: TransportTable;
}

export class Ipv4Layer implements HostIpLayer {
  readonly scheduler: Scheduler;
  readonly rng: Rng;
  /** net.ipv4.ip_forward. */
  forwarding = false;
  readonly counters: Ipv4Counters = {
    inReceives: 0,
    inHdrErrors: 0,
    inCsumErrors: 0,
    inTruncatedPkts: 0,
    inAddrErrors: 0,
    inNoRoutes: 0,
    forwDatagrams: 0,
    inUnknownProtos: 0,
    inDiscards: 0,
    inDelivers: 0,
    outRequests: 0,
    outDiscards: 0,
    outNoRoutes: 0,
    reasmFails: 0,
    fragFails: 0,
  };
  /** Set once the ICMP module exists (it needs this layer to send). */
  icmp: IcmpErrorSender | null = null;

  private readonly interfaces: Map<string, NetInterface>;
  private readonly lo: LoopbackInterface;
  private readonly routes: RoutingTable;
  private readonly arp: ArpCache;
  private readonly transports: TransportTable;
  /** Linux sets DF on TCP (path MTU discovery); ping asks for it itself. */
  private readonly dontFragmentDefault = new Uint8Array(256);
  private ipId: number;

  // The "local" table: unicast addresses of up NICs, lo's networks, subnet broadcasts.
  private hostAddrs = new Set<Ipv4>();
  private loopbackNets: Array<{ net: Ipv4; prefix: number }> = [];
  private broadcasts = new Set<Ipv4>();
  private addrGeneration = 0;

  private readonly paths = new Map<Ipv4, Path>();
  private pathsRoutesVersion = -1;
  private pathsAddrGeneration = -1;
  private lastDst = -1;
  private lastPath: Path | null = null;

  constructor(opts: Ipv4Options) {
    this.scheduler = opts.scheduler;
    this.rng = opts.rng;
    this.interfaces = opts.interfaces;
    this.lo = opts.lo;
    this.routes = opts.routes;
    this.arp = opts.arp;
    this.transports = opts.transports;
    this.dontFragmentDefault[IPPROTO_TCP] = 1;
    this.ipId = opts.rng.fork('ip-id').int(0, 0xffff);
  }

  // ---- the local table -------------------------------------------------------------------

  /** Rebuilds the local table after an address or up/down change (Linux fib_add_ifaddr & co). */
  addressesChanged(): void {
    const hostAddrs = new Set<Ipv4>();
    const loopbackNets: Array<{ net: Ipv4; prefix: number }> = [];
    const broadcasts = new Set<Ipv4>();
    for (const dev of this.interfaces.values()) {
      if (!dev.up) continue;
      for (const a of dev.addresses) {
        if (dev.loopback) {
          // Every address of lo's networks is local (`local 127.0.0.0/8 dev lo`).
          loopbackNets.push({ net: a.prefix === 0 ? 0 : (a.address & (0xffffffff << (32 - a.prefix))) >>> 0, prefix: a.prefix });
        } else {
          hostAddrs.add(a.address);
          if (a.broadcast !== 0) broadcasts.add(a.broadcast);
        }
      }
    }
    this.hostAddrs = hostAddrs;
    this.loopbackNets = loopbackNets;
    this.broadcasts = broadcasts;
    this.addrGeneration++;
  }

  isLocalAddress(a: Ipv4): boolean {
    if (this.hostAddrs.has(a)) return true;
    const nets = this.loopbackNets;
    for (let i = 0; i < nets.length; i++) {
      const n = nets[i];
      if (n.prefix === 0 || ((a ^ n.net) >>> (32 - n.prefix)) === 0) return true;
    }
    return false;
  }

  /** An address ARP answers for: unicast on an up NIC (not lo's). */
  ownsAddress(a: Ipv4): boolean {
    return this.hostAddrs.has(a);
  }

  isBroadcast(a: Ipv4): boolean {
    return a === 0xffffffff || this.broadcasts.has(a);
  }

  hasInterface(name: string): boolean {
    return this.interfaces.has(name);
  }

  // ---- output ----------------------------------------------------------------------------

  /** `ip route get DST [from SRC] [oif IF]`. */
  route(dst: Ipv4, src?: Ipv4, iface?: string): RouteLookup {
    dst >>>= 0;
    const p = iface === undefined ? this.pathTo(dst) : this.computePath(dst, iface);
    if (p.error !== null) return { ok: false, error: p.error };
    if (src !== undefined && src !== 0 && !this.isLocalAddress(src) && !this.isBroadcast(src)) {
      return { ok: false, error: 'EADDRNOTAVAIL' };
    }
    return {
      ok: true,
      src: src !== undefined && src !== 0 ? src : p.src,
      iface: p.dev.name,
      mtu: p.dev.mtu,
      loopback: p.loopback,
      gateway: p.gateway,
    };
  }

  send(
    src: Ipv4,
    dst: Ipv4,
    protocol: number,
    length: number,
    write: (buf: Uint8Array, off: number) => void,
    opts?: IpSendOptions,
  ): NetError | null {
    const p = opts?.iface === undefined ? this.pathTo(dst) : this.computePath(dst >>> 0, opts.iface);
    if (p.error !== null) {
      this.counters.outNoRoutes++;
      return p.error;
    }
    const dev = p.dev;
    const total = IPV4_MIN_HEADER_LENGTH + length;
    if (total > dev.mtu || total > MAX_PACKET) {
      this.counters.outDiscards++;
      return 'EMSGSIZE';
    }
    // An unbound socket (source 0.0.0.0) gets the route's source, except for broadcasts
    // (a DHCP client without an address sends from 0.0.0.0, RFC 2131 §4.1).
    if (src === 0 && !p.broadcast) src = p.src;
    const broadcast = p.broadcast || opts?.broadcast === true;
    const buf = allocateFrame(ETH + total);
    const linkDst = p.loopback || broadcast ? undefined : opts?.linkDst;
    if (!p.loopback) {
      buf.set(dev.macBytes, 6);
      if (broadcast) buf.fill(0xff, 0, 6);
      else if (linkDst !== undefined) writeMac(buf, 0, linkDst);
    }
    buf[12] = ETHERTYPE_IPV4 >>> 8;
    buf[13] = ETHERTYPE_IPV4 & 0xff;
    const df = opts?.dontFragment ?? this.dontFragmentDefault[protocol] === 1;
    this.ipId = (this.ipId + 1) & 0xffff;
    writeHeader(buf, opts?.tos ?? 0, total, this.ipId, df, opts?.ttl ?? DEFAULT_TTL, protocol, src, dst);
    write(buf, PAYLOAD_OFF);
    this.counters.outRequests++;
    if (p.loopback || linkDst !== undefined) {
      dev.transmit(buf);
    } else if (broadcast) {
      dev.transmit(buf);
      // Linux loops a copy of every broadcast back to the host's own sockets (ip_mc_output).
      if (p.broadcast) this.lo.loopCopy(buf, dev);
    } else {
      this.arp.output(dev, p.nextHop, buf, src);
    }
    return null;
  }

  confirmNeighbor(dst: Ipv4): void {
    const p = this.pathTo(dst);
    if (p.error === null && !p.loopback && !p.broadcast) this.arp.confirm(p.dev, p.nextHop);
  }

  private pathTo(dst: Ipv4): Path {
    if (this.pathsRoutesVersion !== this.routes.version || this.pathsAddrGeneration !== this.addrGeneration) {
      this.paths.clear();
      this.lastDst = -1;
      this.pathsRoutesVersion = this.routes.version;
      this.pathsAddrGeneration = this.addrGeneration;
    }
    if (dst === this.lastDst) return this.lastPath!;
    let p = this.paths.get(dst);
    if (p === undefined) {
      p = this.computePath(dst >>> 0, undefined);
      if (this.paths.size >= 4096) this.paths.clear();
      this.paths.set(dst, p);
    }
    this.lastDst = dst;
    this.lastPath = p;
    return p;
  }

  /** Linux ip_route_output_key: local table first, then the limited broadcast, then main. */
  private computePath(dst: Ipv4, iface: string | undefined): Path {
    const lo = this.lo;
    if (this.isLocalAddress(dst)) {
      const src = this.hostAddrs.has(dst) ? dst : (lo.primaryAddress(dst) ?? dst);
      return { error: null, dev: lo, nextHop: dst, gateway: null, src, loopback: true, broadcast: false };
    }
    let forced: NetInterface | undefined;
    if (iface !== undefined) {
      forced = this.interfaces.get(iface);
      if (forced === undefined) return unreachable(lo, 'ENODEV');
      if (!forced.up) return unreachable(lo, 'ENETUNREACH');
    }
    if (dst === 0xffffffff) {
      // RFC 919 limited broadcast: out of the bound device, or the first NIC that is up.
      const dev = forced ?? this.firstNic();
      if (dev === undefined) return unreachable(lo, 'ENETUNREACH');
      return { error: null, dev, nextHop: dst, gateway: null, src: dev.primaryAddress() ?? 0, loopback: false, broadcast: true };
    }
    let dev: NetInterface | undefined;
    let gateway: Ipv4 | null = null;
    let routeSrc: Ipv4 | undefined;
    if (forced !== undefined) {
      // SO_BINDTODEVICE: routes through that device; without one, assume the destination is
      // on the link ("Apparently, routing tables are wrong", ip_route_output_key_hash_rcu).
      const r = this.routes.lookupVia(dst, forced.name);
      dev = forced;
      if (r !== null) {
        gateway = r.gateway;
        routeSrc = r.src;
      }
    } else {
      const r = this.routes.lookup(dst);
      if (r === null) return unreachable(lo, 'ENETUNREACH');
      dev = this.interfaces.get(r.iface);
      if (dev === undefined || !dev.up) return unreachable(lo, 'ENETUNREACH');
      gateway = r.gateway;
      routeSrc = r.src;
    }
    const nextHop = gateway ?? dst;
    const src = routeSrc ?? dev.primaryAddress(nextHop) ?? this.anyAddress() ?? 0;
    const broadcast = gateway === null && dev.addresses.some((a) => a.broadcast === dst && a.broadcast !== 0);
    // Forced onto lo (SO_BINDTODEVICE lo): it loops back, then input drops it as not local.
    return { error: null, dev, nextHop, gateway, src, loopback: dev.loopback, broadcast: broadcast && !dev.loopback };
  }

  private firstNic(): NetInterface | undefined {
    for (const dev of this.interfaces.values()) if (!dev.loopback && dev.up) return dev;
    return undefined;
  }

  /** inet_select_addr's last resort: any address of an up NIC. */
  private anyAddress(): Ipv4 | undefined {
    for (const a of this.hostAddrs) return a;
    return undefined;
  }

  // ---- input -----------------------------------------------------------------------------

  /** An IPv4 frame accepted by `dev` (ip_rcv). `frame` is shared and read-only. */
  input(dev: NetInterface, frame: Uint8Array): void {
    const c = this.counters;
    c.inReceives++;
    const avail = frame.length - ETH;
    if (avail < IPV4_MIN_HEADER_LENGTH) {
      c.inHdrErrors++;
      return;
    }
    const vihl = frame[IP_OFF];
    const ihl = (vihl & 0x0f) << 2;
    if (vihl >>> 4 !== 4 || ihl < IPV4_MIN_HEADER_LENGTH || ihl > avail) {
      c.inHdrErrors++;
      return;
    }
    const total = (frame[IP_OFF + 2] << 8) | frame[IP_OFF + 3];
    if (total > avail) {
      c.inTruncatedPkts++;
      return;
    }
    if (total < ihl) {
      c.inHdrErrors++;
      return;
    }
    if (onesComplementSum(frame, IP_OFF, IP_OFF + ihl) !== 0xffff) {
      c.inCsumErrors++;
      c.inHdrErrors++;
      return;
    }
    if (((frame[IP_OFF + 6] << 8) | frame[IP_OFF + 7]) & 0x3fff) {
      // A fragment (MF set or an offset): this stack does not reassemble.
      c.reasmFails++;
      return;
    }
    const src = readIpv4(frame, IP_OFF + 12);
    const dst = readIpv4(frame, IP_OFF + 16);
    if (!dev.loopback && (isLoopbackIpv4(dst) || isLoopbackIpv4(src))) {
      c.inAddrErrors++; // martian (RFC 1122 §3.2.1.3: 127/8 must not appear outside a host)
      return;
    }
    const broadcast = dst === 0xffffffff || this.broadcasts.has(dst);
    if (broadcast || this.isLocalAddress(dst)) {
      this.deliver(dev, frame, ihl, total, src, dst, broadcast);
      return;
    }
    if (isMulticastIpv4(dst)) return; // no group memberships
    if (dev.loopback) {
      c.inAddrErrors++; // looped back yet not local: nowhere to go
      return;
    }
    // Not for us. A router forwards unicast frames addressed to its MAC only (RFC 1812 §5.3.4).
    const linkUnicast = (frame[0] & 1) === 0;
    if (linkUnicast && this.deliverNonLocal(dev, frame, ihl, total, src, dst)) return;
    if (this.forwarding && linkUnicast) {
      this.forward(frame, ihl, total, src, dst);
      return;
    }
    c.inAddrErrors++;
  }

  private deliver(dev: NetInterface, frame: Uint8Array, ihl: number, total: number, src: Ipv4, dst: Ipv4, broadcast: boolean): void {
    const protocol = frame[IP_OFF + 9];
    const packet = frame.subarray(IP_OFF, IP_OFF + total);
    const t = this.transports.get(protocol);
    if (t === undefined) {
      this.counters.inUnknownProtos++;
      if (!broadcast) this.icmp?.sendError(packet, ICMP_DEST_UNREACH, ICMP_PROTO_UNREACH, 0);
      return;
    }
    this.counters.inDelivers++;
    const meta: IpMeta = { src, dst, ttl: frame[IP_OFF + 8], tos: frame[IP_OFF + 1], iface: dev.name, packet };
    t.receive(meta, frame.subarray(IP_OFF + ihl, IP_OFF + total));
  }

  /** A unicast for an address not (yet) ours: what dhclient's packet socket sees (an offer to its MAC). */
  private deliverNonLocal(dev: NetInterface, frame: Uint8Array, ihl: number, total: number, src: Ipv4, dst: Ipv4): boolean {
    const t = this.transports.get(frame[IP_OFF + 9]);
    if (t === undefined || !isNonLocalReceiver(t)) return false;
    const packet = frame.subarray(IP_OFF, IP_OFF + total);
    const meta: IpMeta = { src, dst, ttl: frame[IP_OFF + 8], tos: frame[IP_OFF + 1], iface: dev.name, packet };
    return t.receiveNotLocal(meta, frame.subarray(IP_OFF + ihl, IP_OFF + total));
  }

  /** ip_forward: TTL, route, MTU, then a fresh frame toward the next hop. */
  private forward(frame: Uint8Array, ihl: number, total: number, src: Ipv4, dst: Ipv4): void {
    const c = this.counters;
    const packet = frame.subarray(IP_OFF, IP_OFF + total);
    const ttl = frame[IP_OFF + 8];
    if (ttl <= 1) {
      c.inHdrErrors++;
      this.icmp?.sendError(packet, ICMP_TIME_EXCEEDED, ICMP_TTL_EXCEEDED, 0);
      return;
    }
    const p = this.pathTo(dst);
    if (p.error !== null) {
      c.inNoRoutes++;
      this.icmp?.sendError(packet, ICMP_DEST_UNREACH, ICMP_NET_UNREACH, 0);
      return;
    }
    if (p.loopback || p.broadcast) {
      c.inAddrErrors++; // directed broadcasts are not forwarded (RFC 2644)
      return;
    }
    const dev = p.dev;
    if (total > dev.mtu) {
      c.fragFails++;
      if (frame[IP_OFF + 6] & 0x40) this.icmp?.sendError(packet, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, dev.mtu & 0xffff);
      return;
    }
    // The received frame is shared with other receivers: the forwarded one is a copy.
    const out = allocateFrame(ETH + total);
    out.set(packet, ETH);
    out.set(dev.macBytes, 6);
    out[12] = ETHERTYPE_IPV4 >>> 8;
    out[13] = ETHERTYPE_IPV4 & 0xff;
    out[IP_OFF + 8] = ttl - 1;
    out[IP_OFF + 10] = 0;
    out[IP_OFF + 11] = 0;
    const sum = internetChecksum(out, IP_OFF, IP_OFF + ihl);
    out[IP_OFF + 10] = sum >>> 8;
    out[IP_OFF + 11] = sum & 0xff;
    c.forwDatagrams++;
    this.arp.output(dev, p.nextHop, out, src);
  }

  /** ARP gave up on a neighbour: each waiting packet earns an ICMP host unreachable (arp_error_report). */
  resolutionFailed(frames: Uint8Array[]): void {
    for (const frame of frames) {
      const total = (frame[IP_OFF + 2] << 8) | frame[IP_OFF + 3];
      this.icmp?.sendError(frame.subarray(IP_OFF, IP_OFF + total), ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0);
    }
  }
}

function unreachable(lo: NetInterface, error: NetError): Path {
  return { error, dev: lo, nextHop: 0, gateway: null, src: 0, loopback: false, broadcast: false };
}

/** A 20-byte header (no options) at the start of the IP part of `buf`, checksum included. */
function writeHeader(
  buf: Uint8Array,
  tos: number,
  total: number,
  id: number,
  df: boolean,
  ttl: number,
  protocol: number,
  src: Ipv4,
  dst: Ipv4,
): void {
  const o = IP_OFF;
  buf[o] = 0x45;
  buf[o + 1] = tos;
  buf[o + 2] = total >>> 8;
  buf[o + 3] = total & 0xff;
  buf[o + 4] = id >>> 8;
  buf[o + 5] = id & 0xff;
  buf[o + 6] = df ? 0x40 : 0;
  buf[o + 7] = 0;
  buf[o + 8] = ttl;
  buf[o + 9] = protocol;
  writeIpv4(buf, o + 12, src);
  writeIpv4(buf, o + 16, dst);
  const sum = internetChecksum(buf, o, o + IPV4_MIN_HEADER_LENGTH);
  buf[o + 10] = sum >>> 8;
  buf[o + 11] = sum & 0xff;
}
