// traceroute 2.1.2 (Debian's `traceroute` package, "Modern traceroute for Linux"), default UDP
// method: probes to ports 33434, 33435... with TTL 1, 1, 1, 2, 2, 2..., up to 16 in flight
// (-N), each answered by ICMP Time Exceeded from a router or Port Unreachable from the
// destination, seen on a raw ICMP socket. A probe times out after 5 s, or sooner once its hop or
// a later one answered (the -w MAX,HERE,NEAR rule of traceroute.c get_timeout). `-I` probes
// with ICMP echo requests instead. Output as print_probe() writes it, one hop line at a time.
import { SECOND } from '../../engine/time.ts';
import type { Process, Program } from '../../os/program.ts';
import type { IcmpDelivery } from '../../stack/icmp.ts';
import type { UdpSocket } from '../../stack/udp.ts';
import { formatIpv4, readIpv4, type Ipv4 } from '../../wire/addr.ts';
import { ICMP_DEST_UNREACH, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, ICMP_TIME_EXCEEDED, icmpEchoId, icmpEchoSeq, makeEcho } from '../../wire/icmp.ts';
import { EventQueue } from '../lib/event-queue.ts';
import { netStrerror } from '../lib/net-errors.ts';
import { gaiStrerror, lookupHost, reverseLookup } from '../lib/resolve.ts';
import { socketOwner } from '../lib/socket-table.ts';
import { TRACEROUTE_USAGE } from './traceroute-usage.ts';

/** DEF_WAIT_PREC: one millisecond added to a reply time before scaling it. */
const WAIT_PREC = 0.001;
const IP_HEADER = 20;
const UDP_HEADER = 8;
const ICMP_HEADER = 8;

interface Probe {
  sendTime: number; // seconds of virtual time, 0 = not sent
  recvTime: number;
  done: boolean;
  final: boolean;
  from: Ipv4 | null;
  err: string;
  socket: UdpSocket | null;
  srcPort: number;
  dstPort: number;
  seq: number;
}

interface Options {
  firstHop: number;
  maxHops: number;
  nqueries: number;
  simProbes: number;
  waitMax: number;
  waitHere: number;
  waitNear: number;
  port: number | null;
  numeric: boolean;
  icmp: boolean;
}

type Event = { kind: 'icmp'; delivery: IcmpDelivery } | { kind: 'tick' };

function usage(proc: Process): number {
  proc.stdout.write(TRACEROUTE_USAGE);
  return 0;
}

function badOption(proc: Process, message: string): number {
  proc.stderr.write(message);
  return 2;
}

function parseArgs(proc: Process): { opts: Options; host: string; packetLen: string | undefined } | number {
  const opts: Options = {
    firstHop: 1,
    maxHops: 30,
    nqueries: 3,
    simProbes: 16,
    waitMax: 5,
    waitHere: 3,
    waitNear: 10,
    port: null,
    numeric: false,
    icmp: false,
  };
  const operands: string[] = [];
  const args = proc.argv.slice(1);
  const withArg = new Set(['f', 'g', 'i', 'm', 'N', 'p', 't', 'l', 'w', 'q', 's', 'z', 'M', 'O']);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help') return usage(proc);
    if (a === '-V' || a === '--version') {
      proc.stdout.write('Modern traceroute for Linux, version 2.1.2\nCopyright (c) 2016  Dmitry Butskoy,   License: GPL v2 or any later\n');
      return 0;
    }
    if (!a.startsWith('-') || a === '-') {
      operands.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if (!withArg.has(c)) {
        if (c === 'n') opts.numeric = true;
        else if (c === 'I') opts.icmp = true;
        else if (!'46dFTreAUDV'.includes(c)) return badOption(proc, `Bad option \`-${c}' (argc ${i + 1})\n`);
        continue;
      }
      const value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
      if (value === undefined) return badOption(proc, `Option \`-${c}' (argc ${i}) requires an argument: \`-${c} ${c === 'w' ? 'MAX,HERE,NEAR' : 'arg'}'\n`);
      const num = Number(value);
      const intOk = /^\d+$/.test(value);
      switch (c) {
        case 'f':
          if (!intOk || num < 1) return badOption(proc, 'first hop out of range\n');
          opts.firstHop = num;
          break;
        case 'm':
          if (!intOk || num < 1 || num > 255) return badOption(proc, 'max hops cannot be more than 255\n');
          opts.maxHops = num;
          break;
        case 'q':
          if (!intOk || num < 1 || num > 10) return badOption(proc, 'no more than 10 probes per hop\n');
          opts.nqueries = num;
          break;
        case 'N':
          if (!intOk || num < 1) return badOption(proc, `Cannot handle \`-N' option with arg \`${value}' (argc ${i})\n`);
          opts.simProbes = num;
          break;
        case 'p':
          if (!intOk) return badOption(proc, `Cannot handle \`-p' option with arg \`${value}' (argc ${i})\n`);
          opts.port = num;
          break;
        case 'w': {
          const parts = value.split(/[,/]/).map(Number);
          if (parts.some((v) => !Number.isFinite(v) || v < 0)) return badOption(proc, `Cannot handle \`-w' option with arg \`${value}' (argc ${i})\n`);
          opts.waitMax = parts[0];
          if (parts.length > 1) opts.waitHere = parts[1];
          if (parts.length > 2) opts.waitNear = parts[2];
          break;
        }
        default:
          break; // accepted without effect: -g -i -t -l -s -z -M -O
      }
      break;
    }
  }
  if (operands.length === 0) return usage(proc);
  if (opts.firstHop > opts.maxHops) return badOption(proc, 'first hop out of range\n');
  return { opts, host: operands[0], packetLen: operands[1] };
}

export const traceroute: Program = async (proc) => {
  const parsed = parseArgs(proc);
  if (typeof parsed === 'number') return parsed;
  const { opts, host } = parsed;
  const net = proc.host.net;
  const scheduler = proc.host.scheduler;
  const found = await lookupHost(proc, host);
  if (!found.ok) {
    proc.stderr.write(`${host}: ${gaiStrerror(found.error)}\nCannot handle "host" cmdline arg \`${host}' on position 1 (argc ${proc.argv.indexOf(host)})\n`);
    return 2;
  }
  const dst = found.address;
  const headerLen = IP_HEADER + (opts.icmp ? ICMP_HEADER : UDP_HEADER);
  let packetLen = headerLen + 32;
  if (parsed.packetLen !== undefined) {
    const n = Number(parsed.packetLen);
    if (!/^\d+$/.test(parsed.packetLen)) {
      proc.stderr.write(`Cannot handle "packetlen" cmdline arg \`${parsed.packetLen}' on position 2 (argc ${proc.argv.indexOf(parsed.packetLen)})\n`);
      return 2;
    }
    packetLen = Math.max(headerLen, n);
  }
  const dataLen = packetLen - headerLen;
  proc.stdout.write(`traceroute to ${found.canonicalName} (${formatIpv4(dst)}), ${opts.maxHops} hops max, ${packetLen} byte packets`);

  // The probe sockets connect() first: no route fails here.
  const route = net.route(dst);
  if (!route.ok) {
    proc.stderr.write(`connect: ${netStrerror(route.error)}\n`);
    return 1;
  }

  const now = (): number => scheduler.now / SECOND;
  const q = new EventQueue<Event>(scheduler);
  const raw = net.icmp.open();
  raw.owner = socketOwner(proc);
  raw.onMessage.on((delivery) => q.push({ kind: 'icmp', delivery }));
  const ident = proc.host.rng.int(0, 0xffff);
  const basePort = opts.port ?? (opts.icmp ? 1 : 33434);

  const numProbes = opts.maxHops * opts.nqueries;
  const probes: Probe[] = [];
  for (let i = 0; i < numProbes; i++) {
    probes.push({ sendTime: 0, recvTime: 0, done: false, final: false, from: null, err: '', socket: null, srcPort: 0, dstPort: 0, seq: 0 });
  }
  const data = new Uint8Array(dataLen);
  for (let i = 0; i < dataLen; i++) data[i] = 0x40 | (i & 0x3f);

  const names = new Map<Ipv4, string>();
  const printAddr = async (a: Ipv4): Promise<string> => {
    if (opts.numeric) return ` ${formatIpv4(a)}`;
    let name = names.get(a);
    if (name === undefined) {
      name = (await reverseLookup(proc, a)) ?? formatIpv4(a);
      names.set(a, name);
    }
    return ` ${name} (${formatIpv4(a)})`;
  };

  const sendProbe = (idx: number, ttl: number): void => {
    const pb = probes[idx];
    pb.sendTime = now();
    if (opts.icmp) {
      pb.seq = (basePort + idx) & 0xffff;
      const err = raw.send(dst, makeEcho(ICMP_ECHO_REQUEST, ident, pb.seq, data), { ttl });
      if (err !== null) failProbe(pb, err);
      return;
    }
    const s = net.udp.open();
    s.owner = socketOwner(proc);
    pb.socket = s;
    pb.dstPort = (basePort + idx) & 0xffff;
    const err = s.sendTo(data, dst, pb.dstPort, { ttl });
    pb.srcPort = s.localPort;
    if (err !== null) failProbe(pb, err);
  };

  const failProbe = (pb: Probe, err: string): void => {
    pb.done = true;
    pb.err = err === 'ENETUNREACH' ? '!N' : err === 'EHOSTUNREACH' ? '!H' : '';
  };

  const finishProbe = (pb: Probe): void => {
    pb.done = true;
    pb.socket?.close();
    pb.socket = null;
  };

  /** The ICMP message answers which probe, if any (its quoted header names our socket). */
  const matchProbe = (d: IcmpDelivery): Probe | undefined => {
    const m = d.message;
    if (m.type === ICMP_ECHO_REPLY) {
      if (!opts.icmp || icmpEchoId(m) !== ident) return undefined;
      return probes.find((p) => p.sendTime > 0 && !p.done && p.seq === icmpEchoSeq(m));
    }
    if (m.type !== ICMP_TIME_EXCEEDED && m.type !== ICMP_DEST_UNREACH) return undefined;
    const qd = m.payload;
    if (qd.length < 28) return undefined;
    const ihl = (qd[0] & 0x0f) * 4;
    if (qd.length < ihl + 8 || readIpv4(qd, 16) !== dst) return undefined;
    if (opts.icmp) {
      if (qd[9] !== 1 || qd[ihl] !== ICMP_ECHO_REQUEST || ((qd[ihl + 4] << 8) | qd[ihl + 5]) !== ident) return undefined;
      const seq = (qd[ihl + 6] << 8) | qd[ihl + 7];
      return probes.find((p) => p.sendTime > 0 && !p.done && p.seq === seq);
    }
    if (qd[9] !== 17) return undefined;
    const sport = (qd[ihl] << 8) | qd[ihl + 1];
    const dport = (qd[ihl + 2] << 8) | qd[ihl + 3];
    return probes.find((p) => p.sendTime > 0 && !p.done && p.srcPort === sport && p.dstPort === dport);
  };

  /** get_timeout of traceroute.c. */
  const timeoutOf = (idx: number): number => {
    if (opts.waitHere > 0) {
      const first = idx - (idx % opts.nqueries);
      for (let i = first; i < first + opts.nqueries; i++) {
        const p = probes[i];
        if (p.done && p.recvTime > 0) {
          const v = opts.waitHere * (p.recvTime - p.sendTime + WAIT_PREC);
          return Math.min(v, opts.waitMax);
        }
      }
    }
    if (opts.waitNear > 0) {
      for (let i = idx + 1; i < numProbes; i++) {
        const p = probes[i];
        if (p.done && p.recvTime > 0) {
          const v = opts.waitNear * (p.recvTime - p.sendTime + WAIT_PREC);
          return Math.min(v, opts.waitMax);
        }
      }
    }
    return opts.waitMax;
  };

  const printProbe = async (idx: number): Promise<void> => {
    const pb = probes[idx];
    const ttl = Math.floor(idx / opts.nqueries) + 1;
    let np = idx % opts.nqueries;
    let s = np === 0 ? `\n${String(ttl).padStart(2, ' ')} ` : '';
    if (pb.from === null) {
      s += ' *';
    } else {
      let prn = np === 0;
      if (np > 0) {
        let k = idx - 1;
        while (np > 0 && probes[k].from === null) {
          k--;
          np--;
        }
        if (np === 0 || probes[k].from !== pb.from) prn = true;
      }
      if (prn) s += await printAddr(pb.from);
    }
    if (pb.recvTime > 0) s += `  ${((pb.recvTime - pb.sendTime) * 1000).toFixed(3)} ms`;
    if (pb.err !== '') s += ` ${pb.err}`;
    proc.stdout.write(s);
  };

  let start = (opts.firstHop - 1) * opts.nqueries;
  let end = numProbes;
  try {
    while (start < end) {
      let inFlight = 0;
      let nextExpiry = Infinity;
      const t = now();
      for (let n = start; n < end; n++) {
        const pb = probes[n];
        if (!pb.done && pb.sendTime > 0 && pb.sendTime + timeoutOf(n) <= t) finishProbe(pb);
        if (pb.done) {
          if (n === start) {
            await printProbe(n);
            start++;
          }
          if (pb.final) {
            // Nothing beyond the hop that reached the destination.
            const hopEnd = (Math.floor(n / opts.nqueries) + 1) * opts.nqueries;
            if (hopEnd < end) end = hopEnd;
          }
          continue;
        }
        if (pb.sendTime === 0) sendProbe(n, Math.floor(n / opts.nqueries) + 1);
        if (pb.done) continue;
        nextExpiry = Math.min(nextExpiry, pb.sendTime + timeoutOf(n));
        if (++inFlight >= opts.simProbes) break;
      }
      if (start >= end) break;
      if (inFlight === 0 && probes[start].done) continue;
      const wait = Number.isFinite(nextExpiry) ? Math.max(0, nextExpiry - now()) : opts.waitMax;
      const timer = q.after(wait * SECOND, { kind: 'tick' });
      const ev = await q.next();
      timer.cancel();
      if (ev.kind === 'icmp') {
        const pb = matchProbe(ev.delivery);
        if (pb !== undefined) {
          const m = ev.delivery.message;
          pb.recvTime = now();
          pb.from = ev.delivery.meta.src;
          if (m.type === ICMP_ECHO_REPLY) pb.final = true;
          else if (m.type === ICMP_DEST_UNREACH) {
            pb.final = true;
            pb.err = unreachMark(m.code, ev.delivery.meta.src === dst);
          }
          finishProbe(pb);
        }
      }
    }
  } finally {
    q.cancelTimers();
    raw.close();
    for (const p of probes) p.socket?.close();
  }
  proc.stdout.write('\n');
  return 0;
};

/** The marks of traceroute's udp/icmp modules for Destination Unreachable codes. */
function unreachMark(code: number, fromDestination: boolean): string {
  switch (code) {
    case 0:
    case 6:
    case 9:
    case 11:
      return '!N';
    case 1:
    case 7:
    case 10:
    case 12:
      return '!H';
    case 2:
      return '!P';
    case 3:
      return fromDestination ? '' : '!';
    case 4:
      return '!F';
    case 5:
      return '!S';
    case 13:
      return '!X';
    case 14:
      return '!V';
    case 15:
      return '!C';
    default:
      return `!<${code}>`;
  }
}
