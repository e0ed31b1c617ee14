// The application's view of a connection (a connected socket): write, half-close, close, abort,
// and events. Reads are pushed: received bytes are handed to onData at the next scheduler turn
// after they arrive, so the receive window stays open (the application always keeps up; Recv-Q
// counts the bytes received but not handed over yet).
import type { Emitter } from '../../engine/events.ts';
import type { Ipv4 } from '../../wire/addr.ts';
import type { NetError } from '../transport.ts';
import { output, sendReset } from './send.ts';
import { RTX_PERSIST, Tcb, type SocketOwner, type TcbHost, type TcpState } from './tcb.ts';
import { handleTimers } from './timers.ts';
import { FIN_TIMEOUT, SND_BUF } from './tunables.ts';

/** What `ss -i` and `netstat -o` show about a connection. Times in ns. */
export interface TcpInfo {
  state: TcpState;
  rto: number;
  srtt: number;
  rttvar: number;
  /** Segment size we send (payload bytes). */
  sndMss: number;
  /** Our MSS option. */
  advMss: number;
  cwnd: number;
  ssthresh: number;
  sndWscale: number;
  rcvWscale: number;
  /** Peer's window in bytes. */
  sndWnd: number;
  /** Window we last advertised, in bytes. */
  rcvWnd: number;
  bytesSent: number;
  bytesAcked: number;
  bytesReceived: number;
  segsOut: number;
  segsIn: number;
  retransmits: number;
  /** The running timer, as `netstat -o` names them (on = retransmission). */
  timer: 'on' | 'probe' | 'timewait' | 'fin-wait-2' | 'off';
  /** Time until it fires (0 when off). */
  timerRemaining: number;
  /** Expirations so far (the retransmission/probe counter of netstat -o). */
  timerRetries: number;
}

export interface TcpConnection {
  readonly state: TcpState;
  readonly localAddress: Ipv4;
  readonly localPort: number;
  readonly remoteAddress: Ipv4;
  readonly remotePort: number;
  owner?: SocketOwner;
  /** ESTABLISHED (the side that called connect). */
  readonly onConnect: Emitter<void>;
  /** In-order bytes as they arrive; each value is a fresh copy the application may keep. */
  readonly onData: Emitter<Uint8Array>;
  /** The peer sent FIN: no more data will come. */
  readonly onEnd: Emitter<void>;
  /**
   * The connection is over for the application: null after an orderly close (fired when
   * TIME-WAIT begins, or CLOSED), else ECONNREFUSED, ECONNRESET, ETIMEDOUT, EHOSTUNREACH...
   */
  readonly onClose: Emitter<NetError | null>;
  /** The send queue drained to half its size after send() accepted less than it was given. */
  readonly onWritable: Emitter<void>;
  /** Queues bytes; returns how many were accepted (0 after shutdown/close: EPIPE). */
  send(data: Uint8Array): number;
  /** Half-close: FIN after the queued data; reading continues. */
  shutdown(): void;
  /** No more reading or writing: FIN after the queued data, or RST if received data is unread. */
  close(): void;
  /** RST now, the queues are dropped. */
  abort(): void;
  /** Send-Q: bytes written and not acknowledged yet. */
  readonly bytesQueued: number;
  /** Recv-Q: bytes received and not handed to onData yet. */
  readonly recvQueued: number;
  /** TCP_NODELAY: no Nagle delay for small segments. */
  noDelay: boolean;
  info(): TcpInfo;
}

export class Connection extends Tcb implements TcpConnection {
  constructor(host: TcbHost, localAddress: Ipv4, localPort: number, remoteAddress: Ipv4, remotePort: number) {
    super(host, localAddress, localPort, remoteAddress, remotePort);
    this.onTimer = () => handleTimers(this);
  }

  send(data: Uint8Array): number {
    if (this.finQueued || this.orphan) return 0;
    switch (this.state) {
      case 'SYN-SENT':
      case 'SYN-RECEIVED':
      case 'ESTABLISHED':
      case 'CLOSE-WAIT':
        break;
      default:
        return 0;
    }
    const n = Math.min(data.length, SND_BUF - this.sendBuf.length);
    if (n < data.length) this.wantWritable = true;
    if (n <= 0) return 0;
    this.sendBuf.push(data.slice(0, n));
    output(this);
    return n;
  }

  shutdown(): void {
    if (this.finQueued) return;
    switch (this.state) {
      case 'SYN-SENT':
      case 'SYN-RECEIVED':
        // The FIN follows once the handshake completes.
        this.finQueued = true;
        return;
      case 'ESTABLISHED':
        // Linux changes state at once (tcp_close_state), even while data is still queued.
        this.finQueued = true;
        this.state = 'FIN-WAIT-1';
        break;
      case 'CLOSE-WAIT':
        this.finQueued = true;
        this.state = 'LAST-ACK';
        break;
      default:
        return;
    }
    output(this);
  }

  close(): void {
    if (this.orphan) return;
    this.orphan = true;
    const unread = this.discardUnread();
    switch (this.state) {
      case 'CLOSED':
      case 'TIME-WAIT':
        return;
      case 'SYN-SENT':
        this.destroy(null);
        return;
    }
    if (unread > 0 || !this.reassembly.empty) {
      // Linux tcp_close: unread data means the peer's data was lost; tell it with RST.
      sendReset(this);
      this.destroy(null);
      return;
    }
    this.shutdown();
    if (this.state === 'FIN-WAIT-2') {
      this.waitAt = this.now + FIN_TIMEOUT;
      this.armTimer();
    }
  }

  abort(): void {
    this.orphan = true;
    this.discardUnread();
    switch (this.state) {
      case 'CLOSED':
        return;
      case 'SYN-SENT':
      case 'TIME-WAIT':
        break;
      default:
        sendReset(this);
    }
    this.destroy(null);
  }

  get noDelay(): boolean {
    return this.nagleOff;
  }

  set noDelay(value: boolean) {
    this.nagleOff = value;
    if (value) output(this);
  }

  info(): TcpInfo {
    let timer: TcpInfo['timer'] = 'off';
    let at = 0;
    if (this.waitAt !== 0) {
      timer = this.state === 'TIME-WAIT' ? 'timewait' : 'fin-wait-2';
      at = this.waitAt;
    } else if (this.rtxAt !== 0) {
      timer = this.rtxKind === RTX_PERSIST ? 'probe' : 'on';
      at = this.rtxAt;
    }
    return {
      state: this.state,
      rto: this.rto,
      srtt: this.srtt,
      rttvar: this.rttvar,
      sndMss: this.sndMss,
      advMss: this.advMss,
      cwnd: this.cwnd,
      ssthresh: this.ssthresh,
      sndWscale: this.sndWscale,
      rcvWscale: this.rcvWscale,
      sndWnd: this.sndWnd,
      rcvWnd: Math.max(0, (this.rcvAdvEdge - this.rcvNxt) | 0),
      bytesSent: this.bytesSent,
      bytesAcked: this.bytesAcked,
      bytesReceived: this.bytesReceived,
      segsOut: this.segsOut,
      segsIn: this.segsIn,
      retransmits: this.retransmits,
      timer,
      timerRemaining: at === 0 ? 0 : Math.max(0, at - this.now),
      timerRetries: this.backoff,
    };
  }
}
