// arp against net/ping_arp.txt of ../shared/fidelity and runs of net-tools 2.10 arp in a
// network namespace with the same addresses.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Program } from '../../os/program.ts';
import { arp } from '../arp/arp.ts';
import { ip } from '../ip/ip.ts';
import { ping } from '../ping/ping.ts';
import { route } from '../route/route.ts';
import { NetLab, type LabHost } from '../testing-net/net-lab.ts';
import { normalizeCounters, normalizePing, recorded } from '../testing-net/recording.ts';

const nodeYield = (): Promise<void> => new Promise((r) => setImmediate(r));
const net = (name: string): string => readFileSync(new URL(`../../../../shared/fidelity/net/${name}`, import.meta.url), 'utf8');
const PROGRAMS: Record<string, Program> = { route, arp, ip, ping };

async function sh(h: LabHost, line: string, user?: string): Promise<{ out: string; status: number }> {
  const argv = line.split(' ');
  const p = await h.run(PROGRAMS[argv[0]], argv, { user });
  return { out: normalizePing(normalizeCounters(p.output)), status: p.code ?? -1 };
}

async function client(): Promise<LabHost> {
  const lab = new NetLab(nodeYield);
  const lan = lab.network('lan');
  lab.host('srv', [{ net: lan, address: '192.168.0.1/24', mac: 0x020000000001 }]);
  const h = lab.host('cli', [{ net: lan, mac: 0x02000000001c }]);
  expect((await sh(h, 'ip addr add 192.168.0.28/24 dev eth0')).status).toBe(0);
  return h;
}

/** a 10.0.1.10 -- r 10.0.1.1, the namespaces of the quoted runs. */
function pair(): LabHost {
  const lab = new NetLab(nodeYield);
  const lan = lab.network('lan1');
  lab.host('r', [{ net: lan, address: '10.0.1.1/24', mac: 0x020000000001 }]);
  return lab.host('a', [{ net: lan, address: '10.0.1.10/24', mac: 0x02000000000a }], { gateway: '10.0.1.1' });
}

describe('arp', () => {
  it('shows the ARP cache before and after a ping, and deletes an entry (ping_arp.txt)', async () => {
    const h = await client();
    const text = net('ping_arp.txt');
    expect(await sh(h, 'arp -n')).toEqual({ out: recorded(text, 'arp -n').output, status: 0 });
    expect(await sh(h, 'arp')).toEqual({ out: recorded(text, 'arp').output, status: 0 });
    await sh(h, 'ping -c 3 192.168.0.1');
    expect(await sh(h, 'arp -n')).toEqual({ out: recorded(text, 'arp -n', 1).output, status: 0 });
    expect(await sh(h, 'arp -a')).toEqual({ out: recorded(text, 'arp -a').output, status: 0 });
    expect(await sh(h, 'arp')).toEqual({ out: recorded(text, 'arp', 1).output, status: 0 });
    expect(await sh(h, 'arp -d 192.168.0.1')).toEqual({ out: '', status: 0 });
    expect(await sh(h, 'arp -n')).toEqual({ out: '', status: 0 });
  });

  it('lists incomplete and permanent ARP entries as net-tools does', async () => {
    const a = pair();
    await sh(a, 'ping -c 1 10.0.1.1');
    expect(await sh(a, 'arp -s 10.0.1.66 02:00:00:00:00:66')).toEqual({ out: '', status: 0 });
    await sh(a, 'ping -c 1 -W 1 10.0.1.67');
    expect((await sh(a, 'arp -n')).out).toBe(
      'Address                  HWtype  HWaddress           Flags Mask            Iface\n' +
        '10.0.1.1                 ether   02:00:00:00:00:01   C                     eth0\n' +
        '10.0.1.66                ether   02:00:00:00:00:66   CM                    eth0\n' +
        '10.0.1.67                        (incomplete)                              eth0\n',
    );
    expect((await sh(a, 'arp -a')).out).toBe('? (10.0.1.1) at 02:00:00:00:00:01 [ether] on eth0\n? (10.0.1.66) at 02:00:00:00:00:66 [ether] PERM on eth0\n? (10.0.1.67) at <incomplete> on eth0\n');
    expect(await sh(a, 'arp -d 10.0.1.1', 'debian')).toEqual({ out: 'SIOCDARP(dontpub): Operation not permitted\n', status: 255 });
    expect(await sh(a, 'arp -d 10.0.1.1')).toEqual({ out: '', status: 0 });
    expect(await sh(a, 'arp -d 10.0.1.1')).toEqual({ out: 'No ARP entry for 10.0.1.1\n', status: 255 });
    expect(await sh(a, 'arp -d')).toEqual({ out: 'arp: need host name\n', status: 255 });
    // No nameserver in resolv.conf: glibc asks 127.0.0.1, which refuses (as in the recording).
    expect(await sh(a, 'arp -d foo')).toEqual({ out: 'foo: Host name lookup failure\n', status: 255 });
  });
});
