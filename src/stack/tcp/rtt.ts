// Round-trip time estimation and the retransmission timeout (RFC 6298 §2), with Linux's floor:
// RTO = SRTT + max(4·RTTVAR, 200 ms), so a LAN or loopback connection retransmits after about
// 200 ms (tcp_rtt_estimator/__tcp_set_rto), never less, and never more than 120 s.
import type { Tcb } from './tcb.ts';
import { RTO_MAX, RTO_MIN } from './tunables.ts';

/** Starts timing the segment ending at `seq` unless one is already timed (one sample per RTT). */
export function startRttTiming(tcb: Tcb, seq: number): void {
  if (tcb.rttTiming) return;
  tcb.rttTiming = true;
  tcb.rttSeq = seq;
  tcb.rttStart = tcb.now;
}

/** Karn's algorithm (RFC 6298 §3): a retransmitted segment gives no sample. */
export function cancelRttTiming(tcb: Tcb): void {
  tcb.rttTiming = false;
}

export function rttSample(tcb: Tcb, r: number): void {
  if (r < 0) r = 0;
  if (tcb.srtt === 0) {
    tcb.srtt = r; // §2.2
    tcb.rttvar = r / 2;
  } else {
    tcb.rttvar = 0.75 * tcb.rttvar + 0.25 * Math.abs(tcb.srtt - r); // §2.3
    tcb.srtt = 0.875 * tcb.srtt + 0.125 * r;
  }
  tcb.rto = computeRto(tcb);
}

export function computeRto(tcb: Tcb): number {
  const rto = Math.round(tcb.srtt + Math.max(4 * tcb.rttvar, RTO_MIN));
  return Math.min(Math.max(rto, RTO_MIN), RTO_MAX);
}

/** The timeout to arm now: RTO doubled per expiry (§5.5), capped at 120 s. */
export function backedOffRto(tcb: Tcb): number {
  return Math.min(tcb.rto * 2 ** tcb.backoff, RTO_MAX);
}
