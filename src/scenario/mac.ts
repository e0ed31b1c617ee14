// Ethernet addresses as written in scenarios: six hex pairs separated by colons, as `ip link`
// prints them. Stored lower case, like the kernel shows them.
import type { Parsed } from './ipv4.ts';

export function parseMac(text: string): Parsed<string> {
  if (!/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(text)) {
    return { ok: false, reason: 'expected six hex pairs separated by colons, like 52:54:00:12:34:56' };
  }
  const mac = text.toLowerCase();
  // The I/G bit (IEEE 802-2014 8.2): a station address must be individual, not a group.
  if (parseInt(mac.slice(0, 2), 16) & 1) return { ok: false, reason: 'is a multicast (group) address' };
  if (mac === '00:00:00:00:00:00') return { ok: false, reason: 'is all zeros' };
  return { ok: true, value: mac };
}
