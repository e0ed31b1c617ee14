// A repeater hub (IEEE 802.3 clause 27, Fast Ethernet class II repeater): one shared half-duplex
// medium. Every frame a NIC sends is repeated, unaltered, to every other port, whatever its
// destination; the NICs' MAC filters drop what is not theirs, and a capture tap on any of them
// sees the whole link, as on the shared "liaison" of a lab room.
//
// Timing: carrier sense without collisions. A NIC defers while the medium is busy, then holds it
// for the frame's wire time; frames are sent in the order they were queued, so no CSMA/CD backoff
// (and no random draw) is needed. The repeater works bit by bit (cut-through): receivers get the
// frame one wire time plus two cable delays after the medium became free for it.
import type { Scheduler } from './scheduler.ts';
import { HEADER_LEN, wireBytes, type EthernetNetwork, type FrameSink, type LinkOptions, type SwitchPort } from './ethernet-switch.ts';
import { SECOND } from './time.ts';

/** Hubs stopped at Fast Ethernet: gigabit repeaters were specified (802.3z) but never sold. */
const HUB_BITS_PER_SECOND = 100e6;

class HubPort implements SwitchPort {
  attached = true;

  constructor(
    readonly id: number,
    readonly sink: FrameSink,
    private readonly owner: EthernetHub,
  ) {}

  send(frame: Uint8Array): void {
    this.owner.ingress(this, frame);
  }

  detach(): void {
    this.owner.unplug(this);
  }
}

export class EthernetHub implements EthernetNetwork {
  private readonly ports: HubPort[] = [];
  private readonly nsPerByte: number;
  private readonly propagationNs: number;
  /** End of the transmission holding the shared medium. */
  private mediumBusyUntil = 0;
  private nextPortId = 1;
  private delivered = 0;

  constructor(
    private readonly scheduler: Scheduler,
    readonly name: string,
    opts: LinkOptions = {},
  ) {
    const bps = opts.bitsPerSecond ?? HUB_BITS_PER_SECOND;
    if (!(bps > 0)) throw new RangeError(`EthernetHub ${name}: bitsPerSecond must be > 0`);
    this.nsPerByte = (8 * SECOND) / bps;
    this.propagationNs = opts.propagationNs ?? 500;
  }

  get framesForwarded(): number {
    return this.delivered;
  }

  attach(sink: FrameSink): SwitchPort {
    const port = new HubPort(this.nextPortId++, sink, this);
    this.ports.push(port);
    return port;
  }

  /** Time a frame of `len` bytes holds the medium: padding, FCS, preamble+SFD and the gap after it. */
  wireTimeNs(len: number): number {
    return Math.round(wireBytes(len) * this.nsPerByte);
  }

  /** @internal A frame from a NIC: wait for the medium, then repeat it to every other port. */
  ingress(port: HubPort, frame: Uint8Array): void {
    if (!port.attached || frame.length < HEADER_LEN) return;
    const s = this.scheduler;
    const start = Math.max(s.now, this.mediumBusyUntil);
    const end = start + this.wireTimeNs(frame.length);
    this.mediumBusyUntil = end;
    s.at(end + 2 * this.propagationNs, () => this.repeat(port, frame));
  }

  /** @internal */
  unplug(port: HubPort): void {
    if (!port.attached) return;
    port.attached = false;
    this.ports.splice(this.ports.indexOf(port), 1);
  }

  /** One event per frame: every receiver gets the same bytes at the same instant, in port order. */
  private repeat(from: HubPort, frame: Uint8Array): void {
    if (!from.attached) return; // cable pulled while the frame was on it
    // A sink may unplug a port when it receives: iterate over a copy.
    for (const port of this.ports.slice()) {
      if (port === from || !port.attached) continue;
      this.delivered++;
      port.sink.receiveFrame(frame);
    }
  }
}
