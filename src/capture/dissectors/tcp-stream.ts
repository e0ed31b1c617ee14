// Per-connection memory for TCP analysis, as Wireshark's tcp_analysis: stream numbers, the
// initial sequence numbers that make relative numbers, window scale from the SYNs (RFC 7323 §2),
// unacknowledged segments for [SEQ/ACK analysis], the handshake RTT.

/** Wireshark's conversation completeness bits (packet-tcp.c). */
export const COMPLETE_SYN = 1;
export const COMPLETE_SYNACK = 2;
export const COMPLETE_ACK = 4;
export const COMPLETE_DATA = 8;
export const COMPLETE_FIN = 16;
export const COMPLETE_RST = 32;

/** Window scale states besides a shift count 0..14. */
export const WS_UNKNOWN = -1;
export const WS_NOT_USED = -2;

export interface Unacked {
  frame: number;
  timeNs: bigint;
  seq: number;
  /** Raw sequence number after this segment. */
  nextSeq: number;
}

export interface TcpFlow {
  /** Raw sequence number that relative 0 stands for; undefined before the first segment. */
  base?: number;
  /** Shift count from this side's SYN, WS_UNKNOWN or WS_NOT_USED. */
  winScale: number;
  /** Whether this side's SYN carried a window scale option (undefined: SYN not seen). */
  sentWs?: boolean;
  unacked: Unacked[];
  bytesSincePush: number;
  /** Whether bytes in flight can be told: not after a hole, until the other side ACKs again. */
  validBif: boolean;
  /** Wireshark's tcp_analyze_seq_info, in raw sequence numbers; undefined where Wireshark has 0 (unknown). */
  seq: SeqInfo;
}

/** What packet-tcp.c remembers per direction to flag retransmissions, dup ACKs, window updates. */
export interface SeqInfo {
  /** Highest sequence number after a segment seen so far, its frame and time. */
  nextSeq?: number;
  nextSeqFrame: number;
  nextSeqNs: bigint;
  /** Highest continuous sequence number, beyond which an ACK acknowledges unseen data. */
  maxSeqToBeAcked?: number;
  lastAck?: number;
  lastAckNs: bigint;
  /** Calculated (scaled) window of the previous segment; undefined before the first one. */
  window?: number;
  dupAckNum: number;
  lastNonDupAck: number;
  /** Analysis flags of this direction's previous segment (a keep-alive asks for a keep-alive ACK). */
  lastFlags: number;
}

export interface TcpStream {
  readonly index: number;
  /** Address/port of the side that sent the first segment we saw. */
  readonly aIp: number;
  readonly aPort: number;
  readonly flows: [TcpFlow, TcpFlow];
  completeness: number;
  readonly firstNs: bigint;
  lastNs: bigint;
  synNs?: bigint;
  irttNs?: bigint;
}

function newFlow(): TcpFlow {
  return {
    winScale: WS_UNKNOWN,
    unacked: [],
    bytesSincePush: 0,
    validBif: true,
    seq: { nextSeqFrame: 0, nextSeqNs: 0n, lastAckNs: 0n, dupAckNum: 0, lastNonDupAck: 0, lastFlags: 0 },
  };
}

export class TcpStreams {
  /** Lower endpoint -> higher endpoint -> stream; an endpoint is address * 65536 + port (< 2^48, exact). */
  private readonly byTuple = new Map<number, Map<number, TcpStream>>();
  private count = 0;
  /** The direction of the segment last looked up (0: from the side seen first). */
  lastDir: 0 | 1 = 0;

  /** The stream of a segment; its direction is then in `lastDir` (no object per segment). */
  lookup(srcIp: number, srcPort: number, dstIp: number, dstPort: number, timeNs: bigint, newConnection: boolean): TcpStream {
    const a = srcIp * 65536 + srcPort;
    const b = dstIp * 65536 + dstPort;
    const low = a <= b ? a : b;
    let byHigh = this.byTuple.get(low);
    if (byHigh === undefined) this.byTuple.set(low, (byHigh = new Map()));
    const high = a <= b ? b : a;
    let stream = byHigh.get(high);
    // A new SYN on a finished connection is a new stream (port reuse), as in Wireshark.
    if (stream !== undefined && newConnection && (stream.completeness & (COMPLETE_FIN | COMPLETE_RST)) !== 0) {
      stream = undefined;
    }
    if (stream === undefined) {
      stream = {
        index: this.count++,
        aIp: srcIp,
        aPort: srcPort,
        flows: [newFlow(), newFlow()],
        completeness: 0,
        firstNs: timeNs,
        lastNs: timeNs,
      };
      byHigh.set(high, stream);
    }
    this.lastDir = stream.aIp === srcIp && stream.aPort === srcPort ? 0 : 1;
    return stream;
  }
}

/** RFC 9293 §3.4 sequence arithmetic: a - b as a signed 32-bit distance. */
export function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

export function completenessText(v: number): string {
  if ((v & (COMPLETE_SYN | COMPLETE_SYNACK | COMPLETE_ACK)) === 7 && (v & (COMPLETE_FIN | COMPLETE_RST)) !== 0) {
    return `Complete, ${(v & COMPLETE_DATA) !== 0 ? 'WITH_DATA' : 'NO_DATA'} (${v})`;
  }
  const names: Record<number, string> = {
    1: 'Incomplete, SYN_SENT',
    3: 'Incomplete, CLIENT_ESTABLISHED',
    7: 'Incomplete, ESTABLISHED',
    15: 'Incomplete, DATA',
  };
  return `${names[v] ?? 'Incomplete'} (${v})`;
}
