// traceroute against runs of Debian 12's traceroute 2.1.2 in network namespaces (quoted below,
// same addresses): a 10.0.1.10 -- r 10.0.1.1 | 10.0.2.1 -- b 10.0.2.20. Times normalized.
import { describe, expect, it } from 'vitest';
import { NetLab, type LabHost } from '../testing-net/net-lab.ts';
import { traceroute } from './traceroute.ts';

const nodeYield = (): Promise<void> => new Promise((r) => setImmediate(r));
const times = (s: string): string => s.replace(/\d+\.\d{3} ms/g, 'T ms');

function routedLab(): { lab: NetLab; a: LabHost } {
  const lab = new NetLab(nodeYield);
  const lan1 = lab.network('lan1');
  const lan2 = lab.network('lan2');
  const a = lab.host('a', [{ net: lan1, address: '10.0.1.10/24' }], { gateway: '10.0.1.1' });
  lab.host('r', [{ net: lan1, address: '10.0.1.1/24' }, { net: lan2, address: '10.0.2.1/24' }], { forward: true });
  lab.host('b', [{ net: lan2, address: '10.0.2.20/24' }], { gateway: '10.0.2.1' });
  return { lab, a };
}

describe('traceroute', () => {
  it('lists the router then the destination', async () => {
    const { lab, a } = routedLab();
    const p = await a.run(traceroute, ['traceroute', '10.0.2.20']);
    expect(times(p.stdout)).toBe(
      times(`traceroute to 10.0.2.20 (10.0.2.20), 30 hops max, 60 byte packets
 1  10.0.1.1 (10.0.1.1)  0.044 ms  0.003 ms  0.002 ms
 2  10.0.2.20 (10.0.2.20)  0.131 ms  0.004 ms  0.003 ms
`),
    );
    expect(p.code).toBe(0);
    expect(lab.frameProblems()).toEqual([]);
  });

  it('prints bare addresses with -n and one probe per hop with -q 1', async () => {
    const { a } = routedLab();
    const n = await a.run(traceroute, ['traceroute', '-n', '-q', '1', '10.0.2.20']);
    expect(times(n.stdout)).toBe('traceroute to 10.0.2.20 (10.0.2.20), 30 hops max, 60 byte packets\n 1  10.0.1.1  T ms\n 2  10.0.2.20  T ms\n');
  });

  it('names the loopback from /etc/hosts', async () => {
    const { a } = routedLab();
    const p = await a.run(traceroute, ['traceroute', '127.0.0.1']);
    expect(times(p.stdout)).toBe(times('traceroute to 127.0.0.1 (127.0.0.1), 30 hops max, 60 byte packets\n 1  localhost (127.0.0.1)  0.018 ms  0.003 ms  0.002 ms\n'));
  });

  it('marks a host the router cannot reach with !H', async () => {
    const { a } = routedLab();
    // Recorded without -N 3: a Linux router queues ~100 packets per unresolved neighbour
    // (unres_qlen_bytes); the simulated stack keeps 3, so with 16 probes in flight hop 2's would
    // be dropped in favour of hop 3's. -N 3 keeps the comparison about traceroute itself.
    const p = await a.run(traceroute, ['traceroute', '-N', '3', '-w', '5', '-m', '3', '10.0.2.99']);
    expect(times(p.stdout)).toBe(
      times(`traceroute to 10.0.2.99 (10.0.2.99), 3 hops max, 60 byte packets
 1  10.0.1.1 (10.0.1.1)  0.038 ms  0.003 ms  0.003 ms
 2  10.0.1.1 (10.0.1.1)  3060.432 ms !H  3060.417 ms !H  3060.412 ms !H
`),
    );
  });

  it('prints stars for hops that never answer', async () => {
    const { a } = routedLab();
    const p = await a.run(traceroute, ['traceroute', '-m', '2', '-q', '2', '-w', '1', '10.0.1.99']);
    expect(p.stdout).toBe('traceroute to 10.0.1.99 (10.0.1.99), 2 hops max, 60 byte packets\n 1  * *\n 2  * *\n');
  });

  it('traces with ICMP echo requests with -I', async () => {
    const { a } = routedLab();
    const p = await a.run(traceroute, ['traceroute', '-I', '10.0.2.20']);
    expect(times(p.stdout)).toBe('traceroute to 10.0.2.20 (10.0.2.20), 30 hops max, 60 byte packets\n 1  10.0.1.1 (10.0.1.1)  T ms  T ms  T ms\n 2  10.0.2.20 (10.0.2.20)  T ms  T ms  T ms\n');
  });

  it('fails like traceroute without a route or with an unknown name', async () => {
    const lab = new NetLab(nodeYield);
    const h = lab.host('h', [{ net: lab.network('x'), address: '10.0.1.10/24' }]);
    const nr = await h.run(traceroute, ['traceroute', '10.9.9.9']);
    expect([nr.stdout, nr.stderr, nr.code]).toEqual(['traceroute to 10.9.9.9 (10.9.9.9), 30 hops max, 60 byte packets', 'connect: Network is unreachable\n', 1]);
    const unknown = await h.run(traceroute, ['traceroute', 'nosuchhost']);
    expect(unknown.stderr).toBe("nosuchhost: Temporary failure in name resolution\nCannot handle \"host\" cmdline arg `nosuchhost' on position 1 (argc 1)\n");
    expect(unknown.code).toBe(2);
    const usage = await h.run(traceroute, ['traceroute']);
    expect(usage.stdout.startsWith('Usage:\n  traceroute [ -46dFITnreAUDV ]')).toBe(true);
  });
});
