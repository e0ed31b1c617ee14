// IPv4 (RFC 791): header fields as Wireshark shows them, then a hand-off through the ip.proto
// table. The total length bounds the payload, so Ethernet padding never reaches the transport.
import { formatIpv4 } from '../../wire/addr.ts';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, IPV4_MIN_HEADER_LENGTH } from '../../wire/ipv4.ts';
import { markMalformed, type Packet } from './packet.ts';
import { add, bitPicture, flagItem, generated, hex, item, pruneBeyond } from './tree.ts';

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

export function dissectIpv4(packet: Packet, offset: number, end: number): number {
  const b = packet.bytes;
  packet.layers.push('ip');
  packet.cols.protocol = 'IPv4';
  const avail = end - offset;
  // A header cut short is read as far as it goes (bytes past the end read as 0 and their
  // items are pruned below), as Wireshark adds fields until its exception.
  const truncated = avail < IPV4_MIN_HEADER_LENGTH;
  const byte = (i: number): number => (i < end ? b[i] : 0);
  const u32 = (i: number): number => ((byte(i) << 24) | (byte(i + 1) << 16) | (byte(i + 2) << 8) | byte(i + 3)) >>> 0;
  const version = byte(offset) >> 4;
  const ihl = byte(offset) & 15;
  const hlen = ihl * 4;
  const tos = byte(offset + 1);
  const totalLength = (byte(offset + 2) << 8) | byte(offset + 3);
  const id = (byte(offset + 4) << 8) | byte(offset + 5);
  const flagsFrag = (byte(offset + 6) << 8) | byte(offset + 7);
  const ttl = byte(offset + 8);
  const proto = byte(offset + 9);
  const checksum = (byte(offset + 10) << 8) | byte(offset + 11);
  const src = u32(offset + 12);
  const dst = u32(offset + 16);
  const srcText = formatIpv4(src);
  const dstText = formatIpv4(dst);

  const node = item(`Internet Protocol Version 4, Src: ${srcText}, Dst: ${dstText}`, offset, Math.min(hlen, avail), 'ip');
  packet.tree.push(node);
  add(node, item(`${bitPicture(byte(offset), 8, 0xf0)} = Version: ${version}`, offset, 1, 'ip.version', version));
  add(node, item(`${bitPicture(byte(offset), 8, 0x0f)} = Header Length: ${hlen} bytes (${ihl})`, offset, 1, 'ip.hdr_len', hlen));
  const dscp = tos >> 2;
  const ecn = tos & 3;
  const [dscpShort, dscpLong] = DSCP.get(dscp) ?? [`Unknown (${dscp})`, 'Unknown'];
  const ds = add(
    node,
    item(`Differentiated Services Field: ${hex(tos, 2)} (DSCP: ${dscpShort}, ECN: ${ECN[ecn][0]})`, offset + 1, 1, 'ip.dsfield', tos),
  );
  add(ds, item(`${bitPicture(tos, 8, 0xfc)} = Differentiated Services Codepoint: ${dscpLong} (${dscp})`, offset + 1, 1, 'ip.dsfield.dscp', dscp));
  add(ds, item(`${bitPicture(tos, 8, 0x03)} = Explicit Congestion Notification: ${ECN[ecn][1]} (${ecn})`, offset + 1, 1, 'ip.dsfield.ecn', ecn));
  add(node, item(`Total Length: ${totalLength}`, offset + 2, 2, 'ip.len', totalLength));
  add(node, item(`Identification: ${hex(id, 4)} (${id})`, offset + 4, 2, 'ip.id', id));
  const flags = flagsFrag >> 13;
  const flagNames = [flags & 2 ? "Don't fragment" : '', flags & 1 ? 'More fragments' : ''].filter((s) => s !== '');
  const flagsNode = add(
    node,
    item(`${bitPicture(byte(offset + 6), 8, 0xe0)} = Flags: ${hex(flags, 1)}${flagNames.map((n) => ', ' + n).join('')}`, offset + 6, 1, 'ip.flags', flags),
  );
  add(flagsNode, flagItem('Reserved bit', byte(offset + 6), 8, 0x80, offset + 6, 1, 'ip.flags.rb'));
  add(flagsNode, flagItem("Don't fragment", byte(offset + 6), 8, 0x40, offset + 6, 1, 'ip.flags.df'));
  add(flagsNode, flagItem('More fragments', byte(offset + 6), 8, 0x20, offset + 6, 1, 'ip.flags.mf'));
  const fragOffset = (flagsFrag & 0x1fff) * 8;
  add(node, item(`${bitPicture(flagsFrag, 16, 0x1fff)} = Fragment Offset: ${fragOffset}`, offset + 6, 2, 'ip.frag_offset', fragOffset));
  add(node, item(`Time to Live: ${ttl}`, offset + 8, 1, 'ip.ttl', ttl));
  const protoName = IP_PROTOCOL_NAMES.get(proto) ?? 'Unknown';
  add(node, item(`Protocol: ${protoName} (${proto})`, offset + 9, 1, 'ip.proto', proto));
  add(node, item(`Header Checksum: ${hex(checksum, 4)} [validation disabled]`, offset + 10, 2, 'ip.checksum', checksum));
  add(node, generated('Header checksum status: Unverified', 'ip.checksum.status', 2));
  add(node, item(`Source Address: ${srcText}`, offset + 12, 4, 'ip.src', src));
  add(node, item(`Destination Address: ${dstText}`, offset + 16, 4, 'ip.dst', dst));
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
    add(node, item(`Options: (${hlen - IPV4_MIN_HEADER_LENGTH} bytes)`, offset + 20, hlen - 20, 'ip.options'));
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
    packet.cols.info = `Fragmented IP protocol (proto=${protoName} ${proto}, off=${fragOffset}, ID=${id.toString(16).padStart(4, '0')})`;
    packet.tables.data(packet, offset + hlen, payloadEnd);
    return totalLength;
  }
  const next = packet.tables.ipProto.get(proto) ?? packet.tables.data;
  next(packet, offset + hlen, payloadEnd);
  return totalLength;
}
