// Sending: segmentation, PSH, Nagle, windows, retransmission and persist timers. Our TCP is
// 10.0.0.1, ESTABLISHED with a hand-driven peer (one-way delay 1 ms, so an RTT of 2 ms).
import { describe, expect, it } from 'vitest';
import { MS, SECOND } from '../../engine/time.ts';
import { TCP_ACK, TCP_PSH } from '../../wire/tcp.ts';
import { SND_BUF } from './tunables.ts';
import { activeEstablished } from './testing/setups.ts';

const text = (s: string) => new TextEncoder().encode(s);

describe('segmentation', () => {
  it('cuts a write into 1448-byte segments (MSS 1460 minus timestamps) with PSH on the last', () => {
    const { peer, conn } = activeEstablished();
    expect(conn.send(new Uint8Array(5000))).toBe(5000);
    const segs = peer.received().map((p) => p.seg);
    expect(segs.map((s) => s.payload.length)).toEqual([1448, 1448, 1448, 656]);
    expect(segs.map((s) => s.flags)).toEqual([TCP_ACK, TCP_ACK, TCP_ACK, TCP_ACK | TCP_PSH]);
    expect(conn.bytesQueued).toBe(5000);
  });

  it('sends 10 segments before the first ACK (initial window, RFC 6928), more as ACKs return', () => {
    const { net, peer, conn } = activeEstablished();
    conn.send(new Uint8Array(20 * 1448));
    expect(peer.received().length).toBe(10);
    peer.send({ ack: (peer.rcvNxt - 5 * 1448) >>> 0 });
    net.runFor(1 * MS);
    expect(peer.received().length).toBeGreaterThanOrEqual(5);
  });

  it('frees acknowledged bytes from the send queue', () => {
    const { net, peer, conn } = activeEstablished();
    conn.send(new Uint8Array(3000));
    peer.received();
    peer.send({});
    net.runFor(1 * MS);
    expect(conn.bytesQueued).toBe(0);
  });

  it('accepts at most the send buffer and fires onWritable once it has drained to half', () => {
    const { net, peer, conn, seen } = activeEstablished();
    expect(conn.send(new Uint8Array(SND_BUF + 1000))).toBe(SND_BUF);
    expect(conn.send(new Uint8Array(10))).toBe(0);
    for (let i = 0; i < 2000 && seen.writable === 0; i++) {
      peer.received();
      peer.send({ window: 20000 });
      net.runFor(2 * MS);
    }
    expect(seen.writable).toBe(1);
    expect(conn.bytesQueued).toBeLessThanOrEqual(SND_BUF / 2);
  });
});

describe('Nagle (RFC 896, with Minshall as in Linux)', () => {
  it('holds a small write while an earlier small segment is unacknowledged', () => {
    const { net, peer, conn } = activeEstablished();
    conn.send(text('a'));
    conn.send(text('b'));
    conn.send(text('c'));
    expect(peer.received().map((p) => p.seg.payload.length)).toEqual([1]);
    peer.send({});
    net.runFor(1 * MS);
    const next = peer.one();
    expect(new TextDecoder().decode(next.payload)).toBe('bc');
  });

  it('lets the short tail of a large write go at once', () => {
    const { peer, conn } = activeEstablished();
    conn.send(new Uint8Array(1448 + 10));
    expect(peer.received().map((p) => p.seg.payload.length)).toEqual([1448, 10]);
  });

  it('sends every write at once with noDelay (TCP_NODELAY)', () => {
    const { peer, conn } = activeEstablished();
    conn.noDelay = true;
    conn.send(text('a'));
    conn.send(text('b'));
    expect(peer.received().length).toBe(2);
  });
});

describe("the peer's window", () => {
  it('limits what is in flight, without sending a sliver of a segment (SWS avoidance)', () => {
    const { net, peer, conn } = activeEstablished();
    peer.send({ window: 16 }); // 16 x 128 = 2048 bytes
    net.runFor(1 * MS);
    conn.send(new Uint8Array(5000));
    expect(peer.received().map((p) => p.seg.payload.length)).toEqual([1448]);
  });

  it('zero window: probes with the persist timer, backing off, and resumes when it opens', () => {
    const { net, peer, conn } = activeEstablished();
    peer.send({ window: 0 });
    net.runFor(1 * MS);
    conn.send(text('queued'));
    expect(peer.received().length).toBe(0);
    const start = net.scheduler.now;
    net.runFor(2 * SECOND);
    const probes = peer.received();
    expect(probes.length).toBeGreaterThanOrEqual(3);
    for (const p of probes) {
      expect(p.seg.payload.length).toBe(0);
      expect(p.seg.seq).toBe((peer.rcvNxt - 1) >>> 0); // one byte behind: the peer must answer
    }
    const gaps = probes.map((p, i) => p.time - (i === 0 ? start : probes[i - 1].time));
    expect(gaps[1]).toBeGreaterThan(gaps[0] * 1.9);
    peer.send({ window: 502 });
    net.runFor(1 * MS);
    expect(new TextDecoder().decode(peer.one().payload)).toBe('queued');
  });
});

describe('retransmission', () => {
  it('resends after the RTO (about 200 ms on a LAN), doubling it each time', () => {
    const { net, peer, conn } = activeEstablished();
    conn.send(text('lost'));
    const sent = peer.received()[0];
    net.runFor(5 * SECOND);
    const again = peer.received();
    expect(again.length).toBeGreaterThanOrEqual(4);
    expect(again.every((p) => p.seg.seq === sent.seg.seq && p.seg.payload.length === 4)).toBe(true);
    const first = again[0].time - sent.time;
    expect(first).toBeGreaterThanOrEqual(200 * MS);
    expect(first).toBeLessThan(210 * MS);
    expect(again[1].time - again[0].time).toBe(2 * first);
    expect(again[2].time - again[1].time).toBe(4 * first);
  });

  it('gives up with ETIMEDOUT after 15 retransmissions (tcp_retries2), without RST', () => {
    const { net, peer, conn, seen } = activeEstablished();
    conn.send(text('nobody listens'));
    net.run(2000 * SECOND);
    const segs = peer.received();
    expect(segs.length).toBe(16);
    expect(seen.closed).toBe('ETIMEDOUT');
    expect(conn.state).toBe('CLOSED');
    // 200 ms doubling up to the 120 s cap: about 15 minutes as on Linux.
    const elapsed = net.scheduler.now - segs[0].time;
    expect(elapsed).toBeGreaterThan(800 * SECOND);
    expect(elapsed).toBeLessThan(1000 * SECOND);
  });

  it('fast retransmit on the third duplicate ACK, before any timeout (RFC 5681 §3.2)', () => {
    const { net, peer, conn } = activeEstablished();
    const base = (peer.rcvNxt + 1448) >>> 0; // the first segment arrives, the second is lost
    conn.send(new Uint8Array(8 * 1448));
    peer.received();
    for (let i = 0; i < 4; i++) peer.send({ ack: base });
    net.runFor(1 * MS);
    const resent = peer.received().map((p) => p.seg).find((s) => s.seq === base)!;
    expect(resent.seq).toBe(base);
    expect(resent.payload.length).toBe(1448);
  });

  it('recovers several losses in one window with partial ACKs (NewReno, RFC 6582)', () => {
    const { net, peer, conn } = activeEstablished();
    const base = (peer.rcvNxt + 1448) >>> 0;
    conn.send(new Uint8Array(8 * 1448));
    peer.received();
    for (let i = 0; i < 4; i++) peer.send({ ack: base });
    net.runFor(1 * MS);
    peer.received();
    peer.send({ ack: (base + 3 * 1448) >>> 0 }); // segments 1-3 arrived, 4 was lost too
    net.runFor(1 * MS);
    const again = peer.received().map((p) => p.seg);
    expect(again[0].seq).toBe((base + 3 * 1448) >>> 0);
    expect(again[0].payload.length).toBe(1448);
  });
});
