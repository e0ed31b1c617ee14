// dig +trace (bin/dig/dighost.c trace_root / followup_lookup): ". NS" to the local server, then
// the name without recursion to one name server of each delegation, from the root down, each
// reply printed as its answer and authority records plus ";; Received N bytes from ...". Name
// server addresses come from the glue of the referral, else from getaddrinfo. A server that
// cannot be reached is reported and the next one of the set is tried.
import { formatIpv4, type Ipv4 } from '../../wire/addr.ts';
import { DNS_CLASS_IN, DNS_RCODE_NOERROR, DNS_TYPE_A, DNS_TYPE_NS, type DnsMessage, type DnsRecord } from '../../wire/dns.ts';
import type { Process } from '../../os/program.ts';
import { lookupHost } from '../../os/resolver/index.ts';
import { DIG_EXIT_NO_REPLY, DIG_EXIT_OK, digBanner, formatDigNoServers, type DigCommand } from './dig-format.ts';
import { digExchange, digSpec, type DigAnswer, type DigEvent } from './dighost.ts';
import { recordLine } from './dns-text.ts';

const MAX_HOPS = 16;

interface NameServer {
  name: string;
  address: Ipv4;
}

function printed(cmd: DigCommand, answer: DigAnswer, from: string, label: string): string {
  const o = cmd.options;
  const m = answer.response;
  let s = '';
  if (o.answer) for (const rr of m.answers) s += recordLine(rr) + '\n';
  if (o.authority) for (const rr of m.authority) s += recordLine(rr) + '\n';
  if (o.additional) for (const rr of m.additional) s += recordLine(rr) + '\n';
  return s + `;; Received ${answer.size} bytes from ${from}#${o.port}(${label}) in ${answer.timeMs} ms\n\n`;
}

/** The name servers of a referral (or of the root NS answer) with an address each. */
async function nameServers(proc: Process, m: DnsMessage, section: DnsRecord[]): Promise<NameServer[]> {
  const out: NameServer[] = [];
  for (const rr of section) {
    if (rr.type !== DNS_TYPE_NS || rr.data.kind !== 'NS') continue;
    const target = rr.data.target;
    const glue = m.additional.find((g) => g.type === DNS_TYPE_A && g.data.kind === 'A' && g.name.toLowerCase() === target.toLowerCase());
    if (glue !== undefined && glue.data.kind === 'A') {
      out.push({ name: target.replace(/\.$/, ''), address: glue.data.address });
      continue;
    }
    const r = await lookupHost(proc, target);
    if (r.ok) out.push({ name: target.replace(/\.$/, ''), address: r.address });
  }
  return out;
}

function zoneDepth(m: DnsMessage): number {
  const ns = m.authority.find((rr) => rr.type === DNS_TYPE_NS);
  return ns === undefined ? -1 : ns.name === '.' ? 0 : ns.name.split('.').length - 1;
}

export async function digTrace(proc: Process, cmd: DigCommand, local: Ipv4[], report: (address: Ipv4, name?: string) => (e: DigEvent) => void): Promise<number> {
  const o = cmd.options;
  let out = '';
  const flush = (): void => {
    proc.stdout.write(out);
    out = '';
  };
  // The root's name servers, asked of the local server with recursion.
  let rootAnswer: { answer: DigAnswer; server: Ipv4 } | null = null;
  for (const server of local) {
    const answer = await digExchange(proc, server, o.port, { ...digSpec(o), name: '.', type: DNS_TYPE_NS, class: DNS_CLASS_IN, recurse: true }, report(server, '.'));
    if (answer !== null) {
      rootAnswer = { answer, server };
      break;
    }
  }
  if (rootAnswer === null) {
    const fail = formatDigNoServers(cmd);
    proc.stdout.write(fail.stdout);
    proc.stderr.write(fail.stderr);
    return DIG_EXIT_NO_REPLY;
  }
  out += digBanner(cmd);
  const first = rootAnswer.answer;
  out += printed(cmd, first, formatIpv4(rootAnswer.server), formatIpv4(rootAnswer.server));
  flush();
  let servers = await nameServers(proc, first.response, first.response.answers);
  let depth = -1;
  for (let hop = 0; hop < MAX_HOPS && servers.length > 0; hop++) {
    let got: { answer: DigAnswer; ns: NameServer } | null = null;
    for (const ns of servers) {
      const answer = await digExchange(proc, ns.address, o.port, { ...digSpec(o), recurse: false }, report(ns.address));
      if (answer !== null) {
        got = { answer, ns };
        break;
      }
    }
    if (got === null) {
      proc.stderr.write(';; no servers could be reached\n');
      return DIG_EXIT_NO_REPLY;
    }
    const m = got.answer.response;
    out += printed(cmd, got.answer, formatIpv4(got.ns.address), got.ns.name);
    flush();
    // Done at an answer, an error, or a referral that does not get closer to the name.
    if (m.rcode !== DNS_RCODE_NOERROR || m.answers.length > 0 || m.aa) break;
    const d = zoneDepth(m);
    if (d <= depth) break;
    depth = d;
    servers = await nameServers(proc, m, m.authority);
  }
  return DIG_EXIT_OK;
}
