// TCP (RFC 9293) as Wireshark shows it: relative sequence numbers per stream, the window scaled
// by the shift each side announced in its SYN (RFC 7323 §2.2), flags, options, timestamps and
// [SEQ/ACK analysis]; then the port table for application data.
import { TCP_ACK, TCP_FIN, TCP_MIN_HEADER_LENGTH, TCP_PSH, TCP_RST, TCP_SYN, TCP_URG } from '../../wire/tcp.ts';
import { seconds } from './format.ts';
import { markMalformed, type Packet } from './packet.ts';
import { portDissector } from './ports.ts';
import { A_LOST_PACKET, A_OUT_OF_ORDER, A_RETRANSMISSION, addAnalysisFlags, analyseSequence } from './tcp-analysis.ts';
import { dissectTcpOptions } from './tcp-options.ts';
import {
  COMPLETE_ACK,
  COMPLETE_DATA,
  COMPLETE_FIN,
  COMPLETE_RST,
  COMPLETE_SYN,
  COMPLETE_SYNACK,
  completenessText,
  seqDiff,
  WS_NOT_USED,
  WS_UNKNOWN,
  type TcpStream,
} from './tcp-stream.ts';
import { add, bitPicture, generated, hex, item, type ProtoTree } from './tree.ts';

/** Flag bits in Info order (Wireshark's tcp_flags_to_str), with their tree names. */
const FLAGS: readonly (readonly [number, string, string, string])[] = [
  [0x800 | 0x400 | 0x200, 'Reserved', 'tcp.flags.res', ''],
  [0x100, 'Accurate ECN', 'tcp.flags.ae', 'AE'],
  [0x080, 'Congestion Window Reduced', 'tcp.flags.cwr', 'CWR'],
  [0x040, 'ECN-Echo', 'tcp.flags.ece', 'ECE'],
  [0x020, 'Urgent', 'tcp.flags.urg', 'URG'],
  [0x010, 'Acknowledgment', 'tcp.flags.ack', 'ACK'],
  [0x008, 'Push', 'tcp.flags.push', 'PSH'],
  [0x004, 'Reset', 'tcp.flags.reset', 'RST'],
  [0x002, 'Syn', 'tcp.flags.syn', 'SYN'],
  [0x001, 'Fin', 'tcp.flags.fin', 'FIN'],
];
const INFO_ORDER = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'AE'];
const FLAG_LETTERS = 'RRRACEUAPRSF';

function expert(severity: string, group: string, text: string): ProtoTree {
  const node = generated(`Expert Info (${severity}/${group}): ${text}`, '_ws.expert');
  node.children.push(generated(text), generated(`Severity level: ${severity}`), generated(`Group: ${group}`));
  return node;
}

export function dissectTcp(packet: Packet, offset: number, end: number): number {
  const b = packet.bytes;
  packet.layers.push('tcp');
  packet.cols.protocol = 'TCP';
  const avail = end - offset;
  if (avail < TCP_MIN_HEADER_LENGTH) {
    packet.tree.push(item('Transmission Control Protocol', offset, avail, 'tcp'));
    markMalformed(packet, 'TCP', offset);
    return avail;
  }
  const u32 = (at: number) => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
  const src = (b[offset] << 8) | b[offset + 1];
  const dst = (b[offset + 2] << 8) | b[offset + 3];
  const seqRaw = u32(offset + 4);
  const ackRaw = u32(offset + 8);
  const dataOffset = b[offset + 12] >> 4;
  const hlen = dataOffset * 4;
  const flags = ((b[offset + 12] & 0x0f) << 8) | b[offset + 13];
  const window = (b[offset + 14] << 8) | b[offset + 15];
  const checksum = (b[offset + 16] << 8) | b[offset + 17];
  const urgent = (b[offset + 18] << 8) | b[offset + 19];
  const syn = (flags & TCP_SYN) !== 0;
  const ackFlag = (flags & TCP_ACK) !== 0;
  const fin = (flags & TCP_FIN) !== 0;
  const rst = (flags & TCP_RST) !== 0;
  const flagNames = INFO_ORDER.filter((n) => FLAGS.some(([mask, , , short]) => short === n && (flags & mask) !== 0));
  const headerOk = hlen >= TCP_MIN_HEADER_LENGTH && hlen <= avail;
  const segLen = headerOk ? avail - hlen : 0;

  // Stream state; relative numbers (Wireshark's default "relative sequence numbers").
  const ip = packet.ip ?? { src: 0, dst: 0, ttl: 0 };
  const { stream, dir } = packet.state.tcp.lookup(ip.src, src, ip.dst, dst, packet.timeNs, syn && !ackFlag);
  const fwd = stream.flows[dir];
  const rev = stream.flows[1 - dir];
  if (fwd.base === undefined) fwd.base = syn ? seqRaw : (seqRaw - 1) >>> 0;
  if (rev.base === undefined && ackFlag) rev.base = (ackRaw - 1) >>> 0;
  const relSeq = seqDiff(seqRaw, fwd.base) >>> 0;
  const relAck = ackFlag ? seqDiff(ackRaw, rev.base ?? ackRaw) >>> 0 : 0;
  const nextRel = (relSeq + segLen + (syn ? 1 : 0) + (fin ? 1 : 0)) >>> 0;

  const title =
    `Transmission Control Protocol, Src Port: ${src}, Dst Port: ${dst}, Seq: ${relSeq}` +
    `${ackFlag ? `, Ack: ${relAck}` : ''}, Len: ${segLen}`;
  const node = item(title, offset, headerOk ? hlen : avail, 'tcp');
  packet.tree.push(node);
  add(node, item(`Source Port: ${src}`, offset, 2, 'tcp.srcport', src));
  add(node, item(`Destination Port: ${dst}`, offset + 2, 2, 'tcp.dstport', dst));
  add(node, generated(`Stream index: ${stream.index}`, 'tcp.stream', stream.index));
  add(node, generated(`Conversation completeness: ${completenessText(stream.completeness)}`, 'tcp.completeness', stream.completeness));
  add(node, generated(`TCP Segment Len: ${segLen}`, 'tcp.len', segLen));
  add(node, item(`Sequence Number: ${relSeq}    (relative sequence number)`, offset + 4, 4, 'tcp.seq', relSeq));
  add(node, item(`Sequence Number (raw): ${seqRaw}`, offset + 4, 4, 'tcp.seq_raw', seqRaw));
  add(node, generated(`Next Sequence Number: ${nextRel}    (relative sequence number)`, 'tcp.nxtseq', nextRel));
  if (ackFlag) {
    add(node, item(`Acknowledgment Number: ${relAck}    (relative ack number)`, offset + 8, 4, 'tcp.ack', relAck));
  } else {
    add(node, item(`Acknowledgment Number: ${ackRaw}`, offset + 8, 4, 'tcp.ack', ackRaw));
  }
  add(node, item(`Acknowledgment number (raw): ${ackRaw}`, offset + 8, 4, 'tcp.ack_raw', ackRaw));
  add(node, item(`${bitPicture(b[offset + 12], 8, 0xf0)} = Header Length: ${hlen} bytes (${dataOffset})`, offset + 12, 1, 'tcp.hdr_len', hlen));
  const flagsNode = add(
    node,
    item(`Flags: ${hex(flags, 3)} (${flagNames.join(', ')})`, offset + 12, 2, 'tcp.flags', flags),
  );
  for (const [mask, name, field] of FLAGS) {
    const on = (flags & mask) !== 0;
    const f = add(flagsNode, item(`${bitPicture(flags, 12, mask)} = ${name}: ${on ? 'Set' : 'Not set'}`, offset + 12, 2, field, on));
    if (mask === TCP_SYN && on) {
      f.children.push(
        ackFlag
          ? expert('Chat', 'Sequence', `Connection establish acknowledge (SYN+ACK): server port ${src}`)
          : expert('Chat', 'Sequence', `Connection establish request (SYN): server port ${dst}`),
      );
    }
    if (mask === TCP_FIN && on) f.children.push(expert('Chat', 'Sequence', 'Connection finish (FIN)'));
    if (mask === TCP_RST && on) f.children.push(expert('Warning', 'Sequence', 'Connection reset (RST)'));
  }
  let letters = '';
  for (let i = 0; i < 12; i++) letters += (flags & (1 << (11 - i))) !== 0 ? FLAG_LETTERS[i] : '·';
  const flagString = add(flagsNode, generated(`TCP Flags: ${letters}`, 'tcp.flags.str', letters));
  if (fin) {
    const first = (stream.completeness & COMPLETE_FIN) === 0;
    flagString.children.push(expert('Note', 'Sequence', `This frame ${first ? 'initiates' : 'undergoes'} the connection closing`));
  }

  if (!headerOk) {
    packet.cols.info = `${src} → ${dst} [${flagNames.join(', ')}] Seq=${relSeq}${ackFlag ? ` Ack=${relAck}` : ''} Win=${window} Len=0`;
    markMalformed(packet, 'TCP', offset + 12);
    return avail;
  }

  // Options first: the SYN's window scale decides the calculated window (RFC 7323 §2.2).
  const opts = hlen > TCP_MIN_HEADER_LENGTH ? dissectTcpOptions(b, offset + 20, offset + hlen, (raw) => seqDiff(raw, rev.base ?? raw) >>> 0) : undefined;
  if (syn) {
    fwd.sentWs = opts?.windowScale !== undefined;
    fwd.winScale = opts?.windowScale ?? WS_UNKNOWN;
    if (ackFlag && rev.sentWs !== undefined) {
      // Scaling is in force only when both SYNs carried the option (RFC 7323 §2.2).
      if (!fwd.sentWs || !rev.sentWs) fwd.winScale = rev.winScale = WS_NOT_USED;
    }
  }
  const scale = fwd.winScale;
  const calcWindow = !syn && scale >= 0 ? window * 2 ** scale : window;
  add(node, item(`Window: ${window}`, offset + 14, 2, 'tcp.window_size_value', window));
  add(node, generated(`Calculated window size: ${calcWindow}`, 'tcp.window_size', calcWindow));
  if (!syn) {
    const factor = scale >= 0 ? String(2 ** scale) : scale === WS_NOT_USED ? '-2 (no window scaling used)' : '-1 (unknown)';
    add(node, generated(`Window size scaling factor: ${factor}`, 'tcp.window_size_scalefactor', scale >= 0 ? 2 ** scale : scale));
  }
  add(node, item(`Checksum: ${hex(checksum, 4)} [unverified]`, offset + 16, 2, 'tcp.checksum', checksum));
  add(node, generated('Checksum Status: Unverified', 'tcp.checksum.status', 2));
  add(node, item(`Urgent Pointer: ${urgent}`, offset + 18, 2, 'tcp.urgent_pointer', urgent));
  if (opts !== undefined) add(node, opts.node);

  const times = add(node, generated('Timestamps'));
  add(times, generated(`Time since first frame in this TCP stream: ${seconds(packet.timeNs - stream.firstNs)} seconds`, 'tcp.time_relative'));
  add(times, generated(`Time since previous frame in this TCP stream: ${seconds(packet.timeNs - stream.lastNs)} seconds`, 'tcp.time_delta'));
  stream.lastNs = packet.timeNs;

  const { prefix, flags: analysisFlags } = seqAckAnalysis(packet, node, stream, dir, {
    seqRaw,
    ackRaw,
    ackFlag,
    syn,
    fin,
    rst,
    segLen,
    push: (flags & TCP_PSH) !== 0,
    window: calcWindow,
  });

  // Conversation completeness reports what was seen before this segment; update it now.
  if (syn && !ackFlag) stream.completeness |= COMPLETE_SYN;
  if (syn && ackFlag) stream.completeness |= COMPLETE_SYNACK;
  if (!syn && ackFlag && (stream.completeness & COMPLETE_SYNACK) !== 0) stream.completeness |= COMPLETE_ACK;
  if (segLen > 0) stream.completeness |= COMPLETE_DATA;
  if (fin) stream.completeness |= COMPLETE_FIN;
  if (rst) stream.completeness |= COMPLETE_RST;

  packet.cols.info =
    `${src} → ${dst} [${flagNames.join(', ')}] Seq=${relSeq}${ackFlag ? ` Ack=${relAck}` : ''} Win=${calcWindow}` +
    `${(flags & TCP_URG) !== 0 ? ` Urg=${urgent}` : ''} Len=${segLen}` +
    (opts !== undefined && opts.info.length > 0 ? ' ' + opts.info.join(' ') : '');
  if (opts !== undefined && !opts.intact) {
    markMalformed(packet, 'TCP', offset + 20);
    return avail;
  }
  if (segLen > 0) {
    add(node, item(`TCP payload (${segLen} bytes)`, offset + hlen, segLen, 'tcp.payload'));
    if ((analysisFlags & A_RETRANSMISSION) !== 0) {
      // The receiver already has these bytes: Wireshark does not hand them to the application again.
      add(node, item(`Retransmitted TCP segment data (${segLen} bytes)`, offset + hlen, segLen, 'tcp.segment_data'));
    } else if ((analysisFlags & A_OUT_OF_ORDER) === 0) {
      // Out-of-order data waits for the hole to fill (Wireshark 4.0 shows only the payload).
      packet.transport = { srcPort: src, dstPort: dst, stream: stream.index };
      portDissector(packet, packet.tables.tcpPort, src, dst)(packet, offset + hlen, end);
    }
  }
  // The analysis markers stay in front of whatever the application writes (Wireshark's column fence).
  if (prefix !== '' && !packet.cols.info.startsWith(prefix)) packet.cols.info = prefix + packet.cols.info;
  return avail;
}

interface Segment {
  seqRaw: number;
  ackRaw: number;
  ackFlag: boolean;
  syn: boolean;
  fin: boolean;
  rst: boolean;
  segLen: number;
  push: boolean;
  window: number;
}

/** [SEQ/ACK analysis]: which segment this ACKs, handshake RTT, bytes in flight (packet-tcp.c). */
function seqAckAnalysis(packet: Packet, node: ProtoTree, stream: TcpStream, dir: 0 | 1, s: Segment): { prefix: string; flags: number } {
  const fwd = stream.flows[dir];
  const rev = stream.flows[1 - dir];
  const lines: ProtoTree[] = [];
  const flagged = analyseSequence(stream, dir, {
    frame: packet.number,
    timeNs: packet.timeNs,
    seq: s.seqRaw,
    ack: s.ackRaw,
    segLen: s.segLen,
    syn: s.syn,
    fin: s.fin,
    rst: s.rst,
    ackFlag: s.ackFlag,
    window: s.window,
  });
  if (s.syn && !s.ackFlag) stream.synNs = packet.timeNs;
  if (s.ackFlag) rev.validBif = true;
  if ((flagged.flags & A_LOST_PACKET) !== 0) fwd.validBif = false;
  if (s.ackFlag) {
    // The oldest segment this ACK ends exactly is the one it answers (a resend ends at the same place).
    const answered = rev.unacked.find((u) => u.nextSeq === s.ackRaw);
    const acked = rev.unacked.filter((u) => seqDiff(u.nextSeq, s.ackRaw) <= 0);
    for (const u of rev.unacked) if (seqDiff(s.ackRaw, u.seq) > 0 && seqDiff(s.ackRaw, u.nextSeq) < 0) u.seq = s.ackRaw;
    if (answered !== undefined) {
      lines.push(generated(`This is an ACK to the segment in frame: ${answered.frame}`, 'tcp.analysis.acks_frame', answered.frame));
      lines.push(generated(`The RTT to ACK the segment was: ${seconds(packet.timeNs - answered.timeNs)} seconds`, 'tcp.analysis.ack_rtt'));
    }
    if (acked.length > 0) {
      rev.unacked = rev.unacked.filter((u) => seqDiff(u.nextSeq, s.ackRaw) > 0);
      // iRTT: from the SYN to the ACK that completes the handshake.
      if (stream.irttNs === undefined && !s.syn && stream.synNs !== undefined && (stream.completeness & COMPLETE_SYNACK) !== 0) {
        stream.irttNs = packet.timeNs - stream.synNs;
      }
    }
  }
  // The iRTT is repeated in every analysis, but alone it opens none (packet-tcp.c).
  const hasAckLines = lines.length > 0;
  if (stream.irttNs !== undefined) {
    lines.push(generated(`iRTT: ${seconds(stream.irttNs)} seconds`, 'tcp.analysis.initial_rtt'));
  }
  const consumed = s.segLen + (s.syn ? 1 : 0) + (s.fin ? 1 : 0);
  if (consumed > 0) {
    fwd.unacked.push({ frame: packet.number, timeNs: packet.timeNs, seq: s.seqRaw, nextSeq: (s.seqRaw + consumed) >>> 0 });
  }
  if (s.segLen > 0 && fwd.validBif) {
    // A FIN is not data: it adds nothing to the bytes in flight (packet-tcp.c).
    // From the lowest unacknowledged byte to the highest sent: a resend adds nothing new.
    let low = fwd.unacked[0].seq;
    let high = (s.seqRaw + s.segLen) >>> 0;
    for (const u of fwd.unacked) {
      if (seqDiff(u.seq, low) < 0) low = u.seq;
      if (u.frame !== packet.number && seqDiff(u.nextSeq, high) > 0) high = u.nextSeq;
    }
    const inFlight = seqDiff(high, low);
    lines.push(generated(`Bytes in flight: ${inFlight}`, 'tcp.analysis.bytes_in_flight', inFlight));
    fwd.bytesSincePush += s.segLen;
    if (s.push) {
      lines.push(generated(`Bytes sent since last PSH flag: ${fwd.bytesSincePush}`, 'tcp.analysis.push_bytes_sent', fwd.bytesSincePush));
      fwd.bytesSincePush = 0;
    }
  }
  let prefix = '';
  if (hasAckLines || s.segLen > 0 || flagged.flags !== 0) {
    const analysis = add(node, generated('SEQ/ACK analysis', 'tcp.analysis'));
    analysis.children.push(...lines);
    prefix = addAnalysisFlags(analysis, flagged);
  }
  return { prefix, flags: flagged.flags };
}
