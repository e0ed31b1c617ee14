// Loading one zone as BIND 9.18 does (zone.c zone_postload): read the master file, then count the
// apex SOA and NS records and run the integrity checks that named-checkzone, named-checkconf -z
// and named itself perform, logging each line exactly as BIND words it.
import { DNS_TYPE_A, DNS_TYPE_AAAA, DNS_TYPE_CNAME, DNS_TYPE_NS, DNS_TYPE_SOA } from '../../wire/dns.ts';
import { parseZoneFile, type ZoneFileReader, type ZoneRecord } from './zone-file.ts';
import { canonicalCompare, isSubdomain, nameForLog } from './dns-text.ts';

export interface LoadedZone {
  /** Absolute, trailing dot. */
  readonly origin: string;
  readonly serial: number;
  readonly records: ZoneRecord[];
}

export interface ZoneLoadReport {
  /** Null when the zone was not loaded due to errors. */
  readonly zone: LoadedZone | null;
  /** Log lines in BIND's order, without the "loaded serial" line's successors (OK, dumps). */
  readonly log: string[];
  /** The result of a failed master-file read ("file not found", "bad ttl"), else null. */
  readonly failure: string | null;
}

/** `zone mail128.com/IN` as BIND's zone log lines begin. */
export function zoneLogName(origin: string): string {
  return `zone ${nameForLog(origin)}/IN`;
}

/**
 * Loads the zone `origin` from `file`. `readFile` returns null for a missing file; it also serves
 * $INCLUDE. Never throws on bad input.
 */
export function loadZone(origin: string, file: string, readFile: ZoneFileReader): ZoneLoadReport {
  const z = zoneLogName(origin);
  const log: string[] = [];
  const notLoaded = (failure: string | null): ZoneLoadReport => {
    log.push(`${z}: not loaded due to errors.`);
    return { zone: null, log, failure };
  };
  const text = readFile(file);
  if (text === null) {
    log.push(`${z}: loading from master file ${file} failed: file not found`);
    return notLoaded('file not found');
  }
  const parsed = parseZoneFile(text, { origin, file, readFile });
  for (const d of parsed.diagnostics) if (d.message !== null) log.push(d.message);
  if (parsed.failure !== null) {
    log.push(`${z}: loading from master file ${file} failed: ${parsed.failure}`);
    return notLoaded(parsed.failure);
  }
  const records = parsed.records;
  const apex = origin.toLowerCase();
  const at = (name: string, type: number) => records.filter((r) => r.type === type && r.name.toLowerCase() === name.toLowerCase());
  const soa = at(apex, DNS_TYPE_SOA);
  if (soa.length !== 1) {
    log.push(`${z}: has ${soa.length} SOA records`);
    return notLoaded(null);
  }
  if (at(apex, DNS_TYPE_NS).length === 0) {
    log.push(`${z}: has no NS records`);
    return notLoaded(null);
  }
  let fatal = false;
  // An in-zone target must have an address and must not be an alias (RFC 2181 §10.3).
  const problem = (target: string): 'cname' | 'noaddr' | null => {
    if (!isSubdomain(target, origin)) return null;
    if (at(target, DNS_TYPE_CNAME).length > 0) return 'cname';
    return at(target, DNS_TYPE_A).length + at(target, DNS_TYPE_AAAA).length > 0 ? null : 'noaddr';
  };
  for (const ns of at(apex, DNS_TYPE_NS)) {
    if (ns.data.kind !== 'NS') continue;
    const p = problem(ns.data.target);
    if (p === null) continue;
    const t = nameForLog(ns.data.target);
    log.push(p === 'cname' ? `${z}: NS '${t}' is a CNAME (illegal)` : `${z}: NS '${t}' has no address records (A or AAAA)`);
    fatal = true;
  }
  if (fatal) return notLoaded(null);
  // check-mx-cname / check-srv-cname and check-integrity only warn in named-checkzone's defaults.
  for (const r of records.filter((x) => x.data.kind === 'MX' || x.data.kind === 'SRV').sort((a, b) => canonicalCompare(a.name, b.name))) {
    const target = r.data.kind === 'MX' ? r.data.exchange : r.data.kind === 'SRV' ? r.data.target : null;
    if (target === null || (r.data.kind === 'SRV' && target === '.')) continue;
    const p = problem(target);
    if (p === null) continue;
    const what = `${nameForLog(r.name)}/${r.data.kind} '${nameForLog(target)}'`;
    log.push(p === 'cname' ? `${z}: ${what} is a CNAME (illegal)` : `${z}: ${what} has no address records (A or AAAA)`);
  }
  const soaData = soa[0].data;
  const serial = soaData.kind === 'SOA' ? soaData.serial : 0;
  log.push(`${z}: loaded serial ${serial}`);
  return { zone: { origin, serial, records }, log, failure: null };
}
