// What happens when a deadline of a connection passes (Linux tcp_timer.c). Each TCB has one
// scheduler event set to its earliest deadline (Tcb.armTimer); this handler runs the due ones
// and re-arms for the rest.
import { onTimeoutLoss } from './congestion.ts';
import { transmitProbe, transmitSyn } from './output.ts';
import { backedOffRto, cancelRttTiming } from './rtt.ts';
import { retransmitFirst, sendAck } from './send.ts';
import { RTX_PERSIST, type Tcb } from './tcb.ts';
import { RETRIES2, RTO_MAX, SYNACK_RETRIES, SYN_RETRIES } from './tunables.ts';

export function handleTimers(tcb: Tcb): void {
  tcb.timerFired();
  const now = tcb.now;
  if (tcb.waitAt !== 0 && tcb.waitAt <= now) {
    // End of TIME-WAIT (2 MSL), or an orphan gave up waiting in FIN-WAIT-2 (tcp_fin_timeout).
    tcb.waitAt = 0;
    tcb.destroy(null);
    return;
  }
  if (tcb.delackAt !== 0 && tcb.delackAt <= now) {
    tcb.delackAt = 0;
    if (tcb.ackPending) sendAck(tcb);
  }
  if (tcb.rtxAt !== 0 && tcb.rtxAt <= now) {
    tcb.rtxAt = 0;
    if (tcb.rtxKind === RTX_PERSIST) persistTimeout(tcb);
    else retransmitTimeout(tcb);
    if (tcb.state === 'CLOSED') return;
  }
  tcb.armTimer();
}

function retransmitTimeout(tcb: Tcb): void {
  if (tcb.state === 'SYN-SENT' || tcb.state === 'SYN-RECEIVED') {
    // RFC 6298 §5.5-5.6 for the SYN too; Linux gives up after tcp_syn_retries (tcp_synack_retries
    // for a listener's half-open child, which disappears silently).
    const limit = tcb.passive ? SYNACK_RETRIES : SYN_RETRIES;
    if (tcb.retries >= limit) {
      if (!tcb.passive) tcb.host.counters.attemptFails++;
      tcb.destroy(tcb.softError ?? 'ETIMEDOUT');
      return;
    }
    tcb.retries++;
    tcb.backoff++;
    cancelRttTiming(tcb);
    transmitSyn(tcb);
    tcb.host.counters.retransSegs++;
    tcb.retransmits++;
    tcb.rtxAt = tcb.now + backedOffRto(tcb);
    return;
  }
  if (tcb.sndUna === tcb.sndMax) return; // everything was acknowledged meanwhile
  if (tcb.retries >= RETRIES2) {
    // Linux tcp_write_err: the pending soft error (ICMP) if any, else ETIMEDOUT; no RST is sent.
    tcb.destroy(tcb.softError ?? 'ETIMEDOUT');
    return;
  }
  onTimeoutLoss(tcb);
  tcb.retries++;
  tcb.backoff++;
  cancelRttTiming(tcb);
  // Go back N: everything after snd.una is sent again as the ACKs come back.
  tcb.sndNxt = tcb.sndUna;
  retransmitFirst(tcb);
  tcb.rtxAt = tcb.now + backedOffRto(tcb);
}

function persistTimeout(tcb: Tcb): void {
  if (tcb.sndWnd !== 0 || tcb.sndUna !== tcb.sndNxt || tcb.bytesQueued === 0) {
    // The window opened (or data is in flight): the normal send path takes over.
    tcb.backoff = 0;
    return;
  }
  transmitProbe(tcb);
  if (backedOffRto(tcb) < RTO_MAX) tcb.backoff++;
  tcb.rtxKind = RTX_PERSIST;
  tcb.rtxAt = tcb.now + backedOffRto(tcb);
}
