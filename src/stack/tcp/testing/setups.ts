// Ready-made situations for tests: a connection of our TCP to a RawPeer in a given state, and a
// recorder of what the application saw.
import { MS } from '../../../engine/time.ts';
import { TCP_ACK, TCP_SYN, type TcpOption } from '../../../wire/tcp.ts';
import type { NetError } from '../../transport.ts';
import type { TcpConnection } from '../connection.ts';
import type { TcpModule } from '../tcp-module.ts';
import { FakeNetwork, ip } from './fake-network.ts';
import { RawPeer } from './raw-peer.ts';

export interface Seen {
  connected: boolean;
  chunks: Uint8Array[];
  ended: boolean;
  /** undefined while open. */
  closed: NetError | null | undefined;
  writable: number;
  text(): string;
}

/** Records every event of a connection. */
export function watch(conn: TcpConnection): Seen {
  const seen: Seen = {
    connected: false,
    chunks: [],
    ended: false,
    closed: undefined,
    writable: 0,
    text: () => new TextDecoder().decode(concat(seen.chunks)),
  };
  conn.onConnect.on(() => (seen.connected = true));
  conn.onData.on((d) => seen.chunks.push(d));
  conn.onEnd.on(() => (seen.ended = true));
  conn.onClose.on((e) => (seen.closed = e));
  conn.onWritable.on(() => seen.writable++);
  return seen;
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Byte-for-byte equality (deep equality of large arrays is slow in test matchers). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Options of a Linux SYN-ACK: MSS, SACK_PERM, Timestamps, NOP, WS. */
export function linuxSynAckOptions(peer: RawPeer, mss = 1460, wscale = 7): TcpOption[] {
  return [{ kind: 'mss', value: mss }, { kind: 'sack-permitted' }, peer.ts(), { kind: 'nop' }, { kind: 'window-scale', shift: wscale }];
}

export interface ActiveSetup {
  net: FakeNetwork;
  tcp: TcpModule;
  conn: TcpConnection;
  peer: RawPeer;
  seen: Seen;
}

/**
 * Our TCP (10.0.0.1) connected to a raw peer (10.0.0.2:80) that answered like Linux: ESTABLISHED,
 * the handshake segments already read by the peer. One-way delay 1 ms.
 */
export function activeEstablished(opts: { peerWindow?: number; synAckOptions?: (p: RawPeer) => TcpOption[] } = {}): ActiveSetup {
  const net = new FakeNetwork({ delay: 1 * MS });
  const tcp = net.addHost('10.0.0.1');
  net.addRawHost('10.0.0.2');
  const conn = tcp.connect({ address: ip('10.0.0.2'), port: 80 });
  const seen = watch(conn);
  const peer = new RawPeer(net, '10.0.0.2', 80, '10.0.0.1', conn.localPort);
  net.runFor(1 * MS);
  peer.one(); // SYN
  peer.send({
    flags: TCP_SYN | TCP_ACK,
    window: 65160,
    options: (opts.synAckOptions ?? ((p) => linuxSynAckOptions(p)))(peer),
  });
  net.runFor(1 * MS);
  peer.one(); // ACK of the SYN-ACK
  if (opts.peerWindow !== undefined) peer.send({ window: opts.peerWindow });
  net.runFor(1 * MS);
  return { net, tcp, conn, peer, seen };
}

export interface PassiveSetup extends ActiveSetup {
  server: TcpModule;
}

/** A raw client (10.0.0.2:40000) connected to our listener on 10.0.0.1:25. */
export function passiveEstablished(): PassiveSetup {
  const net = new FakeNetwork({ delay: 1 * MS });
  const tcp = net.addHost('10.0.0.1');
  net.addRawHost('10.0.0.2');
  const listener = tcp.listen({ port: 25 });
  if (typeof listener === 'string') throw new Error(listener);
  const accepted: TcpConnection[] = [];
  listener.onConnection.on((c) => accepted.push(c));
  const peer = new RawPeer(net, '10.0.0.2', 40000, '10.0.0.1', 25);
  peer.send({
    flags: TCP_SYN,
    window: 64240,
    ack: 0,
    options: [{ kind: 'mss', value: 1460 }, { kind: 'sack-permitted' }, { kind: 'timestamps', tsval: peer.tsval, tsecr: 0 }, { kind: 'nop' }, { kind: 'window-scale', shift: 7 }],
  });
  net.runFor(2 * MS);
  peer.one(); // SYN-ACK
  peer.send({});
  net.runFor(2 * MS);
  const conn = accepted[0];
  if (conn === undefined) throw new Error('no connection accepted');
  const seen = watch(conn);
  return { net, tcp, server: tcp, conn, peer, seen };
}
