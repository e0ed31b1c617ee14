// Test helper: a few hosts on switches sharing one scheduler, every frame they see recorded
// and checked against the src/wire codecs (each must re-parse cleanly and stay unmodified after
// it was handed over). Not used outside tests.
import { EthernetSwitch } from '../../engine/ethernet-switch.ts';
import { Rng } from '../../engine/rng.ts';
import { Scheduler } from '../../engine/scheduler.ts';
import { parseCidr, parseIpv4, type Ipv4 } from '../../wire/addr.ts';
import { ARP_PACKET_LENGTH, parseArp } from '../../wire/arp.ts';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, parseEthernet } from '../../wire/ethernet.ts';
import { ICMP_ECHO_REQUEST, makeEcho, parseIcmp, type IcmpMessage } from '../../wire/icmp.ts';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, parseIpv4Packet } from '../../wire/ipv4.ts';
import { parseTcp } from '../../wire/tcp.ts';
import { parseUdp } from '../../wire/udp.ts';
import { NetworkStack } from '../host-stack.ts';
import type { IcmpDelivery, IcmpSocket } from '../icmp.ts';
import type { FrameEvent } from '../interface.ts';

/** An address in dotted form, for readable tests. */
export function ip(s: string): Ipv4 {
  const a = parseIpv4(s);
  if (a === null) throw new Error(`bad address ${s}`);
  return a;
}

export interface SeenFrame extends FrameEvent {
  host: string;
  /** A copy taken when the frame was seen, to prove nobody wrote to it later. */
  snapshot: Uint8Array;
}

export interface NicSpec {
  net: EthernetSwitch;
  /** "a.b.c.d/n"; none leaves the interface unaddressed (a DHCP client before its lease). */
  address?: string;
  name?: string;
  mtu?: number;
}

const created: Lab[] = [];

/** Problems in the frames of every lab made since the last call (for an afterEach hook). */
export function drainLabProblems(): string[] {
  const labs = created.splice(0);
  return labs.flatMap((lab) => lab.problems());
}

export class Lab {
  constructor() {
    created.push(this);
  }

  readonly scheduler = new Scheduler();
  readonly rng = new Rng('lab');
  readonly frames: SeenFrame[] = [];
  readonly hosts = new Map<string, NetworkStack>();
  private nextMac = 1;

  network(name: string): EthernetSwitch {
    return new EthernetSwitch(this.scheduler, name);
  }

  /** A host with NICs eth0, eth1... in the given order; MACs 02:00:00:00:00:01 upward. */
  host(name: string, nics: NicSpec[], opts: { gateway?: string; forward?: boolean } = {}): NetworkStack {
    const stack = new NetworkStack({ scheduler: this.scheduler, rng: this.rng.fork(`host:${name}`), hostname: name });
    nics.forEach((spec, i) => {
      const dev = stack.addInterface(spec.name ?? `eth${i}`, 0x020000000000 + this.nextMac++, { mtu: spec.mtu });
      dev.connect(spec.net);
      if (spec.address !== undefined) {
        const cidr = parseCidr(spec.address);
        if (cidr === null) throw new Error(`bad CIDR ${spec.address}`);
        const err = dev.addAddress(cidr.address, cidr.prefix);
        if (err !== null) throw new Error(`${name}: addAddress ${spec.address}: ${err}`);
      }
    });
    if (opts.gateway !== undefined) {
      const err = stack.routes.add({ dest: 0, prefix: 0, gateway: ip(opts.gateway) });
      if (err !== null) throw new Error(`${name}: default route: ${err}`);
    }
    stack.ipForward = opts.forward === true;
    stack.onFrame.on((e) => this.frames.push({ ...e, host: name, snapshot: e.frame.slice() }));
    this.hosts.set(name, stack);
    return stack;
  }

  /** Advances virtual time by `ns`, running every event on the way. */
  run(ns: number): void {
    this.scheduler.runUntil(this.scheduler.now + ns);
  }

  framesOf(host: string, iface?: string, direction?: 'in' | 'out'): SeenFrame[] {
    return this.frames.filter(
      (f) => f.host === host && (iface === undefined || f.iface === iface) && (direction === undefined || f.direction === direction),
    );
  }

  /**
   * Every problem found in the recorded frames, an empty list when all is well: a frame
   * changed after it was seen, or one the stacks sent that our codecs refuse (frames a test
   * injects on purpose are only seen coming in).
   */
  problems(): string[] {
    const out: string[] = [];
    this.frames.forEach((f, i) => {
      const where = `frame ${i} (${f.host} ${f.iface} ${f.direction})`;
      if (f.frame.length !== f.snapshot.length || f.frame.some((b, j) => b !== f.snapshot[j])) {
        out.push(`${where}: modified after it was handed over`);
      }
      if (f.direction === 'in') return;
      const problem = checkFrame(f.frame);
      if (problem !== null) out.push(`${where}: ${problem}`);
    });
    return out;
  }
}

/** Why a frame would not survive our own codecs (and so probably not tshark), or null. */
export function checkFrame(frame: Uint8Array): string | null {
  const eth = parseEthernet(frame);
  if (!eth.ok) return `ethernet: ${eth.error.message}`;
  if (eth.value.ethertype === ETHERTYPE_ARP) {
    const arp = parseArp(eth.value.payload);
    if (!arp.ok) return `arp: ${arp.error.message}`;
    return eth.value.payload.length === ARP_PACKET_LENGTH ? null : `arp frame of ${frame.length} bytes, Linux sends 42`;
  }
  if (eth.value.ethertype !== ETHERTYPE_IPV4) return `unexpected ethertype 0x${eth.value.ethertype.toString(16)}`;
  const ipr = parseIpv4Packet(eth.value.payload);
  if (!ipr.ok) return `ipv4: ${ipr.error.message}`;
  const p = ipr.value;
  if (p.totalLength !== eth.value.payload.length) return `ipv4 total length ${p.totalLength} but ${eth.value.payload.length} bytes follow`;
  switch (p.protocol) {
    case IPPROTO_ICMP: {
      const r = parseIcmp(p.payload);
      return r.ok ? null : `icmp: ${r.error.message}`;
    }
    case IPPROTO_UDP: {
      const r = parseUdp(p.payload, 0, p.src, p.dst);
      return r.ok ? null : `udp: ${r.error.message}`;
    }
    case IPPROTO_TCP: {
      const r = parseTcp(p.payload, 0, p.src, p.dst);
      return r.ok ? null : `tcp: ${r.error.message}`;
    }
    default:
      return null;
  }
}

/** A raw ICMP socket that records what it receives, like `ping` would hold one. */
export function rawIcmp(stack: NetworkStack): { socket: IcmpSocket; received: IcmpDelivery[] } {
  const socket = stack.icmp.open();
  const received: IcmpDelivery[] = [];
  socket.onMessage.on((d) => received.push(d));
  return { socket, received };
}

/** An echo request as iputils ping builds it: 56 data bytes. */
export function echoRequest(id: number, seq: number, size = 56): IcmpMessage {
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = i & 0xff;
  return makeEcho(ICMP_ECHO_REQUEST, id, seq, data);
}
