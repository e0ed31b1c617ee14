// The adapter between the smtpd protocol engine (../smtpd) and the host: master's listening socket
// on port 25 of $inet_interfaces, one smtpd process serving each connection (its pid in the logs
// and in netstat -p), the client's name by reverse lookup confirmed forward ("unknown" otherwise,
// as "connect from unknown[192.168.0.28]"), $smtpd_timeout, and the queue behind the SmtpdSink.
import type { Timer } from '../../../engine/scheduler.ts';
import type { Process } from '../../../os/program.ts';
import { gaiStrerror, lookupHost, reverseLookup } from '../../../os/resolver/index.ts';
import type { TcpConnection, TcpListener } from '../../../stack/tcp/tcp-module.ts';
import { formatIpv4, parseIpv4, type Ipv4 } from '../../../wire/addr.ts';
import { mynetworksMatcher } from '../config-view.ts';
import type { MailSystem } from '../master/mail-system.ts';
import { debianEhloKeywords, type SmtpdDomainClass, type SmtpdMessage, type SmtpdPolicy, type SmtpdSink } from '../smtpd/policy.ts';
import { Smtpd } from '../smtpd/smtpd.ts';

const SECOND = 1_000_000_000;

/** The addresses to listen on for $inet_interfaces (IPv4 only in the simulation). */
export function listenAddresses(value: string): Ipv4[] | null {
  const items = value.split(/[\s,]+/).filter((s) => s !== '');
  if (items.length === 0 || items.includes('all')) return [0];
  const out: Ipv4[] = [];
  for (const item of items) {
    if (item === 'loopback-only' || item === 'localhost') {
      out.push(parseIpv4('127.0.0.1') ?? 0);
      continue;
    }
    const a = parseIpv4(item.replace(/^\[|\]$/g, ''));
    if (a === null) return null;
    out.push(a);
  }
  return out;
}

/**
 * local_header_rewrite_clients = permit_inet_interfaces (Debian's default): the client's address
 * is one Postfix listens on ($inet_interfaces), so cleanup adds missing headers for its mail.
 */
function permitInetInterfaces(sys: MailSystem, client: Ipv4): boolean {
  const listened = listenAddresses(sys.config.get('inet_interfaces'));
  if (listened === null) return false;
  return listened.includes(0) ? sys.host.net.isLocalAddress(client) : listened.includes(client);
}

/** smtpd's view of main.cf and the lookup tables, read when the smtpd process starts a session. */
export function smtpdPolicy(sys: MailSystem): SmtpdPolicy {
  const config = sys.config;
  const destinations = sys.localDomains();
  const relayDomains = new Set(config.getList('relay_domains').map((d) => d.toLowerCase()));
  const inMynetworks = mynetworksMatcher(config);
  const limit = sys.number('message_size_limit', 10240000);
  const level = config.get('smtpd_tls_security_level');
  const tls = config.get('smtpd_tls_cert_file') !== '' && (level === 'may' || level === 'encrypt' || config.getBool('smtpd_use_tls'));
  const delimiter = config.get('recipient_delimiter');
  const banner = config.get('smtpd_banner');
  const myhostname = config.get('myhostname');
  return {
    myhostname: () => myhostname,
    banner: () => banner,
    inMynetworks,
    domainClass: (d): SmtpdDomainClass => {
      const domain = d.toLowerCase().replace(/\.$/, '');
      if (destinations.has(domain)) return 'local';
      return relayDomains.has(domain) ? 'relay' : 'remote';
    },
    localRecipientExists: (localPart) => {
      // Postfix asks the passwd and alias tables at each RCPT (through proxymap): a user added
      // with adduser while a session is open counts at the next RCPT TO.
      const users = sys.users();
      const aliases = sys.aliases();
      const known = (name: string): boolean => users.userByName(name) !== undefined || aliases.has(name);
      let key = localPart.toLowerCase();
      if (known(localPart) || known(key)) return true;
      if (delimiter !== '' && key.includes(delimiter)) key = key.slice(0, key.indexOf(delimiter));
      return known(key);
    },
    messageSizeLimit: () => limit,
    ehloKeywords: () => debianEhloKeywords(limit, tls),
    heloRequired: () => config.getBool('smtpd_helo_required'),
    vrfyDisabled: () => config.getBool('disable_vrfy_command'),
  };
}

export class SmtpdServer {
  private listeners: TcpListener[] = [];
  private readonly sessions = new Set<TcpConnection>();

  private policyCache: { key: unknown[]; policy: SmtpdPolicy } | null = null;

  constructor(private readonly sys: MailSystem) {}

  /** smtpdPolicy for the current main.cf, users and aliases (built again when one changes). */
  private policy(): SmtpdPolicy {
    const key: unknown[] = [this.sys.config, this.sys.users(), this.sys.aliases()];
    const c = this.policyCache;
    if (c !== null && c.key.every((k, i) => k === key[i])) return c.policy;
    const policy = smtpdPolicy(this.sys);
    this.policyCache = { key, policy };
    return policy;
  }

  /** Opens the listening sockets; returns master's fatal text on failure. */
  start(): string | null {
    const addresses = listenAddresses(this.sys.config.get('inet_interfaces'));
    if (addresses === null) return `config variable inet_interfaces: host not found: ${this.sys.config.get('inet_interfaces')}`;
    for (const address of addresses) {
      const l = this.sys.host.net.tcp.listen({ address, port: 25, backlog: 100, owner: { pid: this.sys.master.pid, name: 'master' } });
      if (typeof l === 'string') {
        this.stop();
        return `bind ${formatIpv4(address)} port 25: ${l === 'EADDRINUSE' ? 'Address already in use' : 'Cannot assign requested address'}`;
      }
      l.onConnection.on((c) => this.accept(c));
      this.listeners.push(l);
    }
    return null;
  }

  stop(): void {
    for (const l of this.listeners) l.close();
    this.listeners = [];
    // The smtpd processes die with master: the kernel closes their sockets (FIN, no reply).
    for (const c of this.sessions) c.close();
    this.sessions.clear();
  }

  private accept(conn: TcpConnection): void {
    const sys = this.sys;
    const stamp = sys.aliasesStamp();
    sys.children.restartIfChanged('smtpd', stamp, 'table hash:/etc/aliases(0,lock|fold_fix|utf8_request) has changed -- restarting', (pid, text) => sys.log('smtpd', pid, text));
    const lease = sys.children.acquire('smtpd');
    sys.children.noteStamp('smtpd', stamp);
    // smtpd asks trivial-rewrite to classify addresses: ps shows it running beside smtpd.
    sys.children.pidOf('trivial-rewrite');
    conn.owner = { pid: lease.pid, name: 'smtpd' };
    this.sessions.add(conn);
    // anvil counts the clients outside $mynetworks (smtpd_client_event_limit_exceptions).
    const anvilIdent = `smtp:${formatIpv4(conn.remoteAddress)}`;
    const counted = !this.policy().inMynetworks(formatIpv4(conn.remoteAddress));
    if (counted) sys.anvil.connect(anvilIdent);
    const early: Uint8Array[] = [];
    let engine: Smtpd | null = null;
    let timer: Timer | null = null;
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      if (counted) sys.anvil.disconnect(anvilIdent);
      timer?.cancel();
      this.sessions.delete(conn);
      lease.done();
    };
    const arm = (): void => {
      timer?.cancel();
      timer = sys.host.scheduler.after(sys.time('smtpd_timeout', 300) * SECOND, () => {
        if (engine === null) return;
        conn.send(engine.timeout());
        conn.close();
        finish();
      });
    };
    const feed = (d: Uint8Array): void => {
      if (engine === null || engine.closed) return;
      arm();
      const out = engine.receive(d);
      if (out.length > 0) conn.send(out);
      if (engine.closed) {
        conn.close();
        finish();
      }
    };
    conn.onData.on((d) => (engine === null ? early.push(d) : feed(d)));
    const gone = (): void => {
      if (engine !== null && !engine.closed) engine.peerClosed();
      if (engine !== null) finish();
    };
    conn.onEnd.on(gone);
    conn.onClose.on(() => {
      gone();
      conn.close();
    });
    sys.host.scheduler.noteAsyncWake();
    void lease.proc.then(async (proc) => {
      const clientAddress = formatIpv4(conn.remoteAddress);
      const clientName = await confirmedName(proc, conn.remoteAddress, (line) => sys.log('smtpd', lease.pid, line, 'warning'));
      if (finished) return;
      const local = permitInetInterfaces(sys, conn.remoteAddress);
      engine = new Smtpd({
        policy: this.policy(),
        sink: this.sink(clientName, clientAddress, local),
        clientName,
        clientAddress,
        now: () => sys.nowMs(),
        zone: (ms) => sys.zone(ms),
        log: (line) => sys.log('smtpd', lease.pid, line),
      });
      arm();
      conn.send(engine.start());
      for (const d of early.splice(0)) feed(d);
      if (conn.state === 'CLOSED' || conn.state === 'CLOSE-WAIT') gone();
    });
  }

  private sink(clientName: string, clientAddress: string, local: boolean): SmtpdSink {
    const sys = this.sys;
    return {
      newQueueId: () => sys.store.allocateId(sys.nowMs()) ?? 'NOQUEUE',
      enqueue: (m: SmtpdMessage) => {
        const ok = sys.submit({
          queueId: m.queueId,
          sender: m.sender,
          recipients: m.recipients.map((r) => ({ address: r, original: r })),
          data: m.data,
          received: m.receivedHeader,
          origin: { kind: 'smtp', clientName, clientAddress, helo: m.heloName, protocol: m.protocol },
          arrivalMs: m.arrivalMs ?? sys.nowMs(),
          local,
        });
        return ok ? m.queueId : null;
      },
      discard: (id) => sys.store.discard(id),
    };
  }
}

/** The client's name only when its address maps back to it (Postfix's forward-confirmed reverse DNS). */
async function confirmedName(proc: Process, address: Ipv4, warn: (line: string) => void): Promise<string> {
  const name = await reverseLookup(proc, address);
  if (name === null) return 'unknown';
  const back = await lookupHost(proc, name);
  if (back.ok && back.address === address) return name;
  const why = back.ok ? '' : `: ${gaiStrerror(back.error)}`;
  warn(`warning: hostname ${name} does not resolve to address ${formatIpv4(address)}${why}`);
  return 'unknown';
}
