// IP hands a packet up through this table indexed by the protocol field (RFC 791, IANA
// "Assigned Internet Protocol Numbers"), like Linux's inet_protos[]: adding a transport is one
// `register` call, and IP never names one.
import type { IpMeta, TransportProtocol } from './transport.ts';

/** Optional hook: a transport that can take packets for an address this host does not own. */
export interface NonLocalReceiver {
  /** True when some socket took the packet (dhclient's packet socket, emulated on UDP). */
  receiveNotLocal(meta: IpMeta, data: Uint8Array): boolean;
}

export class TransportTable {
  private readonly slots: Array<TransportProtocol | undefined> = new Array(256).fill(undefined);

  register(t: TransportProtocol): void {
    if (this.slots[t.protocol] !== undefined) throw new Error(`IP protocol ${t.protocol} is already registered`);
    this.slots[t.protocol] = t;
  }

  unregister(protocol: number): void {
    this.slots[protocol] = undefined;
  }

  get(protocol: number): TransportProtocol | undefined {
    return this.slots[protocol];
  }
}

export function isNonLocalReceiver(t: TransportProtocol): t is TransportProtocol & NonLocalReceiver {
  return typeof (t as Partial<NonLocalReceiver>).receiveNotLocal === 'function';
}
