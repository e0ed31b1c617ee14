import { describe, it, expect } from 'vitest';
import { absoluteName, canonicalCompare, formatIpv6, parseIpv6, parseTtl } from './dns-text.ts';

describe('DNS presentation format', () => {
  it('reads TTLs in seconds and in BIND units', () => {
    expect([parseTtl('604800'), parseTtl('1h'), parseTtl('2d'), parseTtl('1w'), parseTtl('1H30m')]).toEqual([604800, 3600, 172800, 604800, 5400]);
    expect([parseTtl('60480O'), parseTtl('h'), parseTtl('')]).toEqual([null, null, null]);
  });

  it('makes names absolute against the origin', () => {
    expect(absoluteName('www', 'lab.')).toBe('www.lab.');
    expect(absoluteName('@', 'lab.')).toBe('lab.');
    expect(absoluteName('ns.other.', 'lab.')).toBe('ns.other.');
    expect(absoluteName('a'.repeat(64), 'lab.')).toBeNull();
  });

  it('parses and prints IPv6 addresses in RFC 5952 form', () => {
    expect(formatIpv6(parseIpv6('::1')!)).toBe('::1');
    expect(formatIpv6(parseIpv6('2001:DB8:0:0:1:0:0:1')!)).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6(parseIpv6('::ffff:10.0.0.1')!)).toBe('::ffff:a00:1');
    expect([parseIpv6('1::2::3'), parseIpv6('12345::'), parseIpv6('1:2:3')]).toEqual([null, null, null]);
  });

  it('orders names canonically, the parent first', () => {
    expect(['b.lab.', 'lab.', 'a.b.lab.', 'A.lab.'].sort(canonicalCompare)).toEqual(['lab.', 'A.lab.', 'b.lab.', 'a.b.lab.']);
  });
});
