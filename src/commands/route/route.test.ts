// route against runs of net-tools 2.10 route in a network namespace with the same addresses
// (a 10.0.1.10 -- r 10.0.1.1); `route -n` on the recordings' client is in ifconfig.test.ts.
import { describe, expect, it } from 'vitest';
import type { Program } from '../../os/program.ts';
import { arp } from '../arp/arp.ts';
import { ip } from '../ip/ip.ts';
import { ping } from '../ping/ping.ts';
import { route } from '../route/route.ts';
import { NetLab, type LabHost } from '../testing-net/net-lab.ts';
import { normalizeCounters, normalizePing } from '../testing-net/recording.ts';

const nodeYield = (): Promise<void> => new Promise((r) => setImmediate(r));
const PROGRAMS: Record<string, Program> = { route, arp, ip, ping };

async function sh(h: LabHost, line: string, user?: string): Promise<{ out: string; status: number }> {
  const argv = line.split(' ');
  const p = await h.run(PROGRAMS[argv[0]], argv, { user });
  return { out: normalizePing(normalizeCounters(p.output)), status: p.code ?? -1 };
}

/** a 10.0.1.10 -- r 10.0.1.1, the namespaces of the quoted runs. */
function pair(): LabHost {
  const lab = new NetLab(nodeYield);
  const lan = lab.network('lan1');
  lab.host('r', [{ net: lan, address: '10.0.1.1/24', mac: 0x020000000001 }]);
  return lab.host('a', [{ net: lan, address: '10.0.1.10/24', mac: 0x02000000000a }], { gateway: '10.0.1.1' });
}

describe('route add and del', () => {
  it('answers as net-tools and the kernel do', async () => {
    const a = pair();
    const usage = 'Usage: inet_route [-vF] del {-host|-net} Target[/prefix] [gw Gw] [metric M] [[dev] If]\n       inet_route [-vF] add {-host|-net} Target[/prefix] [gw Gw] [metric M]\n                              [netmask N] [mss Mss] [window W] [irtt I]\n                              [mod] [dyn] [reinstate] [[dev] If]\n       inet_route [-vF] add {-host|-net} Target[/prefix] [metric M] reject\n       inet_route [-FC] flush      NOT supported\n';
    const steps: Array<[string, string, number]> = [
      ['route add default gw 10.0.1.1', 'SIOCADDRT: File exists\n', 7],
      ['route del default', '', 0],
      ['route add default gw 10.0.1.1', '', 0],
      ['route add -net 10.30.0.0 netmask 255.255.0.0 gw 10.0.1.1', '', 0],
      ['route add -net 10.31.0.0/16 gw 10.0.1.1', '', 0],
      ['route add -net 10.32.0.0 netmask 255.255.0.0 dev eth0', '', 0],
      ['route add -host 10.33.0.1 gw 10.0.1.1', '', 0],
      ['route add -net 10.34.0.0 netmask 255.255.0.0 gw 10.9.9.9', 'SIOCADDRT: Network is unreachable\n', 7],
      ['route add -net 10.30.0.0 netmask 255.255.0.0 gw 10.0.1.1', 'SIOCADDRT: File exists\n', 7],
      ['route add -net 10.35.0.0 netmask 255.0.255.0 gw 10.0.1.1', `route: bogus netmask 255.0.255.0\n${usage}`, 3],
      ['route add -net 10.36.0.1 netmask 255.255.0.0 gw 10.0.1.1', `route: netmask doesn't match route address\n${usage}`, 3],
      // No DNS server answers (glibc falls back to 127.0.0.1, which refuses): as recorded.
      ['route add foo gw 10.0.1.1', 'foo: Host name lookup failure\n', 6],
      ['route add -net 10.37.0.0/16 gw foo', 'foo: Host name lookup failure\n', 6],
      [
        'route -n',
        'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n0.0.0.0         10.0.1.1        0.0.0.0         UG    0      0        0 eth0\n10.0.1.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0\n10.30.0.0       10.0.1.1        255.255.0.0     UG    0      0        0 eth0\n10.31.0.0       10.0.1.1        255.255.0.0     UG    0      0        0 eth0\n10.32.0.0       0.0.0.0         255.255.0.0     U     0      0        0 eth0\n10.33.0.1       10.0.1.1        255.255.255.255 UGH   0      0        0 eth0\n',
        0,
      ],
      ['route del -net 10.30.0.0 netmask 255.255.0.0', '', 0],
      ['route del -net 10.30.0.0 netmask 255.255.0.0', 'SIOCDELRT: No such process\n', 7],
      ['route del -host 10.33.0.1', '', 0],
      ['route del -net 10.31.0.0/16', '', 0],
      ['route del -net 10.32.0.0 netmask 255.255.0.0', '', 0],
      ['route add', usage, 0],
    ];
    for (const [line, out, status] of steps) expect({ line, ...(await sh(a, line)) }).toEqual({ line, out, status });
    expect(await sh(a, 'route add -net 10.40.0.0/16 gw 10.0.1.1', 'debian')).toEqual({ out: 'SIOCADDRT: Operation not permitted\n', status: 7 });
    expect((await sh(a, 'ip route')).out).toBe('default via 10.0.1.1 dev eth0 \n10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.10 \n');
  });
});


describe('route in French', () => {
  it('prints the headers of net-tools\' French catalogue', async () => {
    const a = pair();
    const p = await a.run(route, ['route', '-n'], { env: { LANG: 'fr_FR.UTF-8' } });
    // From Debian 12's /usr/share/locale/fr/LC_MESSAGES/net-tools.mo.
    expect(p.stdout.split('\n').slice(0, 2)).toEqual(['Table de routage IP du noyau', 'Destination     Passerelle      Genmask         Indic Metric Ref    Use Iface']);
  });
});
