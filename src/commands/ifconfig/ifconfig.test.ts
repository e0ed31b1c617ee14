// ifconfig (and the route/arp/ip it is used with) against configure_interface_with_ifconfig.txt
// and client_ip_config.txt of ../shared/fidelity/net, plus runs of net-tools 2.10 in network
// namespaces quoted below. Normalized: packet counters (they count all the traffic a NIC saw:
// the real ones include IPv6 neighbour discovery the simulation does not send) and the veth
// details of the recordings (vethToNic). No inet6 lines: the stack has no IPv6 (deliberate).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Program } from '../../os/program.ts';
import { arp } from '../arp/arp.ts';
import { ip } from '../ip/ip.ts';
import { ping } from '../ping/ping.ts';
import { route } from '../route/route.ts';
import { hostsFileOnly, NetLab, type LabHost } from '../testing-net/net-lab.ts';
import { normalizeCounters, normalizePing, recorded, vethToNic } from '../testing-net/recording.ts';
import { ifconfig } from './ifconfig.ts';

const nodeYield = (): Promise<void> => new Promise((r) => setImmediate(r));
const net = (name: string): string => readFileSync(new URL(`../../../../shared/fidelity/net/${name}`, import.meta.url), 'utf8');
const PROGRAMS: Record<string, Program> = { ifconfig, route, arp, ip, ping };

async function sh(h: LabHost, line: string, user?: string): Promise<{ out: string; status: number }> {
  const argv = line.split(' ');
  const p = await h.run(PROGRAMS[argv[0]], argv, { user });
  return { out: normalizePing(normalizeCounters(p.output)), status: p.code ?? -1 };
}

describe('configuring an interface with ifconfig (configure_interface_with_ifconfig.txt)', () => {
  it('follows the recorded session step by step', async () => {
    const lab = new NetLab(nodeYield);
    const lan = lab.network('veth');
    lab.host('fid_b', [{ net: lan, address: '192.168.0.28/24', mac: 0x020000000a1c }]);
    const h = lab.host('fid_a', [{ net: lan, mac: 0x020000000b01 }]);
    hostsFileOnly(h);
    // A fresh namespace: lo and eth0 down, lo without its address yet.
    h.net.lo.removeAddress(0x7f000001);
    h.net.lo.setUp(false);
    h.net.interfaces.get('eth0')!.setUp(false);
    const text = net('configure_interface_with_ifconfig.txt');
    const seen: Record<string, number> = {};
    for (const line of [
      'ifconfig',
      'ifconfig -a',
      'ifconfig eth0 192.168.0.1 netmask 255.255.255.0 up',
      'ifconfig lo up',
      'ifconfig',
      'route -n',
      'ifconfig eth1 10.0.0.1',
      'ifconfig eth0 192.168.0.300',
      'ping -c 3 192.168.0.28',
      'arp -n',
      'ifconfig eth0 down',
      'ifconfig',
      'ip addr',
    ]) {
      const nth = seen[line] ?? 0;
      seen[line] = nth + 1;
      const real = recorded(text, line, nth);
      expect({ line, ...(await sh(h, line)) }).toEqual({ line, out: normalizePing(normalizeCounters(vethToNic(real.output))), status: real.status });
    }
  });
});

describe('ifconfig, route and arp on the client of the recordings', () => {
  async function client(): Promise<LabHost> {
    const lab = new NetLab(nodeYield);
    const lan = lab.network('lan');
    lab.host('srv', [{ net: lan, address: '192.168.0.1/24', mac: 0x020000000001 }]);
    const h = lab.host('cli', [{ net: lan, mac: 0x02000000001c }]);
    expect((await sh(h, 'ip addr add 192.168.0.28/24 dev eth0')).status).toBe(0);
    return h;
  }

  for (const line of ['ifconfig', 'ifconfig eth0', 'route -n', 'route']) {
    it(`prints "${line}" as recorded`, async () => {
      const h = await client();
      const real = recorded(net('client_ip_config.txt'), line);
      expect(await sh(h, line)).toEqual({ out: normalizeCounters(vethToNic(real.output)), status: real.status });
    });
  }

});

/** a 10.0.1.10 -- r 10.0.1.1, the namespaces of the quoted runs. */
function pair(): LabHost {
  const lab = new NetLab(nodeYield);
  const lan = lab.network('lan1');
  lab.host('r', [{ net: lan, address: '10.0.1.1/24', mac: 0x020000000001 }]);
  return lab.host('a', [{ net: lan, address: '10.0.1.10/24', mac: 0x02000000000a }], { gateway: '10.0.1.1' });
}

describe('ifconfig changes and errors', () => {
  it('sets the address with its classful or given mask, and brings the interface up', async () => {
    const a = pair();
    expect(await sh(a, 'ifconfig eth0 10.0.1.20 netmask 255.255.255.0')).toEqual({ out: '', status: 0 });
    expect((await sh(a, 'ip a show eth0')).out).toContain('    inet 10.0.1.20/24 brd 10.0.1.255 scope global eth0\n');
    // The default route went with the old address, as on Linux.
    expect((await sh(a, 'ip route')).out).toBe('10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.20 \n');
    expect(await sh(a, 'ifconfig eth0 10.0.1.10/24')).toEqual({ out: '', status: 0 });
    expect(await sh(a, 'ifconfig eth0 192.168.5.5')).toEqual({ out: '', status: 0 });
    expect((await sh(a, 'ifconfig eth0')).out).toContain('        inet 192.168.5.5  netmask 255.255.255.0  broadcast 192.168.5.255\n');
    expect(await sh(a, 'ifconfig eth0 0.0.0.0')).toEqual({ out: '', status: 0 });
    expect((await sh(a, 'ifconfig eth0')).out).toBe(
      'eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n        ether 02:00:00:00:00:0a  txqueuelen 1000  (Ethernet)\n        RX packets N  bytes N (N)\n        RX errors 0  dropped 0  overruns 0  frame 0\n        TX packets N  bytes N (N)\n        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n\n',
    );
  });

  it('answers errors as net-tools does', async () => {
    const a = pair();
    expect(await sh(a, 'ifconfig eth9')).toEqual({ out: 'eth9: error fetching interface information: Device not found\n', status: 1 });
    expect(await sh(a, 'ifconfig eth9 up')).toEqual({ out: 'eth9: ERROR while getting interface flags: No such device\n', status: 255 });
    expect(await sh(a, 'ifconfig eth0 netmask 255.0.255.0')).toEqual({ out: 'SIOCSIFNETMASK: Invalid argument\n', status: 1 });
    expect(await sh(a, 'ifconfig eth0 10.0.1.30', 'debian')).toEqual({ out: 'SIOCSIFADDR: Operation not permitted\nSIOCSIFFLAGS: Operation not permitted\n', status: 255 });
    expect(await sh(a, 'ifconfig eth0 down', 'debian')).toEqual({ out: 'SIOCSIFFLAGS: Operation not permitted\n', status: 255 });
    expect(await sh(a, 'ifconfig -x')).toEqual({ out: "ifconfig: option `-x' not recognised.\nifconfig: `--help' gives usage information.\n", status: 1 });
    const usage = await sh(a, 'ifconfig eth0 netmask');
    expect([usage.out.startsWith('Usage:\n  ifconfig [-a] [-v] [-s] <interface> [[<AF>] <address>]\n'), usage.status]).toEqual([true, 3]);
  });

  it('prints the short table with -s', async () => {
    const a = pair();
    const lines = (await sh(a, 'ifconfig -s')).out.split('\n');
    expect(lines[0]).toBe('Iface      MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg');
    // Recorded: `eth0             1500      130      0      0 0           181      0      0      0 BMRU`.
    expect(lines[1]).toMatch(/^eth0 {13}1500 [ \d]{7}\d {6}0 {6}0 0 {6}[ \d]{7}\d {6}0 {6}0 {6}0 BMRU$/);
    expect(lines[2]).toMatch(/^lo {14}65536 [ \d]{7}\d {6}0 {6}0 0 {6}[ \d]{7}\d {6}0 {6}0 {6}0 LRU$/);
  });
});
