// The host's stub resolver, what libc offers every program and daemon: getaddrinfo for IPv4
// (numeric forms, then the sources of nsswitch.conf's `hosts:` line: /etc/hosts and DNS),
// getnameinfo (the hosts file, then a PTR query) and res_search for other record types (MX for
// an SMTP client). DNS goes over real UDP/TCP sockets of the calling process to the servers of
// /etc/resolv.conf, in virtual time.
import type { Ipv4 } from '../../wire/addr.ts';
import { DNS_TYPE_A, DNS_TYPE_PTR, type DnsMessage } from '../../wire/dns.ts';
import type { Process } from '../program.ts';
import { hostsByName, hostsSources, inetAton, readHostsFile } from './hosts-file.ts';
import { resolverConfig } from './resolv-conf.ts';
import { resQuery, resSearch, type DnsQueryResult } from './stub.ts';

export { inetAton, readHostsFile, type HostsLine } from './hosts-file.ts';
export { parseResolvConf, resolverConfig, type ResolverConfig } from './resolv-conf.ts';
export type { DnsQueryError, DnsQueryResult } from './stub.ts';
export { DnsUdpSocket, tcpExchange, type ExchangeResult } from './exchange.ts';

/** getaddrinfo failures (netdb.h), printed with gaiStrerror. */
export type GaiError = 'EAI_NONAME' | 'EAI_AGAIN' | 'EAI_FAIL' | 'EAI_SERVICE' | 'EAI_NODATA';

export type LookupResult = { ok: true; address: Ipv4; canonicalName: string } | { ok: false; error: GaiError };

export function gaiStrerror(e: GaiError): string {
  switch (e) {
    case 'EAI_NONAME':
      return 'Name or service not known';
    case 'EAI_AGAIN':
      return 'Temporary failure in name resolution';
    case 'EAI_FAIL':
      return 'Non-recoverable failure in name resolution';
    case 'EAI_SERVICE':
      return 'Servname not supported for ai_socktype';
    case 'EAI_NODATA':
      return 'No address associated with hostname';
  }
}

/** The first A record of an answer and the name it belongs to (the end of a CNAME chain). */
function firstAddress(message: DnsMessage): { address: Ipv4; name: string } | null {
  for (const rr of message.answers) {
    if (rr.data.kind === 'A') return { address: rr.data.address, name: rr.name.replace(/\.$/, '') };
  }
  return null;
}

/** getaddrinfo(name, AF_INET, AI_CANONNAME): the first address and the canonical name. */
export async function lookupHost(proc: Process, name: string, opts: { numericOnly?: boolean } = {}): Promise<LookupResult> {
  const numeric = inetAton(name);
  if (numeric !== null) return { ok: true, address: numeric, canonicalName: name };
  if (opts.numericOnly === true || name === '') return { ok: false, error: 'EAI_NONAME' };
  let error: GaiError = 'EAI_NONAME';
  for (const source of hostsSources(proc)) {
    if (source === 'files') {
      const line = hostsByName(proc, name);
      if (line !== null) return { ok: true, address: line.address, canonicalName: line.names[0] };
      continue;
    }
    const r = await resSearch(proc, resolverConfig(proc), name, DNS_TYPE_A);
    if (r.ok) {
      const found = firstAddress(r.message);
      if (found !== null) return { ok: true, address: found.address, canonicalName: found.name };
      error = 'EAI_NODATA';
    } else if (r.error === 'NODATA') error = 'EAI_NODATA';
    else if (r.error !== 'NXDOMAIN') error = 'EAI_AGAIN';
  }
  return { ok: false, error };
}

/** The in-addr.arpa name of an address (RFC 1035 §3.5), absolute. */
export function reverseName(address: Ipv4): string {
  return `${address & 0xff}.${(address >>> 8) & 0xff}.${(address >>> 16) & 0xff}.${address >>> 24}.in-addr.arpa.`;
}

/** getnameinfo(NI_NAMEREQD): the name of an address (hosts file, then PTR), or null. */
export async function reverseLookup(proc: Process, address: Ipv4): Promise<string | null> {
  for (const source of hostsSources(proc)) {
    if (source === 'files') {
      for (const line of readHostsFile(proc)) {
        if (line.address === address) return line.names[0];
      }
      continue;
    }
    const r = await resQuery(proc, resolverConfig(proc), reverseName(address >>> 0), DNS_TYPE_PTR);
    if (!r.ok) continue;
    for (const rr of r.message.answers) {
      if (rr.data.kind === 'PTR') return rr.data.target.replace(/\.$/, '');
    }
  }
  return null;
}

/**
 * res_search (or res_query with `search: false`) for any record type, with the servers of
 * /etc/resolv.conf: the reply when it has answers, else why not.
 */
export async function queryDns(proc: Process, name: string, type: number, opts: { search?: boolean } = {}): Promise<DnsQueryResult> {
  const conf = resolverConfig(proc);
  return opts.search === false ? resQuery(proc, conf, name, type) : resSearch(proc, conf, name, type);
}
