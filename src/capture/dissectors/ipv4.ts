// IPv4 (RFC 791): header fields as Wireshark shows them, then a hand-off through the ip.proto
// table. The total length bounds the payload, so Ethernet padding never reaches the transport.
import { formatIpv4 } from '../../wire/addr.ts';
import {
  IPPROTO_ICMP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  IPV4_MIN_HEADER_LENGTH,
} from '../../wire/ipv4.ts';
import { markMalformed, type Packet } from './packet.ts';
import {
  wantedFieldsOf,
  add,
  bitPicture,
  buildingTree,
  collecting,
  flagItem,
  generated,
  hex,
  item,
  leanNode,
  pruneBeyond,
  type ProtoTree,
} from './tree.ts';


export const IP_PROTOCOL_NAMES: ReadonlyMap<number, string> = new Map([
  [IPPROTO_ICMP, 'ICMP'],
  [2, 'IGMP'],
  [IPPROTO_TCP, 'TCP'],
  [IPPROTO_UDP, 'UDP'],
  [41, 'IPv6'],
  [47, 'GRE'],
  [50, 'ESP'],
  [89, 'OSPF'],
]);

/** RFC 2474/2597/3246 codepoints: [short name, long name]. */
const DSCP: ReadonlyMap<number, readonly [string, string]> = new Map([
  [0, ['CS0', 'Default']],
  [8, ['CS1', 'Class Selector 1']],
  [10, ['AF11', 'Assured Forwarding 11']],
  [12, ['AF12', 'Assured Forwarding 12']],
  [14, ['AF13', 'Assured Forwarding 13']],
  [16, ['CS2', 'Class Selector 2']],
  [18, ['AF21', 'Assured Forwarding 21']],
  [24, ['CS3', 'Class Selector 3']],
  [26, ['AF31', 'Assured Forwarding 31']],
  [32, ['CS4', 'Class Selector 4']],
  [34, ['AF41', 'Assured Forwarding 41']],
  [40, ['CS5', 'Class Selector 5']],
  [46, ['EF PHB', 'Expedited Forwarding']],
  [48, ['CS6', 'Class Selector 6']],
  [56, ['CS7', 'Class Selector 7']],
]);

/** RFC 3168 §5. */
const ECN: readonly (readonly [string, string])[] = [
  ['Not-ECT', 'Not ECN-Capable Transport'],
  ['ECT(1)', 'ECN-Capable Transport codepoint \'01\''],
  ['ECT(0)', 'ECN-Capable Transport codepoint \'10\''],
  ['CE', 'Congestion Experienced'],
];

/** Byte `i` of the frame, 0 past `end` (a header cut short reads as far as it goes). */
function byteAt(b: Uint8Array, i: number, end: number): number {
  return i < end ? b[i] : 0;
}

function u32At(b: Uint8Array, i: number, end: number): number {
  return ((byteAt(b, i, end) << 24) | (byteAt(b, i + 1, end) << 16) | (byteAt(b, i + 2, end) << 8) | byteAt(b, i + 3, end)) >>> 0;
}

/** `, Don't fragment` for the Flags line. */
function flagNames(flags: number): string {
  return (flags & 2 ? ", Don't fragment" : '') + (flags & 1 ? ', More fragments' : '');
}

/** Dotted addresses already written: a capture repeats a few addresses in every packet. */
const addressTexts = new Map<number, string>();
function addressText(a: number): string {
  let text = addressTexts.get(a);
  if (text === undefined) {
    if (addressTexts.size >= 65536) addressTexts.clear();
    text = formatIpv4(a);
    addressTexts.set(a, text);
  }
  return text;
}

export function dissectIpv4(packet: Packet, offset: number, end: number): number {
  const b = packet.bytes;
  packet.layers.push('ip');
  packet.cols.protocol = 'IPv4';
  const avail = end - offset;
  // A header cut short is read as far as it goes (bytes past the end read as 0 and their
  // items are pruned below), as Wireshark adds fields until its exception.
  const truncated = avail < IPV4_MIN_HEADER_LENGTH;
  const full = buildingTree();
  const byte0 = byteAt(b, offset, end);
  const version = byte0 >> 4;
  const ihl = byte0 & 15;
  const hlen = ihl * 4;
  const totalLength = (byteAt(b, offset + 2, end) << 8) | byteAt(b, offset + 3, end);
  const id = (byteAt(b, offset + 4, end) << 8) | byteAt(b, offset + 5, end);
  const flagsFrag = (byteAt(b, offset + 6, end) << 8) | byteAt(b, offset + 7, end);
  const ttl = byteAt(b, offset + 8, end);
  const proto = byteAt(b, offset + 9, end);
  const src = u32At(b, offset + 12, end);
  const dst = u32At(b, offset + 16, end);
  const srcText = addressText(src);
  const dstText = addressText(dst);

  let node = leanNode();
  if (full) node = headerTree(packet, b, offset, end, avail);
  else if (collecting('ip')) leanFields(b, offset, end, avail);
  if (truncated) {
    pruneBeyond(node, end);
    node.label = 'Internet Protocol Version 4' + (avail >= 16 ? `, Src: ${srcText}` : '');
    node.length = avail;
    if (avail >= 16) packet.cols.source = srcText;
    const len = node.children.find((n) => n.field === 'ip.len');
    if (len !== undefined) {
      const text = `IPv4 total length exceeds packet length (${avail} bytes)`;
      const e = generated(`Expert Info (Error/Protocol): ${text}`, '_ws.expert');
      e.children.push(generated(text), generated('Severity level: Error'), generated('Group: Protocol'));
      len.children.push(e);
    }
    markMalformed(packet, 'IPv4', offset);
    return avail;
  }
  if (version !== 4 || hlen < IPV4_MIN_HEADER_LENGTH || hlen > avail || totalLength < hlen) {
    markMalformed(packet, 'IPv4', offset);
    return avail;
  }
  if (hlen > IPV4_MIN_HEADER_LENGTH) {
    add(node, item(full ? `Options: (${hlen - IPV4_MIN_HEADER_LENGTH} bytes)` : '', offset + 20, hlen - 20, 'ip.options'));
  }
  packet.cols.source = srcText;
  packet.cols.destination = dstText;
  packet.ip = { src, dst, ttl };

  // The payload ends at the total length; bytes past it are the link layer's padding.
  const payloadEnd = Math.min(end, offset + totalLength);
  if (totalLength > avail) {
    markMalformed(packet, 'IPv4', offset);
    return avail;
  }
  if ((flagsFrag & 0x3fff) !== 0) {
    // A fragment: Wireshark reassembles; until we do, show the bytes (RFC 791 §3.2).
    const protoName = IP_PROTOCOL_NAMES.get(proto) ?? 'Unknown';
    const fragOffset = (flagsFrag & 0x1fff) * 8;
    packet.cols.info = `Fragmented IP protocol (proto=${protoName} ${proto}, off=${fragOffset}, ID=${id.toString(16).padStart(4, '0')})`;
    packet.tables.data(packet, offset + hlen, payloadEnd);
    return totalLength;
  }
  const next = packet.tables.ipProto.get(proto) ?? packet.tables.data;
  next(packet, offset + hlen, payloadEnd);
  return totalLength;
}

/** The IPv4 node and its header lines, as `tshark -V` prints them. */
function headerTree(packet: Packet, b: Uint8Array, offset: number, end: number, avail: number): ProtoTree {
  const full = true;
  const byte0 = byteAt(b, offset, end);
  const version = byte0 >> 4;
  const ihl = byte0 & 15;
  const hlen = ihl * 4;
  const tos = byteAt(b, offset + 1, end);
  const totalLength = (byteAt(b, offset + 2, end) << 8) | byteAt(b, offset + 3, end);
  const id = (byteAt(b, offset + 4, end) << 8) | byteAt(b, offset + 5, end);
  const flagsFrag = (byteAt(b, offset + 6, end) << 8) | byteAt(b, offset + 7, end);
  const ttl = byteAt(b, offset + 8, end);
  const proto = byteAt(b, offset + 9, end);
  const checksum = (byteAt(b, offset + 10, end) << 8) | byteAt(b, offset + 11, end);
  const src = u32At(b, offset + 12, end);
  const dst = u32At(b, offset + 16, end);
  const srcText = addressText(src);
  const dstText = addressText(dst);
  const node = item(full ? `Internet Protocol Version 4, Src: ${srcText}, Dst: ${dstText}` : '', offset, Math.min(hlen, avail), 'ip');
  packet.tree.push(node);
  add(node, item(full ? `${bitPicture(byte0, 8, 0xf0)} = Version: ${version}` : '', offset, 1, 'ip.version', version));
  add(node, item(full ? `${bitPicture(byte0, 8, 0x0f)} = Header Length: ${hlen} bytes (${ihl})` : '', offset, 1, 'ip.hdr_len', hlen));
  const dscp = tos >> 2;
  const ecn = tos & 3;
  const [dscpShort, dscpLong] = DSCP.get(dscp) ?? [`Unknown (${dscp})`, 'Unknown'];
  const ds = add(
    node,
    item(full ? `Differentiated Services Field: ${hex(tos, 2)} (DSCP: ${dscpShort}, ECN: ${ECN[ecn][0]})` : '', offset + 1, 1, 'ip.dsfield', tos),
  );
  add(ds, item(full ? `${bitPicture(tos, 8, 0xfc)} = Differentiated Services Codepoint: ${dscpLong} (${dscp})` : '', offset + 1, 1, 'ip.dsfield.dscp', dscp));
  add(ds, item(full ? `${bitPicture(tos, 8, 0x03)} = Explicit Congestion Notification: ${ECN[ecn][1]} (${ecn})` : '', offset + 1, 1, 'ip.dsfield.ecn', ecn));
  add(node, item(full ? `Total Length: ${totalLength}` : '', offset + 2, 2, 'ip.len', totalLength));
  add(node, item(full ? `Identification: ${hex(id, 4)} (${id})` : '', offset + 4, 2, 'ip.id', id));
  const flags = flagsFrag >> 13;
  const flagsNode = add(
    node,
    item(full ? `${bitPicture(byteAt(b, offset + 6, end), 8, 0xe0)} = Flags: ${hex(flags, 1)}${flagNames(flags)}` : '', offset + 6, 1, 'ip.flags', flags),
  );
  add(flagsNode, flagItem('Reserved bit', byteAt(b, offset + 6, end), 8, 0x80, offset + 6, 1, 'ip.flags.rb'));
  add(flagsNode, flagItem("Don't fragment", byteAt(b, offset + 6, end), 8, 0x40, offset + 6, 1, 'ip.flags.df'));
  add(flagsNode, flagItem('More fragments', byteAt(b, offset + 6, end), 8, 0x20, offset + 6, 1, 'ip.flags.mf'));
  const fragOffset = (flagsFrag & 0x1fff) * 8;
  add(node, item(full ? `${bitPicture(flagsFrag, 16, 0x1fff)} = Fragment Offset: ${fragOffset}` : '', offset + 6, 2, 'ip.frag_offset', fragOffset));
  add(node, item(full ? `Time to Live: ${ttl}` : '', offset + 8, 1, 'ip.ttl', ttl));
  const protoName = IP_PROTOCOL_NAMES.get(proto) ?? 'Unknown';
  add(node, item(full ? `Protocol: ${protoName} (${proto})` : '', offset + 9, 1, 'ip.proto', proto));
  add(node, item(full ? `Header Checksum: ${hex(checksum, 4)} [validation disabled]` : '', offset + 10, 2, 'ip.checksum', checksum));
  add(node, generated('Header checksum status: Unverified', 'ip.checksum.status', 2));
  add(node, item(full ? `Source Address: ${srcText}` : '', offset + 12, 4, 'ip.src', src));
  add(node, item(full ? `Destination Address: ${dstText}` : '', offset + 16, 4, 'ip.dst', dst));
  return node;
}

/** The header's fields a lean pass wants (not the others): the same items, no labels. */
function leanFields(b: Uint8Array, offset: number, end: number, avail: number): void {
  const byte0 = byteAt(b, offset, end);
  const hlen = (byte0 & 15) * 4;
  const tos = byteAt(b, offset + 1, end);
  const flagsByte = byteAt(b, offset + 6, end);
  const flagsFrag = (flagsByte << 8) | byteAt(b, offset + 7, end);
  for (const field of wantedFieldsOf('ip')) {
    switch (field) {
      case 'ip': item('', offset, Math.min(hlen, avail), 'ip'); break;
      case 'ip.version': item('', offset, 1, field, byte0 >> 4); break;
      case 'ip.hdr_len': item('', offset, 1, field, hlen); break;
      case 'ip.dsfield': item('', offset + 1, 1, field, tos); break;
      case 'ip.dsfield.dscp': item('', offset + 1, 1, field, tos >> 2); break;
      case 'ip.dsfield.ecn': item('', offset + 1, 1, field, tos & 3); break;
      case 'ip.len': item('', offset + 2, 2, field, (byteAt(b, offset + 2, end) << 8) | byteAt(b, offset + 3, end)); break;
      case 'ip.id': item('', offset + 4, 2, field, (byteAt(b, offset + 4, end) << 8) | byteAt(b, offset + 5, end)); break;
      case 'ip.flags': item('', offset + 6, 1, field, flagsFrag >> 13); break;
      case 'ip.flags.rb': item('', offset + 6, 1, field, (flagsByte & 0x80) !== 0); break;
      case 'ip.flags.df': item('', offset + 6, 1, field, (flagsByte & 0x40) !== 0); break;
      case 'ip.flags.mf': item('', offset + 6, 1, field, (flagsByte & 0x20) !== 0); break;
      case 'ip.frag_offset': item('', offset + 6, 2, field, (flagsFrag & 0x1fff) * 8); break;
      case 'ip.ttl': item('', offset + 8, 1, field, byteAt(b, offset + 8, end)); break;
      case 'ip.proto': item('', offset + 9, 1, field, byteAt(b, offset + 9, end)); break;
      case 'ip.checksum': item('', offset + 10, 2, field, (byteAt(b, offset + 10, end) << 8) | byteAt(b, offset + 11, end)); break;
      case 'ip.checksum.status': item('', 0, 0, field, 2); break;
      case 'ip.src': item('', offset + 12, 4, field, u32At(b, offset + 12, end)); break;
      case 'ip.dst': item('', offset + 16, 4, field, u32At(b, offset + 16, end)); break;
      default: // ip.addr (made from ip.src and ip.dst), ip.options, fields of no IPv4 header
    }
  }
}
