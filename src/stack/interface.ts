// A network interface (`ip link`/`ip addr`): a NIC plugged into a switch port, its addresses and
// counters. It filters frames by destination MAC like NIC hardware and hands the rest to its
// host; the host decides routes and addresses' meaning.
import type { EthernetNetwork, FrameSink, SwitchPort } from '../engine/ethernet-switch.ts';
import type { Emitter } from '../engine/events.ts';
import type { Scheduler } from '../engine/scheduler.ts';
import { broadcastOf, writeMac, type Ipv4, type Mac } from '../wire/addr.ts';
import type { NetError } from './transport.ts';

/** One frame seen at an interface: what a capture tap records. */
export interface FrameEvent {
  iface: string;
  direction: 'in' | 'out';
  frame: Uint8Array;
  time: number;
}

export interface InterfaceAddress {
  readonly address: Ipv4;
  readonly prefix: number;
  /** Subnet broadcast; 0 for /31 and /32, which have none (RFC 3021). */
  readonly broadcast: Ipv4;
}

export interface InterfaceStats {
  rxPackets: number;
  rxBytes: number;
  rxErrors: number;
  rxDropped: number;
  txPackets: number;
  txBytes: number;
  txErrors: number;
  txDropped: number;
}

/** What an interface needs from the host stack that owns it. */
export interface InterfaceHost {
  readonly scheduler: Scheduler;
  readonly onFrame: Emitter<FrameEvent>;
  /** A frame accepted by the MAC filter (or looped back on lo); `frame` is read-only. */
  frameReceived(iface: NetInterface, frame: Uint8Array): void;
  /** Addresses or the up/down state changed: routes and the local table follow. */
  interfaceChanged(iface: NetInterface, change: InterfaceChange): void;
}

export type InterfaceChange =
  | { kind: 'address-added'; address: InterfaceAddress }
  | { kind: 'address-removed'; address: InterfaceAddress }
  | { kind: 'up' }
  | { kind: 'down' };

export class NetInterface implements FrameSink {
  readonly addresses: InterfaceAddress[] = [];
  readonly stats: InterfaceStats = {
    rxPackets: 0,
    rxBytes: 0,
    rxErrors: 0,
    rxDropped: 0,
    txPackets: 0,
    txBytes: 0,
    txErrors: 0,
    txDropped: 0,
  };
  mtu: number;
  /** Switch port while the cable is plugged in. */
  protected port: SwitchPort | null = null;
  private isUp = true;
  /** The MAC as bytes, for the per-frame filter and for writing Ethernet headers. */
  readonly macBytes = new Uint8Array(6);

  constructor(
    protected readonly host: InterfaceHost,
    readonly name: string,
    readonly mac: Mac,
    /** ifindex, as `ip link` numbers interfaces (lo is 1). */
    readonly index: number,
    opts: { mtu?: number } = {},
  ) {
    this.mtu = opts.mtu ?? 1500;
    writeMac(this.macBytes, 0, mac);
  }

  get loopback(): boolean {
    return false;
  }

  get up(): boolean {
    return this.isUp;
  }

  /** Whether a cable links this NIC to a switch (`ip link` shows NO-CARRIER otherwise). */
  get carrier(): boolean {
    return this.port !== null;
  }

  /** `ip link set dev X up|down`: a down interface neither sends nor receives. */
  setUp(up: boolean): void {
    if (up === this.isUp) return;
    this.isUp = up;
    this.host.interfaceChanged(this, { kind: up ? 'up' : 'down' });
  }

  /** The first address in `target`'s subnet, else the first address: Linux's primary address choice. */
  primaryAddress(target?: Ipv4): Ipv4 | null {
    if (this.addresses.length === 0) return null;
    if (target !== undefined) {
      for (const a of this.addresses) {
        if (a.prefix === 0 || (((target ^ a.address) >>> (32 - a.prefix)) === 0)) return a.address;
      }
    }
    return this.addresses[0].address;
  }

  /** `ip addr add`; the host adds the connected route (proto kernel scope link). */
  addAddress(address: Ipv4, prefix: number): NetError | null {
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) return 'EINVAL';
    address >>>= 0;
    if (this.addresses.some((a) => a.address === address)) return 'EEXIST';
    const entry: InterfaceAddress = { address, prefix, broadcast: prefix < 31 ? broadcastOf(address, prefix) : 0 };
    this.addresses.push(entry);
    this.host.interfaceChanged(this, { kind: 'address-added', address: entry });
    return null;
  }

  /** `ip addr del`; EADDRNOTAVAIL ("Cannot assign requested address") when not configured. */
  removeAddress(address: Ipv4, prefix?: number): NetError | null {
    const i = this.addresses.findIndex((a) => a.address === address >>> 0 && (prefix === undefined || a.prefix === prefix));
    if (i < 0) return 'EADDRNOTAVAIL';
    const [entry] = this.addresses.splice(i, 1);
    this.host.interfaceChanged(this, { kind: 'address-removed', address: entry });
    return null;
  }

  /** Plugs the cable into `sw` (a switch or a hub). */
  connect(sw: EthernetNetwork): void {
    this.disconnect();
    this.port = sw.attach(this);
  }

  /** Unplugs the cable; frames in flight are lost. */
  disconnect(): void {
    this.port?.detach();
    this.port = null;
  }

  /** From the switch: the frame is shared with other receivers and must stay unmodified. */
  receiveFrame(frame: Uint8Array): void {
    if (!this.isUp) return;
    // The tap sits before the MAC filter, as a promiscuous capture (tshark's default) does.
    const host = this.host;
    if (host.onFrame.hasListeners) {
      host.onFrame.fire({ iface: this.name, direction: 'in', frame, time: host.scheduler.now });
    }
    if (frame.length < 14) {
      this.stats.rxErrors++;
      return;
    }
    // Group bit (broadcast, multicast) or our own address; the rest is someone else's.
    if ((frame[0] & 1) === 0) {
      const m = this.macBytes;
      if (
        frame[0] !== m[0] ||
        frame[1] !== m[1] ||
        frame[2] !== m[2] ||
        frame[3] !== m[3] ||
        frame[4] !== m[4] ||
        frame[5] !== m[5]
      ) {
        return;
      }
    }
    this.stats.rxPackets++;
    this.stats.rxBytes += frame.length;
    host.frameReceived(this, frame);
  }

  /**
   * Puts a complete frame on the wire. The caller hands the buffer over: nobody writes to it
   * afterwards (the switch, other hosts and the capture share it).
   */
  transmit(frame: Uint8Array): boolean {
    if (!this.isUp || this.port === null) {
      this.stats.txDropped++;
      return false;
    }
    this.stats.txPackets++;
    this.stats.txBytes += frame.length;
    const host = this.host;
    if (host.onFrame.hasListeners) {
      host.onFrame.fire({ iface: this.name, direction: 'out', frame, time: host.scheduler.now });
    }
    this.port.send(frame);
    return true;
  }
}
