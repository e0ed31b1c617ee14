// A network of the lab is one learning switch (IEEE 802.1D transparent bridge): each NIC hangs on
// its own full-duplex access link, frames are serialized at the link rate, stored in the switch,
// then forwarded by MAC learning. The switch never copies or alters a frame: the same bytes reach
// every receiver, which must treat them as read-only.
import type { Scheduler } from './scheduler.ts';
import { SECOND } from './time.ts';

/** What a NIC implements to receive frames. */
export interface FrameSink {
  receiveFrame(frame: Uint8Array): void;
}

/** A NIC's end of its access link. */
export interface SwitchPort {
  /** Puts a frame (destination MAC first, no preamble, no FCS) on the link. */
  send(frame: Uint8Array): void;
  /** Unplugs the cable: frames in flight to or from this port are lost. */
  detach(): void;
  readonly id: number;
}

/** What a NIC plugs into: a learning switch here, or a hub (ethernet-hub.ts). */
export interface EthernetNetwork {
  readonly name: string;
  /** Plugs a NIC into a new port; port ids count from 1 in attach order and are never reused. */
  attach(sink: FrameSink): SwitchPort;
  /** Count of frame deliveries to sinks (a frame repeated to n ports counts n times). */
  readonly framesForwarded: number;
}

export interface LinkOptions {
  /** Access link rate; default 1e9 (gigabit Ethernet). */
  bitsPerSecond?: number;
  /** One-way propagation delay of each access link in ns; default 500 (about 100 m of copper). */
  propagationNs?: number;
}

/** One learned forwarding entry, as `bridge fdb show` would list it. */
export interface FdbEntry {
  readonly mac: string;
  readonly port: number;
  /** Nanoseconds since the address was last seen as a source. */
  readonly ageNs: number;
}

/** Default ageing time of learned addresses: 300 s (802.1D-2004 table 7-5, Linux bridge default). */
export const MAC_AGEING_NS = 300 * SECOND;

/** An Ethernet header: shorter frames are dropped at ingress. */
export const HEADER_LEN = 14;
// Bytes a frame occupies on the wire beyond what the NIC hands over (IEEE 802.3 clause 4):
const FCS_LEN = 4;
const PREAMBLE_SFD_LEN = 8;
const INTERFRAME_GAP_LEN = 12;
/** Shorter frames are padded by the MAC to 60 bytes + FCS (802.3 minFrameSize, 64 octets). */
const MIN_FRAME_LEN = 60;

/** Bytes a frame of `len` bytes holds a medium: padding, FCS, preamble+SFD and the gap after it. */
export function wireBytes(len: number): number {
  return Math.max(len, MIN_FRAME_LEN) + FCS_LEN + PREAMBLE_SFD_LEN + INTERFRAME_GAP_LEN;
}

class Port implements SwitchPort {
  attached = true;
  /** End of the last transmission host -> switch (the NIC's transmit queue). */
  uplinkBusyUntil = 0;
  /** End of the last transmission switch -> host (the switch's egress queue). */
  downlinkBusyUntil = 0;

  constructor(
    readonly id: number,
    readonly sink: FrameSink,
    private readonly owner: EthernetSwitch,
  ) {}

  send(frame: Uint8Array): void {
    this.owner.ingress(this, frame);
  }

  detach(): void {
    this.owner.unplug(this);
  }
}

interface Learned {
  port: Port;
  seen: number;
}

/** The 48-bit MAC at `offset` as an exact integer (below 2^53), a cheap Map key. */
function macAt(frame: Uint8Array, offset: number): number {
  return (
    (frame[offset] * 0x10000 + frame[offset + 1] * 0x100 + frame[offset + 2]) * 0x1000000 +
    frame[offset + 3] * 0x10000 +
    frame[offset + 4] * 0x100 +
    frame[offset + 5]
  );
}

function macText(mac: number): string {
  return mac.toString(16).padStart(12, '0').replace(/(..)(?!$)/g, '$1:');
}

export class EthernetSwitch implements EthernetNetwork {
  private readonly ports: Port[] = [];
  private readonly fdbTable = new Map<number, Learned>();
  private readonly nsPerByte: number;
  private readonly propagationNs: number;
  private nextPortId = 1;
  private delivered = 0;

  constructor(
    private readonly scheduler: Scheduler,
    readonly name: string,
    opts: LinkOptions = {},
  ) {
    const bps = opts.bitsPerSecond ?? 1e9;
    if (!(bps > 0)) throw new RangeError(`EthernetSwitch ${name}: bitsPerSecond must be > 0`);
    this.nsPerByte = (8 * SECOND) / bps;
    this.propagationNs = opts.propagationNs ?? 500;
  }

  /** Count of frame deliveries to sinks (a flooded frame counts once per receiver). */
  get framesForwarded(): number {
    return this.delivered;
  }

  /** Plugs a NIC into a new port; port ids count from 1 in attach order and are never reused. */
  attach(sink: FrameSink): SwitchPort {
    const port = new Port(this.nextPortId++, sink, this);
    this.ports.push(port);
    return port;
  }

  /** Live learned addresses, in learning order. */
  fdb(): FdbEntry[] {
    const now = this.scheduler.now;
    const out: FdbEntry[] = [];
    for (const [mac, l] of this.fdbTable) {
      if (now - l.seen < MAC_AGEING_NS) out.push({ mac: macText(mac), port: l.port.id, ageNs: now - l.seen });
    }
    return out;
  }

  /** Time a frame of `len` bytes holds a link: padding, FCS, preamble+SFD and the gap after it. */
  wireTimeNs(len: number): number {
    return Math.round(wireBytes(len) * this.nsPerByte);
  }

  /** @internal A frame from a NIC: queue it on the access link toward the switch. */
  ingress(port: Port, frame: Uint8Array): void {
    if (!port.attached || frame.length < HEADER_LEN) return;
    const s = this.scheduler;
    const start = Math.max(s.now, port.uplinkBusyUntil);
    const end = start + this.wireTimeNs(frame.length);
    port.uplinkBusyUntil = end;
    s.at(end + this.propagationNs, () => this.forward(port, frame));
  }

  /** @internal */
  unplug(port: Port): void {
    if (!port.attached) return;
    port.attached = false;
    this.ports.splice(this.ports.indexOf(port), 1);
    for (const [mac, l] of this.fdbTable) if (l.port === port) this.fdbTable.delete(mac);
  }

  /** The whole frame is in the switch's buffer: learn its source, pick egress ports. */
  private forward(inPort: Port, frame: Uint8Array): void {
    if (!inPort.attached) return; // cable pulled while the frame was on it
    const now = this.scheduler.now;
    // Learn only unicast sources; a group address as source is invalid (802.1D 7.8).
    if ((frame[6] & 1) === 0) {
      const src = macAt(frame, 6);
      const known = this.fdbTable.get(src);
      if (known !== undefined) {
        known.port = inPort;
        known.seen = now;
      } else {
        this.fdbTable.set(src, { port: inPort, seen: now });
      }
    }
    // Group bit set (broadcast, multicast) -> flood.
    if ((frame[0] & 1) === 0) {
      const dst = macAt(frame, 0);
      const known = this.fdbTable.get(dst);
      if (known !== undefined) {
        if (now - known.seen < MAC_AGEING_NS) {
          // A destination behind the ingress port is filtered, never echoed back.
          if (known.port !== inPort) this.egress(known.port, frame);
          return;
        }
        this.fdbTable.delete(dst);
      }
    }
    for (const port of this.ports) if (port !== inPort) this.egress(port, frame);
  }

  private egress(port: Port, frame: Uint8Array): void {
    const s = this.scheduler;
    const start = Math.max(s.now, port.downlinkBusyUntil);
    const end = start + this.wireTimeNs(frame.length);
    port.downlinkBusyUntil = end;
    s.at(end + this.propagationNs, () => {
      if (!port.attached) return;
      this.delivered++;
      port.sink.receiveFrame(frame);
    });
  }
}
