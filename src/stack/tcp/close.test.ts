// Closing (RFC 9293 §3.6): FIN from either side, simultaneous close, TIME-WAIT, and the resets
// Linux sends when data would be lost.
import { describe, expect, it } from 'vitest';
import { MS, SECOND } from '../../engine/time.ts';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST } from '../../wire/tcp.ts';
import { FakeNetwork, ip } from './testing/fake-network.ts';
import { activeEstablished, passiveEstablished, watch } from './testing/setups.ts';
import type { TcpConnection } from './tcp-module.ts';

const text = (s: string) => new TextEncoder().encode(s);

describe('we close first', () => {
  it('FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT for 60 s, then the connection is gone', () => {
    const { net, peer, conn, seen, tcp } = activeEstablished();
    conn.close();
    const fin = peer.one();
    expect(fin.flags).toBe(TCP_FIN | TCP_ACK);
    expect(conn.state).toBe('FIN-WAIT-1');
    peer.send({});
    net.runFor(1 * MS);
    expect(conn.state).toBe('FIN-WAIT-2');
    peer.send({ flags: TCP_FIN | TCP_ACK });
    net.runFor(1 * MS);
    const ack = peer.one();
    expect(ack.flags).toBe(TCP_ACK);
    expect(ack.ack).toBe(peer.sndNxt);
    expect(conn.state).toBe('TIME-WAIT');
    expect(seen.closed).toBeNull();
    expect(tcp.connections()).toEqual([conn]);
    net.runFor(59 * SECOND);
    expect(conn.state).toBe('TIME-WAIT');
    net.runFor(1 * SECOND);
    expect(conn.state).toBe('CLOSED');
    expect(tcp.connections()).toEqual([]);
  });

  it('in TIME-WAIT, a retransmitted FIN is acknowledged again and restarts the 60 s', () => {
    const { net, peer, conn } = activeEstablished();
    conn.close();
    peer.received();
    peer.send({ flags: TCP_FIN | TCP_ACK });
    net.runFor(1 * MS);
    peer.received();
    net.runFor(30 * SECOND);
    peer.send({ flags: TCP_FIN | TCP_ACK, seq: (peer.sndNxt - 1) >>> 0 });
    net.runFor(1 * MS);
    expect(peer.one().ack).toBe(peer.sndNxt);
    net.runFor(59 * SECOND);
    expect(conn.state).toBe('TIME-WAIT');
    net.runFor(1 * SECOND);
    expect(conn.state).toBe('CLOSED');
  });

  it('the FIN rides on the last data segment, which Nagle no longer holds back', () => {
    const { peer, conn } = activeEstablished();
    conn.send(text('221 Bye\r\n'));
    peer.received();
    conn.send(text('more'));
    conn.close();
    // Closing pushes what Nagle was holding (Linux tcp_send_fin: TCP_NAGLE_OFF), FIN included.
    const last = peer.one();
    expect(new TextDecoder().decode(last.payload)).toBe('more');
    expect(last.flags).toBe(TCP_FIN | TCP_PSH | TCP_ACK);
    expect(conn.state).toBe('FIN-WAIT-1');
  });

  it('an orphan in FIN-WAIT-2 gives up after 60 s (tcp_fin_timeout)', () => {
    const { net, peer, conn } = activeEstablished();
    conn.close();
    peer.received();
    peer.send({});
    net.runFor(1 * MS);
    expect(conn.state).toBe('FIN-WAIT-2');
    net.runFor(60 * SECOND);
    expect(conn.state).toBe('CLOSED');
  });

  it('half-close: after shutdown() we still receive until the peer closes', () => {
    const { net, peer, conn, seen } = activeEstablished();
    conn.shutdown();
    peer.received();
    expect(conn.send(text('late'))).toBe(0);
    peer.send({ payload: 'still coming' });
    net.runFor(1 * MS);
    peer.send({ flags: TCP_FIN | TCP_ACK });
    net.runFor(1 * MS);
    expect(seen.text()).toBe('still coming');
    expect(seen.ended).toBe(true);
    expect(conn.state).toBe('TIME-WAIT');
  });
});

describe('the peer closes first', () => {
  it('CLOSE-WAIT until we close, LAST-ACK, then CLOSED on the final ACK', () => {
    const { net, peer, conn, seen } = passiveEstablished();
    peer.send({ flags: TCP_FIN | TCP_ACK });
    net.runFor(1 * MS);
    expect(conn.state).toBe('CLOSE-WAIT');
    expect(seen.ended).toBe(true);
    conn.close();
    expect(peer.received().map((p) => p.seg.flags)).toContain(TCP_FIN | TCP_ACK);
    expect(conn.state).toBe('LAST-ACK');
    peer.send({});
    net.runFor(1 * MS);
    expect(conn.state).toBe('CLOSED');
    expect(seen.closed).toBeNull();
  });
});

describe('simultaneous close (RFC 9293 §3.6 figure 13)', () => {
  it('both FIN-WAIT-1, both CLOSING, both TIME-WAIT', () => {
    const net = new FakeNetwork({ delay: 1 * MS });
    const a = net.addHost('10.0.0.1');
    const b = net.addHost('10.0.0.2');
    const listener = b.listen({ port: 9 });
    if (typeof listener === 'string') throw new Error(listener);
    let server: TcpConnection | undefined;
    listener.onConnection.on((c) => (server = c));
    const client = a.connect({ address: ip('10.0.0.2'), port: 9 });
    net.run(1 * SECOND);
    client.close();
    server!.close();
    expect([client.state, server!.state]).toEqual(['FIN-WAIT-1', 'FIN-WAIT-1']);
    net.runFor(1 * MS);
    expect([client.state, server!.state]).toEqual(['CLOSING', 'CLOSING']);
    net.runFor(1 * MS);
    expect([client.state, server!.state]).toEqual(['TIME-WAIT', 'TIME-WAIT']);
    const flags = net.log.slice(3).map((p) => p.seg.flags);
    expect(flags).toEqual([TCP_FIN | TCP_ACK, TCP_FIN | TCP_ACK, TCP_ACK, TCP_ACK]);
  });
});

describe('resets instead of a FIN (Linux tcp_close)', () => {
  it('close() with received data still unread sends RST,ACK and discards the data', () => {
    const { net, peer, conn } = passiveEstablished();
    let chunks = 0;
    conn.onData.on(() => {
      chunks++;
      conn.close();
    });
    peer.send({ payload: 'QUIT\r\n' });
    peer.send({ payload: 'pipelined' });
    net.runFor(1 * MS);
    expect(chunks).toBe(1);
    const segs = peer.received().map((p) => p.seg);
    const rst = segs[segs.length - 1];
    expect(rst.flags).toBe(TCP_RST | TCP_ACK);
    expect(rst.ack).toBe(peer.sndNxt);
    expect(conn.state).toBe('CLOSED');
  });

  it('data arriving after close() is answered by RST', () => {
    const { net, peer, conn } = passiveEstablished();
    conn.close();
    peer.received();
    peer.send({ payload: 'too late' });
    net.runFor(1 * MS);
    expect(peer.received().map((p) => p.seg.flags)).toEqual([TCP_RST | TCP_ACK]);
    expect(conn.state).toBe('CLOSED');
  });

  it('abort() sends RST,ACK at once; onClose(null); the peer then finds no connection', () => {
    const { net, peer, conn, seen } = activeEstablished();
    conn.abort();
    expect(peer.one().flags).toBe(TCP_RST | TCP_ACK);
    expect(conn.state).toBe('CLOSED');
    expect(seen.closed).toBeUndefined(); // events come from the scheduler, not inside abort()
    net.runFor(0);
    expect(seen.closed).toBeNull();
    peer.send({ payload: 'anyone?' });
    net.runFor(1 * MS);
    const reply = peer.one();
    expect(reply.flags).toBe(TCP_RST);
    expect(reply.seq).toBe(peer.rcvNxt);
  });
});

describe('application events', () => {
  it('arrive from the scheduler, never inside the call that caused them', () => {
    const net = new FakeNetwork();
    const a = net.addHost('10.0.0.1');
    net.addHost('10.0.0.2');
    const conn = a.connect({ address: ip('10.0.0.2'), port: 1 });
    const seen = watch(conn);
    conn.close();
    expect(seen.closed).toBeUndefined();
    net.run(1 * SECOND);
    expect(seen.closed).toBeNull();
  });
});
