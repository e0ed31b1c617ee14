// What the kernel remembers about an interface that the stack's model leaves out, shared by ip
// and ifconfig: whether each address has a broadcast (`ip addr add X/24 dev eth0` gives none,
// while ifupdown, dhclient, ifconfig and `brd +` set one: `ip a` then shows `brd`, ifconfig
// `broadcast 0.0.0.0`), and whether the device was ever up (its qdisc stays `noop` until then).
import type { NetInterface } from '../../stack/interface.ts';
import type { Ipv4 } from '../../wire/addr.ts';

interface DevState {
  readonly noBroadcast: Set<Ipv4>;
  everUp: boolean;
}

const states = new WeakMap<NetInterface, DevState>();

function stateOf(dev: NetInterface): DevState {
  let s = states.get(dev);
  if (s === undefined) {
    s = { noBroadcast: new Set(), everUp: dev.up };
    states.set(dev, s);
  }
  if (dev.up) s.everUp = true;
  return s;
}

/** The broadcast the address was given, 0 when none. */
export function broadcastOf(dev: NetInterface, address: Ipv4): Ipv4 {
  const a = dev.addresses.find((x) => x.address === address);
  // lo has no IFF_BROADCAST: its addresses never get one.
  if (a === undefined || dev.loopback || stateOf(dev).noBroadcast.has(address)) return 0;
  return a.broadcast;
}

export function setHasBroadcast(dev: NetInterface, address: Ipv4, has: boolean): void {
  const s = stateOf(dev);
  if (has) s.noBroadcast.delete(address);
  else s.noBroadcast.add(address);
}

/**
 * `ip link set up|down` and ifconfig's: remembers the device was up. Bringing lo up gives it
 * 127.0.0.1/8 if it lost it, as Linux's inetdev_event(NETDEV_UP) does for a loopback device.
 */
export function setLinkUp(dev: NetInterface, up: boolean): void {
  stateOf(dev);
  dev.setUp(up);
  if (up && dev.loopback && !dev.addresses.some((a) => a.address === LOOPBACK)) dev.addAddress(LOOPBACK, 8);
  stateOf(dev);
}

const LOOPBACK = 0x7f000001;

/**
 * The queueing discipline `ip link` shows: none attached (`noop`) before the first up; then
 * `noqueue` on lo and Debian 12's default_qdisc, fq_codel (systemd's sysctl 50-default.conf).
 */
export function qdiscOf(dev: NetInterface): string {
  if (!stateOf(dev).everUp) return 'noop';
  return dev.loopback ? 'noqueue' : 'fq_codel';
}

/** Secondary: another address before it on the device covers the same subnet (Linux's rule). */
export function isSecondary(dev: NetInterface, address: Ipv4): boolean {
  const i = dev.addresses.findIndex((x) => x.address === address);
  if (i < 0) return false;
  const b = dev.addresses[i];
  const sameNet = (a: Ipv4): boolean => b.prefix === 0 || (a ^ b.address) >>> (32 - b.prefix) === 0;
  return dev.addresses.slice(0, i).some((a) => a.prefix === b.prefix && sameNet(a.address));
}
