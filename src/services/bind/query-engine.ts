// named's query processing, sans-IO: a request's bytes and who sent it in, an outcome out (a
// reply to send, a recursion to run, a zone transfer to stream, nothing). It follows BIND 9.18
// (lib/ns/query.c, client.c): authoritative answers with AA, NXDOMAIN/NODATA with the zone's SOA
// (RFC 2308), referrals with glue, CNAME chains (RFC 1034 §4.3.2), the additional addresses of
// NS/MX/SRV targets, and the default `minimal-responses no-auth-recursive` (no NS in authority
// when the client set RD). EDNS (RFC 6891) answers with BIND's 1232-byte UDP size and a server
// cookie (RFC 7873); ANY over UDP without a valid server cookie gets TC (BIND's ANY defence).
import {
  DNS_CLASS_ANY, DNS_CLASS_CH, DNS_CLASS_IN, DNS_OPCODE_NOTIFY, DNS_OPCODE_QUERY, DNS_OPCODE_UPDATE,
  DNS_RCODE_FORMERR, DNS_RCODE_NOERROR, DNS_RCODE_NOTAUTH, DNS_RCODE_NOTIMP, DNS_RCODE_NXDOMAIN,
  DNS_RCODE_REFUSED, DNS_RCODE_SERVFAIL, DNS_TYPE_A, DNS_TYPE_AAAA, DNS_TYPE_ANY, DNS_TYPE_AXFR,
  DNS_TYPE_IXFR, DNS_TYPE_NS, DNS_TYPE_OPT, DNS_TYPE_SOA,
  DNS_TYPE_TXT, EDNS_OPTION_COOKIE, emitDns, parseDns, type DnsEdns, type DnsMessage, type DnsRecord,
} from '../../wire/dns.ts';
import { formatIpv4, type Ipv4 } from '../../wire/addr.ts';
import { readU16 } from '../../wire/bytes.ts';
import { aclAllows, type AclContext } from './acl.ts';
import type { AddressMatchList } from './named-conf.ts';
import { lowerName, parentName, type ZoneDb } from './zone-db.ts';
import { makeServerCookie, serverCookieValid } from './cookie.ts';
import type { ResolverCache } from './resolver-cache.ts';
import { NAMED_VERSION_TXT } from './named-version.ts';

/** BIND's edns-udp-size / max-udp-size default (since 9.16.6). */
export const BIND_UDP_SIZE = 1232;
/** BIND's max-restarts: CNAME links followed in one answer. */
const MAX_RESTARTS = 11;

export interface ServedZone {
  /** Absolute origin as configured ('mail128.com.'); empty zones keep BIND's upper case. */
  readonly name: string;
  readonly kind: 'primary' | 'secondary' | 'empty';
  /** Null while not loaded (failed load, secondary not transferred yet): queries get SERVFAIL. */
  db: ZoneDb | null;
  readonly allowQuery: AddressMatchList | null;
  readonly allowTransfer: AddressMatchList | null;
  /** Primaries of a secondary zone. */
  readonly primaries: readonly Ipv4[];
}

export interface View {
  /** Lower-case origin -> zone. */
  readonly zones: Map<string, ServedZone>;
  readonly recursion: boolean;
  readonly allowQuery: AddressMatchList | null;
  /** Defaults to `localnets; localhost;` (allow-query-cache's default) when null. */
  readonly allowRecursion: AddressMatchList | null;
  readonly allowTransfer: AddressMatchList | null;
  readonly acl: AclContext;
  readonly hostname: string;
  /** Secret for server cookies (cookie-secret). */
  readonly cookieSecret: Uint8Array;
  /** The resolver's cache, read for RD-clear queries (answered from cache only, no recursion). */
  readonly cache?: ResolverCache;
}

export interface ClientInfo {
  readonly address: Ipv4;
  readonly port: number;
  readonly tcp: boolean;
  /** Wall clock, seconds since the epoch (cookie timestamps). */
  readonly nowSec: number;
}

/** A line named logs for this request, after its `client @0x... ` prefix (`addr#port (name): ...`). */
export interface QueryLog {
  readonly name: string;
  readonly message: string;
}

export type QueryOutcome =
  | { kind: 'drop' }
  /** `request`: the parsed request when it could be parsed (its EDNS size bounds a UDP reply). */
  | { kind: 'reply'; response: DnsMessage; log?: QueryLog; request?: DnsMessage }
  /** Answer from the resolver: `prefix` holds the CNAME links already found in our zones. */
  | { kind: 'recurse'; request: DnsMessage; response: DnsMessage; qname: string; qtype: number; prefix: DnsRecord[] }
  | { kind: 'axfr'; request: DnsMessage; response: DnsMessage; zone: ServedZone; log: QueryLog }
  | { kind: 'notify'; response: DnsMessage; zone: ServedZone };

const DEFAULT_RECURSION_ACL: AddressMatchList = ['localnets', 'localhost'];

/** The response skeleton: id, opcode, RD and the question copied; OPT when the request had one. */
function responseTo(req: DnsMessage, rcode: number, edns: DnsEdns | undefined): DnsMessage {
  return {
    id: req.id, qr: true, opcode: req.opcode, aa: false, tc: false, rd: req.rd, ra: false, z: false, ad: false, cd: req.cd,
    rcode, questions: req.questions.slice(0, 1), answers: [], authority: [], additional: [], edns,
  };
}

/** A FORMERR for bytes we could not parse: only the header's id, opcode and RD survive. */
function formErrFromHeader(bytes: Uint8Array): DnsMessage {
  const flags = readU16(bytes, 2);
  return {
    id: readU16(bytes, 0), qr: true, opcode: (flags >>> 11) & 0xf, aa: false, tc: false, rd: (flags & 0x0100) !== 0,
    ra: false, z: false, ad: false, cd: false, rcode: DNS_RCODE_FORMERR, questions: [], answers: [], authority: [], additional: [],
  };
}

/** The client cookie option (RFC 7873 §4): 8 bytes, or 8 + 8..32 with a server cookie. */
function cookieOf(edns: DnsEdns | undefined): Uint8Array | null | 'bad' {
  if (edns === undefined) return null;
  const o = edns.options.find((x) => x.code === EDNS_OPTION_COOKIE);
  if (o === undefined) return null;
  if (o.data.length === 8 || (o.data.length >= 16 && o.data.length <= 40)) return o.data;
  return 'bad';
}

function recursionAllowed(view: View, client: ClientInfo): boolean {
  return view.recursion && aclAllows(view.allowRecursion ?? DEFAULT_RECURSION_ACL, client.address, view.acl);
}

/** The deepest served zone at or above `name`. */
export function findZone(view: View, name: string): ServedZone | undefined {
  for (let n: string | null = lowerName(name); n !== null; n = parentName(n)) {
    const z = view.zones.get(n);
    if (z !== undefined) return z;
  }
  return undefined;
}

const TYPE_NAMES: Readonly<Record<number, string>> = { 1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV', 251: 'IXFR', 252: 'AXFR', 255: 'ANY' };

export function typeName(t: number): string {
  return TYPE_NAMES[t] ?? `TYPE${t}`;
}

function className(c: number): string {
  return c === DNS_CLASS_IN ? 'IN' : c === DNS_CLASS_CH ? 'CH' : c === DNS_CLASS_ANY ? 'ANY' : `CLASS${c}`;
}

function logName(name: string): string {
  return name.length > 1 && name.endsWith('.') ? name.slice(0, -1) : name;
}

/**
 * The querylog line's text after "client @0x... ": `ADDR#PORT (NAME): query: NAME IN A +E(0)K
 * (SERVER)` (BIND's ns_client_log of the queries category; flags: + RD, E(n) EDNS version n,
 * T TCP, D DO, C CD, K a client cookie, V a valid server cookie).
 */
export function queryLogText(req: DnsMessage, client: ClientInfo, server: Ipv4, validCookie: boolean): string | null {
  const q = req.questions[0];
  if (q === undefined) return null;
  const cookie = req.edns?.options.some((o) => o.code === EDNS_OPTION_COOKIE) === true;
  const flags = `${req.rd ? '+' : '-'}${req.edns !== undefined ? `E(${req.edns.version})` : ''}${client.tcp ? 'T' : ''}${req.edns?.dnssecOk ? 'D' : ''}${req.cd ? 'C' : ''}${validCookie ? 'V' : cookie ? 'K' : ''}`;
  const name = logName(q.name);
  return `${formatIpv4(client.address)}#${client.port} (${name}): query: ${name} ${className(q.class)} ${typeName(q.type)} ${flags} (${formatIpv4(server)})`;
}

/** Processes one request. Never throws on bad input. */
export function processRequest(view: View, bytes: Uint8Array, client: ClientInfo): QueryOutcome {
  if (bytes.length < 12) return { kind: 'drop' };
  // A response (QR set) is never answered: that is how reflection loops start.
  if ((bytes[2] & 0x80) !== 0) return { kind: 'drop' };
  const parsed = parseDns(bytes);
  if (!parsed.ok) return { kind: 'reply', response: formErrFromHeader(bytes) };
  const req = parsed.value;
  const cookie = cookieOf(req.edns);
  if (cookie === 'bad') return { kind: 'reply', response: formErrFromHeader(bytes) };
  let edns: DnsEdns | undefined;
  let haveCookie = false;
  if (req.edns !== undefined) {
    const options = [];
    if (cookie !== null) {
      const clientPart = cookie.subarray(0, 8);
      haveCookie = cookie.length > 8 && serverCookieValid(cookie, client.address, client.nowSec, view.cookieSecret);
      options.push({ code: EDNS_OPTION_COOKIE, data: makeServerCookie(clientPart, client.address, client.nowSec, view.cookieSecret) });
    }
    edns = { udpPayloadSize: BIND_UDP_SIZE, extendedRcode: 0, version: 0, dnssecOk: req.edns.dnssecOk, z: 0, options };
    // RFC 6891 §6.1.3: an unknown EDNS version gets BADVERS (extended RCODE 16).
    if (req.edns.version > 0) {
      const r = responseTo(req, 0, { ...edns, extendedRcode: 1 });
      return { kind: 'reply', response: r };
    }
  }
  if (req.opcode !== DNS_OPCODE_QUERY && req.opcode !== DNS_OPCODE_NOTIFY && req.opcode !== DNS_OPCODE_UPDATE) {
    return { kind: 'reply', response: responseTo(req, DNS_RCODE_NOTIMP, edns) };
  }
  if (req.questions.length !== 1) return { kind: 'reply', response: responseTo(req, DNS_RCODE_FORMERR, edns) };
  const q = req.questions[0];
  const who = `${formatIpv4(client.address)}#${client.port}`;
  if (req.opcode === DNS_OPCODE_UPDATE) {
    const zone = findZone(view, q.name);
    if (zone === undefined || zone.kind === 'empty' || lowerName(zone.name) !== lowerName(q.name)) {
      return { kind: 'reply', response: responseTo(req, DNS_RCODE_NOTAUTH, edns) };
    }
    const log = { name: logName(q.name), message: `${who}: update '${logName(zone.name)}/IN' denied` };
    return { kind: 'reply', response: responseTo(req, DNS_RCODE_REFUSED, edns), log };
  }
  if (req.opcode === DNS_OPCODE_NOTIFY) {
    const zone = view.zones.get(lowerName(q.name));
    const r = responseTo(req, DNS_RCODE_NOERROR, edns);
    if (zone === undefined || zone.kind !== 'secondary') {
      r.rcode = DNS_RCODE_NOTAUTH;
      return { kind: 'reply', response: r };
    }
    r.aa = true;
    return { kind: 'notify', response: r, zone };
  }
  // Meta types and QCLASS ANY are not answered from zones (RFC 6895 §3.1).
  if (q.type === DNS_TYPE_OPT || (q.type >= 128 && q.type <= 250 && q.type !== 249)) {
    return { kind: 'reply', response: responseTo(req, DNS_RCODE_FORMERR, edns) };
  }
  if (q.class === DNS_CLASS_CH) return { kind: 'reply', response: chaosAnswer(view, req, edns) };
  if (q.class !== DNS_CLASS_IN) return { kind: 'reply', response: responseTo(req, DNS_RCODE_REFUSED, edns) };

  const ra = recursionAllowed(view, client);
  const zone = findZone(view, q.name);
  const queryText = () => `'${logName(q.name)}/${typeName(q.type)}/${className(q.class)}'`;

  if (q.type === DNS_TYPE_AXFR || q.type === DNS_TYPE_IXFR) {
    const r = responseTo(req, DNS_RCODE_NOERROR, edns);
    const kindText = typeName(q.type);
    if (zone === undefined || zone.kind === 'empty' || lowerName(zone.name) !== lowerName(q.name) || zone.db === null) {
      r.rcode = DNS_RCODE_NOTAUTH;
      return { kind: 'reply', response: r };
    }
    const zlog = logName(zone.name);
    if (!client.tcp) {
      r.rcode = DNS_RCODE_FORMERR;
      return { kind: 'reply', response: r };
    }
    const acl = zone.allowTransfer ?? view.allowTransfer;
    if (acl !== null && !aclAllows(acl, client.address, view.acl)) {
      r.rcode = DNS_RCODE_REFUSED;
      return { kind: 'reply', response: r, log: { name: zlog, message: `${who} (${zlog}): zone transfer '${zlog}/${kindText}/IN' denied` } };
    }
    r.aa = true;
    return {
      kind: 'axfr', request: req, response: r, zone,
      // Without a journal BIND answers an IXFR with the whole zone ("AXFR-style IXFR").
      log: { name: zlog, message: `${who} (${zlog}): transfer of '${zlog}/IN': ${q.type === DNS_TYPE_IXFR ? 'AXFR-style IXFR' : 'AXFR'} started (serial ${zone.db.serial})` },
    };
  }

  const r = responseTo(req, DNS_RCODE_NOERROR, edns);
  r.ra = ra;
  if (zone !== undefined) {
    const acl = zone.allowQuery ?? view.allowQuery;
    if (acl !== null && !aclAllows(acl, client.address, view.acl)) {
      r.rcode = DNS_RCODE_REFUSED;
      return { kind: 'reply', response: r, log: { name: logName(q.name), message: `${who} (${logName(q.name)}): query ${queryText()} denied` } };
    }
  } else if (view.allowQuery !== null && !aclAllows(view.allowQuery, client.address, view.acl)) {
    r.rcode = DNS_RCODE_REFUSED;
    return { kind: 'reply', response: r, log: { name: logName(q.name), message: `${who} (${logName(q.name)}): query ${queryText()} denied` } };
  }
  if (q.type === DNS_TYPE_ANY && !client.tcp && !haveCookie) {
    r.tc = true;
    return { kind: 'reply', response: r };
  }
  const minimal = req.rd;
  const outcome = answerFromZones(view, r, q.name, q.type, minimal);
  if (outcome === 'done') return { kind: 'reply', response: r, request: req };
  if (outcome === 'recurse') {
    if (!ra) {
      // Not authoritative and no recursion for this client: BIND refuses (allow-query-cache).
      r.rcode = DNS_RCODE_REFUSED;
      r.answers = [];
      return {
        kind: 'reply', response: r,
        log: { name: logName(q.name), message: `${who} (${logName(q.name)}): query (cache) ${queryText()} denied` },
      };
    }
    if (!req.rd) {
      // RD clear and nothing of ours: BIND answers from its cache only (dig +norec).
      const last = r.answers[r.answers.length - 1];
      const name = last !== undefined && last.data.kind === 'CNAME' ? last.data.target : q.name;
      const hit = view.cache?.get(name, q.type) ?? null;
      if (hit !== null && hit.kind === 'positive') r.answers.push(...hit.records);
      else if (hit !== null) {
        r.rcode = hit.rcode === 'nxdomain' ? DNS_RCODE_NXDOMAIN : DNS_RCODE_NOERROR;
        r.authority.push(...hit.soa);
      }
      return { kind: 'reply', response: r };
    }
    const last = r.answers[r.answers.length - 1];
    const qname = last !== undefined && last.data.kind === 'CNAME' ? last.data.target : q.name;
    return { kind: 'recurse', request: req, response: r, qname, qtype: q.type, prefix: r.answers.slice() };
  }
  return { kind: 'reply', response: r };
}

/**
 * Fills `r` from the served zones; 'recurse' when (part of) the answer lies outside them.
 */
function answerFromZones(view: View, r: DnsMessage, qname: string, qtype: number, minimal: boolean): 'done' | 'recurse' {
  let name = qname;
  const seen = new Set<string>();
  for (let restarts = 0; restarts <= MAX_RESTARTS; restarts++) {
    const zone = findZone(view, name);
    if (zone === undefined) return 'recurse';
    if (zone.db === null) {
      if (restarts === 0) r.rcode = DNS_RCODE_SERVFAIL;
      return 'done';
    }
    const db = zone.db;
    const found = db.lookup(name, qtype);
    switch (found.kind) {
      case 'answer': {
        r.aa = r.answers.length === 0 ? true : r.aa;
        r.answers.push(...found.records);
        if (qtype !== DNS_TYPE_ANY) addAdditional(view, r, found.records);
        if (!minimal && qtype !== DNS_TYPE_ANY && qtype !== DNS_TYPE_NS) addAuthorityNs(view, r, db);
        return 'done';
      }
      case 'cname': {
        r.aa = r.answers.length === 0 ? true : r.aa;
        r.answers.push(found.record);
        if (found.record.data.kind !== 'CNAME') return 'done';
        const target = found.record.data.target;
        const key = lowerName(target);
        if (seen.has(key)) return 'done';
        seen.add(lowerName(name));
        name = target;
        continue;
      }
      case 'nodata':
      case 'nxdomain': {
        if (r.answers.length === 0) r.aa = true;
        // RFC 6604: after a CNAME the rcode describes the last name of the chain.
        r.rcode = found.kind === 'nxdomain' ? DNS_RCODE_NXDOMAIN : DNS_RCODE_NOERROR;
        const soa = db.negativeSoa();
        if (soa !== undefined) r.authority.push(soa);
        return 'done';
      }
      case 'referral': {
        if (r.answers.length === 0) {
          r.aa = false;
          r.authority.push(...found.ns);
          r.additional.push(...found.glue);
          // A referral's addresses for a recursive client: BIND recurses instead when it may.
          return r.rd && r.ra ? 'recurse' : 'done';
        }
        return 'done';
      }
    }
  }
  return 'done';
}

/** The zone's NS in authority and their addresses in additional (full responses only). */
function addAuthorityNs(view: View, r: DnsMessage, db: ZoneDb): void {
  const ns = db.rrset(db.origin, DNS_TYPE_NS);
  if (ns === undefined) return;
  r.authority.push(...ns);
  addAdditional(view, r, ns);
}

/** RFC 1035 §3.3.9/§3.3.11: addresses of NS, MX and SRV targets we hold, each once. */
function addAdditional(view: View, r: DnsMessage, records: readonly DnsRecord[]): void {
  for (const rec of records) {
    const target = rec.data.kind === 'NS' ? rec.data.target : rec.data.kind === 'MX' ? rec.data.exchange : rec.data.kind === 'SRV' ? rec.data.target : null;
    if (target === null || target === '.') continue;
    const zone = findZone(view, target);
    if (zone === undefined || zone.db === null) continue;
    const found = zone.db.lookup(target, DNS_TYPE_A);
    const addrs = found.kind === 'answer' ? [...found.records] : found.kind === 'referral' ? zone.db.addressesOf(target) : [];
    const aaaa = zone.db.lookup(target, DNS_TYPE_AAAA);
    if (aaaa.kind === 'answer') addrs.push(...aaaa.records);
    for (const a of addrs) {
      if (a.type !== DNS_TYPE_A && a.type !== DNS_TYPE_AAAA) continue;
      const dup = (x: DnsRecord) => x.type === a.type && lowerName(x.name) === lowerName(a.name);
      if (r.answers.some(dup) || r.additional.some(dup)) continue;
      r.additional.push(...addrs.filter((x) => x.type === a.type && lowerName(x.name) === lowerName(a.name)));
    }
  }
}

/** CHAOS class: BIND's built-in version.bind, hostname.bind, authors.bind, id.server. */
function chaosAnswer(view: View, req: DnsMessage, edns: DnsEdns | undefined): DnsMessage {
  const r = responseTo(req, DNS_RCODE_NOERROR, edns);
  const q = req.questions[0];
  const key = lowerName(q.name);
  const texts: Record<string, string[] | undefined> = {
    'version.bind.': [NAMED_VERSION_TXT],
    'hostname.bind.': [view.hostname],
    'id.server.': [view.hostname],
  };
  const zoneName = key === 'id.server.' ? 'id.server.' : key.endsWith('.bind.') || key === 'bind.' ? key : null;
  if (zoneName === null) {
    r.rcode = DNS_RCODE_REFUSED;
    return r;
  }
  r.aa = true;
  const txt = texts[key];
  if (txt !== undefined && (q.type === DNS_TYPE_TXT || q.type === DNS_TYPE_ANY)) {
    r.answers.push({ name: q.name, type: DNS_TYPE_TXT, class: DNS_CLASS_CH, ttl: 0, data: { kind: 'TXT', strings: txt } });
  } else if (txt === undefined && key !== 'bind.') {
    r.rcode = DNS_RCODE_NXDOMAIN;
  }
  if (r.answers.length === 0) {
    const apex = key === 'id.server.' ? 'id.server.' : 'bind.';
    r.authority.push({
      name: apex === 'bind.' && key === 'bind.' ? q.name : apex, type: DNS_TYPE_SOA, class: DNS_CLASS_CH, ttl: 0,
      data: { kind: 'SOA', mname: apex, rname: `hostmaster.${apex}`, serial: 0, refresh: 28800, retry: 7200, expire: 604800, minimum: 86400 },
    });
  }
  return r;
}

/**
 * The response's bytes within `limit` (UDP: the client's EDNS size capped at ours, 512 without
 * EDNS). Too big: additional data goes first, then BIND sets TC and keeps only the question.
 */
export function renderResponse(r: DnsMessage, limit: number): Uint8Array {
  let bytes = emitDns(r);
  if (bytes.length <= limit) return bytes;
  const noExtra = { ...r, additional: [] };
  bytes = emitDns(noExtra);
  if (bytes.length <= limit) return bytes;
  return emitDns({ ...noExtra, tc: true, answers: [], authority: [] });
}

/** The UDP size limit for a reply to `req` (RFC 6891 §6.2.5: at least 512). */
export function udpLimit(req: DnsMessage | null): number {
  if (req === null || req.edns === undefined) return 512;
  return Math.min(BIND_UDP_SIZE, Math.max(512, req.edns.udpPayloadSize));
}

/** Records for a zone transfer: SOA, everything else, SOA (RFC 5936 §2.2). */
export function axfrRecords(db: ZoneDb): DnsRecord[] {
  const all = db.allRecords();
  const soa = db.soa;
  return soa === undefined ? all : [...all, soa];
}

