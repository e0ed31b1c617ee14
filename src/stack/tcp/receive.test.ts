// Receiving (RFC 9293 §3.10.7.4) one crafted segment at a time: what our TCP answers and what the
// application sees. Our TCP is 10.0.0.1, ESTABLISHED with a hand-driven peer (one-way delay 1 ms).
import { describe, expect, it } from 'vitest';
import { MS, SECOND } from '../../engine/time.ts';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../../wire/tcp.ts';
import { activeEstablished } from './testing/setups.ts';

const FULL = 1448;

describe('in-order data', () => {
  it('is handed to the application and acknowledged at once while in quickack mode', () => {
    const { net, peer, seen } = activeEstablished();
    peer.send({ payload: 'hello\r\n' });
    net.runFor(1 * MS);
    expect(seen.text()).toBe('hello\r\n');
    const ack = peer.one();
    expect(ack.flags).toBe(TCP_ACK);
    expect(ack.ack).toBe(peer.sndNxt);
    expect(ack.payload.length).toBe(0);
  });

  it('after 16 quick ACKs, a small segment is acknowledged 40 ms later (delayed ACK)', () => {
    const { net, peer } = activeEstablished();
    for (let i = 0; i < 16; i++) {
      peer.send({ payload: 'x' });
      net.runFor(2 * MS);
      expect(peer.received().length).toBe(1);
    }
    peer.send({ payload: 'y' });
    net.runFor(1 * MS);
    expect(peer.received().length).toBe(0);
    net.runFor(39 * MS);
    expect(peer.received().length).toBe(0);
    net.runFor(1 * MS);
    expect(peer.one().ack).toBe(peer.sndNxt);
  });

  it('out of quickack mode, every second full-sized segment is acknowledged at once', () => {
    const { net, peer } = activeEstablished();
    for (let i = 0; i < 16; i++) peer.send({ payload: new Uint8Array(FULL) });
    net.runFor(5 * MS);
    peer.received();
    peer.send({ payload: new Uint8Array(FULL) });
    net.runFor(1 * MS + 1);
    expect(peer.received().length).toBe(0);
    peer.send({ payload: new Uint8Array(FULL) });
    net.runFor(1 * MS);
    expect(peer.one().ack).toBe(peer.sndNxt);
  });

  it('quickack mode comes back when data arrives after an idle time longer than the RTO', () => {
    const { net, peer } = activeEstablished();
    for (let i = 0; i < 17; i++) peer.send({ payload: 'x' });
    net.runFor(100 * MS);
    peer.received();
    net.runFor(3 * SECOND);
    peer.send({ payload: 'typed line\r\n' });
    net.runFor(1 * MS);
    expect(peer.one().ack).toBe(peer.sndNxt);
  });

  it('an application reply in the same instant carries the delayed ACK (piggybacking)', () => {
    const { net, peer, conn } = activeEstablished();
    for (let i = 0; i < 17; i++) peer.send({ payload: 'x' });
    net.runFor(100 * MS);
    peer.received();
    conn.onData.on(() => conn.send(new TextEncoder().encode('250 Ok\r\n')));
    peer.send({ payload: 'NOOP\r\n' });
    net.runFor(1 * MS);
    const reply = peer.one();
    expect(new TextDecoder().decode(reply.payload)).toBe('250 Ok\r\n');
    expect(reply.ack).toBe(peer.sndNxt);
  });
});

describe('out-of-order and duplicate segments', () => {
  it('a segment after a hole is held and answered by a duplicate ACK with a SACK block', () => {
    const { net, peer, seen } = activeEstablished();
    const start = peer.sndNxt;
    peer.send({ payload: 'world', seq: (start + 6) >>> 0 });
    net.runFor(1 * MS);
    const dup = peer.one();
    expect(dup.ack).toBe(start);
    expect(dup.options.find((o) => o.kind === 'sack')).toEqual({ kind: 'sack', blocks: [[(start + 6) >>> 0, (start + 11) >>> 0]] });
    expect(seen.chunks.length).toBe(0);
    peer.send({ payload: 'hello ', seq: start });
    net.runFor(1 * MS);
    expect(peer.one().ack).toBe((start + 11) >>> 0);
    expect(seen.text()).toBe('hello world');
  });

  it('an old duplicate is acknowledged again and not delivered twice', () => {
    const { net, peer, seen } = activeEstablished();
    const start = peer.sndNxt;
    peer.send({ payload: 'once' });
    net.runFor(2 * MS);
    peer.received();
    peer.send({ payload: 'once', seq: start });
    net.runFor(1 * MS);
    expect(peer.one().ack).toBe(peer.sndNxt);
    expect(seen.text()).toBe('once');
  });

  it('a segment overlapping received data delivers only the new bytes', () => {
    const { net, peer, seen } = activeEstablished();
    const start = peer.sndNxt;
    peer.send({ payload: 'abc' });
    net.runFor(2 * MS);
    peer.send({ payload: 'bcdef', seq: (start + 1) >>> 0 });
    net.runFor(2 * MS);
    expect(seen.text()).toBe('abcdef');
  });

  it('a segment far beyond the window is not accepted: ACK with what we expect', () => {
    const { net, peer, seen } = activeEstablished();
    peer.send({ payload: 'far', seq: (peer.sndNxt + 10_000_000) >>> 0 });
    net.runFor(1 * MS);
    expect(peer.one().ack).toBe(peer.sndNxt);
    expect(seen.chunks.length).toBe(0);
  });

  it('PAWS: a segment with an older timestamp is dropped and answered by an ACK (RFC 7323 §5)', () => {
    const { net, peer, seen } = activeEstablished();
    peer.send({ payload: 'new' });
    net.runFor(2 * MS);
    peer.received();
    peer.send({ payload: 'old', options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsval: 5, tsecr: 0 }] });
    net.runFor(1 * MS);
    expect(peer.one().ack).toBe((peer.sndNxt - 3) >>> 0);
    expect(seen.text()).toBe('new');
  });
});

describe('control segments in ESTABLISHED', () => {
  it('RST at exactly RCV.NXT resets the connection: ECONNRESET', () => {
    const { net, peer, conn, seen } = activeEstablished();
    peer.send({ flags: TCP_RST | TCP_ACK });
    net.runFor(1 * MS);
    expect(conn.state).toBe('CLOSED');
    expect(seen.closed).toBe('ECONNRESET');
    expect(peer.received().length).toBe(0);
  });

  it('RST elsewhere in the window gets a challenge ACK and changes nothing (RFC 5961 §3.2)', () => {
    const { net, peer, conn } = activeEstablished();
    peer.send({ flags: TCP_RST, seq: (peer.sndNxt + 100) >>> 0 });
    net.runFor(1 * MS);
    expect(peer.one().flags).toBe(TCP_ACK);
    expect(conn.state).toBe('ESTABLISHED');
  });

  it('RST outside the window is ignored', () => {
    const { net, peer, conn } = activeEstablished();
    peer.send({ flags: TCP_RST, seq: (peer.sndNxt - 100_000) >>> 0 });
    net.runFor(1 * MS);
    expect(peer.received().length).toBe(0);
    expect(conn.state).toBe('ESTABLISHED');
  });

  it('SYN gets a challenge ACK (RFC 5961 §4.2)', () => {
    const { net, peer, conn } = activeEstablished();
    peer.send({ flags: TCP_SYN, seq: (peer.sndNxt + 5) >>> 0 });
    net.runFor(1 * MS);
    const ack = peer.one();
    expect(ack.flags).toBe(TCP_ACK);
    expect(ack.ack).toBe(peer.sndNxt);
    expect(conn.state).toBe('ESTABLISHED');
  });

  it('an ACK of data never sent is answered by an ACK and its data dropped', () => {
    const { net, peer, seen } = activeEstablished();
    const ours = peer.rcvNxt;
    peer.send({ payload: 'bogus', ack: (ours + 5000) >>> 0 });
    net.runFor(1 * MS);
    expect(peer.one().ack).toBe((peer.sndNxt - 5) >>> 0);
    expect(seen.chunks.length).toBe(0);
  });
});

describe('FIN from the peer', () => {
  it('ends the read side: onEnd, CLOSE-WAIT, and the ACK waits 40 ms for our own FIN', () => {
    const { net, peer, conn, seen } = activeEstablished();
    peer.send({ flags: TCP_FIN | TCP_ACK });
    net.runFor(1 * MS);
    expect(seen.ended).toBe(true);
    expect(conn.state).toBe('CLOSE-WAIT');
    expect(peer.received().length).toBe(0);
    net.runFor(40 * MS);
    expect(peer.one().ack).toBe(peer.sndNxt);
  });

  it('closing at once answers with a single FIN,ACK (FIN,ACK / FIN,ACK / ACK in captures)', () => {
    const { net, peer, conn } = activeEstablished();
    conn.onEnd.on(() => conn.close());
    peer.send({ flags: TCP_FIN | TCP_ACK });
    net.runFor(1 * MS);
    const fin = peer.one();
    expect(fin.flags).toBe(TCP_FIN | TCP_ACK);
    expect(fin.ack).toBe(peer.sndNxt);
    expect(conn.state).toBe('LAST-ACK');
  });

  it('data and FIN out of order are delivered once the hole is filled', () => {
    const { net, peer, seen, conn } = activeEstablished();
    const start = peer.sndNxt;
    peer.send({ payload: 'tail', seq: (start + 4) >>> 0, flags: TCP_FIN | TCP_ACK });
    net.runFor(1 * MS);
    expect(seen.ended).toBe(false);
    peer.send({ payload: 'head', seq: start });
    net.runFor(1 * MS);
    expect(seen.text()).toBe('headtail');
    expect(seen.ended).toBe(true);
    expect(conn.state).toBe('CLOSE-WAIT');
  });
});
