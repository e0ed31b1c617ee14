// End to end: two TcpModules through the fake network, moving data the way lab sessions do.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng.ts';
import { MS, SECOND } from '../../engine/time.ts';
import { FakeNetwork, ip } from './testing/fake-network.ts';
import { concat, sameBytes, watch } from './testing/setups.ts';
import type { TcpConnection, TcpModule } from './tcp-module.ts';

const enc = (s: string) => new TextEncoder().encode(s);

function pattern(n: number): Uint8Array {
  const rng = new Rng(`data-${n}`);
  return rng.bytes(n);
}

function serve(server: TcpModule, port: number, onConn: (c: TcpConnection) => void): void {
  const l = server.listen({ port });
  if (typeof l === 'string') throw new Error(l);
  l.onConnection.on(onConn);
}

/** Writes all of `data`, waiting for onWritable when the send buffer is full, then closes or half-closes. */
function writeAll(conn: TcpConnection, data: Uint8Array, end: 'close' | 'shutdown' = 'close'): void {
  let at = 0;
  const pump = () => {
    while (at < data.length) {
      const n = conn.send(data.subarray(at, Math.min(data.length, at + 65536)));
      at += n;
      if (n === 0) return;
    }
    if (end === 'close') conn.close();
    else conn.shutdown();
  };
  conn.onWritable.on(pump);
  pump();
}

describe('bulk data', () => {
  it('flows both ways at once, intact', () => {
    const net = new FakeNetwork({ delay: 500_000 });
    const client = net.addHost('10.0.0.1');
    const server = net.addHost('10.0.0.2');
    const up = pattern(100_000);
    const down = pattern(200_000);
    let serverGot: Uint8Array[] = [];
    serve(server, 5001, (c) => {
      serverGot = [];
      c.onData.on((d) => serverGot.push(d));
      writeAll(c, down, 'shutdown');
    });
    const conn = client.connect({ address: ip('10.0.0.2'), port: 5001 });
    const seen = watch(conn);
    conn.onConnect.on(() => writeAll(conn, up, 'shutdown'));
    net.run(100 * SECOND);
    expect(sameBytes(concat(serverGot), up)).toBe(true);
    expect(sameBytes(concat(seen.chunks), down)).toBe(true);
    expect(seen.ended).toBe(true);
    expect(seen.closed).toBeNull();
  });

  it('1 MB through 5% random loss and reordering arrives intact, then both sides close', () => {
    const net = new FakeNetwork({ delay: 1 * MS });
    const faults = new Rng('faults');
    net.rules.push((p) => {
      if (p.seg.flags & 0x02) return 'pass'; // keep the handshake simple
      const x = faults.float();
      if (x < 0.05) return 'drop';
      if (x < 0.1) return 1 * MS + faults.int(0, 3 * MS); // overtaken by later segments
      return 'pass';
    });
    const client = net.addHost('10.0.0.1');
    const server = net.addHost('10.0.0.2');
    const data = pattern(1 << 20);
    const got: Uint8Array[] = [];
    let serverConn: TcpConnection | undefined;
    serve(server, 5001, (c) => {
      serverConn = c;
      c.onData.on((d) => got.push(d));
      c.onEnd.on(() => c.close());
    });
    const conn = client.connect({ address: ip('10.0.0.2'), port: 5001 });
    const seen = watch(conn);
    conn.onConnect.on(() => writeAll(conn, data));
    net.run(600 * SECOND);
    expect(sameBytes(concat(got), data)).toBe(true);
    expect(seen.closed).toBeNull();
    expect(serverConn!.state).toBe('CLOSED');
    expect(net.log.some((p) => p.seg.options.some((o) => o.kind === 'sack'))).toBe(true);
  });
});

describe('an interactive session (a student typing SMTP commands in telnet)', () => {
  it('shows each line, its own ACK, then the reply, like the seed captures', () => {
    const net = new FakeNetwork({ delay: 100_000 });
    const host = net.addHost('192.168.56.131');
    serve(host, 25, (c) => {
      c.send(enc('220 vm ESMTP Postfix (Debian/GNU)\r\n'));
      // Postfix answers a few milliseconds after reading the line.
      c.onData.on(() => net.scheduler.after(5 * MS, () => c.send(enc('250 2.1.0 Ok\r\n'))));
    });
    const conn = host.connect({ address: ip('127.0.0.1'), port: 25 });
    const lines = ['HELO x', 'MAIL FROM: <a@b>', 'RCPT TO: <c@d>'];
    // More lines than the 16 quick ACKs of a fresh connection: the pause before each line
    // (longer than the RTO) brings quickack mode back every time.
    for (let i = 0; i < 20; i++) {
      net.scheduler.at((i + 1) * 4 * SECOND, () => conn.send(enc(lines[i % 3] + '\r\n')));
    }
    net.run(100 * SECOND);
    const client = conn.localPort;
    const tail = net.summary().slice(-4);
    expect(tail).toEqual([
      `${client} > 25 [PSH, ACK] Seq=${tail[0].match(/Seq=(\d+)/)![1]} Ack=${tail[0].match(/Ack=(\d+)/)![1]} Win=512 Len=${lines[19 % 3].length + 2}`,
      expect.stringMatching(/^25 > \d+ \[ACK\] .* Len=0$/),
      expect.stringMatching(/^25 > \d+ \[PSH, ACK\] .* Len=14$/),
      expect.stringMatching(/^\d+ > 25 \[ACK\] .* Len=0$/),
    ]);
    // every line got its own pure ACK before the reply
    const acks = net.log.filter((p) => p.seg.srcPort === 25 && p.seg.payload.length === 0 && p.seg.flags === 0x10);
    expect(acks.length).toBe(20);
  });

  it('lines sent in a quick burst after 16 quick ACKs get replies that carry the ACK', () => {
    const net = new FakeNetwork({ delay: 100_000 });
    const a = net.addHost('10.0.0.1');
    const b = net.addHost('10.0.0.2');
    serve(b, 110, (c) => c.onData.on(() => c.send(enc('+OK\r\n'))));
    const conn = a.connect({ address: ip('10.0.0.2'), port: 110 });
    let sent = 0;
    conn.onConnect.on(() => conn.send(enc(`NOOP ${sent++}\r\n`)));
    conn.onData.on(() => {
      if (sent < 30) conn.send(enc(`NOOP ${sent++}\r\n`));
    });
    net.run(10 * SECOND);
    const serverPureAcks = net.log.filter((p) => p.seg.srcPort === 110 && p.seg.payload.length === 0 && p.seg.flags === 0x10);
    expect(serverPureAcks.length).toBe(16);
  });
});
