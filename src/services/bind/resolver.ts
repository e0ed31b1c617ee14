// named's recursive resolver: the cache first, then the forwarders (`forward first|only`,
// RFC 1034 §5.3.3 with RD set), then iteration from the root hints following referrals and
// CNAMEs (RFC 1034 §5.3.3 steps 1-4). Queries go out through `transport` (UDP in the daemon),
// so this file holds the algorithm only. In the lab there is no Internet: the root servers are
// unreachable and the answer is SERVFAIL, as dig_internet_name_no_internet_SERVFAIL.txt shows.
import {
  DNS_RCODE_NOERROR, DNS_RCODE_NXDOMAIN, DNS_RCODE_SERVFAIL, DNS_TYPE_A, DNS_TYPE_CNAME,
  DNS_TYPE_NS, DNS_TYPE_SOA, type DnsMessage, type DnsRecord,
} from '../../wire/dns.ts';
import type { Ipv4 } from '../../wire/addr.ts';
import type { ResolverCache } from './resolver-cache.ts';
import { lowerName, parentName } from './zone-db.ts';

export type QueryResult = DnsMessage | 'timeout' | 'unreachable';

export interface ResolverTransport {
  /** Sends `question` with RD as given to `server`:53 and resolves its reply or why none came. */
  query(server: Ipv4, name: string, type: number, rd: boolean): Promise<QueryResult>;
}

export interface ResolveResult {
  rcode: number;
  answers: DnsRecord[];
  authority: DnsRecord[];
}

export interface ResolverOptions {
  readonly cache: ResolverCache;
  readonly transport: ResolverTransport;
  /** Root server addresses from the hint zone (/usr/share/dns/root.hints). */
  readonly rootHints: () => readonly Ipv4[];
  /** The forwarders for a name (a `type forward` zone above it, else the global option). */
  readonly forwarders: (name: string) => readonly Ipv4[];
  readonly forwardOnly: (name: string) => boolean;
  /** Called when an iteration from the root hints got nothing ("resolver priming query complete: failure"). */
  readonly onPrimingFailure?: () => void;
  /** Virtual time in ns: a resolution gives up (SERVFAIL) after resolver-query-timeout. */
  readonly now?: () => number;
}

/** BIND's resolver-query-timeout default: 10 seconds. */
const QUERY_TIMEOUT_NS = 10_000_000_000;

const MAX_REFERRALS = 16;
const MAX_CNAMES = 11;
const MAX_DEPTH = 4;

const SERVFAIL: ResolveResult = { rcode: DNS_RCODE_SERVFAIL, answers: [], authority: [] };

export class Resolver {
  constructor(private readonly o: ResolverOptions) {}

  private expired(deadline: number): boolean {
    return this.o.now !== undefined && this.o.now() > deadline;
  }

  async resolve(qname: string, qtype: number, depth = 0, deadlineIn?: number): Promise<ResolveResult> {
    const deadline = deadlineIn ?? (this.o.now !== undefined ? this.o.now() + QUERY_TIMEOUT_NS : Infinity);
    const answers: DnsRecord[] = [];
    let name = qname;
    for (let links = 0; links <= MAX_CNAMES; links++) {
      const step = await this.resolveOne(name, qtype, depth, deadline);
      answers.push(...step.answers);
      if (step.rcode !== DNS_RCODE_NOERROR || step.cname === null) {
        return { rcode: step.rcode === DNS_RCODE_SERVFAIL && answers.length > 0 ? DNS_RCODE_SERVFAIL : step.rcode, answers, authority: step.authority };
      }
      name = step.cname;
    }
    return { rcode: DNS_RCODE_NOERROR, answers, authority: [] };
  }

  /** One name: its records, or the CNAME to follow next. */
  private async resolveOne(name: string, qtype: number, depth: number, deadline: number): Promise<ResolveResult & { cname: string | null }> {
    const cached = this.fromCache(name, qtype);
    if (cached !== null) return cached;
    const fwd = this.o.forwarders(name);
    if (fwd.length > 0) {
      for (const server of fwd) {
        const reply = await this.o.transport.query(server, name, qtype, true);
        if (typeof reply === 'string' || reply.rcode === DNS_RCODE_SERVFAIL) continue;
        return this.absorb(name, qtype, reply);
      }
      if (this.o.forwardOnly(name)) return { ...SERVFAIL, cname: null };
    }
    if (depth > MAX_DEPTH) return { ...SERVFAIL, cname: null };
    let servers = this.closestServers(name);
    let fromRoot = servers === null;
    let addrs = servers ?? this.o.rootHints();
    for (let hop = 0; hop < MAX_REFERRALS; hop++) {
      let reply: DnsMessage | null = null;
      for (const server of addrs) {
        if (this.expired(deadline)) break;
        const r = await this.o.transport.query(server, name, qtype, false);
        if (typeof r !== 'string' && r.rcode !== DNS_RCODE_SERVFAIL) {
          reply = r;
          break;
        }
      }
      if (reply === null) {
        if (fromRoot) this.o.onPrimingFailure?.();
        return { ...SERVFAIL, cname: null };
      }
      fromRoot = false;
      const ns = reply.authority.filter((r) => r.type === DNS_TYPE_NS);
      const isReferral = reply.answers.length === 0 && reply.rcode === DNS_RCODE_NOERROR && ns.length > 0 && !reply.authority.some((r) => r.type === DNS_TYPE_SOA);
      if (!isReferral) return this.absorb(name, qtype, reply);
      this.o.cache.putSection(ns);
      this.o.cache.putSection(reply.additional.filter((r) => r.type === DNS_TYPE_A));
      const next: Ipv4[] = [];
      for (const r of ns) {
        if (r.data.kind !== 'NS') continue;
        const glue = reply.additional.filter((a) => a.type === DNS_TYPE_A && lowerName(a.name) === lowerName(r.data.kind === 'NS' ? r.data.target : ''));
        for (const g of glue) if (g.data.kind === 'A') next.push(g.data.address);
        if (glue.length === 0) {
          const sub = await this.resolve(r.data.target, DNS_TYPE_A, depth + 1, deadline);
          for (const a of sub.answers) if (a.data.kind === 'A') next.push(a.data.address);
        }
      }
      if (next.length === 0) return { ...SERVFAIL, cname: null };
      servers = next;
      addrs = next;
    }
    return { ...SERVFAIL, cname: null };
  }

  /** Caches a final reply and reads the answer for `name`/`qtype` out of it. */
  private absorb(name: string, qtype: number, reply: DnsMessage): ResolveResult & { cname: string | null } {
    const c = this.o.cache;
    c.putSection(reply.answers);
    const soa = reply.authority.filter((r) => r.type === DNS_TYPE_SOA);
    if (reply.rcode === DNS_RCODE_NXDOMAIN) {
      // The answer may hold a CNAME chain before the missing name (RFC 6604).
      const own = reply.answers.filter((r) => lowerName(r.name) === lowerName(name));
      if (own.length === 0) c.putNegative(name, qtype, 'nxdomain', soa);
      return { rcode: DNS_RCODE_NXDOMAIN, answers: reply.answers, authority: soa, cname: null };
    }
    if (reply.rcode !== DNS_RCODE_NOERROR) return { rcode: reply.rcode, answers: [], authority: [], cname: null };
    const direct = reply.answers.filter((r) => lowerName(r.name) === lowerName(name) && r.type === qtype);
    if (direct.length > 0 || qtype === 255) return { rcode: DNS_RCODE_NOERROR, answers: reply.answers, authority: [], cname: null };
    const cname = reply.answers.find((r) => lowerName(r.name) === lowerName(name) && r.type === DNS_TYPE_CNAME);
    if (cname !== undefined && cname.data.kind === 'CNAME') {
      // Follow the chain inside this reply as far as it goes.
      const out: DnsRecord[] = [cname];
      let target = cname.data.target;
      for (let i = 0; i < MAX_CNAMES; i++) {
        const hit = reply.answers.filter((r) => lowerName(r.name) === lowerName(target));
        if (hit.length === 0) break;
        out.push(...hit);
        const next = hit.find((r) => r.type === DNS_TYPE_CNAME);
        if (next === undefined || next.data.kind !== 'CNAME') return { rcode: DNS_RCODE_NOERROR, answers: out, authority: [], cname: null };
        target = next.data.target;
      }
      return { rcode: DNS_RCODE_NOERROR, answers: out, authority: [], cname: target };
    }
    c.putNegative(name, qtype, 'nodata', soa);
    return { rcode: DNS_RCODE_NOERROR, answers: [], authority: soa, cname: null };
  }

  private fromCache(name: string, qtype: number): (ResolveResult & { cname: string | null }) | null {
    const c = this.o.cache;
    const hit = c.get(name, qtype);
    if (hit !== null) {
      if (hit.kind === 'positive') return { rcode: DNS_RCODE_NOERROR, answers: hit.records, authority: [], cname: null };
      return { rcode: hit.rcode === 'nxdomain' ? DNS_RCODE_NXDOMAIN : DNS_RCODE_NOERROR, answers: [], authority: hit.soa, cname: null };
    }
    const alias = c.get(name, DNS_TYPE_CNAME);
    if (alias !== null && alias.kind === 'positive' && alias.records[0].data.kind === 'CNAME') {
      return { rcode: DNS_RCODE_NOERROR, answers: alias.records, authority: [], cname: alias.records[0].data.target };
    }
    return null;
  }

  /** Addresses of the cached NS set closest to `name`, or null to start at the root hints. */
  private closestServers(name: string): Ipv4[] | null {
    for (let n: string | null = name; n !== null; n = parentName(n)) {
      const ns = this.o.cache.get(n, DNS_TYPE_NS);
      if (ns === null || ns.kind !== 'positive') continue;
      const out: Ipv4[] = [];
      for (const r of ns.records) {
        if (r.data.kind !== 'NS') continue;
        const a = this.o.cache.get(r.data.target, DNS_TYPE_A);
        if (a !== null && a.kind === 'positive') for (const x of a.records) if (x.data.kind === 'A') out.push(x.data.address);
      }
      if (out.length > 0) return out;
    }
    return null;
  }
}

