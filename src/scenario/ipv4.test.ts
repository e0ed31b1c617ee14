import { describe, it, expect } from 'vitest';
import { inSubnet, parseCidr, parseIpv4, unusableHostAddress } from './ipv4.ts';
import { parseMac } from './mac.ts';

describe('scenario addresses', () => {
  it('parses a CIDR into address, prefix and text', () => {
    expect(parseCidr('10.0.1.10/24')).toEqual({ ok: true, value: { address: '10.0.1.10', prefix: 24, text: '10.0.1.10/24' } });
  });

  it('refuses an octet above 255, a leading zero and a missing prefix', () => {
    expect(parseCidr('172.20.300.1/24')).toEqual({ ok: false, reason: '300 is above 255' });
    expect(parseIpv4('10.0.01.1')).toEqual({ ok: false, reason: '"01" has a leading zero' });
    expect(parseCidr('10.0.1.10')).toEqual({ ok: false, reason: 'missing /prefix' });
    expect(parseCidr('10.0.1.10/33')).toEqual({ ok: false, reason: 'prefix "33" is not a number from 0 to 32' });
  });

  it('knows which subnet an address is in', () => {
    const lan = parseCidr('192.168.0.128/24');
    if (!lan.ok) throw new Error(lan.reason);
    const inside = parseIpv4('192.168.0.1');
    const outside = parseIpv4('192.168.1.1');
    expect(inside.ok && inSubnet(inside.value, lan.value)).toBe(true);
    expect(outside.ok && inSubnet(outside.value, lan.value)).toBe(false);
  });

  it('tells why an address cannot be a host address', () => {
    const at = (text: string, prefix: number): string | null => {
      const a = parseIpv4(text);
      return a.ok ? unusableHostAddress(a.value, prefix) : 'unparsed';
    };
    expect(at('10.0.1.0', 24)).toBe('is the network address of its /24');
    expect(at('10.0.1.255', 24)).toBe('is the broadcast address of its /24');
    expect(at('10.0.1.255', 31)).toBeNull();
    expect(at('127.0.0.1', 8)).toBe('is a loopback address');
    expect(at('224.0.0.5', 24)).toBe('is a multicast address');
  });

  it('accepts a MAC in either case and stores it lower case', () => {
    expect(parseMac('18:A9:05:C0:4F:68')).toEqual({ ok: true, value: '18:a9:05:c0:4f:68' });
    expect(parseMac('18-a9-05-c0-4f-68').ok).toBe(false);
    expect(parseMac('01:00:5e:00:00:01')).toEqual({ ok: false, reason: 'is a multicast (group) address' });
  });
});
