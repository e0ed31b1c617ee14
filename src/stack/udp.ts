// UDP (RFC 768, RFC 1122 §4.1) with Linux socket semantics: bind conflicts, ephemeral ports
// from ip_local_port_range (32768-60999), SO_BINDTODEVICE, connected sockets that filter their
// peer and learn of ICMP hard errors (ECONNREFUSED...), broadcast delivery to every matching
// socket, and ICMP port unreachable for datagrams nobody listens to.
import { Emitter } from '../engine/events.ts';
import type { Rng } from '../engine/rng.ts';
import type { Ipv4 } from '../wire/addr.ts';
import { ICMP_DEST_UNREACH, ICMP_PORT_UNREACH } from '../wire/icmp.ts';
import { IPPROTO_UDP } from '../wire/ipv4.ts';
import { emitUdpInto, parseUdp, UDP_HEADER_LENGTH } from '../wire/udp.ts';
import type { HostIpLayer } from './host-ip.ts';
import type { IcmpErrorSender } from './ipv4.ts';
import type { NonLocalReceiver } from './transport-table.ts';
import type { IpMeta, IpSendOptions, NetError, TransportProtocol } from './transport.ts';

export const EPHEMERAL_PORT_MIN = 32768; // net.ipv4.ip_local_port_range
export const EPHEMERAL_PORT_MAX = 60999;
/** 65535 - 20 (IP header) - 8 (UDP header). */
export const UDP_MAX_PAYLOAD = 65507;

export interface UdpCounters {
  inDatagrams: number;
  noPorts: number;
  inErrors: number;
  inCsumErrors: number;
  outDatagrams: number;
}

/** One datagram as a socket receives it. `data` is the socket's own copy. */
export interface UdpMessage {
  data: Uint8Array;
  from: Ipv4;
  fromPort: number;
  to: Ipv4;
  iface: string;
  ttl: number;
}

export interface UdpSendOptions extends IpSendOptions {
  src?: Ipv4;
}

export interface UdpSocket {
  /** address 0 = any; port 0 = an ephemeral port. EADDRINUSE, EADDRNOTAVAIL, EINVAL (already bound). */
  bind(address: Ipv4, port: number): NetError | null;
  /** SO_BINDTODEVICE: receive only from, send only via that interface; null unbinds. ENODEV. */
  bindToDevice(iface: string | null): NetError | null;
  /** Fixes the peer: only its datagrams are received, ICMP hard errors reach onError. */
  connect(address: Ipv4, port: number): NetError | null;
  /** connect(AF_UNSPEC): forget the peer. */
  disconnect(): void;
  /** Binds an ephemeral port first if needed. */
  sendTo(data: Uint8Array, address: Ipv4, port: number, opts?: UdpSendOptions): NetError | null;
  /** To the connected peer; ENOTCONN otherwise. */
  send(data: Uint8Array, opts?: UdpSendOptions): NetError | null;
  readonly onMessage: Emitter<UdpMessage>;
  readonly onError: Emitter<NetError>;
  readonly localAddress: Ipv4;
  readonly localPort: number;
  /** 0 / 0 while not connected. */
  readonly remoteAddress: Ipv4;
  readonly remotePort: number;
  readonly boundDevice: string | null;
  /**
   * Also receive unicast datagrams for any address arriving on the bound device (to its MAC):
   * what dhclient's packet socket gets (a DHCPOFFER unicast to the offered address), whether or
   * not the device already has other addresses.
   */
  receiveUnconfigured: boolean;
  readonly closed: boolean;
  close(): void;
  owner?: { pid: number; name: string };
}

class Socket implements UdpSocket {
  readonly onMessage = new Emitter<UdpMessage>();
  readonly onError = new Emitter<NetError>();
  localAddress: Ipv4 = 0;
  localPort = 0;
  remoteAddress: Ipv4 = 0;
  remotePort = 0;
  boundDevice: string | null = null;
  receiveUnconfigured = false;
  closed = false;
  owner?: { pid: number; name: string };
  /** The local address came from connect(), not bind(): disconnect() clears it (SOCK_BINDADDR_LOCK). */
  addressFromConnect = false;

  constructor(private readonly module: UdpModule) {}

  get connected(): boolean {
    return this.remotePort !== 0;
  }

  bind(address: Ipv4, port: number): NetError | null {
    if (this.closed || this.localPort !== 0) return 'EINVAL';
    return this.module.bindSocket(this, address >>> 0, port);
  }

  bindToDevice(iface: string | null): NetError | null {
    if (this.closed) return 'EINVAL';
    return this.module.setDevice(this, iface);
  }

  connect(address: Ipv4, port: number): NetError | null {
    if (this.closed) return 'EINVAL';
    return this.module.connectSocket(this, address >>> 0, port);
  }

  disconnect(): void {
    this.remoteAddress = 0;
    this.remotePort = 0;
    if (this.addressFromConnect) {
      this.localAddress = 0;
      this.addressFromConnect = false;
    }
  }

  sendTo(data: Uint8Array, address: Ipv4, port: number, opts?: UdpSendOptions): NetError | null {
    if (this.closed) return 'EINVAL';
    return this.module.sendFrom(this, data, address >>> 0, port, opts);
  }

  send(data: Uint8Array, opts?: UdpSendOptions): NetError | null {
    if (this.closed) return 'EINVAL';
    if (!this.connected) return 'ENOTCONN';
    return this.module.sendFrom(this, data, this.remoteAddress, this.remotePort, opts);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.module.forget(this);
    this.onMessage.clear();
    this.onError.clear();
  }
}

export class UdpModule implements TransportProtocol, NonLocalReceiver {
  readonly protocol = IPPROTO_UDP;
  readonly counters: UdpCounters = { inDatagrams: 0, noPorts: 0, inErrors: 0, inCsumErrors: 0, outDatagrams: 0 };
  private all: Socket[] = [];
  private readonly byPort = new Map<number, Socket[]>();
  // The datagram the pre-bound writer puts into the frame (ip.send calls it synchronously).
  private pending: { srcPort: number; dstPort: number; payload: Uint8Array; src: Ipv4; dst: Ipv4 } = {
    srcPort: 0,
    dstPort: 0,
    payload: new Uint8Array(0),
    src: 0,
    dst: 0,
  };
  private readonly writeDatagram = (buf: Uint8Array, off: number): void => {
    const p = this.pending;
    emitUdpInto(p, buf, off, p.src, p.dst);
  };

  constructor(
    private readonly ip: HostIpLayer,
    private readonly icmp: IcmpErrorSender,
    private readonly rng: Rng = ip.rng.fork('udp-ports'),
  ) {}

  open(): UdpSocket {
    const s = new Socket(this);
    this.all = [...this.all, s];
    return s;
  }

  /** Open sockets in creation order (netstat -u, ss -u). */
  sockets(): UdpSocket[] {
    return [...this.all];
  }

  // ---- socket operations (called by Socket) ----------------------------------------------

  /** @internal */
  bindSocket(s: Socket, address: Ipv4, port: number): NetError | null {
    if (!Number.isInteger(port) || port < 0 || port > 65535) return 'EINVAL';
    if (address !== 0 && !this.ip.isLocalAddress(address) && !this.ip.isBroadcast(address)) return 'EADDRNOTAVAIL';
    if (port === 0) {
      const p = this.ephemeralPort(address, s.boundDevice);
      if (p === 0) return 'EADDRINUSE';
      port = p;
    } else if (this.conflicts(address, port, s.boundDevice)) {
      return 'EADDRINUSE';
    }
    s.localAddress = address;
    s.localPort = port;
    let list = this.byPort.get(port);
    if (list === undefined) {
      list = [];
      this.byPort.set(port, list);
    }
    list.push(s);
    return null;
  }

  /** @internal */
  setDevice(s: Socket, iface: string | null): NetError | null {
    if (iface !== null && !this.ip.hasInterface(iface)) return 'ENODEV';
    s.boundDevice = iface;
    return null;
  }

  /** @internal ip4_datagram_connect: the route must exist; an unbound socket gets a port and the route's source. */
  connectSocket(s: Socket, address: Ipv4, port: number): NetError | null {
    if (!Number.isInteger(port) || port <= 0 || port > 65535) return 'EINVAL';
    if (address === 0) address = 0x7f000001; // INADDR_ANY as a destination means this host
    const r = this.ip.route(address, s.localAddress || undefined, s.boundDevice ?? undefined);
    if (!r.ok) return r.error;
    if (s.localPort === 0) {
      const err = this.bindSocket(s, 0, 0);
      if (err !== null) return err;
    }
    if (s.localAddress === 0 && !this.ip.isBroadcast(address)) {
      s.localAddress = r.src;
      s.addressFromConnect = true;
    }
    s.remoteAddress = address;
    s.remotePort = port;
    return null;
  }

  /** @internal */
  sendFrom(s: Socket, data: Uint8Array, dst: Ipv4, port: number, opts?: UdpSendOptions): NetError | null {
    if (!Number.isInteger(port) || port <= 0 || port > 65535) return 'EINVAL';
    if (data.length > UDP_MAX_PAYLOAD) return 'EMSGSIZE';
    if (s.localPort === 0) {
      const err = this.bindSocket(s, 0, 0);
      if (err !== null) return err;
    }
    const iface = opts?.iface ?? s.boundDevice ?? undefined;
    let src = opts?.src ?? s.localAddress;
    if (opts?.src === undefined && src === 0) {
      // The route's source: for a broadcast, the interface's address or 0.0.0.0 without one.
      const r = this.ip.route(dst, undefined, iface);
      if (!r.ok) return r.error;
      src = r.src;
    }
    const p = this.pending;
    p.srcPort = s.localPort;
    p.dstPort = port;
    p.payload = data;
    p.src = src;
    p.dst = dst;
    const sendOpts: IpSendOptions | undefined = iface === opts?.iface ? opts : { ...opts, iface };
    const err = this.ip.send(src, dst, IPPROTO_UDP, UDP_HEADER_LENGTH + data.length, this.writeDatagram, sendOpts);
    p.payload = EMPTY;
    if (err === null) this.counters.outDatagrams++;
    return err;
  }

  /** @internal */
  forget(s: Socket): void {
    this.all = this.all.filter((x) => x !== s);
    if (s.localPort === 0) return;
    const list = this.byPort.get(s.localPort);
    if (list === undefined) return;
    const rest = list.filter((x) => x !== s);
    if (rest.length === 0) this.byPort.delete(s.localPort);
    else this.byPort.set(s.localPort, rest);
  }

  // ---- from IP ---------------------------------------------------------------------------

  receive(meta: IpMeta, data: Uint8Array): void {
    const c = this.counters;
    const parsed = parseUdp(data, 0, meta.src, meta.dst);
    if (!parsed.ok) {
      c.inErrors++;
      if (parsed.error.kind === 'bad-checksum') c.inCsumErrors++;
      return;
    }
    const d = parsed.value;
    const list = this.byPort.get(d.dstPort);
    if (this.ip.isBroadcast(meta.dst)) {
      // Every matching socket gets a broadcast (__udp4_lib_mcast_deliver); never an ICMP error.
      let delivered = false;
      if (list !== undefined) {
        for (const s of list.slice()) {
          if (matches(s, meta, d.srcPort)) {
            deliver(s, meta, d.srcPort, d.payload);
            delivered = true;
          }
        }
      }
      if (delivered) c.inDatagrams++;
      else c.noPorts++;
      return;
    }
    const s = list === undefined ? undefined : bestMatch(list, meta, d.srcPort);
    if (s === undefined) {
      c.noPorts++;
      this.icmp.sendError(meta.packet, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);
      return;
    }
    c.inDatagrams++;
    deliver(s, meta, d.srcPort, d.payload);
  }

  receiveNotLocal(meta: IpMeta, data: Uint8Array): boolean {
    // Cheap test first: forwarded traffic rarely targets a port a packet-socket client holds.
    if (data.length < UDP_HEADER_LENGTH || !this.byPort.get((data[2] << 8) | data[3])?.some((s) => s.receiveUnconfigured)) return false;
    const parsed = parseUdp(data, 0, meta.src, meta.dst);
    if (!parsed.ok) return false;
    const d = parsed.value;
    const list = this.byPort.get(d.dstPort);
    if (list === undefined) return false;
    let delivered = false;
    for (const s of list.slice()) {
      if (s.receiveUnconfigured && s.boundDevice === meta.iface && s.localAddress === 0) {
        deliver(s, meta, d.srcPort, d.payload);
        delivered = true;
      }
    }
    if (delivered) this.counters.inDatagrams++;
    return delivered;
  }

  /**
   * __udp4_lib_err: the socket that sent the quoted datagram hears of hard errors only when
   * connected (no IP_RECVERR here); time exceeded is a soft error and is not reported.
   */
  receiveIcmpError(_meta: IpMeta, type: number, code: number, quotedSrc: Ipv4, quotedDst: Ipv4, quoted: Uint8Array): void {
    if (quoted.length < 4 || type !== ICMP_DEST_UNREACH) return;
    const error = UNREACH_ERRORS[code];
    if (error === undefined) return;
    const srcPort = (quoted[0] << 8) | quoted[1];
    const dstPort = (quoted[2] << 8) | quoted[3];
    const list = this.byPort.get(srcPort);
    if (list === undefined) return;
    for (const s of list.slice()) {
      if (s.localAddress !== 0 && s.localAddress !== quotedSrc) continue;
      if (s.connected && s.remoteAddress === quotedDst && s.remotePort === dstPort) {
        s.onError.fire(error);
        return;
      }
    }
  }

  // ---- ports -----------------------------------------------------------------------------

  /** inet_bind_conflict without SO_REUSEADDR: same port, overlapping address and device. */
  private conflicts(address: Ipv4, port: number, device: string | null): boolean {
    const list = this.byPort.get(port);
    if (list === undefined) return false;
    return list.some(
      (o) =>
        (o.localAddress === 0 || address === 0 || o.localAddress === address) &&
        (o.boundDevice === null || device === null || o.boundDevice === device),
    );
  }

  /** A random start in the range, then the next free port (Linux udp_lib_get_port). */
  private ephemeralPort(address: Ipv4, device: string | null): number {
    const span = EPHEMERAL_PORT_MAX - EPHEMERAL_PORT_MIN + 1;
    const start = this.rng.int(0, span - 1);
    for (let i = 0; i < span; i++) {
      const port = EPHEMERAL_PORT_MIN + ((start + i) % span);
      if (!this.conflicts(address, port, device)) return port;
    }
    return 0;
  }
}

const EMPTY = new Uint8Array(0);

/** icmp_err_convert for the destination unreachable codes that are hard errors. */
const UNREACH_ERRORS: Record<number, NetError> = {
  0: 'ENETUNREACH',
  1: 'EHOSTUNREACH',
  3: 'ECONNREFUSED',
  6: 'ENETUNREACH',
  7: 'EHOSTUNREACH',
  8: 'EHOSTUNREACH',
  9: 'ECONNREFUSED',
  10: 'ECONNREFUSED',
  11: 'ENETUNREACH',
  12: 'EHOSTUNREACH',
  13: 'EHOSTUNREACH',
  14: 'EHOSTUNREACH',
  15: 'EHOSTUNREACH',
};

function matches(s: Socket, meta: IpMeta, srcPort: number): boolean {
  if (s.localAddress !== 0 && s.localAddress !== meta.dst) return false;
  if (s.boundDevice !== null && s.boundDevice !== meta.iface) return false;
  return !s.connected || (s.remoteAddress === meta.src && s.remotePort === srcPort);
}

/** compute_score: the most specific socket (bound address, device, connected peer) wins. */
function bestMatch(list: Socket[], meta: IpMeta, srcPort: number): Socket | undefined {
  let best: Socket | undefined;
  let bestScore = -1;
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (!matches(s, meta, srcPort)) continue;
    const score = (s.localAddress !== 0 ? 4 : 0) + (s.connected ? 4 : 0) + (s.boundDevice !== null ? 4 : 0);
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}

function deliver(s: Socket, meta: IpMeta, srcPort: number, payload: Uint8Array): void {
  s.onMessage.fire({ data: payload.slice(), from: meta.src, fromPort: srcPort, to: meta.dst, iface: meta.iface, ttl: meta.ttl });
}
