import { describe, it, expect } from 'vitest';
import { convertLiteral, parseByteString } from './literal.ts';
import type { Token } from './scanner.ts';

const word = (text: string): Token => ({ kind: 'word', text, value: text, start: 0, end: text.length });

describe('filter literals', () => {
  it('read integers in decimal, hex, octal and binary', () => {
    for (const [text, n] of [['25', 25], ['0x19', 25], ['031', 25], ['0b11001', 25], ['0', 0]] as const) {
      expect(convertLiteral(word(text), 'tcp.port', { kind: 'uint', bytes: 2 })).toEqual({ ok: true, value: n });
    }
  });
  it('read an IPv4 address as a /32 network and a CIDR block as its masked network', () => {
    expect(convertLiteral(word('192.168.0.77/24'), 'ip.addr', { kind: 'ipv4' })).toEqual({
      ok: true,
      value: { net: 0xc0a80000, mask: 0xffffff00 },
    });
    expect(convertLiteral(word('10.0.0.1'), 'ip.addr', { kind: 'ipv4' })).toEqual({
      ok: true,
      value: { net: 0x0a000001, mask: 0xffffffff },
    });
  });
  it('read MAC addresses with colons, hyphens or Cisco dots', () => {
    for (const text of ['02:00:00:00:00:1c', '02-00-00-00-00-1c', '0200.0000.001c']) {
      expect(convertLiteral(word(text), 'eth.addr', { kind: 'ether' })).toEqual({ ok: true, value: 0x02000000001c });
    }
  });
  it('read byte strings as hex pairs', () => {
    expect(parseByteString('65:68:6c:6f')).toEqual(Uint8Array.from([0x65, 0x68, 0x6c, 0x6f]));
    expect(parseByteString('ehlo')).toBeUndefined();
  });
});
