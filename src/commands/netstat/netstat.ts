// netstat of net-tools 2.10: TCP and UDP sockets (-t -u -l -a -n -p -4, and combos such as
// -lnpt4, -lnptu, -tn), the routing table (-r) and the interface table (-i). `-p` names the
// owning process (PID/name) from the socket's owner; a normal user sees only their own processes
// and gets net-tools' note on stderr. There are no UNIX domain sockets in the simulation, so
// their section shows only its header, and no tcp6/udp6 lines (no IPv6).
import { SECOND } from '../../engine/time.ts';
import type { Process, Program } from '../../os/program.ts';
import type { TcpState } from '../../stack/tcp/tcp-module.ts';
import { formatIpv4, type Ipv4 } from '../../wire/addr.ts';
import { byName, SHORT_HEADER, shortFormat } from '../ifconfig/ifconfig.ts';
import { netToolsText } from '../lib/net-tools-fr.ts';
import { reverseLookup } from '../lib/resolve.ts';
import { Services } from '../lib/services.ts';
import { listSockets, type SocketRow } from '../lib/socket-table.ts';
import { netstatRouteTable } from '../route/route.ts';
import { NETSTAT_USAGE } from './netstat-usage.ts';

const TCP_STATES: Record<TcpState | 'UNCONN', string> = {
  LISTEN: 'LISTEN',
  'SYN-SENT': 'SYN_SENT',
  'SYN-RECEIVED': 'SYN_RECV',
  ESTABLISHED: 'ESTABLISHED',
  'FIN-WAIT-1': 'FIN_WAIT1',
  'FIN-WAIT-2': 'FIN_WAIT2',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  CLOSING: 'CLOSING',
  'LAST-ACK': 'LAST_ACK',
  'TIME-WAIT': 'TIME_WAIT',
  CLOSED: 'CLOSE',
  UNCONN: '',
};

interface Flags {
  tcp: boolean;
  udp: boolean;
  unix: boolean;
  listening: boolean;
  all: boolean;
  numeric: boolean;
  programs: boolean;
  route: boolean;
  interfaces: boolean;
  continuous: boolean;
  wide: boolean;
  inetOnly: boolean;
}

const LONG: Record<string, keyof Flags | 'help' | 'version'> = {
  tcp: 'tcp',
  udp: 'udp',
  unix: 'unix',
  listening: 'listening',
  all: 'all',
  numeric: 'numeric',
  program: 'programs',
  programs: 'programs',
  route: 'route',
  interfaces: 'interfaces',
  continuous: 'continuous',
  wide: 'wide',
  inet: 'inetOnly',
  help: 'help',
  version: 'version',
};

function parse(proc: Process): Flags | number {
  const f: Flags = { tcp: false, udp: false, unix: false, listening: false, all: false, numeric: false, programs: false, route: false, interfaces: false, continuous: false, wide: false, inetOnly: false };
  for (const a of proc.argv.slice(1)) {
    if (a.startsWith('--')) {
      const key = LONG[a.slice(2)];
      if (key === undefined) {
        proc.stderr.write(`netstat: unrecognized option '${a}'\n`);
        proc.stdout.write(NETSTAT_USAGE);
        return 1;
      }
      if (key === 'help') {
        proc.stdout.write(NETSTAT_USAGE);
        return 0;
      }
      if (key === 'version') {
        proc.stdout.write('net-tools 2.10\nFred Baumgarten, Alan Cox, Bernd Eckenfels, Phil Blundell, Tuan Hoang, Brian Micek and others\n+NEW_ADDRT +RTF_IRTT +RTF_REJECT +FW_MASQUERADE +I18N +SELINUX\nAF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH\nHW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 \n');
        return 0;
      }
      f[key] = true;
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      proc.stdout.write(NETSTAT_USAGE);
      return 1;
    }
    for (const c of a.slice(1)) {
      switch (c) {
        case 't':
          f.tcp = true;
          break;
        case 'u':
          f.udp = true;
          break;
        case 'x':
          f.unix = true;
          break;
        case 'l':
          f.listening = true;
          break;
        case 'a':
          f.all = true;
          break;
        case 'n':
          f.numeric = true;
          break;
        case 'p':
          f.programs = true;
          break;
        case 'r':
          f.route = true;
          break;
        case 'i':
          f.interfaces = true;
          break;
        case 'c':
          f.continuous = true;
          break;
        case 'W':
          f.wide = true;
          break;
        case '4':
          f.inetOnly = true;
          break;
        case 'e':
        case 'v':
        case 'o':
        case 'w':
        case '6':
          break;
        case 'h':
          proc.stdout.write(NETSTAT_USAGE);
          return 0;
        default:
          proc.stderr.write(`netstat: invalid option -- '${c}'\n`);
          proc.stdout.write(NETSTAT_USAGE);
          return 1;
      }
    }
  }
  return f;
}

class Namer {
  private readonly hosts = new Map<Ipv4, string>();
  readonly services: Services;

  constructor(
    private readonly proc: Process,
    private readonly numeric: boolean,
    private readonly wide: boolean,
  ) {
    this.services = new Services(proc);
  }

  /** "host:port" in 23 columns: the host part is cut to make room for the port (unless -W). */
  async endpoint(addr: Ipv4, port: number, proto: 'tcp' | 'udp'): Promise<string> {
    let host = formatIpv4(addr);
    if (!this.numeric && addr !== 0) {
      let name = this.hosts.get(addr);
      if (name === undefined) {
        name = (await reverseLookup(this.proc, addr)) ?? host;
        this.hosts.set(addr, name);
      }
      host = name;
    }
    const portText = port === 0 ? '*' : this.numeric ? String(port) : (this.services.nameOf(port, proto) ?? String(port));
    if (!this.wide && host.length + portText.length > 22) host = host.slice(0, Math.max(0, 22 - portText.length));
    return `${host}:${portText}`;
  }
}

function wanted(r: SocketRow, f: Flags): boolean {
  const listening = r.state === 'LISTEN' || r.state === 'UNCONN';
  if (f.all) return true;
  return f.listening ? listening : !listening;
}

async function socketsReport(proc: Process, f: Flags): Promise<string> {
  const net = proc.host.net;
  const anyProto = f.tcp || f.udp || f.unix;
  const showTcp = f.tcp || !anyProto;
  const showUdp = f.udp || !anyProto;
  const showUnix = f.unix || (!anyProto && !f.inetOnly);
  const title = netToolsText(proc, f.all ? '(servers and established)' : f.listening ? '(only servers)' : '(w/o servers)');
  const namer = new Namer(proc, f.numeric, f.wide);
  const root = proc.cred.uid === 0;
  const processes = proc.host.processes;
  const visible = (pid: number): boolean => root || processes.get(pid)?.uid === proc.cred.uid;
  let s = '';
  if (showTcp || showUdp) {
    s += netToolsText(proc, 'Active Internet connections ') + title;
    s += `${netToolsText(proc, '\nProto Recv-Q Send-Q Local Address           Foreign Address         State      ')}${f.programs ? ' PID/Program name    ' : ''}\n`;
    const rows = listSockets(net).filter((r) => ((r.proto === 'tcp' && showTcp) || (r.proto === 'udp' && showUdp)) && wanted(r, f));
    rows.sort((a, b) => (a.proto === b.proto ? 0 : a.proto === 'tcp' ? -1 : 1));
    for (const r of rows) {
      const local = await namer.endpoint(r.localAddress, r.localPort, r.proto);
      const foreign = await namer.endpoint(r.remoteAddress, r.remotePort, r.proto);
      // /proc/net/tcp: a listener's queues read 0 (ss shows its backlog there instead).
      const rq = r.state === 'LISTEN' ? 0 : r.recvQ;
      const sq = r.state === 'LISTEN' ? 0 : r.sendQ;
      let line = `${r.proto.padEnd(4)}  ${String(rq).padStart(6)} ${String(sq).padStart(6)} ${local.padEnd(23)} ${foreign.padEnd(23)} ${TCP_STATES[r.state].padEnd(11)}`;
      if (f.programs) {
        const who = r.owner !== undefined && visible(r.owner.pid) ? `${r.owner.pid}/${r.owner.name}`.slice(0, 19) : '-';
        line += ` ${who.padEnd(20)}`;
      }
      s += `${line}\n`;
    }
  }
  if (showUnix) {
    s += netToolsText(proc, 'Active UNIX domain sockets ') + title;
    s += `${netToolsText(proc, '\nProto RefCnt Flags       Type       State         I-Node')}   ${f.programs ? 'PID/Program name     ' : ''}Path\n`;
  }
  return s;
}

/** net-tools' note when -p cannot see every process (printed once, on stderr). */
function programsNote(proc: Process): string {
  if (proc.cred.uid === 0) return '';
  const mine = listSockets(proc.host.net).some((r) => r.owner !== undefined && proc.host.processes.get(r.owner.pid)?.uid === proc.cred.uid);
  return mine
    ? netToolsText(proc, '(Not all processes could be identified, non-owned process info\n will not be shown, you would have to be root to see it all.)\n')
    : netToolsText(proc, '(No info could be read for "-p": geteuid()=%d but you should be root.)\n', proc.cred.uid);
}

export const netstat: Program = async (proc) => {
  const f = parse(proc);
  if (typeof f === 'number') return f;
  for (let first = true; ; first = false) {
    if (f.route) {
      proc.stdout.write(await netstatRouteTable(proc, f.numeric));
    } else if (f.interfaces) {
      const devs = byName(proc.host.net.interfaces.values()).filter((d) => f.all || d.up);
      proc.stdout.write(`${netToolsText(proc, 'Kernel Interface table\n')}${SHORT_HEADER}${devs.map(shortFormat).join('')}`);
    } else {
      if (f.programs && first) proc.stderr.write(programsNote(proc));
      proc.stdout.write(await socketsReport(proc, f));
    }
    if (!f.continuous) return 0;
    await proc.sleep(SECOND);
  }
};
