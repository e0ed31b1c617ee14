// nc of netcat-openbsd 1.219-1 (Debian 12): a TCP or UDP client (`nc host port`, service names
// from /etc/services, port ranges for -z scans), a one-connection server (`nc -l [-p] port`,
// -k to keep listening), -v messages on stderr, -w connect/idle timeout, -q quit delay after
// end of input, -N shutdown on end of input, -C CRLF line ends, -d no stdin, -s/-p source.
// It prints nothing on connect and copies bytes both ways as they come: on a terminal (canonical
// mode) each typed line is one read, so one TCP segment, with LF. Like the real one (readwrite()
// of netcat.c) end of input alone does not close the connection: without -N nothing is sent,
// and nc keeps printing what arrives until the peer closes; a client whose peer closed goes on
// until its own input ends (^D) or ^C, which the recording nc_on_server.txt shows.
import { SECOND } from '../../engine/time.ts';
import type { Process, Program } from '../../os/program.ts';
import type { TcpConnection } from '../../stack/tcp/tcp-module.ts';
import type { NetError } from '../../stack/transport.ts';
import type { UdpMessage, UdpSocket } from '../../stack/udp.ts';
import { formatIpv4, type Ipv4 } from '../../wire/addr.ts';
import { EventQueue, pumpInput } from '../lib/event-queue.ts';
import { getopt } from '../lib/getopt.ts';
import { localeOf } from '../lib/locale.ts';
import { netStrerror } from '../lib/net-errors.ts';
import { gaiStrerror, lookupHost, nameOrAddress } from '../lib/resolve.ts';
import { Services } from '../lib/services.ts';
import { socketOwner } from '../lib/socket-table.ts';
import { NC_HELP } from './nc-usage.ts';

const OPTSTRING = '46bCDdFhI:i:klM:m:NnO:P:p:q:rSs:T:tUuV:vW:w:X:x:Zz';
const USAGE = NC_HELP.slice(NC_HELP.indexOf('usage:'), NC_HELP.indexOf('\tCommand Summary:'));

interface Options {
  listen: boolean;
  keep: boolean;
  udp: boolean;
  verbose: boolean;
  zero: boolean;
  numeric: boolean;
  crlf: boolean;
  noStdin: boolean;
  shutdownOnEof: boolean;
  quitAfter: number; // seconds after end of input, < 0 = never
  timeout: number; // -w seconds, 0 = none
  sourceAddr: string | undefined;
  sourcePort: number | undefined;
}

type Event =
  | { kind: 'stdin'; data: Uint8Array | null }
  | { kind: 'data'; data: Uint8Array }
  | { kind: 'end' }
  | { kind: 'closed'; error: NetError | null }
  | { kind: 'datagram'; message: UdpMessage }
  | { kind: 'quit' }
  | { kind: 'idle' };

function fail(proc: Process, msg: string): number {
  proc.stderr.write(`nc: ${msg}\n`);
  return 1;
}

/** strtonum of a port: "nc: port number invalid: x" / "too large". */
function parsePort(proc: Process, s: string, services: Services, proto: 'tcp' | 'udp'): number | null {
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (n > 65535) {
      fail(proc, `port number too large: ${s}`);
      return null;
    }
    if (n < 1) {
      fail(proc, `port number too small: ${s}`);
      return null;
    }
    return n;
  }
  const byName = services.portOf(s, proto);
  if (byName === null) {
    fail(proc, `port number invalid: ${s}`);
    return null;
  }
  return byName;
}

function parsePorts(proc: Process, s: string, services: Services, proto: 'tcp' | 'udp'): number[] | null {
  const m = /^(\d+)-(\d+)$/.exec(s);
  if (m === null) {
    const p = parsePort(proc, s, services, proto);
    return p === null ? null : [p];
  }
  const lo = parsePort(proc, m[1], services, proto);
  const hi = parsePort(proc, m[2], services, proto);
  if (lo === null || hi === null) return null;
  const out: number[] = [];
  for (let p = Math.min(lo, hi); p <= Math.max(lo, hi); p++) out.push(p);
  return out;
}

export const nc: Program = async (proc) => {
  const r = getopt(proc.argv.slice(1), { short: OPTSTRING }, 'nc', localeOf(proc.env), proc.env);
  if (!r.ok) {
    proc.stderr.write(r.message + USAGE);
    return 1;
  }
  const o: Options = {
    listen: false,
    keep: false,
    udp: false,
    verbose: false,
    zero: false,
    numeric: false,
    crlf: false,
    noStdin: false,
    shutdownOnEof: false,
    quitAfter: -1,
    timeout: 0,
    sourceAddr: undefined,
    sourcePort: undefined,
  };
  for (const opt of r.options) {
    const arg = opt.arg ?? '';
    switch (opt.key) {
      case 'l':
        o.listen = true;
        break;
      case 'k':
        o.keep = true;
        break;
      case 'u':
        o.udp = true;
        break;
      case 'v':
        o.verbose = true;
        break;
      case 'z':
        o.zero = true;
        break;
      case 'n':
        o.numeric = true;
        break;
      case 'C':
        o.crlf = true;
        break;
      case 'd':
        o.noStdin = true;
        break;
      case 'N':
        o.shutdownOnEof = true;
        break;
      case 'h':
        proc.stdout.write(NC_HELP);
        return 0;
      case 'q':
        if (!/^-?\d+$/.test(arg)) return fail(proc, `quit timer invalid: ${arg}`);
        o.quitAfter = Number(arg);
        break;
      case 'w':
        if (!/^\d+$/.test(arg)) return fail(proc, `timeout invalid: ${arg}`);
        o.timeout = Number(arg);
        break;
      case 's':
        o.sourceAddr = arg;
        break;
      case 'p': {
        if (!/^\d+$/.test(arg)) return fail(proc, `port number invalid: ${arg}`);
        o.sourcePort = Number(arg);
        break;
      }
      default:
        break; // -4 -b -D -F -I -i -M -m -O -P -r -S -T -t -U -V -W -X -x -Z: no effect here
    }
  }
  const ops = r.operands;
  const services = new Services(proc);
  const proto = o.udp ? 'udp' : 'tcp';

  if (o.listen) {
    let host: string | undefined;
    let portText: string | undefined;
    if (ops.length >= 2) [host, portText] = ops;
    else if (ops.length === 1) portText = ops[0];
    if (portText === undefined && o.sourcePort !== undefined) portText = String(o.sourcePort);
    if (portText === undefined) {
      proc.stderr.write(USAGE);
      return 1;
    }
    const port = parsePort(proc, portText, services, proto);
    if (port === null) return 1;
    let address: Ipv4 = 0;
    if (host !== undefined) {
      const found = await lookupHost(proc, host, { numericOnly: o.numeric });
      if (!found.ok) return fail(proc, `getaddrinfo for host "${host}" port ${portText}: ${gaiStrerror(found.error)}`);
      address = found.address;
    }
    return o.udp ? listenUdp(proc, o, address, port) : listenTcp(proc, o, address, port);
  }

  if (ops.length === 0) {
    proc.stderr.write(USAGE);
    return 1;
  }
  if (ops.length < 2) return fail(proc, 'missing port number');
  const [host, portText] = ops;
  const ports = parsePorts(proc, portText, services, proto);
  if (ports === null) return 1;
  const found = await lookupHost(proc, host, { numericOnly: o.numeric });
  if (!found.ok) return fail(proc, `getaddrinfo for host "${host}" port ${portText}: ${gaiStrerror(found.error)}`);
  let source: Ipv4 | undefined;
  if (o.sourceAddr !== undefined) {
    const s = await lookupHost(proc, o.sourceAddr, { numericOnly: true });
    if (!s.ok) return fail(proc, `getaddrinfo: ${gaiStrerror(s.error)}`);
    source = s.address;
  }

  let ret = 1;
  for (const port of ports) {
    const service = services.nameOf(port, proto) ?? '*';
    if (o.udp) {
      const sock = proc.host.net.udp.open();
      sock.owner = socketOwner(proc);
      const err = (source !== undefined || o.sourcePort !== undefined ? sock.bind(source ?? 0, o.sourcePort ?? 0) : null) ?? sock.connect(found.address, port);
      if (err !== null) {
        sock.close();
        fail(proc, `connect to ${host} port ${port} (udp) failed: ${netStrerror(err)}`);
        continue;
      }
      ret = 0;
      if (o.verbose) proc.stderr.write(`Connection to ${host} ${port} port [udp/${service}] succeeded!\n`);
      if (o.zero) {
        sock.close();
        continue;
      }
      await readWriteUdp(proc, o, sock);
      break;
    }
    const conn = await connectTcp(proc, o, found.address, port, source);
    if (typeof conn === 'string') {
      const what = conn === 'timeout' ? 'timed out: Operation now in progress' : `failed: ${netStrerror(conn)}`;
      fail(proc, `connect to ${host} port ${port} (tcp) ${what}`);
      continue;
    }
    ret = 0;
    if (o.verbose) proc.stderr.write(`Connection to ${host} ${port} port [tcp/${service}] succeeded!\n`);
    if (o.zero) {
      conn.close();
      continue;
    }
    await readWriteTcp(proc, o, conn, false);
    break;
  }
  return ret;
};

/** connect() with -w as its timeout; the connection, or why it failed. */
async function connectTcp(proc: Process, o: Options, address: Ipv4, port: number, source: Ipv4 | undefined): Promise<TcpConnection | NetError | 'timeout'> {
  const q = new EventQueue<'up' | 'timeout' | NetError>(proc.host.scheduler);
  const conn = proc.host.net.tcp.connect({ address, port, localAddress: source, localPort: o.sourcePort, owner: socketOwner(proc) });
  const subs = [conn.onConnect.on(() => q.push('up')), conn.onClose.on((e) => q.push(e ?? 'ECONNRESET'))];
  if (o.timeout > 0) q.after(o.timeout * SECOND, 'timeout');
  const ev = await q.next();
  q.cancelTimers();
  for (const s of subs) s.dispose();
  if (ev === 'up') return conn;
  if (ev === 'timeout') conn.abort();
  return ev;
}

async function listenTcp(proc: Process, o: Options, address: Ipv4, port: number): Promise<number> {
  // Ports below 1024 need CAP_NET_BIND_SERVICE.
  if (port < 1024 && proc.cred.uid !== 0) return fail(proc, 'Permission denied');
  const listener = proc.host.net.tcp.listen({ address, port, backlog: 1, owner: socketOwner(proc) });
  if (typeof listener === 'string') return fail(proc, netStrerror(listener));
  if (o.verbose) proc.stderr.write(`Listening on ${formatIpv4(address)} ${port}\n`);
  const q = new EventQueue<TcpConnection>(proc.host.scheduler);
  const sub = listener.onConnection.on((c) => q.push(c));
  for (;;) {
    const conn = await q.next();
    if (!o.keep) {
      sub.dispose();
      listener.close();
    }
    if (o.verbose) {
      const who = o.numeric ? formatIpv4(conn.remoteAddress) : await nameOrAddress(proc, conn.remoteAddress);
      proc.stderr.write(`Connection received on ${who} ${conn.remotePort}\n`);
    }
    await readWriteTcp(proc, o, conn, true);
    if (!o.keep) return 0;
  }
}

async function listenUdp(proc: Process, o: Options, address: Ipv4, port: number): Promise<number> {
  if (port < 1024 && proc.cred.uid !== 0) return fail(proc, 'Permission denied');
  const sock = proc.host.net.udp.open();
  sock.owner = socketOwner(proc);
  const err = sock.bind(address, port);
  if (err !== null) {
    sock.close();
    return fail(proc, netStrerror(err));
  }
  if (o.verbose) proc.stderr.write(`Bound on ${formatIpv4(address)} ${port}\n`);
  // The first datagram's sender becomes the peer (connect), as nc -lu does.
  const q = new EventQueue<UdpMessage>(proc.host.scheduler);
  const sub = sock.onMessage.on((m) => q.push(m));
  const first = await q.next();
  sub.dispose();
  sock.connect(first.from, first.fromPort);
  if (o.verbose) {
    const who = o.numeric ? formatIpv4(first.from) : await nameOrAddress(proc, first.from);
    proc.stderr.write(`Connection received on ${who} ${first.fromPort}\n`);
  }
  proc.stdout.write(first.data);
  await readWriteUdp(proc, o, sock);
  return 0;
}

function toCrlf(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0x0a && (i === 0 || data[i - 1] !== 0x0d)) out.push(0x0d);
    out.push(data[i]);
  }
  return Uint8Array.from(out);
}

/** readwrite() of netcat.c for a TCP connection; returns when nc would. */
async function readWriteTcp(proc: Process, o: Options, conn: TcpConnection, listening: boolean): Promise<void> {
  const q = new EventQueue<Event>(proc.host.scheduler);
  const subs = [
    conn.onData.on((data) => q.push({ kind: 'data', data })),
    conn.onEnd.on(() => q.push({ kind: 'end' })),
    conn.onClose.on((error) => q.push({ kind: 'closed', error })),
  ];
  let stdinOpen = !o.noStdin;
  let netIn = true;
  let netOut = true;
  const pump = stdinOpen ? pumpInput(proc.stdin, q, (data): Event => ({ kind: 'stdin', data })) : null;
  let idle = o.timeout > 0 ? q.after(o.timeout * SECOND, { kind: 'idle' }) : null;
  try {
    for (;;) {
      if (!stdinOpen && !netIn) break;
      if (listening && !netIn) break;
      if (!netOut && !netIn) break;
      const ev = await q.next();
      if (idle !== null) {
        idle.cancel();
        idle = q.after(o.timeout * SECOND, { kind: 'idle' });
      }
      if (ev.kind === 'stdin') {
        if (ev.data === null) {
          stdinOpen = false;
          if (o.shutdownOnEof && netOut) conn.shutdown();
          netOut = false;
          if (o.quitAfter >= 0) q.after(o.quitAfter * SECOND, { kind: 'quit' });
        } else if (netOut) {
          if (conn.send(o.crlf ? toCrlf(ev.data) : ev.data) === 0 && ev.data.length > 0) netOut = false;
        }
      } else if (ev.kind === 'data') {
        proc.stdout.write(ev.data);
      } else if (ev.kind === 'end') {
        netIn = false;
      } else if (ev.kind === 'closed') {
        netIn = false;
        netOut = false;
      } else if (ev.kind === 'quit' || ev.kind === 'idle') {
        break;
      }
    }
  } finally {
    pump?.stop();
    q.cancelTimers();
    for (const s of subs) s.dispose();
    conn.close();
  }
}

/** readwrite() over a connected UDP socket: each read of input is one datagram. */
async function readWriteUdp(proc: Process, o: Options, sock: UdpSocket): Promise<void> {
  const q = new EventQueue<Event>(proc.host.scheduler);
  const subs = [sock.onMessage.on((message) => q.push({ kind: 'datagram', message })), sock.onError.on((error) => q.push({ kind: 'closed', error }))];
  let stdinOpen = !o.noStdin;
  const pump = stdinOpen ? pumpInput(proc.stdin, q, (data): Event => ({ kind: 'stdin', data })) : null;
  let idle = o.timeout > 0 ? q.after(o.timeout * SECOND, { kind: 'idle' }) : null;
  try {
    for (;;) {
      const ev = await q.next();
      if (idle !== null) {
        idle.cancel();
        idle = q.after(o.timeout * SECOND, { kind: 'idle' });
      }
      if (ev.kind === 'stdin') {
        if (ev.data === null) {
          stdinOpen = false;
          if (o.quitAfter >= 0) q.after(o.quitAfter * SECOND, { kind: 'quit' });
        } else {
          const err = sock.send(o.crlf ? toCrlf(ev.data) : ev.data);
          if (err !== null) break;
        }
      } else if (ev.kind === 'datagram') {
        proc.stdout.write(ev.message.data);
      } else if (ev.kind === 'closed' || ev.kind === 'quit' || ev.kind === 'idle') {
        // A refused datagram (ICMP port unreachable) ends nc silently, as the real one does.
        break;
      }
    }
  } finally {
    pump?.stop();
    q.cancelTimers();
    for (const s of subs) s.dispose();
    sock.close();
  }
}
