// ss of iproute2 6.1: TCP and UDP sockets from the stack (-t -u -l -a -n -p -4 -H -r), with
// ss's own state names and column layout (ss-render.ts), users:(("nc",pid=N,fd=F)) for -p (a
// normal user sees only their own processes), and the -s summary. UDP sockets are listed before
// TCP ones, as ss dumps them. No UNIX, raw or IPv6 sockets exist in the simulation.
import type { Process, Program } from '../../os/program.ts';
import type { TcpState } from '../../stack/tcp/tcp-module.ts';
import { formatIpv4, type Ipv4 } from '../../wire/addr.ts';
import { reverseLookup } from '../lib/resolve.ts';
import { Services } from '../lib/services.ts';
import { fdNumbers, listSockets, type SocketRow } from '../lib/socket-table.ts';
import { render, ssColumns } from './ss-render.ts';
import { SS_USAGE } from './ss-usage.ts';

const STATES: Record<TcpState | 'UNCONN', string> = {
  LISTEN: 'LISTEN',
  'SYN-SENT': 'SYN-SENT',
  'SYN-RECEIVED': 'SYN-RECV',
  ESTABLISHED: 'ESTAB',
  'FIN-WAIT-1': 'FIN-WAIT-1',
  'FIN-WAIT-2': 'FIN-WAIT-2',
  'CLOSE-WAIT': 'CLOSE-WAIT',
  CLOSING: 'CLOSING',
  'LAST-ACK': 'LAST-ACK',
  'TIME-WAIT': 'TIME-WAIT',
  CLOSED: 'UNCONN',
  UNCONN: 'UNCONN',
};

/** ip_local_port_range: ss prints these ports as numbers rather than look them up. */
const EPHEMERAL_MIN = 32768;
const EPHEMERAL_MAX = 60999;

interface Flags {
  tcp: boolean;
  udp: boolean;
  listening: boolean;
  all: boolean;
  numeric: boolean;
  resolve: boolean;
  processes: boolean;
  noHeader: boolean;
  summary: boolean;
  other: boolean; // -x, -w, -6...: families without sockets here
}

function parse(proc: Process): Flags | number {
  const f: Flags = { tcp: false, udp: false, listening: false, all: false, numeric: false, resolve: false, processes: false, noHeader: false, summary: false, other: false };
  const long: Record<string, keyof Flags> = { tcp: 'tcp', udp: 'udp', listening: 'listening', all: 'all', numeric: 'numeric', resolve: 'resolve', processes: 'processes', 'no-header': 'noHeader', summary: 'summary', unix: 'other', raw: 'other', ipv6: 'other' };
  for (const a of proc.argv.slice(1)) {
    if (a === '--help' || a === '-h') {
      proc.stdout.write(SS_USAGE);
      return 0;
    }
    if (a === '-V' || a === '--version') {
      proc.stdout.write('ss utility, iproute2-6.1.0, libbpf 1.1.2\n');
      return 0;
    }
    if (a.startsWith('--')) {
      const k = long[a.slice(2)];
      if (k === undefined && a !== '--ipv4' && a !== '--info' && a !== '--extended' && a !== '--options' && a !== '--memory') {
        proc.stderr.write(`ss: unrecognized option '${a}'\n${SS_USAGE}`);
        return 255;
      }
      if (k !== undefined) f[k] = true;
      continue;
    }
    if (!a.startsWith('-')) continue; // state filters and expressions: accepted, not applied
    for (const c of a.slice(1)) {
      if (c === 't') f.tcp = true;
      else if (c === 'u') f.udp = true;
      else if (c === 'l') f.listening = true;
      else if (c === 'a') f.all = true;
      else if (c === 'n') f.numeric = true;
      else if (c === 'r') f.resolve = true;
      else if (c === 'p') f.processes = true;
      else if (c === 'H') f.noHeader = true;
      else if (c === 's') f.summary = true;
      else if (c === 'x' || c === 'w' || c === '6' || c === '0' || c === 'S' || c === 'd') f.other = true;
      else if ('4eoimZzbEK'.includes(c)) continue;
      else {
        proc.stderr.write(`ss: invalid option -- '${c}'\n${SS_USAGE}`);
        return 255;
      }
    }
  }
  return f;
}

/** ss's default: connected sockets only (not LISTEN, UNCONN, TIME-WAIT, SYN-RECV). */
function stateWanted(r: SocketRow, f: Flags): boolean {
  if (f.all) return true;
  const listening = r.state === 'LISTEN' || r.state === 'UNCONN';
  if (f.listening) return listening;
  return !listening && r.state !== 'TIME-WAIT' && r.state !== 'SYN-RECEIVED';
}

function summary(proc: Process): string {
  const rows = listSockets(proc.host.net);
  const tcp = rows.filter((r) => r.proto === 'tcp');
  const estab = tcp.filter((r) => r.state === 'ESTABLISHED').length;
  const tw = tcp.filter((r) => r.state === 'TIME-WAIT').length;
  const udp = rows.filter((r) => r.proto === 'udp').length;
  const inet = tcp.length - tw + udp;
  const col = (v: number): string => String(v).padEnd(9);
  return (
    `Total: ${inet}\n` +
    `TCP:   ${tcp.length} (estab ${estab}, closed 0, orphaned 0, timewait ${tw})\n\n` +
    `Transport Total     IP        IPv6\n` +
    `RAW\t  ${col(0)} ${col(0)} ${col(0)}\n` +
    `UDP\t  ${col(udp)} ${col(udp)} ${col(0)}\n` +
    `TCP\t  ${col(tcp.length - tw)} ${col(tcp.length - tw)} ${col(0)}\n` +
    `INET\t  ${col(inet)} ${col(inet)} ${col(0)}\n` +
    `FRAG\t  ${col(0)} ${col(0)} ${col(0)}\n\n`
  );
}

export const ss: Program = async (proc) => {
  const f = parse(proc);
  if (typeof f === 'number') return f;
  if (f.summary) {
    proc.stdout.write(summary(proc));
    return 0;
  }
  const only = f.tcp || f.udp || f.other;
  const showTcp = f.tcp || !only;
  const showUdp = f.udp || !only;
  const services = new Services(proc);
  const root = proc.cred.uid === 0;
  const processes = proc.host.processes;
  const names = new Map<Ipv4, string>();

  const all = listSockets(proc.host.net);
  const fds = fdNumbers(all);
  const rows = [...all.filter((r) => r.proto === 'udp' && showUdp), ...all.filter((r) => r.proto === 'tcp' && showTcp)].filter((r) => stateWanted(r, f));

  const columns = ssColumns();
  // Netid only when several kinds of sockets are asked for.
  const kinds = (showTcp ? 1 : 0) + (showUdp ? 1 : 0) + (f.other || !only ? 1 : 0);
  columns[0].disabled = kinds < 2;

  const host = async (a: Ipv4): Promise<string> => {
    if (!f.resolve || a === 0) return formatIpv4(a);
    let n = names.get(a);
    if (n === undefined) {
      n = (await reverseLookup(proc, a)) ?? formatIpv4(a);
      names.set(a, n);
    }
    return n;
  };
  const service = (port: number, proto: 'tcp' | 'udp'): string => {
    if (port === 0) return '*';
    if (f.numeric || (port >= EPHEMERAL_MIN && port <= EPHEMERAL_MAX)) return String(port);
    return services.nameOf(port, proto) ?? String(port);
  };

  const lines: string[][] = [];
  if (!f.noHeader) lines.push(columns.map((c) => c.header));
  for (const r of rows) {
    let users = '';
    if (f.processes && r.owner !== undefined && (root || processes.get(r.owner.pid)?.uid === proc.cred.uid)) {
      // ss prints it with a leading space (out(" users:(%s)")), hence "*    users:".
      users = ` users:(("${r.owner.name}",pid=${r.owner.pid},fd=${fds.get(r) ?? 3}))`;
    }
    lines.push([
      r.proto,
      STATES[r.state],
      String(r.recvQ).padEnd(6),
      String(r.sendQ).padEnd(6),
      `${await host(r.localAddress)}:`,
      service(r.localPort, r.proto),
      `${await host(r.remoteAddress)}:`,
      service(r.remotePort, r.proto),
      users,
      '',
    ]);
  }
  const tty = proc.stdout.tty;
  proc.stdout.write(render(columns, lines, tty !== null ? tty.columns : null));
  return 0;
};
