// ARP (RFC 826) with Linux's neighbour state machine (net/core/neighbour.c, `ip neigh`):
// INCOMPLETE while resolving (3 broadcast requests 1 s apart, mcast_solicit=3, retrans_time=1s),
// REACHABLE for a random 15-45 s after a confirmation (base_reachable_time=30s), then STALE;
// a STALE entry used sends at once and waits 5 s in DELAY (delay_first_probe_time) for an
// upper-layer confirmation, else PROBE: 3 unicast requests (ucast_solicit=3), then FAILED.
// Timers fire on state changes only; confirmations just stamp a time, as in Linux.
import type { Rng } from '../engine/rng.ts';
import type { Scheduler, Timer } from '../engine/scheduler.ts';
import { SECOND } from '../engine/time.ts';
import { MAC_BROADCAST, writeMac, type Ipv4, type Mac } from '../wire/addr.ts';
import { ARP_PACKET_LENGTH, ARP_REPLY, ARP_REQUEST, emitArpInto, parseArp } from '../wire/arp.ts';
import { emitEthernetInto, ETHERNET_HEADER_LENGTH, ETHERTYPE_ARP } from '../wire/ethernet.ts';
import type { NetInterface } from './interface.ts';
import type { NetError } from './transport.ts';

export type NeighbourState = 'INCOMPLETE' | 'REACHABLE' | 'STALE' | 'DELAY' | 'PROBE' | 'FAILED' | 'PERMANENT';

/** One line of `ip neigh`. */
export interface NeighbourEntry {
  readonly ip: Ipv4;
  readonly mac: Mac | null;
  readonly iface: string;
  readonly state: NeighbourState;
}

/** What the cache needs from its host stack. */
export interface ArpHost {
  /** An address ARP answers for: a unicast address of an up, non-loopback interface (arp_ignore=0). */
  ownsAddress(a: Ipv4): boolean;
  interfaceNamed(name: string): NetInterface | undefined;
  /** Frames (Ethernet + IPv4) that waited for a neighbour that never answered. */
  resolutionFailed(frames: Uint8Array[]): void;
}

export const RETRANS_TIME_NS = 1 * SECOND;
export const MCAST_SOLICIT = 3;
export const UCAST_SOLICIT = 3;
export const DELAY_FIRST_PROBE_NS = 5 * SECOND;
export const BASE_REACHABLE_TIME_NS = 30 * SECOND;
/** Linux re-draws reachable_time every 300 s (neigh_periodic_work). */
const REACHABLE_REDRAW_NS = 300 * SECOND;
/** gc_staletime: unused STALE entries go after 60 s. */
export const GC_STALE_TIME_NS = 60 * SECOND;
/** Packets kept per unresolved neighbour (unres_qlen); the oldest is dropped beyond. */
export const UNRES_QLEN = 3;

class Entry implements NeighbourEntry {
  state: NeighbourState = 'INCOMPLETE';
  mac: Mac | null = null;
  macBytes: Uint8Array | null = null;
  queue: Uint8Array[] = [];
  probes = 0;
  timer: Timer | null = null;
  confirmedAt = 0;
  usedAt = 0;
  /** Source address for requests: the waiting packet's when it is ours (arp_announce=0). */
  srcHint = 0;

  constructor(
    readonly ip: Ipv4,
    readonly dev: NetInterface,
  ) {}

  get iface(): string {
    return this.dev.name;
  }

  setMac(mac: Mac): void {
    if (this.mac === mac) return;
    this.mac = mac;
    const b = new Uint8Array(6);
    writeMac(b, 0, mac);
    this.macBytes = b;
  }
}

function keyOf(ip: Ipv4, dev: NetInterface): number {
  return ip * 65536 + dev.index;
}

export class ArpCache {
  private readonly entries = new Map<number, Entry>();
  private reachableTime: number;
  private reachableDrawnAt: number;
  /** Packets dropped because a neighbour's queue was full. */
  unresolvedDiscards = 0;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly rng: Rng,
    private readonly host: ArpHost,
  ) {
    this.reachableTime = this.drawReachableTime();
    this.reachableDrawnAt = scheduler.now;
  }

  /** `ip neigh`: entries in creation order. */
  list(): NeighbourEntry[] {
    return [...this.entries.values()].map((e) => ({ ip: e.ip, mac: e.mac, iface: e.iface, state: e.state }));
  }

  get(ip: Ipv4, iface?: string): NeighbourEntry | undefined {
    for (const e of this.entries.values()) {
      if (e.ip === ip && (iface === undefined || e.iface === iface)) {
        return { ip: e.ip, mac: e.mac, iface: e.iface, state: e.state };
      }
    }
    return undefined;
  }

  /** The random reachable_time in use (15-45 s), for `ip ntable`. */
  get reachableTimeNs(): number {
    return this.reachableTime;
  }

  /** `ip neigh replace IP lladdr MAC dev IF nud permanent` / `arp -s`. */
  addPermanent(ip: Ipv4, mac: Mac, iface: string): NetError | null {
    const dev = this.host.interfaceNamed(iface);
    if (dev === undefined) return 'ENODEV';
    const e = this.entryFor(ip >>> 0, dev);
    this.cancelTimer(e);
    e.setMac(mac);
    e.state = 'PERMANENT';
    this.flushQueue(e);
    return null;
  }

  /** `ip neigh del` / `arp -d`; false when there was no such entry. */
  delete(ip: Ipv4, iface?: string): boolean {
    let found = false;
    for (const [k, e] of this.entries) {
      if (e.ip === ip >>> 0 && (iface === undefined || e.iface === iface)) {
        this.drop(k, e);
        found = true;
      }
    }
    return found;
  }

  /** `ip neigh flush [dev IF]`; also run when an interface goes down (neigh_ifdown). */
  flush(iface?: string): void {
    for (const [k, e] of this.entries) {
      if (iface === undefined || e.iface === iface) this.drop(k, e);
    }
  }

  /**
   * Sends an IPv4 frame to `nextHop` on `dev`, resolving its MAC first if needed. `frame` has
   * its Ethernet source and type written; its destination MAC is written here, then the frame
   * is handed over for good. `src` is the packet's source, used for ARP requests.
   */
  output(dev: NetInterface, nextHop: Ipv4, frame: Uint8Array, src: Ipv4): void {
    let e = this.entries.get(keyOf(nextHop, dev));
    if (e === undefined) {
      e = this.entryFor(nextHop, dev);
    }
    const now = this.scheduler.now;
    e.usedAt = now;
    switch (e.state) {
      case 'REACHABLE':
      case 'PERMANENT':
      case 'DELAY':
      case 'PROBE':
        frame.set(e.macBytes!, 0);
        dev.transmit(frame);
        return;
      case 'STALE':
        e.state = 'DELAY';
        this.arm(e, now + DELAY_FIRST_PROBE_NS);
        frame.set(e.macBytes!, 0);
        dev.transmit(frame);
        return;
      case 'FAILED':
        e.state = 'INCOMPLETE';
        e.mac = null;
        e.macBytes = null;
        e.probes = 0;
        break;
      case 'INCOMPLETE':
        break;
    }
    if (e.queue.length >= UNRES_QLEN) {
      e.queue.shift();
      this.unresolvedDiscards++;
    }
    e.queue.push(frame);
    if (e.probes === 0) {
      e.srcHint = this.host.ownsAddress(src) ? src : 0;
      this.solicit(e);
      this.arm(e, now + RETRANS_TIME_NS);
    }
  }

  /** Upper-layer proof that `nextHop` is alive (TCP progress, ping MSG_CONFIRM): Linux dst_confirm. */
  confirm(dev: NetInterface, nextHop: Ipv4): void {
    const e = this.entries.get(keyOf(nextHop, dev));
    if (e !== undefined) e.confirmedAt = this.scheduler.now;
  }

  /** An ARP frame arrived on `dev` (Linux arp_process). */
  process(dev: NetInterface, frame: Uint8Array): void {
    const parsed = parseArp(frame, ETHERNET_HEADER_LENGTH);
    if (!parsed.ok) {
      dev.stats.rxErrors++;
      return;
    }
    const p = parsed.value;
    if (p.op !== ARP_REQUEST && p.op !== ARP_REPLY) return;
    if (p.senderMac === dev.mac) return; // our own frame
    const forUs = p.op === ARP_REQUEST && this.host.ownsAddress(p.targetIp);
    if (p.senderIp === 0) {
      // Duplicate address detection probe (RFC 5227): answer, learn nothing.
      if (forUs) this.sendReply(dev, p.targetIp, p.senderMac, 0);
      return;
    }
    const e = this.entries.get(keyOf(p.senderIp, dev));
    if (e !== undefined) {
      if (e.state !== 'PERMANENT') {
        // A unicast reply to us is proof of reachability; anything else only says "this MAC".
        const unicastReply = p.op === ARP_REPLY && (frame[0] & 1) === 0;
        this.update(e, p.senderMac, unicastReply);
      }
    } else if (forUs) {
      // A request for us creates the sender's entry, STALE (neigh_event_ns).
      const n = this.entryFor(p.senderIp, dev);
      n.setMac(p.senderMac);
      this.enterStale(n);
    }
    if (forUs) this.sendReply(dev, p.targetIp, p.senderMac, p.senderIp);
  }

  private update(e: Entry, mac: Mac, reachable: boolean): void {
    const now = this.scheduler.now;
    const wasValid = e.macBytes !== null && e.state !== 'INCOMPLETE' && e.state !== 'FAILED';
    if (reachable) {
      e.setMac(mac);
      e.state = 'REACHABLE';
      e.confirmedAt = now;
      e.probes = 0;
      this.arm(e, now + this.currentReachableTime());
    } else if (!wasValid || e.mac !== mac) {
      e.setMac(mac);
      e.probes = 0;
      this.enterStale(e);
    } else {
      return; // same address, no news: keep the state (neigh_update keeps a connected state)
    }
    this.flushQueue(e);
  }

  private flushQueue(e: Entry): void {
    const queue = e.queue;
    if (queue.length === 0) return;
    e.queue = [];
    for (const frame of queue) this.output(e.dev, e.ip, frame, 0);
  }

  private enterStale(e: Entry): void {
    e.state = 'STALE';
    this.arm(e, this.scheduler.now + GC_STALE_TIME_NS);
  }

  /** neigh_timer_handler. */
  private timerFired(e: Entry): void {
    e.timer = null;
    const now = this.scheduler.now;
    switch (e.state) {
      case 'REACHABLE': {
        const until = e.confirmedAt + this.currentReachableTime();
        if (now < until) {
          this.arm(e, until);
        } else if (now < e.usedAt + DELAY_FIRST_PROBE_NS) {
          e.state = 'DELAY';
          this.arm(e, now + DELAY_FIRST_PROBE_NS);
        } else {
          this.enterStale(e);
        }
        return;
      }
      case 'DELAY':
        if (now <= e.confirmedAt + DELAY_FIRST_PROBE_NS) {
          e.state = 'REACHABLE';
          this.arm(e, e.confirmedAt + this.currentReachableTime());
        } else {
          e.state = 'PROBE';
          e.probes = 0;
          this.solicit(e);
          this.arm(e, now + RETRANS_TIME_NS);
        }
        return;
      case 'INCOMPLETE':
      case 'PROBE': {
        const max = e.state === 'INCOMPLETE' ? MCAST_SOLICIT : UCAST_SOLICIT;
        if (e.probes >= max) {
          this.fail(e);
        } else {
          this.solicit(e);
          this.arm(e, now + RETRANS_TIME_NS);
        }
        return;
      }
      case 'STALE':
        if (now >= e.usedAt + GC_STALE_TIME_NS) this.drop(keyOf(e.ip, e.dev), e);
        else this.arm(e, e.usedAt + GC_STALE_TIME_NS);
        return;
      case 'FAILED':
      case 'PERMANENT':
        return;
    }
  }

  private fail(e: Entry): void {
    e.state = 'FAILED';
    e.mac = null;
    e.macBytes = null;
    e.probes = 0;
    const queue = e.queue;
    e.queue = [];
    if (queue.length > 0) this.host.resolutionFailed(queue);
  }

  /** Who-has: broadcast while INCOMPLETE, unicast to the known MAC while PROBE (arp_solicit). */
  private solicit(e: Entry): void {
    e.probes++;
    const dev = e.dev;
    const src = e.srcHint !== 0 ? e.srcHint : (dev.primaryAddress(e.ip) ?? 0);
    const dst = e.state === 'PROBE' && e.mac !== null ? e.mac : MAC_BROADCAST;
    dev.transmit(buildArp(ARP_REQUEST, dst, dev.mac, src, 0, e.ip));
  }

  private sendReply(dev: NetInterface, ourIp: Ipv4, toMac: Mac, toIp: Ipv4): void {
    dev.transmit(buildArp(ARP_REPLY, toMac, dev.mac, ourIp, toMac, toIp));
  }

  private entryFor(ip: Ipv4, dev: NetInterface): Entry {
    const k = keyOf(ip, dev);
    let e = this.entries.get(k);
    if (e === undefined) {
      e = new Entry(ip, dev);
      e.usedAt = this.scheduler.now;
      this.entries.set(k, e);
    }
    return e;
  }

  private drop(k: number, e: Entry): void {
    this.cancelTimer(e);
    e.queue = [];
    this.entries.delete(k);
  }

  private arm(e: Entry, at: number): void {
    this.cancelTimer(e);
    e.timer = this.scheduler.at(at, () => this.timerFired(e));
  }

  private cancelTimer(e: Entry): void {
    e.timer?.cancel();
    e.timer = null;
  }

  private currentReachableTime(): number {
    const now = this.scheduler.now;
    if (now - this.reachableDrawnAt >= REACHABLE_REDRAW_NS) {
      this.reachableTime = this.drawReachableTime();
      this.reachableDrawnAt = now;
    }
    return this.reachableTime;
  }

  /** neigh_rand_reach_time: uniform in [base/2, 3*base/2). */
  private drawReachableTime(): number {
    return BASE_REACHABLE_TIME_NS / 2 + this.rng.int(0, BASE_REACHABLE_TIME_NS / 1_000_000 - 1) * 1_000_000;
  }
}

/** A 42-byte ARP frame: Linux adds no padding (the NIC pads on the wire, captures show 42). */
function buildArp(op: number, ethDst: Mac, mac: Mac, senderIp: Ipv4, targetMac: Mac, targetIp: Ipv4): Uint8Array {
  const buf = new Uint8Array(ETHERNET_HEADER_LENGTH + ARP_PACKET_LENGTH);
  emitArpInto({ op, senderMac: mac, senderIp, targetMac, targetIp }, buf, ETHERNET_HEADER_LENGTH);
  emitEthernetInto(
    { dst: ethDst, src: mac, ethertype: ETHERTYPE_ARP, payload: buf.subarray(ETHERNET_HEADER_LENGTH) },
    buf,
    0,
  );
  return buf;
}
