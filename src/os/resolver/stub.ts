// glibc 2.36's stub resolver (resolv/res_query.c, res_send.c): res_search over the search list,
// res_send over the servers of resolv.conf. A query is one question with RD set and a random ID,
// no EDNS (glibc adds OPT only with `options edns0`). Each round tries every server in order
// (rotate: starting one further each call), waiting `timeout` seconds for the first server and
// `(timeout << index) / count` for the others; SERVFAIL, NOTIMP, REFUSED and
// ECONNREFUSED move on to the next server; a truncated reply is asked again over TCP.
import type { Ipv4 } from '../../wire/addr.ts';
import {
  DNS_CLASS_IN,
  DNS_OPCODE_QUERY,
  DNS_RCODE_NOERROR,
  DNS_RCODE_NOTIMP,
  DNS_RCODE_NXDOMAIN,
  DNS_RCODE_REFUSED,
  DNS_RCODE_SERVFAIL,
  dnsNameLabels,
  emitDns,
  parseDns,
  type DnsMessage,
} from '../../wire/dns.ts';
import type { Process } from '../program.ts';
import { DnsUdpSocket, tcpExchange } from './exchange.ts';
import type { ResolverConfig } from './resolv-conf.ts';

const SECOND_NS = 1_000_000_000;
const NAMESERVER_PORT = 53;

export type DnsQueryError = 'NXDOMAIN' | 'NODATA' | 'SERVFAIL' | 'REFUSED' | 'TIMEOUT' | 'NOSERVERS';
export type DnsQueryResult = { ok: true; message: DnsMessage; server: Ipv4 } | { ok: false; error: DnsQueryError };

/** The query message res_mkquery builds. */
export function stubQuery(id: number, name: string, type: number): DnsMessage {
  return {
    id,
    qr: false,
    opcode: DNS_OPCODE_QUERY,
    aa: false,
    tc: false,
    rd: true,
    ra: false,
    z: false,
    ad: false,
    cd: false,
    rcode: 0,
    questions: [{ name: name.endsWith('.') ? name : name + '.', type, class: DNS_CLASS_IN }],
    answers: [],
    authority: [],
    additional: [],
  };
}

/** res_queriesmatch: the reply answers this query (ID, and the same question). */
function answers(query: DnsMessage, reply: DnsMessage): boolean {
  if (!reply.qr || reply.id !== query.id) return false;
  // A FORMERR reply may come without the question (glibc accepts it).
  if (reply.questions.length === 0) return reply.rcode !== DNS_RCODE_NOERROR;
  const q = query.questions[0];
  const r = reply.questions[0];
  return reply.questions.length === 1 && r.type === q.type && r.class === q.class && r.name.toLowerCase() === q.name.toLowerCase();
}

/** Per-host rotate state: glibc rotates per process; a host-wide counter is close enough. */
const rotation = new WeakMap<object, number>();

/** res_send: the reply of the first server that gives a usable one, else why none did. */
export async function resSend(proc: Process, conf: ResolverConfig, name: string, type: number): Promise<DnsQueryResult> {
  // res_mkquery refuses what cannot be a DNS name (an empty label, a label over 63 bytes, a name
  // over 255): nothing is sent and the name is not found.
  if (!dnsNameLabels(name).ok) return { ok: false, error: 'NXDOMAIN' };
  const servers = conf.nameservers.slice();
  if (servers.length === 0) return { ok: false, error: 'NOSERVERS' };
  if (conf.rotate && servers.length > 1) {
    const n = rotation.get(proc.host) ?? 0;
    rotation.set(proc.host, n + 1);
    for (let i = 0; i < n % servers.length; i++) servers.push(servers.shift() as Ipv4);
  }
  const query = stubQuery(proc.host.rng.int(0, 0xffff), name, type);
  const bytes = emitDns(query);
  const sockets = new Map<number, DnsUdpSocket>();
  let lastRcode: number | null = null;
  try {
    for (let attempt = 0; attempt < conf.attempts; attempt++) {
      for (let ns = 0; ns < servers.length; ns++) {
        const server = servers[ns];
        // send_dg shifts by the server's index, not the round (5 s, 3 s, 6 s for three servers).
        let seconds = conf.timeout << ns;
        if (ns > 0) seconds = Math.floor(seconds / servers.length);
        if (seconds <= 0) seconds = 1;
        let reply: DnsMessage | null = null;
        if (conf.useVc) {
          reply = await viaTcp(proc, server, bytes, query, seconds);
        } else {
          let sock = sockets.get(ns);
          if (sock === undefined) {
            sock = new DnsUdpSocket(proc, server, NAMESERVER_PORT);
            sockets.set(ns, sock);
          }
          const r = await sock.exchange(bytes, seconds * SECOND_NS, (data) => {
            const m = parseDns(data);
            return m.ok && answers(query, m.value);
          });
          if (r.ok) {
            const m = parseDns(r.reply);
            if (m.ok) reply = m.value;
            if (reply !== null && reply.tc) reply = await viaTcp(proc, server, bytes, query, seconds);
          } else if (r.error !== 'TIMEOUT') {
            // ECONNREFUSED and the like: glibc closes this socket and goes on with the next server.
            sock.close();
            sockets.delete(ns);
          }
        }
        if (reply === null) continue;
        if (reply.rcode === DNS_RCODE_SERVFAIL || reply.rcode === DNS_RCODE_NOTIMP || reply.rcode === DNS_RCODE_REFUSED) {
          lastRcode = reply.rcode;
          continue;
        }
        return { ok: true, message: reply, server };
      }
    }
  } finally {
    for (const s of sockets.values()) s.close();
  }
  if (lastRcode === DNS_RCODE_REFUSED) return { ok: false, error: 'REFUSED' };
  if (lastRcode !== null) return { ok: false, error: 'SERVFAIL' };
  return { ok: false, error: 'TIMEOUT' };
}

async function viaTcp(proc: Process, server: Ipv4, bytes: Uint8Array, query: DnsMessage, seconds: number): Promise<DnsMessage | null> {
  const r = await tcpExchange(proc, server, NAMESERVER_PORT, bytes, seconds * SECOND_NS);
  if (!r.ok) return null;
  const m = parseDns(r.reply);
  return m.ok && answers(query, m.value) ? m.value : null;
}

/** res_query: one name as is; NXDOMAIN and "no data" become errors as h_errno does. */
export async function resQuery(proc: Process, conf: ResolverConfig, name: string, type: number): Promise<DnsQueryResult> {
  const r = await resSend(proc, conf, name, type);
  if (!r.ok) return r;
  if (r.message.rcode === DNS_RCODE_NXDOMAIN) return { ok: false, error: 'NXDOMAIN' };
  if (r.message.rcode !== DNS_RCODE_NOERROR) return { ok: false, error: 'SERVFAIL' };
  if (r.message.answers.length === 0) return { ok: false, error: 'NODATA' };
  return r;
}

/**
 * res_search: a name with at least `ndots` dots (or a trailing dot) is tried as is first; then
 * name.domain for each search domain; then the name as is if not tried yet. NXDOMAIN and NODATA
 * go on, SERVFAIL goes on to the next domain, a timeout stops. The result is NODATA if any
 * query had the name without data, SERVFAIL if any failed so, else the last error.
 */
export async function resSearch(proc: Process, conf: ResolverConfig, name: string, type: number): Promise<DnsQueryResult> {
  if (name.endsWith('.')) return resQuery(proc, conf, name, type);
  const dots = name.split('.').length - 1;
  let triedAsIs = false;
  let gotNodata = false;
  let gotServfail = false;
  let last: DnsQueryResult = { ok: false, error: 'NXDOMAIN' };
  const step = async (candidate: string): Promise<'done' | 'next'> => {
    last = await resQuery(proc, conf, candidate, type);
    if (last.ok) return 'done';
    if (last.error === 'NODATA') gotNodata = true;
    else if (last.error === 'SERVFAIL') gotServfail = true;
    else if (last.error !== 'NXDOMAIN') return 'done';
    return 'next';
  };
  if (dots >= conf.ndots) {
    triedAsIs = true;
    if ((await step(name)) === 'done') return last;
  }
  for (const domain of conf.search) {
    if ((await step(`${name}.${domain}`)) === 'done') return last;
  }
  if (!triedAsIs && (dots > 0 || !conf.noTldQuery)) {
    if ((await step(name)) === 'done') return last;
  }
  if (gotNodata) return { ok: false, error: 'NODATA' };
  if (gotServfail) return { ok: false, error: 'SERVFAIL' };
  return last;
}
