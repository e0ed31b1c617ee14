// TCP sequence analysis as Wireshark 4.0's tcp_analyze_sequence_number (packet-tcp.c): from what
// each direction sent and acknowledged before, flag the segments a reader should notice
// (retransmissions, duplicate ACKs, window updates, holes, keep-alives), in the order and under
// the conditions Wireshark uses, so the Info column and expert infos read the same.
import { seconds } from './format.ts';
import type { TcpStream } from './tcp-stream.ts';
import { seqDiff } from './tcp-stream.ts';
import { add, generated, type ProtoTree } from './tree.ts';


export const A_RETRANSMISSION = 0x1;
export const A_LOST_PACKET = 0x2;
export const A_ACK_LOST_PACKET = 0x4;
export const A_KEEP_ALIVE = 0x8;
export const A_DUPLICATE_ACK = 0x10;
export const A_ZERO_WINDOW = 0x20;
export const A_ZERO_WINDOW_PROBE = 0x40;
export const A_ZERO_WINDOW_PROBE_ACK = 0x80;
export const A_KEEP_ALIVE_ACK = 0x100;
export const A_OUT_OF_ORDER = 0x200;
export const A_FAST_RETRANSMISSION = 0x400;
export const A_WINDOW_UPDATE = 0x800;
export const A_SPURIOUS_RETRANSMISSION = 0x2000;

/** Without a handshake RTT, a segment this soon after the highest one is out of order, not resent. */
const OOO_DEFAULT_NS = 3_000_000n;
/** A resend this soon after two duplicate ACKs is a fast retransmission (RFC 5681 §3.2). */
const FAST_RETRANSMIT_NS = 20_000_000n;

export interface AnalysedSegment {
  frame: number;
  timeNs: bigint;
  seq: number;
  ack: number;
  segLen: number;
  syn: boolean;
  fin: boolean;
  rst: boolean;
  ackFlag: boolean;
  /** Calculated window (scaled when the scale is known), as Wireshark compares it. */
  window: number;
}

export interface Analysis {
  flags: number;
  dupAckNum: number;
  dupAckFrame: number;
  rtoNs: bigint;
  rtoFrame: number;
}

const gt = (a: number, b: number) => seqDiff(a, b) > 0;
const lt = (a: number, b: number) => seqDiff(a, b) < 0;

/** Runs before the segment updates the stream; records what the next segments compare with. */
export function analyseSequence(stream: TcpStream, dir: 0 | 1, s: AnalysedSegment): Analysis {
  const fwd = stream.flows[dir].seq;
  const rev = stream.flows[1 - dir].seq;
  const a: Analysis = { flags: 0, dupAckNum: 0, dupAckFrame: 0, rtoNs: 0n, rtoFrame: 0 };
  const plain = !s.syn && !s.fin && !s.rst;
  const sameAsLast = s.segLen === 0 && s.seq === fwd.nextSeq && s.ack === fwd.lastAck && plain;
  if (s.segLen === 1 && s.seq === fwd.nextSeq && rev.window === 0) {
    a.flags |= A_ZERO_WINDOW_PROBE;
  } else {
    if (s.window === 0 && plain) a.flags |= A_ZERO_WINDOW;
    if (fwd.nextSeq !== undefined && gt(s.seq, fwd.nextSeq) && !s.rst) a.flags |= A_LOST_PACKET;
    const nextMinusOne = ((fwd.nextSeq ?? 0) - 1) >>> 0;
    if (s.segLen <= 1 && s.seq === nextMinusOne && plain) a.flags |= A_KEEP_ALIVE;
    if (sameAsLast && s.window !== 0 && s.window !== fwd.window) a.flags |= A_WINDOW_UPDATE;
    if (sameAsLast && s.window !== 0 && s.window === fwd.window && (rev.lastFlags & A_KEEP_ALIVE) !== 0) {
      a.flags |= A_KEEP_ALIVE_ACK;
    } else if (sameAsLast && s.window === 0 && fwd.window === 0 && (rev.lastFlags & A_ZERO_WINDOW_PROBE) !== 0) {
      a.flags |= A_ZERO_WINDOW_PROBE_ACK;
    } else if (sameAsLast && s.window !== 0 && s.window === fwd.window) {
      fwd.dupAckNum++;
      a.flags |= A_DUPLICATE_ACK;
      a.dupAckNum = fwd.dupAckNum;
      a.dupAckFrame = fwd.lastNonDupAck;
    }
  }
  // A new ACK number starts a new run of duplicates.
  if (s.ack !== fwd.lastAck) {
    fwd.lastNonDupAck = s.frame;
    fwd.dupAckNum = 0;
  }
  if (rev.maxSeqToBeAcked !== undefined && gt(s.ack, rev.maxSeqToBeAcked) && s.ackFlag) {
    a.flags |= A_ACK_LOST_PACKET;
    rev.maxSeqToBeAcked = rev.nextSeq;
  }

  if (s.segLen > 0 || s.syn || s.fin) retransmissionType(stream, dir, s, a);

  let nextSeq = (s.seq + s.segLen) >>> 0;
  if (s.syn || s.fin) nextSeq = (nextSeq + 1) >>> 0;
  const probe = (a.flags & A_ZERO_WINDOW_PROBE) !== 0;
  if ((fwd.nextSeq === undefined || gt(nextSeq, fwd.nextSeq)) && !probe) {
    fwd.nextSeq = nextSeq;
    fwd.nextSeqFrame = s.frame;
    fwd.nextSeqNs = s.timeNs;
  }
  if ((fwd.maxSeqToBeAcked === undefined || s.seq === fwd.maxSeqToBeAcked) && !probe) fwd.maxSeqToBeAcked = fwd.nextSeq;
  fwd.window = s.window;
  fwd.lastAck = s.ack;
  fwd.lastAckNs = s.timeNs;
  fwd.lastFlags = a.flags;
  return a;
}

/** Data that does not advance the sequence: fast retransmission, out of order, spurious or plain resend. */
function retransmissionType(stream: TcpStream, dir: 0 | 1, s: AnalysedSegment, a: Analysis): void {
  const fwd = stream.flows[dir].seq;
  const rev = stream.flows[1 - dir].seq;
  if ((a.flags & A_KEEP_ALIVE) !== 0) return;
  let notAdvanced = fwd.nextSeq !== undefined && lt(s.seq, fwd.nextSeq);
  // More than one byte right after a zero window probe really adds data.
  if (s.segLen > 1 && fwd.nextSeq !== undefined && ((fwd.nextSeq - 1) >>> 0) === s.seq) notAdvanced = false;
  if (notAdvanced && rev.dupAckNum >= 2 && rev.lastAck === s.seq && s.timeNs - rev.lastAckNs < FAST_RETRANSMIT_NS) {
    a.flags |= A_FAST_RETRANSMISSION;
    return;
  }
  const oooThreshold = stream.irttNs !== undefined && stream.irttNs > 0n ? stream.irttNs : OOO_DEFAULT_NS;
  // SYN and FIN count one in sequence space: a resent SYN or FIN ends where nextSeq stands.
  const end = (s.seq + s.segLen + (s.syn || s.fin ? 1 : 0)) >>> 0;
  if (notAdvanced && s.timeNs - fwd.nextSeqNs < oooThreshold && fwd.nextSeq !== end) {
    a.flags |= A_OUT_OF_ORDER;
    return;
  }
  if (s.segLen > 0 && rev.lastAck !== undefined && rev.lastAck !== 0 && seqDiff((s.seq + s.segLen) >>> 0, rev.lastAck) <= 0) {
    a.flags |= A_SPURIOUS_RETRANSMISSION;
    return;
  }
  if (notAdvanced) {
    a.flags |= A_RETRANSMISSION;
    a.rtoNs = s.timeNs - fwd.nextSeqNs;
    a.rtoFrame = fwd.nextSeqFrame;
  }
}

/** An expert item; its message line carries the expert's own filter name (`tcp.analysis.retransmission`). */
function expert(severity: string, text: string, field?: string): ProtoTree {
  const node = generated(`Expert Info (${severity}/Sequence): ${text}`, '_ws.expert');
  node.children.push(generated(text, field, field === undefined ? undefined : true), generated(`Severity level: ${severity}`), generated('Group: Sequence'));
  return node;
}

/**
 * The [TCP Analysis Flags] subtree and following lines under [SEQ/ACK analysis], and the Info
 * prefix (tcp_print_sequence_number_analysis). Returns the prefix, '' when nothing was flagged.
 */
export function addAnalysisFlags(analysis: ProtoTree, a: Analysis): string {
  if (a.flags === 0) return '';
  const flags = add(analysis, generated('TCP Analysis Flags', 'tcp.analysis.flags'));
  // Wireshark prepends each marker, so the last one tested ends up first in Info.
  const info: string[] = [];
  const mark = (bit: number, field: string, severity: string, text: string, column: string): void => {
    if ((a.flags & bit) === 0) return;
    add(flags, expert(severity, text, field));
    info.unshift(column);
  };
  if ((a.flags & A_RETRANSMISSION) !== 0) {
    mark(A_RETRANSMISSION, 'tcp.analysis.retransmission', 'Note', 'This frame is a (suspected) retransmission', '[TCP Retransmission] ');
    add(flags, generated(`The RTO for this segment was: ${seconds(a.rtoNs)} seconds`, 'tcp.analysis.rto'));
    add(flags, generated(`RTO based on delta from frame: ${a.rtoFrame}`, 'tcp.analysis.rto_frame', a.rtoFrame));
  }
  if ((a.flags & A_FAST_RETRANSMISSION) !== 0) {
    mark(A_FAST_RETRANSMISSION, 'tcp.analysis.fast_retransmission', 'Note', 'This frame is a (suspected) fast retransmission', '[TCP Fast Retransmission] ');
    add(flags, expert('Note', 'This frame is a (suspected) retransmission', 'tcp.analysis.retransmission'));
  }
  mark(A_SPURIOUS_RETRANSMISSION, 'tcp.analysis.spurious_retransmission', 'Note', 'This frame is a (suspected) spurious retransmission', '[TCP Spurious Retransmission] ');
  mark(A_OUT_OF_ORDER, 'tcp.analysis.out_of_order', 'Warning', 'This frame is a (suspected) out-of-order segment', '[TCP Out-Of-Order] ');
  mark(A_LOST_PACKET, 'tcp.analysis.lost_segment', 'Warning', 'Previous segment(s) not captured (common at capture start)', '[TCP Previous segment not captured] ');
  mark(A_ACK_LOST_PACKET, 'tcp.analysis.ack_lost_segment', 'Warning', "ACKed segment that wasn't captured (common at capture start)", '[TCP ACKed unseen segment] ');
  mark(A_WINDOW_UPDATE, 'tcp.analysis.window_update', 'Chat', 'TCP window update', '[TCP Window Update] ');
  mark(A_KEEP_ALIVE, 'tcp.analysis.keep_alive', 'Note', 'TCP keep-alive segment', '[TCP Keep-Alive] ');
  mark(A_KEEP_ALIVE_ACK, 'tcp.analysis.keep_alive_ack', 'Note', 'ACK to a TCP keep-alive segment', '[TCP Keep-Alive ACK] ');
  if (a.dupAckNum > 0) {
    add(flags, generated('This is a TCP duplicate ack', 'tcp.analysis.duplicate_ack'));
    add(analysis, generated(`Duplicate ACK #: ${a.dupAckNum}`, 'tcp.analysis.duplicate_ack_num', a.dupAckNum));
    const to = add(analysis, generated(`Duplicate to the ACK in frame: ${a.dupAckFrame}`, 'tcp.analysis.duplicate_ack_frame', a.dupAckFrame));
    to.children.push(expert('Note', `Duplicate ACK (#${a.dupAckNum})`));
    info.unshift(`[TCP Dup ACK ${a.dupAckFrame}#${a.dupAckNum}] `);
  }
  mark(A_ZERO_WINDOW_PROBE, 'tcp.analysis.zero_window_probe', 'Note', 'TCP Zero Window Probe', '[TCP ZeroWindowProbe] ');
  mark(A_ZERO_WINDOW, 'tcp.analysis.zero_window', 'Warning', 'TCP Zero Window segment', '[TCP ZeroWindow] ');
  mark(A_ZERO_WINDOW_PROBE_ACK, 'tcp.analysis.zero_window_probe_ack', 'Note', 'ACK to a TCP Zero Window Probe', '[TCP ZeroWindowProbeAck] ');
  return info.join('');
}
