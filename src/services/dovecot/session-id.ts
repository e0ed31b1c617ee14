// login-common's session id (client_generate_session_id): the low 48 bits of the connection time
// in microseconds, the client's port and its IPv4 address, little-endian as Dovecot appends
// them, in base64: "kl2ZYNVgDNF/AAAB" ends with 7f 00 00 01 = 127.0.0.1.
import type { Ipv4 } from '../../wire/addr.ts';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

/** `wallMs` may carry a fraction (the microseconds). */
export function dovecotSessionId(wallMs: number, remotePort: number, remote: Ipv4): string {
  const bytes = new Uint8Array(12);
  let usecs = BigInt(Math.round(wallMs * 1000));
  for (let i = 0; i < 6; i++) {
    bytes[i] = Number(usecs & 0xffn);
    usecs >>= 8n;
  }
  bytes[6] = remotePort & 0xff;
  bytes[7] = (remotePort >> 8) & 0xff;
  bytes[8] = (remote >>> 24) & 0xff;
  bytes[9] = (remote >>> 16) & 0xff;
  bytes[10] = (remote >>> 8) & 0xff;
  bytes[11] = remote & 0xff;
  return base64(bytes);
}
