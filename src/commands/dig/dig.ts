// dig(1) of BIND 9.18 (bind9-dnsutils): one lookup to the @server or to the servers of
// /etc/resolv.conf, printed by dig-format.ts; +trace walks the delegations from the root.
import { formatIpv4, type Ipv4 } from '../../wire/addr.ts';
import type { Process, Program } from '../../os/program.ts';
import { inetAton, lookupHost, resolverConfig } from '../../os/resolver/index.ts';
import { C_LOCALE } from '../lib/locale.ts';
import { strftime } from '../lib/strftime.ts';
import { DIG_EXIT_NO_REPLY, DIG_EXIT_OK, DIG_EXIT_USAGE, DIG_VERSION_LINE, formatDigCommError, formatDigNoServers, formatDigReply, formatDigSetupError } from './dig-format.ts';
import { parseDigOptions, type DigOptions } from './dig-options.ts';
import { digTrace } from './dig-trace.ts';
import { digExchange, digSpec, illegalNameReason, type DigEvent } from './dighost.ts';

const DIG_USAGE =
  'Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n' +
  '            {global-d-opt} host [@local-server] {local-d-opt}\n' +
  '            [ host [@local-server] {local-d-opt} [...]]\n' +
  '\nUse "dig -h" (or "dig -h | more") for complete list of options\n';
/** dig exits 10 on a fatal error (bin/dig/dighost.c fatal()). */
const DIG_EXIT_FATAL = 10;

/** The WHEN line's date: strftime "%a %b %d %H:%M:%S %Z %Y" (the lab's hosts run in UTC). */
export function digWhen(proc: Process): string {
  return strftime('%a %b %d %H:%M:%S %Z %Y', proc.host.wallTimeMs(), C_LOCALE);
}

/** The servers dig asks: @server (an address, or a name getaddrinfo resolves), else resolv.conf's. */
async function servers(proc: Process, o: DigOptions): Promise<Ipv4[] | string> {
  if (o.server === undefined) return resolverConfig(proc).nameservers;
  const numeric = inetAton(o.server);
  if (numeric !== null) return [numeric];
  const r = await lookupHost(proc, o.server);
  if (!r.ok) return `couldn't get address for '${o.server}': not found`;
  return [r.address];
}

export const dig: Program = async (proc: Process) => {
  const args = proc.argv.slice(1);
  const parsed = parseDigOptions(args);
  if (!parsed.ok) {
    if (parsed.error.startsWith('Invalid option')) {
      proc.stderr.write(`${parsed.error}\n${DIG_USAGE}`);
      return DIG_EXIT_USAGE;
    }
    proc.stderr.write(`dig: ${parsed.error}\n`);
    return DIG_EXIT_FATAL;
  }
  const o = parsed.options;
  if (o.version) {
    proc.stderr.write(DIG_VERSION_LINE);
    return DIG_EXIT_OK;
  }
  if (o.help) {
    proc.stdout.write(DIG_USAGE);
    return DIG_EXIT_OK;
  }
  for (const name of [o.name, ...o.extraNames]) {
    const why = illegalNameReason(name);
    if (why !== null) {
      proc.stderr.write(`dig: '${name.replace(/\.$/, '')}' is not a legal name (${why})\n`);
      return DIG_EXIT_FATAL;
    }
  }
  const list = await servers(proc, o);
  if (typeof list === 'string') {
    proc.stderr.write(`dig: ${list}\n`);
    return DIG_EXIT_FATAL;
  }
  const report =
    (address: Ipv4, name = o.name) =>
    (e: DigEvent): void => {
      if (e.kind === 'truncated') proc.stdout.write(';; Truncated, retrying in TCP mode.\n');
      else if (e.kind === 'id-mismatch') proc.stderr.write(`;; Warning: ID mismatch: expected ID ${e.expected}, got ${e.got}\n`);
      else if (e.kind === 'setup') proc.stderr.write(formatDigSetupError(formatIpv4(address), o.port, name, e.error));
      else proc.stderr.write(formatDigCommError(formatIpv4(address), o.port, e.error));
    };
  if (o.trace) return digTrace(proc, { args, options: o }, list, report);
  // Each further name is one more lookup with the same options, without the banner (dig prints
  // the command line once).
  let status = DIG_EXIT_OK;
  const names = [o.name, ...o.extraNames];
  for (let i = 0; i < names.length; i++) {
    const lookup: DigOptions = i === 0 ? o : { ...o, name: names[i], cmd: false };
    status = await oneLookup(proc, lookup, args, list, report);
  }
  return status;
};

async function oneLookup(proc: Process, o: DigOptions, args: readonly string[], list: Ipv4[], report: (address: Ipv4) => (e: DigEvent) => void): Promise<number> {
  for (const server of list) {
    const answer = await digExchange(proc, server, o.port, digSpec(o), report(server));
    if (answer === null) continue;
    proc.stdout.write(
      formatDigReply({
        options: o,
        args,
        serversFound: 1,
        query: answer.query,
        response: answer.response,
        serverAddress: formatIpv4(server),
        serverPort: o.port,
        transport: answer.transport,
        queryTimeMs: answer.timeMs,
        messageSize: answer.size,
        when: digWhen(proc),
      }),
    );
    return DIG_EXIT_OK;
  }
  const fail = formatDigNoServers({ options: o, args, serversFound: 1 });
  proc.stdout.write(fail.stdout);
  proc.stderr.write(fail.stderr);
  return DIG_EXIT_NO_REPLY;
}
