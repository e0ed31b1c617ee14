// One zone's data as named serves it: records grouped by owner (case-insensitive) and type, in
// the order they were loaded, with the zone cuts (delegations) known, and the lookup of RFC 1034
// §4.3.2 step 3 that the query engine builds its answers from.
import {
  DNS_CLASS_IN, DNS_TYPE_ANY, DNS_TYPE_CNAME, DNS_TYPE_NS, DNS_TYPE_SOA, type DnsRecord,
} from '../../wire/dns.ts';
import { canonicalCompare } from './dns-text.ts';

export interface ZoneNode {
  /** The owner as first written (case kept, as BIND answers it). */
  readonly name: string;
  /** Type -> its RRset, in load order. */
  readonly sets: Map<number, DnsRecord[]>;
}

export type ZoneLookup =
  /** The name exists and has the type (or ANY: every set). */
  | { kind: 'answer'; records: DnsRecord[] }
  /** An alias: the caller follows the target (RFC 1034 §4.3.2 step 3.a). */
  | { kind: 'cname'; record: DnsRecord }
  /** The name exists (or is an empty non-terminal) without that type. */
  | { kind: 'nodata' }
  | { kind: 'nxdomain' }
  /** Below a zone cut: NS of the child and the glue we hold. */
  | { kind: 'referral'; ns: DnsRecord[]; glue: DnsRecord[] };

export function lowerName(name: string): string {
  return name.toLowerCase();
}

/** Parent of an absolute name ('a.b.' -> 'b.', 'b.' -> '.'), null for the root. */
export function parentName(name: string): string | null {
  if (name === '.') return null;
  // Labels may hold escaped dots; zone names in the lab never do, the codec keeps them escaped.
  let i = 0;
  while (i < name.length) {
    if (name[i] === '\\') i += 2;
    else if (name[i] === '.') break;
    else i++;
  }
  const rest = name.slice(i + 1);
  return rest === '' ? '.' : rest;
}

export class ZoneDb {
  readonly nodes = new Map<string, ZoneNode>();
  /** Lower-case names below the apex holding NS records. */
  readonly cuts = new Set<string>();
  readonly originKey: string;
  /** Lower-case names that have a name below them (empty non-terminals among them). */
  private readonly interior = new Set<string>();
  private recordCount = 0;

  constructor(
    /** Absolute, as configured. */
    readonly origin: string,
    records: readonly DnsRecord[],
  ) {
    this.originKey = lowerName(origin);
    for (const r of records) this.add(r);
  }

  private add(r: DnsRecord): void {
    const key = lowerName(r.name);
    let node = this.nodes.get(key);
    if (node === undefined) {
      node = { name: r.name, sets: new Map() };
      this.nodes.set(key, node);
      for (let p = parentName(key); p !== null && !this.interior.has(p); p = parentName(p)) {
        this.interior.add(p);
        if (p === this.originKey) break;
      }
    }
    let set = node.sets.get(r.type);
    if (set === undefined) {
      set = [];
      node.sets.set(r.type, set);
    }
    // Identical records collapse into one (an RRset is a set, RFC 2181 §5).
    if (!set.some((o) => sameRecord(o, r))) {
      set.push(r);
      this.recordCount++;
    }
    if (r.type === DNS_TYPE_NS && key !== this.originKey) this.cuts.add(key);
  }

  get size(): number {
    return this.recordCount;
  }

  get soa(): DnsRecord | undefined {
    return this.nodes.get(this.originKey)?.sets.get(DNS_TYPE_SOA)?.[0];
  }

  get serial(): number {
    const s = this.soa;
    return s !== undefined && s.data.kind === 'SOA' ? s.data.serial : 0;
  }

  /** The SOA for a negative answer: TTL = min(SOA TTL, MINIMUM) (RFC 2308 §3, BIND's rule). */
  negativeSoa(): DnsRecord | undefined {
    const s = this.soa;
    if (s === undefined || s.data.kind !== 'SOA') return s;
    return { ...s, ttl: Math.min(s.ttl, s.data.minimum) };
  }

  rrset(name: string, type: number): DnsRecord[] | undefined {
    return this.nodes.get(lowerName(name))?.sets.get(type);
  }

  /**
   * Every record, apex SOA first, then the names in DNSSEC canonical order (RFC 4034 §6.1) as
   * BIND's database iterates them for AXFR (SOA ... SOA is completed by the caller).
   */
  allRecords(): DnsRecord[] {
    const out: DnsRecord[] = [];
    const soa = this.soa;
    if (soa !== undefined) out.push(soa);
    const nodes = [...this.nodes.values()].sort((a, b) => canonicalCompare(a.name, b.name));
    for (const node of nodes) {
      for (const [type, set] of node.sets) {
        for (const r of set) if (!(type === DNS_TYPE_SOA && r === soa)) out.push(r);
      }
    }
    return out;
  }

  /** Number of owner names ("nodes:" in rndc zonestatus). */
  get nodeCount(): number {
    return this.nodes.size;
  }

  /** RFC 1034 §4.3.2 step 3 for `qname` (inside this zone) and `qtype`. */
  lookup(qname: string, qtype: number): ZoneLookup {
    const key = lowerName(qname);
    // Step 3.b: a cut between the apex and qname (the deepest one above or at qname).
    const cut = this.findCut(key);
    if (cut !== null) {
      const ns = this.nodes.get(cut)?.sets.get(DNS_TYPE_NS) ?? [];
      return { kind: 'referral', ns, glue: this.glueFor(ns) };
    }
    const node = this.nodes.get(key);
    if (node !== undefined) return this.fromNode(node, qname, qtype);
    if (this.isEmptyNonTerminal(key)) return { kind: 'nodata' };
    // Step 3.c: wildcard at the closest encloser (RFC 4592).
    let enc = parentName(key);
    while (enc !== null && enc.length >= this.originKey.length) {
      if (this.nodes.has(enc) || this.isEmptyNonTerminal(enc)) {
        const wild = this.nodes.get(enc === '.' ? '*.' : `*.${enc}`);
        if (wild !== undefined) {
          const synth: ZoneNode = { name: qname, sets: new Map([...wild.sets].map(([t, rs]) => [t, rs.map((r) => ({ ...r, name: qname }))])) };
          return this.fromNode(synth, qname, qtype);
        }
        break;
      }
      if (enc === this.originKey) break;
      enc = parentName(enc);
    }
    return { kind: 'nxdomain' };
  }

  private fromNode(node: ZoneNode, qname: string, qtype: number): ZoneLookup {
    const rename = (rs: readonly DnsRecord[]) => rs.map((r) => (r.name === qname ? r : { ...r, name: qname }));
    if (qtype === DNS_TYPE_ANY) {
      const all: DnsRecord[] = [];
      for (const set of node.sets.values()) all.push(...rename(set));
      return all.length > 0 ? { kind: 'answer', records: all } : { kind: 'nodata' };
    }
    const set = node.sets.get(qtype);
    if (set !== undefined && set.length > 0) return { kind: 'answer', records: rename(set) };
    const cname = node.sets.get(DNS_TYPE_CNAME);
    if (cname !== undefined && cname.length > 0) return { kind: 'cname', record: rename(cname)[0] };
    return { kind: 'nodata' };
  }

  private findCut(key: string): string | null {
    if (this.cuts.size === 0) return null;
    // Walk down from the apex: the highest cut wins (data below it is glue or occluded).
    const chain: string[] = [];
    let n: string | null = key;
    while (n !== null && n !== this.originKey) {
      chain.push(n);
      n = parentName(n);
    }
    for (let i = chain.length - 1; i >= 0; i--) if (this.cuts.has(chain[i])) return chain[i];
    return null;
  }

  private isEmptyNonTerminal(key: string): boolean {
    return this.interior.has(key);
  }

  /** A/AAAA for in-zone NS targets (glue below a cut, or ordinary data). */
  glueFor(ns: readonly DnsRecord[]): DnsRecord[] {
    const out: DnsRecord[] = [];
    for (const r of ns) {
      if (r.data.kind !== 'NS') continue;
      out.push(...this.addressesOf(r.data.target));
    }
    return out;
  }

  addressesOf(name: string): DnsRecord[] {
    const node = this.nodes.get(lowerName(name));
    if (node === undefined) return [];
    return [...(node.sets.get(1) ?? []), ...(node.sets.get(28) ?? [])];
  }

  /** Whether `name` is at or below the apex. */
  contains(name: string): boolean {
    const key = lowerName(name);
    return this.originKey === '.' || key === this.originKey || key.endsWith('.' + this.originKey);
  }
}

function sameRecord(a: DnsRecord, b: DnsRecord): boolean {
  if (a.type !== b.type || a.class !== b.class) return false;
  return JSON.stringify(a.data, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : typeof v === 'string' ? v.toLowerCase() : v)) ===
    JSON.stringify(b.data, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : typeof v === 'string' ? v.toLowerCase() : v));
}

export const IN = DNS_CLASS_IN;
