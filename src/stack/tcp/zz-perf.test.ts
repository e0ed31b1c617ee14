import { it } from 'vitest';
import { FakeNetwork, ip } from './testing/fake-network.ts';
import type { TcpConnection } from './tcp-module.ts';

it('perf 50MB', () => {
  const net = new FakeNetwork({ delay: 100_000 });
  let segs = 0, dataSegs = 0; (net as unknown as { log: { push: (p: { seg: { payload: Uint8Array } }) => number } }).log.push = (p) => { segs++; if (p.seg.payload.length) dataSegs++; return 0; };
  const client = net.addHost('10.0.0.1');
  const server = net.addHost('10.0.0.2');
  const l = server.listen({ port: 5001 });
  if (typeof l === 'string') throw new Error(l);
  let got = 0;
  l.onConnection.on((c: TcpConnection) => { c.onData.on((d) => (got += d.length)); c.onEnd.on(() => c.close()); });
  const conn = client.connect({ address: ip('10.0.0.2'), port: 5001 });
  const total = 50 * 1024 * 1024;
  const chunk = new Uint8Array(65536);
  let sent = 0;
  const pump = () => { while (sent < total) { const want = Math.min(chunk.length, total - sent); const n = conn.send(chunk.subarray(0, want)); sent += n; if (n < want) return; } conn.close(); };
  conn.onConnect.on(pump);
  conn.onWritable.on(pump);
  const t0 = Date.now();
  net.run();
  console.log('state', conn.state, client.connections().map(c => c.state), server.connections().map(c => c.state), 'got', got, 'ms', Date.now() - t0, 'events', net.scheduler.eventsRun, 'virtual s', net.scheduler.now / 1e9, 'segs', segs, dataSegs);
});
