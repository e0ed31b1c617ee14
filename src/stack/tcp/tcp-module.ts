// TCP as IP sees it (protocol 6): demultiplexing by 4-tuple, listeners, port allocation, the
// answer for segments nobody wants (RFC 9293 §3.10.7.1), and ICMP errors (RFC 1122 §4.2.3.9 as
// Linux tcp_v4_err applies it). The connection machinery lives in the files beside this one.
import type { Ipv4 } from '../../wire/addr.ts';
import { parseTcp, TCP_ACK, TCP_RST, TCP_SYN, seqGt, seqLe, type TcpSegment } from '../../wire/tcp.ts';
import type { IpLayer, IpMeta, NetError, TransportProtocol } from '../transport.ts';
import { Connection, type TcpConnection } from './connection.ts';
import { activeOpen, passiveOpen, synSentArrives } from './handshake.ts';
import { Listener, type TcpListener } from './listener.ts';
import { sendResetFor } from './output.ts';
import { segmentArrives } from './receive.ts';
import type { SocketOwner, Tcb, TcbHost, TcpCounters } from './tcb.ts';
import { DEFAULT_BACKLOG, EPHEMERAL_HIGH, EPHEMERAL_LOW, SOMAXCONN } from './tunables.ts';

export type { TcpConnection, TcpInfo } from './connection.ts';
export type { TcpListener } from './listener.ts';
export type { SocketOwner, TcpCounters, TcpState } from './tcb.ts';

export interface TcpConnectOptions {
  address: Ipv4;
  port: number;
  /** Source address (bind before connect); default: the route's source. */
  localAddress?: Ipv4;
  /** Source port; default: an ephemeral port 32768-60999. */
  localPort?: number;
  owner?: SocketOwner;
}

export interface TcpListenOptions {
  /** Default 0.0.0.0: every local address. */
  address?: Ipv4;
  /** 0 picks an ephemeral port. */
  port: number;
  backlog?: number;
  owner?: SocketOwner;
}

const IPPROTO_TCP = 6;
const ICMP_DEST_UNREACH = 3;
const ICMP_TIME_EXCEEDED = 11;
const ICMP_FRAG_NEEDED = 4;

/**
 * Linux icmp_err_convert[] for Destination Unreachable codes, folded into our errno set
 * (ENOPROTOOPT, EOPNOTSUPP, EHOSTDOWN and ENONET have no NetError: closest kept).
 */
const UNREACH_ERRORS: readonly NetError[] = [
  'ENETUNREACH', // 0 net unreachable
  'EHOSTUNREACH', // 1 host unreachable
  'ECONNREFUSED', // 2 protocol unreachable (ENOPROTOOPT)
  'ECONNREFUSED', // 3 port unreachable
  'EMSGSIZE', // 4 fragmentation needed (handled apart)
  'EHOSTUNREACH', // 5 source route failed (EOPNOTSUPP)
  'ENETUNREACH', // 6 net unknown
  'EHOSTUNREACH', // 7 host unknown (EHOSTDOWN)
  'EHOSTUNREACH', // 8 host isolated (ENONET)
  'ENETUNREACH', // 9 net prohibited
  'EHOSTUNREACH', // 10 host prohibited
  'ENETUNREACH', // 11 net unreachable for TOS
  'EHOSTUNREACH', // 12 host unreachable for TOS
  'EHOSTUNREACH', // 13 communication administratively prohibited
  'EHOSTUNREACH', // 14 host precedence violation
  'EHOSTUNREACH', // 15 precedence cut-off
];

function demuxKey(localPort: number, remotePort: number): number {
  return localPort * 65536 + remotePort;
}

export class TcpModule implements TransportProtocol, TcbHost {
  readonly protocol = IPPROTO_TCP;
  readonly counters: TcpCounters = {
    activeOpens: 0,
    passiveOpens: 0,
    attemptFails: 0,
    estabResets: 0,
    inSegs: 0,
    outSegs: 0,
    retransSegs: 0,
    inErrs: 0,
    outRsts: 0,
    listenOverflows: 0,
  };
  /** Connections by (local port, remote port); addresses are compared on lookup. */
  private readonly conns = new Map<number, Connection | Connection[]>();
  private readonly listenersByPort = new Map<number, Listener[]>();
  /** How many sockets use each local port (ephemeral allocation skips them). */
  private readonly portUse = new Map<number, number>();
  private readonly listenerHost;

  constructor(readonly ip: IpLayer) {
    this.listenerHost = { scheduler: ip.scheduler, removeListener: (l: Listener) => this.removeListener(l) };
  }

  /** CurrEstab of `netstat -s`: connections in ESTABLISHED or CLOSE-WAIT. */
  get currEstab(): number {
    let n = 0;
    for (const c of this.connections()) if (c.state === 'ESTABLISHED' || c.state === 'CLOSE-WAIT') n++;
    return n;
  }

  // ------------------------------------------------------------ socket calls

  /** Active open; a failure (no route, refused, timeout...) arrives through onClose. */
  connect(opts: TcpConnectOptions): TcpConnection {
    const conn = new Connection(this, opts.localAddress ?? 0, opts.localPort ?? 0, opts.address, opts.port);
    if (opts.owner !== undefined) conn.owner = opts.owner;
    const fail = (error: NetError): TcpConnection => {
      conn.notifyClose(error);
      return conn;
    };
    if (opts.localAddress !== undefined && opts.localAddress !== 0 && !this.ip.isLocalAddress(opts.localAddress)) {
      return fail('EADDRNOTAVAIL');
    }
    const route = this.ip.route(opts.address, opts.localAddress || undefined);
    if (!route.ok) {
      this.counters.attemptFails++;
      return fail(route.error);
    }
    if (!opts.localAddress) conn.localAddress = route.src;
    if (opts.localPort) {
      if (this.portUse.has(opts.localPort)) return fail('EADDRINUSE');
    } else {
      const port = this.ephemeralPort();
      if (port === null) return fail('EADDRNOTAVAIL');
      conn.localPort = port;
    }
    conn.mtu = route.mtu;
    this.register(conn);
    activeOpen(conn);
    return conn;
  }

  listen(opts: TcpListenOptions): TcpListener | NetError {
    const address = opts.address ?? 0;
    if (address !== 0 && !this.ip.isLocalAddress(address)) return 'EADDRNOTAVAIL';
    let port = opts.port;
    if (port === 0) {
      const p = this.ephemeralPort();
      if (p === null) return 'EADDRINUSE';
      port = p;
    }
    if (port < 1 || port > 65535) return 'EINVAL';
    for (const l of this.listenersByPort.get(port) ?? []) {
      if (l.localAddress === 0 || address === 0 || l.localAddress === address) return 'EADDRINUSE';
    }
    const backlog = Math.max(0, Math.min(opts.backlog ?? DEFAULT_BACKLOG, SOMAXCONN));
    const listener = new Listener(this.listenerHost, address, port, backlog);
    if (opts.owner !== undefined) listener.owner = opts.owner;
    const list = this.listenersByPort.get(port);
    if (list === undefined) this.listenersByPort.set(port, [listener]);
    else list.push(listener);
    this.usePort(port, 1);
    return listener;
  }

  /** Every connection not yet CLOSED, TIME-WAIT and half-open children included (netstat, ss). */
  connections(): TcpConnection[] {
    const out: TcpConnection[] = [];
    for (const v of this.conns.values()) {
      if (Array.isArray(v)) out.push(...v);
      else out.push(v);
    }
    return out;
  }

  listeners(): TcpListener[] {
    const out: TcpListener[] = [];
    for (const list of this.listenersByPort.values()) out.push(...list);
    return out;
  }

  // ------------------------------------------------------------ from IP

  receive(meta: IpMeta, data: Uint8Array): void {
    const parsed = parseTcp(data, 0, meta.src, meta.dst);
    if (!parsed.ok) {
      this.counters.inErrs++; // bad checksum or header: dropped silently
      return;
    }
    const seg = parsed.value;
    this.counters.inSegs++;
    let conn = this.lookup(meta.dst, seg.dstPort, meta.src, seg.srcPort);
    if (conn !== undefined && conn.state === 'TIME-WAIT' && (seg.flags & (TCP_SYN | TCP_ACK | TCP_RST)) === TCP_SYN) {
      // A new SYN for a pair in TIME-WAIT with a higher sequence number reopens it (RFC 9293
      // §3.6.1, RFC 6191; Linux TCP_TW_SYN).
      if (seqGt(seg.seq, conn.rcvNxt)) {
        conn.destroy(null);
        conn = undefined;
      }
    }
    if (conn !== undefined) {
      if (conn.state === 'SYN-SENT') synSentArrives(conn, seg);
      else segmentArrives(conn, seg);
      return;
    }
    const listener = this.findListener(meta.dst, seg.dstPort);
    if (listener !== undefined) {
      this.listenArrives(listener, meta, seg);
      return;
    }
    // CLOSED: an RST is answered with silence, anything else with RST (§3.10.7.1).
    if (!(seg.flags & TCP_RST)) sendResetFor(this.ip, this.counters, meta.dst, meta.src, seg);
  }

  receiveIcmpError(
    _meta: IpMeta,
    type: number,
    code: number,
    quotedSrc: Ipv4,
    quotedDst: Ipv4,
    quotedTransport: Uint8Array,
  ): void {
    if (quotedTransport.length < 8) return;
    const t = quotedTransport;
    const srcPort = (t[0] << 8) | t[1];
    const dstPort = (t[2] << 8) | t[3];
    const seq = ((t[4] << 24) | (t[5] << 16) | (t[6] << 8) | t[7]) >>> 0;
    const conn = this.lookup(quotedSrc, srcPort, quotedDst, dstPort);
    if (conn === undefined) return;
    let error: NetError;
    if (type === ICMP_DEST_UNREACH) {
      if (code === ICMP_FRAG_NEEDED || code >= UNREACH_ERRORS.length) return; // no PMTU discovery here
      error = UNREACH_ERRORS[code];
    } else if (type === ICMP_TIME_EXCEEDED) {
      error = 'EHOSTUNREACH';
    } else {
      return;
    }
    // Only for a segment we sent and is still unacknowledged (Linux: between snd_una and snd_nxt).
    if (!(seqLe(conn.sndUna, seq) && seqLe(seq, conn.sndMax))) return;
    switch (conn.state) {
      case 'SYN-SENT':
      case 'SYN-RECEIVED':
        // Linux tcp_v4_err: during the handshake the error is final at once (connect fails
        // with "No route to host" when ARP gets no answer); a listener's child just goes away.
        if (!conn.passive) this.counters.attemptFails++;
        conn.destroy(conn.passive ? null : error);
        return;
      default:
        // Established: a soft error, reported only if the connection times out (RFC 1122 §4.2.3.9).
        conn.softError = error;
    }
  }

  // ------------------------------------------------------------ TcbHost

  release(tcb: Tcb): void {
    const key = demuxKey(tcb.localPort, tcb.remotePort);
    const v = this.conns.get(key);
    if (v === undefined) return;
    if (Array.isArray(v)) {
      const i = v.indexOf(tcb as Connection);
      if (i < 0) return;
      v.splice(i, 1);
      if (v.length === 1) this.conns.set(key, v[0]);
    } else {
      if (v !== tcb) return;
      this.conns.delete(key);
    }
    this.usePort(tcb.localPort, -1);
  }

  // ------------------------------------------------------------ internals

  private listenArrives(listener: Listener, meta: IpMeta, seg: TcpSegment): void {
    // LISTEN (RFC 9293 §3.10.7.2): RST ignored, ACK answered with RST, SYN opens a child.
    if (seg.flags & TCP_RST) return;
    if (seg.flags & TCP_ACK) {
      sendResetFor(this.ip, this.counters, meta.dst, meta.src, seg);
      return;
    }
    if (!(seg.flags & TCP_SYN)) return;
    if (listener.full) {
      this.counters.listenOverflows++;
      return;
    }
    const route = this.ip.route(meta.src, meta.dst);
    if (!route.ok) return;
    const child = new Connection(this, meta.dst, seg.dstPort, meta.src, seg.srcPort);
    child.mtu = route.mtu;
    this.register(child);
    listener.adopt(child);
    passiveOpen(child, seg, listener);
  }

  private lookup(local: Ipv4, localPort: number, remote: Ipv4, remotePort: number): Connection | undefined {
    const v = this.conns.get(demuxKey(localPort, remotePort));
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) {
      return v.localAddress === local && v.remoteAddress === remote ? v : undefined;
    }
    for (const c of v) if (c.localAddress === local && c.remoteAddress === remote) return c;
    return undefined;
  }

  private findListener(local: Ipv4, port: number): Listener | undefined {
    const list = this.listenersByPort.get(port);
    if (list === undefined) return undefined;
    let wildcard: Listener | undefined;
    for (const l of list) {
      if (l.localAddress === local) return l;
      if (l.localAddress === 0) wildcard = l;
    }
    return wildcard;
  }

  private register(conn: Connection): void {
    const key = demuxKey(conn.localPort, conn.remotePort);
    const v = this.conns.get(key);
    if (v === undefined) this.conns.set(key, conn);
    else if (Array.isArray(v)) v.push(conn);
    else this.conns.set(key, [v, conn]);
    this.usePort(conn.localPort, 1);
  }

  private removeListener(l: Listener): void {
    const list = this.listenersByPort.get(l.localPort);
    if (list === undefined) return;
    const i = list.indexOf(l);
    if (i < 0) return;
    list.splice(i, 1);
    if (list.length === 0) this.listenersByPort.delete(l.localPort);
    this.usePort(l.localPort, -1);
  }

  private usePort(port: number, delta: number): void {
    const n = (this.portUse.get(port) ?? 0) + delta;
    if (n <= 0) this.portUse.delete(port);
    else this.portUse.set(port, n);
  }

  /** A random port of ip_local_port_range, then the next free ones (Linux __inet_hash_connect). */
  private ephemeralPort(): number | null {
    const span = EPHEMERAL_HIGH - EPHEMERAL_LOW + 1;
    const start = this.ip.rng.int(0, span - 1);
    for (let i = 0; i < span; i++) {
      const port = EPHEMERAL_LOW + ((start + i) % span);
      if (!this.portUse.has(port)) return port;
    }
    return null;
  }
}
