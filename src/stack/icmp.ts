// ICMP (RFC 792, host rules RFC 1122 §3.2.2): echo replies, error messages with Linux's
// choices (icmp.c: quote up to 576 bytes, TOS 0xc0, per-destination rate limit), dispatch of
// received errors to the transport named in the quoted header, and raw ICMP sockets (ping,
// traceroute) that see every ICMP message addressed to the host.
import { Emitter } from '../engine/events.ts';
import { SECOND } from '../engine/time.ts';
import { isMulticastIpv4, readIpv4, type Ipv4 } from '../wire/addr.ts';
import { internetChecksum } from '../wire/checksum.ts';
import {
  emitIcmpInto,
  ICMP_DEST_UNREACH,
  ICMP_ECHO_REPLY,
  ICMP_ECHO_REQUEST,
  ICMP_FRAG_NEEDED,
  ICMP_HEADER_LENGTH,
  ICMP_TIME_EXCEEDED,
  parseIcmp,
  type IcmpMessage,
} from '../wire/icmp.ts';
import { IPPROTO_ICMP } from '../wire/ipv4.ts';
import type { HostIpLayer } from './host-ip.ts';
import type { TransportTable } from './transport-table.ts';
import type { IpMeta, IpSendOptions, NetError, TransportProtocol } from './transport.ts';

const ICMP_SOURCE_QUENCH = 4;
const ICMP_REDIRECT = 5;
const ICMP_PARAMETER_PROB = 12;
/** Error types, never answered with another error (RFC 1122 §3.2.2). */
const ERROR_TYPES = new Set([ICMP_DEST_UNREACH, ICMP_SOURCE_QUENCH, ICMP_REDIRECT, ICMP_TIME_EXCEEDED, ICMP_PARAMETER_PROB]);
/** An error datagram is at most 576 bytes (RFC 1812 §4.3.2.3, Linux icmp_send). */
const ERROR_DATAGRAM_MAX = 576;
const ERROR_QUOTE_MAX = ERROR_DATAGRAM_MAX - 20 - ICMP_HEADER_LENGTH;
/** IPTOS_PREC_INTERNETCONTROL: Linux marks its ICMP errors CS6, keeping the old TOS bits (RT_TOS). */
const ERROR_PRECEDENCE = 0xc0;
const TOS_MASK = 0x1e;
/** net.ipv4.icmp_ratelimit = 1000 ms per destination, burst of 6 (XRLIM_BURST_FACTOR). */
const RATELIMIT_NS = 1 * SECOND;
const RATELIMIT_BURST = 6;

export interface IcmpCounters {
  inMsgs: number;
  inErrors: number;
  inCsumErrors: number;
  outMsgs: number;
  outErrors: number;
  outRateLimited: number;
  /** Messages per ICMP type (the "ICMP input/output histogram" of netstat -s). */
  inByType: number[];
  outByType: number[];
}

/** What a raw ICMP socket receives: the message and the IP facts around it. */
export interface IcmpDelivery {
  meta: IpMeta;
  /** A view into the received frame: read-only. */
  message: IcmpMessage;
}

export interface IcmpSendOptions extends IpSendOptions {
  src?: Ipv4;
  /** MSG_CONFIRM: tell ARP the neighbour is alive (ping sets it after each reply). */
  confirm?: boolean;
}

/** A raw ICMP socket (socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)). */
export interface IcmpSocket {
  send(dst: Ipv4, message: IcmpMessage, opts?: IcmpSendOptions): NetError | null;
  readonly onMessage: Emitter<IcmpDelivery>;
  readonly closed: boolean;
  close(): void;
  owner?: { pid: number; name: string };
}

class RawSocket implements IcmpSocket {
  readonly onMessage = new Emitter<IcmpDelivery>();
  closed = false;
  owner?: { pid: number; name: string };

  constructor(private readonly module: IcmpModule) {}

  send(dst: Ipv4, message: IcmpMessage, opts?: IcmpSendOptions): NetError | null {
    if (this.closed) return 'EINVAL';
    return this.module.sendMessage(dst, message, opts);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onMessage.clear();
    this.module.forget(this);
  }
}

export class IcmpModule implements TransportProtocol {
  readonly protocol = IPPROTO_ICMP;
  readonly counters: IcmpCounters = {
    inMsgs: 0,
    inErrors: 0,
    inCsumErrors: 0,
    outMsgs: 0,
    outErrors: 0,
    outRateLimited: 0,
    inByType: new Array(256).fill(0),
    outByType: new Array(256).fill(0),
  };
  private raw: RawSocket[] = [];
  private readonly peers = new Map<Ipv4, { tokens: number; last: number }>();
  // What the pre-bound writers below put into the frame: ip.send calls them synchronously,
  // so the hot paths (echo replies, ping floods) allocate no closure per packet.
  private pendingMessage: IcmpMessage | null = null;
  private pendingRequest: Uint8Array | null = null;
  private readonly writeMessage = (buf: Uint8Array, off: number): void => {
    emitIcmpInto(this.pendingMessage!, buf, off);
  };
  private readonly writeEchoReply = (buf: Uint8Array, off: number): void => {
    const req = this.pendingRequest!;
    buf.set(req, off);
    buf[off] = ICMP_ECHO_REPLY;
    buf[off + 2] = 0;
    buf[off + 3] = 0;
    const sum = internetChecksum(buf, off, off + req.length);
    buf[off + 2] = sum >>> 8;
    buf[off + 3] = sum & 0xff;
  };

  constructor(
    private readonly ip: HostIpLayer,
    private readonly transports: TransportTable,
  ) {}

  /** A raw ICMP socket. */
  open(): IcmpSocket {
    const s = new RawSocket(this);
    this.raw = [...this.raw, s];
    return s;
  }

  sockets(): IcmpSocket[] {
    return [...this.raw];
  }

  /** @internal */
  forget(s: RawSocket): void {
    this.raw = this.raw.filter((r) => r !== s);
  }

  receive(meta: IpMeta, data: Uint8Array): void {
    const c = this.counters;
    c.inMsgs++;
    const parsed = parseIcmp(data);
    if (!parsed.ok) {
      c.inErrors++;
      if (parsed.error.kind === 'bad-checksum') c.inCsumErrors++;
      return;
    }
    const m = parsed.value;
    c.inByType[m.type]++;
    // Raw sockets see everything first, as Linux raw_local_deliver does before icmp_rcv.
    const raw = this.raw;
    if (raw.length > 0) {
      const delivery: IcmpDelivery = { meta, message: m };
      for (let i = 0; i < raw.length; i++) raw[i].onMessage.fire(delivery);
    }
    if (m.type === ICMP_ECHO_REQUEST) {
      // icmp_echo_ignore_broadcasts=1 (RFC 1122 §3.2.2.6 allows it).
      if (this.ip.isBroadcast(meta.dst) || isMulticastIpv4(meta.dst)) return;
      this.pendingRequest = data;
      const err = this.ip.send(meta.dst, meta.src, IPPROTO_ICMP, data.length, this.writeEchoReply, { dontFragment: false, tos: meta.tos });
      this.pendingRequest = null;
      if (err === null) this.countOut(ICMP_ECHO_REPLY);
      return;
    }
    if (ERROR_TYPES.has(m.type)) this.dispatchError(meta, m);
  }

  receiveIcmpError(): void {
    // Errors about ICMP messages we sent already reached the raw sockets through receive().
  }

  /** Sends a message from a raw socket. */
  sendMessage(dst: Ipv4, message: IcmpMessage, opts?: IcmpSendOptions): NetError | null {
    const src = opts?.src ?? 0;
    if (src !== 0 && !this.ip.isLocalAddress(src)) return 'EADDRNOTAVAIL';
    this.pendingMessage = message;
    const err = this.ip.send(src, dst, IPPROTO_ICMP, ICMP_HEADER_LENGTH + message.payload.length, this.writeMessage, opts);
    this.pendingMessage = null;
    if (err !== null) return err;
    this.countOut(message.type);
    if (opts?.confirm === true) this.ip.confirmNeighbor(dst);
    return null;
  }

  /**
   * An error about `packet` (the offending IP datagram, header first) back to its source,
   * unless RFC 1122 §3.2.2 forbids it: not about an ICMP error, a broadcast or multicast, a
   * non-initial fragment, or a source that is not a unicast host.
   */
  sendError(packet: Uint8Array, type: number, code: number, rest: number): void {
    if (packet.length < 20) return;
    const ihl = (packet[0] & 0x0f) << 2;
    const src = readIpv4(packet, 12);
    const dst = readIpv4(packet, 16);
    if (src === 0 || this.ip.isBroadcast(src) || isMulticastIpv4(src)) return;
    if (this.ip.isBroadcast(dst) || isMulticastIpv4(dst)) return;
    if ((((packet[6] << 8) | packet[7]) & 0x1fff) !== 0) return;
    if (packet[9] === IPPROTO_ICMP) {
      const innerType = packet.length > ihl ? packet[ihl] : -1;
      if (innerType < 0 || ERROR_TYPES.has(innerType) || innerType > 18) return;
    }
    if (!this.rateAllows(src, type, code)) {
      this.counters.outRateLimited++;
      return;
    }
    // From the address the packet was sent to when it was ours, else the route's choice.
    const from = this.ip.isLocalAddress(dst) ? dst : 0;
    const quote = packet.subarray(0, Math.min(packet.length, ERROR_QUOTE_MAX));
    this.pendingMessage = { type, code, rest, payload: quote };
    const err = this.ip.send(from, src, IPPROTO_ICMP, ICMP_HEADER_LENGTH + quote.length, this.writeMessage, {
      tos: (packet[1] & TOS_MASK) | ERROR_PRECEDENCE,
      dontFragment: false,
    });
    this.pendingMessage = null;
    if (err === null) this.countOut(type);
    else this.counters.outErrors++;
  }

  /** icmpv4_xrlim_allow: a token bucket per destination; lo and PMTU messages are exempt. */
  private rateAllows(dst: Ipv4, type: number, code: number): boolean {
    if (type === ICMP_DEST_UNREACH && code === ICMP_FRAG_NEEDED) return true;
    if (this.ip.isLocalAddress(dst)) return true;
    const now = this.ip.scheduler.now;
    let peer = this.peers.get(dst);
    if (peer === undefined) {
      peer = { tokens: RATELIMIT_BURST * RATELIMIT_NS, last: now };
      this.peers.set(dst, peer);
    }
    peer.tokens = Math.min(RATELIMIT_BURST * RATELIMIT_NS, peer.tokens + (now - peer.last));
    peer.last = now;
    if (peer.tokens < RATELIMIT_NS) return false;
    peer.tokens -= RATELIMIT_NS;
    return true;
  }

  /** Hands an error to the transport that sent the quoted packet (icmp_unreach -> err_handler). */
  private dispatchError(meta: IpMeta, m: IcmpMessage): void {
    const q = m.payload;
    if (q.length < 20 || q[0] >>> 4 !== 4) return;
    const ihl = (q[0] & 0x0f) << 2;
    if (ihl < 20 || q.length < ihl + 8) return;
    const t = this.transports.get(q[9]);
    if (t === undefined || t === this) return;
    t.receiveIcmpError(meta, m.type, m.code, readIpv4(q, 12), readIpv4(q, 16), q.subarray(ihl));
  }

  private countOut(type: number): void {
    this.counters.outMsgs++;
    this.counters.outByType[type]++;
  }
}
