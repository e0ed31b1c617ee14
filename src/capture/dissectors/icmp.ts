// ICMP (RFC 792): type/code names, echo identifier and sequence in both byte orders (Wireshark
// shows BE and LE since ping implementations disagree), request/reply linking, and the
// timestamp Linux ping puts at the start of its echo data.
import { finishChecksum, internetChecksum, onesComplementSum } from '../../wire/checksum.ts';
import { ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, ICMP_HEADER_LENGTH } from '../../wire/icmp.ts';
import { dataNode } from './data.ts';
import { absoluteTime, seconds } from './format.ts';
import { markMalformed, type Packet } from './packet.ts';
import { add, generated, hex, item } from './tree.ts';

const TYPES: ReadonlyMap<number, string> = new Map([
  [0, 'Echo (ping) reply'],
  [3, 'Destination unreachable'],
  [4, 'Source quench (flow control)'],
  [5, 'Redirect'],
  [8, 'Echo (ping) request'],
  [9, 'Router advertisement'],
  [10, 'Router solicitation'],
  [11, 'Time-to-live exceeded'],
  [12, 'Parameter problem'],
  [13, 'Timestamp request'],
  [14, 'Timestamp reply'],
]);

const UNREACH_CODES = [
  'Network unreachable',
  'Host unreachable',
  'Protocol unreachable',
  'Port unreachable',
  'Fragmentation needed',
  'Source route failed',
  'Destination network unknown',
  'Destination host unknown',
  'Source host isolated',
  'Network administratively prohibited',
  'Host administratively prohibited',
  'Network unreachable for TOS',
  'Host unreachable for TOS',
  'Communication administratively filtered',
  'Host precedence violation',
  'Precedence cutoff in effect',
];
const CODES: ReadonlyMap<number, readonly string[]> = new Map([
  [3, UNREACH_CODES],
  [5, ['Redirect for network', 'Redirect for host', 'Redirect for TOS and network', 'Redirect for TOS and host']],
  [11, ['Time to live exceeded in transit', 'Fragment reassembly time exceeded']],
]);

const DAY_SECONDS = 86400;

function u16le(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8);
}

export function dissectIcmp(packet: Packet, offset: number, end: number): number {
  const b = packet.bytes;
  packet.layers.push('icmp');
  packet.cols.protocol = 'ICMP';
  const avail = end - offset;
  const node = item('Internet Control Message Protocol', offset, avail, 'icmp');
  packet.tree.push(node);
  if (avail < 4) {
    markMalformed(packet, 'ICMP', offset);
    return avail;
  }
  const type = b[offset];
  const code = b[offset + 1];
  const checksum = (b[offset + 2] << 8) | b[offset + 3];
  const typeName = TYPES.get(type) ?? 'Unknown ICMP (obsolete or malformed?)';
  const codeName = CODES.get(type)?.[code];
  add(node, item(`Type: ${type} (${typeName})`, offset, 1, 'icmp.type', type));
  add(node, item(`Code: ${code}${codeName === undefined ? '' : ` (${codeName})`}`, offset + 1, 1, 'icmp.code', code));
  const good = internetChecksum(b, offset, end) === 0;
  // Adding the complement of the stored value takes it back out of the sum.
  const computed = finishChecksum(onesComplementSum(b, offset, end, ~checksum & 0xffff));
  add(
    node,
    item(
      `Checksum: ${hex(checksum, 4)} ${good ? '[correct]' : `incorrect, should be ${hex(computed, 4)}`}`,
      offset + 2,
      2,
      'icmp.checksum',
      checksum,
    ),
  );
  add(node, generated(`Checksum Status: ${good ? 'Good' : 'Bad'}`, 'icmp.checksum.status', good ? 1 : 0));
  packet.cols.info = typeName.padEnd(20) + (codeName === undefined ? '' : ` (${codeName})`);
  if (avail < ICMP_HEADER_LENGTH) {
    markMalformed(packet, 'ICMP', offset);
    return avail;
  }

  if (type === ICMP_ECHO_REQUEST || type === ICMP_ECHO_REPLY) {
    const id = (b[offset + 4] << 8) | b[offset + 5];
    const seq = (b[offset + 6] << 8) | b[offset + 7];
    const idLe = u16le(b, offset + 4);
    const seqLe = u16le(b, offset + 6);
    add(node, item(`Identifier (BE): ${id} (${hex(id, 4)})`, offset + 4, 2, 'icmp.ident', id));
    add(node, item(`Identifier (LE): ${idLe} (${hex(idLe, 4)})`, offset + 4, 2, 'icmp.ident_le', idLe));
    add(node, item(`Sequence Number (BE): ${seq} (${hex(seq, 4)})`, offset + 6, 2, 'icmp.seq', seq));
    add(node, item(`Sequence Number (LE): ${seqLe} (${hex(seqLe, 4)})`, offset + 6, 2, 'icmp.seq_le', seqLe));
    const ttl = packet.ip?.ttl ?? 0;
    packet.cols.info += ` id=${hex(id, 4)}, seq=${seq}/${seqLe}, ttl=${ttl}`;
    const ip = packet.ip;
    if (ip !== undefined) {
      const echoes = packet.state.echoRequests;
      if (type === ICMP_ECHO_REQUEST) {
        echoes.set(`${ip.src} ${ip.dst} ${id} ${seq}`, { frame: packet.number, timeNs: packet.timeNs });
      } else {
        // A reply seen again (captured on a second link) matches nothing: the request was answered.
        const req = echoes.get(`${ip.dst} ${ip.src} ${id} ${seq}`);
        if (req !== undefined && (req.replyFrame === undefined || req.replyFrame === packet.number)) {
          req.replyFrame = packet.number;
          packet.cols.info += ` (request in ${req.frame})`;
          add(node, generated(`Request frame: ${req.frame}`, 'icmp.resp_to', req.frame));
          const ms = Number(packet.timeNs - req.timeNs) / 1e6;
          add(node, generated(`Response time: ${ms.toFixed(3)} ms`, 'icmp.resptime', ms));
        }
      }
    }
    let dataStart = offset + ICMP_HEADER_LENGTH;
    if (end - dataStart >= 8) dataStart += echoTimestamp(packet, node, dataStart);
    const data = dataNode(packet, dataStart, end);
    if (data !== null) add(node, data);
    return avail;
  }
  const data = dataNode(packet, offset + ICMP_HEADER_LENGTH, end);
  if (data !== null) add(node, data);
  return avail;
}

/**
 * Linux ping starts its data with a struct timeval. Like Wireshark (packet-icmp.c), read two
 * 32-bit words as seconds and microseconds, big- then little-endian, and believe them only if they
 * fall within a day of the frame's arrival. Returns the bytes used (8) or 0.
 */
function echoTimestamp(packet: Packet, node: ReturnType<typeof item>, at: number): number {
  const b = packet.bytes;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const frameSec = Number(packet.timeNs / 1_000_000_000n);
  for (const little of [false, true]) {
    const sec = view.getUint32(at, little);
    const usec = view.getUint32(at + 4, little);
    if (Math.abs(sec - frameSec) < DAY_SECONDS && usec < 1_000_000) {
      const ns = BigInt(sec) * 1_000_000_000n + BigInt(usec) * 1000n;
      add(node, item(`Timestamp from icmp data: ${absoluteTime(ns)}`, at, 8, 'icmp.data_time', ns));
      add(node, generated(`Timestamp from icmp data (relative): ${seconds(packet.timeNs - ns)} seconds`, 'icmp.data_time_relative'));
      return 8;
    }
  }
  return 0;
}
