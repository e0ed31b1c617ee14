// Host name resolution as glibc's getaddrinfo/getnameinfo do it for IPv4 with Debian's
// nsswitch.conf `hosts: files dns`: a numeric address, then /etc/hosts, then DNS. The DNS step is
// a seam (`dnsLookup`): until the DNS issue plugs a stub resolver in (UDP to the servers of
// /etc/resolv.conf), a name /etc/hosts does not know is "Name or service not known".
import { formatIpv4, parseIpv4, type Ipv4 } from '../../wire/addr.ts';
import type { Process } from '../../os/program.ts';

/** getaddrinfo failures (netdb.h), printed with gaiStrerror. */
export type GaiError = 'EAI_NONAME' | 'EAI_AGAIN' | 'EAI_FAIL' | 'EAI_SERVICE';

export type LookupResult = { ok: true; address: Ipv4; canonicalName: string } | { ok: false; error: GaiError };

/** What a DNS resolver answers for A records; null from `reverse` means no PTR. */
export interface DnsBackend {
  lookup(proc: Process, name: string): Promise<LookupResult>;
  reverse(proc: Process, address: Ipv4): Promise<string | null>;
}

let dns: DnsBackend | null = null;

/** The seam for the DNS issue: the stub resolver that `hosts: ... dns` consults. */
export function setDnsBackend(backend: DnsBackend | null): void {
  dns = backend;
}

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
  }
}

/**
 * inet_aton(3) as getaddrinfo uses it for numeric hosts: 1 to 4 parts, decimal, octal (0...) or
 * hex (0x...), the last part filling the remaining bytes ("127.1" is 127.0.0.1).
 */
export function inetAton(s: string): Ipv4 | null {
  const strict = parseIpv4(s);
  if (strict !== null) return strict;
  const parts = s.split('.');
  if (parts.length < 1 || parts.length > 4) return null;
  const values: number[] = [];
  for (const p of parts) {
    let v: number;
    if (/^0[xX][0-9a-fA-F]+$/.test(p)) v = parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) v = parseInt(p, 8);
    else if (/^[1-9][0-9]*$/.test(p)) v = parseInt(p, 10);
    else return null;
    values.push(v);
  }
  const last = values.pop() as number;
  let addr = 0;
  for (const v of values) {
    if (v > 255) return null;
    addr = addr * 256 + v;
  }
  const lastBytes = 4 - values.length;
  if (last >= 2 ** (8 * lastBytes)) return null;
  return addr * 2 ** (8 * lastBytes) + last;
}

interface HostsLine {
  address: Ipv4;
  names: string[];
}

/** The IPv4 lines of /etc/hosts (IPv6 ones are skipped: the stack has no IPv6). */
export function readHostsFile(proc: Process): HostsLine[] {
  const r = proc.host.fs.readFile('/etc/hosts', proc.cred);
  if (!r.ok) return [];
  const out: HostsLine[] = [];
  for (const raw of new TextDecoder().decode(r.value).split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    const address = parseIpv4(fields[0]);
    if (address === null || fields.length < 2) continue;
    out.push({ address, names: fields.slice(1) });
  }
  return out;
}

/** getaddrinfo(name, AF_INET, AI_CANONNAME): the first address and the canonical name. */
export async function lookupHost(proc: Process, name: string, opts: { numericOnly?: boolean } = {}): Promise<LookupResult> {
  const numeric = inetAton(name);
  if (numeric !== null) return { ok: true, address: numeric, canonicalName: name };
  if (opts.numericOnly === true || name === '') return { ok: false, error: 'EAI_NONAME' };
  const lower = name.toLowerCase();
  for (const line of readHostsFile(proc)) {
    if (line.names.some((n) => n.toLowerCase() === lower)) {
      return { ok: true, address: line.address, canonicalName: line.names[0] };
    }
  }
  if (dns !== null) return dns.lookup(proc, name);
  return { ok: false, error: 'EAI_NONAME' };
}

/** getnameinfo(NI_NAMEREQD): the name of an address, or null (callers then print it numeric). */
export async function reverseLookup(proc: Process, address: Ipv4): Promise<string | null> {
  for (const line of readHostsFile(proc)) {
    if (line.address === address) return line.names[0];
  }
  if (dns !== null) return dns.reverse(proc, address);
  return null;
}

/** getnameinfo without NI_NAMEREQD: the name, else the dotted quad. */
export async function nameOrAddress(proc: Process, address: Ipv4): Promise<string> {
  return (await reverseLookup(proc, address)) ?? formatIpv4(address);
}
