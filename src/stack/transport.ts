// The seam between the IP layer and the transports (TCP, UDP, ICMP sockets): what each side
// offers the other. TCP is written against this interface so it can be tested with a fake IP
// layer (lwIP-style: one state, one segment, one assertion) and run on the real one.
import type { Ipv4 } from '../wire/addr.ts';
import type { Rng } from '../engine/rng.ts';
import type { Scheduler } from '../engine/scheduler.ts';

/** errno-style failures a program can cause or meet; commands print them like Linux does. */
export type NetError =
  | 'ECONNREFUSED'
  | 'ETIMEDOUT'
  | 'EHOSTUNREACH'
  | 'ENETUNREACH'
  | 'EADDRINUSE'
  | 'EADDRNOTAVAIL'
  | 'ECONNRESET'
  | 'ECONNABORTED'
  | 'EPIPE'
  | 'EINVAL'
  | 'EISCONN'
  | 'ENOTCONN'
  | 'EMSGSIZE'
  | 'EACCES'
  | 'ENODEV'
  | 'EEXIST' // `ip addr add`/`ip route add` of what is already there: "RTNETLINK answers: File exists"
  | 'ESRCH'; // `ip route del` of a route that is not there: "RTNETLINK answers: No such process"


/** Where a packet to `dst` would leave from: the answer of `ip route get`. */
export type RouteLookup =
  | { ok: true; src: Ipv4; iface: string; mtu: number; loopback: boolean; gateway: Ipv4 | null }
  | { ok: false; error: NetError };

export interface IpSendOptions {
  ttl?: number; // default 64
  tos?: number; // default 0
  dontFragment?: boolean; // default true for TCP, false otherwise (Linux pmtudisc default is "want": DF set)
  iface?: string; // SO_BINDTODEVICE: force the egress interface (DHCP client)
  /** Link-layer broadcast even if dst is not 255.255.255.255 (not normally needed). */
  broadcast?: boolean;
  /**
   * Send to this MAC without ARP (a packet socket's frame): dhcpd unicasts an offer to the
   * client's chaddr before the client owns the address, so it could not answer ARP.
   */
  linkDst?: number;
}

/** Header facts of a received IPv4 packet that transports need (checksums, replies, ttl for ping). */
export interface IpMeta {
  src: Ipv4;
  dst: Ipv4;
  ttl: number;
  tos: number;
  iface: string; // ingress interface name
  /** The whole IP packet (header + payload) as received, for ICMP errors quoting it. */
  packet: Uint8Array;
}

/** What the IP layer offers the transports. */
export interface IpLayer {
  readonly scheduler: Scheduler;
  readonly rng: Rng;
  route(dst: Ipv4, src?: Ipv4, iface?: string): RouteLookup;
  isLocalAddress(a: Ipv4): boolean;
  /**
   * Build and send one IPv4 packet. `length` is the transport payload length; `write` fills
   * buf[off .. off+length) (the transport header and data, checksum included) in the final
   * frame buffer, so no copy is made. Returns null when the packet was handed to an interface
   * (or queued for ARP), or the error a socket call would return.
   */
  send(
    src: Ipv4,
    dst: Ipv4,
    protocol: number,
    length: number,
    write: (buf: Uint8Array, off: number) => void,
    opts?: IpSendOptions,
  ): NetError | null;
  /** Upper-layer reachability confirmation (Linux dst_confirm): TCP calls it on forward progress. */
  confirmNeighbor(dst: Ipv4): void;
}

/** What a transport offers the IP layer (demultiplexed by protocol number). */
export interface TransportProtocol {
  readonly protocol: number;
  /** `data` is the transport header + payload (a view into the frame; copy what you keep). */
  receive(meta: IpMeta, data: Uint8Array): void;
  /**
   * An ICMP error (destination unreachable, time exceeded) quoting a packet this host sent:
   * `quoted` is the quoted IP header + at least 8 bytes of the transport header.
   */
  receiveIcmpError(meta: IpMeta, type: number, code: number, quotedSrc: Ipv4, quotedDst: Ipv4, quotedTransport: Uint8Array): void;
}
