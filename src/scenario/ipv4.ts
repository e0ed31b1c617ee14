// IPv4 addresses and CIDR prefixes as teachers write them in scenarios. Strict on purpose: a
// scenario is checked before any host boots, so "010.0.0.1" or "10.0.0.1/" is a typo to report,
// not something to guess about. Addresses stay strings in the model (plain JSON data).

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** An interface address or a route destination: `10.0.1.10/24`. */
export interface Cidr {
  /** The dotted quad before the slash, normalised (`10.0.1.10`). */
  readonly address: string;
  readonly prefix: number;
  /** The text of the scenario after templating (`10.0.1.10/24`). */
  readonly text: string;
}

/** Dotted quad -> unsigned 32-bit number. */
export function parseIpv4(text: string): Parsed<number> {
  const parts = text.split('.');
  if (parts.length !== 4) return { ok: false, reason: 'expected four numbers separated by dots' };
  let value = 0;
  for (const part of parts) {
    if (!/^[0-9]{1,3}$/.test(part)) return { ok: false, reason: `"${part}" is not a number from 0 to 255` };
    // inet_pton refuses leading zeros (they read as octal in inet_aton): refuse them too.
    if (part.length > 1 && part.startsWith('0')) return { ok: false, reason: `"${part}" has a leading zero` };
    const octet = Number(part);
    if (octet > 255) return { ok: false, reason: `${octet} is above 255` };
    value = value * 256 + octet;
  }
  return { ok: true, value };
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** `a.b.c.d/p`; the prefix is required (a missing one is the classic typo). */
export function parseCidr(text: string): Parsed<Cidr> {
  const slash = text.indexOf('/');
  if (slash < 0) return { ok: false, reason: 'missing /prefix' };
  const addr = parseIpv4(text.slice(0, slash));
  if (!addr.ok) return addr;
  const prefixText = text.slice(slash + 1);
  if (!/^[0-9]{1,2}$/.test(prefixText) || Number(prefixText) > 32) {
    return { ok: false, reason: `prefix "${prefixText}" is not a number from 0 to 32` };
  }
  return { ok: true, value: { address: formatIpv4(addr.value), prefix: Number(prefixText), text } };
}

/** The netmask of a prefix length as an unsigned 32-bit number. */
export function netmask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** The network address of `address/prefix`. */
export function networkOf(address: number, prefix: number): number {
  return (address & netmask(prefix)) >>> 0;
}

/** Whether `address` lies in the subnet of `cidr` (same network bits). */
export function inSubnet(address: number, cidr: Cidr): boolean {
  const base = parseIpv4(cidr.address);
  if (!base.ok) return false;
  return networkOf(address, cidr.prefix) === networkOf(base.value, cidr.prefix);
}

/**
 * Why an address cannot be given to a host's interface, or null if it can. Linux would accept
 * most of these, but in a scenario each one is a typo (RFC 1122 3.2.1.3, RFC 5735).
 */
export function unusableHostAddress(address: number, prefix: number): string | null {
  const first = address >>> 24;
  if (first === 0) return 'is in 0.0.0.0/8 ("this network")';
  if (first === 127) return 'is a loopback address';
  if (first >= 224 && first < 240) return 'is a multicast address';
  if (first >= 240) return 'is a reserved or broadcast address';
  // /31 (RFC 3021) and /32 have no network or broadcast address.
  if (prefix <= 30) {
    const net = networkOf(address, prefix);
    if (address === net) return `is the network address of its /${prefix}`;
    if (address === (net | ~netmask(prefix)) >>> 0) return `is the broadcast address of its /${prefix}`;
  }
  return null;
}
