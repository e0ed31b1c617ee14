import { describe, expect, it } from 'vitest';
import {
  broadcastOf,
  formatIpv4,
  formatMac,
  inSubnet,
  isBroadcastIpv4,
  isBroadcastMac,
  isLoopbackIpv4,
  isMulticastIpv4,
  isMulticastMac,
  MAC_BROADCAST,
  MAC_ZERO,
  maskToPrefix,
  networkOf,
  parseCidr,
  parseIpv4,
  parseMac,
  prefixToMask,
  readIpv4,
  readMac,
  writeIpv4,
  writeMac,
} from './addr.ts';

describe('IPv4 addresses', () => {
  it('parses dotted quads into unsigned 32-bit numbers', () => {
    expect(parseIpv4('10.0.0.1')).toBe(0x0a000001);
    expect(parseIpv4('192.168.0.28')).toBe(0xc0a8001c);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    expect(parseIpv4('0.0.0.0')).toBe(0);
  });

  it('reads leading zeros as decimal, not octal', () => {
    expect(parseIpv4('010.001.000.009')).toBe(0x0a010009);
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '1.2.3.256', '1..2.3', '.1.2.3', '1.2.3.', '+1.2.3.4', '1.2.3.4 ', 'a.b.c.d', '1.2.3.-4'])(
    'refuses %j',
    (s) => {
      expect(parseIpv4(s)).toBeNull();
    },
  );

  it('formats back to the dotted quad', () => {
    expect(formatIpv4(0xc0a8001c)).toBe('192.168.0.28');
    expect(formatIpv4(0xffffffff)).toBe('255.255.255.255');
    expect(formatIpv4(parseIpv4('172.20.128.3')!)).toBe('172.20.128.3');
  });

  it('parses CIDR notation keeping the host address', () => {
    expect(parseCidr('172.20.128.3/24')).toEqual({ address: 0xac148003, prefix: 24 });
    expect(parseCidr('0.0.0.0/0')).toEqual({ address: 0, prefix: 0 });
    expect(parseCidr('10.0.0.1/32')).toEqual({ address: 0x0a000001, prefix: 32 });
    for (const bad of ['10.0.0.1', '10.0.0.1/33', '10.0.0.1/', '10.0.0.1/-1', '10.0.0/8', '10.0.0.1/8/8', '10.0.0.1/ 8']) {
      expect(parseCidr(bad)).toBeNull();
    }
  });

  it('converts between prefix lengths and netmasks', () => {
    expect(prefixToMask(24)).toBe(0xffffff00);
    expect(prefixToMask(0)).toBe(0);
    expect(prefixToMask(32)).toBe(0xffffffff);
    expect(prefixToMask(1)).toBe(0x80000000);
    for (let p = 0; p <= 32; p++) expect(maskToPrefix(prefixToMask(p))).toBe(p);
    expect(maskToPrefix(parseIpv4('255.0.255.0')!)).toBeNull();
    expect(maskToPrefix(parseIpv4('0.255.255.255')!)).toBeNull();
    expect(() => prefixToMask(33)).toThrow(RangeError);
  });

  it('computes network, broadcast and membership', () => {
    const a = parseIpv4('192.168.0.128')!;
    expect(formatIpv4(networkOf(a, 24))).toBe('192.168.0.0');
    expect(formatIpv4(broadcastOf(a, 24))).toBe('192.168.0.255');
    expect(formatIpv4(broadcastOf(a, 0))).toBe('255.255.255.255');
    expect(inSubnet(parseIpv4('192.168.0.28')!, parseIpv4('192.168.0.0')!, 24)).toBe(true);
    expect(inSubnet(parseIpv4('192.168.1.28')!, parseIpv4('192.168.0.0')!, 24)).toBe(false);
    expect(inSubnet(parseIpv4('8.8.8.8')!, 0, 0)).toBe(true);
  });

  it('classifies special addresses', () => {
    expect(isBroadcastIpv4(0xffffffff)).toBe(true);
    expect(isBroadcastIpv4(parseIpv4('192.168.0.255')!)).toBe(false);
    expect(isMulticastIpv4(parseIpv4('224.0.0.251')!)).toBe(true);
    expect(isMulticastIpv4(parseIpv4('240.0.0.1')!)).toBe(false);
    expect(isLoopbackIpv4(parseIpv4('127.0.0.1')!)).toBe(true);
    expect(isLoopbackIpv4(parseIpv4('128.0.0.1')!)).toBe(false);
  });

  it('reads and writes network byte order', () => {
    const buf = new Uint8Array(6);
    writeIpv4(buf, 1, 0xc0a8001c);
    expect(Array.from(buf)).toEqual([0, 0xc0, 0xa8, 0x00, 0x1c, 0]);
    expect(readIpv4(buf, 1)).toBe(0xc0a8001c);
  });
});

describe('MAC addresses', () => {
  it('parses colon and dash forms in any case', () => {
    expect(parseMac('18:a9:05:c0:4f:68')).toBe(0x18a905c04f68);
    expect(parseMac('18-A9-05-C0-4F-68')).toBe(0x18a905c04f68);
    expect(parseMac('ff:ff:ff:ff:ff:ff')).toBe(MAC_BROADCAST);
    expect(parseMac('00:00:00:00:00:00')).toBe(MAC_ZERO);
  });

  it.each(['', '18:a9:05:c0:4f', '18:a9:05:c0:4f:68:00', '18:a9-05:c0:4f:68', '18:a9:05:c0:4f:6g', '18.a9.05.c0.4f.68', '8:a9:05:c0:4f:68 '])(
    'refuses %j',
    (s) => {
      expect(parseMac(s)).toBeNull();
    },
  );

  it('formats in lowercase colon form', () => {
    expect(formatMac(0x18a905c04f68)).toBe('18:a9:05:c0:4f:68');
    expect(formatMac(0x02000000001c)).toBe('02:00:00:00:00:1c');
    expect(formatMac(MAC_BROADCAST)).toBe('ff:ff:ff:ff:ff:ff');
  });

  it('tells group addresses by the first octet', () => {
    expect(isMulticastMac(parseMac('01:00:5e:00:00:fb')!)).toBe(true);
    expect(isMulticastMac(MAC_BROADCAST)).toBe(true);
    expect(isMulticastMac(parseMac('02:00:00:00:00:1c')!)).toBe(false);
    expect(isBroadcastMac(MAC_BROADCAST)).toBe(true);
  });

  it('reads and writes six bytes', () => {
    const buf = new Uint8Array(8);
    writeMac(buf, 1, 0x18a905c04f68);
    expect(Array.from(buf)).toEqual([0, 0x18, 0xa9, 0x05, 0xc0, 0x4f, 0x68, 0]);
    expect(readMac(buf, 1)).toBe(0x18a905c04f68);
    writeMac(buf, 0, MAC_BROADCAST);
    expect(readMac(buf, 0)).toBe(MAC_BROADCAST);
  });
});
