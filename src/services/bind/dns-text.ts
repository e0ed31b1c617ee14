// The presentation format of names, TTLs and rdata (RFC 1035 §5.1), shared by the master-file
// parser, named-checkzone -D and the zone checks. Names are absolute with a trailing dot, case kept.
import type { DnsRData } from '../../wire/dns.ts';
import { formatIpv4 } from '../../wire/addr.ts';

const UNITS: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };

/** A TTL: plain seconds or BIND's units (`1w2d`, `1h`, `30m`); null when malformed. */
export function parseTtl(s: string): number | null {
  if (/^[0-9]+$/.test(s)) {
    const v = Number(s);
    return v <= 0xffffffff ? v : null;
  }
  if (!/^([0-9]+[wdhms])+$/i.test(s)) return null;
  let total = 0;
  for (const m of s.matchAll(/([0-9]+)([wdhms])/gi)) total += Number(m[1]) * UNITS[m[2].toLowerCase()];
  return total <= 0xffffffff ? total : null;
}

/** Whether the name ends with an unescaped dot. */
function isAbsolute(s: string): boolean {
  if (!s.endsWith('.')) return false;
  let backslashes = 0;
  for (let i = s.length - 2; i >= 0 && s[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** `@`, relative and absolute names against an origin; null for a label over 63 bytes. */
export function absoluteName(s: string, origin: string): string | null {
  let name: string;
  if (s === '@') name = origin;
  else if (isAbsolute(s)) name = s;
  else name = origin === '.' ? `${s}.` : `${s}.${origin}`;
  if (name.length > 255) return null;
  if (name === '.') return name;
  if (!name.includes('\\')) {
    // Fast path (no escapes): scan label lengths without building the labels.
    let start = 0;
    for (let i = 0; i < name.length - 1; i++) {
      if (name.charCodeAt(i) !== 0x2e) continue;
      if (i - start === 0 || i - start > 63) return null;
      start = i + 1;
    }
    const last = name.length - 1 - start;
    return last === 0 || last > 63 ? null : name;
  }
  if (name.slice(0, -1).split(/(?<!\\)\./).some((l) => l.length === 0 || l.length > 63)) return null;
  return name;
}

/** Whether `name` is `zone` or below it (case-insensitive). */
export function isSubdomain(name: string, zone: string): boolean {
  const n = name.toLowerCase();
  const z = zone.toLowerCase();
  return z === '.' || n === z || n.endsWith('.' + z);
}

/** Names as BIND prints them in its log: without the trailing dot, except the root. */
export function nameForLog(name: string): string {
  return name.length > 1 && name.endsWith('.') ? name.slice(0, -1) : name;
}

/** RFC 4291 §2.2 text forms, IPv4-mapped tail included; null when malformed. */
export function parseIpv6(s: string): Uint8Array | null {
  let text = s;
  const tail: number[] = [];
  const v4 = /^(.*:)([0-9]+\.[0-9]+\.[0-9]+\.[0-9]+)$/.exec(text);
  if (v4) {
    const parts = v4[2].split('.').map(Number);
    if (parts.some((p) => p > 255)) return null;
    tail.push(parts[0], parts[1], parts[2], parts[3]);
    text = v4[1].endsWith('::') ? v4[1] : v4[1].slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const group = (p: string) => (p === '' ? [] : p.split(':'));
  const head = group(halves[0]);
  const rest = halves.length === 2 ? group(halves[1]) : [];
  const groups = 8 - tail.length / 2;
  if ([...head, ...rest].some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  const missing = groups - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const words = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest].map((g) => parseInt(g, 16));
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  out.set(tail, 12);
  return out;
}

/** RFC 5952 §4: lower case, leading zeros dropped, the longest run of 2+ zero groups as `::`. */
export function formatIpv6(a: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((a[i] << 8) | a[i + 1]);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** A <character-string> in quotes, with `"` `\` and non-printing bytes escaped. */
function quoteText(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c < 0x20 || c >= 0x7f) out += '\\' + String(c).padStart(3, '0');
    else out += ch;
  }
  return out + '"';
}

/** Rdata in master-file form, as BIND dumps it. */
export function formatRdata(d: DnsRData): string {
  switch (d.kind) {
    case 'A': return formatIpv4(d.address);
    case 'AAAA': return formatIpv6(d.address);
    case 'NS': case 'CNAME': case 'PTR': return d.target;
    case 'SOA': return `${d.mname} ${d.rname} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`;
    case 'MX': return `${d.preference} ${d.exchange}`;
    case 'TXT': return d.strings.map(quoteText).join(' ');
    case 'SRV': return `${d.priority} ${d.weight} ${d.port} ${d.target}`;
    case 'raw': return `\\# ${d.data.length}${d.data.length ? ' ' + [...d.data].map((b) => b.toString(16).padStart(2, '0')).join('') : ''}`;
  }
}

/** DNSSEC canonical name order (RFC 4034 §6.1): labels compared right to left, case-folded. */
export function canonicalCompare(a: string, b: string): number {
  const la = a.toLowerCase().split('.').filter((l) => l !== '').reverse();
  const lb = b.toLowerCase().split('.').filter((l) => l !== '').reverse();
  for (let i = 0; i < Math.min(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return la[i] < lb[i] ? -1 : 1;
  }
  return la.length - lb.length;
}
