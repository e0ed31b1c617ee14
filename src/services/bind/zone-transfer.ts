// Zone transfers (RFC 5936) without sockets: DNS over TCP framing (RFC 1035 §4.2.2, a 2-byte
// length before each message), the primary's side packing SOA ... SOA into messages, and the
// secondary's side collecting records until the closing SOA.
import {
  DNS_RCODE_NOERROR, DNS_TYPE_SOA, emitDns, parseDns, type DnsMessage, type DnsRecord,
} from '../../wire/dns.ts';

/** Reassembles length-prefixed DNS messages from a TCP byte stream. */
export class TcpDnsFramer {
  private buf = new Uint8Array(0);

  /** Appends bytes; returns the complete messages now available. */
  push(data: Uint8Array): Uint8Array[] {
    const joined = new Uint8Array(this.buf.length + data.length);
    joined.set(this.buf, 0);
    joined.set(data, this.buf.length);
    const out: Uint8Array[] = [];
    let p = 0;
    while (joined.length - p >= 2) {
      const len = (joined[p] << 8) | joined[p + 1];
      if (joined.length - p - 2 < len) break;
      out.push(joined.slice(p + 2, p + 2 + len));
      p += 2 + len;
    }
    this.buf = joined.slice(p);
    return out;
  }

  get pending(): number {
    return this.buf.length;
  }
}

/** A message with its 2-byte TCP length prefix. */
export function frameTcp(msg: Uint8Array): Uint8Array {
  const out = new Uint8Array(msg.length + 2);
  out[0] = msg.length >>> 8;
  out[1] = msg.length & 0xff;
  out.set(msg, 2);
  return out;
}

export interface AxfrOutput {
  /** Each message's bytes, without TCP framing. */
  readonly messages: Uint8Array[];
  readonly records: number;
  readonly bytes: number;
}

/** BIND packs a transfer into messages of up to ~16 KB (xfrout's buffer). */
const AXFR_MESSAGE_BUDGET = 16384;

/**
 * The transfer messages answering `response` (a reply skeleton with the question and AA): the
 * first carries the question (RFC 5936 §2.2.1), every one repeats the OPT the request earned.
 */
export function buildAxfr(response: DnsMessage, records: readonly DnsRecord[]): AxfrOutput {
  const messages: Uint8Array[] = [];
  let batch: DnsRecord[] = [];
  let total = 0;
  const flush = () => {
    const m: DnsMessage = { ...response, questions: messages.length === 0 ? response.questions : [], answers: batch, authority: [], additional: [] };
    const bytes = emitDns(m);
    messages.push(bytes);
    total += bytes.length;
    batch = [];
  };
  let estimate = 0;
  for (const r of records) {
    const size = r.name.length + 12 + 64;
    if (batch.length > 0 && estimate + size > AXFR_MESSAGE_BUDGET) {
      flush();
      estimate = 0;
    }
    batch.push(r);
    estimate += size;
  }
  if (batch.length > 0 || messages.length === 0) flush();
  return { messages, records: records.length, bytes: total };
}

export type AxfrProgress =
  | { kind: 'more' }
  | { kind: 'done'; records: DnsRecord[]; messages: number; bytes: number; serial: number }
  | { kind: 'error'; reason: string };

/** The secondary's side: feed each response message of the transfer. */
export class AxfrCollector {
  private readonly records: DnsRecord[] = [];
  private messages = 0;
  private bytes = 0;
  private soaSeen = 0;

  constructor(private readonly id: number) {}

  feed(bytes: Uint8Array): AxfrProgress {
    this.messages++;
    this.bytes += bytes.length;
    const p = parseDns(bytes);
    if (!p.ok) return { kind: 'error', reason: 'FORMERR' };
    const m = p.value;
    if (m.id !== this.id) return { kind: 'error', reason: 'unexpected message id' };
    if (m.rcode !== DNS_RCODE_NOERROR) return { kind: 'error', reason: RCODE_TEXT[m.rcode] ?? `RCODE${m.rcode}` };
    for (const r of m.answers) {
      if (r.type === DNS_TYPE_SOA) {
        this.soaSeen++;
        if (this.soaSeen === 2) {
          const first = this.records[0];
          const serial = first !== undefined && first.data.kind === 'SOA' ? first.data.serial : 0;
          // The closing SOA counts as a record in BIND's "N records" figure.
          return { kind: 'done', records: this.records.slice(), messages: this.messages, bytes: this.bytes, serial };
        }
      } else if (this.soaSeen === 0) {
        return { kind: 'error', reason: 'missing SOA' };
      }
      this.records.push(r);
    }
    return { kind: 'more' };
  }
}

export const RCODE_TEXT: Record<number, string> = {
  0: 'NOERROR', 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED', 9: 'NOTAUTH',
};
