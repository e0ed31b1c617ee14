// ping of iputils-ping 20221126 (Debian 12) over a raw ICMP socket: echo requests every
// interval, replies and ICMP errors printed as they come, the statistics block at the end (-c
// reached, -w deadline, linger time after the last request, or ^C). The algorithm follows
// ping_common.c: "time" in the statistics is from the start to the last request sent, the
// linger after the last request is 2 x the slowest reply (at least one interval) or -W/10 s when
// nothing came back, and the exit status is 0 with a reply, 1 without, 2 on an error.
import { MS, SECOND } from '../../engine/time.ts';
import { SIGINT, type Process, type Program } from '../../os/program.ts';
import type { IcmpDelivery } from '../../stack/icmp.ts';
import { formatIpv4, parseIpv4, readIpv4, type Ipv4 } from '../../wire/addr.ts';
import { ICMP_DEST_UNREACH, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, ICMP_TIME_EXCEEDED, icmpEchoId, icmpEchoSeq, makeEcho } from '../../wire/icmp.ts';
import { EventQueue } from '../lib/event-queue.ts';
import { getopt } from '../lib/getopt.ts';
import { localeOf } from '../lib/locale.ts';
import { netStrerror } from '../lib/net-errors.ts';
import { gaiStrerror, inetAton, lookupHost, reverseLookup } from '../lib/resolve.ts';
import { socketOwner } from '../lib/socket-table.ts';
import { PING_USAGE, icmpErrorText, formatRtt, formatLoss } from './ping-format.ts';

const OPTSTRING = 'h4bRT:6F:N:aABc:CdDe:fi:I:l:Lm:M:nOp:qQ:rs:S:t:UvVw:W:';
const LONG_MAX = '9223372036854775807';
/** MINUSERINTERVAL: a user may not send faster than every 2 ms. */
const MIN_USER_INTERVAL_MS = 2;
/** MAXWAIT: seconds to wait for a reply after the last request when none came back. */
const DEFAULT_LINGER_MS = 10_000;
/** IPv4 + ICMP headers on top of the data. */
const HEADERS = 28;
/** struct timeval of x86-64: the timestamp at the start of the data. */
const TIMEVAL_LEN = 16;

type Event =
  | { kind: 'send' }
  | { kind: 'icmp'; delivery: IcmpDelivery }
  | { kind: 'interrupt' }
  | { kind: 'deadline' }
  | { kind: 'linger' };

interface Options {
  count: number; // 0 = forever
  intervalMs: number;
  datalen: number;
  ttl: number | undefined;
  lingerMs: number;
  deadline: number; // seconds, 0 = none
  quiet: boolean;
  numeric: boolean;
  broadcast: boolean;
  timestamps: boolean;
  iface: string | undefined;
  source: Ipv4 | undefined;
}

/** strtol_or_err of iputils: the whole argument must be a number within bounds. */
function parseLong(proc: Process, arg: string, min: number, max: number, maxText: string): number | null {
  if (!/^\s*[+-]?\d+$/.test(arg)) {
    proc.stderr.write(`ping: invalid argument: '${arg}'\n`);
    return null;
  }
  const v = Number(arg);
  if (v < min || v > max) {
    proc.stderr.write(`ping: invalid argument: '${arg}': out of range: ${min} <= value <= ${maxText}\n`);
    return null;
  }
  return v;
}

/** ping_strtod: a leading number; trailing garbage is only warned about (for now, says iputils). */
function parseDouble(proc: Process, arg: string): number {
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(arg);
  const v = m === null ? 0 : Number(m[0]);
  if (m === null || m[0].length !== arg.length) {
    proc.stderr.write(`ping: option argument contains garbage: ${m === null ? arg : arg.slice(m[0].length)}\nping: this will become fatal error in the future\n`);
  }
  return v;
}

function parseOptions(proc: Process): { opts: Options; target: string } | number {
  const r = getopt(proc.argv.slice(1), { short: OPTSTRING }, 'ping', localeOf(proc.env), proc.env);
  if (!r.ok) {
    proc.stderr.write(r.message);
    proc.stderr.write(PING_USAGE);
    return 2;
  }
  const opts: Options = {
    count: 0,
    intervalMs: 1000,
    datalen: 56,
    ttl: undefined,
    lingerMs: DEFAULT_LINGER_MS,
    deadline: 0,
    quiet: false,
    numeric: false,
    broadcast: false,
    timestamps: false,
    iface: undefined,
    source: undefined,
  };
  let intervalGiven = false;
  for (const o of r.options) {
    const arg = o.arg ?? '';
    switch (o.key) {
      case 'h':
        proc.stderr.write(PING_USAGE);
        return 2;
      case 'V':
        proc.stdout.write('ping from iputils 20221126\nlibcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes\n');
        return 0;
      case 'c': {
        const v = parseLong(proc, arg, 1, Number.MAX_SAFE_INTEGER, LONG_MAX);
        if (v === null) return 1;
        opts.count = v;
        break;
      }
      case 'i': {
        const v = parseDouble(proc, arg);
        if (v < 0) {
          proc.stderr.write(`ping: bad timing interval: ${arg}\n`);
          return 2;
        }
        opts.intervalMs = Math.round(v * 1000);
        intervalGiven = true;
        break;
      }
      case 's': {
        const v = parseLong(proc, arg, 0, 2147483647, '2147483647');
        if (v === null) return 1;
        opts.datalen = v;
        break;
      }
      case 't': {
        const v = parseLong(proc, arg, 0, 255, '255');
        if (v === null) return 1;
        opts.ttl = v;
        break;
      }
      case 'W': {
        const v = parseDouble(proc, arg);
        if (v < 0) {
          proc.stderr.write(`ping: bad linger time: ${arg}\n`);
          return 2;
        }
        opts.lingerMs = Math.round(v * 1000);
        break;
      }
      case 'w': {
        const v = parseLong(proc, arg, 0, 2147483647, '2147483647');
        if (v === null) return 1;
        opts.deadline = v;
        break;
      }
      case 'q':
        opts.quiet = true;
        break;
      case 'n':
        opts.numeric = true;
        break;
      case 'b':
        opts.broadcast = true;
        break;
      case 'D':
        opts.timestamps = true;
        break;
      case 'I': {
        const a = parseIpv4(arg);
        if (a !== null) opts.source = a;
        else opts.iface = arg;
        break;
      }
      default:
        break; // accepted and without effect here (-4, -A, -d, -L, -O, -U, -v...)
    }
  }
  if (r.operands.length === 0) {
    proc.stderr.write('ping: usage error: Destination address required\n');
    return 1;
  }
  if (proc.cred.uid !== 0 && intervalGiven && opts.intervalMs < MIN_USER_INTERVAL_MS) {
    proc.stderr.write(`ping: cannot flood; minimal interval allowed for user is ${MIN_USER_INTERVAL_MS}ms\n`);
    return 2;
  }
  return { opts, target: r.operands[r.operands.length - 1] };
}

/** The echo data of iputils: a struct timeval of the send time, then bytes 0x10, 0x11... */
function echoData(len: number, wallMs: number): Uint8Array {
  const data = new Uint8Array(len);
  for (let i = 0; i < len; i++) data[i] = i & 0xff;
  if (len >= TIMEVAL_LEN) {
    const usec = Math.floor(wallMs * 1000);
    const sec = Math.floor(usec / 1e6);
    const view = new DataView(data.buffer);
    view.setBigUint64(0, BigInt(sec), true);
    view.setBigUint64(8, BigInt(usec - sec * 1e6), true);
  }
  return data;
}

export const ping: Program = async (proc) => {
  const parsed = parseOptions(proc);
  if (typeof parsed === 'number') return parsed;
  const { opts, target } = parsed;
  const net = proc.host.net;
  const scheduler = proc.host.scheduler;

  const found = await lookupHost(proc, target);
  if (!found.ok) {
    proc.stderr.write(`ping: ${target}: ${gaiStrerror(found.error)}\n`);
    return 2;
  }
  const dst = found.address;
  const numericTarget = inetAton(target) !== null;
  // A numeric destination turns name lookups off, as -n does.
  const numeric = opts.numeric || numericTarget;
  const hostname = found.canonicalName;

  if (net.isBroadcast(dst) && !opts.broadcast) {
    proc.stderr.write('ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n');
    return 2;
  }
  // iputils connect()s a UDP probe socket first to learn the source: no route fails here.
  const route = net.route(dst, opts.source, opts.iface);
  if (!route.ok) {
    proc.stderr.write(`ping: connect: ${netStrerror(route.error)}\n`);
    return 2;
  }

  const socket = net.icmp.open();
  socket.owner = socketOwner(proc);
  const q = new EventQueue<Event>(scheduler);
  socket.onMessage.on((delivery) => q.push({ kind: 'icmp', delivery }));
  proc.onSignal(SIGINT, () => q.push({ kind: 'interrupt' }));

  const ident = proc.host.rng.int(0, 0xffff);
  const timing = opts.datalen >= TIMEVAL_LEN;
  const out = (s: string): void => proc.stdout.write(s);
  const stamp = (): string => {
    if (!opts.timestamps) return '';
    const us = Math.floor(proc.host.wallTimeMs() * 1000);
    return `[${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}] `;
  };
  const names = new Map<Ipv4, string>();
  let exiting = false;
  // pr_addr: "name (a.b.c.d)" unless numeric; no lookups once exiting.
  const prAddr = async (a: Ipv4): Promise<string> => {
    if (numeric || exiting) return formatIpv4(a);
    let name = names.get(a);
    if (name === undefined) {
      name = (await reverseLookup(proc, a)) ?? formatIpv4(a);
      names.set(a, name);
    }
    return `${name} (${formatIpv4(a)})`;
  };

  out(`PING ${hostname} (${formatIpv4(dst)}) ${opts.datalen}(${opts.datalen + HEADERS}) bytes of data.\n`);

  let ntransmitted = 0;
  let nreceived = 0;
  let nrepeats = 0;
  let nerrors = 0;
  let pipesize = 0;
  let tmin = Number.MAX_SAFE_INTEGER;
  let tmax = 0;
  let tsum = 0;
  let tsum2 = 0;
  const startNs = scheduler.now;
  let lastSendNs = startNs;
  const sentAt = new Map<number, number>();
  const received = new Set<number>();
  let lingerArmed = false;

  if (opts.deadline > 0) q.after(opts.deadline * SECOND, { kind: 'deadline' });

  const acknowledge = (seq: number): void => {
    const diff = ntransmitted - seq + 1;
    if (diff > pipesize) pipesize = diff;
  };

  const sendOne = (): void => {
    const seq = (ntransmitted + 1) & 0xffff;
    lastSendNs = scheduler.now;
    const data = echoData(opts.datalen, proc.host.wallTimeMs());
    const err = socket.send(dst, makeEcho(ICMP_ECHO_REQUEST, ident, seq, data), {
      ttl: opts.ttl,
      src: opts.source,
      iface: opts.iface,
      confirm: received.size > 0,
    });
    ntransmitted++;
    sentAt.set(seq, scheduler.now);
    received.delete(seq);
    if (err !== null && err !== 'EMSGSIZE' && !opts.quiet) proc.stderr.write(`ping: sendmsg: ${netStrerror(err)}\n`);
  };

  const moreToSend = (): boolean => opts.count === 0 || ntransmitted < opts.count || opts.deadline > 0;

  const handleIcmp = async (d: IcmpDelivery): Promise<void> => {
    const m = d.message;
    if (m.type === ICMP_ECHO_REPLY) {
      if (icmpEchoId(m) !== ident) return;
      const seq = icmpEchoSeq(m);
      const cc = m.payload.length + 8;
      nreceived++;
      acknowledge(seq);
      let triptime = 0;
      if (timing && m.payload.length >= TIMEVAL_LEN) {
        const sent = sentAt.get(seq) ?? scheduler.now;
        triptime = Math.floor((scheduler.now - sent) / 1000);
        tsum += triptime;
        tsum2 += triptime * triptime;
        if (triptime < tmin) tmin = triptime;
        if (triptime > tmax) tmax = triptime;
      }
      let dup = false;
      if (received.has(seq)) {
        nrepeats++;
        nreceived--;
        dup = true;
      } else {
        received.add(seq);
      }
      if (opts.quiet) return;
      let line = `${stamp()}${cc} bytes from ${await prAddr(d.meta.src)}: icmp_seq=${seq} ttl=${d.meta.ttl}`;
      if (cc < opts.datalen + 8) {
        out(`${line} (truncated)\n`);
        return;
      }
      if (timing) line += ` time=${formatRtt(triptime)} ms`;
      if (dup) line += ' (DUP!)';
      out(`${line}\n`);
      return;
    }
    if (m.type !== ICMP_DEST_UNREACH && m.type !== ICMP_TIME_EXCEEDED && m.type !== 12) return;
    // The error quotes our request: IP header, then the echo's first 8 bytes.
    const quoted = m.payload;
    if (quoted.length < 28) return;
    const ihl = (quoted[0] & 0x0f) * 4;
    if (quoted.length < ihl + 8 || quoted[9] !== 1 || readIpv4(quoted, 16) !== dst) return;
    if (quoted[ihl] !== ICMP_ECHO_REQUEST || ((quoted[ihl + 4] << 8) | quoted[ihl + 5]) !== ident) return;
    const seq = (quoted[ihl + 6] << 8) | quoted[ihl + 7];
    nerrors++;
    acknowledge(seq);
    if (opts.quiet) return;
    out(`${stamp()}From ${await prAddr(d.meta.src)} icmp_seq=${seq} ${icmpErrorText(m.type, m.code, m.rest)}\n`);
  };

  const armLinger = (): void => {
    if (lingerArmed || moreToSend()) return;
    lingerArmed = true;
    // __schedule_exit: decided when the last request leaves.
    const waitMs = nreceived > 0 ? Math.max((2 * tmax) / 1000, opts.intervalMs) : opts.lingerMs;
    q.after(waitMs * MS, { kind: 'linger' });
  };

  try {
    sendOne();
    if (moreToSend()) q.after(opts.intervalMs * MS, { kind: 'send' });
    else armLinger();
    for (;;) {
      if (exiting) break;
      if (opts.count > 0 && nreceived + nerrors >= opts.count) break;
      if (opts.deadline > 0 && nerrors > 0) break;
      const ev = await q.next();
      switch (ev.kind) {
        case 'send':
          if (!moreToSend()) break;
          sendOne();
          if (moreToSend()) q.after(opts.intervalMs * MS, { kind: 'send' });
          else armLinger();
          break;
        case 'icmp':
          await handleIcmp(ev.delivery);
          break;
        case 'interrupt':
        case 'deadline':
        case 'linger':
          exiting = true;
          break;
      }
    }
  } finally {
    q.cancelTimers();
    socket.close();
    proc.onSignal(SIGINT, null);
  }

  // finish()
  const elapsedMs = Math.floor((lastSendNs - startNs + 500_000) / 1_000_000);
  let s = `\n--- ${hostname} ping statistics ---\n`;
  s += `${ntransmitted} packets transmitted, ${nreceived} received`;
  if (nrepeats > 0) s += `, +${nrepeats} duplicates`;
  if (nerrors > 0) s += `, +${nerrors} errors`;
  if (ntransmitted > 0) s += `, ${formatLoss(ntransmitted, nreceived)}% packet loss, time ${elapsedMs}ms`;
  s += '\n';
  let comma = '';
  if (nreceived > 0 && timing) {
    const total = nreceived + nrepeats;
    const tmavg = Math.floor(tsum / total);
    const tmvar = tsum < 2147483647 ? Math.floor((tsum2 - Math.floor((tsum * tsum) / total)) / total) : Math.floor(tsum2 / total) - tmavg * tmavg;
    const tmdev = Math.floor(Math.sqrt(Math.max(0, tmvar)));
    const f = (v: number): string => `${Math.floor(v / 1000)}.${String(v % 1000).padStart(3, '0')}`;
    s += `rtt min/avg/max/mdev = ${f(tmin)}/${f(tmavg)}/${f(tmax)}/${f(tmdev)} ms`;
    comma = ', ';
  }
  if (pipesize > 1) s += `${comma}pipe ${pipesize}`;
  s += '\n';
  out(s);
  return nreceived === 0 || (opts.deadline > 0 && opts.count > 0 && nreceived < opts.count) ? 1 : 0;
};
