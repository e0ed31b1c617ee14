// What the host's own transports (ICMP, UDP) need from IP beyond the IpLayer seam that TCP uses:
// knowledge of the host's broadcast addresses and devices.
import type { Ipv4 } from '../wire/addr.ts';
import type { IpLayer } from './transport.ts';

export interface HostIpLayer extends IpLayer {
  /** 255.255.255.255 or the subnet broadcast of an address of an up interface. */
  isBroadcast(a: Ipv4): boolean;
  /** Whether an interface of that name exists (SO_BINDTODEVICE answers ENODEV otherwise). */
  hasInterface(name: string): boolean;
}
