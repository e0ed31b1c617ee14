// Opening a connection (RFC 9293 §3.5): the active open (SYN, SYN-SENT processing of §3.10.7.3)
// and the passive open of a listener's child (SYN-RECEIVED). Options are negotiated here: a side
// uses window scaling, timestamps or SACK only when both offered them (RFC 7323 §1.3, RFC 2018).
import { TCP_ACK, TCP_RST, TCP_SYN, seqGt, seqLe, type TcpSegment } from '../../wire/tcp.ts';
import { initCongestion } from './congestion.ts';
import { readSynOptions, type SynOptions } from './options.ts';
import { offerSynOptions, sendResetFor, transmitSyn } from './output.ts';
import { rttSample, startRttTiming } from './rtt.ts';
import { armRetransmit, output, sendAck } from './send.ts';
import { EV_CONNECT, type AcceptQueue, type Tcb } from './tcb.ts';
import { RCV_WSCALE, RTO_FALLBACK, TCP_IP_HEADERS, TCP_MSS_DEFAULT, TS_OPTION_SPACE } from './tunables.ts';
import { initialWindow } from './window.ts';

/** Our MSS option for a path MTU: MTU - 40, so 1460 on Ethernet and 65495 on lo (MTU 65536). */
export function mssForMtu(mtu: number): number {
  return Math.min(mtu, 65535) - TCP_IP_HEADERS;
}

function chooseIss(tcb: Tcb): void {
  // RFC 9293 §3.4.1 wants unpredictable ISNs (RFC 6528); the simulation's RNG gives them.
  const rng = tcb.host.ip.rng;
  tcb.iss = rng.nextU32();
  tcb.tsOffset = rng.nextU32();
  const next = (tcb.iss + 1) >>> 0;
  tcb.sndUna = tcb.iss;
  tcb.sndNxt = next;
  tcb.sndMax = next;
  tcb.bufSeq = next;
  tcb.pushedSeq = next;
  tcb.sndSml = tcb.iss;
  tcb.recover = tcb.iss;
}

/** Segment size we send once the peer's SYN options are known (Linux tcp_mss_to_mtu / mss_cache). */
function applyPeerOptions(tcb: Tcb, syn: SynOptions, seg: TcpSegment): void {
  tcb.irs = seg.seq;
  tcb.rcvNxt = (seg.seq + 1) >>> 0;
  tcb.rcvWup = tcb.rcvNxt;
  if (tcb.tsOk && syn.tsval !== null) {
    tcb.tsRecent = syn.tsval;
    tcb.tsRecentSet = true;
  } else {
    tcb.tsOk = false;
  }
  tcb.sackOk = tcb.sackOk && syn.sackPermitted;
  if (syn.wscale === null) {
    tcb.sndWscale = 0;
    tcb.rcvWscale = 0;
  } else {
    tcb.sndWscale = syn.wscale;
  }
  const peerMss = syn.mss ?? TCP_MSS_DEFAULT;
  tcb.sndMss = Math.min(peerMss, tcb.advMss) - (tcb.tsOk ? TS_OPTION_SPACE : 0);
  // A SYN's window is never scaled (RFC 7323 §2.2).
  tcb.sndWnd = seg.window;
  tcb.maxSndWnd = seg.window;
  tcb.sndWl1 = seg.seq;
  tcb.sndWl2 = seg.ack;
  initCongestion(tcb);
}

/**
 * The handshake is over: stop its timer; RFC 6298 §5.7, a handshake that needed a
 * retransmission leaves no sample, so the RTO becomes 3 s.
 */
export function settleHandshake(tcb: Tcb): void {
  if (tcb.srtt === 0 && tcb.retransmits > 0) tcb.rto = RTO_FALLBACK;
  tcb.retries = 0;
  tcb.backoff = 0;
  tcb.rtxAt = 0;
}

/** Active open (RFC 9293 §3.10.1): SYN with Linux's options, SYN-SENT, retransmission timer. */
export function activeOpen(tcb: Tcb): void {
  tcb.advMss = mssForMtu(tcb.mtu);
  chooseIss(tcb);
  offerSynOptions(tcb);
  tcb.state = 'SYN-SENT';
  tcb.host.counters.activeOpens++;
  startRttTiming(tcb, tcb.sndNxt);
  transmitSyn(tcb);
  armRetransmit(tcb);
}

/** Segment arrives in SYN-SENT (RFC 9293 §3.10.7.3). */
export function synSentArrives(tcb: Tcb, seg: TcpSegment): void {
  const flags = seg.flags;
  if (flags & TCP_ACK && (seqLe(seg.ack, tcb.iss) || seqGt(seg.ack, tcb.sndMax))) {
    if (!(flags & TCP_RST)) sendResetFor(tcb.host.ip, tcb.host.counters, tcb.localAddress, tcb.remoteAddress, seg);
    return;
  }
  if (flags & TCP_RST) {
    // RST,ACK answering our SYN: nobody listens there ("Connection refused").
    if (flags & TCP_ACK) {
      tcb.host.counters.attemptFails++;
      tcb.destroy('ECONNREFUSED');
    }
    return;
  }
  if (!(flags & TCP_SYN)) return;
  tcb.segsIn++;
  applyPeerOptions(tcb, readSynOptions(seg.options), seg);
  tcb.rcvAdvEdge = (tcb.rcvNxt + tcb.rcvSsthresh) >>> 0;
  if (flags & TCP_ACK) {
    tcb.sndUna = seg.ack;
    if (tcb.rttTiming) {
      tcb.rttTiming = false;
      if (tcb.retransmits === 0) rttSample(tcb, tcb.now - tcb.rttStart);
    }
    settleHandshake(tcb);
    tcb.state = tcb.finQueued ? 'FIN-WAIT-1' : 'ESTABLISHED';
    tcb.queueEvent(EV_CONNECT);
    // Linux acknowledges the SYN-ACK at once; data written meanwhile follows.
    sendAck(tcb);
    output(tcb);
  } else {
    // Simultaneous open: SYN-RECEIVED, answer SYN,ACK with our ISS; the timer keeps running.
    tcb.state = 'SYN-RECEIVED';
    transmitSyn(tcb);
  }
}

/**
 * Passive open of a child created for a SYN that reached a listener: SYN-RECEIVED, SYN-ACK
 * offering only what the SYN offered (Linux tcp_openreq_init_rwin: window 65160 on Ethernet,
 * the largest multiple of the 1448-byte segment below 65535).
 */
export function passiveOpen(tcb: Tcb, seg: TcpSegment, parent: AcceptQueue): void {
  const syn = readSynOptions(seg.options);
  tcb.passive = true;
  tcb.accepted = false;
  tcb.parent = parent;
  tcb.advMss = mssForMtu(tcb.mtu);
  chooseIss(tcb);
  tcb.sackOk = syn.sackPermitted;
  tcb.tsOk = syn.tsval !== null;
  tcb.rcvWscale = syn.wscale === null ? 0 : RCV_WSCALE;
  applyPeerOptions(tcb, syn, seg);
  tcb.rcvSsthresh = initialWindow(tcb.advMss - (tcb.tsOk ? TS_OPTION_SPACE : 0));
  tcb.rcvAdvEdge = (tcb.rcvNxt + tcb.rcvSsthresh) >>> 0;
  tcb.state = 'SYN-RECEIVED';
  startRttTiming(tcb, tcb.sndNxt);
  transmitSyn(tcb);
  armRetransmit(tcb);
}
