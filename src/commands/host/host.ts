// host(1) of BIND 9.18 (bind9-host, bin/dig/host.c): A, then AAAA, then MX for a name ("has
// address", "has IPv6 address", "mail is handled by"), PTR for an address, -t TYPE, -a/-v (the
// whole messages), -l (a zone transfer over TCP), the resolv.conf search list, no EDNS.
import { formatIpv4, type Ipv4 } from '../../wire/addr.ts';
import {
  DNS_CLASS_IN,
  DNS_RCODE_NOERROR,
  DNS_RCODE_NXDOMAIN,
  DNS_TYPE_A,
  DNS_TYPE_AAAA,
  DNS_TYPE_ANY,
  DNS_TYPE_AXFR,
  DNS_TYPE_CNAME,
  DNS_TYPE_MX,
  DNS_TYPE_NS,
  DNS_TYPE_PTR,
  type DnsMessage,
  type DnsRecord,
} from '../../wire/dns.ts';
import type { Process, Program } from '../../os/program.ts';
import { inetAton, lookupHost, resolverConfig } from '../../os/resolver/index.ts';
import { getopt } from '../lib/getopt.ts';
import { localeOf } from '../lib/locale.ts';
import { DIG_VERSION, formatDigCommError, formatDigSetupError, messageHeaderLines, rcodeText } from '../dig/dig-format.ts';
import { reverseName } from '../dig/dig-options.ts';
import { digExchange, illegalNameReason, type DigAnswer, type DigQuerySpec } from '../dig/dighost.ts';
import { dnsTypeText, parseDnsClass, parseDnsType, questionLine, rdataText, recordLine } from '../dig/dns-text.ts';

const USAGE = `Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]
            [-R number] [-m flag] [-p port] hostname [server]
       -a is equivalent to -v -t ANY
       -A is like -a but omits RRSIG, NSEC, NSEC3
       -c specifies query class for non-IN data
       -C compares SOA records on authoritative nameservers
       -d is equivalent to -v
       -l lists all hosts in a domain, using AXFR
       -m set memory debugging flag (trace|record|usage)
       -N changes the number of dots allowed before root lookup is done
       -p specifies the port on the server to query
       -r disables recursive processing
       -R specifies number of retries for UDP packets
       -s a SERVFAIL response should stop query
       -t specifies the query type
       -T enables TCP/IP mode
       -U enables UDP mode
       -v enables verbose output
       -V print version number and exit
       -w specifies to wait forever for a reply
       -W specifies how long to wait for a reply
       -4 use IPv4 query transport only
       -6 use IPv6 query transport only
`;

/** host.c's rrtype_to_text: what the short form says between the owner and the rdata. */
function typeWords(type: number): string {
  switch (type) {
    case DNS_TYPE_A:
      return 'has address';
    case DNS_TYPE_AAAA:
      return 'has IPv6 address';
    case DNS_TYPE_MX:
      return 'mail is handled by';
    case DNS_TYPE_NS:
      return 'name server';
    case DNS_TYPE_CNAME:
      return 'is an alias for';
    case DNS_TYPE_PTR:
      return 'domain name pointer';
    case 16:
      return 'descriptive text';
    default:
      return `has ${dnsTypeText(type)} record`;
  }
}

const bare = (name: string): string => (name.length > 1 ? name.replace(/\.$/, '') : name);

function shortLine(rr: DnsRecord): string {
  return `${bare(rr.name)} ${typeWords(rr.type)} ${rdataText(rr.data)}\n`;
}

/** The verbose form: dig's header and sections with their titles, no OPT, then "Received". */
function verboseText(a: DigAnswer, server: string, port: number): string {
  const m = a.response;
  let s = messageHeaderLines(m) + '\n';
  s += ';; QUESTION SECTION:\n' + m.questions.map((q) => questionLine(q.name, q.type, q.class) + '\n').join('') + '\n';
  const section = (title: string, rrs: DnsRecord[]): void => {
    if (rrs.length > 0) s += `;; ${title} SECTION:\n` + rrs.map((rr) => recordLine(rr) + '\n').join('') + '\n';
  };
  section('ANSWER', m.answers);
  section('AUTHORITY', m.authority);
  section('ADDITIONAL', m.additional);
  return s + `Received ${a.size} bytes from ${server}#${port} in ${a.timeMs} ms\n`;
}

interface HostOptions {
  type: number | null;
  class: number;
  verbose: boolean;
  list: boolean;
  recurse: boolean;
  tcp: boolean;
  tries: number;
  timeoutSeconds: number;
  ndots: number | null;
  port: number;
}

export const host: Program = async (proc: Process) => {
  const o: HostOptions = { type: null, class: DNS_CLASS_IN, verbose: false, list: false, recurse: true, tcp: false, tries: 2, timeoutSeconds: 5, ndots: null, port: 53 };
  const g = getopt(proc.argv.slice(1), { short: '46aAc:CdilmN:p:rR:st:TUvVwW:' }, 'host', localeOf(proc.env), proc.env);
  if (!g.ok) {
    proc.stderr.write(USAGE);
    return 1;
  }
  for (const { key, arg } of g.options) {
    switch (key) {
      case 'a':
      case 'A':
        o.verbose = true;
        o.type = DNS_TYPE_ANY;
        break;
      case 'c': {
        const c = parseDnsClass(arg ?? '');
        if (c === null) {
          proc.stderr.write(`host: invalid class: ${arg ?? ''}\n`);
          return 1;
        }
        o.class = c;
        break;
      }
      case 'd':
      case 'v':
        o.verbose = true;
        break;
      case 'l':
        o.list = true;
        o.tcp = true;
        break;
      case 'N':
        o.ndots = Number(arg);
        break;
      case 'p':
        o.port = Number(arg);
        break;
      case 'r':
        o.recurse = false;
        break;
      case 'R':
        o.tries = Math.max(1, Number(arg) + 1);
        break;
      case 't': {
        const t = parseDnsType(arg ?? '');
        if (t === null) {
          proc.stderr.write(`host: invalid type: ${arg ?? ''}\n`);
          return 1;
        }
        o.type = t;
        break;
      }
      case 'T':
        o.tcp = true;
        break;
      case 'V':
        proc.stdout.write(`host ${DIG_VERSION}\n`);
        return 0;
      case 'w':
        o.timeoutSeconds = 86400 * 365;
        break;
      case 'W':
        o.timeoutSeconds = Math.max(1, Number(arg));
        break;
      default:
        break;
    }
  }
  const operands = g.operands;
  if (operands.length === 0) {
    proc.stderr.write(USAGE);
    return 1;
  }
  return runHost(proc, o, operands[0], operands[1]);
};

async function runHost(proc: Process, o: HostOptions, target: string, serverArg: string | undefined): Promise<number> {
  let server: Ipv4[];
  let serverBlock = '';
  if (serverArg !== undefined) {
    const numeric = inetAton(serverArg);
    let address = numeric;
    if (address === null) {
      const r = await lookupHost(proc, serverArg);
      if (!r.ok) {
        proc.stderr.write(`host: couldn't get address for '${serverArg}': not found\n`);
        return 1;
      }
      address = r.address;
    }
    server = [address];
    serverBlock = `Using domain server:\nName: ${serverArg}\nAddress: ${formatIpv4(address)}#${o.port}\nAliases: \n\n`;
  } else {
    server = resolverConfig(proc).nameservers;
  }
  const conf = resolverConfig(proc);
  const reverse = reverseName(target);
  const isAddress = reverse !== null && (inetAton(target) !== null || target.includes(':'));
  let names: string[];
  if (isAddress) names = [reverse];
  else if (target.endsWith('.')) names = [target];
  else {
    // The search list as host.c walks it: as is first with enough dots, else after the domains.
    const ndots = o.ndots ?? conf.ndots;
    const dots = target.split('.').length - 1;
    const searched = conf.search.map((d) => `${target}.${d}.`);
    names = dots >= ndots ? [target + '.', ...searched] : [...searched, target + '.'];
  }
  const why = illegalNameReason(names[0]);
  if (why !== null) {
    proc.stderr.write(`host: '${target}' is not a legal name (${why})\n`);
    return 1;
  }
  const types = o.list ? [DNS_TYPE_AXFR] : o.type !== null ? [o.type] : isAddress ? [DNS_TYPE_PTR] : [DNS_TYPE_A, DNS_TYPE_AAAA, DNS_TYPE_MX];
  const defaultSet = o.type === null && !isAddress && !o.list;
  let printedServer = false;
  const ask = async (name: string, type: number): Promise<{ answer: DigAnswer; server: Ipv4 } | null> => {
    const spec: DigQuerySpec = {
      name,
      type,
      class: o.class,
      recurse: o.recurse,
      adflag: false,
      cdflag: false,
      edns: false,
      cookie: false,
      tcp: o.tcp || type === DNS_TYPE_AXFR,
      timeoutSeconds: o.timeoutSeconds,
      tries: o.tcp ? 1 : o.tries,
    };
    for (const s of server) {
      if (o.verbose) proc.stdout.write(`Trying "${bare(name)}"\n`);
      const answer = await digExchange(proc, s, o.port, spec, (e) => {
        if (e.kind === 'error') proc.stderr.write(formatDigCommError(formatIpv4(s), o.port, e.error));
        else if (e.kind === 'setup') proc.stderr.write(formatDigSetupError(formatIpv4(s), o.port, name, e.error));
      });
      if (answer !== null) {
        if (!printedServer) proc.stdout.write(serverBlock);
        printedServer = true;
        return { answer, server: s };
      }
    }
    return null;
  };
  for (let n = 0; n < names.length; n++) {
    const name = names[n];
    let nxdomain = false;
    for (let t = 0; t < types.length; t++) {
      const type = types[t];
      const got = await ask(name, type);
      if (got === null) {
        proc.stderr.write(';; no servers could be reached\n');
        return 1;
      }
      const m: DnsMessage = got.answer.response;
      if (m.rcode !== DNS_RCODE_NOERROR) {
        // NXDOMAIN goes on down the search list; the last name's failure is reported.
        if (m.rcode === DNS_RCODE_NXDOMAIN && n < names.length - 1) {
          nxdomain = true;
          break;
        }
        if (o.verbose) proc.stdout.write(verboseText(got.answer, formatIpv4(got.server), o.port));
        const shown = isAddress ? name : bare(name);
        proc.stdout.write(`Host ${shown} not found: ${m.rcode}(${rcodeText(m)})\n`);
        return 1;
      }
      if (o.verbose) {
        proc.stdout.write(verboseText(got.answer, formatIpv4(got.server), o.port));
        continue;
      }
      let out = '';
      for (const rr of m.answers) {
        if (o.list && ![DNS_TYPE_A, DNS_TYPE_AAAA, DNS_TYPE_NS, DNS_TYPE_PTR].includes(rr.type)) continue;
        // The default set prints an alias once, with the A answer.
        if (defaultSet && t > 0 && rr.type === DNS_TYPE_CNAME) continue;
        out += shortLine(rr);
      }
      if (!defaultSet && !o.list && m.answers.filter((rr) => rr.type === type || type === DNS_TYPE_ANY).length === 0) {
        out += `${bare(name)} has no ${dnsTypeText(type)} record\n`;
      }
      proc.stdout.write(out);
    }
    if (!nxdomain) break;
  }
  return 0;
}
