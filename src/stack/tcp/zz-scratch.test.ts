import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { MS, SECOND } from '../../engine/time.ts';
import { FakeNetwork, ip } from './testing/fake-network.ts';
import { toPcap } from './testing/pcap.ts';
import type { TcpConnection } from './tcp-module.ts';

const enc = new TextEncoder();
it('scratch interactive', () => {
  const net = new FakeNetwork({ delay: 200_000 });
  const client = net.addHost('10.0.0.1');
  const server = net.addHost('10.0.0.2');
  const l = server.listen({ port: 25 });
  if (typeof l === 'string') throw new Error(l);
  l.onConnection.on((c: TcpConnection) => {
    c.send(enc.encode('220 vm ESMTP Postfix (Debian/GNU)\r\n'));
    c.onData.on((d) => {
      const s = new TextDecoder().decode(d);
      net.scheduler.after(1 * MS, () => {
        if (s.startsWith('quit')) { c.send(enc.encode('221 Bye\r\n')); c.close(); }
        else c.send(enc.encode('250 Ok\r\n'));
      });
    });
    c.onEnd.on(() => c.close());
  });
  const conn = client.connect({ address: ip('10.0.0.2'), port: 25 });
  conn.onEnd.on(() => conn.close());
  const lines = ['ehlo x', 'mail from:<a@b>', 'rcpt to:<c@d>', 'quit'];
  lines.forEach((line, i) => net.scheduler.at((i + 1) * 3 * SECOND, () => conn.send(enc.encode(line + '\r\n'))));
  net.run();
  writeFileSync('/tmp/tcpdbg/interactive.pcap', toPcap(net.log));
});

it('scratch bulk', () => {
  const net = new FakeNetwork({ delay: 500_000 });
  const client = net.addHost('10.0.0.1');
  const server = net.addHost('10.0.0.2');
  const l = server.listen({ port: 5001 });
  if (typeof l === 'string') throw new Error(l);
  let got = 0;
  l.onConnection.on((c: TcpConnection) => { c.onData.on((d) => (got += d.length)); c.onEnd.on(() => c.close()); });
  const conn = client.connect({ address: ip('10.0.0.2'), port: 5001 });
  const data = new Uint8Array(300_000);
  conn.onConnect.on(() => { conn.send(data); conn.close(); });
  let n = 0;
  net.rules.push((p) => (p.seg.payload.length > 0 && ++n % 50 === 0 ? 'drop' : 'pass'));
  net.run();
  console.log('got', got, 'events', net.scheduler.eventsRun, 'segs', net.log.length);
  writeFileSync('/tmp/tcpdbg/bulk.pcap', toPcap(net.log));
});
