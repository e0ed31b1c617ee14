// Ethernet II (IEEE 802.3 with an EtherType, RFC 894): addresses with their manufacturer names,
// then a hand-off through the ethertype table; bytes the upper layer leaves are padding/trailer.
import { readMac, type Mac } from '../../wire/addr.ts';
import {
  ETHERNET_HEADER_LENGTH,
  ETHERTYPE_ARP,
  ETHERTYPE_IPV4,
  ETHERTYPE_IPV6,
} from '../../wire/ethernet.ts';
import { markMalformed, type Packet } from './packet.ts';
import { macWithRaw, resolveMac } from './oui.ts';
import {
  add,
  bitPicture,
  buildingTree,
  collecting,
  hex,
  item,
  leanNode,
  type ProtoTree,
} from './tree.ts';


const TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [ETHERTYPE_IPV4, 'IPv4'],
  [ETHERTYPE_ARP, 'ARP'],
  [ETHERTYPE_IPV6, 'IPv6'],
  [0x8100, '802.1Q Virtual LAN'],
]);

function addressItem(label: string, field: string, mac: Mac, offset: number): ProtoTree {
  if (!buildingTree()) {
    const first = Math.floor(mac / 2 ** 40);
    item('', offset, 6, 'eth.addr', mac);
    item('', offset, 3, 'eth.lg', (first & 2) !== 0);
    item('', offset, 3, 'eth.ig', (first & 1) !== 0);
    return item('', offset, 6, field, mac);
  }
  const node = item(`${label}: ${macWithRaw(mac)}`, offset, 6, field, mac);
  add(node, item(`Address: ${macWithRaw(mac)}`, offset, 6, 'eth.addr', mac));
  const first = Math.floor(mac / 2 ** 40);
  const top = first * 0x10000; // the 24-bit picture of the first three octets
  const lg = (first & 2) !== 0;
  const ig = (first & 1) !== 0;
  add(
    node,
    item(
      `${bitPicture(top, 24, 0x020000)} = LG bit: ${lg ? 'Locally administered address (this is NOT the factory default)' : 'Globally unique address (factory default)'}`,
      offset,
      3,
      'eth.lg',
      lg,
    ),
  );
  add(
    node,
    item(
      `${bitPicture(top, 24, 0x010000)} = IG bit: ${ig ? 'Group address (multicast/broadcast)' : 'Individual address (unicast)'}`,
      offset,
      3,
      'eth.ig',
      ig,
    ),
  );
  return node;
}

export function dissectEthernet(packet: Packet, offset: number, end: number): number {
  const b = packet.bytes;
  packet.layers.push('eth');
  packet.cols.protocol = 'Ethernet';
  if (end - offset < ETHERNET_HEADER_LENGTH) {
    const node = item('Ethernet II', offset, end - offset, 'eth');
    packet.tree.push(node);
    markMalformed(packet, 'Ethernet', offset);
    return end - offset;
  }
  const dst = readMac(b, offset);
  const src = readMac(b, offset + 6);
  const type = (b[offset + 12] << 8) | b[offset + 13];
  const full = buildingTree();
  // Lean and no eth.* field wanted: no item at all.
  let node = leanNode();
  if (full || collecting('eth')) {
    node = item(full ? `Ethernet II, Src: ${macWithRaw(src)}, Dst: ${macWithRaw(dst)}` : '', offset, ETHERNET_HEADER_LENGTH, 'eth');
    packet.tree.push(node);
    add(node, addressItem('Destination', 'eth.dst', dst, offset));
    add(node, addressItem('Source', 'eth.src', src, offset + 6));
    add(node, item(full ? `Type: ${TYPE_NAMES.get(type) ?? 'Unknown'} (${hex(type, 4)})` : '', offset + 12, 2, 'eth.type', type));
  }
  packet.cols.source = resolveMac(src);
  packet.cols.destination = resolveMac(dst);
  packet.layers.push('ethertype');

  const start = offset + ETHERNET_HEADER_LENGTH;
  const next = packet.tables.ethertype.get(type) ?? packet.tables.data;
  const used = next(packet, start, end);
  const rest = start + used;
  if (rest < end && !packet.malformed) {
    // Frames shorter than 60 bytes are padded by the sender (IEEE 802.3 clause 4.2.3.3).
    const tail = b.subarray(rest, end);
    let zero = true;
    for (let i = 0; i < tail.length; i++) if (tail[i] !== 0) zero = false;
    const label = full ? `${zero ? 'Padding' : 'Trailer'}: ${hexString(tail)}` : '';
    add(node, item(label, rest, end - rest, zero ? 'eth.padding' : 'eth.trailer', tail));
  }
  return end - offset;
}

export function hexString(bytes: Uint8Array): string {
  let s = '';
  for (const x of bytes) s += x.toString(16).padStart(2, '0');
  return s;
}
