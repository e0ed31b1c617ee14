// IPv4 and MAC addresses as plain numbers: compared with ===, used as Map keys, no allocation.
// Ipv4 is an unsigned 32-bit value (10.0.0.1 = 0x0a000001); Mac a 48-bit value, exact in a double.

export type Ipv4 = number;
export type Mac = number;

export const MAC_BROADCAST: Mac = 0xffffffffffff;
export const MAC_ZERO: Mac = 0;
/** 0.0.0.0: INADDR_ANY. */
export const IPV4_ANY: Ipv4 = 0;
/** 255.255.255.255: the limited broadcast address (RFC 919). */
export const IPV4_BROADCAST: Ipv4 = 0xffffffff;

const TWO_32 = 0x100000000;
const TWO_40 = 0x10000000000;

/** Strict dotted quad: four decimal parts 0-255 ("010" is ten, never octal). */
export function parseIpv4(s: string): Ipv4 | null {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (part > 255) return null;
      digits++;
    } else if (c === 46) {
      if (digits === 0 || dots === 3) return null;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else {
      return null;
    }
  }
  if (dots !== 3 || digits === 0) return null;
  return value * 256 + part;
}

export function formatIpv4(a: Ipv4): string {
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

/** "a.b.c.d/n" with n in 0..32; the address is kept as written (an interface address, not its network). */
export function parseCidr(s: string): { address: Ipv4; prefix: number } | null {
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const address = parseIpv4(s.slice(0, slash));
  const p = s.slice(slash + 1);
  if (address === null || !/^[0-9]{1,2}$/.test(p)) return null;
  const prefix = Number(p);
  return prefix <= 32 ? { address, prefix } : null;
}

function checkPrefix(prefix: number): void {
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new RangeError(`bad IPv4 prefix length ${prefix}`);
}

export function prefixToMask(prefix: number): Ipv4 {
  checkPrefix(prefix);
  // A shift count of 32 is taken mod 32 in JavaScript, hence the special case.
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Prefix length of a netmask, or null if its one-bits are not contiguous (255.0.255.0). */
export function maskToPrefix(mask: Ipv4): number | null {
  const host = ~mask >>> 0;
  if ((host & (host + 1)) !== 0) return null;
  return host === 0 ? 32 : Math.clz32(host);
}

export function networkOf(a: Ipv4, prefix: number): Ipv4 {
  return (a & prefixToMask(prefix)) >>> 0;
}

export function broadcastOf(a: Ipv4, prefix: number): Ipv4 {
  return (a | ~prefixToMask(prefix)) >>> 0;
}

export function inSubnet(a: Ipv4, net: Ipv4, prefix: number): boolean {
  const mask = prefixToMask(prefix);
  return ((a ^ net) & mask) === 0;
}

export function isBroadcastIpv4(a: Ipv4): boolean {
  return a >>> 0 === IPV4_BROADCAST;
}

/** 224.0.0.0/4 (RFC 5771). */
export function isMulticastIpv4(a: Ipv4): boolean {
  return a >>> 28 === 0xe;
}

/** 127.0.0.0/8 (RFC 1122 §3.2.1.3). */
export function isLoopbackIpv4(a: Ipv4): boolean {
  return a >>> 24 === 127;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** "aa:bb:cc:dd:ee:ff" or "aa-bb-cc-dd-ee-ff" (one separator throughout), any case, two digits per byte. */
export function parseMac(s: string): Mac | null {
  if (s.length !== 17) return null;
  const sep = s.charCodeAt(2);
  if (sep !== 58 && sep !== 45) return null;
  let value = 0;
  for (let i = 0; i < 6; i++) {
    const at = i * 3;
    if (i > 0 && s.charCodeAt(at - 1) !== sep) return null;
    const hi = hexDigit(s.charCodeAt(at));
    const lo = hexDigit(s.charCodeAt(at + 1));
    if (hi < 0 || lo < 0) return null;
    value = value * 256 + hi * 16 + lo;
  }
  return value;
}

export function formatMac(m: Mac): string {
  const hi = Math.floor(m / TWO_32);
  const lo = m >>> 0;
  const bytes = [hi >>> 8, hi & 255, lo >>> 24, (lo >>> 16) & 255, (lo >>> 8) & 255, lo & 255];
  return bytes.map((b) => (b < 16 ? '0' : '') + b.toString(16)).join(':');
}

/** Group bit: the least significant bit of the first octet (IEEE 802-2014 §8.2); broadcast is a group address too. */
export function isMulticastMac(m: Mac): boolean {
  return (Math.floor(m / TWO_40) & 1) === 1;
}

export function isBroadcastMac(m: Mac): boolean {
  return m === MAC_BROADCAST;
}

export function readMac(buf: Uint8Array, off: number): Mac {
  const hi = (buf[off] << 8) | buf[off + 1];
  const lo = ((buf[off + 2] << 24) | (buf[off + 3] << 16) | (buf[off + 4] << 8) | buf[off + 5]) >>> 0;
  return hi * TWO_32 + lo;
}

export function writeMac(buf: Uint8Array, off: number, m: Mac): void {
  const hi = Math.floor(m / TWO_32);
  const lo = m >>> 0;
  buf[off] = hi >>> 8;
  buf[off + 1] = hi;
  buf[off + 2] = lo >>> 24;
  buf[off + 3] = lo >>> 16;
  buf[off + 4] = lo >>> 8;
  buf[off + 5] = lo;
}

export function readIpv4(buf: Uint8Array, off: number): Ipv4 {
  return ((buf[off] << 24) | (buf[off + 1] << 16) | (buf[off + 2] << 8) | buf[off + 3]) >>> 0;
}

export function writeIpv4(buf: Uint8Array, off: number, a: Ipv4): void {
  buf[off] = a >>> 24;
  buf[off + 1] = a >>> 16;
  buf[off + 2] = a >>> 8;
  buf[off + 3] = a;
}
