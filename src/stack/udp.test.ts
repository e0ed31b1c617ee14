import { afterEach, describe, expect, it } from 'vitest';
import { MS } from '../engine/time.ts';
import { MAC_BROADCAST, readIpv4, readMac } from '../wire/addr.ts';
import { ICMP_DEST_UNREACH, ICMP_PORT_UNREACH } from '../wire/icmp.ts';
import { IPPROTO_ICMP } from '../wire/ipv4.ts';
import type { NetError } from './transport.ts';
import type { UdpMessage } from './udp.ts';
import { drainLabProblems, ip, Lab } from './testing/lab.ts';

// Every frame a stack sent re-parses with src/wire, and none was modified after it was handed over.
afterEach(() => {
  expect(drainLabProblems()).toEqual([]);
});

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

function lan() {
  const lab = new Lab();
  const net = lab.network('lan');
  const a = lab.host('a', [{ net, address: '192.168.0.28/24' }]);
  const b = lab.host('b', [{ net, address: '192.168.0.1/24' }]);
  return { lab, net, a, b };
}

function inbox(s: { onMessage: { on(l: (m: UdpMessage) => void): unknown } }): UdpMessage[] {
  const got: UdpMessage[] = [];
  s.onMessage.on((m) => got.push(m));
  return got;
}

describe('UDP datagrams between two hosts', () => {
  it('go both ways: a query from an ephemeral port, the answer back to it', () => {
    const { lab, a, b } = lan();
    const server = b.udp.open();
    expect(server.bind(0, 53)).toBeNull();
    const atServer = inbox(server);
    server.onMessage.on((m) => server.sendTo(bytes(`re: ${text(m.data)}`), m.from, m.fromPort));
    const client = a.udp.open();
    const atClient = inbox(client);
    expect(client.sendTo(bytes('hello'), ip('192.168.0.1'), 53)).toBeNull();
    expect(client.localPort).toBeGreaterThanOrEqual(32768);
    expect(client.localPort).toBeLessThanOrEqual(60999);
    lab.run(10 * MS);
    expect(atServer.map((m) => [text(m.data), m.from, m.fromPort, m.to, m.iface, m.ttl])).toEqual([
      ['hello', ip('192.168.0.28'), client.localPort, ip('192.168.0.1'), 'eth0', 64],
    ]);
    expect(atClient.map((m) => [text(m.data), m.from, m.fromPort])).toEqual([['re: hello', ip('192.168.0.1'), 53]]);
    expect(a.counters.udp).toMatchObject({ outDatagrams: 1, inDatagrams: 1 });
    expect(lab.problems()).toEqual([]);
  });

  it('to a closed port earn an ICMP port unreachable, and ECONNREFUSED on a connected socket', () => {
    const { lab, a, b } = lan();
    const connected = a.udp.open();
    expect(connected.connect(ip('192.168.0.1'), 9)).toBeNull();
    expect(connected.localAddress).toBe(ip('192.168.0.28'));
    const errors: NetError[] = [];
    connected.onError.on((e) => errors.push(e));
    const loose = a.udp.open();
    const looseErrors: NetError[] = [];
    loose.onError.on((e) => looseErrors.push(e));
    expect(connected.send(bytes('x'))).toBeNull();
    expect(loose.sendTo(bytes('y'), ip('192.168.0.1'), 9)).toBeNull();
    lab.run(10 * MS);
    expect(errors).toEqual(['ECONNREFUSED']);
    expect(looseErrors).toEqual([]); // unconnected sockets hear of it only with IP_RECVERR
    const icmp = lab.framesOf('b', 'eth0', 'out').filter((f) => f.frame[14 + 9] === IPPROTO_ICMP);
    expect(icmp.map((f) => [f.frame[34], f.frame[35]])).toEqual([
      [ICMP_DEST_UNREACH, ICMP_PORT_UNREACH],
      [ICMP_DEST_UNREACH, ICMP_PORT_UNREACH],
    ]);
    expect(b.counters.udp.noPorts).toBe(2);
  });

  it('reach a connected socket only from its peer', () => {
    const lab = new Lab();
    const net = lab.network('lan');
    const a = lab.host('a', [{ net, address: '192.168.0.28/24' }]);
    const b = lab.host('b', [{ net, address: '192.168.0.1/24' }]);
    const c = lab.host('c', [{ net, address: '192.168.0.3/24' }]);
    const s = a.udp.open();
    s.bind(0, 4000);
    s.connect(ip('192.168.0.1'), 5000);
    const got = inbox(s);
    const fromB = b.udp.open();
    fromB.bind(0, 5000);
    fromB.sendTo(bytes('b'), ip('192.168.0.28'), 4000);
    c.udp.open().sendTo(bytes('c'), ip('192.168.0.28'), 4000);
    lab.run(10 * MS);
    expect(got.map((m) => text(m.data))).toEqual(['b']);
  });

  it('are not delivered re-entrantly: a send to this host arrives from a later event', () => {
    const { lab, a } = lan();
    const s = a.udp.open();
    s.bind(ip('127.0.0.1'), 7777);
    const got = inbox(s);
    s.sendTo(bytes('self'), ip('127.0.0.1'), 7777);
    expect(got).toEqual([]);
    lab.run(MS);
    expect(got.map((m) => [text(m.data), m.iface])).toEqual([['self', 'lo']]);
  });
});

describe('UDP broadcast (DHCP-like exchange)', () => {
  function dhcpLab() {
    const lab = new Lab();
    const net = lab.network('lan');
    const server = lab.host('server', [{ net, address: '192.168.0.1/24' }]);
    const client = lab.host('client', [{ net }]);
    return { lab, server, client };
  }

  it('from 0.0.0.0 reaches a socket bound to 0.0.0.0:67 on another host', () => {
    const { lab, server, client } = dhcpLab();
    const s67 = server.udp.open();
    expect(s67.bind(0, 67)).toBeNull();
    const atServer = inbox(s67);
    const c68 = client.udp.open();
    expect(c68.bind(0, 68)).toBeNull();
    expect(c68.bindToDevice('eth0')).toBeNull();
    expect(c68.sendTo(bytes('DISCOVER'), ip('255.255.255.255'), 67)).toBeNull();
    lab.run(10 * MS);
    expect(atServer.map((m) => [text(m.data), m.from, m.fromPort, m.to])).toEqual([['DISCOVER', 0, 68, 0xffffffff]]);
    const out = lab.framesOf('client', 'eth0', 'out')[0].frame;
    expect(readMac(out, 0)).toBe(MAC_BROADCAST);
    expect(readIpv4(out, 26)).toBe(0);
    expect(lab.problems()).toEqual([]);
  });

  it('reaches a bindToDevice socket on an interface that has no address yet', () => {
    const { lab, server, client } = dhcpLab();
    const c68 = client.udp.open();
    c68.bind(0, 68);
    c68.bindToDevice('eth0');
    const atClient = inbox(c68);
    const s67 = server.udp.open();
    s67.bind(0, 67);
    s67.bindToDevice('eth0');
    expect(s67.sendTo(bytes('OFFER'), ip('255.255.255.255'), 68)).toBeNull();
    lab.run(10 * MS);
    expect(atClient.map((m) => [text(m.data), m.from, m.iface])).toEqual([['OFFER', ip('192.168.0.1'), 'eth0']]);
  });

  it('unicast to the offered address reaches a receiveUnconfigured socket (dhclient packet socket)', () => {
    const { lab, server, client } = dhcpLab();
    const c68 = client.udp.open();
    c68.bind(0, 68);
    c68.bindToDevice('eth0');
    c68.receiveUnconfigured = true;
    const atClient = inbox(c68);
    server.arp.addPermanent(ip('192.168.0.50'), client.interfaces.get('eth0')!.mac, 'eth0');
    const s67 = server.udp.open();
    s67.bind(0, 67);
    s67.sendTo(bytes('OFFER'), ip('192.168.0.50'), 68);
    lab.run(10 * MS);
    expect(atClient.map((m) => [text(m.data), m.to])).toEqual([['OFFER', ip('192.168.0.50')]]);
  });

  it('does not reach a socket bound to a unicast address, nor one bound to another device', () => {
    const lab = new Lab();
    const net = lab.network('lan');
    const other = lab.network('other');
    const a = lab.host('a', [{ net, address: '192.168.0.28/24' }]);
    const b = lab.host('b', [
      { net, address: '192.168.0.1/24' },
      { net: other, address: '10.9.9.1/24' },
    ]);
    const specific = b.udp.open();
    specific.bind(ip('192.168.0.1'), 500);
    const elsewhere = b.udp.open();
    elsewhere.bindToDevice('eth1');
    elsewhere.bind(0, 500);
    const any = b.udp.open();
    expect(any.bind(0, 500)).toBe('EADDRINUSE');
    any.bindToDevice('eth0');
    expect(any.bind(0, 500)).toBe('EADDRINUSE'); // still overlaps the address-specific one
    const got = [inbox(specific), inbox(elsewhere)];
    a.udp.open().sendTo(bytes('hi'), ip('192.168.0.255'), 500);
    lab.run(10 * MS);
    expect(got.map((g) => g.length)).toEqual([0, 0]);
    expect(b.counters.icmp.outMsgs).toBe(0);
  });

  it('to the subnet broadcast leaves as a link broadcast and is also looped back to the sender', () => {
    const { lab, a, b } = lan();
    const listenB = b.udp.open();
    listenB.bind(0, 520);
    const listenA = a.udp.open();
    listenA.bind(0, 520);
    const gotB = inbox(listenB);
    const gotA = inbox(listenA);
    listenA.sendTo(bytes('rip'), ip('192.168.0.255'), 520);
    lab.run(10 * MS);
    expect(gotB.map((m) => text(m.data))).toEqual(['rip']);
    expect(gotA.map((m) => [text(m.data), m.iface])).toEqual([['rip', 'eth0']]);
    expect(readMac(lab.framesOf('a', 'eth0', 'out')[0].frame, 0)).toBe(MAC_BROADCAST);
    expect(lab.framesOf('a', 'eth0')).toHaveLength(1); // the local copy is not captured
  });
});

describe('UDP sockets', () => {
  it('refuse a second bind on a used port and a non-local address', () => {
    const { a } = lan();
    const s1 = a.udp.open();
    expect(s1.bind(0, 53)).toBeNull();
    expect(s1.bind(0, 54)).toBe('EINVAL');
    expect(a.udp.open().bind(ip('192.168.0.28'), 53)).toBe('EADDRINUSE');
    expect(a.udp.open().bind(ip('192.168.0.77'), 60)).toBe('EADDRNOTAVAIL');
    expect(a.udp.open().bindToDevice('eth9')).toBe('ENODEV');
  });

  it('are listed with their owner until closed', () => {
    const { a } = lan();
    const s = a.udp.open();
    s.owner = { pid: 42, name: 'named' };
    s.bind(0, 53);
    expect(a.udp.sockets().map((x) => [x.localPort, x.owner?.name])).toEqual([[53, 'named']]);
    s.close();
    expect(a.udp.sockets()).toEqual([]);
    expect(a.udp.open().bind(0, 53)).toBeNull();
    expect(s.sendTo(bytes('x'), ip('192.168.0.1'), 53)).toBe('EINVAL');
  });

  it('report ENETUNREACH from connect and sendTo without a route, like `ping: connect: Network is unreachable`', () => {
    const { a } = lan();
    const s = a.udp.open();
    expect(s.connect(ip('10.254.54.1'), 1025)).toBe('ENETUNREACH');
    expect(s.sendTo(bytes('x'), ip('10.254.54.1'), 53)).toBe('ENETUNREACH');
    expect(s.send(bytes('x'))).toBe('ENOTCONN');
  });
});
