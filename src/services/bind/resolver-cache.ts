// named's cache: RRsets and negative answers (RFC 2308) kept until their TTL runs out, handed
// back with the TTL counted down (what `dig` shows on a second query). Time is virtual seconds.
import type { DnsRecord } from '../../wire/dns.ts';
import { lowerName } from './zone-db.ts';

interface Entry {
  readonly records: DnsRecord[];
  readonly expires: number;
  readonly stored: number;
  /** Negative entries: NXDOMAIN or NODATA, with the SOA that came with them. */
  readonly negative: 'nxdomain' | 'nodata' | null;
}

export type CacheHit =
  | { kind: 'positive'; records: DnsRecord[] }
  | { kind: 'negative'; rcode: 'nxdomain' | 'nodata'; soa: DnsRecord[] };

/** BIND's max-cache-ttl (1 week) and max-ncache-ttl (3 hours). */
const MAX_TTL = 604800;
const MAX_NEGATIVE_TTL = 10800;

export class ResolverCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly nowSec: () => number) {}

  private static key(name: string, type: number): string {
    return `${lowerName(name)}/${type}`;
  }

  /** Stores an RRset (all records of one owner and type). */
  put(records: readonly DnsRecord[]): void {
    if (records.length === 0) return;
    const ttl = Math.min(MAX_TTL, ...records.map((r) => r.ttl));
    const now = this.nowSec();
    this.entries.set(ResolverCache.key(records[0].name, records[0].type), { records: records.slice(), expires: now + ttl, stored: now, negative: null });
  }

  /** Groups a response section by owner and type and stores each RRset. */
  putSection(records: readonly DnsRecord[]): void {
    const sets = new Map<string, DnsRecord[]>();
    for (const r of records) {
      const k = ResolverCache.key(r.name, r.type);
      const s = sets.get(k);
      if (s === undefined) sets.set(k, [r]);
      else s.push(r);
    }
    for (const s of sets.values()) this.put(s);
  }

  putNegative(name: string, type: number, rcode: 'nxdomain' | 'nodata', soa: readonly DnsRecord[]): void {
    const s = soa[0];
    const ttl = s !== undefined && s.data.kind === 'SOA' ? Math.min(s.ttl, s.data.minimum, MAX_NEGATIVE_TTL) : 0;
    if (ttl <= 0) return;
    const now = this.nowSec();
    // RFC 2308 §5: an NXDOMAIN covers every type of the name (kept under type 0).
    this.entries.set(ResolverCache.key(name, rcode === 'nxdomain' ? 0 : type), { records: soa.slice(), expires: now + ttl, stored: now, negative: rcode });
  }

  get(name: string, type: number): CacheHit | null {
    return this.getKey(ResolverCache.key(name, 0)) ?? this.getKey(ResolverCache.key(name, type));
  }

  private getKey(k: string): CacheHit | null {
    const e = this.entries.get(k);
    if (e === undefined) return null;
    const now = this.nowSec();
    if (now >= e.expires) {
      this.entries.delete(k);
      return null;
    }
    const elapsed = now - e.stored;
    const records = e.records.map((r) => ({ ...r, ttl: Math.max(0, Math.min(r.ttl, e.expires - e.stored) - elapsed) }));
    return e.negative === null ? { kind: 'positive', records } : { kind: 'negative', rcode: e.negative, soa: records };
  }

  /** `rndc flush`. */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
