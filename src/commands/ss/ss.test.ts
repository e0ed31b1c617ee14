// ss's layout: compact when stdout is not a terminal (compared with the recordings in
// netstat/netstat.test.ts), spread over the width of a terminal, as iproute2 6.1 does.
import { describe, expect, it } from 'vitest';
import { nc } from '../nc/nc.ts';
import { NetLab } from '../testing-net/net-lab.ts';
import { ss } from './ss.ts';

const nodeYield = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('ss on a terminal', () => {
  it('spreads the columns over a terminal\'s width, as ss does on a tty', async () => {
    // Recorded in a namespace on an 80-column pty, with `nc -l 10.0.2.20 110` and `nc -l 25`.
    const lab = new NetLab(nodeYield);
    const h = lab.host('b', [{ net: lab.network('lan'), address: '10.0.2.20/24' }]);
    h.start(nc, ['nc', '-l', '10.0.2.20', '110']);
    await lab.run(0.001);
    h.start(nc, ['nc', '-l', '25']);
    await lab.run(0.001);
    const p = await h.run(ss, ['ss', '-lnt'], { tty: { columns: 80, rows: 24 } });
    expect(p.screen).toBe(
      'State    Recv-Q   Send-Q     Local Address:Port     Peer Address:Port  Process  \n' +
        'LISTEN   0        1              10.0.2.20:110           0.0.0.0:*              \n' +
        'LISTEN   0        1                0.0.0.0:25            0.0.0.0:*              \n',
    );
    const wide = await h.run(ss, ['ss', '-lntu'], { tty: { columns: 80, rows: 24 } });
    expect(wide.screen.split('\n')[0]).toBe('Netid  State   Recv-Q  Send-Q   Local Address:Port   Peer Address:Port Process  ');
  });

  it('prints the summary with -s', async () => {
    const lab = new NetLab(nodeYield);
    const h = lab.host('b', [{ net: lab.network('lan'), address: '10.0.2.20/24' }]);
    const p = await h.run(ss, ['ss', '-s']);
    expect(p.stdout.startsWith('Total: 0\nTCP:   0 (estab 0, closed 0, orphaned 0, timewait 0)\n\nTransport Total     IP        IPv6\n')).toBe(true);
  });
});
