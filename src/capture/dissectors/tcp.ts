// TCP (RFC 9293) as Wireshark shows it: relative sequence numbers per stream, the window scaled
// by the shift each side announced in its SYN (RFC 7323 §2.2), flags, options, timestamps and
// [SEQ/ACK analysis]; then the port table for application data.
import {
  TCP_ACK,
  TCP_FIN,
  TCP_MIN_HEADER_LENGTH,
  TCP_PSH,
  TCP_RST,
  TCP_SYN,
  TCP_URG,
} from '../../wire/tcp.ts';
import { seconds } from './format.ts';
import { markMalformed, type Packet } from './packet.ts';
import { portDissector } from './ports.ts';
import {
  type AnalysedSegment,
  A_LOST_PACKET,
  A_OUT_OF_ORDER,
  A_RETRANSMISSION,
  addAnalysisFlags,
  analyseSequence,
} from './tcp-analysis.ts';
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
  type Unacked,
} from './tcp-stream.ts';
import {
  add,
  bitPicture,
  buildingTree,
  collecting,
  generated,
  hex,
  item,
  leanNode,
  type ProtoTree,
} from './tree.ts';


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

/** `SYN, ACK` for the Info column and the Flags line; a capture repeats a few flag sets. */
const flagNamesCache = new Map<number, string>();
function flagNamesOf(flags: number): string {
  let names = flagNamesCache.get(flags);
  if (names === undefined) {
    names = INFO_ORDER.filter((n) => FLAGS.some(([mask, , , short]) => short === n && (flags & mask) !== 0)).join(', ');
    flagNamesCache.set(flags, names);
  }
  return names;
}

const lettersCache = new Map<number, string>();
function flagLetters(flags: number): string {
  let letters = lettersCache.get(flags);
  if (letters === undefined) {
    letters = '';
    for (let i = 0; i < 12; i++) letters += (flags & (1 << (11 - i))) !== 0 ? FLAG_LETTERS[i] : '·';
    lettersCache.set(flags, letters);
  }
  return letters;
}

function expert(severity: string, group: string, text: string): ProtoTree {
  if (!buildingTree()) return generated('', '_ws.expert');
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
  // Labels only when a tree is built (the lean pass runs over every frame of a capture).
  const full = buildingTree();
  // Lean and no tcp.* field wanted: no item at all.
  const fields = full || collecting('tcp');
  const src = (b[offset] << 8) | b[offset + 1];
  const dst = (b[offset + 2] << 8) | b[offset + 3];
  const seqRaw = ((b[offset + 4] << 24) | (b[offset + 5] << 16) | (b[offset + 6] << 8) | b[offset + 7]) >>> 0;
  const ackRaw = ((b[offset + 8] << 24) | (b[offset + 9] << 16) | (b[offset + 10] << 8) | b[offset + 11]) >>> 0;
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
  const flagNames = flagNamesOf(flags);
  const headerOk = hlen >= TCP_MIN_HEADER_LENGTH && hlen <= avail;
  const segLen = headerOk ? avail - hlen : 0;

  // Stream state; relative numbers (Wireshark's default "relative sequence numbers").
  const ip = packet.ip;
  const tcpStreams = packet.state.tcp;
  const stream = tcpStreams.lookup(ip?.src ?? 0, src, ip?.dst ?? 0, dst, packet.timeNs, syn && !ackFlag);
  const dir = tcpStreams.lastDir;
  const fwd = stream.flows[dir];
  const rev = stream.flows[1 - dir];
  if (fwd.base === undefined) fwd.base = syn ? seqRaw : (seqRaw - 1) >>> 0;
  if (rev.base === undefined && ackFlag) rev.base = (ackRaw - 1) >>> 0;
  const relSeq = seqDiff(seqRaw, fwd.base) >>> 0;
  const relAck = ackFlag ? seqDiff(ackRaw, rev.base ?? ackRaw) >>> 0 : 0;
  const nextRel = (relSeq + segLen + (syn ? 1 : 0) + (fin ? 1 : 0)) >>> 0;

  let node = leanNode();
  if (fields) {
    const h = { src, dst, relSeq, relAck, seqRaw, ackRaw, ackFlag, nextRel, segLen, hlen, dataOffset, flags, flagNames, fin, full };
    node = headerItems(packet, offset, headerOk ? hlen : avail, stream, h);
  }

  if (!headerOk) {
    packet.cols.info = `${src} → ${dst} [${flagNames}] Seq=${relSeq}${ackFlag ? ` Ack=${relAck}` : ''} Win=${window} Len=0`;
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
  if (fields) {
    add(node, item(full ? `Window: ${window}` : '', offset + 14, 2, 'tcp.window_size_value', window));
    add(node, generated(full ? `Calculated window size: ${calcWindow}` : '', 'tcp.window_size', calcWindow));
    if (!syn) {
      const factor = scale >= 0 ? String(2 ** scale) : scale === WS_NOT_USED ? '-2 (no window scaling used)' : '-1 (unknown)';
      add(node, generated(full ? `Window size scaling factor: ${factor}` : '', 'tcp.window_size_scalefactor', scale >= 0 ? 2 ** scale : scale));
    }
    add(node, item(full ? `Checksum: ${hex(checksum, 4)} [unverified]` : '', offset + 16, 2, 'tcp.checksum', checksum));
    add(node, generated('Checksum Status: Unverified', 'tcp.checksum.status', 2));
    add(node, item(full ? `Urgent Pointer: ${urgent}` : '', offset + 18, 2, 'tcp.urgent_pointer', urgent));
    if (opts !== undefined) add(node, opts.node);

    const times = add(node, generated('Timestamps'));
    add(times, generated(full ? `Time since first frame in this TCP stream: ${seconds(packet.timeNs - stream.firstNs)} seconds` : '', 'tcp.time_relative'));
    add(times, generated(full ? `Time since previous frame in this TCP stream: ${seconds(packet.timeNs - stream.lastNs)} seconds` : '', 'tcp.time_delta'));
  }
  stream.lastNs = packet.timeNs;

  const { prefix, flags: analysisFlags } = seqAckAnalysis(packet, fields ? node : null, stream, dir, {
    frame: packet.number,
    timeNs: packet.timeNs,
    seq: seqRaw,
    ack: ackRaw,
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
    `${src} → ${dst} [${flagNames}] Seq=${relSeq}${ackFlag ? ` Ack=${relAck}` : ''} Win=${calcWindow}` +
    `${(flags & TCP_URG) !== 0 ? ` Urg=${urgent}` : ''} Len=${segLen}` +
    (opts !== undefined && opts.info.length > 0 ? ' ' + opts.info.join(' ') : '');
  if (opts !== undefined && !opts.intact) {
    markMalformed(packet, 'TCP', offset + 20);
    return avail;
  }
  if (segLen > 0) {
    if (fields) add(node, item(full ? `TCP payload (${segLen} bytes)` : '', offset + hlen, segLen, 'tcp.payload'));
    if ((analysisFlags & A_RETRANSMISSION) !== 0) {
      // The receiver already has these bytes: Wireshark does not hand them to the application again.
      if (fields) add(node, item(full ? `Retransmitted TCP segment data (${segLen} bytes)` : '', offset + hlen, segLen, 'tcp.segment_data'));
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

interface Header {
  src: number;
  dst: number;
  relSeq: number;
  relAck: number;
  seqRaw: number;
  ackRaw: number;
  ackFlag: boolean;
  nextRel: number;
  segLen: number;
  hlen: number;
  dataOffset: number;
  flags: number;
  flagNames: string;
  fin: boolean;
  full: boolean;
}

/** The TCP node and its header lines, down to the flags (labels only when a tree is built). */
function headerItems(packet: Packet, offset: number, length: number, stream: TcpStream, h: Header): ProtoTree {
  const { src, dst, relSeq, relAck, seqRaw, ackRaw, ackFlag, nextRel, segLen, hlen, dataOffset, flags, flagNames, fin, full } = h;
  const title = full
    ? `Transmission Control Protocol, Src Port: ${src}, Dst Port: ${dst}, Seq: ${relSeq}` +
      `${ackFlag ? `, Ack: ${relAck}` : ''}, Len: ${segLen}`
    : '';
  const node = item(title, offset, length, 'tcp');
  packet.tree.push(node);
  add(node, item(full ? `Source Port: ${src}` : '', offset, 2, 'tcp.srcport', src));
  add(node, item(full ? `Destination Port: ${dst}` : '', offset + 2, 2, 'tcp.dstport', dst));
  add(node, generated(full ? `Stream index: ${stream.index}` : '', 'tcp.stream', stream.index));
  add(node, generated(full ? `Conversation completeness: ${completenessText(stream.completeness)}` : '', 'tcp.completeness', stream.completeness));
  add(node, generated(full ? `TCP Segment Len: ${segLen}` : '', 'tcp.len', segLen));
  add(node, item(full ? `Sequence Number: ${relSeq}    (relative sequence number)` : '', offset + 4, 4, 'tcp.seq', relSeq));
  add(node, item(full ? `Sequence Number (raw): ${seqRaw}` : '', offset + 4, 4, 'tcp.seq_raw', seqRaw));
  add(node, generated(full ? `Next Sequence Number: ${nextRel}    (relative sequence number)` : '', 'tcp.nxtseq', nextRel));
  if (ackFlag) {
    add(node, item(full ? `Acknowledgment Number: ${relAck}    (relative ack number)` : '', offset + 8, 4, 'tcp.ack', relAck));
  } else {
    add(node, item(full ? `Acknowledgment Number: ${ackRaw}` : '', offset + 8, 4, 'tcp.ack', ackRaw));
  }
  add(node, item(full ? `Acknowledgment number (raw): ${ackRaw}` : '', offset + 8, 4, 'tcp.ack_raw', ackRaw));
  add(node, item(full ? `${bitPicture((dataOffset << 4), 8, 0xf0)} = Header Length: ${hlen} bytes (${dataOffset})` : '', offset + 12, 1, 'tcp.hdr_len', hlen));
  const flagsNode = add(
    node,
    item(full ? `Flags: ${hex(flags, 3)} (${flagNames})` : '', offset + 12, 2, 'tcp.flags', flags),
  );
  for (const [mask, name, field] of FLAGS) {
    const on = (flags & mask) !== 0;
    const f = add(flagsNode, item(full ? `${bitPicture(flags, 12, mask)} = ${name}: ${on ? 'Set' : 'Not set'}` : '', offset + 12, 2, field, on));
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
  const letters = flagLetters(flags);
  const flagString = add(flagsNode, generated(full ? `TCP Flags: ${letters}` : '', 'tcp.flags.str', letters));
  if (fin) {
    const first = (stream.completeness & COMPLETE_FIN) === 0;
    flagString.children.push(expert('Note', 'Sequence', `This frame ${first ? 'initiates' : 'undergoes'} the connection closing`));
  }
  return node;
}

interface Segment extends AnalysedSegment {
  push: boolean;
}

/**
 * [SEQ/ACK analysis]: which segment this ACKs, handshake RTT, bytes in flight (packet-tcp.c).
 * `node` null: a lean pass that wants no tcp.* field (the state and the Info prefix only).
 */
function seqAckAnalysis(packet: Packet, node: ProtoTree | null, stream: TcpStream, dir: 0 | 1, s: Segment): { prefix: string; flags: number } {
  const fwd = stream.flows[dir];
  const rev = stream.flows[1 - dir];
  const full = buildingTree();
  const lines: ProtoTree[] = [];
  let hasAckLines = false;
  const flagged = analyseSequence(stream, dir, s);
  if (s.syn && !s.ackFlag) stream.synNs = packet.timeNs;
  if (s.ackFlag) rev.validBif = true;
  if ((flagged.flags & A_LOST_PACKET) !== 0) fwd.validBif = false;
  if (s.ackFlag) {
    // The oldest segment this ACK ends exactly is the one it answers (a resend ends at the same place).
    let answered: Unacked | undefined;
    let anyAcked = false;
    for (const u of rev.unacked) {
      if (answered === undefined && u.nextSeq === s.ack) answered = u;
      if (seqDiff(u.nextSeq, s.ack) <= 0) anyAcked = true;
      if (seqDiff(s.ack, u.seq) > 0 && seqDiff(s.ack, u.nextSeq) < 0) u.seq = s.ack;
    }
    if (answered !== undefined) hasAckLines = true;
    if (answered !== undefined && node !== null) {
      lines.push(generated(full ? `This is an ACK to the segment in frame: ${answered.frame}` : '', 'tcp.analysis.acks_frame', answered.frame));
      lines.push(generated(full ? `The RTT to ACK the segment was: ${seconds(packet.timeNs - answered.timeNs)} seconds` : '', 'tcp.analysis.ack_rtt'));
    }
    if (anyAcked) {
      // Keep the segments this ACK does not cover, in place.
      let kept = 0;
      for (const u of rev.unacked) if (seqDiff(u.nextSeq, s.ack) > 0) rev.unacked[kept++] = u;
      rev.unacked.length = kept;
      // iRTT: from the SYN to the ACK that completes the handshake.
      if (stream.irttNs === undefined && !s.syn && stream.synNs !== undefined && (stream.completeness & COMPLETE_SYNACK) !== 0) {
        stream.irttNs = packet.timeNs - stream.synNs;
      }
    }
  }
  // The iRTT is repeated in every analysis, but alone it opens none (packet-tcp.c).
  if (stream.irttNs !== undefined && node !== null) {
    lines.push(generated(full ? `iRTT: ${seconds(stream.irttNs)} seconds` : '', 'tcp.analysis.initial_rtt'));
  }
  const consumed = s.segLen + (s.syn ? 1 : 0) + (s.fin ? 1 : 0);
  if (consumed > 0) {
    fwd.unacked.push({ frame: packet.number, timeNs: packet.timeNs, seq: s.seq, nextSeq: (s.seq + consumed) >>> 0 });
  }
  if (s.segLen > 0 && fwd.validBif) {
    // A FIN is not data: it adds nothing to the bytes in flight (packet-tcp.c).
    // From the lowest unacknowledged byte to the highest sent: a resend adds nothing new.
    let low = fwd.unacked[0].seq;
    let high = (s.seq + s.segLen) >>> 0;
    for (const u of fwd.unacked) {
      if (seqDiff(u.seq, low) < 0) low = u.seq;
      if (u.frame !== packet.number && seqDiff(u.nextSeq, high) > 0) high = u.nextSeq;
    }
    const inFlight = seqDiff(high, low);
    if (node !== null) lines.push(generated(full ? `Bytes in flight: ${inFlight}` : '', 'tcp.analysis.bytes_in_flight', inFlight));
    fwd.bytesSincePush += s.segLen;
    if (s.push) {
      if (node !== null) lines.push(generated(full ? `Bytes sent since last PSH flag: ${fwd.bytesSincePush}` : '', 'tcp.analysis.push_bytes_sent', fwd.bytesSincePush));
      fwd.bytesSincePush = 0;
    }
  }
  let prefix = '';
  if (hasAckLines || s.segLen > 0 || flagged.flags !== 0) {
    if (node === null) {
      // Nothing of it is collected: only the Info prefix counts.
      prefix = addAnalysisFlags(leanNode(), flagged);
    } else {
      const analysis = add(node, generated('SEQ/ACK analysis', 'tcp.analysis'));
      analysis.children.push(...lines);
      prefix = addAnalysisFlags(analysis, flagged);
    }
  }
  return { prefix, flags: flagged.flags };
}
