// arp of net-tools 2.10: the neighbour cache as /proc/net/arp shows it (every entry, incomplete
// and failed ones as "(incomplete)"), in Linux style (default, -e) or BSD style (-a); -d deletes,
// -s adds a permanent entry on the interface whose route covers the address.
import type { Process, Program } from '../../os/program.ts';
import type { NeighbourEntry } from '../../stack/arp.ts';
import { formatIpv4, formatMac, networkOf, parseMac, type Ipv4 } from '../../wire/addr.ts';
import { netToolsText } from '../lib/net-tools-fr.ts';
import { lookupHost, reverseLookup } from '../lib/resolve.ts';
import { ARP_USAGE } from './arp-usage.ts';

const HEADER = 'Address                  HWtype  HWaddress           Flags Mask            Iface\n';

function complete(n: NeighbourEntry): boolean {
  return n.mac !== null && n.state !== 'INCOMPLETE' && n.state !== 'FAILED';
}

async function addressName(proc: Process, a: Ipv4, numeric: boolean): Promise<string | null> {
  return numeric ? null : await reverseLookup(proc, a);
}

async function linuxStyle(proc: Process, list: readonly NeighbourEntry[], numeric: boolean): Promise<string> {
  if (list.length === 0) return '';
  let s = netToolsText(proc, HEADER);
  for (const n of list) {
    const name = (await addressName(proc, n.ip, numeric)) ?? formatIpv4(n.ip);
    if (complete(n)) {
      const fl = n.state === 'PERMANENT' ? 'CM' : 'C';
      s += `${name.padEnd(24)} ${'ether'.padEnd(7)} ${formatMac(n.mac!).padEnd(19)} ${fl.padEnd(5)} ${''.padEnd(15)} ${n.iface}\n`;
    } else {
      s += `${name.padEnd(24)} ${''.padEnd(7)} ${'(incomplete)'.padEnd(19)} ${''.padEnd(5)} ${''.padEnd(15)} ${n.iface}\n`;
    }
  }
  return s;
}

async function bsdStyle(proc: Process, list: readonly NeighbourEntry[], numeric: boolean): Promise<string> {
  let s = '';
  for (const n of list) {
    const name = (await addressName(proc, n.ip, numeric)) ?? '?';
    const at = complete(n) ? `${formatMac(n.mac!)} [ether]${n.state === 'PERMANENT' ? ' PERM' : ''}` : '<incomplete>';
    s += `${name} (${formatIpv4(n.ip)}) at ${at} on ${n.iface}\n`;
  }
  return s;
}

async function resolve(proc: Process, host: string): Promise<Ipv4 | null> {
  const r = await lookupHost(proc, host);
  if (r.ok) return r.address;
  proc.stderr.write(`${host}: ${r.error === 'EAI_AGAIN' ? 'Host name lookup failure' : 'Unknown host'}\n`);
  return null;
}

export const arp: Program = async (proc) => {
  const args = proc.argv.slice(1);
  let numeric = false;
  let bsd = false;
  let iface: string | undefined;
  let mode: 'show' | 'delete' | 'set' = 'show';
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--numeric') numeric = true;
    else if (a === '--delete') mode = 'delete';
    else if (a === '--set') mode = 'set';
    else if (a === '--device' || a === '-i') iface = args[++i];
    else if (a === '--help' || a === '-h') {
      proc.stdout.write(ARP_USAGE);
      return 0;
    } else if (a === '-V' || a === '--version') {
      proc.stdout.write('net-tools 2.10\n+I18N +SELINUX\nAF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH\nHW: (ether) +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 \n');
      return 0;
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === 'n') numeric = true;
        else if (c === 'a') bsd = true;
        else if (c === 'e' || c === 'v' || c === 'D') continue;
        else if (c === 'd') mode = 'delete';
        else if (c === 's') mode = 'set';
        else if (c === 'i' || c === 'H' || c === 'A' || c === 'p' || c === 't') {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (c === 'i') iface = v;
          break;
        } else {
          proc.stderr.write(`arp: invalid option -- '${c}'\n${ARP_USAGE}`);
          return 3;
        }
      }
    } else operands.push(a);
  }
  const net = proc.host.net;
  if (iface !== undefined && !net.interfaces.has(iface)) {
    proc.stderr.write(`arp: can't get HW-Address for \`${iface}': No such device.\n`);
    return 255;
  }

  if (mode === 'delete') {
    if (operands.length === 0) {
      proc.stderr.write(netToolsText(proc, 'arp: need host name\n'));
      return 255;
    }
    const a = await resolve(proc, operands[0]);
    if (a === null) return 255;
    if (proc.cred.uid !== 0) {
      proc.stderr.write('SIOCDARP(dontpub): Operation not permitted\n');
      return 255;
    }
    if (!net.arp.delete(a, iface)) {
      proc.stderr.write(netToolsText(proc, 'No ARP entry for %s\n', operands[0]));
      return 255;
    }
    return 0;
  }

  if (mode === 'set') {
    if (operands.length < 2) {
      proc.stderr.write(netToolsText(proc, 'arp: need host name\n'));
      return 255;
    }
    const a = await resolve(proc, operands[0]);
    if (a === null) return 255;
    const mac = parseMac(operands[1]);
    if (mac === null) {
      proc.stderr.write('arp: invalid hardware address\n');
      return 255;
    }
    if (proc.cred.uid !== 0) {
      proc.stderr.write('SIOCSARP: Operation not permitted\n');
      return 255;
    }
    const dev = iface ?? [...net.interfaces.values()].find((d) => !d.loopback && d.addresses.some((x) => networkOf(x.address, x.prefix) === networkOf(a, x.prefix)))?.name;
    if (dev === undefined) {
      proc.stderr.write('SIOCSARP: Network is unreachable\n');
      return 255;
    }
    net.arp.addPermanent(a, mac, dev);
    return 0;
  }

  let list = net.arp.list().filter((n) => iface === undefined || n.iface === iface);
  if (operands.length > 0) {
    const a = await resolve(proc, operands[0]);
    if (a === null) return 255;
    list = list.filter((n) => n.ip === a);
    if (list.length === 0) {
      proc.stdout.write(`${operands[0]} (${formatIpv4(a)}) -- no entry\n`);
      return 1;
    }
  }
  proc.stdout.write(bsd ? await bsdStyle(proc, list, numeric) : await linuxStyle(proc, list, numeric));
  return 0;
};
