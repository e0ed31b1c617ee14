// dhclient (isc-dhcp-client 4.4.3-P1): INIT-REBOOT with the recorded lease, else
// DISCOVER/OFFER/REQUEST/ACK with dhclient's backoff (initial interval 3 s, cutoff 15 s, timeout
// 60 s), the lease applied as dhclient-script does, then a daemon that renews at T1 (unicast to
// the server) and rebinds at T2 (broadcast). `-r` releases, `-x` stops the running client.
// Messages go to syslog; with -v to stderr too, as log_perror does.
import type { Credentials } from '../../os/fs/types.ts';
import { SIGTERM, type OutputStream, type Process } from '../../os/program.ts';
import { syslogOf } from '../../os/services/host-services.ts';
import type { Scheduler } from '../../engine/scheduler.ts';
import type { UdpSocket } from '../../stack/udp.ts';
import { formatIpv4, formatMac, maskToPrefix, type Ipv4 } from '../../wire/addr.ts';
import {
  BOOTREPLY,
  DHCP_CLIENT_PORT,
  DHCP_SERVER_PORT,
  DHCPACK,
  DHCPNAK,
  DHCPOFFER,
  dhcpClientMac,
  dhcpOption,
  emitDhcp,
  parseDhcp,
  type DhcpMessage,
} from '../../wire/dhcp.ts';
import { applyLease, formatClientLease, lastClientLease, leaseFromAck, unconfigure, type ClientLease } from './client-lease.ts';
import { clientMessage, duidLlt, rfc4361ClientId, type ClientIdentity, type ClientRequestKind } from './dhcp-client-messages.ts';
import { FATAL_TRAILER } from './dhcpd.ts';
import { ISC_DHCP_VERSION, quotify, unquotify } from './lease-file.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
/** A daemon's stdio after go_daemon (/dev/null). */
const DEV_NULL: OutputStream = { tty: null, write() {}, close() {} };
const SECOND = 1_000_000_000;
const dec = new TextDecoder();

/** clparse.c's defaults (dhclient.conf(5) may say otherwise; the code wins). */
const INITIAL_INTERVAL = 3;
const BACKOFF_CUTOFF = 15;
const TIMEOUT = 60;
const REBOOT_TIMEOUT = 10;
const RETRY_INTERVAL = 300;

export const CLIENT_BANNER = [
  `Internet Systems Consortium DHCP Client ${ISC_DHCP_VERSION}`,
  'Copyright 2004-2022 Internet Systems Consortium.',
  'All rights reserved.',
  'For info, please visit https://www.isc.org/software/dhcp/',
  '',
];

const USAGE = [
  'Usage: dhclient [-4|-6] [-SNTPRI1dvrxi] [-nw] [-p <port>] [-D LL|LLT] ',
  '                [--dad-wait-time <seconds>] [--prefix-len-hint <length>]',
  '                [--decline-wait-time <seconds>]',
  '                [--address-prefix-len <length>]',
  '                [-s server-addr] [-cf config-file]',
  '                [-df duid-file] [-lf lease-file]',
  '                [-pf pid-file] [--no-pid] [-e VAR=val]',
  '                [-sf script-file] [interface]*',
  '       dhclient {--version|-V}',
];

interface ClientArgs {
  verbose: boolean;
  release: boolean;
  exit: boolean;
  foreground: boolean;
  once: boolean;
  noWait: boolean;
  duid: boolean;
  pidFile: string | null;
  leaseFile: string;
  duidFile: string;
  confFile: string;
  interfaces: string[];
}

function parseArgs(argv: readonly string[]): ClientArgs | 'usage' | 'version' {
  const a: ClientArgs = {
    verbose: false,
    release: false,
    exit: false,
    foreground: false,
    once: false,
    noWait: false,
    duid: false,
    pidFile: '/run/dhclient.pid',
    leaseFile: '/var/lib/dhcp/dhclient.leases',
    duidFile: '/var/lib/dhcp/dhclient6.leases',
    confFile: '/etc/dhcp/dhclient.conf',
    interfaces: [],
  };
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    const value = (): string | null => (i + 1 < argv.length ? argv[++i] : null);
    switch (w) {
      case '-4':
      case '-q':
      case '-I':
        break;
      case '-v':
        a.verbose = true;
        break;
      case '-r':
        a.release = true;
        break;
      case '-x':
        a.exit = true;
        break;
      case '-d':
        a.foreground = true;
        break;
      case '-1':
        a.once = true;
        break;
      case '-nw':
        a.noWait = true;
        break;
      case '-i':
        a.duid = true;
        break;
      case '--no-pid':
        a.pidFile = null;
        break;
      case '--version':
      case '-V':
        return 'version';
      case '-pf':
      case '-lf':
      case '-df':
      case '-cf':
      case '-sf':
      case '-e': {
        const v = value();
        if (v === null) return 'usage';
        if (w === '-pf') a.pidFile = v;
        else if (w === '-lf') a.leaseFile = v;
        else if (w === '-df') a.duidFile = v;
        else if (w === '-cf') a.confFile = v;
        break;
      }
      default:
        if (w.startsWith('-')) return 'usage';
        a.interfaces.push(w);
    }
  }
  return a;
}

class ClientLog {
  constructor(
    public proc: Process,
    /** log_perror: off once daemonized. */
    public verbose: boolean,
  ) {}

  line(message: string, severity: 'info' | 'err' = 'info'): void {
    if (message !== '') syslogOf(this.proc.host)?.log({ facility: 'daemon', severity, tag: 'dhclient', pid: this.proc.pid, message });
    if (this.verbose) this.proc.stderr.write(`${message}\n`);
  }

  fatal(message: string): number {
    this.line(message, 'err');
    for (const l of FATAL_TRAILER) this.line(l, 'err');
    return 1;
  }
}

/** Received replies waiting for the state machine, and a wait with a deadline. */
class Inbox {
  private readonly items: { msg: DhcpMessage; from: Ipv4 }[] = [];
  private wake: (() => void) | null = null;
  stopped = false;

  constructor(private readonly scheduler: Scheduler) {}

  push(msg: DhcpMessage, from: Ipv4): void {
    this.items.push({ msg, from });
    this.wake?.();
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  /** The next reply, or null once virtual time reaches `untilNs` (or the client stopped). */
  async next(untilNs: number): Promise<{ msg: DhcpMessage; from: Ipv4 } | null> {
    for (;;) {
      if (this.stopped) return null;
      const item = this.items.shift();
      if (item !== undefined) return item;
      if (this.scheduler.now >= untilNs) return null;
      await new Promise<void>((resolve) => {
        const timer = this.scheduler.at(untilNs, () => {
          this.wake = null;
          this.scheduler.noteAsyncWake();
          resolve();
        });
        this.wake = () => {
          timer.cancel();
          this.wake = null;
          this.scheduler.noteAsyncWake();
          resolve();
        };
      });
    }
  }

  async sleepUntil(untilNs: number): Promise<void> {
    while (!this.stopped && this.scheduler.now < untilNs) {
      this.items.length = 0;
      await this.next(untilNs);
    }
  }
}

/** One interface's client: the RFC 2131 state machine as dhclient runs it. */
class ClientSession {
  readonly inbox: Inbox;
  private xid = 0;
  active: ClientLease | null;
  /** The process the client runs in: the foreground one, then the daemon. */
  proc: Process;
  /** Where dhclient-script's output goes: the terminal, /dev/null once daemonized. */
  scriptOut: OutputStream;
  constructor(
    proc: Process,
    readonly iface: string,
    private readonly sock: UdpSocket,
    private readonly id: ClientIdentity,
    private readonly log: ClientLog,
    private readonly args: ClientArgs,
    recorded: ClientLease | null,
  ) {
    this.proc = proc;
    this.scriptOut = proc.stdout;
    this.inbox = new Inbox(proc.host.scheduler);
    this.active = recorded;
    sock.onMessage.on((m) => {
      const parsed = parseDhcp(m.data);
      if (!parsed.ok) return; // garbage on port 68 is ignored
      const msg = parsed.value;
      if (msg.op !== BOOTREPLY || msg.xid !== this.xid || dhcpClientMac(msg) !== this.id.mac) return;
      this.inbox.push(msg, m.from);
    });
  }

  private get now(): number {
    return this.proc.host.scheduler.now;
  }

  private wallMs(): number {
    return this.proc.host.wallTimeMs();
  }

  private newXid(): void {
    this.xid = this.proc.host.rng.int(0, 0xffffffff) >>> 0;
  }

  private send(what: ClientRequestKind, secs: number, to: Ipv4, src: Ipv4): void {
    const bytes = emitDhcp(clientMessage(this.id, this.xid, secs, what));
    this.sock.sendTo(bytes, to, DHCP_SERVER_PORT, { iface: this.iface, src });
  }

  /**
   * send_discover/send_request's backoff: the interval (initial 3 s) grows by a random amount
   * up to twice itself at each transmission, the first included; past the 15 s cutoff it is
   * drawn again between 7 and 21 s.
   */
  private grow(interval: number): number {
    const rng = this.proc.host.rng;
    let next = interval + rng.int(0, 2 * interval - 1);
    if (next > BACKOFF_CUTOFF) next = Math.floor(BACKOFF_CUTOFF / 2) + rng.int(0, BACKOFF_CUTOFF - 1);
    return next;
  }

  private secondsSince(startNs: number): number {
    return Math.floor((this.now - startNs) / SECOND);
  }

  /** Gets a lease: the recorded one first (INIT-REBOOT), else DISCOVER. True when bound. */
  async acquire(): Promise<boolean> {
    if (this.active !== null && this.active.expireMs > this.wallMs()) {
      const r = await this.reboot(this.active);
      if (r === 'bound') return true;
      if (this.inbox.stopped) return false;
    }
    return this.discover();
  }

  /** state_reboot: the recorded address asked for again, broadcast, for 10 s at most. */
  private async reboot(lease: ClientLease): Promise<'bound' | 'init'> {
    this.newXid();
    const start = this.now;
    let interval = INITIAL_INTERVAL;
    for (;;) {
      const elapsed = this.secondsSince(start);
      if (elapsed > REBOOT_TIMEOUT) return 'init';
      interval = this.grow(interval);
      this.log.line(`DHCPREQUEST for ${formatIpv4(lease.address)} on ${this.iface} to 255.255.255.255 port 67`);
      this.send({ kind: 'reboot', requested: lease.address }, elapsed, 0xffffffff, 0);
      const r = await this.awaitAck(this.now + interval * SECOND);
      if (r === 'nak') return 'init';
      if (r !== null) return this.bind(r.msg, r.from, 'REBOOT');
      if (this.inbox.stopped) return 'init';
    }
  }

  private async awaitAck(until: number): Promise<{ msg: DhcpMessage; from: Ipv4 } | 'nak' | null> {
    for (;;) {
      const r = await this.inbox.next(until);
      if (r === null) return null;
      const type = dhcpOption(r.msg, 'message-type')?.type;
      if (type === DHCPNAK) {
        this.log.line(`DHCPNAK from ${formatIpv4(r.from)}`);
        // dhcpnak: the script's EXPIRE drops what the old lease configured.
        if (this.active !== null) {
          unconfigure(this.proc.host.net, this.iface);
          this.active = null;
        }
        return 'nak';
      }
      if (type === DHCPACK) return r;
    }
  }

  /** state_init, SELECTING, REQUESTING: until bound, or "No DHCPOFFERS received." past 60 s. */
  private async discover(): Promise<boolean> {
    for (;;) {
      this.newXid();
      const first = this.now;
      let interval = INITIAL_INTERVAL;
      let secs = 0;
      let offer: { msg: DhcpMessage; from: Ipv4 } | null = null;
      while (offer === null) {
        const elapsed = this.secondsSince(first);
        if (elapsed > TIMEOUT) return this.panic();
        interval = this.grow(interval);
        if (elapsed + interval > TIMEOUT) interval = TIMEOUT - elapsed + 1;
        secs = elapsed;
        this.log.line(`DHCPDISCOVER on ${this.iface} to 255.255.255.255 port 67 interval ${interval}`);
        this.send({ kind: 'discover', requested: this.active?.address ?? null }, secs, 0xffffffff, 0);
        const until = this.now + interval * SECOND;
        for (;;) {
          const r = await this.inbox.next(until);
          if (r === null) break;
          if (dhcpOption(r.msg, 'message-type')?.type === DHCPOFFER && r.msg.yiaddr !== 0) {
            offer = r;
            break;
          }
        }
        if (this.inbox.stopped) return false;
      }
      const server = dhcpOption(offer.msg, 'server-id')?.address ?? offer.from;
      const address = offer.msg.yiaddr;
      this.log.line(`DHCPOFFER of ${formatIpv4(address)} from ${formatIpv4(offer.from)}`);
      // state_selecting -> REQUESTING: the same xid and secs; back to INIT after 10 s unanswered.
      const reqStart = this.now;
      interval = INITIAL_INTERVAL;
      for (;;) {
        if (this.secondsSince(reqStart) > REBOOT_TIMEOUT) break;
        interval = this.grow(interval);
        this.log.line(`DHCPREQUEST for ${formatIpv4(address)} on ${this.iface} to 255.255.255.255 port 67`);
        this.send({ kind: 'select', server, requested: address }, secs, 0xffffffff, 0);
        const r = await this.awaitAck(this.now + interval * SECOND);
        if (r === 'nak') break;
        if (r !== null) {
          this.bind(r.msg, r.from, 'BOUND');
          return true;
        }
        if (this.inbox.stopped) return false;
      }
    }
  }

  /**
   * state_panic: no offer in time. A recorded lease still running is tried (the script's
   * TIMEOUT keeps it if its first router answers a ping); else the client sleeps (-1: exits).
   */
  private async panic(): Promise<boolean> {
    this.log.line('No DHCPOFFERS received.');
    const lease = this.active;
    if (lease !== null && lease.expireMs > this.wallMs()) {
      this.log.line(`Trying recorded lease ${formatIpv4(lease.address)}`);
      if (await this.timeoutScript(lease)) {
        const left = Math.floor((lease.renewMs - this.wallMs()) / 1000);
        this.log.line(left > 0 ? `bound: renewal in ${left} seconds.` : 'bound: immediate renewal.');
        return true;
      }
    }
    if (!this.args.once) this.log.line('No working leases in persistent database - sleeping.');
    return false;
  }

  /** dhclient-script TIMEOUT: the address set again, kept when `ping -q -c 1 ROUTER` succeeds. */
  private async timeoutScript(lease: ClientLease): Promise<boolean> {
    const net = this.proc.host.net;
    const dev = net.interfaces.get(this.iface);
    if (dev === undefined) return false;
    if (!dev.addresses.some((a) => a.address === lease.address)) dev.addAddress(lease.address, lease.mask !== null ? (maskToPrefix(lease.mask) ?? 32) : 32);
    const router = lease.routers[0];
    let alive = true;
    if (router !== undefined) {
      const child = this.proc.spawn(['ping', '-q', '-c', '1', formatIpv4(router)], { path: '/bin/ping', stdout: this.scriptOut, stderr: this.scriptOut });
      alive = !('error' in child) && (await child.wait()) === 0;
    }
    if (!alive) {
      unconfigure(net, this.iface);
      return false;
    }
    applyLease(net, this.proc.host.fs, lease, null);
    return true;
  }

  /** dhcpack + bind_lease: times, script, lease file, the "bound to" line. */
  private bind(ack: DhcpMessage, from: Ipv4, _reason: 'BOUND' | 'REBOOT' | 'RENEW' | 'REBIND'): 'bound' {
    const lease = leaseFromAck(this.iface, ack, from);
    this.log.line(`DHCPACK of ${formatIpv4(lease.address)} from ${formatIpv4(from)}`);
    const rng = this.proc.host.rng;
    const expiry = lease.leaseTime;
    let renewal = lease.renewalTime ?? Math.floor(expiry / 2) + 1;
    renewal = Math.floor((renewal * 3 + 3) / 4) + Math.floor((rng.int(0, renewal - 1) + 3) / 4);
    const rebind = lease.rebindingTime ?? Math.floor((expiry * 7) / 8);
    if (renewal > rebind) renewal = Math.floor((rebind * 3) / 4);
    const wall = this.wallMs();
    lease.renewMs = wall + renewal * 1000;
    lease.rebindMs = wall + rebind * 1000;
    lease.expireMs = wall + expiry * 1000;
    applyLease(this.proc.host.net, this.proc.host.fs, lease, this.active);
    this.active = lease;
    const fs = this.proc.host.fs;
    const cur = fs.readFile(this.args.leaseFile, ROOT);
    fs.writeFile(this.args.leaseFile, (cur.ok ? dec.decode(cur.value) : '') + formatClientLease(lease), ROOT);
    this.log.line(`bound to ${formatIpv4(lease.address)} -- renewal in ${renewal} seconds.`);
    return 'bound';
  }

  /** The daemon's life: renew at T1, rebind at T2, start over at expiry; retry after a failure. */
  async lifecycle(first: boolean | null): Promise<void> {
    const rng = this.proc.host.rng;
    // -nw: nothing tried yet.
    let bound = first ?? (await this.acquire());
    for (;;) {
      if (this.inbox.stopped) return;
      if (!bound) {
        const wait = Math.floor((RETRY_INTERVAL + 1) / 2) + rng.int(0, RETRY_INTERVAL - 1);
        await this.inbox.sleepUntil(this.now + wait * SECOND);
        if (this.inbox.stopped) return;
        bound = await this.acquire();
        continue;
      }
      const lease = this.active!;
      const toNs = (wallMs: number) => this.now + Math.max(0, wallMs - this.wallMs()) * 1_000_000;
      await this.inbox.sleepUntil(toNs(lease.renewMs));
      if (this.inbox.stopped) return;
      bound = await this.renew(lease, toNs(lease.rebindMs), toNs(lease.expireMs));
    }
  }

  /**
   * state_bound at T1: RENEWING unicast to the server, broadcast (REBINDING) once past T2; at
   * expiry the script's EXPIRE drops the address and the client starts over.
   */
  private async renew(lease: ClientLease, rebindAt: number, expireAt: number): Promise<boolean> {
    this.newXid();
    const start = this.now;
    let interval = INITIAL_INTERVAL;
    for (;;) {
      if (this.inbox.stopped) return false;
      if (this.now > expireAt) {
        unconfigure(this.proc.host.net, this.iface);
        this.active = null;
        return this.acquire();
      }
      interval = this.grow(interval);
      if (this.now + interval * SECOND > expireAt) interval = Math.floor((expireAt - this.now) / SECOND) + 1;
      const rebinding = this.now > rebindAt;
      const to = rebinding ? 0xffffffff : lease.serverId;
      this.log.line(`DHCPREQUEST for ${formatIpv4(lease.address)} on ${this.iface} to ${formatIpv4(to)} port 67`);
      this.send({ kind: 'renew', address: lease.address }, this.secondsSince(start), to, lease.address);
      const r = await this.awaitAck(this.now + interval * SECOND);
      if (r === 'nak') return this.acquire();
      if (r !== null) {
        this.bind(r.msg, r.from, rebinding ? 'REBIND' : 'RENEW');
        return true;
      }
    }
  }

  /** state_stop (-x): the script's STOP drops what the recorded lease configured. */
  stop(): void {
    if (this.active === null) return;
    unconfigure(this.proc.host.net, this.iface);
    this.active = null;
  }

  /** do_release: DHCPRELEASE to the server, then the script's RELEASE. */
  async release(): Promise<void> {
    const lease = this.active;
    if (lease === null || lease.expireMs <= this.wallMs()) return;
    this.newXid();
    // send_release: the lease is recorded as ended now, so a restart will not reuse it.
    const wall = this.wallMs();
    const ended: ClientLease = { ...lease, renewMs: wall, rebindMs: wall, expireMs: wall };
    const fs = this.proc.host.fs;
    const cur = fs.readFile(this.args.leaseFile, ROOT);
    fs.writeFile(this.args.leaseFile, (cur.ok ? dec.decode(cur.value) : '') + formatClientLease(ended), ROOT);
    this.log.line(`DHCPRELEASE of ${formatIpv4(lease.address)} on ${this.iface} to ${formatIpv4(lease.serverId)} port 67`);
    this.send({ kind: 'release', server: lease.serverId, address: lease.address }, 0, lease.serverId, lease.address);
    // Let the datagram (and the ARP it may need) leave before the address goes.
    await this.inbox.sleepUntil(this.now + SECOND / 10);
    unconfigure(this.proc.host.net, this.iface);
    this.active = null;
  }
}

function readText(proc: Process, path: string): string | null {
  const r = proc.host.fs.readFile(path, ROOT);
  return r.ok ? dec.decode(r.value) : null;
}

function livePid(proc: Process, pidFile: string | null): number | null {
  if (pidFile === null) return null;
  const text = readText(proc, pidFile);
  const pid = text === null ? NaN : Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === proc.pid) return null;
  return proc.host.processes.get(pid)?.state === 'S' ? pid : null;
}

/** Waits (at most 2 s) for a signalled process to be gone, as dhclient does after killing one. */
async function waitGone(proc: Process, pid: number): Promise<void> {
  for (let i = 0; i < 200 && proc.host.processes.get(pid)?.state === 'S'; i++) await proc.sleep(SECOND / 100);
}

/**
 * Another dhclient already holds port 68 on this interface (ifup's, with its own PID file). On
 * Linux both would run side by side on their packet sockets; here one socket serves an
 * interface, so the older client is stopped and the new one carries on, as the user expects.
 */
async function takeOverPort(proc: Process, iface: string, sock: UdpSocket): Promise<boolean> {
  const holder = proc.host.net.udp.sockets().find((o) => o !== sock && o.localPort === DHCP_CLIENT_PORT && (o.boundDevice === iface || o.boundDevice === null));
  const pid = holder?.owner?.pid;
  if (pid === undefined || pid === proc.pid || proc.host.processes.get(pid)?.comm !== 'dhclient') return false;
  proc.kill(pid, SIGTERM);
  await waitGone(proc, pid);
  return sock.bind(0, DHCP_CLIENT_PORT) === null;
}

const DUID_LINE = /^default-duid\s+"((?:[^"\\]|\\.)*)";\n?/m;

/** -i: the DUID of the -df file, else of the lease file, else a new DUID-LLT (form_duid). */
function duidOf(proc: Process, args: ClientArgs, leasesText: string, mac: number): Uint8Array {
  for (const text of [readText(proc, args.duidFile) ?? '', leasesText]) {
    const m = DUID_LINE.exec(text);
    if (m !== null) return unquotify(m[1]);
  }
  return duidLlt(mac, proc.host.wallTimeMs());
}

/** `dhclient [-4] [-v] [-r|-x] [-d] [-1] [-i] [-pf F] [-lf F] [-df F] [IFACE...]`. */
export async function dhclientMain(proc: Process): Promise<number> {
  const args = parseArgs(proc.argv);
  if (args === 'version') {
    proc.stderr.write(`isc-dhclient-${ISC_DHCP_VERSION}\n`);
    return 0;
  }
  if (args === 'usage') {
    // usage(): the banner, then log_fatal's usage text and trailer (stderr and syslog).
    const log = new ClientLog(proc, true);
    for (const l of CLIENT_BANNER.slice(0, 4)) log.line(l);
    return log.fatal(USAGE.join('\n'));
  }
  const log = new ClientLog(proc, args.verbose);
  if (args.verbose) for (const l of CLIENT_BANNER) log.line(l);
  const net = proc.host.net;

  if (args.release || args.exit) {
    // The running client is told to stop, then given a second to do so.
    const old = livePid(proc, args.pidFile);
    if (old !== null && proc.kill(old, SIGTERM) === null) await proc.sleep(SECOND);
  }

  const names = args.interfaces.length > 0 ? args.interfaces : [...net.interfaces.values()].filter((d) => !d.loopback).map((d) => d.name);
  for (const name of names) {
    const dev = net.interfaces.get(name);
    if (dev === undefined || dev.loopback) return log.fatal(`Error getting hardware address for "${name}": No such device`);
  }
  let leasesText = readText(proc, args.leaseFile) ?? '';
  const duid = args.duid && names.length > 0 ? duidOf(proc, args, leasesText, net.interfaces.get(names[0])!.mac) : null;
  if (duid !== null) {
    // rewrite_client_leases: the DUID first, then the leases known.
    leasesText = `default-duid ${quotify(duid)};\n${leasesText.replace(DUID_LINE, '')}`;
    proc.host.fs.writeFile(args.leaseFile, leasesText, ROOT);
  }
  const sessions: ClientSession[] = [];
  const sockets: UdpSocket[] = [];
  const hostname = /^\s*send\s+host-name\s*=\s*gethostname\(\)\s*;/m.test(readText(proc, args.confFile) ?? '') ? proc.host.hostname : null;
  for (const name of names) {
    const dev = net.interfaces.get(name)!;
    dev.setUp(true);
    if (args.verbose) {
      log.line(`Listening on LPF/${name}/${formatMac(dev.mac)}`);
      log.line(`Sending on   LPF/${name}/${formatMac(dev.mac)}`);
    }
    const sock = net.udp.open();
    sock.owner = { pid: proc.pid, name: proc.comm };
    sock.bindToDevice(name);
    sock.receiveUnconfigured = true;
    const recorded = lastClientLease(leasesText, name);
    if (sock.bind(0, DHCP_CLIENT_PORT) !== null) {
      // -r/-x with nothing recorded here have nothing to send: the other client is left alone.
      const needed = !(args.release || args.exit) || (recorded !== null && recorded.expireMs > proc.host.wallTimeMs());
      if (!needed) {
        sock.close();
        continue;
      }
      if (!(await takeOverPort(proc, name, sock))) {
        for (const s of sockets) s.close();
        sock.close();
        return log.fatal("Can't bind to dhcp address: Address already in use");
      }
    }
    sockets.push(sock);
    const id: ClientIdentity = { mac: dev.mac, hostname, clientId: duid !== null ? rfc4361ClientId(dev.mac, duid) : null };
    sessions.push(new ClientSession(proc, name, sock, id, log, args, recorded));
  }
  if (args.verbose) log.line('Sending on   Socket/fallback');
  const closeAll = (): void => {
    for (const s of sessions) s.inbox.stop();
    for (const s of sockets) s.close();
  };

  if (args.release || args.exit) {
    for (const s of sessions) {
      if (args.release) await s.release();
      else s.stop();
    }
    closeAll();
    return 0;
  }

  const atExitParent = proc.atExit(closeAll);
  const results = args.noWait ? sessions.map(() => null) : await Promise.all(sessions.map((s) => s.acquire()));
  if (results.every((r) => r === false) && args.once) {
    // state_panic with -1 exits (2) before sleeping.
    log.line('Unable to obtain a lease on first try.  Exiting.');
    closeAll();
    return 2;
  }
  const daemon = async (p: Process): Promise<number> => {
    log.proc = p;
    for (const s of sessions) {
      s.proc = p;
      if (!args.foreground) s.scriptOut = DEV_NULL;
    }
    log.verbose = args.foreground && args.verbose;
    for (const s of sockets) s.owner = { pid: p.pid, name: p.comm };
    p.atExit(closeAll);
    if (args.pidFile !== null) p.host.fs.writeFile(args.pidFile, `${p.pid}\n`, ROOT);
    await Promise.all(sessions.map((s, i) => s.lifecycle(results[i])));
    return 0;
  };
  if (args.foreground) return daemon(proc);
  // go_daemon: the child carries on, the parent returns the prompt.
  atExitParent.dispose();
  const child = proc.fork(daemon, { setsid: true });
  // The sockets are the daemon's from now on (the host closes a process's sockets at its exit).
  for (const s of sockets) s.owner = { pid: child.pid, name: proc.comm };
  return 0;
}
