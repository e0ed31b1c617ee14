import { describe, expect, it } from 'vitest';
import { MS, SECOND } from '../../engine/time.ts';
import { TCP_ACK, TCP_SYN, tcpHeaderLength, type TcpOption, type TcpSegment } from '../../wire/tcp.ts';
import { EPHEMERAL_HIGH, EPHEMERAL_LOW } from './tunables.ts';
import { FakeNetwork, ip } from './testing/fake-network.ts';
import { RawPeer } from './testing/raw-peer.ts';
import { watch } from './testing/setups.ts';
import type { TcpConnection } from './tcp-module.ts';

function kinds(seg: TcpSegment): string[] {
  return seg.options.map((o) => (o.kind === 'mss' ? `mss=${o.value}` : o.kind === 'window-scale' ? `ws=${o.shift}` : o.kind));
}

function tsOf(seg: TcpSegment): { tsval: number; tsecr: number } {
  const t = seg.options.find((o): o is Extract<TcpOption, { kind: 'timestamps' }> => o.kind === 'timestamps');
  if (t === undefined) throw new Error('no timestamps');
  return t;
}

function twoHosts() {
  const net = new FakeNetwork({ delay: 100_000 });
  const client = net.addHost('10.0.0.1');
  const server = net.addHost('10.0.0.2');
  const listener = server.listen({ port: 25 });
  if (typeof listener === 'string') throw new Error(listener);
  const accepted: TcpConnection[] = [];
  listener.onConnection.on((c) => accepted.push(c));
  return { net, client, server, accepted };
}

describe('handshake on Ethernet, as between two Debian 12 hosts', () => {
  const { net, client, accepted } = twoHosts();
  const conn = client.connect({ address: ip('10.0.0.2'), port: 25 });
  const seen = watch(conn);
  net.run(1 * SECOND);
  const [syn, synAck, ack] = net.log.map((p) => p.seg);

  it('SYN: MSS=1460 SACK_PERM TSval TSecr=0 WS=128, window 64240, 40-byte header', () => {
    expect(syn.flags).toBe(TCP_SYN);
    expect(kinds(syn)).toEqual(['mss=1460', 'sack-permitted', 'timestamps', 'nop', 'ws=7']);
    expect(tsOf(syn).tsecr).toBe(0);
    expect(syn.window).toBe(64240);
    expect(tcpHeaderLength(syn)).toBe(40);
  });

  it('SYN-ACK: same options in the same order, window 65160, echoing the SYN TSval', () => {
    expect(synAck.flags).toBe(TCP_SYN | TCP_ACK);
    expect(kinds(synAck)).toEqual(['mss=1460', 'sack-permitted', 'timestamps', 'nop', 'ws=7']);
    expect(synAck.window).toBe(65160);
    expect(synAck.ack).toBe((syn.seq + 1) >>> 0);
    expect(tsOf(synAck).tsecr).toBe(tsOf(syn).tsval);
  });

  it('ACK: NOP NOP Timestamps (32-byte header), window 502 (x128 = 64256)', () => {
    expect(ack.flags).toBe(TCP_ACK);
    expect(kinds(ack)).toEqual(['nop', 'nop', 'timestamps']);
    expect(tcpHeaderLength(ack)).toBe(32);
    expect(ack.window).toBe(502);
    expect(tsOf(ack).tsecr).toBe(tsOf(synAck).tsval);
  });

  it('both ends are ESTABLISHED; the client saw onConnect, the listener a connection', () => {
    expect(net.log.length).toBe(3);
    expect(seen.connected).toBe(true);
    expect(conn.state).toBe('ESTABLISHED');
    expect(accepted.map((c) => c.state)).toEqual(['ESTABLISHED']);
    expect(accepted[0].remotePort).toBe(conn.localPort);
  });

  it('uses an ephemeral port of 32768-60999', () => {
    expect(conn.localPort).toBeGreaterThanOrEqual(EPHEMERAL_LOW);
    expect(conn.localPort).toBeLessThanOrEqual(EPHEMERAL_HIGH);
  });
});

describe('handshake on lo', () => {
  it('MSS 65495, windows 65495 / 65483 / 512 (seed and fidelity captures)', () => {
    const net = new FakeNetwork();
    const host = net.addHost('10.0.0.1');
    const listener = host.listen({ port: 110 });
    if (typeof listener === 'string') throw new Error(listener);
    host.connect({ address: ip('127.0.0.1'), port: 110 });
    net.run(1 * SECOND);
    const [syn, synAck, ack] = net.log.map((p) => p.seg);
    expect(kinds(syn)[0]).toBe('mss=65495');
    expect(syn.window).toBe(65495);
    expect(kinds(synAck)[0]).toBe('mss=65495');
    expect(synAck.window).toBe(65483);
    expect(ack.window).toBe(512);
    expect(net.log[0].src).toBe(ip('127.0.0.1'));
  });
});

describe('SYN-ACK offers only what the SYN offered', () => {
  it('a bare SYN (MSS only) gets MSS only, and then no options and unscaled windows', () => {
    const net = new FakeNetwork();
    const server = net.addHost('10.0.0.1');
    net.addRawHost('10.0.0.2');
    const listener = server.listen({ port: 80 });
    if (typeof listener === 'string') throw new Error(listener);
    let conn: TcpConnection | undefined;
    listener.onConnection.on((c) => (conn = c));
    const peer = new RawPeer(net, '10.0.0.2', 5555, '10.0.0.1', 80);
    peer.timestamps = false;
    peer.send({ flags: TCP_SYN, window: 8192, options: [{ kind: 'mss', value: 1460 }] });
    net.runFor(2 * MS);
    const synAck = peer.one();
    expect(kinds(synAck)).toEqual(['mss=1460']);
    expect(synAck.window).toBe(64240);
    peer.send({ window: 8192 });
    net.runFor(2 * MS);
    conn!.send(new Uint8Array(3000));
    const data = peer.received().map((p) => p.seg);
    expect(data.map((s) => s.payload.length)).toEqual([1460, 1460, 80]);
    expect(data.every((s) => s.options.length === 0 && s.window === 64240)).toBe(true);
  });

  it('without an MSS option the peer gets segments of 536 bytes (RFC 9293 §3.7.1)', () => {
    const net = new FakeNetwork();
    const client = net.addHost('10.0.0.1');
    net.addRawHost('10.0.0.2');
    const conn = client.connect({ address: ip('10.0.0.2'), port: 80 });
    const peer = new RawPeer(net, '10.0.0.2', 80, '10.0.0.1', conn.localPort);
    peer.timestamps = false;
    net.runFor(1 * MS);
    peer.one();
    peer.send({ flags: TCP_SYN | TCP_ACK, window: 65535, options: [] });
    net.runFor(2 * MS);
    peer.received();
    conn.send(new Uint8Array(1000));
    expect(peer.received().map((p) => p.seg.payload.length)).toEqual([536, 464]);
  });
});

describe('initial sequence numbers, timestamps and ports', () => {
  it('differ between connections and come from the simulation RNG (same seed, same values)', () => {
    const run = () => {
      const { net, client } = twoHosts();
      const a = client.connect({ address: ip('10.0.0.2'), port: 25 });
      const b = client.connect({ address: ip('10.0.0.2'), port: 25 });
      net.run(1 * SECOND);
      return { ports: [a.localPort, b.localPort], isns: net.log.filter((p) => p.seg.flags & TCP_SYN).map((p) => p.seg.seq) };
    };
    const first = run();
    expect(first.ports[0]).not.toBe(first.ports[1]);
    expect(new Set(first.isns).size).toBe(4);
    expect(run()).toEqual(first);
  });

  it('TSval counts milliseconds of virtual time from a random per-connection offset', () => {
    const net = new FakeNetwork();
    const client = net.addHost('10.0.0.1');
    net.addRawHost('10.0.0.2');
    client.connect({ address: ip('10.0.0.2'), port: 25 });
    net.runFor(1 * SECOND + 1 * MS);
    const [syn, retry] = net.log.map((p) => tsOf(p.seg).tsval);
    expect((retry - syn) >>> 0).toBe(1000);
  });
});

describe('lost and repeated handshake segments', () => {
  it('a retransmitted SYN gets the same SYN-ACK again', () => {
    const net = new FakeNetwork();
    const server = net.addHost('10.0.0.1');
    net.addRawHost('10.0.0.2');
    server.listen({ port: 80 });
    const peer = new RawPeer(net, '10.0.0.2', 5555, '10.0.0.1', 80);
    const synOptions: TcpOption[] = [{ kind: 'mss', value: 1460 }];
    peer.send({ flags: TCP_SYN, options: synOptions });
    net.runFor(2 * MS);
    const first = peer.one();
    peer.send({ flags: TCP_SYN, seq: (peer.sndNxt - 1) >>> 0, options: synOptions });
    net.runFor(2 * MS);
    const again = peer.one();
    expect(again.flags).toBe(TCP_SYN | TCP_ACK);
    expect(again.seq).toBe(first.seq);
    expect(server.connections().map((c) => c.state)).toEqual(['SYN-RECEIVED']);
  });

  it('a lost final ACK is recovered when the SYN-ACK is retransmitted after 1 s', () => {
    const { net, client, accepted } = twoHosts();
    let n = 0;
    net.rules.push(() => (n++ === 2 ? 'drop' : 'pass'));
    const conn = client.connect({ address: ip('10.0.0.2'), port: 25 });
    net.run(500 * MS);
    expect(conn.state).toBe('ESTABLISHED');
    expect(accepted.length).toBe(0);
    net.run(2 * SECOND);
    expect(accepted.length).toBe(1);
    expect(net.summary().slice(3)).toEqual([
      `25 > ${conn.localPort} [SYN, ACK] Seq=0 Ack=1 Win=65160 Len=0`,
      `${conn.localPort} > 25 [ACK] Seq=1 Ack=1 Win=502 Len=0`,
    ]);
  });

  it('simultaneous open: both SYN-SENT, both reach ESTABLISHED (RFC 9293 §3.5 figure 7)', () => {
    const net = new FakeNetwork();
    const a = net.addHost('10.0.0.1');
    const b = net.addHost('10.0.0.2');
    const ca = a.connect({ address: ip('10.0.0.2'), port: 7000, localPort: 6000 });
    const cb = b.connect({ address: ip('10.0.0.1'), port: 6000, localPort: 7000 });
    const sa = watch(ca);
    const sb = watch(cb);
    net.run(1 * SECOND);
    expect([ca.state, cb.state]).toEqual(['ESTABLISHED', 'ESTABLISHED']);
    expect([sa.connected, sb.connected]).toEqual([true, true]);
    ca.send(new TextEncoder().encode('hi'));
    net.run(2 * SECOND);
    expect(sb.text()).toBe('hi');
  });

  it('a half-open child gets its SYN-ACK again at 1, 3, 7, 15 and 31 s, and is dropped at 63 s', () => {
    const net = new FakeNetwork();
    const server = net.addHost('10.0.0.1');
    net.addRawHost('10.0.0.2');
    server.listen({ port: 80 });
    const peer = new RawPeer(net, '10.0.0.2', 5555, '10.0.0.1', 80);
    peer.send({ flags: TCP_SYN, options: [{ kind: 'mss', value: 1460 }] });
    net.run(200 * SECOND);
    const times = peer.received().map((p) => Math.round((p.time - net.log[0].time) / MS) / 1000);
    expect(times).toEqual([0.001, 1.001, 3.001, 7.001, 15.001, 31.001]);
    expect(server.connections()).toEqual([]);
    expect(net.scheduler.now).toBe(63 * SECOND + 1 * MS);
  });

  it('after a retransmitted SYN, data waits 3 s before its first retransmission (RFC 6298 §5.7)', () => {
    const net = new FakeNetwork();
    const client = net.addHost('10.0.0.1');
    const server = net.addHost('10.0.0.2');
    server.listen({ port: 25 });
    let n = 0;
    net.rules.push(() => (n++ === 0 ? 'drop' : 'pass'));
    const conn = client.connect({ address: ip('10.0.0.2'), port: 25 });
    net.run(1500 * MS);
    expect(conn.state).toBe('ESTABLISHED');
    net.rules.push(() => 'drop');
    conn.send(new TextEncoder().encode('x'));
    const sentAt = net.scheduler.now;
    net.run(net.scheduler.now + 10 * SECOND);
    const data = net.log.filter((p) => p.seg.payload.length === 1);
    expect(data[1].time - sentAt).toBe(3 * SECOND);
  });
});
