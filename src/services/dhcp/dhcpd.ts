// The dhcpd program: reads dhcpd.conf and the lease database, picks the interfaces whose subnet
// it knows, then answers on UDP port 67 (LPF on Debian: replies reach a client that has no address
// yet) and logs to syslog as dhcpd 4.4.3-P1 does. Also the isc-dhcp-server service's entry point,
// which gets its interfaces from /etc/default/isc-dhcp-server as the init script does.
import type { Process } from '../../os/program.ts';
import { syslogOf } from '../../os/services/host-services.ts';
import type { Credentials } from '../../os/fs/types.ts';
import { formatIpv4, formatMac, type Ipv4 } from '../../wire/addr.ts';
import { DHCP_CLIENT_PORT, DHCP_SERVER_PORT, emitDhcp, parseDhcp } from '../../wire/dhcp.ts';
import type { UdpSocket } from '../../stack/udp.ts';
import { ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, icmpEchoId, makeEcho } from '../../wire/icmp.ts';
import { confErrorLines, parseDhcpdConf, type DhcpdConfig } from './dhcpd-conf.ts';
import { DhcpServer, type ServerInterface, type ServerOutcome } from './dhcp-server.ts';
import { DHCPD_LEASES_HEADER, formatServerLease, ISC_DHCP_VERSION, parseServerLeases } from './lease-file.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
const SECOND_NS = 1_000_000_000;
const dec = new TextDecoder();

export const DHCPD_CONF = '/etc/dhcp/dhcpd.conf';
export const DHCPD_LEASES = '/var/lib/dhcp/dhcpd.leases';
export const DHCPD_PID = '/var/run/dhcpd.pid';
export const DHCPD_DEFAULTS = '/etc/default/isc-dhcp-server';

/** log_fatal's trailer (omapip/errwarn.c). */
export const FATAL_TRAILER = [
  '',
  'If you think you received this message due to a bug rather',
  'than a configuration issue please read the section on submitting',
  'bugs on either our web page at www.isc.org or in the README file',
  'before submitting a bug.  These pages explain the proper',
  'process and the information we find helpful for debugging.',
  '',
  'exiting.',
];

export const SERVER_BANNER = [
  `Internet Systems Consortium DHCP Server ${ISC_DHCP_VERSION}`,
  'Copyright 2004-2022 Internet Systems Consortium.',
  'All rights reserved.',
  'For info, please visit https://www.isc.org/software/dhcp/',
];

interface DhcpdArgs {
  conf: string;
  leases: string;
  pid: string | null;
  quiet: boolean;
  foreground: boolean;
  debug: boolean;
  test: boolean;
  interfaces: string[];
}

function parseArgs(argv: readonly string[]): DhcpdArgs | string {
  const a: DhcpdArgs = { conf: DHCPD_CONF, leases: DHCPD_LEASES, pid: DHCPD_PID, quiet: false, foreground: false, debug: false, test: false, interfaces: [] };
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    const value = (): string | null => (i + 1 < argv.length ? argv[++i] : null);
    switch (w) {
      case '-4':
        break;
      case '-6':
        return 'DHCPv6 is not supported in this lab';
      case '-q':
        a.quiet = true;
        break;
      case '-f':
        a.foreground = true;
        break;
      case '-d':
        a.debug = true;
        a.foreground = true;
        break;
      case '-t':
      case '-T':
        a.test = true;
        break;
      case '--no-pid':
        a.pid = null;
        break;
      case '-cf':
      case '-lf':
      case '-pf': {
        const v = value();
        if (v === null) return `${w} requires an argument`;
        if (w === '-cf') a.conf = v;
        else if (w === '-lf') a.leases = v;
        else a.pid = v;
        break;
      }
      default:
        if (w.startsWith('-')) return `Unknown command ${w}`;
        a.interfaces.push(w);
    }
  }
  return a;
}

/** Where dhcpd's log lines go: syslog always, stderr unless -q (log_perror). */
class DhcpdLog {
  constructor(
    private readonly proc: Process,
    private readonly toStderr: boolean,
  ) {}

  line(severity: 'info' | 'err', message: string): void {
    syslogOf(this.proc.host)?.log({ facility: 'daemon', severity, tag: 'dhcpd', pid: this.proc.pid, message });
    if (this.toStderr) this.proc.stderr.write(`${message}\n`);
  }

  fatal(lines: readonly string[]): number {
    for (const l of [...lines, ...FATAL_TRAILER]) this.line('err', l);
    return 1;
  }
}

function readText(proc: Process, path: string): string | null {
  const r = proc.host.fs.readFile(path, ROOT);
  return r.ok ? dec.decode(r.value) : null;
}

/** `dhcpd [-4] [-q] [-f] [-d] [-t] [-cf FILE] [-lf FILE] [-pf FILE] [IFACE...]`. */
export async function dhcpdMain(proc: Process, argv: readonly string[] = proc.argv, service = false): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    proc.stderr.write(`${args}\n`);
    return 1;
  }
  const log = new DhcpdLog(proc, !args.quiet || args.debug);
  // -q drops the banner entirely (not only from stderr), as dhcpd.c does.
  if (!args.quiet) for (const l of SERVER_BANNER) log.line('info', l);
  if (!args.quiet) {
    log.line('info', `Config file: ${args.conf}`);
    log.line('info', `Database file: ${args.leases}`);
    log.line('info', `PID file: ${args.pid ?? '(none)'}`);
  }
  const text = readText(proc, args.conf);
  if (text === null) return log.fatal([`Can't open ${args.conf}: No such file or directory`]);
  const parsed = parseDhcpdConf(text);
  if (!parsed.ok) {
    const lines = confErrorLines(args.conf, parsed);
    for (const l of lines.slice(0, -1)) log.line('err', l);
    return log.fatal(lines.slice(-1));
  }
  if (args.test) return 0;
  const config = parsed.config;
  if (args.pid !== null) {
    const old = Number((readText(proc, args.pid) ?? '').trim());
    if (Number.isInteger(old) && old > 0 && old !== proc.pid && proc.host.processes.get(old)?.state === 'S') {
      return log.fatal(["There's already a DHCP server running."]);
    }
  }

  const leasesText = readText(proc, args.leases);
  if (leasesText === null) {
    return log.fatal([
      `Can't open lease database ${args.leases}: No such file or directory --`,
      'check for failed database rewrite attempt!',
      "Please read the dhcpd.leases manual page if you don't know what to do about this.",
    ]);
  }
  const initial = parseServerLeases(leasesText);
  // The database is rewritten at start-up: the header, then every lease known.
  proc.host.fs.writeFile(args.leases, DHCPD_LEASES_HEADER + initial.map(formatServerLease).join('\n') + (initial.length > 0 ? '\n' : ''), ROOT);
  log.line('info', `Wrote ${initial.length} leases to leases file.`);

  const ifaces = selectInterfaces(proc, config, args.interfaces, log);
  if (ifaces.length === 0) {
    log.line('info', '');
    return log.fatal(['Not configured to listen on any interfaces!']);
  }
  for (const i of ifaces) {
    const where = `LPF/${i.name}/${formatMac(i.mac)}/${formatIpv4(i.subnet.net)}/${i.subnet.prefix}`;
    log.line('info', `Listening on ${where}`);
    log.line('info', `Sending on   ${where}`);
  }
  // The fallback socket: a second server on the host fails here.
  const sock = proc.host.net.udp.open();
  sock.owner = { pid: proc.pid, name: proc.comm };
  if (sock.bind(0, DHCP_SERVER_PORT) !== null) {
    sock.close();
    for (const l of BIND_FAILURE.slice(0, -1)) log.line('err', l);
    return log.fatal(BIND_FAILURE.slice(-1));
  }
  log.line('info', 'Sending on   Socket/fallback/fallback-net');

  if (!args.foreground && !service) {
    // Detach as dhcpd does: the shell gets its prompt back, the server lives on.
    const child = proc.fork((c) => serve(c, sock, config, ifaces, initial, args, new DhcpdLog(c, args.debug)), { setsid: true });
    // The socket is the daemon's from now on (the host closes a process's sockets at its exit).
    sock.owner = { pid: child.pid, name: proc.comm };
    return 0;
  }
  return serve(proc, sock, config, ifaces, initial, args, log);
}

const BIND_FAILURE = [
  "Can't bind to dhcp address: Address already in use",
  'Please make sure there is no other dhcp server',
  "running and that there's no entry for dhcp or",
  'bootp in /etc/inetd.conf.   Also make sure you',
  'are not running HP JetAdmin software, which',
  'includes a bootp server.',
];

/** discover_interfaces: the named interfaces (or every one with an address) that a subnet covers. */
function selectInterfaces(proc: Process, config: DhcpdConfig, names: readonly string[], log: DhcpdLog): ServerInterface[] {
  const net = proc.host.net;
  const candidates = names.length > 0 ? names : [...net.interfaces.values()].filter((d) => !d.loopback).map((d) => d.name);
  const out: ServerInterface[] = [];
  for (const name of candidates) {
    const dev = net.interfaces.get(name);
    const addr = dev?.addresses[0]?.address;
    if (dev === undefined || dev.loopback || addr === undefined) {
      // Without an address an interface named on the command line cannot be served.
      if (names.length > 0) {
        log.line('err', '');
        log.line('err', `No subnet declaration for ${name} (no IPv4 addresses).`);
        ignoring(log, name);
      }
      continue;
    }
    const subnet = config.subnets.find((s) => (addr & s.mask) >>> 0 === s.net >>> 0);
    if (subnet === undefined) {
      log.line('err', '');
      log.line('err', `No subnet declaration for ${name} (${formatIpv4(addr)}).`);
      ignoring(log, name);
      continue;
    }
    out.push({ name, address: addr, mac: dev.mac, subnet });
  }
  return out;
}

function ignoring(log: DhcpdLog, name: string): void {
  log.line('err', `** Ignoring requests on ${name}.  If this is not what`);
  log.line('err', '   you want, please write a subnet declaration');
  log.line('err', '   in your dhcpd.conf file for the network segment');
  log.line('err', `   to which interface ${name} is attached. **`);
  log.line('err', '');
}

async function serve(proc: Process, sock: UdpSocket, config: DhcpdConfig, ifaces: ServerInterface[], initial: ReturnType<typeof parseServerLeases>, args: DhcpdArgs, log: DhcpdLog): Promise<number> {
  const host = proc.host;
  const owner = { pid: proc.pid, name: proc.comm };
  sock.owner = owner;
  // The PID file is written once detached (the daemon's PID).
  if (args.pid !== null) host.fs.writeFile(args.pid, `${proc.pid}\n`, ROOT);
  const server = new DhcpServer(config, ifaces, () => host.wallTimeMs(), initial);
  const icmp = host.net.icmp.open();
  icmp.owner = owner;
  const pingId = host.rng.int(0, 0xffff);
  const pings = new Map<Ipv4, { answered: boolean }>();
  icmp.onMessage.on(({ message, meta }) => {
    if (message.type !== ICMP_ECHO_REPLY || icmpEchoId(message) !== pingId) return;
    const p = pings.get(meta.src);
    if (p !== undefined) p.answered = true;
  });
  let stopped = false;
  proc.atExit(() => {
    stopped = true;
    sock.close();
    icmp.close();
  });

  const apply = (o: ServerOutcome): void => {
    if (stopped) return; // a ping-check timer outliving the server
    for (const l of o.logs) log.line(l.severity, l.message);
    for (const c of o.commits) {
      const cur = readText(proc, args.leases) ?? DHCPD_LEASES_HEADER;
      host.fs.writeFile(args.leases, cur + formatServerLease(c), ROOT);
    }
    for (const r of o.replies) {
      const src = ifaces.find((i) => i.name === r.iface)?.address;
      sock.sendTo(emitDhcp(r.message), r.to, DHCP_CLIENT_PORT, { iface: r.iface, src, ...(r.linkDst !== null ? { linkDst: r.linkDst } : {}) });
    }
    if (o.ping !== null) {
      const { address } = o.ping;
      if (pings.has(address)) return;
      const state = { answered: false };
      pings.set(address, state);
      // icmp_echorequest: 28 bytes of struct icmp, sequence 0; the answer is awaited a second.
      icmp.send(address, makeEcho(ICMP_ECHO_REQUEST, pingId, 0, new Uint8Array(20)));
      host.scheduler.after(SECOND_NS, () => {
        pings.delete(address);
        apply(server.pingResult(address, state.answered));
      });
    }
  };

  sock.onMessage.on((m) => {
    if (!ifaces.some((i) => i.name === m.iface)) return;
    const parsed = parseDhcp(m.data);
    if (!parsed.ok) return; // dhcpd drops what it cannot decode
    apply(server.handle(parsed.value, m.iface));
  });
  log.line('info', 'Server starting service.');
  await new Promise<never>(() => {});
  return 0;
}

/** The isc-dhcp-server service: the init script's work (defaults file, interfaces) then dhcpd. */
export async function dhcpdServiceMain(proc: Process): Promise<number> {
  const defaults = readText(proc, DHCPD_DEFAULTS) ?? '';
  const v = (name: string): string | null => {
    const m = new RegExp(`^\\s*${name}=(?:"([^"]*)"|'([^']*)'|(\\S*))`, 'm').exec(defaults);
    return m === null ? null : (m[1] ?? m[2] ?? m[3] ?? '');
  };
  const ifaces = (v('INTERFACESv4') ?? v('INTERFACES') ?? '').split(/\s+/).filter((s) => s !== '');
  const conf = v('DHCPDv4_CONF') || DHCPD_CONF;
  const pid = v('DHCPDv4_PID') || DHCPD_PID;
  const v6 = (v('INTERFACESv6') ?? '').trim();
  proc.stdout.write(
    ifaces.length > 0 && v6 === ''
      ? 'Launching IPv4 server only.\n'
      : 'Launching both IPv4 and IPv6 servers (please configure INTERFACES in /etc/default/isc-dhcp-server if you only want one or the other).\n',
  );
  // test_config: a quiet self-test first; on failure the script shows dhcpd's own report.
  const text = readText(proc, conf);
  if (text === null || !parseDhcpdConf(text).ok) {
    proc.stdout.write(`dhcpd self-test failed. Please fix ${conf}.\nThe error was: \n`);
    await dhcpdMain(proc, ['/usr/sbin/dhcpd', '-t', '-4', '-cf', conf]);
    return 1;
  }
  const argv = [...proc.argv.filter((w, i, all) => !(w === '-cf' || all[i - 1] === '-cf')), '-cf', conf, '-pf', pid, ...ifaces];
  return dhcpdMain(proc, argv, true);
}
