// The Transmission Control Block (RFC 9293 §3.3.1): everything one connection remembers. The
// files beside this one act on it by concern (handshake, send, receive, timers); this one only
// holds state, the connection's one timer, and the queue of events for the application.
import { Emitter } from '../../engine/events.ts';
import type { Timer } from '../../engine/scheduler.ts';
import type { Ipv4 } from '../../wire/addr.ts';
import type { IpLayer, NetError } from '../transport.ts';
import { Reassembly } from './reassembly.ts';
import { SendBuffer } from './send-buffer.ts';
import { RTO_INITIAL, TCP_MSS_DEFAULT, TIME_WAIT } from './tunables.ts';

/** RFC 9293 §3.3.2 state names, as `ss` prints them in upper case. */
export type TcpState =
  | 'LISTEN'
  | 'SYN-SENT'
  | 'SYN-RECEIVED'
  | 'ESTABLISHED'
  | 'FIN-WAIT-1'
  | 'FIN-WAIT-2'
  | 'CLOSE-WAIT'
  | 'CLOSING'
  | 'LAST-ACK'
  | 'TIME-WAIT'
  | 'CLOSED';

/** Who owns a socket, for `netstat -p` / `ss -p`. */
export interface SocketOwner {
  pid: number;
  name: string;
}

/** MIB counters of the TCP module (`netstat -s`, section "Tcp:" of /proc/net/snmp). */
export interface TcpCounters {
  activeOpens: number;
  passiveOpens: number;
  attemptFails: number;
  estabResets: number;
  inSegs: number;
  outSegs: number;
  retransSegs: number;
  inErrs: number;
  outRsts: number;
  /** SYNs dropped because a listener's accept queue was full (TcpExtListenOverflows). */
  listenOverflows: number;
}

/** What a TCB needs from the module that owns it. */
export interface TcbHost {
  readonly ip: IpLayer;
  readonly counters: TcpCounters;
  /** Removes the TCB from the demultiplexing tables (it reached CLOSED). */
  release(tcb: Tcb): void;
}

/** The listener side of a passive child (listener.ts implements it). */
export interface AcceptQueue {
  /** The child reached ESTABLISHED: queue it for accept; false when the accept queue is full. */
  offer(tcb: Tcb): boolean;
  /** The child died before it was accepted. */
  forget(tcb: Tcb): void;
}

/** Which job the retransmission timer slot does (Linux shares it the same way: ICSK_TIME_RETRANS/PROBE0). */
export const RTX_RETRANSMIT = 0;
export const RTX_PERSIST = 1;

// Application events, queued and fired later from a scheduler event (never inside the
// application's own call into the socket, never in the middle of processing a segment).
export const EV_NONE = 0;
export const EV_CONNECT = 1;
export const EV_DATA = 2;
export const EV_END = 3;
export const EV_CLOSE = 4;
export const EV_WRITABLE = 5;

export class Tcb {
  state: TcpState = 'CLOSED';
  readonly host: TcbHost;
  localAddress: Ipv4;
  localPort: number;
  remoteAddress: Ipv4;
  remotePort: number;
  owner?: SocketOwner;
  /** True for a connection a listener created (passive open, RFC 9293 §3.5). */
  passive = false;
  /** A passive child is handed to the application only once ESTABLISHED (accept). */
  accepted = true;
  /** The listener of a passive child until it is accepted. */
  parent: AcceptQueue | null = null;
  /** The application closed its socket: no more reads; data arriving now is answered with RST. */
  orphan = false;
  /** MTU of the route toward the peer (our MSS option depends on it: 1460 on Ethernet, 65495 on lo). */
  mtu = 1500;

  // --- send sequence space (RFC 9293 §3.3.1) ---
  iss = 0;
  sndUna = 0;
  sndNxt = 0;
  /** Highest sequence number sent (sndNxt goes back to sndUna after a timeout, go-back-N). */
  sndMax = 0;
  /** Send window in bytes (already scaled). */
  sndWnd = 0;
  sndWl1 = 0;
  sndWl2 = 0;
  /** Largest window the peer ever offered (sender-side SWS avoidance, RFC 9293 §3.8.6.2.1). */
  maxSndWnd = 0;
  /** Payload bytes per segment: the peer's MSS minus options we always carry. */
  sndMss = TCP_MSS_DEFAULT;
  /** Sequence number of the first byte in sendBuf. */
  bufSeq = 0;
  readonly sendBuf = new SendBuffer();
  /** shutdown()/close() asked for a FIN after the queued data. */
  finQueued = false;
  /** End of the last segment shorter than the MSS (Nagle with Minshall's change, as Linux). */
  sndSml = 0;
  /** TCP_NODELAY. */
  nagleOff = false;
  /** Sequence number of the last segment sent with PSH (Linux forces one every half window). */
  pushedSeq = 0;

  // --- receive sequence space ---
  irs = 0;
  rcvNxt = 0;
  /** Right edge of the window last advertised: it never moves left (RFC 9293 §3.8.6.2.2). */
  rcvAdvEdge = 0;
  /** rcvNxt when the last ACK went out: what "unacknowledged received data" is measured from. */
  rcvWup = 0;
  /** Window growth limit (Linux rcv_ssthresh): starts at the handshake window, grows with bulk data. */
  rcvSsthresh = 0;
  /** Our MSS option (MTU - 40). */
  advMss = TCP_MSS_DEFAULT;
  /** Estimate of the peer's segment size (Linux icsk_ack.rcv_mss), for "ACK every 2 full segments". */
  rcvMssEstimate = TCP_MSS_DEFAULT;
  readonly reassembly = new Reassembly();

  // --- negotiated options (RFC 7323, RFC 2018) ---
  sndWscale = 0;
  rcvWscale = 0;
  tsOk = false;
  sackOk = false;
  /** Random offset added to the millisecond clock for TSval (Linux per-connection ts_offset). */
  tsOffset = 0;
  /** Latest TSval to echo (RFC 7323 §4.3) and whether one was seen. */
  tsRecent = 0;
  tsRecentSet = false;

  // --- ACK generation (RFC 9293 §3.8.6.3, RFC 1122 §4.2.3.2, Linux quickack) ---
  ackPending = false;
  quickAcks = 0;
  /** After a FIN, the ACK waits for the application's own FIN (Linux enters pingpong mode). */
  pingpong = false;
  /** Time data last arrived, -1 before any (Linux icsk_ack.lrcvtime). */
  lastDataAt = -1;

  // --- congestion control (RFC 5681, NewReno RFC 6582) ---
  cwnd = 0;
  ssthresh = 0x7fffffff;
  dupAcks = 0;
  inRecovery = false;
  recover = 0;

  // --- round-trip time (RFC 6298) ---
  srtt = 0;
  rttvar = 0;
  rto = RTO_INITIAL;
  rttTiming = false;
  rttSeq = 0;
  rttStart = 0;
  /** Consecutive expirations of the retransmission (or persist) timer. */
  backoff = 0;
  /** Retransmissions since the last forward progress (tcp_retries2 counts these). */
  retries = 0;
  /** Soft error from ICMP, reported instead of ETIMEDOUT (Linux sk_err_soft). */
  softError: NetError | null = null;

  // --- timers: deadlines in ns (0 = off), one scheduler event for all of them ---
  rtxAt = 0;
  rtxKind = RTX_RETRANSMIT;
  delackAt = 0;
  /** TIME-WAIT expiry, or FIN-WAIT-2 timeout of an orphan. */
  waitAt = 0;
  private timer: Timer | null = null;
  private timerAt = 0;
  /** Set by the module: runs the expired deadlines (timers.ts). */
  onTimer: () => void = () => {};

  // --- statistics (ss -i) ---
  bytesSent = 0;
  bytesAcked = 0;
  bytesReceived = 0;
  segsOut = 0;
  segsIn = 0;
  retransmits = 0;

  // --- application events ---
  readonly onConnect = new Emitter<void>();
  readonly onData = new Emitter<Uint8Array>();
  readonly onEnd = new Emitter<void>();
  readonly onClose = new Emitter<NetError | null>();
  readonly onWritable = new Emitter<void>();
  /** Received bytes queued for onData and not yet delivered (Recv-Q). */
  recvQueued = 0;
  /** send() refused bytes: fire onWritable once the queue drains. */
  wantWritable = false;
  /** onClose was queued (it fires once). */
  closeNotified = false;
  private evKinds: number[] = [];
  private evValues: Array<Uint8Array | NetError | null> = [];
  private flushScheduled = false;

  constructor(host: TcbHost, localAddress: Ipv4, localPort: number, remoteAddress: Ipv4, remotePort: number) {
    this.host = host;
    this.localAddress = localAddress;
    this.localPort = localPort;
    this.remoteAddress = remoteAddress;
    this.remotePort = remotePort;
  }

  get now(): number {
    return this.host.ip.scheduler.now;
  }

  /** Send-Q: bytes written and not yet acknowledged. */
  get bytesQueued(): number {
    return this.sendBuf.length;
  }

  /** Sequence number right after the last byte the application wrote. */
  get sndEnd(): number {
    return (this.bufSeq + this.sendBuf.length) >>> 0;
  }

  /** TSval for a segment sent now: milliseconds (HZ=1000) plus the connection's offset. */
  tsNow(): number {
    return (this.tsOffset + Math.floor(this.host.ip.scheduler.now / 1_000_000)) >>> 0;
  }

  // ---------------------------------------------------------------- timer

  /**
   * Makes sure the one scheduler event runs no later than the earliest deadline. Pushing a
   * deadline later costs nothing: the early event finds nothing due and re-arms (lazy re-arm,
   * so an RTO restarted on every ACK schedules nothing).
   */
  armTimer(): void {
    let next = 0;
    if (this.rtxAt !== 0) next = this.rtxAt;
    if (this.delackAt !== 0 && (next === 0 || this.delackAt < next)) next = this.delackAt;
    if (this.waitAt !== 0 && (next === 0 || this.waitAt < next)) next = this.waitAt;
    if (next === 0) return;
    if (this.timer !== null && this.timer.active) {
      if (this.timerAt <= next) return;
      this.timer.cancel();
    }
    this.timerAt = next;
    this.timer = this.host.ip.scheduler.at(next, this.onTimer);
  }

  /** Called first by the timer handler: the event that was pending has run. */
  timerFired(): void {
    this.timer = null;
  }

  stopTimers(): void {
    this.rtxAt = 0;
    this.delackAt = 0;
    this.waitAt = 0;
    if (this.timer !== null) this.timer.cancel();
    this.timer = null;
  }

  // ---------------------------------------------------------------- application events

  queueEvent(kind: number, value: Uint8Array | NetError | null = null): void {
    this.evKinds.push(kind);
    this.evValues.push(value);
    this.scheduleFlush();
  }

  scheduleFlush(): void {
    if (this.flushScheduled || !this.accepted || this.evKinds.length === 0) return;
    this.flushScheduled = true;
    this.host.ip.scheduler.after(0, this.flush);
  }

  /** Drops received data the application will never read (close, abort); returns the bytes dropped. */
  discardUnread(): number {
    let dropped = 0;
    for (let i = 0; i < this.evKinds.length; i++) {
      if (this.evKinds[i] === EV_DATA) {
        dropped += (this.evValues[i] as Uint8Array).length;
        this.evKinds[i] = EV_NONE;
        this.evValues[i] = null;
      }
    }
    this.recvQueued = 0;
    return dropped;
  }

  /** Fires the queued events in order; a listener may call back into the socket meanwhile. */
  private readonly flush = (): void => {
    this.flushScheduled = false;
    const kinds = this.evKinds;
    const values = this.evValues;
    // Events queued by listeners during this loop are fired by it too (after the current one).
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[i];
      const value = values[i];
      kinds[i] = EV_NONE; // consumed: a close() from this listener must not count it as unread
      values[i] = null;
      switch (kind) {
        case EV_CONNECT:
          this.onConnect.fire();
          break;
        case EV_DATA:
          this.recvQueued -= (value as Uint8Array).length;
          if (!this.orphan) this.onData.fire(value as Uint8Array);
          break;
        case EV_END:
          if (!this.orphan) this.onEnd.fire();
          break;
        case EV_CLOSE:
          this.onClose.fire(value as NetError | null);
          break;
        case EV_WRITABLE:
          this.onWritable.fire();
          break;
      }
    }
    kinds.length = 0;
    values.length = 0;
  };

  // ---------------------------------------------------------------- end of life

  /** Tells the application the connection is over (once). */
  notifyClose(error: NetError | null): void {
    if (this.closeNotified) return;
    this.closeNotified = true;
    this.queueEvent(EV_CLOSE, error);
  }

  /** TIME-WAIT (RFC 9293 §3.10.7.4): linger 2 MSL to answer a retransmitted FIN; the application is done. */
  enterTimeWait(): void {
    this.state = 'TIME-WAIT';
    this.rtxAt = 0;
    this.reassembly.clear();
    this.waitAt = this.now + TIME_WAIT;
    this.armTimer();
    this.notifyClose(null);
  }

  /** CLOSED: timers stopped, out of the tables, application told (RFC 9293 "delete the TCB"). */
  destroy(error: NetError | null): void {
    if (this.state === 'CLOSED' && this.closeNotified) return;
    if (this.state === 'ESTABLISHED' || this.state === 'CLOSE-WAIT') {
      if (error === 'ECONNRESET' || error === 'EPIPE') this.host.counters.estabResets++;
    }
    this.state = 'CLOSED';
    this.stopTimers();
    this.reassembly.clear();
    this.host.release(this);
    if (this.parent !== null) {
      this.parent.forget(this);
      this.parent = null;
    }
    this.notifyClose(error);
  }
}
