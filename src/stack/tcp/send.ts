// The sending side (RFC 9293 §3.8.6, Linux tcp_write_xmit): cut the queue into segments of at most
// one MSS, within the peer's window and the congestion window, hold small segments back by Nagle
// (RFC 896, with Minshall's change as Linux), set PSH on the segment that empties the queue, and
// keep the retransmission timer running while anything is unacknowledged (RFC 6298 §5).
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, seqGt, seqLe, seqLt } from '../../wire/tcp.ts';
import { transmit, transmitSyn } from './output.ts';
import { backedOffRto, startRttTiming } from './rtt.ts';
import { RTX_PERSIST, RTX_RETRANSMIT, type Tcb } from './tcb.ts';

/** States in which queued data and our FIN may still be (re)sent. */
function canSend(tcb: Tcb): boolean {
  switch (tcb.state) {
    case 'ESTABLISHED':
    case 'CLOSE-WAIT':
    case 'FIN-WAIT-1':
    case 'CLOSING':
    case 'LAST-ACK':
      return true;
    default:
      return false;
  }
}

/** RFC 6298 §5.1: start the timer when sending if it is not running (a persist timer gives way). */
export function armRetransmit(tcb: Tcb): void {
  if (tcb.rtxAt !== 0 && tcb.rtxKind === RTX_RETRANSMIT) return;
  tcb.rtxKind = RTX_RETRANSMIT;
  tcb.rtxAt = tcb.now + backedOffRto(tcb);
  tcb.armTimer();
}

/** RFC 6298 §5.3: new data acknowledged, restart the timer (pushing the deadline later is free). */
export function restartRetransmit(tcb: Tcb): void {
  tcb.rtxKind = RTX_RETRANSMIT;
  tcb.rtxAt = tcb.now + backedOffRto(tcb);
  tcb.armTimer();
}

function armPersist(tcb: Tcb): void {
  if (tcb.rtxAt !== 0) return;
  tcb.rtxKind = RTX_PERSIST;
  tcb.rtxAt = tcb.now + backedOffRto(tcb);
  tcb.armTimer();
}

/**
 * Sequence number for a segment that carries no new data: snd.max, unless it lies beyond the
 * peer's window (Linux tcp_acceptable_seq), so pure ACKs never go backwards after a timeout.
 */
export function ackSeq(tcb: Tcb): number {
  const windowEnd = (tcb.sndUna + tcb.sndWnd) >>> 0;
  return seqLe(tcb.sndMax, windowEnd) ? tcb.sndMax : windowEnd;
}

function noteSent(tcb: Tcb, seq: number, len: number, fin: boolean): void {
  const end = (seq + len + (fin ? 1 : 0)) >>> 0;
  if (seqLt(seq, tcb.sndMax)) {
    tcb.host.counters.retransSegs++;
    tcb.retransmits++;
  } else if (end !== seq) {
    tcb.bytesSent += len;
    startRttTiming(tcb, end);
  }
  if (seqGt(end, tcb.sndNxt)) tcb.sndNxt = end;
  if (seqGt(end, tcb.sndMax)) tcb.sndMax = end;
  if (end !== seq) armRetransmit(tcb);
}

/** Sends what the windows and Nagle allow, then the FIN once the queue is empty. */
export function output(tcb: Tcb): void {
  if (!canSend(tcb)) return;
  const mss = tcb.sndMss;
  const end = tcb.sndEnd;
  for (;;) {
    const nxt = tcb.sndNxt;
    const unsent = (end - nxt) | 0;
    if (unsent <= 0) {
      // A FIN alone: the queue is empty (or was sent) and the FIN is not out yet.
      if (unsent === 0 && tcb.finQueued) {
        transmit(tcb, nxt, TCP_FIN | TCP_ACK, 0);
        noteSent(tcb, nxt, 0, true);
      }
      return;
    }
    const inFlight = (nxt - tcb.sndUna) >>> 0;
    let len = unsent < mss ? unsent : mss;
    // Peer's window (RFC 9293 §3.8.6.2.1 sender SWS avoidance: no sliver of a segment unless it
    // is at least half the largest window ever offered).
    const allowed = (tcb.sndUna + tcb.sndWnd - nxt) | 0;
    if (allowed < len) {
      if (allowed <= 0 || allowed * 2 < tcb.maxSndWnd) {
        if (inFlight === 0) armPersist(tcb);
        return;
      }
      len = allowed;
    }
    // Congestion window, counted in whole segments as Linux does.
    if (inFlight >= tcb.cwnd && inFlight > 0) return;
    // Nagle: a short segment waits while an earlier short one is unacknowledged.
    if (len < mss && len === unsent && !tcb.nagleOff && !tcb.finQueued) {
      if (inFlight > 0 && seqGt(tcb.sndSml, tcb.sndUna) && seqLe(tcb.sndSml, nxt)) return;
    }
    const last = len === unsent;
    let flags = TCP_ACK;
    // PSH when the segment empties the queue, and at least every half window (Linux forced_push).
    if (last || ((nxt + len - tcb.pushedSeq) | 0) > tcb.maxSndWnd >> 1) {
      flags |= TCP_PSH;
      tcb.pushedSeq = (nxt + len) >>> 0;
    }
    const fin = last && tcb.finQueued;
    if (fin) flags |= TCP_FIN;
    transmit(tcb, nxt, flags, len);
    if (len < mss) tcb.sndSml = (nxt + len) >>> 0;
    noteSent(tcb, nxt, len, fin);
    if (fin) return;
  }
}

/** A pure ACK, now. */
export function sendAck(tcb: Tcb): void {
  transmit(tcb, ackSeq(tcb), TCP_ACK, 0);
}

/** Active reset (Linux tcp_send_active_reset): RST,ACK at snd.nxt with the usual options. */
export function sendReset(tcb: Tcb): void {
  transmit(tcb, ackSeq(tcb), TCP_RST | TCP_ACK, 0);
}

/**
 * Retransmits the first unacknowledged segment (fast retransmit, NewReno partial ACK, timeout):
 * the SYN during the handshake, else up to one MSS of data from snd.una, with the FIN if it
 * follows and was sent.
 */
export function retransmitFirst(tcb: Tcb): void {
  if (tcb.state === 'SYN-SENT' || tcb.state === 'SYN-RECEIVED') {
    transmitSyn(tcb);
    tcb.host.counters.retransSegs++;
    tcb.retransmits++;
    return;
  }
  if (!canSend(tcb)) return;
  const una = tcb.sndUna;
  const end = tcb.sndEnd;
  const avail = (end - una) | 0;
  const finSent = tcb.finQueued && seqGt(tcb.sndMax, end);
  if (avail > 0) {
    const len = Math.min(avail, tcb.sndMss);
    const last = len === avail;
    let flags = TCP_ACK;
    if (last) flags |= TCP_PSH;
    const fin = last && finSent;
    if (fin) flags |= TCP_FIN;
    transmit(tcb, una, flags, len);
    noteSent(tcb, una, len, fin);
  } else if (avail === 0 && finSent) {
    transmit(tcb, una, TCP_FIN | TCP_ACK, 0);
    noteSent(tcb, una, 0, true);
  }
}
