// The loopback device `lo`. Linux hands each packet sent on lo straight back to its own input;
// a capture on lo sees it once, as an Ethernet frame with both MACs zero and type 0x0800
// (fidelity/pcap/smtp_local_lo). Delivery is a scheduled event, never a nested call, so a
// program's send() does not re-enter its own receive handler.
import { US } from '../engine/time.ts';
import { NetInterface, type InterfaceHost } from './interface.ts';

/** MTU of lo on Linux since 3.6. */
export const LOOPBACK_MTU = 65536;
/** Time from a send on lo to its input (the softirq round trip, roughly). */
export const LOOPBACK_DELAY_NS = 2 * US;

export class LoopbackInterface extends NetInterface {
  // FIFO of packets in flight with the interface each one is received on: lo itself, or a NIC
  // for the local copy of a broadcast (Linux ip_mc_output's dev_loopback_xmit). One event per
  // packet and a constant delay keep it in order, so a bound method serves every event.
  private readonly frames: Uint8Array[] = [];
  private readonly ingress: NetInterface[] = [];
  private head = 0;
  private readonly deliverNext = (): void => this.deliver();

  constructor(host: InterfaceHost, name = 'lo', index = 1) {
    super(host, name, 0, index, { mtu: LOOPBACK_MTU });
  }

  override get loopback(): boolean {
    return true;
  }

  override get carrier(): boolean {
    return true;
  }

  override connect(): void {
    throw new Error('lo has no cable to plug');
  }

  override receiveFrame(_frame: Uint8Array): void {
    // lo has no cable: nothing arrives from outside.
  }

  override transmit(frame: Uint8Array): boolean {
    if (!this.up) {
      this.stats.txDropped++;
      return false;
    }
    this.stats.txPackets++;
    this.stats.txBytes += frame.length;
    const host = this.host;
    if (host.onFrame.hasListeners) {
      host.onFrame.fire({ iface: this.name, direction: 'out', frame, time: host.scheduler.now });
    }
    this.enqueue(frame, this);
    return true;
  }

  /** Feeds a copy of a packet this host broadcast on `ingress` back to its own input, unseen by captures. */
  loopCopy(frame: Uint8Array, ingress: NetInterface): void {
    this.enqueue(frame, ingress);
  }

  private enqueue(frame: Uint8Array, ingress: NetInterface): void {
    this.frames.push(frame);
    this.ingress.push(ingress);
    this.host.scheduler.after(LOOPBACK_DELAY_NS, this.deliverNext);
  }

  private deliver(): void {
    const i = this.head++;
    const frame = this.frames[i];
    const ingress = this.ingress[i];
    if (this.head === this.frames.length) {
      this.frames.length = 0;
      this.ingress.length = 0;
      this.head = 0;
    } else if (this.head >= 4096) {
      // A stream that never lets the queue drain: drop the delivered prefix now and then.
      this.frames.splice(0, this.head);
      this.ingress.splice(0, this.head);
      this.head = 0;
    }
    if (ingress === this) {
      if (!this.up) return;
      this.stats.rxPackets++;
      this.stats.rxBytes += frame.length;
    } else if (!ingress.up) {
      return;
    }
    this.host.frameReceived(ingress, frame);
  }
}
