import { describe, it, expect } from 'vitest';
import { parseMac } from '../../wire/addr.ts';
import { macWithRaw, resolveMac } from './oui.ts';

const name = (s: string) => resolveMac(parseMac(s)!);

describe('MAC names as Wireshark prints them', () => {
  it('names the common NIC vendors by their manuf short name and the last three octets', () => {
    expect(name('18:a9:05:c0:4f:68')).toBe('HewlettP_c0:4f:68');
    expect(name('5c:d9:98:b1:60:c8')).toBe('D-Link_b1:60:c8');
    expect(name('00:15:c5:e0:fc:04')).toBe('Dell_e0:fc:04');
    expect(name('08:00:27:12:34:56')).toBe('PcsCompu_12:34:56');
  });

  it('prints the zero address, broadcast and unknown vendors as tshark does', () => {
    expect(name('00:00:00:00:00:00')).toBe('00:00:00_00:00:00');
    expect(name('ff:ff:ff:ff:ff:ff')).toBe('Broadcast');
    expect(name('02:00:00:00:00:1c')).toBe('02:00:00:00:00:1c');
    expect(macWithRaw(parseMac('00:15:c5:e0:fc:04')!)).toBe('Dell_e0:fc:04 (00:15:c5:e0:fc:04)');
  });
});
