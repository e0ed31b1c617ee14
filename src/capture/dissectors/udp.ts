// UDP (RFC 768): ports, length, checksum (unverified, as Wireshark's default), stream index,
// then the port table.
import { UDP_HEADER_LENGTH } from '../../wire/udp.ts';
import { seconds } from './format.ts';
import { markMalformed, type Packet } from './packet.ts';
import { portDissector } from './ports.ts';
import {
  add,
  buildingTree,
  collecting,
  generated,
  hex,
  item,
  leanNode,
} from './tree.ts';


export function dissectUdp(packet: Packet, offset: number, end: number): number {
  const b = packet.bytes;
  packet.layers.push('udp');
  packet.cols.protocol = 'UDP';
  const avail = end - offset;
  if (avail < UDP_HEADER_LENGTH) {
    packet.tree.push(item('User Datagram Protocol', offset, avail, 'udp'));
    markMalformed(packet, 'UDP', offset);
    return avail;
  }
  const src = (b[offset] << 8) | b[offset + 1];
  const dst = (b[offset + 2] << 8) | b[offset + 3];
  const length = (b[offset + 4] << 8) | b[offset + 5];
  const checksum = (b[offset + 6] << 8) | b[offset + 7];
  const full = buildingTree();
  // Lean and no udp.* field wanted: no item at all.
  const fields = full || collecting('udp');
  let node = leanNode();
  if (fields) {
    node = item(full ? `User Datagram Protocol, Src Port: ${src}, Dst Port: ${dst}` : '', offset, UDP_HEADER_LENGTH, 'udp');
    packet.tree.push(node);
    add(node, item(full ? `Source Port: ${src}` : '', offset, 2, 'udp.srcport', src));
    add(node, item(full ? `Destination Port: ${dst}` : '', offset + 2, 2, 'udp.dstport', dst));
    add(node, item(full ? `Length: ${length}` : '', offset + 4, 2, 'udp.length', length));
    if (checksum === 0) {
      add(node, item('Checksum: 0x0000 [zero-value ignored]', offset + 6, 2, 'udp.checksum', 0));
      add(node, generated('Checksum Status: Not present', 'udp.checksum.status', 3));
    } else {
      add(node, item(full ? `Checksum: ${hex(checksum, 4)} [unverified]` : '', offset + 6, 2, 'udp.checksum', checksum));
      add(node, generated('Checksum Status: Unverified', 'udp.checksum.status', 2));
    }
  }
  const payloadLength = length - UDP_HEADER_LENGTH;
  packet.cols.info = `${src} → ${dst} Len=${payloadLength}`;
  if (length < UDP_HEADER_LENGTH || length > avail) {
    markMalformed(packet, 'UDP', offset + 4);
    return avail;
  }
  const ip = packet.ip;
  if (ip !== undefined) {
    const stream = packet.state.udpStream(ip.src, src, ip.dst, dst, packet.timeNs);
    if (fields) {
      add(node, generated(full ? `Stream index: ${stream.index}` : '', 'udp.stream', stream.index));
      const times = add(node, generated('Timestamps'));
      add(times, generated(full ? `Time since first frame: ${seconds(packet.timeNs - stream.firstNs)} seconds` : '', 'udp.time_relative'));
      add(times, generated(full ? `Time since previous frame: ${seconds(packet.timeNs - stream.lastNs)} seconds` : '', 'udp.time_delta'));
    }
    stream.lastNs = packet.timeNs;
    packet.transport = { srcPort: src, dstPort: dst, stream: stream.index };
  }
  const start = offset + UDP_HEADER_LENGTH;
  const stop = offset + length;
  if (payloadLength > 0 && fields) add(node, item(full ? `UDP payload (${payloadLength} bytes)` : '', start, payloadLength, 'udp.payload'));
  portDissector(packet, packet.tables.udpPort, src, dst)(packet, start, stop);
  return length;
}
