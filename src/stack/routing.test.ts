import { afterEach, describe, expect, it } from 'vitest';
import { formatRouteDest, RoutingTable } from './routing.ts';
import { drainLabProblems, ip, Lab } from './testing/lab.ts';

// Every frame a stack sent re-parses with src/wire, and none was modified after it was handed over.
afterEach(() => {
  expect(drainLabProblems()).toEqual([]);
});

function table() {
  const t = new RoutingTable((name) => name === 'eth0' || name === 'eth1');
  t.add({ dest: ip('192.168.0.0'), prefix: 24, iface: 'eth0', proto: 'kernel', scope: 'link', src: ip('192.168.0.28') });
  t.add({ dest: ip('10.0.0.0'), prefix: 8, iface: 'eth1', proto: 'kernel', scope: 'link', src: ip('10.0.0.5') });
  return t;
}

describe('routing table lookup', () => {
  it('prefers the longest prefix, then the lowest metric, then the first added', () => {
    const t = table();
    expect(t.add({ dest: 0, prefix: 0, gateway: ip('192.168.0.1') })).toBeNull();
    expect(t.add({ dest: ip('10.1.0.0'), prefix: 16, gateway: ip('192.168.0.2'), metric: 100 })).toBeNull();
    expect(t.add({ dest: ip('10.1.0.0'), prefix: 16, gateway: ip('192.168.0.3'), metric: 50 })).toBeNull();
    expect(t.add({ dest: ip('172.16.0.0'), prefix: 12, gateway: ip('192.168.0.4'), metric: 7 })).toBeNull();
    expect(t.add({ dest: ip('172.16.0.0'), prefix: 12, gateway: ip('10.0.0.1'), metric: 7 })).toBe('EEXIST');
    expect(t.lookup(ip('10.1.2.3'))?.gateway).toBe(ip('192.168.0.3'));
    expect(t.lookup(ip('10.2.0.1'))?.iface).toBe('eth1');
    expect(t.lookup(ip('8.8.8.8'))?.gateway).toBe(ip('192.168.0.1'));
    expect(t.lookup(ip('172.20.1.1'))?.gateway).toBe(ip('192.168.0.4'));
  });

  it('answers null without a default route', () => {
    expect(table().lookup(ip('8.8.8.8'))).toBeNull();
  });

  it('sees a change made after a cached lookup', () => {
    const t = table();
    expect(t.lookup(ip('8.8.8.8'))).toBeNull();
    t.add({ dest: 0, prefix: 0, gateway: ip('10.0.0.1') });
    expect(t.lookup(ip('8.8.8.8'))?.gateway).toBe(ip('10.0.0.1'));
    expect(t.remove({ dest: 0, prefix: 0 })).toBeNull();
    expect(t.lookup(ip('8.8.8.8'))).toBeNull();
  });
});

describe('routing table changes (ip route add/del)', () => {
  it('refuses a gateway that is not on a connected network, like "Nexthop has invalid gateway"', () => {
    const t = table();
    expect(t.add({ dest: 0, prefix: 0, gateway: ip('172.16.0.1') })).toBe('ENETUNREACH');
    expect(t.add({ dest: 0, prefix: 0, gateway: ip('10.0.0.1'), iface: 'eth0' })).toBe('ENETUNREACH');
    expect(t.add({ dest: 0, prefix: 0, gateway: ip('10.0.0.1'), iface: 'eth9' })).toBe('ENODEV');
  });

  it('takes the device from the connected route of the gateway and defaults to proto boot', () => {
    const t = table();
    t.add({ dest: 0, prefix: 0, gateway: ip('10.0.0.1') });
    expect(t.lookup(ip('1.1.1.1'))).toEqual({
      dest: 0,
      prefix: 0,
      gateway: ip('10.0.0.1'),
      iface: 'eth1',
      metric: 0,
      proto: 'boot',
      scope: 'global',
    });
  });

  it('clears host bits of the destination and removes only what matches', () => {
    const t = table();
    t.add({ dest: ip('172.16.5.9'), prefix: 16, gateway: ip('10.0.0.1') });
    expect(t.list().map(formatRouteDest)).toContain('172.16.0.0/16');
    expect(t.remove({ dest: ip('172.16.0.0'), prefix: 16, gateway: ip('10.0.0.2') })).toBe('ESRCH');
    expect(t.remove({ dest: ip('172.16.0.0'), prefix: 16 })).toBeNull();
    expect(t.remove({ dest: ip('172.16.0.0'), prefix: 16 })).toBe('ESRCH');
  });

  it('lists routes as `ip route` does: by destination, default first', () => {
    const t = table();
    t.add({ dest: ip('10.1.0.0'), prefix: 16, gateway: ip('10.0.0.1') });
    t.add({ dest: 0, prefix: 0, gateway: ip('192.168.0.1') });
    t.add({ dest: ip('10.0.0.0'), prefix: 8, gateway: ip('192.168.0.1'), metric: 10 });
    expect(t.list().map((r) => `${formatRouteDest(r)} ${r.metric}`)).toEqual([
      'default 0',
      '10.0.0.0/8 0',
      '10.0.0.0/8 10',
      '10.1.0.0/16 0',
      '192.168.0.0/24 0',
    ]);
  });
});

describe('connected routes follow interface addresses', () => {
  it('appear with ip addr add and go with ip addr del, taking routes via their gateways along', () => {
    const lab = new Lab();
    const net = lab.network('lan');
    const a = lab.host('a', [{ net, address: '192.168.0.28/24' }], { gateway: '192.168.0.1' });
    expect(a.routes.list().map((r) => [formatRouteDest(r), r.proto, r.scope, r.src ?? null, r.gateway])).toEqual([
      ['default', 'boot', 'global', null, ip('192.168.0.1')],
      ['192.168.0.0/24', 'kernel', 'link', ip('192.168.0.28'), null],
    ]);
    const eth0 = a.interfaces.get('eth0')!;
    expect(eth0.addAddress(ip('192.168.0.28'), 24)).toBe('EEXIST');
    expect(eth0.addAddress(ip('192.168.0.29'), 24)).toBeNull(); // secondary: no second route
    expect(a.routes.list()).toHaveLength(2);
    expect(eth0.removeAddress(ip('192.168.0.28'))).toBeNull();
    // The secondary keeps the subnet routed; the gateway is still reachable.
    expect(a.routes.list().map((r) => [formatRouteDest(r), r.src ?? null])).toEqual([
      ['default', null],
      ['192.168.0.0/24', ip('192.168.0.29')],
    ]);
    expect(eth0.removeAddress(ip('192.168.0.29'), 24)).toBeNull();
    expect(a.routes.list()).toEqual([]);
    expect(eth0.removeAddress(ip('192.168.0.29'))).toBe('EADDRNOTAVAIL');
  });

  it('add no route for a /32', () => {
    const lab = new Lab();
    const a = lab.host('a', [{ net: lab.network('lan'), address: '10.0.0.1/32' }]);
    expect(a.routes.list()).toEqual([]);
    expect(a.interfaces.get('eth0')!.addresses[0].broadcast).toBe(0);
  });
});
