import { afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../engine/rng.ts';
import { MS } from '../engine/time.ts';
import { internetChecksum } from '../wire/checksum.ts';
import { readIpv4 } from '../wire/addr.ts';
import { emitEthernet, ETHERTYPE_IPV4 } from '../wire/ethernet.ts';
import { emitIcmp, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, ICMP_PROTO_UNREACH } from '../wire/icmp.ts';
import { emitIpv4, IPPROTO_ICMP, type Ipv4Packet } from '../wire/ipv4.ts';
import type { IpMeta, TransportProtocol } from './transport.ts';
import { drainLabProblems, echoRequest, ip, Lab, rawIcmp } from './testing/lab.ts';

// Every frame a stack sent re-parses with src/wire, and none was modified after it was handed over.
afterEach(() => {
  expect(drainLabProblems()).toEqual([]);
});

function lanWithProbe() {
  const lab = new Lab();
  const net = lab.network('lan');
  const a = lab.host('a', [{ net, address: '192.168.0.28/24' }]);
  const heard: Uint8Array[] = [];
  const probe = net.attach({ receiveFrame: (f) => heard.push(f) });
  const probeMac = 0x02aaaaaaaaaa;
  a.arp.addPermanent(ip('192.168.0.99'), probeMac, 'eth0');
  /** An IPv4 frame from the probe (192.168.0.99) to a. */
  const inject = (fields: Partial<Ipv4Packet>, patch?: (frame: Uint8Array) => void) => {
    const packet = emitIpv4({
      dscp: 0,
      ecn: 0,
      identification: 1,
      dontFragment: false,
      moreFragments: false,
      fragmentOffset: 0,
      ttl: 64,
      protocol: IPPROTO_ICMP,
      src: ip('192.168.0.99'),
      dst: ip('192.168.0.28'),
      options: new Uint8Array(0),
      payload: emitIcmp(echoRequest(5, 1)),
      ...fields,
    });
    const frame = emitEthernet({ dst: a.interfaces.get('eth0')!.mac, src: probeMac, ethertype: ETHERTYPE_IPV4, payload: packet });
    patch?.(frame);
    probe.send(frame);
  };
  return { lab, a, heard, inject };
}

describe('IPv4 input', () => {
  it('answers a well-formed echo request from the wire', () => {
    const { lab, heard, inject } = lanWithProbe();
    inject({});
    lab.run(MS);
    expect(heard).toHaveLength(1);
    expect(readIpv4(heard[0], 30)).toBe(ip('192.168.0.99'));
  });

  it('drops a packet whose header checksum is wrong, and counts it', () => {
    const { lab, a, heard, inject } = lanWithProbe();
    inject({}, (f) => (f[24] ^= 0xff));
    lab.run(MS);
    expect(heard).toEqual([]);
    expect(a.counters.ip).toMatchObject({ inReceives: 1, inHdrErrors: 1, inCsumErrors: 1, inDelivers: 0 });
  });

  it('drops fragments (no reassembly) and 127/8 from the wire (martians)', () => {
    const { lab, a, heard, inject } = lanWithProbe();
    inject({ moreFragments: true });
    inject({ src: ip('127.0.0.1') });
    lab.run(MS);
    expect(heard).toEqual([]);
    expect(a.counters.ip).toMatchObject({ reasmFails: 1, inAddrErrors: 1 });
  });

  it('answers an unknown protocol with Protocol Unreachable', () => {
    const { lab, heard, inject } = lanWithProbe();
    inject({ protocol: 132 });
    lab.run(MS);
    expect(heard.map((f) => [f[34], f[35]])).toEqual([[ICMP_DEST_UNREACH, ICMP_PROTO_UNREACH]]);
  });

  it('accepts a packet for an address of another interface (weak host model)', () => {
    const lab = new Lab();
    const net = lab.network('lan');
    const other = lab.network('other');
    const a = lab.host('a', [{ net, address: '192.168.0.28/24' }, { net: other, address: '10.1.1.1/24' }]);
    const b = lab.host('b', [{ net, address: '192.168.0.1/24' }]);
    b.routes.add({ dest: ip('10.1.1.0'), prefix: 24, gateway: ip('192.168.0.28') });
    const { socket, received } = rawIcmp(b);
    socket.send(ip('10.1.1.1'), echoRequest(1, 1));
    lab.run(10 * MS);
    expect(received.map((d) => d.meta.src)).toEqual([ip('10.1.1.1')]);
    expect(a.counters.ip.forwDatagrams).toBe(0);
  });

  it('hands packets up through the protocol table to a registered transport', () => {
    const lab = new Lab();
    const net = lab.network('lan');
    const a = lab.host('a', [{ net, address: '192.168.0.28/24' }]);
    const b = lab.host('b', [{ net, address: '192.168.0.1/24' }]);
    const got: Array<[IpMeta, number[]]> = [];
    const sctp: TransportProtocol = {
      protocol: 132,
      receive: (meta, data) => got.push([meta, [...data]]),
      receiveIcmpError: () => {},
    };
    b.registerTransport(sctp);
    const err = a.send(ip('192.168.0.28'), ip('192.168.0.1'), 132, 3, (buf, off) => buf.set([1, 2, 3], off));
    expect(err).toBeNull();
    lab.run(10 * MS);
    expect(got.map(([m, d]) => [m.src, m.dst, m.iface, d])).toEqual([[ip('192.168.0.28'), ip('192.168.0.1'), 'eth0', [1, 2, 3]]]);
    expect(() => b.registerTransport(sctp)).toThrow();
  });
});

describe('IPv4 output', () => {
  it('fails with ENETUNREACH when no route matches, sending nothing', () => {
    const { lab, a } = lanWithProbe();
    const err = a.send(0, ip('10.254.54.1'), IPPROTO_ICMP, 8, () => {});
    expect(err).toBe('ENETUNREACH');
    expect(a.route(ip('10.254.54.1'))).toEqual({ ok: false, error: 'ENETUNREACH' });
    expect(a.counters.ip.outNoRoutes).toBe(1);
    lab.run(MS);
    expect(lab.framesOf('a')).toEqual([]);
  });

  it('refuses a packet larger than the MTU with EMSGSIZE (no fragmentation)', () => {
    const { a } = lanWithProbe();
    expect(a.send(0, ip('192.168.0.99'), 200, 1481, () => {})).toBe('EMSGSIZE');
    expect(a.send(0, ip('192.168.0.99'), 200, 1480, () => {})).toBeNull();
  });

  it('picks the address of the egress interface that is in the next hop subnet as source', () => {
    const lab = new Lab();
    const net = lab.network('lan');
    const a = lab.host('a', [{ net, address: '192.168.0.28/24' }]);
    const eth0 = a.interfaces.get('eth0')!;
    eth0.addAddress(ip('10.0.0.5'), 8);
    expect(a.route(ip('10.9.9.9'))).toMatchObject({ ok: true, src: ip('10.0.0.5'), iface: 'eth0', gateway: null });
    expect(a.route(ip('192.168.0.7'))).toMatchObject({ ok: true, src: ip('192.168.0.28') });
    a.routes.add({ dest: 0, prefix: 0, gateway: ip('10.0.0.1') });
    expect(a.route(ip('8.8.8.8'))).toMatchObject({ ok: true, src: ip('10.0.0.5'), gateway: ip('10.0.0.1'), mtu: 1500 });
  });

  it('stops sending and receiving on a down interface, and restores its connected route when up', () => {
    const lab = new Lab();
    const net = lab.network('lan');
    const a = lab.host('a', [{ net, address: '192.168.0.28/24' }], { gateway: '192.168.0.1' });
    lab.host('b', [{ net, address: '192.168.0.1/24' }]);
    const eth0 = a.interfaces.get('eth0')!;
    eth0.setUp(false);
    expect(a.routes.list()).toEqual([]);
    expect(a.isLocalAddress(ip('192.168.0.28'))).toBe(false);
    const { socket, received } = rawIcmp(a);
    expect(socket.send(ip('192.168.0.1'), echoRequest(1, 1))).toBe('ENETUNREACH');
    eth0.setUp(true);
    expect(a.routes.list().map((r) => [r.proto, r.iface, r.src])).toEqual([['kernel', 'eth0', ip('192.168.0.28')]]);
    expect(socket.send(ip('192.168.0.1'), echoRequest(1, 2))).toBeNull();
    lab.run(10 * MS);
    expect(received).toHaveLength(1);
  });
});

describe('IPv4 forwarding', () => {
  it('answers a DF packet too big for the next link with Fragmentation Needed and the MTU', () => {
    const lab = new Lab();
    const left = lab.network('left');
    const right = lab.network('right');
    const a = lab.host('a', [{ net: left, address: '10.0.1.2/24' }], { gateway: '10.0.1.1' });
    lab.host('r', [{ net: left, address: '10.0.1.1/24' }, { net: right, address: '10.0.2.1/24', mtu: 1000 }], { forward: true });
    lab.host('c', [{ net: right, address: '10.0.2.2/24', mtu: 1000 }], { gateway: '10.0.2.1' });
    const { socket, received } = rawIcmp(a);
    socket.send(ip('10.0.2.2'), echoRequest(1, 1, 1200), { dontFragment: true });
    lab.run(10 * MS);
    expect(received.map((d) => [d.message.type, d.message.code, d.message.rest & 0xffff])).toEqual([
      [ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, 1000],
    ]);
    expect(lab.problems()).toEqual([]);
  });

  it('does not forward a directed broadcast nor a link-layer broadcast', () => {
    const lab = new Lab();
    const left = lab.network('left');
    const right = lab.network('right');
    const a = lab.host('a', [{ net: left, address: '10.0.1.2/24' }], { gateway: '10.0.1.1' });
    lab.host('r', [{ net: left, address: '10.0.1.1/24' }, { net: right, address: '10.0.2.1/24' }], { forward: true });
    const c = lab.host('c', [{ net: right, address: '10.0.2.2/24' }]);
    const s = c.udp.open();
    s.bind(0, 9);
    const got: unknown[] = [];
    s.onMessage.on((m) => got.push(m));
    a.udp.open().sendTo(new Uint8Array(1), ip('10.0.2.255'), 9);
    a.udp.open().sendTo(new Uint8Array(1), ip('10.0.2.2'), 9, { broadcast: true });
    lab.run(10 * MS);
    expect(got).toEqual([]);
    expect(lab.framesOf('r', 'eth1')).toEqual([]);
  });
});

describe('IPv4 and ARP input on garbage', () => {
  it('never throw, whatever follows the Ethernet header', () => {
    const lab = new Lab();
    const net = lab.network('lan');
    const a = lab.host('a', [{ net, address: '192.168.0.28/24' }], { forward: true });
    const eth0 = a.interfaces.get('eth0')!;
    const rng = new Rng('garbage');
    for (let i = 0; i < 3000; i++) {
      const frame = rng.bytes(rng.int(14, 120));
      frame.set(eth0.macBytes, 0);
      frame[12] = 0x08;
      frame[13] = i % 3 === 0 ? 0x06 : 0x00;
      if (i % 2 === 0 && frame.length >= 34) {
        // A plausible header so that the deeper layers get exercised too.
        frame[14] = 0x45;
        frame[16] = 0;
        frame[17] = frame.length - 14;
        frame[20] = 0;
        frame[21] = 0;
        frame.set([192, 168, 0, 28], 30);
        const sum = internetChecksum(frame.subarray(14, 34).map((b, j) => (j === 10 || j === 11 ? 0 : b)), 0, 20);
        frame[24] = sum >>> 8;
        frame[25] = sum & 0xff;
      }
      eth0.receiveFrame(frame);
    }
    expect(() => lab.run(10 * MS)).not.toThrow();
    expect(a.counters.ip.inReceives).toBeGreaterThan(1000);
  });
});
