// ARP (RFC 826) for Ethernet/IPv4, with Wireshark's Info texts for requests, replies, probes
// (RFC 5227 §2.1.1: sender IP 0.0.0.0) and gratuitous announcements (sender IP = target IP).
import { formatIpv4, formatMac, readIpv4, readMac } from '../../wire/addr.ts';
import { ARP_REPLY, ARP_REQUEST } from '../../wire/arp.ts';
import { markMalformed, type Packet } from './packet.ts';
import { macWithRaw } from './oui.ts';
import { add, hex, item } from './tree.ts';

const OPCODES: ReadonlyMap<number, string> = new Map([
  [1, 'request'],
  [2, 'reply'],
  [3, 'reverse request'],
  [4, 'reverse reply'],
]);

export function dissectArp(packet: Packet, offset: number, end: number): number {
  const b = packet.bytes;
  packet.layers.push('arp');
  packet.cols.protocol = 'ARP';
  const avail = end - offset;
  if (avail < 8) {
    packet.tree.push(item('Address Resolution Protocol', offset, avail, 'arp'));
    markMalformed(packet, 'ARP', offset);
    return avail;
  }
  const htype = (b[offset] << 8) | b[offset + 1];
  const ptype = (b[offset + 2] << 8) | b[offset + 3];
  const hlen = b[offset + 4];
  const plen = b[offset + 5];
  const op = (b[offset + 6] << 8) | b[offset + 7];
  const total = 8 + 2 * hlen + 2 * plen;
  const ethIpv4 = htype === 1 && ptype === 0x0800 && hlen === 6 && plen === 4;
  const opName = OPCODES.get(op) ?? 'unknown';

  let title = opName;
  let info = '';
  let senderIp = 0;
  let targetIp = 0;
  let senderMac = 0;
  let targetMac = 0;
  const complete = avail >= total;
  if (ethIpv4 && complete) {
    senderMac = readMac(b, offset + 8);
    senderIp = readIpv4(b, offset + 14);
    targetMac = readMac(b, offset + 18);
    targetIp = readIpv4(b, offset + 24);
    const s = formatIpv4(senderIp);
    const t = formatIpv4(targetIp);
    if (op === ARP_REQUEST && senderIp === targetIp) {
      title = 'request/gratuitous ARP';
      info = `Gratuitous ARP for ${s} (Request)`;
    } else if (op === ARP_REQUEST && senderIp === 0) {
      info = `Who has ${t}? (ARP Probe)`;
    } else if (op === ARP_REQUEST) {
      info = `Who has ${t}? Tell ${s}`;
    } else if (op === ARP_REPLY && senderIp === targetIp) {
      title = 'reply/gratuitous ARP';
      info = `Gratuitous ARP for ${s} (Reply)`;
    } else if (op === ARP_REPLY) {
      info = `${s} is at ${formatMac(senderMac)}`;
    } else {
      info = `ARP opcode ${op}`;
    }
  }
  const node = item(`Address Resolution Protocol (${title})`, offset, Math.min(avail, total), 'arp');
  packet.tree.push(node);
  add(node, item(`Hardware type: ${htype === 1 ? 'Ethernet' : 'Unknown'} (${htype})`, offset, 2, 'arp.hw.type', htype));
  add(node, item(`Protocol type: ${ptype === 0x0800 ? 'IPv4' : 'Unknown'} (${hex(ptype, 4)})`, offset + 2, 2, 'arp.proto.type', ptype));
  add(node, item(`Hardware size: ${hlen}`, offset + 4, 1, 'arp.hw.size', hlen));
  add(node, item(`Protocol size: ${plen}`, offset + 5, 1, 'arp.proto.size', plen));
  add(node, item(`Opcode: ${opName} (${op})`, offset + 6, 2, 'arp.opcode', op));
  if (!complete) {
    markMalformed(packet, 'ARP', offset + 8);
    return avail;
  }
  packet.cols.info = info;
  if (ethIpv4) {
    add(node, item(`Sender MAC address: ${macWithRaw(senderMac)}`, offset + 8, 6, 'arp.src.hw_mac', senderMac));
    add(node, item(`Sender IP address: ${formatIpv4(senderIp)}`, offset + 14, 4, 'arp.src.proto_ipv4', senderIp));
    add(node, item(`Target MAC address: ${macWithRaw(targetMac)}`, offset + 18, 6, 'arp.dst.hw_mac', targetMac));
    add(node, item(`Target IP address: ${formatIpv4(targetIp)}`, offset + 24, 4, 'arp.dst.proto_ipv4', targetIp));
  } else {
    packet.cols.info = `ARP opcode ${op}`;
  }
  return total;
}
