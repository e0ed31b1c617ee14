// Segment arrival in the synchronized states and SYN-RECEIVED (RFC 9293 §3.10.7.4, in its order:
// sequence check, RST, SYN, ACK, text, FIN), with PAWS and TS.Recent (RFC 7323 §4-5), RFC 5961
// challenge ACKs, duplicate-ACK counting (RFC 5681) and Linux's ACK policy: ACK at once in
// quickack mode, when two full segments are unacknowledged, or out of order; else after 40 ms.
import { allocateFrame } from '../frame-buffer.ts';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, seqGe, seqGt, seqLe, seqLt, type TcpSegment } from '../../wire/tcp.ts';
import { enterRecovery, exitRecovery, onAckedData, onDupAckInRecovery, onPartialAck } from './congestion.ts';
import { settleHandshake } from './handshake.ts';
import { findTimestamps } from './options.ts';
import { sendResetFor, transmitSyn } from './output.ts';
import { cancelRttTiming, rttSample } from './rtt.ts';
import { output, restartRetransmit, retransmitFirst, sendAck, sendReset } from './send.ts';
import { EV_CONNECT, EV_DATA, EV_END, EV_WRITABLE, type Tcb } from './tcb.ts';
import { DELACK, FIN_TIMEOUT, QUICKACKS, RCV_WINDOW_CLAMP, SND_LOWAT, TIME_WAIT } from './tunables.ts';

const EMPTY = new Uint8Array(0);

/** Processes one segment for a TCB that is past SYN-SENT. */
export function segmentArrives(tcb: Tcb, seg: TcpSegment): void {
  const flags = seg.flags;
  const ts = tcb.tsOk ? findTimestamps(seg.options) : null;
  tcb.segsIn++;

  // A retransmitted SYN while our SYN-ACK is unanswered: send the SYN-ACK again (Linux
  // tcp_check_req), although the sequence check below would only send an ACK.
  if (tcb.state === 'SYN-RECEIVED' && (flags & (TCP_SYN | TCP_ACK | TCP_RST)) === TCP_SYN && seg.seq === tcb.irs) {
    transmitSyn(tcb);
    return;
  }

  // RFC 7323 §5.3 PAWS: a timestamp older than TS.Recent marks an old duplicate.
  if (ts !== null && tcb.tsRecentSet && ((ts.tsval - tcb.tsRecent) | 0) < 0 && !(flags & TCP_RST)) {
    sendAck(tcb);
    return;
  }

  // First: is the sequence number acceptable (the four cases of §3.10.7.4)?
  const seq = seg.seq;
  const segLen = seg.payload.length + (flags & TCP_SYN ? 1 : 0) + (flags & TCP_FIN ? 1 : 0);
  const rcvWnd = Math.max(0, (tcb.rcvAdvEdge - tcb.rcvNxt) | 0);
  if (!acceptable(tcb.rcvNxt, rcvWnd, seq, segLen)) {
    if (!(flags & TCP_RST)) {
      // A retransmitted FIN in TIME-WAIT is acknowledged and restarts the 2 MSL wait.
      if (tcb.state === 'TIME-WAIT' && flags & TCP_FIN) {
        tcb.waitAt = tcb.now + TIME_WAIT;
        tcb.armTimer();
      }
      sendAck(tcb);
    }
    return;
  }

  // Second: RST. RFC 5961 §3.2: only an exact match resets; in the window, a challenge ACK.
  if (flags & TCP_RST) {
    if (seq === tcb.rcvNxt) resetArrived(tcb);
    else sendAck(tcb);
    return;
  }

  // Fourth: a SYN in the window of a synchronized connection gets a challenge ACK (RFC 5961 §4.2).
  if (flags & TCP_SYN) {
    sendAck(tcb);
    return;
  }

  // Fifth: ACK.
  if (!(flags & TCP_ACK)) return;
  // RFC 7323 §4.3: remember the timestamp to echo if the segment starts at or before Last.ACK.sent.
  if (ts !== null && seqLe(seq, tcb.rcvWup)) {
    tcb.tsRecent = ts.tsval;
    tcb.tsRecentSet = true;
  }
  if (tcb.state === 'SYN-RECEIVED') {
    if (seqLt(tcb.sndUna, seg.ack) && seqLe(seg.ack, tcb.sndMax)) {
      if (!establish(tcb, seg)) return;
    } else {
      sendResetFor(tcb.host.ip, tcb.host.counters, tcb.localAddress, tcb.remoteAddress, seg);
      return;
    }
  }
  if (!processAck(tcb, seg)) return;

  // Seventh and eighth: segment text and FIN.
  let ackNow = false;
  if (seg.payload.length > 0 || flags & TCP_FIN) {
    switch (tcb.state) {
      case 'ESTABLISHED':
      case 'FIN-WAIT-1':
      case 'FIN-WAIT-2':
        if (tcb.orphan && seqGt((seq + seg.payload.length) >>> 0, tcb.rcvNxt)) {
          // New data for a socket the application closed: Linux answers with RST (TCPAbortOnData).
          sendReset(tcb);
          tcb.destroy(null);
          return;
        }
        ackNow = receiveText(tcb, seq, seg.payload, (flags & TCP_FIN) !== 0);
        break;
      default:
      // CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: the peer's FIN came already; nothing new can.
    }
  }

  output(tcb);
  if (tcb.ackPending) {
    if (ackNow) sendAck(tcb);
    else if (tcb.delackAt === 0) {
      tcb.delackAt = tcb.now + DELACK;
      tcb.armTimer();
    }
  }
}

function acceptable(rcvNxt: number, rcvWnd: number, seq: number, segLen: number): boolean {
  if (segLen === 0) return rcvWnd === 0 ? seq === rcvNxt : inWindow(rcvNxt, rcvWnd, seq);
  if (rcvWnd === 0) return false;
  return inWindow(rcvNxt, rcvWnd, seq) || inWindow(rcvNxt, rcvWnd, (seq + segLen - 1) >>> 0);
}

function inWindow(rcvNxt: number, rcvWnd: number, s: number): boolean {
  return seqLe(rcvNxt, s) && seqLt(s, (rcvNxt + rcvWnd) >>> 0);
}

/** An acceptable RST (RFC 9293 §3.10.7.4 second; errors as Linux tcp_reset). */
function resetArrived(tcb: Tcb): void {
  switch (tcb.state) {
    case 'SYN-RECEIVED':
      // A passive child returns to LISTEN, i.e. disappears; an active open was refused.
      if (!tcb.passive) tcb.host.counters.attemptFails++;
      tcb.destroy(tcb.passive ? null : 'ECONNREFUSED');
      return;
    case 'CLOSE-WAIT':
      tcb.destroy('EPIPE');
      return;
    case 'CLOSING':
    case 'LAST-ACK':
    case 'TIME-WAIT':
      tcb.destroy(null);
      return;
    default:
      tcb.destroy('ECONNRESET');
  }
}

/** SYN-RECEIVED and our SYN acknowledged: ESTABLISHED, unless the listener's accept queue is full. */
function establish(tcb: Tcb, seg: TcpSegment): boolean {
  if (tcb.parent !== null && !tcb.parent.offer(tcb)) {
    // Linux drops the ACK (tcp_abort_on_overflow = 0): the child stays half-open and its
    // SYN-ACK timer retries, so the client's next ACK may find room.
    return false;
  }
  tcb.state = tcb.finQueued ? 'FIN-WAIT-1' : 'ESTABLISHED';
  tcb.sndWnd = seg.window << tcb.sndWscale;
  tcb.sndWl1 = seg.seq;
  tcb.sndWl2 = seg.ack;
  if (tcb.sndWnd > tcb.maxSndWnd) tcb.maxSndWnd = tcb.sndWnd;
  settleHandshake(tcb);
  if (tcb.passive) tcb.host.counters.passiveOpens++;
  else tcb.queueEvent(EV_CONNECT);
  return true;
}

/** The ACK field (§3.10.7.4 fifth); false when the segment must be dropped. */
function processAck(tcb: Tcb, seg: TcpSegment): boolean {
  const ack = seg.ack;
  if (seqGt(ack, tcb.sndMax)) {
    sendAck(tcb); // it acknowledges something not yet sent
    return false;
  }
  const wnd = seg.window << tcb.sndWscale;
  const windowChanged = wnd !== tcb.sndWnd;
  if (seqLe(tcb.sndUna, ack) && (seqLt(tcb.sndWl1, seg.seq) || (tcb.sndWl1 === seg.seq && seqLe(tcb.sndWl2, ack)))) {
    tcb.sndWnd = wnd;
    tcb.sndWl1 = seg.seq;
    tcb.sndWl2 = ack;
    if (wnd > tcb.maxSndWnd) tcb.maxSndWnd = wnd;
  }
  if (seqGt(ack, tcb.sndUna)) {
    newAck(tcb, ack);
  } else if (
    ack === tcb.sndUna &&
    seg.payload.length === 0 &&
    !(seg.flags & (TCP_SYN | TCP_FIN)) &&
    !windowChanged &&
    tcb.sndMax !== tcb.sndUna
  ) {
    duplicateAck(tcb); // RFC 5681 §2 definition
  }

  const finAcked = tcb.finQueued && tcb.sndUna === ((tcb.sndEnd + 1) >>> 0);
  switch (tcb.state) {
    case 'FIN-WAIT-1':
      if (finAcked) {
        tcb.state = 'FIN-WAIT-2';
        if (tcb.orphan) {
          tcb.waitAt = tcb.now + FIN_TIMEOUT;
          tcb.armTimer();
        }
      }
      break;
    case 'CLOSING':
      if (finAcked) tcb.enterTimeWait();
      break;
    case 'LAST-ACK':
      if (finAcked) {
        tcb.destroy(null);
        return false;
      }
      break;
  }
  return true;
}

function newAck(tcb: Tcb, ack: number): void {
  const flightBefore = (tcb.sndMax - tcb.sndUna) >>> 0;
  const acked = (ack - tcb.sndUna) >>> 0;
  if (tcb.rttTiming && seqGe(ack, tcb.rttSeq)) {
    tcb.rttTiming = false;
    rttSample(tcb, tcb.now - tcb.rttStart);
  }
  let dataAcked = (ack - tcb.bufSeq) | 0;
  if (dataAcked > tcb.sendBuf.length) dataAcked = tcb.sendBuf.length;
  if (dataAcked > 0) {
    tcb.sendBuf.consume(dataAcked);
    tcb.bufSeq = (tcb.bufSeq + dataAcked) >>> 0;
    tcb.bytesAcked += dataAcked;
  }
  tcb.sndUna = ack;
  if (seqLt(tcb.sndNxt, ack)) tcb.sndNxt = ack;
  tcb.retries = 0;
  tcb.backoff = 0;
  tcb.softError = null;

  if (tcb.inRecovery) {
    if (seqGe(ack, tcb.recover)) {
      exitRecovery(tcb);
    } else {
      // RFC 6582 §3.2 step 3: a partial ACK shows the next hole; resend it at once.
      onPartialAck(tcb, acked);
      retransmitFirst(tcb);
    }
  } else {
    tcb.dupAcks = 0;
    onAckedData(tcb, acked, flightBefore);
  }

  if (tcb.sndUna === tcb.sndMax) tcb.rtxAt = 0; // RFC 6298 §5.2 (lazily: the event finds nothing)
  else restartRetransmit(tcb);

  if (tcb.wantWritable && tcb.sendBuf.length <= SND_LOWAT && !tcb.finQueued) {
    tcb.wantWritable = false;
    tcb.queueEvent(EV_WRITABLE);
  }
  tcb.host.ip.confirmNeighbor(tcb.remoteAddress);
}

function duplicateAck(tcb: Tcb): void {
  tcb.dupAcks++;
  if (tcb.inRecovery) {
    onDupAckInRecovery(tcb);
  } else if (tcb.dupAcks === 3 && seqGt(tcb.sndUna, tcb.recover)) {
    // Fast retransmit (RFC 5681 §3.2), once per window of data (RFC 6582 §3.2 step 2).
    enterRecovery(tcb);
    cancelRttTiming(tcb);
    retransmitFirst(tcb);
  }
}

/**
 * Text and FIN of an acceptable segment in ESTABLISHED or FIN-WAIT-1/2. Returns true when the
 * ACK must go now rather than be delayed.
 */
function receiveText(tcb: Tcb, seq: number, payload: Uint8Array, fin: boolean): boolean {
  // Trim what was received already and what lies beyond the window (§3.10.7.4 seventh).
  const already = (tcb.rcvNxt - seq) | 0;
  if (already > 0) {
    if (already > payload.length) {
      payload = EMPTY;
      fin = false; // that FIN was received before
    } else {
      payload = payload.subarray(already);
    }
    seq = tcb.rcvNxt;
  }
  const room = (tcb.rcvAdvEdge - seq) | 0;
  if (payload.length > room) {
    payload = payload.subarray(0, Math.max(0, room));
    fin = false;
  }
  if (payload.length === 0 && !fin) return false;

  if (seq !== tcb.rcvNxt) {
    // Out of order: hold it and send a duplicate ACK at once (RFC 5681 §4.2, RFC 9293 §3.10.7.4).
    tcb.reassembly.insert(seq, payload, fin);
    tcb.ackPending = true;
    return true;
  }

  let ackNow = false;
  if (payload.length > 0) {
    noteDataArrival(tcb, payload.length);
    // A copy the application may keep, carved from a shared slab (a fresh ArrayBuffer per
    // segment cost as much as the rest of the receive path).
    const copy = allocateFrame(payload.length);
    copy.set(payload);
    deliver(tcb, copy);
  }
  if (!tcb.reassembly.empty) {
    for (let d = tcb.reassembly.shift(tcb.rcvNxt); d !== null; d = tcb.reassembly.shift(tcb.rcvNxt)) deliver(tcb, d);
    if (tcb.reassembly.finSeq === tcb.rcvNxt) fin = true;
    // RFC 5681 §4.2: ACK at once when a hole is filled.
    ackNow = true;
  }
  tcb.ackPending = true;
  if (fin) return finArrived(tcb) || ackNow;
  return (
    ackNow ||
    !tcb.reassembly.empty ||
    (tcb.quickAcks > 0 && !tcb.pingpong) ||
    ((tcb.rcvNxt - tcb.rcvWup) | 0) > tcb.rcvMssEstimate
  );
}

/**
 * Linux tcp_event_data_recv + tcp_measure_rcv_mss + tcp_grow_window: quickack mode for the first
 * data and after an idle time longer than the RTO (so a line typed after a pause is acknowledged
 * at once, before the reply), the peer's segment size, and window growth during bulk transfer.
 */
function noteDataArrival(tcb: Tcb, len: number): void {
  const now = tcb.now;
  if (tcb.lastDataAt < 0 || now - tcb.lastDataAt > tcb.rto) tcb.quickAcks = QUICKACKS;
  tcb.lastDataAt = now;
  if (len >= tcb.rcvMssEstimate) {
    tcb.rcvMssEstimate = Math.min(len, tcb.advMss);
    if (tcb.rcvSsthresh < RCV_WINDOW_CLAMP) {
      tcb.rcvSsthresh = Math.min(RCV_WINDOW_CLAMP, tcb.rcvSsthresh + 2 * tcb.rcvMssEstimate);
    }
  }
}

function deliver(tcb: Tcb, data: Uint8Array): void {
  tcb.rcvNxt = (tcb.rcvNxt + data.length) >>> 0;
  tcb.bytesReceived += data.length;
  tcb.recvQueued += data.length;
  tcb.queueEvent(EV_DATA, data);
}

/** Eighth: the FIN is next in sequence. Returns true when it must be acknowledged at once. */
function finArrived(tcb: Tcb): boolean {
  tcb.rcvNxt = (tcb.rcvNxt + 1) >>> 0;
  tcb.reassembly.clear();
  tcb.queueEvent(EV_END);
  switch (tcb.state) {
    case 'ESTABLISHED':
      // Linux tcp_fin enters pingpong mode: the ACK is delayed so it can ride on our own FIN
      // when the application closes at once (FIN,ACK / FIN,ACK / ACK in captures).
      tcb.state = 'CLOSE-WAIT';
      tcb.pingpong = true;
      return false;
    case 'FIN-WAIT-1':
      tcb.state = 'CLOSING';
      return true;
    case 'FIN-WAIT-2':
      tcb.enterTimeWait();
      return true;
    default:
      return true;
  }
}
