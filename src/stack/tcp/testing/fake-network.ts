// A tiny IP layer for TCP tests (turmoil-style): hosts with one address each, joined by a wire
// with a fixed one-way delay, and an ordered list of fault rules (pass / drop / delay). Every
// segment sent is recorded as bytes and parsed back with src/wire/tcp.ts, so tests assert what a
// capture would show. "Raw" hosts have no TCP: a test plays the peer by injecting segments.
import { Rng } from '../../../engine/rng.ts';
import { Scheduler } from '../../../engine/scheduler.ts';
import { MS, US } from '../../../engine/time.ts';
import { formatIpv4, parseIpv4, type Ipv4 } from '../../../wire/addr.ts';
import { emitTcp, parseTcp, TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, type TcpSegment } from '../../../wire/tcp.ts';
import type { IpLayer, IpMeta, IpSendOptions, NetError, RouteLookup } from '../../transport.ts';
import { TcpModule } from '../tcp-module.ts';

export interface Packet {
  time: number;
  src: Ipv4;
  dst: Ipv4;
  bytes: Uint8Array;
  seg: TcpSegment;
  /** Index in the log (0-based). */
  index: number;
}

/** A fault rule: 'pass' lets later rules decide; 'drop' loses the packet; a number is its delay (ns). */
export type Rule = (p: Packet) => 'pass' | 'drop' | number;

export function ip(s: string): Ipv4 {
  const a = parseIpv4(s);
  if (a === null) throw new Error(`bad address ${s}`);
  return a;
}

/** tshark-like one-line summary: "10.0.0.1:40000 > 10.0.0.2:25 [SYN] seq=0 ack=0 win=64240 len=0". */
export function flagNames(flags: number): string {
  const names: string[] = [];
  if (flags & TCP_FIN) names.push('FIN');
  if (flags & TCP_SYN) names.push('SYN');
  if (flags & TCP_RST) names.push('RST');
  if (flags & TCP_PSH) names.push('PSH');
  if (flags & TCP_ACK) names.push('ACK');
  return names.join(', ');
}

export class FakeIp implements IpLayer {
  readonly rng: Rng;
  constructor(
    private readonly net: FakeNetwork,
    readonly address: Ipv4,
    readonly mtu: number,
  ) {
    this.rng = net.rootRng.fork(`host:${formatIpv4(address)}`);
  }

  get scheduler(): Scheduler {
    return this.net.scheduler;
  }

  route(dst: Ipv4, src?: Ipv4): RouteLookup {
    if (this.isLocalAddress(dst)) {
      return { ok: true, src: src ?? dst, iface: 'lo', mtu: 65536, loopback: true, gateway: null };
    }
    if (this.net.unreachable.has(dst)) return { ok: false, error: 'ENETUNREACH' };
    return { ok: true, src: this.address, iface: 'eth0', mtu: this.mtu, loopback: false, gateway: null };
  }

  isLocalAddress(a: Ipv4): boolean {
    return a === this.address || a >>> 24 === 127;
  }

  send(
    src: Ipv4,
    dst: Ipv4,
    protocol: number,
    length: number,
    write: (buf: Uint8Array, off: number) => void,
    _opts?: IpSendOptions,
  ): NetError | null {
    if (protocol !== 6) throw new Error('the fake network carries TCP only');
    const buf = new Uint8Array(length);
    write(buf, 0);
    this.net.transmit(src, dst, buf, this.isLocalAddress(dst) ? this : undefined);
    return null;
  }

  confirmNeighbor(_dst: Ipv4): void {}
}

interface Host {
  ip: FakeIp;
  tcp: TcpModule | null;
}

export class FakeNetwork {
  readonly scheduler = new Scheduler();
  readonly rootRng: Rng;
  /** Every packet put on the wire (dropped ones included), in order. */
  readonly log: Packet[] = [];
  /** Fault rules, first decisive answer wins. */
  readonly rules: Rule[] = [];
  /** Destinations route() refuses (ENETUNREACH). */
  readonly unreachable = new Set<Ipv4>();
  /** One-way delay of the wire. */
  delay: number;
  private readonly hosts = new Map<Ipv4, Host>();

  constructor(opts: { seed?: string; delay?: number } = {}) {
    this.rootRng = new Rng(opts.seed ?? 'tcp-test');
    this.delay = opts.delay ?? 1 * MS;
  }

  /** A host with a real TcpModule. */
  addHost(address: string, opts: { mtu?: number } = {}): TcpModule {
    const a = ip(address);
    const fake = new FakeIp(this, a, opts.mtu ?? 1500);
    const tcp = new TcpModule(fake);
    this.hosts.set(a, { ip: fake, tcp });
    return tcp;
  }

  /** A host without TCP: what reaches it is only logged; the test answers with inject(). */
  addRawHost(address: string): void {
    const a = ip(address);
    this.hosts.set(a, { ip: new FakeIp(this, a, 1500), tcp: null });
  }

  /** Delivers a crafted segment from `src` to `dst` after the wire delay (no rules, logged). */
  inject(src: string, dst: string, seg: Partial<TcpSegment> & { srcPort: number; dstPort: number }): void {
    const full: TcpSegment = {
      seq: 0,
      ack: 0,
      flags: TCP_ACK,
      window: 502,
      urgentPointer: 0,
      options: [],
      payload: new Uint8Array(0),
      ...seg,
    };
    const s = ip(src);
    const d = ip(dst);
    const bytes = emitTcp(full, s, d);
    this.record(s, d, bytes);
    this.scheduler.after(this.delay, () => this.deliver(s, d, bytes));
  }

  /** Sends an ICMP error about a packet `quoted` (as its sender would get from a router). */
  icmpError(to: string, type: number, code: number, quoted: Packet): void {
    const host = this.hosts.get(ip(to));
    if (host?.tcp == null) return;
    const meta: IpMeta = { src: quoted.dst, dst: quoted.src, ttl: 64, tos: 0, iface: 'eth0', packet: new Uint8Array(0) };
    host.tcp.receiveIcmpError(meta, type, code, quoted.src, quoted.dst, quoted.bytes.subarray(0, 8));
  }

  transmit(src: Ipv4, dst: Ipv4, bytes: Uint8Array, loopback: FakeIp | undefined): void {
    const p = this.record(src, dst, bytes);
    if (loopback !== undefined) {
      // Loopback: back into the same stack a little later, never synchronously.
      this.scheduler.after(2 * US, () => this.deliverTo(loopback.address, src, dst, bytes));
      return;
    }
    let delay = this.delay;
    for (const rule of this.rules) {
      const verdict = rule(p);
      if (verdict === 'pass') continue;
      if (verdict === 'drop') return;
      delay = verdict;
      break;
    }
    this.scheduler.after(delay, () => this.deliver(src, dst, bytes));
  }

  private record(src: Ipv4, dst: Ipv4, bytes: Uint8Array): Packet {
    const parsed = parseTcp(bytes, 0, src, dst);
    if (!parsed.ok) throw new Error(`TCP sent a segment that does not parse: ${parsed.error.message}`);
    const p: Packet = { time: this.scheduler.now, src, dst, bytes, seg: parsed.value, index: this.log.length };
    this.log.push(p);
    return p;
  }

  private deliver(src: Ipv4, dst: Ipv4, bytes: Uint8Array): void {
    this.deliverTo(dst, src, dst, bytes);
  }

  private deliverTo(hostAddress: Ipv4, src: Ipv4, dst: Ipv4, bytes: Uint8Array): void {
    const host = this.hosts.get(hostAddress);
    if (host?.tcp == null) return;
    const meta: IpMeta = { src, dst, ttl: 64, tos: 0, iface: 'eth0', packet: bytes };
    host.tcp.receive(meta, bytes);
  }

  /** Runs the simulation until nothing is pending or `limit` ns of virtual time. */
  run(limit = Infinity): void {
    this.scheduler.runUntilIdle(limit);
  }

  runFor(ns: number): void {
    this.scheduler.runUntil(this.scheduler.now + ns);
  }

  /** Packets of the log from `from` on, as one-line summaries (relative seq/ack like tshark). */
  summary(from = 0): string[] {
    return this.log.slice(from).map((p) => this.describe(p));
  }

  private readonly isn = new Map<string, number>();

  describe(p: Packet): string {
    const s = p.seg;
    const key = `${p.src}:${s.srcPort}>${p.dst}:${s.dstPort}`;
    const back = `${p.dst}:${s.dstPort}>${p.src}:${s.srcPort}`;
    if (s.flags & TCP_SYN && !this.isn.has(key)) this.isn.set(key, s.seq);
    const base = this.isn.get(key) ?? s.seq;
    const ackBase = this.isn.get(back);
    const rel = (x: number, b: number): number => (x - b) >>> 0;
    const parts = [
      `${s.srcPort} > ${s.dstPort}`,
      `[${flagNames(s.flags)}]`,
      `Seq=${rel(s.seq, base)}`,
      ...(s.flags & TCP_ACK ? [`Ack=${ackBase === undefined ? s.ack : rel(s.ack, ackBase)}`] : []),
      `Win=${s.window}`,
      `Len=${s.payload.length}`,
    ];
    return parts.join(' ');
  }
}
