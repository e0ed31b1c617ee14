// The network half of dig, host and nslookup (BIND 9.18's bin/dig/dighost.c): one query to one
// server over UDP (a fresh socket each try, +time seconds each, +tries tries) or TCP, the
// failures reported as dig words them, a truncated UDP reply asked again over TCP.
import type { Ipv4 } from '../../wire/addr.ts';
import { DNS_MAX_LABEL_LENGTH, DNS_OPCODE_QUERY, EDNS_OPTION_COOKIE, dnsNameLabels, emitDns, parseDns, type DnsMessage } from '../../wire/dns.ts';
import type { Process } from '../../os/program.ts';
import { DnsUdpSocket, tcpExchange, type ExchangeResult } from '../../os/resolver/index.ts';
import type { DigCommError } from './dig-format.ts';
import { digUsesTcp, type DigOptions } from './dig-options.ts';

const SECOND_NS = 1_000_000_000;
const MS_NS = 1_000_000;

export interface DigQuerySpec {
  name: string;
  type: number;
  class: number;
  recurse: boolean;
  adflag: boolean;
  cdflag: boolean;
  /** EDNS0 OPT (udp 1232, version 0), with a client COOKIE when `cookie`. */
  edns: boolean;
  cookie: boolean;
  tcp: boolean;
  timeoutSeconds: number;
  tries: number;
}

export interface DigAnswer {
  query: DnsMessage;
  response: DnsMessage;
  size: number;
  timeMs: number;
  transport: 'UDP' | 'TCP';
}

/**
 * What dig says along the way: a failed try, the switch to TCP, or a socket that could not even
 * be set up (no route: dig says so once and does not retry that server).
 */
export type DigEvent =
  | { kind: 'error'; error: DigCommError }
  | { kind: 'truncated' }
  | { kind: 'setup'; error: DigCommError }
  /** A reply to another query: dig warns and keeps waiting. */
  | { kind: 'id-mismatch'; expected: number; got: number };

/**
 * Why a name cannot be queried, as dig/host/nslookup word it after "is not a legal name"
 * (isc_result_totext of dns_name_fromtext), or null when it is fine.
 */
export function illegalNameReason(name: string): string | null {
  if (dnsNameLabels(name).ok) return null;
  if (/(^|[^\\])\.\./.test(name) || name.startsWith('.')) return 'empty label';
  if (name.split('.').some((l) => l.length > DNS_MAX_LABEL_LENGTH)) return 'label too long';
  if (/[^\x00-\xff]/.test(name)) return 'bad label type';
  return 'ran out of space';
}

export function digQueryMessage(proc: Process, spec: DigQuerySpec): DnsMessage {
  const rng = proc.host.rng;
  const query: DnsMessage = {
    id: rng.int(0, 0xffff),
    qr: false,
    opcode: DNS_OPCODE_QUERY,
    aa: false,
    tc: false,
    rd: spec.recurse,
    ra: false,
    z: false,
    ad: spec.adflag,
    cd: spec.cdflag,
    rcode: 0,
    questions: [{ name: spec.name, type: spec.type, class: spec.class }],
    answers: [],
    authority: [],
    additional: [],
  };
  if (spec.edns) {
    const options = [];
    if (spec.cookie) options.push({ code: EDNS_OPTION_COOKIE, data: Uint8Array.from({ length: 8 }, () => rng.int(0, 255)) });
    query.edns = { udpPayloadSize: 1232, extendedRcode: 0, version: 0, dnssecOk: false, z: 0, options };
  }
  return query;
}

function commError(r: Extract<ExchangeResult, { ok: false }>): DigCommError {
  switch (r.error) {
    case 'TIMEOUT':
      return 'timed out';
    case 'ECONNREFUSED':
    case 'ECONNRESET':
      return 'connection refused';
    case 'ENETUNREACH':
      return 'network unreachable';
    default:
      return 'host unreachable';
  }
}

/** dig's check of a reply: the ID and the question it asked. */
function isReplyTo(query: DnsMessage, data: Uint8Array): boolean {
  const m = parseDns(data);
  if (!m.ok || !m.value.qr || m.value.id !== query.id) return false;
  const q = query.questions[0];
  const r = m.value.questions[0];
  return r === undefined || (r.type === q.type && r.name.toLowerCase() === q.name.toLowerCase());
}

/** One lookup against one server: the answer, or null after every try failed (each reported). */
export async function digExchange(proc: Process, server: Ipv4, port: number, spec: DigQuerySpec, report: (e: DigEvent) => void): Promise<DigAnswer | null> {
  const query = digQueryMessage(proc, spec);
  const bytes = emitDns(query);
  const timeoutNs = spec.timeoutSeconds * SECOND_NS;
  const viaTcp = async (): Promise<DigAnswer | null> => {
    for (let t = 0; t < spec.tries; t++) {
      const start = proc.host.scheduler.now;
      const r = await tcpExchange(proc, server, port, bytes, timeoutNs);
      if (r.ok) {
        const m = parseDns(r.reply);
        if (m.ok && isReplyTo(query, r.reply)) return answer(m.value, r.reply.length, start, 'TCP');
        continue;
      }
      report({ kind: 'error', error: commError(r) });
    }
    return null;
  };
  const answer = (response: DnsMessage, size: number, start: number, transport: 'UDP' | 'TCP'): DigAnswer => ({
    query,
    response,
    size,
    timeMs: Math.floor((proc.host.scheduler.now - start) / MS_NS),
    transport,
  });
  if (spec.tcp) return viaTcp();
  for (let t = 0; t < spec.tries; t++) {
    const sock = new DnsUdpSocket(proc, server, port);
    if (sock.openError === 'ENETUNREACH') {
      sock.close();
      report({ kind: 'setup', error: 'network unreachable' });
      return null;
    }
    const start = proc.host.scheduler.now;
    const r = await sock.exchange(bytes, timeoutNs, (data) => {
      if (data.length >= 12 && (data[2] & 0x80) !== 0) {
        const id = (data[0] << 8) | data[1];
        if (id !== query.id) report({ kind: 'id-mismatch', expected: query.id, got: id });
      }
      return isReplyTo(query, data);
    });
    sock.close();
    if (r.ok) {
      const m = parseDns(r.reply);
      if (!m.ok) continue;
      if (m.value.tc) {
        report({ kind: 'truncated' });
        return viaTcp();
      }
      return answer(m.value, r.reply.length, start, 'UDP');
    }
    report({ kind: 'error', error: commError(r) });
  }
  return null;
}

/** The query dig's options describe (TCP tries once). */
export function digSpec(o: DigOptions): DigQuerySpec {
  return {
    name: o.name,
    type: o.type,
    class: o.class,
    recurse: o.recurse,
    adflag: o.adflag,
    cdflag: o.cdflag,
    edns: o.edns,
    cookie: o.cookie,
    tcp: digUsesTcp(o),
    timeoutSeconds: o.timeSeconds,
    tries: digUsesTcp(o) ? 1 : o.tries,
  };
}
