// A hand-driven TCP peer for lwIP-style tests: the test decides each segment it sends (flags,
// sequence numbers, window, options) and reads what our TCP answered. It keeps just enough state
// (its own next sequence number, the last one it saw) to make writing tests short.
import { TCP_ACK, TCP_SYN, type TcpOption, type TcpSegment } from '../../../wire/tcp.ts';
import { ip, type FakeNetwork, type Packet } from './fake-network.ts';

export interface PeerSend {
  flags?: number;
  payload?: Uint8Array | string;
  /** Default: the peer's next sequence number (advanced by what this segment occupies). */
  seq?: number;
  /** Default: the sequence number the peer expects next (`rcvNxt`). */
  ack?: number;
  /** Raw window field. Default 502. */
  window?: number;
  /** Default: a Timestamps option when `timestamps` is on. */
  options?: TcpOption[];
}

export class RawPeer {
  /** Next sequence number the peer sends. */
  sndNxt: number;
  /** Next sequence number the peer expects from our TCP. */
  rcvNxt = 0;
  /** Send the Timestamps option on every segment (as a Linux peer would once negotiated). */
  timestamps = true;
  tsval = 100_000;
  private seen = 0;

  constructor(
    private readonly net: FakeNetwork,
    readonly address: string,
    readonly port: number,
    readonly remote: string,
    public remotePort: number,
    iss = 1_000_000,
  ) {
    this.sndNxt = iss;
  }

  /** Segments our TCP sent to this peer since the last call (the peer "reads" them). */
  received(): Packet[] {
    const me = ip(this.address);
    const out: Packet[] = [];
    for (; this.seen < this.net.log.length; this.seen++) {
      const p = this.net.log[this.seen];
      if (p.dst === me && p.seg.dstPort === this.port) out.push(p);
    }
    const last = out[out.length - 1];
    if (last !== undefined) this.learn(last);
    return out;
  }

  /** The single segment our TCP sent since the last call; fails the test otherwise. */
  one(): TcpSegment {
    const got = this.received();
    if (got.length !== 1) {
      throw new Error(`expected exactly one segment, got ${got.length}: ${got.map((p) => this.net.describe(p)).join(' | ')}`);
    }
    return got[0].seg;
  }

  private learn(p: Packet): void {
    const s = p.seg;
    const end = (s.seq + s.payload.length + (s.flags & TCP_SYN ? 1 : 0) + (s.flags & 0x01 ? 1 : 0)) >>> 0;
    if (((end - this.rcvNxt) | 0) > 0 || this.rcvNxt === 0) this.rcvNxt = end;
  }

  send(o: PeerSend = {}): void {
    const payload = typeof o.payload === 'string' ? new TextEncoder().encode(o.payload) : (o.payload ?? new Uint8Array(0));
    const flags = o.flags ?? TCP_ACK;
    const seq = o.seq ?? this.sndNxt;
    if (o.seq === undefined) {
      this.sndNxt = (this.sndNxt + payload.length + (flags & TCP_SYN ? 1 : 0) + (flags & 0x01 ? 1 : 0)) >>> 0;
    }
    this.tsval++;
    const options = o.options ?? (this.timestamps ? [{ kind: 'nop' }, { kind: 'nop' }, this.ts()] : []);
    this.net.inject(this.address, this.remote, {
      srcPort: this.port,
      dstPort: this.remotePort,
      seq,
      ack: o.ack ?? this.rcvNxt,
      flags,
      window: o.window ?? 502,
      options: options as TcpOption[],
      payload,
    });
  }

  /** A Timestamps option echoing the last TSval our TCP sent. */
  ts(): TcpOption {
    let tsecr = 0;
    const me = ip(this.address);
    for (let i = this.net.log.length - 1; i >= 0; i--) {
      const p = this.net.log[i];
      if (p.dst !== me) continue;
      const t = p.seg.options.find((o) => o.kind === 'timestamps');
      if (t !== undefined && t.kind === 'timestamps') tsecr = t.tsval;
      break;
    }
    return { kind: 'timestamps', tsval: this.tsval, tsecr };
  }
}
