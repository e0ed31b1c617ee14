// The lease databases as ISC DHCP writes them: dhcpd.leases(5) on the server, dhclient.leases(5)
// on the client. Dates are UTC with the weekday number first ("starts 0 2026/11/22 06:50:12;").
import { formatIpv4, formatMac, parseIpv4, parseMac, type Ipv4, type Mac } from '../../wire/addr.ts';

export const ISC_DHCP_VERSION = '4.4.3-P1';

/** "0 2026/11/22 06:50:12": dhcpd's default db-time-format. */
export function leaseDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCDay()} ${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** Back from leaseDate's text to ms (null when it is not one). */
export function parseLeaseDate(s: string): number | null {
  const m = /^\d (\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(s.trim());
  if (m === null) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** quotify_buf: printable characters as they are, `"` and `\` backslashed, the rest in octal. */
export function quotify(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    if (b < 0x20 || b > 0x7e) s += `\\${b.toString(8).padStart(3, '0')}`;
    else if (b === 0x22 || b === 0x5c) s += `\\${String.fromCharCode(b)}`;
    else s += String.fromCharCode(b);
  }
  return `"${s}"`;
}

/** quotify's inverse: octal escapes back to bytes. */
export function unquotify(s: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && /^[0-7]{3}$/.test(s.slice(i + 1, i + 4))) {
      bytes.push(parseInt(s.slice(i + 1, i + 4), 8));
      i += 3;
    } else if (s[i] === '\\' && i + 1 < s.length) {
      bytes.push(s.charCodeAt(++i) & 0xff);
    } else bytes.push(s.charCodeAt(i) & 0xff);
  }
  return new Uint8Array(bytes);
}

export type BindingState = 'active' | 'free' | 'abandoned' | 'expired' | 'released';

export interface ServerLease {
  address: Ipv4;
  mac: Mac;
  uid: Uint8Array | null;
  hostname: string | null;
  startsMs: number;
  endsMs: number;
  clttMs: number;
  state: BindingState;
}

export const DHCPD_LEASES_HEADER =
  '# The format of this file is documented in the dhcpd.leases(5) manual page.\n' +
  `# This lease file was written by isc-dhcp-${ISC_DHCP_VERSION}\n\n` +
  '# authoring-byte-order entry is generated, DO NOT DELETE\nauthoring-byte-order little-endian;\n\n';

/** One `lease` block as write_lease prints it. */
export function formatServerLease(l: ServerLease): string {
  const lines = [`lease ${formatIpv4(l.address)} {`, `  starts ${leaseDate(l.startsMs)};`, `  ends ${leaseDate(l.endsMs)};`];
  if (l.state !== 'active') lines.push(`  tstp ${leaseDate(l.endsMs)};`);
  lines.push(`  cltt ${leaseDate(l.clttMs)};`, `  binding state ${l.state};`);
  if (l.state === 'active') lines.push('  next binding state free;', '  rewind binding state free;');
  lines.push(`  hardware ethernet ${formatMac(l.mac)};`);
  if (l.uid !== null) lines.push(`  uid ${quotify(l.uid)};`);
  // db_printable: a name with unprintable bytes is not recorded at all.
  if (l.hostname !== null && /^[\x20-\x7e]*$/.test(l.hostname)) lines.push(`  client-hostname ${quotify(new TextEncoder().encode(l.hostname))};`);
  return lines.join('\n') + '\n}\n';
}

/** The leases of a dhcpd.leases file, the last block of each address winning (as dhcpd reads it). */
export function parseServerLeases(text: string): ServerLease[] {
  const byAddress = new Map<Ipv4, ServerLease>();
  const re = /lease\s+(\d+\.\d+\.\d+\.\d+)\s*\{([^}]*)\}/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const address = parseIpv4(m[1]);
    if (address === null) continue;
    const body = m[2];
    const field = (name: string) => new RegExp(`(?:^|\\n)\\s*${name}\\s+([^;]*);`).exec(body)?.[1] ?? null;
    const mac = parseMac(field('hardware ethernet') ?? '');
    const starts = parseLeaseDate(field('starts') ?? '');
    const ends = parseLeaseDate(field('ends') ?? '');
    const state = (field('binding state') ?? 'free') as BindingState;
    if (mac === null || starts === null || ends === null) continue;
    const host = field('client-hostname');
    const uid = field('uid');
    byAddress.set(address, {
      address,
      mac,
      uid: uid !== null && /^".*"$/.test(uid) ? unquotify(uid.slice(1, -1)) : null,
      hostname: host !== null && /^".*"$/.test(host) ? new TextDecoder().decode(unquotify(host.slice(1, -1))) : null,
      startsMs: starts,
      endsMs: ends,
      clttMs: parseLeaseDate(field('cltt') ?? '') ?? starts,
      state,
    });
  }
  return [...byAddress.values()];
}
