// /usr/sbin/named, the daemon: reads /etc/bind/named.conf, logs its start as BIND 9.18 does,
// answers on UDP and TCP port 53 of every IPv4 address (or `listen-on`), runs the command channel
// on 127.0.0.1#953 for rndc, reloads on SIGHUP and stops on SIGTERM. Requests go to the sans-IO
// engine (query-engine.ts); this file is the adapter onto sockets and timers.
import { SIGHUP, SIGINT, SIGTERM, type Process, type Program } from '../../os/program.ts';
import { sdNotify } from '../../os/services/host-services.ts';
import { UserDb } from '../../os/users/user-db.ts';
import type { UdpSocket, UdpMessage } from '../../stack/udp.ts';
import type { TcpConnection, TcpListener } from '../../stack/tcp/tcp-module.ts';
import { formatIpv4, parseIpv4, type Ipv4 } from '../../wire/addr.ts';
import {
  DNS_CLASS_IN, DNS_OPCODE_NOTIFY, DNS_OPCODE_QUERY, DNS_RCODE_NOERROR, DNS_RCODE_REFUSED, DNS_TYPE_IXFR,
  DNS_TYPE_SOA, emitDns, parseDns, type DnsMessage,
} from '../../wire/dns.ts';
import { aclAllows } from './acl.ts';
import { CONTROL_PORT, encodeControlReply, type ControlReply } from './control-protocol.ts';
import { formatIpv6 } from './dns-text.ts';
import { startupBanner } from './named-log.ts';
import { NamedServer, serialGt, type ZoneState } from './named-server.ts';
import { NAMED_BUILT_WITH, NAMED_RUNNING_ON, NAMED_VERSION_LINE } from './named-version.ts';
import { axfrRecords, processRequest, queryLogText, renderResponse, udpLimit, type ClientInfo, type QueryOutcome } from './query-engine.ts';
import { serverCookieValid } from './cookie.ts';
import { ReplyCache } from './reply-cache.ts';
import { SecondaryRefresher } from './secondary-zone.ts';
import type { Rng } from '../../engine/rng.ts';
import { Resolver, type QueryResult } from './resolver.ts';
import { buildAxfr, frameTcp, TcpDnsFramer } from './zone-transfer.ts';
import { nameForLog } from './dns-text.ts';

const MS = 1_000_000;
const SECOND = 1_000_000_000;
/** Per-server wait of the resolver and of SOA refresh queries. */
const QUERY_TIMEOUT = 1200 * MS;
const TCP_IDLE = 30 * SECOND;

interface Listening {
  readonly address: Ipv4;
  readonly iface: string;
  readonly udp: UdpSocket;
  readonly tcp: TcpListener | null;
}

/** The daemon's sockets and timers around a NamedServer. */
class NamedNet {
  private readonly listening: Listening[] = [];
  private control: TcpListener | null = null;
  private readonly tcpOpen = new Set<TcpConnection>();
  private readonly resolver: Resolver;
  private readonly secondaries: SecondaryRefresher;
  readonly rng: Rng;
  stopped = false;
  private readonly replies = new ReplyCache();
  /** The IPv6 addresses logged as listened on (logged again at shutdown). */
  private readonly ipv6: string[] = [];
  /** `rndc querylog`: off by default, as on Debian. */
  querylog = false;

  constructor(
    private readonly server: NamedServer,
    private readonly proc: Process,
    private readonly onStop: () => void,
  ) {
    this.rng = proc.host.rng.fork(`named:${proc.pid}`);
    this.resolver = new Resolver({
      cache: server.cache,
      transport: { query: (s, n, t, rd) => this.udpQuery(s, n, t, rd) },
      rootHints: () => server.rootHints,
      forwarders: (name) => server.forwardersFor(name).forwarders,
      forwardOnly: (name) => server.forwardersFor(name).only,
      onPrimingFailure: () => server.log('resolver priming query complete: failure'),
      now: () => proc.host.scheduler.now,
    });
    this.secondaries = new SecondaryRefresher(server, proc, this);
    server.onSecondaryZone = (z) => this.secondaries.schedule(z, 0);
    server.onZoneLoaded = (z) => this.sendNotifies(z);
    server.onInterfaceScan = () => this.scanInterfaces();
  }

  owner(): { pid: number; name: string } {
    return { pid: this.proc.pid, name: 'named' };
  }

  /** A fake client object address for log lines ("client @0x7f31dcb7a898"). */
  private clientTag(): string {
    return `@0x7f31dc${this.rng.int(0, 0xffffff).toString(16).padStart(6, '0')}`;
  }

  private nowSec(): number {
    return Math.floor(this.proc.host.wallTimeMs() / 1000);
  }

  // ------------------------------------------------------------ listeners

  /** The "listening on" lines and sockets (BIND binds each address separately). */
  listen(): void {
    this.scanInterfaces();
    const conf = this.server.conf;
    if (conf?.options.listenOnV6 === null || (conf?.options.listenOnV6 ?? []).some((e) => e !== 'none')) {
      // Our stack is IPv4-only: the IPv6 lines are logged as on the recording machine, unbound.
      this.server.log('IPv6 socket API is incomplete; explicitly binding to each IPv6 address separately');
      for (const line of this.ipv6Lines()) {
        this.server.log(`listening on IPv6 interface ${line}#53`);
        this.ipv6.push(line.slice(line.indexOf(', ') + 2));
      }
    }
    this.server.log('generating session key for dynamic DNS');
  }

  /**
   * ns_interfacemgr_scan: listens on addresses that appeared (listen-on permitting), stops on
   * those that went away. At start and at each reload, as BIND does.
   */
  scanInterfaces(): void {
    const conf = this.server.conf;
    const acl = { acls: conf?.acls ?? new Map(), localAddresses: () => this.server.localAddresses() };
    const wanted = conf?.options.listenOn ?? ['any'];
    const present = this.server.localAddresses().filter((a) => aclAllows(wanted, a.address, acl));
    for (let i = this.listening.length - 1; i >= 0; i--) {
      const l = this.listening[i];
      if (present.some((a) => a.address === l.address)) continue;
      l.udp.close();
      l.tcp?.close();
      this.listening.splice(i, 1);
      this.server.log(`no longer listening on ${formatIpv4(l.address)}#53`);
    }
    for (const a of present) {
      if (this.listening.some((l) => l.address === a.address)) continue;
      const udp = this.proc.host.net.udp.open();
      udp.owner = this.owner();
      const err = udp.bind(a.address, 53);
      if (err !== null) {
        udp.close();
        this.server.log(`could not listen on UDP socket: ${err === 'EADDRINUSE' ? 'address in use' : err}`, 'err');
        continue;
      }
      udp.onMessage.on((m) => this.onUdp(udp, m));
      const tcp = this.proc.host.net.tcp.listen({ address: a.address, port: 53, backlog: 10, owner: this.owner() });
      const listener = typeof tcp === 'string' ? null : tcp;
      listener?.onConnection.on((c) => this.onTcp(c));
      this.listening.push({ address: a.address, iface: a.iface, udp, tcp: listener });
      this.server.log(`listening on IPv4 interface ${a.iface}, ${formatIpv4(a.address)}#53`);
    }
  }

  private ipv6Lines(): string[] {
    const out: string[] = [];
    for (const dev of this.proc.host.net.interfaces.values()) {
      if (dev.name === 'lo') out.unshift('lo, ::1');
      else if (dev.addresses.length > 0) out.push(`${dev.name}, ${linkLocal(dev.mac)}%${dev.index}`);
    }
    return out;
  }

  openControl(): void {
    this.server.log("configuring command channel from '/etc/bind/rndc.key'");
    const l = this.proc.host.net.tcp.listen({ address: parseIpv4('127.0.0.1')!, port: CONTROL_PORT, backlog: 5, owner: this.owner() });
    if (typeof l === 'string') {
      this.server.log(`couldn't add command channel 127.0.0.1#953: address in use`, 'err');
    } else {
      this.control = l;
      l.onConnection.on((c) => this.onControl(c));
      this.server.log('command channel listening on 127.0.0.1#953');
    }
    this.server.log("configuring command channel from '/etc/bind/rndc.key'");
    this.server.log('command channel listening on ::1#953');
  }

  // ------------------------------------------------------------ queries

  private client(address: Ipv4, port: number, tcp: boolean): ClientInfo {
    return { address, port, tcp, nowSec: this.nowSec() };
  }

  private onUdp(sock: UdpSocket, m: UdpMessage): void {
    if (this.stopped) return;
    const second = this.nowSec();
    const gen = this.server.generation;
    if (this.querylog) this.logQuery(m.data, { address: m.from, port: m.fromPort, tcp: false, nowSec: second }, m.to);
    const hit = this.querylog ? null : this.replies.get(m.from, m.data, second, gen);
    if (hit !== null) {
      sock.sendTo(hit, m.from, m.fromPort);
      return;
    }
    const out = processRequest(this.server.view, m.data, { address: m.from, port: m.fromPort, tcp: false, nowSec: second });
    if (out.kind === 'reply' && out.log === undefined && out.request !== undefined) {
      // Authoritative answers only: the cacheable kind (no log line, no resolver involved).
      const bytes = renderResponse(out.response, udpLimit(out.request));
      this.replies.put(m.from, m.data, bytes, second, gen);
      sock.sendTo(bytes, m.from, m.fromPort);
      return;
    }
    const req = out.kind === 'recurse' ? out.request : null;
    this.dispatch(out, (r, request) => {
      sock.sendTo(renderResponse(r, udpLimit(request ?? req)), m.from, m.fromPort);
    }, m.from, m.fromPort, m.data);
  }

  private dispatch(out: QueryOutcome, send: (r: DnsMessage, req: DnsMessage | null) => void, from: Ipv4, port: number, raw: Uint8Array): void {
    const reqOf = (): DnsMessage | null => {
      if (out.kind === 'reply' && out.request !== undefined) return out.request;
      const p = parseDns(raw);
      return p.ok ? p.value : null;
    };
    switch (out.kind) {
      case 'drop':
        return;
      case 'reply':
        if (out.log !== undefined) this.server.log(`client ${this.clientTag()} ${out.log.message}`);
        send(out.response, reqOf());
        return;
      case 'notify':
        this.onNotify(out.zone, from, port, out.response, send);
        return;
      case 'axfr':
        // Never over UDP (the engine answers FORMERR there); TCP handles it in onTcp.
        return;
      case 'recurse': {
        const r = out.response;
        void this.resolver.resolve(out.qname, out.qtype).then((res) => {
          if (this.stopped) return;
          r.rcode = res.rcode;
          r.answers = [...out.prefix, ...res.answers];
          r.authority = res.answers.length === 0 ? res.authority : [];
          r.aa = false;
          send(r, out.request);
        });
        return;
      }
    }
  }

  private onTcp(conn: TcpConnection): void {
    this.tcpOpen.add(conn);
    this.server.tcpHighWater = Math.max(this.server.tcpHighWater, this.tcpOpen.size);
    const framer = new TcpDnsFramer();
    // tcp-initial-timeout / tcp-idle-timeout (30 s): a silent client is disconnected.
    let idle = this.proc.host.scheduler.after(TCP_IDLE, () => conn.close());
    conn.onData.on((d) => {
      idle.cancel();
      idle = this.proc.host.scheduler.after(TCP_IDLE, () => conn.close());
      for (const msg of framer.push(d)) {
        const client = this.client(conn.remoteAddress, conn.remotePort, true);
        if (this.querylog) this.logQuery(msg, client, conn.localAddress);
        const out = processRequest(this.server.view, msg, client);
        if (out.kind === 'axfr') this.sendAxfr(conn, out);
        else this.dispatch(out, (r) => conn.send(frameTcp(renderResponse(r, 65535))), conn.remoteAddress, conn.remotePort, msg);
      }
    });
    conn.onEnd.on(() => conn.close());
    conn.onClose.on(() => {
      idle.cancel();
      this.tcpOpen.delete(conn);
    });
  }

  private sendAxfr(conn: TcpConnection, out: Extract<QueryOutcome, { kind: 'axfr' }>): void {
    const db = out.zone.db!;
    const tag = this.clientTag();
    this.server.log(`client ${tag} ${out.log.message}`);
    // RFC 1995 §2: an IXFR from a client already at our serial gets our SOA alone.
    const theirs = out.request.questions[0]?.type === DNS_TYPE_IXFR ? out.request.authority.find((r) => r.data.kind === 'SOA') : undefined;
    const upToDate = theirs !== undefined && theirs.data.kind === 'SOA' && !serialGt(db.serial, theirs.data.serial);
    const x = buildAxfr(out.response, upToDate ? [db.soa!] : axfrRecords(db));
    for (const m of x.messages) conn.send(frameTcp(m));
    const ended = out.log.message.replace(/ started \(serial \d+\)$/, ' ended');
    this.server.log(`client ${tag} ${ended}: ${x.messages.length} messages, ${x.records} records, ${x.bytes} bytes, 0.001 secs (${x.bytes * 1000} bytes/sec) (serial ${db.serial})`);
  }

  private logQuery(bytes: Uint8Array, client: ClientInfo, local: Ipv4): void {
    const p = parseDns(bytes);
    if (!p.ok || p.value.qr) return;
    const cookie = p.value.edns?.options.find((o) => o.code === 10)?.data;
    const valid = cookie !== undefined && cookie.length === 24 && serverCookieValid(cookie, client.address, client.nowSec, this.server.cookieSecret);
    const text = queryLogText(p.value, client, local, valid);
    if (text !== null) this.server.log(`client ${this.clientTag()} ${text}`);
  }

  // ------------------------------------------------------------ command channel

  private onControl(conn: TcpConnection): void {
    let text = '';
    const dec = new TextDecoder();
    conn.onData.on((d) => {
      text += dec.decode(d);
      const nl = text.indexOf('\n');
      if (nl < 0) {
        // Not rndc: named drops a control connection that sends garbage.
        if (text.length > 4096) conn.abort();
        return;
      }
      const reply = this.command(text.slice(0, nl).trim());
      conn.send(new TextEncoder().encode(encodeControlReply(reply)));
      conn.close();
      if (this.stopping) this.finishStop();
    });
    conn.onEnd.on(() => conn.close());
  }

  private stopping = false;

  command(line: string): ControlReply {
    this.server.log(`received control channel command '${line}'`);
    const words = line.split(/\s+/).filter((w) => w !== '');
    const verb = (words[0] ?? '').toLowerCase();
    const arg = words[1];
    switch (verb) {
      case 'status':
        return { error: null, text: this.server.status(this.secondaries.running) };
      case 'reload': {
        if (arg === undefined) {
          const r = this.server.reloadAll();
          if (r.ok) this.afterReload();
          return r.ok ? { error: null, text: r.text } : { error: 'failure', text: '' };
        }
        const r = this.server.reloadZone(arg);
        return r.ok ? { error: null, text: r.text } : { error: 'not found', text: r.text };
      }
      case 'reconfig': {
        const r = this.server.reconfig();
        return r.ok ? { error: null, text: '' } : { error: 'failure', text: '' };
      }
      case 'flush':
        this.server.flush();
        return { error: null, text: '' };
      case 'zonestatus': {
        if (arg === undefined) return { error: 'not found', text: 'no matching zone' };
        const r = this.server.zoneStatus(arg);
        return r.ok ? { error: null, text: r.text } : { error: 'not found', text: r.text };
      }
      case 'refresh':
      case 'retransfer': {
        const st = arg === undefined ? undefined : this.server.findZoneState(arg);
        if (st === undefined) return { error: 'not found', text: `no matching zone '${arg ?? ''}' in any view` };
        if (st.served.kind !== 'secondary') return { error: 'not found', text: 'not a secondary zone' };
        if (verb === 'retransfer') {
          st.served.db = null;
          this.server.generation++;
        }
        this.secondaries.schedule(st, 0);
        return { error: null, text: verb === 'refresh' ? 'zone refresh queued' : '' };
      }
      case 'notify': {
        const st = arg === undefined ? undefined : this.server.findZoneState(arg);
        if (st === undefined) return { error: 'not found', text: `no matching zone '${arg ?? ''}' in any view` };
        this.sendNotifies(st);
        return { error: null, text: 'zone notify queued' };
      }
      case 'querylog': {
        const want = arg === undefined ? !this.querylog : ['on', 'yes', 'true', 'enable'].includes(arg.toLowerCase());
        this.querylog = want;
        this.server.queryLogging = want;
        this.server.log(`query logging is now ${want ? 'on' : 'off'}`);
        return { error: null, text: '' };
      }
      case 'dumpdb':
      case 'stats':
      case 'thaw':
      case 'freeze':
        return { error: null, text: '' };
      case 'stop':
      case 'halt':
        this.stopping = true;
        if (verb === 'stop') this.server.log('shutting down: flushing changes');
        return { error: null, text: '' };
      default:
        this.server.log(`unknown control channel command '${line.split(/\s+/)[0] ?? ''}'`, 'err');
        return { error: 'unknown command', text: '' };
    }
  }

  /** After a reload: priming as BIND does when it has no working resolver. */
  afterReload(): void {
    this.prime();
  }

  private finishStop(): void {
    this.onStop();
  }

  /** Resolver priming (". NS" to the root hints): no Internet in the lab, so it fails. */
  prime(): void {
    if (this.server.rootHints.length === 0 || this.server.conf?.options.recursion === false) return;
    void this.resolver.resolve('.', 2).then((r) => {
      if (r.rcode !== DNS_RCODE_NOERROR && this.server.conf?.options.dnssecValidation !== 'no') {
        this.server.log("managed-keys-zone: Unable to fetch DNSKEY set '.': failure", 'warning');
      }
    });
  }

  // ------------------------------------------------------------ outgoing queries

  /** One query over a fresh UDP socket; the reply, a timeout or an unreachable server. */
  udpQuery(server: Ipv4, name: string, type: number, rd: boolean, opcode = DNS_OPCODE_QUERY): Promise<QueryResult> {
    const sched = this.proc.host.scheduler;
    const sock = this.proc.host.net.udp.open();
    sock.owner = this.owner();
    const id = this.rng.int(0, 0xffff);
    const q: DnsMessage = {
      id, qr: false, opcode, aa: opcode === DNS_OPCODE_NOTIFY, tc: false, rd, ra: false, z: false, ad: false, cd: false, rcode: 0,
      questions: [{ name, type, class: DNS_CLASS_IN }], answers: [], authority: [], additional: [],
      edns: opcode === DNS_OPCODE_NOTIFY ? undefined : { udpPayloadSize: 1232, extendedRcode: 0, version: 0, dnssecOk: false, z: 0, options: [] },
    };
    return new Promise<QueryResult>((resolve) => {
      let done = false;
      const finish = (r: QueryResult) => {
        if (done) return;
        done = true;
        timer.cancel();
        sock.close();
        resolve(r);
        sched.noteAsyncWake();
      };
      sock.onMessage.on((m) => {
        if (m.from !== server || m.fromPort !== 53) return;
        const p = parseDns(m.data);
        if (!p.ok || p.value.id !== id || !p.value.qr) return;
        finish(p.value);
      });
      sock.onError.on(() => finish('unreachable'));
      const timer = sched.after(QUERY_TIMEOUT, () => finish('timeout'));
      const err = sock.sendTo(emitDns(q), server, 53);
      if (err !== null) finish('unreachable');
    });
  }

  // ------------------------------------------------------------ NOTIFY (RFC 1996)

  sendNotifies(st: ZoneState): void {
    if (st.served.kind !== 'primary' && st.served.kind !== 'secondary') return;
    if (st.served.db === null) return;
    const targets = this.server.notifyTargets(st);
    if (targets.length === 0) return;
    this.server.log(`zone ${nameForLog(st.served.name)}/IN: sending notifies (serial ${st.served.db.serial})`);
    for (const t of targets) void this.udpQuery(t, st.served.name, DNS_TYPE_SOA, false, DNS_OPCODE_NOTIFY);
  }

  private onNotify(zone: ZoneState['served'], from: Ipv4, port: number, r: DnsMessage, send: (r: DnsMessage, req: DnsMessage | null) => void): void {
    const name = nameForLog(zone.name);
    const who = `${formatIpv4(from)}#${port}`;
    this.server.log(`client ${this.clientTag()} ${who}: received notify for zone '${name}'`);
    const st = this.server.findZoneState(zone.name);
    if (st === undefined || !zone.primaries.includes(from)) {
      this.server.log(`zone ${name}/IN: refused notify from non-primary: ${who}`);
      r.rcode = DNS_RCODE_REFUSED;
      r.aa = false;
      send(r, null);
      return;
    }
    send(r, null);
    this.server.log(`zone ${name}/IN: notify from ${who}: serial ${st.served.db?.serial ?? 0}`);
    this.secondaries.schedule(st, 0);
  }

  // ------------------------------------------------------------ shutdown

  shutdown(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const st of this.server.zones.values()) st.cancelRefresh?.();
    this.server.log('stopping command channel on 127.0.0.1#953');
    this.server.log('stopping command channel on ::1#953');
    this.control?.close();
    for (const l of this.listening) {
      l.udp.close();
      l.tcp?.close();
      this.server.log(`no longer listening on ${formatIpv4(l.address)}#53`);
    }
    for (const a of this.ipv6) this.server.log(`no longer listening on ${a}#53`);
    for (const c of this.tcpOpen) c.close();
  }
}

/** The EUI-64 link-local address the kernel gives an Ethernet interface (RFC 4291 App. A). */
function linkLocal(mac: number): string {
  const b = new Uint8Array(16);
  b[0] = 0xfe;
  b[1] = 0x80;
  const m = [0, 0, 0, 0, 0, 0].map((_, i) => Math.floor(mac / 2 ** (8 * (5 - i))) & 0xff);
  b.set([m[0] ^ 0x02, m[1], m[2], 0xff, 0xfe, m[3], m[4], m[5]], 8);
  return formatIpv6(b);
}

function usageVersion(proc: Process, full: boolean): number {
  proc.stdout.write(`${NAMED_VERSION_LINE}\n`);
  if (full) {
    proc.stdout.write(`running on ${NAMED_RUNNING_ON}\nbuilt by make with  ${NAMED_BUILT_WITH}\n`);
  }
  return 0;
}

const PID_FILE = '/run/named/named.pid';
const ROOT = { uid: 0, gid: 0, groups: [0] };

/** named's pid file, in the directory Debian's tmpfiles.d/named.conf creates. */
function writePidFile(proc: Process): void {
  proc.host.fs.mkdir('/run/named', ROOT, { parents: true });
  proc.host.fs.writeFile(PID_FILE, `${proc.pid}\n`, ROOT);
}

/** The named running on each host, for observers that ask it without the network (lab step checks). */
const running = new WeakMap<object, NamedServer>();

export function namedServerOf(host: object): NamedServer | null {
  return running.get(host) ?? null;
}

export const named: Program = async (proc) => {
  const args = proc.argv.slice(1);
  if (args.includes('-v')) return usageVersion(proc, false);
  if (args.includes('-V')) return usageVersion(proc, true);
  const server = new NamedServer(proc);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-g') server.logToStderr = true;
    else if (args[i] === '-c' && args[i + 1] !== undefined) server.confFile = args[++i];
    else if (args[i] === '-u' && args[i + 1] !== undefined) {
      // setuid after start-up: zone files are read and written as that user (bind on Debian).
      server.runAs = UserDb.load(proc.host.fs).credentialsOf(args[++i]) ?? server.runAs;
    }
  }
  // BIND echoes its command line (saved_command_line): argv[0]'s base name and every option.
  for (const l of startupBanner(['named', ...args].join(' '))) server.log(l);
  if (!server.readConfiguration()) {
    server.log('loading configuration: failure', 'err');
    server.log('exiting (due to fatal error)', 'crit');
    return 1;
  }
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = () => {
      resolve();
      proc.host.scheduler.noteAsyncWake();
    };
  });
  const net = new NamedNet(server, proc, () => {
    net.shutdown();
    server.log('exiting');
    stop();
  });
  server.applyConfiguration(true, () => net.listen());
  net.openControl();
  if (server.conf?.options.dnssecValidation !== 'no') server.log('managed-keys-zone: loaded serial 0');
  server.loadAllZones(true);
  server.log('all zones loaded');
  server.log('running');
  writePidFile(proc);
  running.set(proc.host, server);
  sdNotify(proc.host, proc.pid, 'READY=1');
  net.prime();
  const shutdown = () => {
    server.log('shutting down');
    net.shutdown();
    server.log('exiting');
    stop();
  };
  proc.onSignal(SIGTERM, shutdown);
  proc.onSignal(SIGINT, shutdown);
  proc.onSignal(SIGHUP, () => {
    server.log('received SIGHUP signal to reload zones');
    if (server.reloadAll().ok) net.afterReload();
  });
  proc.atExit(() => {
    if (running.get(proc.host) === server) running.delete(proc.host);
    net.shutdown();
    proc.host.fs.unlink(PID_FILE, ROOT);
  });
  await stopped;
  return 0;
};
