// ifconfig of net-tools 2.10 (Debian 12's net-tools package): the interface list (up ones, or
// all with -a; sorted by name), one interface, the short table (-s), and the old ioctl way of
// configuring: `ifconfig eth0 192.168.0.1 netmask 255.255.255.0 up`, `down`, `mtu N`, `add`,
// `del`. Only the primary IPv4 address shows, as ifconfig sees only the first of a device (alias
// labels like eth0:1 are not simulated). No inet6 lines: the stack has no IPv6.
import type { Process, Program } from '../../os/program.ts';
import type { NetInterface } from '../../stack/interface.ts';
import { formatIpv4, formatMac, maskToPrefix, prefixToMask, type Ipv4 } from '../../wire/addr.ts';
import { broadcastOf, setHasBroadcast, setLinkUp } from '../lib/netdev-state.ts';
import { netToolsText } from '../lib/net-tools-fr.ts';
import { lookupHost } from '../lib/resolve.ts';
import { IFCONFIG_USAGE } from './ifconfig-usage.ts';

const IFF_UP = 0x1;
const IFF_BROADCAST = 0x2;
const IFF_LOOPBACK = 0x8;
const IFF_RUNNING = 0x40;
const IFF_MULTICAST = 0x1000;

export function ifFlags(dev: NetInterface): number {
  let f = dev.loopback ? IFF_LOOPBACK : IFF_BROADCAST | IFF_MULTICAST;
  if (dev.up) f |= IFF_UP;
  if (dev.up && dev.carrier) f |= IFF_RUNNING;
  return f;
}

function flagNames(f: number): string {
  const names: string[] = [];
  if (f & IFF_UP) names.push('UP');
  if (f & IFF_BROADCAST) names.push('BROADCAST');
  if (f & IFF_LOOPBACK) names.push('LOOPBACK');
  if (f & IFF_RUNNING) names.push('RUNNING');
  if (f & IFF_MULTICAST) names.push('MULTICAST');
  return names.join(',');
}

/** The flags column of `ifconfig -s` and `netstat -i`. */
export function flagLetters(dev: NetInterface): string {
  const f = ifFlags(dev);
  let s = '';
  if (f & IFF_BROADCAST) s += 'B';
  if (f & IFF_LOOPBACK) s += 'L';
  if (f & IFF_MULTICAST) s += 'M';
  if (f & IFF_RUNNING) s += 'R';
  if (f & IFF_UP) s += 'U';
  return s;
}

/** "(31.9 KiB)": one decimal, binary units, as ife_print_long computes it. */
function human(bytes: number): string {
  let tenths = bytes * 10;
  let unit = 'B';
  for (const [limit, u] of [
    [1125899906842624, 'PiB'],
    [1099511627776, 'TiB'],
    [1073741824, 'GiB'],
    [1048576, 'MiB'],
    [1024, 'KiB'],
  ] as const) {
    if (bytes > limit) {
      tenths = Math.floor(tenths / limit);
      unit = u;
      break;
    }
  }
  return `${Math.floor(tenths / 10)}.${tenths % 10} ${unit}`;
}

export function longFormat(dev: NetInterface): string {
  const f = ifFlags(dev);
  let s = `${dev.name}: flags=${f}<${flagNames(f)}>  mtu ${dev.mtu}\n`;
  const primary = dev.addresses[0];
  if (primary !== undefined) {
    s += `        inet ${formatIpv4(primary.address)}  netmask ${formatIpv4(prefixToMask(primary.prefix))}`;
    if (f & IFF_BROADCAST) s += `  broadcast ${formatIpv4(broadcastOf(dev, primary.address))}`;
    s += '\n';
  }
  s += dev.loopback ? '        loop  txqueuelen 1000  (Local Loopback)\n' : `        ether ${formatMac(dev.mac)}  txqueuelen 1000  (Ethernet)\n`;
  const st = dev.stats;
  s += `        RX packets ${st.rxPackets}  bytes ${st.rxBytes} (${human(st.rxBytes)})\n`;
  s += `        RX errors ${st.rxErrors}  dropped ${st.rxDropped}  overruns 0  frame 0\n`;
  s += `        TX packets ${st.txPackets}  bytes ${st.txBytes} (${human(st.txBytes)})\n`;
  s += `        TX errors ${st.txErrors}  dropped ${st.txDropped} overruns 0  carrier 0  collisions 0\n\n`;
  return s;
}

export const SHORT_HEADER = 'Iface      MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n';

export function shortFormat(dev: NetInterface): string {
  const st = dev.stats;
  const n = (v: number, w: number): string => String(v).padStart(w);
  return `${dev.name.padEnd(15)} ${n(dev.mtu, 5)} ${n(st.rxPackets, 8)} ${n(st.rxErrors, 6)} ${n(st.rxDropped, 6)} ${'0'.padEnd(6)} ${n(st.txPackets, 8)} ${n(st.txErrors, 6)} ${n(st.txDropped, 6)} ${n(0, 6)} ${flagLetters(dev)}\n`;
}

export function byName(devs: Iterable<NetInterface>): NetInterface[] {
  return [...devs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** inet_abc_len: the classful prefix SIOCSIFADDR gives an address. */
function classfulPrefix(a: Ipv4): number {
  if (a === 0 || a === 0xffffffff) return 0;
  const top = a >>> 24;
  if (top < 128) return 8;
  if (top < 192) return 16;
  if (top < 224) return 24;
  return 32;
}

function usageHint(proc: Process): number {
  proc.stderr.write("ifconfig: `--help' gives usage information.\n");
  return 1;
}

async function resolve(proc: Process, text: string): Promise<{ address: Ipv4; prefix: number | null } | number> {
  const slash = text.indexOf('/');
  const host = slash < 0 ? text : text.slice(0, slash);
  let prefix: number | null = null;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d+$/.test(p) || Number(p) > 32) {
      proc.stderr.write(`${text}: Unknown host\n`);
      return usageHint(proc);
    }
    prefix = Number(p);
  }
  const r = await lookupHost(proc, host);
  if (!r.ok) {
    proc.stderr.write(`${host}: ${r.error === 'EAI_AGAIN' ? 'Host name lookup failure' : 'Unknown host'}\n`);
    return usageHint(proc);
  }
  return { address: r.address, prefix };
}

/** Replaces the device's primary address, as SIOCSIFADDR then SIOCSIFNETMASK do. */
function setPrimary(dev: NetInterface, address: Ipv4 | null, prefix: number): void {
  const [old, ...others] = dev.addresses.map((a) => ({ address: a.address, prefix: a.prefix, brd: broadcastOf(dev, a.address) !== 0 }));
  if (old === undefined) {
    if (address !== null && address !== 0) {
      dev.addAddress(address, prefix);
      setHasBroadcast(dev, address, true);
    }
    return;
  }
  // The others are taken off and put back so that the new address is the first (primary) one.
  for (const a of [...others].reverse()) dev.removeAddress(a.address, a.prefix);
  dev.removeAddress(old.address, old.prefix);
  if (address !== null && address !== 0) {
    dev.addAddress(address, prefix);
    setHasBroadcast(dev, address, true);
  }
  for (const a of others) {
    if (a.address === address) continue;
    dev.addAddress(a.address, a.prefix);
    setHasBroadcast(dev, a.address, a.brd);
  }
}

async function configure(proc: Process, dev: NetInterface | undefined, name: string, args: readonly string[]): Promise<number> {
  const root = proc.cred.uid === 0;
  let status = 0;
  let addressSet = false;
  let wantDown = false;
  const perm = (ioctl: string): void => {
    proc.stderr.write(`${ioctl}: Operation not permitted\n`);
    status = 255;
  };
  const noDev = (ioctl: string): void => {
    proc.stderr.write(`${ioctl}: No such device\n`);
    status = 255;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = (): string | null => (i + 1 < args.length ? args[++i] : null);
    if (a === 'up' || a === 'down') {
      if (dev === undefined) {
        proc.stderr.write(`${name}: ERROR while getting interface flags: No such device\n`);
        return 255;
      }
      if (!root) {
        perm('SIOCSIFFLAGS');
        continue;
      }
      wantDown = a === 'down';
      setLinkUp(dev, a === 'up');
      continue;
    }
    if (a === 'netmask' || a === 'broadcast' || a === 'mtu' || a === 'add' || a === 'del' || a === 'txqueuelen' || a === 'hw' || a === 'dstaddr' || a === 'pointopoint') {
      const v = next();
      if (v === null) {
        proc.stderr.write(IFCONFIG_USAGE);
        return 3;
      }
      if (a === 'hw') next();
      if (dev === undefined) {
        noDev(a === 'netmask' ? 'SIOCSIFNETMASK' : a === 'mtu' ? 'SIOCSIFMTU' : 'SIOCSIFBRDADDR');
        continue;
      }
      if (a === 'netmask') {
        const m = await resolve(proc, v);
        if (typeof m === 'number') return m;
        const prefix = maskToPrefix(m.address);
        if (prefix === null) {
          proc.stderr.write('SIOCSIFNETMASK: Invalid argument\n');
          return 1;
        }
        if (!root) {
          perm('SIOCSIFNETMASK');
          continue;
        }
        const primary = dev.addresses[0];
        if (primary !== undefined) setPrimary(dev, primary.address, prefix);
      } else if (a === 'broadcast') {
        if (!root) {
          perm('SIOCSIFBRDADDR');
          continue;
        }
        const primary = dev.addresses[0];
        if (primary !== undefined) setHasBroadcast(dev, primary.address, true);
      } else if (a === 'mtu') {
        if (!/^\d+$/.test(v)) {
          proc.stderr.write(IFCONFIG_USAGE);
          return 3;
        }
        if (!root) {
          perm('SIOCSIFMTU');
          continue;
        }
        const mtu = Number(v);
        if (mtu < 68 || mtu > (dev.loopback ? 65536 : 1500)) {
          proc.stderr.write('SIOCSIFMTU: Invalid argument\n');
          status = 1;
          continue;
        }
        dev.mtu = mtu;
      } else if (a === 'add' || a === 'del') {
        const r = await resolve(proc, v);
        if (typeof r === 'number') return r;
        if (!root) {
          perm(a === 'add' ? 'SIOCSIFADDR' : 'SIOCDIFADDR');
          continue;
        }
        if (a === 'add') {
          dev.addAddress(r.address, r.prefix ?? classfulPrefix(r.address));
          setHasBroadcast(dev, r.address, true);
        } else if (dev.removeAddress(r.address, r.prefix ?? undefined) !== null) {
          proc.stderr.write('SIOCDIFADDR: Cannot assign requested address\n');
          status = 1;
        }
      }
      continue;
    }
    if (a === '-broadcast') {
      const primary = dev?.addresses[0];
      if (root && dev !== undefined && primary !== undefined) setHasBroadcast(dev, primary.address, false);
      continue;
    }
    if (['arp', '-arp', 'promisc', '-promisc', 'allmulti', '-allmulti', 'multicast', 'trailers', '-trailers', 'dynamic', '-dynamic'].includes(a)) {
      continue;
    }
    // Anything else is the address.
    const r = await resolve(proc, a);
    if (typeof r === 'number') return r;
    if (dev === undefined) {
      noDev('SIOCSIFADDR');
      proc.stderr.write(`${name}: ERROR while getting interface flags: No such device\n`);
      return 255;
    }
    if (!root) {
      perm('SIOCSIFADDR');
      addressSet = true;
      continue;
    }
    setPrimary(dev, r.address, r.prefix ?? classfulPrefix(r.address));
    addressSet = true;
  }
  // Setting an address brings the interface up (net-tools sets IFF_UP|IFF_RUNNING after it).
  if (addressSet && !wantDown) {
    if (!root) perm('SIOCSIFFLAGS');
    else if (dev !== undefined) setLinkUp(dev, true);
  }
  return status;
}

export const ifconfig: Program = async (proc) => {
  const args = proc.argv.slice(1);
  let all = false;
  let short = false;
  let i = 0;
  for (; i < args.length && args[i].startsWith('-'); i++) {
    const a = args[i];
    if (a === '-a') all = true;
    else if (a === '-s') short = true;
    else if (a === '-v') continue;
    else if (a === '-h' || a === '--help') {
      proc.stderr.write(IFCONFIG_USAGE);
      return 0;
    } else if (a === '-V' || a === '--version') {
      proc.stderr.write('net-tools 2.10\n');
      return 0;
    } else {
      proc.stderr.write(`ifconfig: option \`${a}' not recognised.\n`);
      return usageHint(proc);
    }
  }
  const net = proc.host.net;
  const rest = args.slice(i);
  if (rest.length === 0) {
    const devs = byName(net.interfaces.values()).filter((d) => all || d.up);
    proc.stdout.write(short ? SHORT_HEADER + devs.map(shortFormat).join('') : devs.map(longFormat).join(''));
    return 0;
  }
  const name = rest[0];
  const dev = net.interfaces.get(name);
  if (rest.length === 1) {
    if (dev === undefined) {
      proc.stderr.write(netToolsText(proc, '%s: error fetching interface information: %s\n', name, 'Device not found'));
      return 1;
    }
    proc.stdout.write(short ? SHORT_HEADER + shortFormat(dev) : longFormat(dev));
    return 0;
  }
  return configure(proc, dev, name, rest.slice(1));
};
