// DNS figures (issue 5, "Benchmarks"):
//   dns_queries: authoritative queries answered per wall-clock second through the full stack
//     (a raw UDP client on one host -> Ethernet switch -> named on another host and back), the
//     fidelity lab's zones, queries as dig sends them (EDNS + cookie), a rotating set of names.
//   zone_load_10000: cold load of a 10,000-record zone (master-file parse, BIND's checks, the
//     zone database named serves from), in milliseconds.
// Both after an unmeasured warm-up (JIT), so the figures are steady state.
import { parseIpv4, type Ipv4 } from '../../src/wire/addr.ts';
import { emitDns } from '../../src/wire/dns.ts';
import { fidelityLab, queryMessage } from '../scenarios/dns-lab.ts';
import { loadZone } from '../../src/services/bind/zone-load.ts';
import { ZoneDb } from '../../src/services/bind/zone-db.ts';

const QUERIES = 100_000;
const BATCH = 200;

async function queriesPerSecond(): Promise<number> {
  const l = await fidelityLab();
  const sock = l.client.net.udp.open();
  let answered = 0;
  sock.onMessage.on(() => answered++);
  const server = parseIpv4('192.168.0.1') as Ipv4;
  const names: [string, number][] = [
    ['smtp128.mail128.com.', 1], ['mail128.com.', 15], ['www.mail128.com.', 1], ['nexistepas.mail128.com.', 1],
    ['mail128.com.', 2], ['smtp.etudiant541.iut.', 1], ['1.54.254.10.in-addr.arpa.', 12], ['smtp128.mail128.com.', 28],
  ];
  const packets = names.map(([n, t], i) => emitDns(queryMessage(n, t, { id: i + 1 })));
  const sched = l.lab.scheduler;
  const run = (count: number): void => {
    let sent = 0;
    while (sent < count) {
      for (let i = 0; i < BATCH && sent < count; i++, sent++) sock.sendTo(packets[sent % packets.length], server, 53);
      // A few ms of virtual time carry a batch there and back (runUntilIdle would also run
      // every idle timer and let the ARP entries expire).
      sched.runUntil(sched.now + 5_000_000);
    }
  };
  run(5_000); // warm-up, ARP
  answered = 0;
  const t0 = performance.now();
  run(QUERIES);
  const secs = (performance.now() - t0) / 1000;
  if (answered !== QUERIES) throw new Error(`only ${answered} of ${QUERIES} queries answered`);
  return QUERIES / secs;
}

function bigZone(): string {
  let s = '$TTL 3600\n@ IN SOA ns root ( 1 3600 600 86400 300 )\n@ NS ns\nns A 10.0.0.1\n';
  for (let i = 0; i < 9_997; i++) s += `host${i}\tIN\tA\t10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}\n`;
  return s;
}

function zoneLoadMs(): number {
  const text = bigZone();
  const load = () => {
    const r = loadZone('big.test.', 'db.big', () => text);
    if (r.zone === null) throw new Error(r.log.join('\n'));
    return new ZoneDb('big.test.', r.zone.records);
  };
  load(); // warm-up
  // The median of 5 loads: the shared machine's noise (GC, other processes) skews a single one.
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const db = load();
    times.push(performance.now() - t0);
    if (db.size !== 10_000) throw new Error(`zone has ${db.size} records`);
  }
  return times.sort((a, b) => a - b)[2];
}

export async function runDnsBench(report: (name: string, value: number, unit: string) => void): Promise<void> {
  report('dns_queries', await queriesPerSecond(), '/s');
  report('zone_load_10000', zoneLoadMs(), 'ms');
}
