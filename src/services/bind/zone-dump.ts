// A zone in master-file form as BIND's masterdump writes it for `named-checkzone -D`: names in
// canonical order, SOA then NS then the other types by number at each name, absolute names.
import { DNS_TYPE_NS, DNS_TYPE_SOA } from '../../wire/dns.ts';
import type { DnsRecord } from '../../wire/dns.ts';
import { canonicalCompare, formatRdata } from './dns-text.ts';

const TYPE_NAMES: Record<number, string> = { 1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV' };

/** masterdump.c dump_order(): SOA first, NS second, then by type. */
function dumpOrder(type: number): number {
  return type === DNS_TYPE_SOA ? 0 : type === DNS_TYPE_NS ? 1 : type + 2;
}

/** Tabs up to column `col` (8-column tab stops), or one space when already past it. */
function indentTo(len: number, col: number): string {
  if (len >= col) return ' ';
  let out = '';
  for (let c = len; c < col; c = (Math.floor(c / 8) + 1) * 8) out += '\t';
  return out;
}

/** One line per record: owner padded to column 40, TTL right-aligned to 52, class, type, rdata. */
export function dumpZone(records: readonly DnsRecord[]): string {
  const sorted = records
    .map((r, i) => ({ r, i }))
    .sort((a, b) => canonicalCompare(a.r.name, b.r.name) || dumpOrder(a.r.type) - dumpOrder(b.r.type) || a.i - b.i)
    .map((x) => x.r);
  let out = '';
  for (const r of sorted) {
    const type = TYPE_NAMES[r.type] ?? `TYPE${r.type}`;
    out += `${r.name}${indentTo(r.name.length, 40)}${String(r.ttl).padStart(12)} IN\t${type}\t${formatRdata(r.data)}\n`;
  }
  return out;
}
