// Congestion control: slow start and congestion avoidance (RFC 5681 §3.1), fast retransmit and
// NewReno fast recovery (RFC 5681 §3.2, RFC 6582), initial window of 10 segments (RFC 6928).
// Windows are in bytes.
import type { Tcb } from './tcb.ts';
import { TCP_INIT_CWND } from './tunables.ts';

export function initCongestion(tcb: Tcb): void {
  tcb.cwnd = TCP_INIT_CWND * tcb.sndMss;
  tcb.ssthresh = 0x7fffffff;
  tcb.dupAcks = 0;
  tcb.inRecovery = false;
}

function flight(tcb: Tcb): number {
  return (tcb.sndMax - tcb.sndUna) >>> 0;
}

/**
 * New data acknowledged outside recovery. The window grows only while it limits the sender
 * (RFC 7661 spirit, Linux tcp_is_cwnd_limited): an interactive session keeps its initial window.
 */
export function onAckedData(tcb: Tcb, acked: number, flightBefore: number): void {
  if (flightBefore * 2 < tcb.cwnd) return;
  const mss = tcb.sndMss;
  if (tcb.cwnd < tcb.ssthresh) {
    tcb.cwnd += Math.min(acked, 2 * mss); // slow start, L = 2·SMSS (RFC 3465)
  } else {
    tcb.cwnd += Math.max(1, Math.floor((mss * mss) / tcb.cwnd)); // congestion avoidance (3.1, eq. 3)
  }
  if (tcb.cwnd > 0x3fffffff) tcb.cwnd = 0x3fffffff;
}

/** Third duplicate ACK: halve, remember the recovery point, inflate by the 3 segments that left. */
export function enterRecovery(tcb: Tcb): void {
  const mss = tcb.sndMss;
  tcb.ssthresh = Math.max(Math.floor(flight(tcb) / 2), 2 * mss);
  tcb.recover = tcb.sndMax;
  tcb.cwnd = tcb.ssthresh + 3 * mss;
  tcb.inRecovery = true;
}

/** Each further duplicate ACK means one more segment left the network. */
export function onDupAckInRecovery(tcb: Tcb): void {
  tcb.cwnd += tcb.sndMss;
}

/** RFC 6582 §3.2 step 3: partial ACK deflates by what it acknowledged, plus one segment. */
export function onPartialAck(tcb: Tcb, acked: number): void {
  tcb.cwnd = Math.max(tcb.cwnd - acked + tcb.sndMss, tcb.sndMss);
}

export function exitRecovery(tcb: Tcb): void {
  tcb.cwnd = Math.min(tcb.ssthresh, flight(tcb) + tcb.sndMss);
  if (tcb.cwnd < tcb.sndMss) tcb.cwnd = tcb.sndMss;
  tcb.inRecovery = false;
  tcb.dupAcks = 0;
}

/** Retransmission timeout: one segment in flight, slow start again (RFC 5681 §3.1, eq. 4). */
export function onTimeoutLoss(tcb: Tcb): void {
  if (tcb.backoff === 0) tcb.ssthresh = Math.max(Math.floor(flight(tcb) / 2), 2 * tcb.sndMss);
  tcb.cwnd = tcb.sndMss;
  tcb.inRecovery = false;
  tcb.dupAcks = 0;
}
