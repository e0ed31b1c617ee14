// nslookup(1) of BIND 9.18 (bind9-dnsutils, bin/dig/nslookup.c): `nslookup [-opt] name [server]`
// or, without a name, the interactive mode ("> " prompt; `server X`, `set type=mx`, a name,
// `exit`). A and AAAA for a name, PTR for an address; the answer as nslookup words it
// ("Name:/Address:", "mail exchanger =", "canonical name =", the SOA block), errors as
// "** server can't find NAME: NXDOMAIN". nslookup ends with an empty line.
import { formatIpv4, type Ipv4 } from '../../wire/addr.ts';
import {
  DNS_CLASS_IN,
  DNS_RCODE_NOERROR,
  DNS_RCODE_SERVFAIL,
  DNS_TYPE_A,
  DNS_TYPE_AAAA,
  DNS_TYPE_PTR,
  type DnsRecord,
} from '../../wire/dns.ts';
import type { Process, Program } from '../../os/program.ts';
import { inetAton, lookupHost, resolverConfig } from '../../os/resolver/index.ts';
import { LineInput } from '../lib/line-input.ts';
import { formatDigCommError, formatDigSetupError, rcodeText } from '../dig/dig-format.ts';
import { reverseName } from '../dig/dig-options.ts';
import { digExchange, illegalNameReason, type DigQuerySpec } from '../dig/dighost.ts';
import { formatIpv6, parseDnsType, rdataText } from '../dig/dns-text.ts';

const bare = (name: string): string => (name.length > 1 ? name.replace(/\.$/, '') : name);

interface Settings {
  /** null = A then AAAA (nslookup's default). */
  type: number | null;
  class: number;
  port: number;
  timeoutSeconds: number;
  tries: number;
  recurse: boolean;
  tcp: boolean;
  /** The server: its address and how it was named. */
  server: { address: Ipv4; text: string }[];
}

/** One answer record as nslookup prints it (printrdata/printsoa). */
function recordText(rr: DnsRecord): string {
  const owner = bare(rr.name);
  const d = rr.data;
  switch (d.kind) {
    case 'A':
      return `Name:\t${owner}\nAddress: ${formatIpv4(d.address)}\n`;
    case 'AAAA':
      return `Name:\t${owner}\nAddress: ${formatIpv6(d.address)}\n`;
    case 'CNAME':
      return `${owner}\tcanonical name = ${d.target}\n`;
    case 'PTR':
      return `${owner}\tname = ${d.target}\n`;
    case 'NS':
      return `${owner}\tnameserver = ${d.target}\n`;
    case 'MX':
      return `${owner}\tmail exchanger = ${d.preference} ${d.exchange}\n`;
    case 'SOA':
      return (
        `${owner}\n\torigin = ${bare(d.mname)}\n\tmail addr = ${bare(d.rname)}\n\tserial = ${d.serial}\n` +
        `\trefresh = ${d.refresh}\n\tretry = ${d.retry}\n\texpire = ${d.expire}\n\tminimum = ${d.minimum}\n`
      );
    case 'TXT':
      return `${owner}\ttext = ${rdataText(d)}\n`;
    default:
      return `${owner}\trdata_${rr.type} = ${rdataText(d)}\n`;
  }
}

/** Sets one `set`/`-` option; false for one nslookup does not know. */
function applySetting(s: Settings, text: string): boolean {
  const eq = text.indexOf('=');
  const key = (eq < 0 ? text : text.slice(0, eq)).toLowerCase();
  const value = eq < 0 ? '' : text.slice(eq + 1);
  if (['type', 'ty', 'querytype', 'query', 'q'].includes(key) && value !== '') {
    const t = parseDnsType(value);
    if (t === null) return false;
    s.type = t === DNS_TYPE_A ? null : t;
    return true;
  }
  if ((key === 'port' || key === 'po') && /^\d+$/.test(value)) s.port = Number(value);
  else if ((key === 'timeout' || key === 'ti') && /^\d+$/.test(value)) s.timeoutSeconds = Math.max(1, Number(value));
  else if ((key === 'retry' || key === 'ret') && /^\d+$/.test(value)) s.tries = Math.max(1, Number(value));
  else if (key === 'recurse' || key === 'rec') s.recurse = true;
  else if (key === 'norecurse' || key === 'norec') s.recurse = false;
  else if (key === 'vc') s.tcp = true;
  else if (key === 'novc') s.tcp = false;
  else if (['debug', 'nodebug', 'd2', 'nod2', 'search', 'nosearch', 'defname', 'nodefname', 'fail', 'nofail', 'all'].includes(key)) return true;
  else if (key === 'class' || key === 'cl') return true;
  else return false;
  return true;
}

/** One lookup; returns false when it failed (nslookup then exits 1). */
async function lookup(proc: Process, s: Settings, target: string): Promise<boolean> {
  const rev = inetAton(target) !== null ? reverseName(formatIpv4(inetAton(target) ?? 0)) : null;
  const name = rev ?? (target.endsWith('.') ? target : target + '.');
  const why = illegalNameReason(name);
  if (why !== null) {
    proc.stdout.write(`nslookup: '${target}' is not a legal name (${why})\n`);
    return false;
  }
  const types = rev !== null ? [DNS_TYPE_PTR] : s.type === null ? [DNS_TYPE_A, DNS_TYPE_AAAA] : [s.type];
  let header = false;
  for (let i = 0; i < types.length; i++) {
    const spec: DigQuerySpec = {
      name,
      type: types[i],
      class: DNS_CLASS_IN,
      recurse: s.recurse,
      adflag: false,
      cdflag: false,
      edns: false,
      cookie: false,
      tcp: s.tcp,
      timeoutSeconds: s.timeoutSeconds,
      tries: s.tries,
    };
    let got = null;
    let server = s.server[0];
    for (const candidate of s.server) {
      server = candidate;
      got = await digExchange(proc, candidate.address, s.port, spec, (e) => {
        if (e.kind === 'error') proc.stderr.write(formatDigCommError(formatIpv4(candidate.address), s.port, e.error));
        else if (e.kind === 'setup') proc.stderr.write(formatDigSetupError(formatIpv4(candidate.address), s.port, name, e.error));
      });
      if (got !== null && got.response.rcode === DNS_RCODE_SERVFAIL) proc.stdout.write(`;; Got SERVFAIL reply from ${formatIpv4(candidate.address)}\n`);
      if (got !== null) break;
    }
    if (got === null) {
      proc.stderr.write(';; no servers could be reached\n');
      return false;
    }
    const m = got.response;
    // The reverse form prints no server block (as recorded for nslookup 10.254.54.1 127.0.0.1).
    if (!header && rev === null) {
      proc.stdout.write(`Server:\t\t${server.text}\nAddress:\t${formatIpv4(server.address)}#${s.port}\n\n`);
    }
    header = true;
    if (m.rcode !== DNS_RCODE_NOERROR) {
      proc.stdout.write(`** server can't find ${bare(name)}: ${rcodeText(m)}\n`);
      return false;
    }
    if (m.answers.length === 0) {
      // The AAAA half of the default lookup says nothing when there is none.
      if (i === 0) proc.stdout.write(`*** Can't find ${bare(name)}: No answer\n`);
      continue;
    }
    if (!m.aa && i === 0) proc.stdout.write('Non-authoritative answer:\n');
    // An alias already shown with the A answer is not repeated with the AAAA one.
    for (const rr of m.answers) if (!(i > 0 && rr.data.kind === 'CNAME')) proc.stdout.write(recordText(rr));
  }
  return true;
}

async function serverOf(proc: Process, text: string): Promise<{ address: Ipv4; text: string } | null> {
  const numeric = inetAton(text);
  if (numeric !== null) return { address: numeric, text };
  const r = await lookupHost(proc, text);
  return r.ok ? { address: r.address, text } : null;
}

async function interactive(proc: Process, s: Settings): Promise<number> {
  const input = new LineInput(proc.stdin);
  for (;;) {
    proc.stdout.write('> ');
    const line = await input.line();
    if (line === null) break;
    const words = line.trim().split(/\s+/).filter((w) => w !== '');
    if (words.length === 0) continue;
    const cmd = words[0];
    if (cmd === 'exit') break;
    if ((cmd === 'server' || cmd === 'lserver') && words.length > 1) {
      const srv = await serverOf(proc, words[1]);
      if (srv === null) {
        proc.stdout.write(`*** Can't find address for server ${words[1]}: NXDOMAIN\n`);
        continue;
      }
      s.server = [srv];
      proc.stdout.write(`Default server: ${srv.text}\nAddress: ${formatIpv4(srv.address)}#${s.port}\n`);
    } else if (cmd === 'set' && words.length > 1) {
      if (!applySetting(s, words[1])) proc.stdout.write(`*** Invalid option: ${words[1]}\n`);
    } else {
      await lookup(proc, s, words[0]);
    }
  }
  proc.stdout.write('\n');
  return 0;
}

export const nslookup: Program = async (proc: Process) => {
  const conf = resolverConfig(proc);
  const s: Settings = {
    type: null,
    class: DNS_CLASS_IN,
    port: 53,
    timeoutSeconds: 5,
    tries: 3,
    recurse: true,
    tcp: false,
    server: conf.nameservers.map((a) => ({ address: a, text: formatIpv4(a) })),
  };
  const operands: string[] = [];
  for (const arg of proc.argv.slice(1)) {
    if (arg.startsWith('-') && arg.length > 1) {
      if (!applySetting(s, arg.slice(1))) proc.stdout.write(`*** Invalid option: ${arg.slice(1)}\n`);
    } else operands.push(arg);
  }
  if (operands.length === 0 || operands[0] === '-') {
    if (operands[1] !== undefined) {
      const srv = await serverOf(proc, operands[1]);
      if (srv !== null) s.server = [srv];
    }
    return interactive(proc, s);
  }
  if (operands[1] !== undefined) {
    const srv = await serverOf(proc, operands[1]);
    if (srv === null) {
      proc.stderr.write(`nslookup: couldn't get address for '${operands[1]}': not found\n`);
      return 1;
    }
    s.server = [srv];
  }
  const ok = await lookup(proc, s, operands[0]);
  proc.stdout.write('\n');
  return ok ? 0 : 1;
};
