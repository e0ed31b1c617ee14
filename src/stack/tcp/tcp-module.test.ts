// The module: demultiplexing, listeners and ports, segments for nobody (RFC 9293 §3.10.7.1),
// connect failures (refused, timeout, ICMP), and the accept queue.
import { describe, expect, it } from 'vitest';
import { MS, SECOND } from '../../engine/time.ts';
import { TCP_ACK, TCP_RST, TCP_SYN, tcpHeaderLength } from '../../wire/tcp.ts';
import { FakeNetwork, ip } from './testing/fake-network.ts';
import { RawPeer } from './testing/raw-peer.ts';
import { activeEstablished, watch } from './testing/setups.ts';
import type { TcpConnection, TcpListener } from './tcp-module.ts';

function listenOrThrow(l: TcpListener | string): TcpListener {
  if (typeof l === 'string') throw new Error(l);
  return l;
}

describe('a SYN to a closed port', () => {
  it('is answered by RST,ACK seq 0 ack ISN+1 window 0, and connect fails with ECONNREFUSED', () => {
    const net = new FakeNetwork();
    const client = net.addHost('10.0.0.1');
    net.addHost('10.0.0.2');
    const conn = client.connect({ address: ip('10.0.0.2'), port: 25 });
    const seen = watch(conn);
    net.run(10 * SECOND);
    const [syn, rst] = net.log.map((p) => p.seg);
    expect(rst.flags).toBe(TCP_RST | TCP_ACK);
    expect(rst.seq).toBe(0);
    expect(rst.ack).toBe((syn.seq + 1) >>> 0);
    expect(rst.window).toBe(0);
    expect(tcpHeaderLength(rst)).toBe(20);
    expect(net.log.length).toBe(2);
    expect(seen.closed).toBe('ECONNREFUSED');
    expect(conn.state).toBe('CLOSED');
    expect(client.counters.attemptFails).toBe(1);
  });
});

describe('segments for no connection (RFC 9293 §3.10.7.1)', () => {
  function setup() {
    const net = new FakeNetwork();
    const host = net.addHost('10.0.0.1');
    net.addRawHost('10.0.0.2');
    const peer = new RawPeer(net, '10.0.0.2', 4000, '10.0.0.1', 80);
    return { net, host, peer };
  }

  it('an ACK gets <SEQ=SEG.ACK><CTL=RST>', () => {
    const { net, peer } = setup();
    peer.send({ payload: 'x', ack: 777 });
    net.runFor(2 * MS);
    const rst = peer.one();
    expect(rst.flags).toBe(TCP_RST);
    expect(rst.seq).toBe(777);
  });

  it('an RST gets nothing', () => {
    const { net, peer } = setup();
    peer.send({ flags: TCP_RST });
    net.runFor(2 * MS);
    expect(peer.received().length).toBe(0);
  });

  it('an ACK to a listening port gets RST too (§3.10.7.2)', () => {
    const { net, peer, host } = setup();
    host.listen({ port: 80 });
    peer.send({ ack: 4242 });
    net.runFor(2 * MS);
    expect(peer.one()).toMatchObject({ flags: TCP_RST, seq: 4242 });
  });

  it('a segment with a bad checksum is dropped and counted', () => {
    const { host } = setup();
    const bytes = new Uint8Array(20);
    bytes[12] = 5 << 4;
    host.receive({ src: ip('10.0.0.2'), dst: ip('10.0.0.1'), ttl: 64, tos: 0, iface: 'eth0', packet: bytes }, bytes);
    expect(host.counters.inErrs).toBe(1);
  });
});

describe('connect failures', () => {
  it('SYN retried at 1, 3, 7, 15, 31 and 63 s, then ETIMEDOUT at 127 s (tcp_syn_retries = 6)', () => {
    const net = new FakeNetwork();
    const client = net.addHost('10.0.0.1');
    net.addRawHost('10.0.0.2');
    const conn = client.connect({ address: ip('10.0.0.2'), port: 25 });
    const seen = watch(conn);
    net.run(1000 * SECOND);
    expect(net.log.map((p) => p.time / SECOND)).toEqual([0, 1, 3, 7, 15, 31, 63]);
    expect(net.log.every((p) => p.seg.flags === TCP_SYN && p.seg.seq === net.log[0].seg.seq)).toBe(true);
    expect(seen.closed).toBe('ETIMEDOUT');
    expect(net.scheduler.now).toBe(127 * SECOND);
  });

  it('ICMP host unreachable during SYN-SENT fails the connect at once with EHOSTUNREACH (Linux tcp_v4_err)', () => {
    const net = new FakeNetwork();
    const client = net.addHost('10.0.0.1');
    net.addRawHost('10.0.0.2');
    const conn = client.connect({ address: ip('10.0.0.2'), port: 25 });
    const seen = watch(conn);
    net.runFor(3 * SECOND);
    net.icmpError('10.0.0.1', 3, 1, net.log[0]);
    net.runFor(1 * MS);
    expect(seen.closed).toBe('EHOSTUNREACH');
    expect(conn.state).toBe('CLOSED');
  });

  it('ICMP net unreachable during SYN-SENT gives ENETUNREACH', () => {
    const net = new FakeNetwork();
    const client = net.addHost('10.0.0.1');
    net.addRawHost('10.0.0.2');
    const conn = client.connect({ address: ip('10.0.0.2'), port: 25 });
    const seen = watch(conn);
    net.icmpError('10.0.0.1', 3, 0, net.log[0]);
    net.runFor(1 * MS);
    expect(seen.closed).toBe('ENETUNREACH');
  });

  it('once established, ICMP errors are soft: reported only when the data times out', () => {
    const { net, peer, conn, seen } = activeEstablished();
    conn.send(new TextEncoder().encode('hello'));
    const sent = peer.received()[0];
    net.icmpError('10.0.0.1', 3, 1, sent);
    net.runFor(1 * SECOND);
    expect(conn.state).toBe('ESTABLISHED');
    net.run(2000 * SECOND);
    expect(seen.closed).toBe('EHOSTUNREACH');
  });

  it('an ICMP error quoting a sequence number not in flight is ignored', () => {
    const net = new FakeNetwork();
    const client = net.addHost('10.0.0.1');
    net.addRawHost('10.0.0.2');
    const conn = client.connect({ address: ip('10.0.0.2'), port: 25 });
    const quoted = { ...net.log[0], bytes: net.log[0].bytes.slice() };
    quoted.bytes[4] ^= 0x80;
    net.icmpError('10.0.0.1', 3, 1, quoted);
    net.runFor(1 * MS);
    expect(conn.state).toBe('SYN-SENT');
  });

  it('no route: onClose(ENETUNREACH) from the scheduler and nothing sent', () => {
    const net = new FakeNetwork();
    const client = net.addHost('10.0.0.1');
    net.unreachable.add(ip('192.0.2.1'));
    const conn = client.connect({ address: ip('192.0.2.1'), port: 25 });
    const seen = watch(conn);
    expect(seen.closed).toBeUndefined();
    net.run();
    expect(seen.closed).toBe('ENETUNREACH');
    expect(net.log.length).toBe(0);
  });

  it('a local port already in use: EADDRINUSE; a source address not ours: EADDRNOTAVAIL', () => {
    const net = new FakeNetwork();
    const client = net.addHost('10.0.0.1');
    client.listen({ port: 8080 });
    const a = watch(client.connect({ address: ip('10.0.0.2'), port: 25, localPort: 8080 }));
    const b = watch(client.connect({ address: ip('10.0.0.2'), port: 25, localAddress: ip('10.9.9.9') }));
    net.run(1 * MS);
    expect(a.closed).toBe('EADDRINUSE');
    expect(b.closed).toBe('EADDRNOTAVAIL');
  });
});

describe('listen', () => {
  it('refuses a port already listened on (EADDRINUSE), wildcard or not', () => {
    const net = new FakeNetwork();
    const host = net.addHost('10.0.0.1');
    expect(typeof host.listen({ port: 25 })).toBe('object');
    expect(host.listen({ port: 25 })).toBe('EADDRINUSE');
    expect(host.listen({ port: 25, address: ip('127.0.0.1') })).toBe('EADDRINUSE');
    expect(typeof host.listen({ port: 110, address: ip('127.0.0.1') })).toBe('object');
    expect(typeof host.listen({ port: 110, address: ip('10.0.0.1') })).toBe('object');
    expect(host.listen({ port: 143, address: ip('10.9.9.9') })).toBe('EADDRNOTAVAIL');
  });

  it('a listener bound to 127.0.0.1 does not answer on the Ethernet address', () => {
    const net = new FakeNetwork();
    const server = net.addHost('10.0.0.2');
    const client = net.addHost('10.0.0.1');
    server.listen({ port: 25, address: ip('127.0.0.1') });
    const seen = watch(client.connect({ address: ip('10.0.0.2'), port: 25 }));
    net.run(1 * SECOND);
    expect(seen.closed).toBe('ECONNREFUSED');
  });

  it('lists listeners and connections for netstat/ss, with their owner', () => {
    const net = new FakeNetwork();
    const server = net.addHost('10.0.0.2');
    const client = net.addHost('10.0.0.1');
    const l = listenOrThrow(server.listen({ port: 25, owner: { pid: 812, name: 'master' } }));
    l.onConnection.on(() => {}); // accepted: the child belongs to the listener's process
    client.connect({ address: ip('10.0.0.2'), port: 25, owner: { pid: 999, name: 'telnet' } });
    net.run(1 * SECOND);
    expect(server.listeners()).toEqual([l]);
    const [child] = server.connections();
    expect(child).toMatchObject({ state: 'ESTABLISHED', localPort: 25, owner: { pid: 812, name: 'master' } });
    expect(client.connections()[0].owner).toEqual({ pid: 999, name: 'telnet' });
  });
});

describe('accept queue and backlog', () => {
  it('queues established connections until accept(); a SYN finding it full is dropped, then retried', () => {
    const net = new FakeNetwork();
    const server = net.addHost('10.0.0.2');
    const client = net.addHost('10.0.0.1');
    const l = listenOrThrow(server.listen({ port: 25, backlog: 1 }));
    const conns: TcpConnection[] = [];
    for (let i = 0; i < 3; i++) {
      conns.push(client.connect({ address: ip('10.0.0.2'), port: 25 }));
      net.run(net.scheduler.now + 100 * MS);
    }
    // Linux accepts backlog + 1 before the queue counts as full.
    expect(l.queueLength).toBe(2);
    expect(conns.map((c) => c.state)).toEqual(['ESTABLISHED', 'ESTABLISHED', 'SYN-SENT']);
    expect(server.counters.listenOverflows).toBe(1);
    expect(l.accept()).not.toBeNull();
    net.run(net.scheduler.now + 1500 * MS);
    expect(conns[2].state).toBe('ESTABLISHED');
    expect(l.queueLength).toBe(2);
  });

  it('subscribing to onConnection later still delivers the queued connections', () => {
    const net = new FakeNetwork();
    const server = net.addHost('10.0.0.2');
    const client = net.addHost('10.0.0.1');
    const l = listenOrThrow(server.listen({ port: 25 }));
    const c = client.connect({ address: ip('10.0.0.2'), port: 25 });
    c.onConnect.on(() => c.send(new TextEncoder().encode('early data')));
    net.run(1 * SECOND);
    const got: string[] = [];
    l.onConnection.on((s: TcpConnection) => s.onData.on((d) => got.push(new TextDecoder().decode(d))));
    net.run(2 * SECOND);
    expect(got).toEqual(['early data']);
  });

  it('closing the listener resets the connections nobody accepted', () => {
    const net = new FakeNetwork();
    const server = net.addHost('10.0.0.2');
    const client = net.addHost('10.0.0.1');
    const l = listenOrThrow(server.listen({ port: 25 }));
    const seen = watch(client.connect({ address: ip('10.0.0.2'), port: 25 }));
    net.run(1 * SECOND);
    l.close();
    net.run(2 * SECOND);
    expect(seen.closed).toBe('ECONNRESET');
    expect(server.listeners()).toEqual([]);
    expect(typeof server.listen({ port: 25 })).toBe('object');
  });
});

describe('ports and TIME-WAIT', () => {
  it('a new SYN reusing a pair in TIME-WAIT opens a new connection (RFC 6191)', () => {
    const net = new FakeNetwork();
    const server = net.addHost('10.0.0.2');
    const client = net.addHost('10.0.0.1');
    const l = listenOrThrow(server.listen({ port: 25 }));
    let n = 0;
    l.onConnection.on((s: TcpConnection) => {
      n++;
      s.close();
    });
    const first = client.connect({ address: ip('10.0.0.2'), port: 25, localPort: 40000 });
    first.onEnd.on(() => first.close());
    net.run(1 * SECOND);
    expect(server.connections().map((c) => c.state)).toEqual(['TIME-WAIT']);
    expect(first.state).toBe('CLOSED');
    const second = client.connect({ address: ip('10.0.0.2'), port: 25, localPort: 40000 });
    net.run(2 * SECOND);
    expect(n).toBe(2);
    expect(second.state).not.toBe('SYN-SENT');
  });
});
