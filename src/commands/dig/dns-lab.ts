// Test harness for dig, host and nslookup: the fidelity lab (fidelity/README.md) with the
// server "vm" 192.168.0.1 running a DNS server (the fake one of src/os/resolver/testing, or
// another Program such as the real named) and the client 192.168.0.28; resolv.conf as recorded
// (server: nameserver 127.0.0.1, client: nameserver 192.168.0.1). Commands run as root with
// stdout and stderr interleaved as on the recording's terminal.
import type { Yield } from '../../engine/async-drain.ts';
import type { Program } from '../../os/program.ts';
import { fakeDnsServer, type FakeDnsOptions } from '../../os/resolver/testing/fake-dns-server.ts';
import { NetLab, type LabHost } from '../testing-net/net-lab.ts';
import { dig } from './dig.ts';
import { host } from '../host/host.ts';
import { nslookup } from '../nslookup/nslookup.ts';

const ROOT = { uid: 0, gid: 0, groups: [0] };

export const DNS_TOOLS: Record<string, Program> = { dig, host, nslookup };

/** The recorded dig runs of fidelity/dns/dig replayed against a server (dig -v is not one). */
export const DIG_RECORDINGS: readonly string[] = [
  'dig_ANY.txt',
  'dig_A_smtp128.txt',
  'dig_CNAME_www.txt',
  'dig_MX.txt',
  'dig_NODATA_AAAA.txt',
  'dig_NS.txt',
  'dig_NXDOMAIN.txt',
  'dig_SOA.txt',
  'dig_etudiant541.txt',
  'dig_from_client_192.168.0.28.txt',
  'dig_internet_name_no_internet_SERVFAIL.txt',
  'dig_no_server_arg_uses_resolv_conf.txt',
  'dig_noall_answer.txt',
  'dig_port_nothing_listening.txt',
  'dig_reverse_no_zone.txt',
  'dig_short.txt',
];

export interface DnsLab {
  lab: NetLab;
  server: LabHost;
  client: LabHost;
}

/** `yieldFn` lets pending promise chains run (tests pass a setImmediate-based one). */
export function dnsLab(yieldFn: Yield, opts: { fake?: FakeDnsOptions | null; named?: Program } = {}): DnsLab {
  const lab = new NetLab(yieldFn);
  const lan = lab.network('lan');
  const server = lab.host('vm', [{ net: lan, address: '192.168.0.1/24' }]);
  const client = lab.host('client', [{ net: lan, address: '192.168.0.28/24' }]);
  server.host.fs.writeFile('/etc/resolv.conf', 'nameserver 127.0.0.1\n', ROOT);
  client.host.fs.writeFile('/etc/resolv.conf', 'nameserver 192.168.0.1\n', ROOT);
  if (opts.named !== undefined) server.start(opts.named, ['named']);
  else if (opts.fake !== null) server.start(fakeDnsServer(opts.fake ?? {}), ['named']);
  return { lab, server, client };
}

/** Runs a command line (words split on spaces) of dig/host/nslookup: interleaved output and status. */
export async function runTool(where: LabHost, command: string, maxSeconds = 120): Promise<{ output: string; status: number; stdout: string; stderr: string }> {
  const argv = command.split(' ');
  const program = DNS_TOOLS[argv[0]];
  if (program === undefined) throw new Error(`no tool ${argv[0]}`);
  const p = await where.run(program, argv, { maxSeconds });
  return { output: p.output, status: p.code ?? -1, stdout: p.stdout, stderr: p.stderr };
}

/** Values that differ between two real runs: message IDs, cookies, dates, timings. */
export function normalizeDns(s: string): string {
  return s
    .replace(/id: \d+/g, 'id: ID')
    .replace(/COOKIE: [0-9a-f]+/g, 'COOKIE: C')
    .replace(/WHEN: .*/g, 'WHEN: W')
    .replace(/Query time: \d+ msec/g, 'Query time: T msec')
    .replace(/ in \d+ ms$/gm, ' in T ms');
}
