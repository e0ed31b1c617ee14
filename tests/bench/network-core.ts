// Network core figures (issue: network core): a 50 MB TCP transfer and a ping flood, both from
// PC1 to PC2 through the router of the example scenario, with no capture running.
//   tcp_frames: frames simulated per wall-clock second (every frame sent by a NIC, every hop)
//   tcp_payload: application payload delivered per wall-clock second (MB = 10^6 bytes)
//   ping_frames: frames per second for back-to-back echo request/reply (ping -f style)
//   heap_growth: heap in use after the TCP run minus before it, after full GCs
// The TCP run follows an unmeasured 5 MB warm-up transfer (JIT), so the figures are steady state.
import { readFileSync } from 'node:fs';
import { loadScenario, Simulation, MS } from '../../src/sim/index.ts';
import { parseIpv4 } from '../../src/wire/addr.ts';
import { ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, makeEcho, icmpEchoSeq } from '../../src/wire/icmp.ts';
import { report, settledHeap } from './report.ts';

const TRANSFER_BYTES = 50_000_000;
const PINGS = 100_000;

function twoLans(): Simulation {
  // npm run bench runs from the repository's root (the bundle has its own import.meta.url).
  const file = 'scenarios/two-lans.yaml';
  const loaded = loadScenario(readFileSync(file, 'utf8'), 'two-lans.yaml');
  if (!loaded.ok) throw new Error('two-lans.yaml does not load');
  return new Simulation(loaded.scenario, { seed: 'bench' });
}

function framesSent(sim: Simulation): number {
  let n = 0;
  for (const host of sim.hosts.values())
    for (const iface of host.stack.interfaces.values()) if (!iface.loopback) n += iface.stats.txPackets;
  return n;
}

export function tcpTransfer(total = TRANSFER_BYTES, print = true): void {
  const sim = twoLans();
  const pc1 = sim.host('PC1').stack;
  const pc2 = sim.host('PC2').stack;
  let received = 0;
  const listener = pc2.tcp.listen({ port: 5001 });
  if (typeof listener === 'string') throw new Error(listener);
  listener.onConnection.on((conn) => conn.onData.on((d) => (received += d.length)));

  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const TRANSFER_BYTES = total;
  let queued = 0;
  const conn = pc1.tcp.connect({ address: parseIpv4('10.0.2.10')!, port: 5001 });
  const fill = (): void => {
    while (queued < TRANSFER_BYTES) {
      const n = conn.send(chunk.subarray(0, Math.min(chunk.length, TRANSFER_BYTES - queued)));
      queued += n;
      if (n === 0) return;
    }
    conn.shutdown();
  };
  conn.onConnect.on(fill);
  conn.onWritable.on(fill);
  sim.runFor(10 * MS); // handshake, ARP: not part of the measured transfer

  const heapBefore = settledHeap();
  const framesBefore = framesSent(sim);
  const t0 = performance.now();
  while (received < TRANSFER_BYTES) {
    const before = sim.scheduler.eventsRun;
    sim.runFor(100 * MS);
    if (sim.scheduler.eventsRun === before && received < TRANSFER_BYTES) throw new Error(`transfer stalled at ${received} bytes`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const frames = framesSent(sim) - framesBefore;
  const heapAfter = settledHeap();
  if (!print) return;
  report('tcp_frames', frames / seconds, 'frames/s');
  report('tcp_payload', TRANSFER_BYTES / 1e6 / seconds, 'MB/s');
  report('heap_growth', (heapAfter - heapBefore) / 1e6, 'MB');
}

function pingFlood(): void {
  const sim = twoLans();
  const sock = sim.host('PC1').stack.icmp.open();
  const dst = parseIpv4('10.0.2.10')!;
  const data = new Uint8Array(56);
  let replies = 0;
  const send = (seq: number): void => void sock.send(dst, makeEcho(ICMP_ECHO_REQUEST, 0x4242, seq & 0xffff, data));
  sock.onMessage.on(({ message }) => {
    if (message.type !== ICMP_ECHO_REPLY) return;
    replies++;
    if (replies < PINGS) send(icmpEchoSeq(message) + 1);
  });
  send(0);
  sim.runFor(10 * MS); // first exchange resolves ARP on both links
  const framesBefore = framesSent(sim);
  const t0 = performance.now();
  while (replies < PINGS) {
    const before = sim.scheduler.eventsRun;
    sim.runFor(100 * MS);
    if (sim.scheduler.eventsRun === before) throw new Error(`ping flood stalled after ${replies} replies`);
  }
  const seconds = (performance.now() - t0) / 1000;
  report('ping_frames', (framesSent(sim) - framesBefore) / seconds, 'frames/s');
}

export function networkCoreBenchmarks(): void {
  // A first 5 MB transfer lets the JIT compile the hot paths: the figures are steady state.
  tcpTransfer(5_000_000, false);
  tcpTransfer();
  pingFlood();
}
