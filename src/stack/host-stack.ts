// One host's network stack: its interfaces (lo first), the main routing table, the neighbour
// cache, IPv4 and the transports reached through the protocol table. This is the composition
// root of src/stack; the logic lives in the files named after each protocol.
import { Emitter } from '../engine/events.ts';
import type { Rng } from '../engine/rng.ts';
import type { Scheduler } from '../engine/scheduler.ts';
import { networkOf, type Ipv4, type Mac } from '../wire/addr.ts';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4 } from '../wire/ethernet.ts';
import { ArpCache } from './arp.ts';
import type { HostIpLayer } from './host-ip.ts';
import { IcmpModule, type IcmpCounters } from './icmp.ts';
import { NetInterface, type FrameEvent, type InterfaceChange, type InterfaceHost } from './interface.ts';
import { Ipv4Layer, type Ipv4Counters } from './ipv4.ts';
import { LoopbackInterface } from './loopback.ts';
import { RoutingTable } from './routing.ts';
import { TcpModule, type TcpCounters } from './tcp/tcp-module.ts';
import { TransportTable } from './transport-table.ts';
import type { IpSendOptions, NetError, RouteLookup, TransportProtocol } from './transport.ts';
import { UdpModule, type UdpCounters } from './udp.ts';

export type { FrameEvent } from './interface.ts';

export interface StackCounters {
  readonly ip: Ipv4Counters;
  readonly icmp: IcmpCounters;
  readonly udp: UdpCounters;
  readonly tcp: TcpCounters;
}

export interface NetworkStackOptions {
  scheduler: Scheduler;
  rng: Rng;
  hostname: string;
}

/** Link-layer input: EtherType -> handler, like Linux's ptype_base (dev_add_pack). */
type EthertypeHandler = (dev: NetInterface, frame: Uint8Array) => void;

export class NetworkStack implements HostIpLayer, InterfaceHost {
  readonly scheduler: Scheduler;
  readonly rng: Rng;
  hostname: string;
  readonly interfaces = new Map<string, NetInterface>();
  readonly routes: RoutingTable;
  readonly arp: ArpCache;
  /** Every frame that leaves or enters any interface (capture taps). */
  readonly onFrame = new Emitter<FrameEvent>();
  readonly transports = new TransportTable();
  readonly icmp: IcmpModule;
  readonly udp: UdpModule;
  readonly tcp: TcpModule;
  readonly counters: StackCounters;
  readonly ip: Ipv4Layer;
  readonly lo: LoopbackInterface;
  private readonly ethertypes = new Map<number, EthertypeHandler>();
  private nextIndex = 2;

  constructor(opts: NetworkStackOptions) {
    this.scheduler = opts.scheduler;
    this.rng = opts.rng;
    this.hostname = opts.hostname;
    this.routes = new RoutingTable((name) => this.interfaces.has(name));
    this.arp = new ArpCache(opts.scheduler, opts.rng.fork('arp'), {
      ownsAddress: (a) => this.ip.ownsAddress(a),
      interfaceNamed: (name) => this.interfaces.get(name),
      resolutionFailed: (frames) => this.ip.resolutionFailed(frames),
    });
    this.lo = new LoopbackInterface(this);
    this.interfaces.set(this.lo.name, this.lo);
    this.ip = new Ipv4Layer({
      scheduler: opts.scheduler,
      rng: opts.rng,
      interfaces: this.interfaces,
      lo: this.lo,
      routes: this.routes,
      arp: this.arp,
      transports: this.transports,
    });
    this.icmp = new IcmpModule(this, this.transports);
    this.ip.icmp = this.icmp;
    this.udp = new UdpModule(this, this.icmp);
    this.tcp = new TcpModule(this);
    this.transports.register(this.icmp);
    this.transports.register(this.udp);
    this.transports.register(this.tcp);
    this.counters = { ip: this.ip.counters, icmp: this.icmp.counters, udp: this.udp.counters, tcp: this.tcp.counters };
    this.ethertypes.set(ETHERTYPE_IPV4, (dev, frame) => this.ip.input(dev, frame));
    this.ethertypes.set(ETHERTYPE_ARP, (dev, frame) => {
      if (!dev.loopback) this.arp.process(dev, frame);
    });
    this.lo.addAddress(0x7f000001, 8);
  }

  /** net.ipv4.ip_forward (0 by default on Debian). */
  get ipForward(): boolean {
    return this.ip.forwarding;
  }

  set ipForward(on: boolean) {
    this.ip.forwarding = on;
  }

  /** An Ethernet NIC, up, MTU 1500 unless told; plug it with `connect(switch)`. */
  addInterface(name: string, mac: Mac, opts?: { mtu?: number }): NetInterface {
    if (this.interfaces.has(name)) throw new Error(`interface ${name} already exists`);
    const dev = new NetInterface(this, name, mac, this.nextIndex++, opts);
    this.interfaces.set(name, dev);
    return dev;
  }

  /** Adds a transport reached by its IP protocol number (TCP registers itself this way). */
  registerTransport(t: TransportProtocol): void {
    this.transports.register(t);
  }

  // ---- IpLayer ---------------------------------------------------------------------------

  route(dst: Ipv4, src?: Ipv4, iface?: string): RouteLookup {
    return this.ip.route(dst, src, iface);
  }

  isLocalAddress(a: Ipv4): boolean {
    return this.ip.isLocalAddress(a);
  }

  isBroadcast(a: Ipv4): boolean {
    return this.ip.isBroadcast(a);
  }

  hasInterface(name: string): boolean {
    return this.interfaces.has(name);
  }

  send(
    src: Ipv4,
    dst: Ipv4,
    protocol: number,
    length: number,
    write: (buf: Uint8Array, off: number) => void,
    opts?: IpSendOptions,
  ): NetError | null {
    return this.ip.send(src, dst, protocol, length, write, opts);
  }

  confirmNeighbor(dst: Ipv4): void {
    this.ip.confirmNeighbor(dst);
  }

  // ---- InterfaceHost ---------------------------------------------------------------------

  frameReceived(dev: NetInterface, frame: Uint8Array): void {
    const handler = this.ethertypes.get((frame[12] << 8) | frame[13]);
    if (handler !== undefined) handler(dev, frame);
  }

  /** Linux fib_add_ifaddr / fib_del_ifaddr / fib_disable_ip, in short. */
  interfaceChanged(dev: NetInterface, change: InterfaceChange): void {
    switch (change.kind) {
      case 'address-added':
        if (dev.up) this.addConnectedRoute(dev, change.address.address, change.address.prefix);
        break;
      case 'address-removed': {
        const { address, prefix } = change.address;
        const net = networkOf(address, prefix);
        // Its connected route goes, unless another address of the device covers the subnet.
        const still = dev.addresses.find((a) => a.prefix === prefix && networkOf(a.address, prefix) === net);
        this.routes.removeWhere(
          (r) => r.proto === 'kernel' && r.iface === dev.name && r.dest === net && r.prefix === prefix && r.src === address,
        );
        if (still !== undefined && dev.up) this.addConnectedRoute(dev, still.address, still.prefix);
        // Routes whose gateway is no longer on a connected network die with it.
        this.dropUnreachableGateways();
        break;
      }
      case 'up':
        for (const a of dev.addresses) this.addConnectedRoute(dev, a.address, a.prefix);
        break;
      case 'down':
        // Every route through the device goes, static ones included, as do its neighbours.
        this.routes.removeWhere((r) => r.iface === dev.name);
        this.arp.flush(dev.name);
        break;
    }
    this.ip.addressesChanged();
  }

  private addConnectedRoute(dev: NetInterface, address: Ipv4, prefix: number): void {
    // lo's networks live in the local table only; a /32 has no network to route to.
    if (dev.loopback || prefix === 32) return;
    const dest = networkOf(address, prefix);
    const exists = this.routes
      .list()
      .some((r) => r.proto === 'kernel' && r.iface === dev.name && r.dest === dest && r.prefix === prefix);
    if (exists) return; // a secondary address of a subnet already routed
    this.routes.add({ dest, prefix, iface: dev.name, proto: 'kernel', scope: 'link', src: address });
  }

  private dropUnreachableGateways(): void {
    const connected = this.routes.list().filter((r) => r.gateway === null && r.scope === 'link');
    this.routes.removeWhere(
      (r) =>
        r.gateway !== null &&
        !connected.some((c) => c.iface === r.iface && (c.prefix === 0 || networkOf(r.gateway!, c.prefix) === c.dest)),
    );
  }
}
