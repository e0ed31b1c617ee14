// `dns`: is a record served, with authority, by the named running on the host? The question is
// put to named's own query engine as bytes, as if it came over TCP from 127.0.0.1, so the
// answer is what `dig @127.0.0.1 +norecurse` would get from the zones named has loaded (an
// edited zone file counts only after `rndc reload`, as on Debian). Nothing goes on the wire,
// nothing is logged, no cache is filled: recursion is not asked for.
import { namedServerOf } from '../../services/bind/named.ts';
import { processRequest } from '../../services/bind/query-engine.ts';
import { formatRdata } from '../../services/bind/dns-text.ts';
import {
  DNS_CLASS_IN, DNS_OPCODE_QUERY, DNS_RCODE_NOERROR, DNS_RCODE_NXDOMAIN, DNS_TYPE_A, DNS_TYPE_AAAA, DNS_TYPE_CNAME, DNS_TYPE_MX,
  DNS_TYPE_NS, DNS_TYPE_PTR, DNS_TYPE_SOA, DNS_TYPE_SRV, DNS_TYPE_TXT, emitDns,
} from '../../wire/dns.ts';
import type { CheckSpec, DnsCheckType } from '../../scenario/steps.ts';
import type { SimHost } from '../simulation.ts';
import { DONE, notDone, type CheckResult } from './check-result.ts';

const TYPE_CODES: Readonly<Record<DnsCheckType, number>> = {
  A: DNS_TYPE_A, AAAA: DNS_TYPE_AAAA, NS: DNS_TYPE_NS, CNAME: DNS_TYPE_CNAME, SOA: DNS_TYPE_SOA,
  PTR: DNS_TYPE_PTR, MX: DNS_TYPE_MX, TXT: DNS_TYPE_TXT, SRV: DNS_TYPE_SRV,
};
const LOOPBACK = 0x7f000001;

export function checkDns(host: SimHost, c: Extract<CheckSpec, { kind: 'dns' }>): CheckResult {
  const server = namedServerOf(host.machine);
  if (server === null) return notDone(`named is not running on ${host.name}`);
  const name = c.name.endsWith('.') ? c.name : `${c.name}.`;
  const type = TYPE_CODES[c.type];
  const query = emitDns({
    id: 0, qr: false, opcode: DNS_OPCODE_QUERY, aa: false, tc: false, rd: false, ra: false, z: false, ad: false, cd: false,
    rcode: 0, questions: [{ name, type, class: DNS_CLASS_IN }], answers: [], authority: [], additional: [],
  });
  const nowSec = Math.floor(host.machine.wallTimeMs() / 1000);
  const outcome = processRequest(server.view, query, { address: LOOPBACK, port: 53, tcp: true, nowSec });
  const asked = `${c.name} ${c.type}`;
  if (outcome.kind !== 'reply') return notDone(`${host.name}'s named is not authoritative for ${asked}`);
  const r = outcome.response;
  if (r.rcode === DNS_RCODE_NXDOMAIN && r.aa) return notDone(`${host.name}'s named answers NXDOMAIN for ${asked}`);
  if (r.rcode !== DNS_RCODE_NOERROR) return notDone(`${host.name}'s named cannot answer ${asked} (rcode ${r.rcode})`);
  if (!r.aa) return notDone(`${host.name}'s named is not authoritative for ${asked}`);
  const values = r.answers.filter((a) => a.type === type).map((a) => formatRdata(a.data));
  if (values.length === 0) return notDone(`${host.name}'s named has no ${c.type} record for ${c.name}`);
  if (c.value === null) return DONE;
  const want = normalize(c.value);
  if (values.some((v) => normalize(v) === want)) return DONE;
  return notDone(`${host.name}'s named answers ${asked} with ${values.join(', ')}`);
}

/** Case, spacing, quotes and final dots aside: "10 mail.mail54.com" equals "10  MAIL.mail54.com.". */
function normalize(value: string): string {
  return value
    .replaceAll('"', '')
    .trim()
    .split(/\s+/)
    .map((t) => t.toLowerCase().replace(/\.$/, ''))
    .join(' ');
}
