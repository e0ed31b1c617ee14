// ip against the recordings of iproute2 6.1 (../shared/fidelity/net and runs in network
// namespaces quoted below). The recordings' NICs were veth pairs: `vethToNic` turns them into
// what a plain NIC shows, and drops the inet6 lines (the simulated stack has no IPv6: deliberate).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ping } from '../ping/ping.ts';
import { NetLab, type LabHost } from '../testing-net/net-lab.ts';
import { recorded, vethToNic, type RecordedCommand } from '../testing-net/recording.ts';
import { ip } from './ip.ts';

const nodeYield = (): Promise<void> => new Promise((r) => setImmediate(r));
const net = (name: string): string => readFileSync(new URL(`../../../../shared/fidelity/net/${name}`, import.meta.url), 'utf8');


async function sh(h: LabHost, line: string, user?: string): Promise<{ out: string; status: number }> {
  const p = await h.run(ip, line.split(' '), { user });
  return { out: p.output, status: p.code ?? -1 };
}

/** A host whose eth0 has no cable and lo and eth0 are down without addresses: a fresh namespace. */
function freshHost(): { lab: NetLab; h: LabHost } {
  const lab = new NetLab(nodeYield);
  const h = lab.host('fid_a', [{ mac: 0x020000000a1c }]);
  h.net.lo.removeAddress(0x7f000001);
  h.net.lo.setUp(false);
  h.net.interfaces.get('eth0')!.setUp(false);
  return { lab, h };
}

describe('configuring an interface with ip (configure_interface_with_ip.txt)', () => {
  it('follows the recorded session step by step', async () => {
    const { h } = freshHost();
    const text = net('configure_interface_with_ip.txt');
    const seen: Record<string, number> = {};
    const step = async (line: string, expected?: RecordedCommand): Promise<void> => {
      const nth = seen[line] ?? 0;
      seen[line] = nth + 1;
      const real = expected ?? recorded(text, line, nth);
      const got = line.startsWith('ping ') ? await h.run(ping, line.split(' ')) : null;
      const r = got !== null ? { out: got.output, status: got.code ?? -1 } : await sh(h, line);
      expect({ line, ...r }).toEqual({ line, out: vethToNic(real.output), status: real.status });
    };
    await step('ip addr');
    await step('ip route');
    await step('ping -c 1 192.168.0.1');
    await step('ip addr add 192.168.0.28/24 dev eth0');
    await step('ip addr');
    await step('ip route');
    await step('ip link set eth0 up');
    await step('ip link set lo up');
    await step('ip addr');
    await step('ip route');
    // Deliberate: Debian 12's kernel (6.1) answers EEXIST; the 6.18 kernel of the recording
    // says "Error: ipv4: Address already assigned.".
    await step('ip addr add 192.168.0.28/24 dev eth0', { output: 'RTNETLINK answers: File exists\n', status: 2 });
    await step('ip addr add 192.168.0.300/24 dev eth0');
    await step('ip addr add 192.168.0.28 dev eth1');
    await step('ip link set eth1 up');
    await step('ip route add default via 192.168.0.254');
    await step('ip route');
    await step('ip route del default');
    await step('ip foo');
  });
});

describe('ip on the client of the recordings (client_ip_config.txt)', () => {
  async function client(): Promise<LabHost> {
    const lab = new NetLab(nodeYield);
    const lan = lab.network('lan');
    lab.host('srv', [{ net: lan, address: '192.168.0.1/24' }]);
    const h = lab.host('cli', [{ net: lan, mac: 0x02000000001c }]);
    // The recording's address came from `ip addr add` without brd.
    expect((await sh(h, 'ip addr add 192.168.0.28/24 dev eth0')).status).toBe(0);
    return h;
  }

  for (const line of ['ip addr', 'ip a show eth0', 'ip -4 addr', 'ip -br addr', 'ip link', 'ip route', 'ip r']) {
    it(`prints "${line}" as recorded`, async () => {
      const h = await client();
      const real = recorded(net('client_ip_config.txt'), line);
      expect(await sh(h, line)).toEqual({ out: vethToNic(real.output), status: real.status });
    });
  }

  it('shows the neighbour learned by a ping, REACHABLE', async () => {
    const h = await client();
    expect(await sh(h, 'ip neigh')).toEqual({ out: '', status: 0 });
    await h.run(ping, ['ping', '-c', '3', '192.168.0.1']);
    const text = net('ping_arp.txt');
    expect(await sh(h, 'ip neigh')).toEqual({ out: recorded(text, 'ip neigh', 1).output, status: 0 });
    expect(await sh(h, 'ip neigh show dev eth0')).toEqual({ out: recorded(text, 'ip neigh show dev eth0').output, status: 0 });
  });
});

/** a 10.0.1.10 -- r 10.0.1.1 | 10.0.2.1 -- b 10.0.2.20, as the namespaces of the quoted runs. */
function routed(): { lab: NetLab; a: LabHost } {
  const lab = new NetLab(nodeYield);
  const lan1 = lab.network('lan1');
  const lan2 = lab.network('lan2');
  const a = lab.host('a', [{ net: lan1, address: '10.0.1.10/24', mac: 0x02000000000a }], { gateway: '10.0.1.1' });
  lab.host('r', [{ net: lan1, address: '10.0.1.1/24', mac: 0x020000000001 }, { net: lan2, address: '10.0.2.1/24' }], { forward: true });
  lab.host('b', [{ net: lan2, address: '10.0.2.20/24' }], { gateway: '10.0.2.1' });
  return { lab, a };
}

describe('ip route', () => {
  it('adds, lists and deletes routes with the kernel answers of Debian 12', async () => {
    const { a } = routed();
    const steps: Array<[string, string, number]> = [
      ['ip route add 10.5.0.0/16 via 10.0.1.1', '', 0],
      ['ip route add 10.5.0.0/16 via 10.0.1.1', 'RTNETLINK answers: File exists\n', 2],
      ['ip route add 10.6.0.0/16 via 10.9.9.9', 'Error: Nexthop has invalid gateway.\n', 2],
      ['ip route add 10.7.0.0/16 dev eth0', '', 0],
      ['ip route add 10.8.0.0/16 via 10.0.1.1 dev eth0', '', 0],
      ['ip route add 10.9.0.0/16 via 10.0.1.1 dev eth9', 'Cannot find device "eth9"\n', 1],
      ['ip route add 10.10.0.0 via 10.0.1.1', '', 0],
      ['ip route add 10.11.0.0/33 via 10.0.1.1', 'Error: any valid prefix is expected rather than "10.11.0.0/33".\n', 1],
      ['ip route add default via 10.0.1.1', 'RTNETLINK answers: File exists\n', 2],
      ['ip route add foo via 10.0.1.1', 'Error: any valid prefix is expected rather than "foo".\n', 1],
      ['ip route add 10.12.0.0/16 via foo', 'Error: inet address is expected rather than "foo".\n', 1],
      ['ip route add 10.20.0.0/16', 'RTNETLINK answers: No such device\n', 2],
      [
        'ip route',
        'default via 10.0.1.1 dev eth0 \n10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.10 \n10.5.0.0/16 via 10.0.1.1 dev eth0 \n10.7.0.0/16 dev eth0 scope link \n10.8.0.0/16 via 10.0.1.1 dev eth0 \n10.10.0.0 via 10.0.1.1 dev eth0 \n',
        0,
      ],
      ['ip route del 10.5.0.0/16', '', 0],
      ['ip route del 10.5.0.0/16', 'RTNETLINK answers: No such process\n', 2],
      ['ip route del 10.7.0.0/16 dev eth0', '', 0],
      ['ip route del 10.8.0.0/16 via 10.0.1.1', '', 0],
      ['ip route foo', 'Command "foo" is unknown, try "ip route help".\n', 255],
      ['ip route get 10.0.2.20', '10.0.2.20 via 10.0.1.1 dev eth0 src 10.0.1.10 uid 0 \n    cache \n', 0],
      ['ip route get 10.0.1.1', '10.0.1.1 dev eth0 src 10.0.1.10 uid 0 \n    cache \n', 0],
      ['ip route get 10.0.1.10', 'local 10.0.1.10 dev lo src 10.0.1.10 uid 0 \n    cache <local> \n', 0],
      ['ip route get 127.0.0.1', 'local 127.0.0.1 dev lo src 127.0.0.1 uid 0 \n    cache <local> \n', 0],
      ['ip r g 10.0.2.20', '10.0.2.20 via 10.0.1.1 dev eth0 src 10.0.1.10 uid 0 \n    cache \n', 0],
      ['ip route get foo', 'Error: any valid prefix is expected rather than "foo".\n', 1],
      ['ip route del default', '', 0],
      ['ip route del default', 'RTNETLINK answers: No such process\n', 2],
      ['ip route get 8.8.8.8', 'RTNETLINK answers: Network is unreachable\n', 2],
    ];
    for (const [line, out, status] of steps) expect({ line, ...(await sh(a, line)) }).toEqual({ line, out, status });
  });

  it('prints the usage for an incomplete add', async () => {
    const { a } = routed();
    const r = await sh(a, 'ip route add');
    expect(r.status).toBe(255);
    expect(r.out.startsWith('Usage: ip route { list | flush } SELECTOR\n')).toBe(true);
    expect(r.out.endsWith('ROUTE_GET_FLAGS := [ fibmatch ]\n')).toBe(true);
  });

  it('refuses changes from a normal user', async () => {
    const { a } = routed();
    const eperm = 'RTNETLINK answers: Operation not permitted\n';
    expect(await sh(a, 'ip route add 10.21.0.0/16 via 10.0.1.1', 'debian')).toEqual({ out: eperm, status: 2 });
    expect(await sh(a, 'ip addr add 10.0.1.50/24 dev eth0', 'debian')).toEqual({ out: eperm, status: 2 });
    expect(await sh(a, 'ip link set eth0 down', 'debian')).toEqual({ out: eperm, status: 2 });
    expect(await sh(a, 'ip route del default', 'debian')).toEqual({ out: eperm, status: 2 });
    expect(await sh(a, 'ip neigh flush all', 'debian')).toEqual({ out: 'Failed to send flush request: Operation not permitted\n', status: 1 });
    expect((await sh(a, 'ip route', 'debian')).status).toBe(0);
  });
});

describe('ip address and ip neigh', () => {
  it('marks a second address of a subnet secondary and keeps brd only when asked', async () => {
    const { a } = routed();
    expect(await sh(a, 'ip addr add 10.0.1.11/24 dev eth0')).toEqual({ out: '', status: 0 });
    expect(await sh(a, 'ip addr add 10.0.1.12/24 brd + dev eth0')).toEqual({ out: '', status: 0 });
    expect((await sh(a, 'ip a show eth0')).out).toBe(
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n' +
        '    link/ether 02:00:00:00:00:0a brd ff:ff:ff:ff:ff:ff\n' +
        '    inet 10.0.1.10/24 brd 10.0.1.255 scope global eth0\n       valid_lft forever preferred_lft forever\n' +
        '    inet 10.0.1.11/24 scope global secondary eth0\n       valid_lft forever preferred_lft forever\n' +
        '    inet 10.0.1.12/24 brd 10.0.1.255 scope global secondary eth0\n       valid_lft forever preferred_lft forever\n',
    );
    // Debian 12's kernel (6.1): EADDRNOTAVAIL; 6.3+ kernels say "Error: ipv4: Address not found.".
    expect(await sh(a, 'ip addr del 10.0.1.99/24 dev eth0')).toEqual({ out: 'RTNETLINK answers: Cannot assign requested address\n', status: 2 });
    expect(await sh(a, 'ip addr del 10.0.1.11 dev eth0')).toEqual({
      out:
        'Warning: Executing wildcard deletion to stay compatible with old scripts.\n' +
        '         Explicitly specify the prefix length (10.0.1.11/32) to avoid this warning.\n' +
        '         This special behaviour is likely to disappear in further releases,\n' +
        '         fix your scripts!\n',
      status: 0,
    });
    expect(await sh(a, 'ip addr show dev eth9')).toEqual({ out: 'Device "eth9" does not exist.\n', status: 1 });
    expect(await sh(a, 'ip addr add')).toEqual({ out: 'Not enough information: "dev" argument is required.\n', status: 1 });
    expect(await sh(a, 'ip addr add dev eth0')).toEqual({ out: 'RTNETLINK answers: Operation not supported\n', status: 2 });
    expect(await sh(a, 'ip addr foo')).toEqual({ out: 'Command "foo" is unknown, try "ip address help".\n', status: 255 });
    expect(await sh(a, 'ip link set eth0 foo')).toEqual({ out: 'Error: either "dev" is duplicate, or "foo" is a garbage.\n', status: 255 });
    expect(await sh(a, 'ip -V')).toEqual({ out: 'ip utility, iproute2-6.1.0, libbpf 1.1.2\n', status: 0 });
    expect(await sh(a, 'ip -x')).toEqual({ out: 'Option "-x" is unknown, try "ip -help".\n', status: 255 });
  });

  it('changes the MTU and shows it in ip link', async () => {
    const { a } = routed();
    expect(await sh(a, 'ip link set eth0 mtu 1400')).toEqual({ out: '', status: 0 });
    expect((await sh(a, 'ip link show eth0')).out).toBe(
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc fq_codel state UP mode DEFAULT group default qlen 1000\n    link/ether 02:00:00:00:00:0a brd ff:ff:ff:ff:ff:ff\n',
    );
    expect((await sh(a, 'ip -br link')).out).toBe(
      'lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> \neth0             UP             02:00:00:00:00:0a <BROADCAST,MULTICAST,UP,LOWER_UP> \n',
    );
  });

  it('lists, adds, replaces and deletes neighbours', async () => {
    const { a } = routed();
    await a.run(ping, ['ping', '-c', '1', '10.0.1.1']);
    await a.run(ping, ['ping', '-c', '1', '-W', '1', '10.0.1.77']);
    expect(await sh(a, 'ip neigh')).toEqual({ out: '10.0.1.1 dev eth0 lladdr 02:00:00:00:00:01 REACHABLE \n10.0.1.77 dev eth0 INCOMPLETE \n', status: 0 });
    await a.lab.run(3);
    expect((await sh(a, 'ip n show')).out).toBe('10.0.1.1 dev eth0 lladdr 02:00:00:00:00:01 REACHABLE \n10.0.1.77 dev eth0 FAILED \n');
    expect(await sh(a, 'ip neigh flush all')).toEqual({ out: '', status: 0 });
    expect(await sh(a, 'ip neigh')).toEqual({ out: '', status: 0 });
    expect(await sh(a, 'ip neigh del 10.0.1.1 dev eth0')).toEqual({ out: 'RTNETLINK answers: No such file or directory\n', status: 2 });
    expect(await sh(a, 'ip neigh add 10.0.1.88 lladdr 02:00:00:00:00:88 dev eth0')).toEqual({ out: '', status: 0 });
    expect(await sh(a, 'ip neigh add 10.0.1.88 lladdr 02:00:00:00:00:88 dev eth0')).toEqual({ out: 'RTNETLINK answers: File exists\n', status: 2 });
    expect(await sh(a, 'ip neigh replace 10.0.1.88 lladdr 02:00:00:00:00:99 dev eth0 nud permanent')).toEqual({ out: '', status: 0 });
    expect(await sh(a, 'ip neigh')).toEqual({ out: '10.0.1.88 dev eth0 lladdr 02:00:00:00:00:99 PERMANENT \n', status: 0 });
    expect(await sh(a, 'ip neigh show dev eth9')).toEqual({ out: 'Cannot find device "eth9"\n', status: 1 });
    expect(await sh(a, 'ip neigh foo')).toEqual({ out: 'Command "foo" is unknown, try "ip neigh help".\n', status: 255 });
  });
});
