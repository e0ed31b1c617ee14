// DNS server cookies as BIND 9.18 makes them (RFC 7873 §4, RFC 9018 "interoperable" format):
// version 1, three reserved bytes, a 32-bit timestamp, then an 8-byte hash of the client
// cookie, version, timestamp and client address under the server secret. BIND uses SipHash-2-4;
// any keyed hash keeps the properties a client can observe (24 bytes, stable within the hour).
import type { Ipv4 } from '../../wire/addr.ts';

/** How long a server cookie stays valid (RFC 9018 §4.3: one hour, with 5 minutes of skew). */
const COOKIE_LIFETIME_SEC = 3600;
const COOKIE_SKEW_SEC = 300;

function hash64(client: Uint8Array, ts: number, address: Ipv4, secret: Uint8Array): Uint8Array {
  // Two 32-bit multiply-xorshift lanes over secret, client cookie, version, time and address:
  // deterministic, keyed, cheap (this runs for every EDNS query).
  let h1 = 0x811c9dc5 ^ ts;
  let h2 = 0x5bd1e995 ^ address;
  const mix = (v: number) => {
    h1 = Math.imul(h1 ^ v, 0x01000193);
    h2 = Math.imul(h2 ^ v, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  };
  for (let i = 0; i < secret.length; i++) mix(secret[i]);
  for (let i = 0; i < 8; i++) mix(client[i]);
  mix(1);
  mix(ts >>> 16);
  mix(ts & 0xffff);
  mix(address >>> 16);
  mix(address & 0xffff);
  const out = new Uint8Array(8);
  out[0] = h1 >>> 24;
  out[1] = (h1 >>> 16) & 0xff;
  out[2] = (h1 >>> 8) & 0xff;
  out[3] = h1 & 0xff;
  out[4] = h2 >>> 24;
  out[5] = (h2 >>> 16) & 0xff;
  out[6] = (h2 >>> 8) & 0xff;
  out[7] = h2 & 0xff;
  return out;
}

/** The 16-byte server part: version 1, 3 reserved bytes, timestamp, hash (RFC 9018 §4.2). */
function serverPart(client: Uint8Array, address: Ipv4, ts: number, secret: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  out[0] = 1;
  out[4] = ts >>> 24;
  out[5] = (ts >>> 16) & 0xff;
  out[6] = (ts >>> 8) & 0xff;
  out[7] = ts & 0xff;
  out.set(hash64(client, ts >>> 0, address >>> 0, secret), 8);
  return out;
}

/** The COOKIE option's data for a reply: the client's 8 bytes then our 16. */
export function makeServerCookie(clientCookie: Uint8Array, address: Ipv4, nowSec: number, secret: Uint8Array): Uint8Array {
  const out = new Uint8Array(24);
  out.set(clientCookie.subarray(0, 8), 0);
  out.set(serverPart(clientCookie.subarray(0, 8), address, Math.floor(nowSec), secret), 8);
  return out;
}

/** Whether a 24-byte cookie carries a server cookie we made for this client recently. */
export function serverCookieValid(cookie: Uint8Array, address: Ipv4, nowSec: number, secret: Uint8Array): boolean {
  if (cookie.length !== 24 || cookie[8] !== 1) return false;
  const ts = new DataView(cookie.buffer, cookie.byteOffset).getUint32(12);
  if (ts > nowSec + COOKIE_SKEW_SEC || ts + COOKIE_LIFETIME_SEC < nowSec) return false;
  const expect = serverPart(cookie.subarray(0, 8), address, ts, secret);
  for (let i = 0; i < 16; i++) if (expect[i] !== cookie[8 + i]) return false;
  return true;
}
