// BIND's presentation format, as dig 9.18 prints records: type and class mnemonics
// (lib/dns/rdata.c), rdata text (lib/dns/rdata/*/*.c totext) and the tab-aligned columns of
// lib/dns/masterdump.c. Shared by dig, host and nslookup, which all print through libdns.
import { formatIpv4 } from '../../wire/addr.ts';
import type { DnsRData, DnsRecord } from '../../wire/dns.ts';

const TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'A'],
  [2, 'NS'],
  [5, 'CNAME'],
  [6, 'SOA'],
  [12, 'PTR'],
  [13, 'HINFO'],
  [15, 'MX'],
  [16, 'TXT'],
  [28, 'AAAA'],
  [33, 'SRV'],
  [35, 'NAPTR'],
  [39, 'DNAME'],
  [41, 'OPT'],
  [43, 'DS'],
  [46, 'RRSIG'],
  [47, 'NSEC'],
  [48, 'DNSKEY'],
  [50, 'NSEC3'],
  [51, 'NSEC3PARAM'],
  [52, 'TLSA'],
  [64, 'SVCB'],
  [65, 'HTTPS'],
  [99, 'SPF'],
  [249, 'TKEY'],
  [250, 'TSIG'],
  [251, 'IXFR'],
  [252, 'AXFR'],
  [255, 'ANY'],
  [257, 'CAA'],
]);

const CLASS_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'IN'],
  [3, 'CH'],
  [4, 'HS'],
  [254, 'NONE'],
  [255, 'ANY'],
]);

/** `A`, `MX`... or RFC 3597's `TYPE65534` for a type BIND has no name for. */
export function dnsTypeText(type: number): string {
  return TYPE_NAMES.get(type) ?? `TYPE${type}`;
}

/** `IN`, `CH`... or RFC 3597's `CLASS7`. */
export function dnsClassText(cls: number): string {
  return CLASS_NAMES.get(cls) ?? `CLASS${cls}`;
}

/** A type mnemonic as dig reads it on its command line (case-insensitive, TYPEnn too). */
export function parseDnsType(text: string): number | null {
  const up = text.toUpperCase();
  for (const [n, name] of TYPE_NAMES) if (name === up && n !== 41) return n;
  const m = /^TYPE(\d{1,5})$/.exec(up);
  if (m !== null && Number(m[1]) <= 0xffff) return Number(m[1]);
  return null;
}

/** A class mnemonic as dig reads it (IN, CH, HS, NONE, ANY, CLASSnn). */
export function parseDnsClass(text: string): number | null {
  const up = text.toUpperCase();
  for (const [n, name] of CLASS_NAMES) if (name === up) return n;
  const m = /^CLASS(\d{1,5})$/.exec(up);
  if (m !== null && Number(m[1]) <= 0xffff) return Number(m[1]);
  return null;
}

/** RFC 5952 text, as BIND's isc_net_ntop (BSD inet_ntop6, with the embedded IPv4 forms). */
export function formatIpv6(bytes: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((bytes[i] << 8) | bytes[i + 1]);
  let bestBase = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestBase = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestBase = -1;
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) s += ':';
      continue;
    }
    if (i !== 0) s += ':';
    // ::a.b.c.d and ::ffff:a.b.c.d keep the IPv4 dotted quad.
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      s += `${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
      break;
    }
    s += words[i].toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) s += ':';
  return s;
}

/** One <character-string> in quotes (txt_totext): `"` and `\` escaped, other bytes outside 0x20-0x7e as \DDD. */
function quoteString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) out += '\\' + s[i];
    else if (c < 0x20 || c >= 0x7f) out += '\\' + String(c).padStart(3, '0');
    else out += s[i];
  }
  return out + '"';
}

function hex(bytes: Uint8Array, upper: boolean): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return upper ? s.toUpperCase() : s;
}

/** The rdata as BIND writes it on one line (what `dig +short` prints). */
export function rdataText(data: DnsRData): string {
  switch (data.kind) {
    case 'A':
      return formatIpv4(data.address);
    case 'AAAA':
      return formatIpv6(data.address);
    case 'NS':
    case 'CNAME':
    case 'PTR':
      return data.target;
    case 'SOA':
      return `${data.mname} ${data.rname} ${data.serial} ${data.refresh} ${data.retry} ${data.expire} ${data.minimum}`;
    case 'MX':
      return `${data.preference} ${data.exchange}`;
    case 'TXT':
      return data.strings.map(quoteString).join(' ');
    case 'SRV':
      return `${data.priority} ${data.weight} ${data.port} ${data.target}`;
    case 'raw':
      // RFC 3597 §5 generic form; BIND omits the hex when the rdata is empty.
      return data.data.length === 0 ? '\\# 0' : `\\# ${data.data.length} ${hex(data.data, true)}`;
  }
}

/** Hex of EDNS option data, as dig's OPT pseudosection shows a COOKIE. */
export function hexText(bytes: Uint8Array): string {
  return hex(bytes, false);
}

// dns_master_style_debug's columns (masterdump.c): TTL at 24, class 32, type 40, rdata 48, tabs of 8.
const TTL_COLUMN = 24;
const CLASS_COLUMN = 32;
const TYPE_COLUMN = 40;
const RDATA_COLUMN = 48;
const TAB = 8;

/**
 * Text in BIND's columns: masterdump.c indent() writes tabs then spaces up to the next column,
 * and at least one character even when the text already passed it (a long owner name gets a
 * single space). The column is counted, not the string length, since tabs jump.
 */
class Columns {
  text = '';
  private column = 0;

  add(s: string): this {
    this.text += s;
    this.column += s.length;
    return this;
  }

  to(column: number): this {
    const from = this.column;
    const to = Math.max(column, from + 1);
    const tabs = Math.floor(to / TAB) - Math.floor(from / TAB);
    if (tabs > 0) this.text += '\t'.repeat(tabs) + ' '.repeat(to % TAB);
    else this.text += ' '.repeat(to - from);
    this.column = to;
    return this;
  }
}

/**
 * A question line: `;name` then class and type in their columns. The ';' is written before the
 * column count starts (it is the comment prefix), so it does not move the columns.
 */
export function questionLine(name: string, type: number, cls: number): string {
  const line = new Columns().add(name).to(CLASS_COLUMN).add(dnsClassText(cls)).to(TYPE_COLUMN).add(dnsTypeText(type));
  return ';' + line.text;
}

/** A resource record line: owner, TTL, class, type, rdata in BIND's columns. */
export function recordLine(rr: DnsRecord): string {
  return new Columns()
    .add(rr.name)
    .to(TTL_COLUMN)
    .add(String(rr.ttl))
    .to(CLASS_COLUMN)
    .add(dnsClassText(rr.class))
    .to(TYPE_COLUMN)
    .add(dnsTypeText(rr.type))
    .to(RDATA_COLUMN)
    .add(rdataText(rr.data)).text;
}
