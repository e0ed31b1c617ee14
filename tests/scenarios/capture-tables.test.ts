// The conversation and endpoint tables of a lab capture (two LANs and a router: vendor MAC
// names, ARP, ICMP, UDP and TCP, two links captured) print exactly what real tshark prints.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { requireTshark, writeTemp } from '../support/tshark.ts';
import { FLOW_STATS, ourStat, TABLE_STATS, tsharkStat } from '../support/capture-stats.ts';
import { loadScenario, Simulation, SECOND } from '../../src/sim/index.ts';
import { parseIpv4 } from '../../src/wire/addr.ts';
import { ICMP_ECHO_REQUEST, makeEcho } from '../../src/wire/icmp.ts';

/** Two LANs and a router: pings both ways, a UDP exchange and a TCP session, captured on PC1's link. */
function labCapture(): Uint8Array {
  const file = 'scenarios/two-lans.yaml';
  const loaded = loadScenario(readFileSync(file, 'utf8'), file);
  if (!loaded.ok) throw new Error('scenario');
  const sim = new Simulation(loaded.scenario, { seed: 3 });
  sim.startCapture(['PC1:eth0', 'ROUTER:eth1']);
  const pc1 = sim.host('PC1').stack;
  const pc2 = sim.host('PC2').stack;
  const ping = pc1.icmp.open();
  for (let i = 0; i < 3; i++) sim.scheduler.at(i * SECOND, () => ping.send(parseIpv4('10.0.2.10')!, makeEcho(ICMP_ECHO_REQUEST, 7, i + 1, new Uint8Array(56))));
  const server = pc2.udp.open();
  server.bind(0, 40123);
  server.onMessage.on((m) => server.sendTo(m.data, m.from, m.fromPort));
  const client = pc1.udp.open();
  sim.scheduler.at(4 * SECOND, () => client.sendTo(new Uint8Array(100), parseIpv4('10.0.2.10')!, 40123));
  const listener = pc2.tcp.listen({ port: 25 });
  if (typeof listener === 'string') throw new Error(listener);
  listener.onConnection.on((c) => {
    c.send(new TextEncoder().encode('220 hello\r\n'));
    c.onEnd.on(() => c.close());
  });
  // Two TCP sessions: the flow graph then numbers its conversations.
  for (const at of [5, 6]) {
    sim.scheduler.at(at * SECOND, () => {
      const c = pc1.tcp.connect({ address: parseIpv4('10.0.2.10')!, port: 25 });
      c.onData.on(() => c.close());
    });
  }
  sim.runUntil(10 * SECOND);
  return sim.exportPcapng();
}

describe('conversation, endpoint and flow tables of a lab capture', () => {
  requireTshark();
  it('a routed lab capture on two links', () => {
    const bytes = labCapture();
    const file = writeTemp('lab.pcapng', bytes);
    expect(ourStat(bytes, 'endpoints,eth')).toMatch(/HewlettP_|Dell_|D-Link/);
    expect(ourStat(bytes, 'conv,udp')).toMatch(/10\.0\.1\.10:\d+ +<-> 10\.0\.2\.10:40123 +2 284 bytes +2 284 bytes/);
    for (const stat of [...TABLE_STATS, ...FLOW_STATS]) expect(ourStat(bytes, stat), stat).toBe(tsharkStat(file, stat));
  });
});
