// named's state between requests: the configuration read from /etc/bind/named.conf, the zones
// (loaded from their files, transferred, or BIND's automatic empty zones), the cache, and the
// operations rndc and signals trigger (reload, reconfig, flush, status), each logged as BIND
// 9.18 logs it. Sockets live in named-net.ts; this file never touches the network.
import type { Process } from '../../os/program.ts';
import type { Credentials } from '../../os/fs/types.ts';
import { syslogOf } from '../../os/services/host-services.ts';
import type { Severity } from '../../os/syslog/syslog.ts';
import { parseIpv4, type Ipv4 } from '../../wire/addr.ts';
import { DNS_CLASS_IN, DNS_TYPE_A, DNS_TYPE_NS, DNS_TYPE_SOA, type DnsRecord } from '../../wire/dns.ts';
import type { AclContext } from './acl.ts';
import { checkNamedConf, parseNamedConf, type NamedConf, type ZoneConfig } from './named-conf.ts';
import { configurationPreamble, httpDate, viewSetup } from './named-log.ts';
import { AUTOMATIC_EMPTY_ZONES, NAMED_RUNNING_ON, NAMED_VERSION_LINE } from './named-version.ts';
import type { ServedZone, View } from './query-engine.ts';
import { ResolverCache } from './resolver-cache.ts';
import { loadZone, zoneLogName } from './zone-load.ts';
import { lowerName, parentName, ZoneDb } from './zone-db.ts';
import { parseZoneFile } from './zone-file.ts';
import { formatIpv6, nameForLog } from './dns-text.ts';

export const NAMED_CONF = '/etc/bind/named.conf';
const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
const dec = new TextDecoder();

export interface ZoneState {
  config: ZoneConfig;
  served: ServedZone;
  /** mtime of the file the zone was last read from (reload only rereads a newer file). */
  loadedMtime: number | null;
  lastLoadedMs: number | null;
  /** Secondary zones: the refresh timer's cancel. */
  cancelRefresh: (() => void) | null;
}

export interface ReloadResult {
  readonly ok: boolean;
  /** rndc's text. */
  readonly text: string;
}

function absolute(name: string): string {
  return name === '.' || name.endsWith('.') ? name : `${name}.`;
}

export class NamedServer {
  readonly zones = new Map<string, ZoneState>();
  conf: NamedConf | null = null;
  view!: View;
  readonly cache: ResolverCache;
  bootMs: number;
  lastConfiguredMs: number;
  rootHints: Ipv4[] = [];
  /** `type forward` zones: lower-case origin -> forwarders and policy. */
  readonly forwardZones = new Map<string, { forwarders: Ipv4[]; only: boolean }>();
  tcpHighWater = 0;
  /** Bumped whenever what the view answers may change (zones, configuration, cache). */
  generation = 0;
  readonly cookieSecret: Uint8Array;
  /** Hooks the network side sets: secondaries' refresh and NOTIFY sending. */
  onSecondaryZone: (z: ZoneState) => void = () => {};
  onZoneLoaded: (z: ZoneState) => void = () => {};
  /** Called where BIND rescans the interfaces during a reload (after the port range lines). */
  onInterfaceScan: () => void = () => {};
  /** `-c FILE`. */
  confFile = NAMED_CONF;
  /** `-u USER`: zone files are read and written with these credentials (privileges dropped). */
  runAs: Credentials = ROOT;
  /** Shown by rndc status ("query logging is ON"). */
  queryLogging = false;
  /** `-g`: log to stderr too, in BIND's own format. */
  logToStderr = false;

  constructor(readonly proc: Process) {
    this.cache = new ResolverCache(() => Math.floor(proc.host.scheduler.now / 1e9));
    this.bootMs = proc.host.wallTimeMs();
    this.lastConfiguredMs = this.bootMs;
    this.cookieSecret = proc.host.rng.fork('named-cookie').bytes(16);
  }

  log(message: string, severity: Severity = 'info'): void {
    if (this.logToStderr) {
      // named -g: isc_log's stderr format, "22-Nov-2026 03:30:38.383 message".
      const d = new Date(this.proc.host.wallTimeMs());
      const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
      const p = (n: number, w = 2) => String(n).padStart(w, '0');
      this.proc.stderr.write(`${p(d.getUTCDate())}-${mon}-${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)} ${message}\n`);
      return;
    }
    syslogOf(this.proc.host)?.log({ facility: 'daemon', severity, tag: 'named', pid: this.proc.pid, message });
  }

  readFile(path: string): string | null {
    const full = path.startsWith('/') ? path : `${this.directory}/${path}`;
    const r = this.proc.host.fs.readFile(full, ROOT);
    return r.ok ? dec.decode(r.value) : null;
  }

  mtimeOf(path: string): number | null {
    const full = path.startsWith('/') ? path : `${this.directory}/${path}`;
    const r = this.proc.host.fs.stat(full, ROOT);
    return r.ok ? r.value.mtimeMs : null;
  }

  get directory(): string {
    return this.conf?.options.directory ?? '/var/cache/bind';
  }

  /** The host's IPv4 addresses with prefixes, loopback included (`localhost`/`localnets`). */
  localAddresses(): { address: Ipv4; prefix: number; iface: string; index: number; mac: number }[] {
    const out: { address: Ipv4; prefix: number; iface: string; index: number; mac: number }[] = [];
    for (const dev of this.proc.host.net.interfaces.values()) {
      for (const a of dev.addresses) out.push({ address: a.address, prefix: a.prefix, iface: dev.name, index: dev.index, mac: dev.mac });
    }
    return out;
  }

  /**
   * Reads named.conf; on a syntax error logs BIND's line and returns false (named then logs
   * "loading configuration: failure" and exits at start, or keeps the old one on reload).
   */
  readConfiguration(): boolean {
    const text = this.readFile(this.confFile);
    if (text === null) {
      this.log(`open: ${this.confFile}: file not found`, 'err');
      return false;
    }
    const parsed = parseNamedConf(text, this.confFile, (p) => this.readFile(p));
    if (!parsed.ok) {
      this.log(parsed.error.text, 'err');
      return false;
    }
    // named runs named-checkconf's semantic checks too (bind9_check_namedconf) before using it.
    const problems = checkNamedConf(parsed.conf);
    if (problems.length > 0) {
      for (const p of problems) this.log(p, 'err');
      return false;
    }
    this.conf = parsed.conf;
    return true;
  }

  private aclContext(): AclContext {
    return { acls: this.conf?.acls ?? new Map(), localAddresses: () => this.localAddresses() };
  }

  /** BIND's empty zones (RFC 6303) not shadowed by a configured zone; none without recursion. */
  emptyZoneNames(): string[] {
    const o = this.conf?.options;
    if (o?.recursion === false) return [];
    if (o !== undefined && o.forward === 'only' && o.forwarders.length > 0) return [];
    const configured = new Set((this.conf?.zones ?? []).map((z) => lowerName(absolute(z.name))));
    return AUTOMATIC_EMPTY_ZONES.filter((z) => !configured.has(lowerName(`${z}.`)));
  }

  /** Applies the configuration: zones kept, added or dropped, the view rebuilt; logs as BIND. */
  applyConfiguration(initial: boolean, afterPreamble?: () => void): void {
    const conf = this.conf!;
    const empty = this.emptyZoneNames();
    for (const l of configurationPreamble(this.confFile, this.directory)) this.log(l);
    if (afterPreamble !== undefined) afterPreamble();
    else this.onInterfaceScan();
    const configured = conf.zones.filter((z) => z.class.toUpperCase() === 'IN');
    for (const l of viewSetup(configured.length, empty, initial)) this.log(l);
    const next = new Map<string, ZoneState>();
    const forwardZones = new Map<string, { forwarders: Ipv4[]; only: boolean }>();
    for (const zc of configured) {
      if (zc.type !== 'primary' && zc.type !== 'secondary' && zc.type !== 'hint' && zc.type !== 'forward') continue;
      const origin = absolute(zc.name);
      const key = lowerName(origin);
      if (zc.type === 'hint') {
        this.loadHints(zc);
        continue;
      }
      if (zc.type === 'forward') {
        forwardZones.set(key, { forwarders: addressesOf(zc.forwarders ?? []), only: zc.forward === 'only' });
        continue;
      }
      const old = this.zones.get(key);
      const primaries = zc.primaries.map((p) => parseIpv4(p.split(/\s+/)[0])).filter((a): a is Ipv4 => a !== null);
      const served: ServedZone = {
        name: origin, kind: zc.type, db: old !== undefined && old.served.kind === zc.type ? old.served.db : null,
        allowQuery: zc.allowQuery, allowTransfer: zc.allowTransfer, primaries,
      };
      const st: ZoneState = old !== undefined && old.served.kind === zc.type
        ? { ...old, config: zc, served }
        : { config: zc, served, loadedMtime: null, lastLoadedMs: null, cancelRefresh: null };
      if (old !== undefined && old.served.kind !== zc.type) old.cancelRefresh?.();
      next.set(key, st);
    }
    for (const [key, old] of this.zones) if (!next.has(key)) old.cancelRefresh?.();
    this.forwardZones.clear();
    for (const [k, v] of forwardZones) this.forwardZones.set(k, v);
    this.zones.clear();
    for (const [k, v] of next) this.zones.set(k, v);
    const zones = new Map<string, ServedZone>();
    for (const name of empty) zones.set(lowerName(`${name}.`), emptyZone(`${name}.`));
    for (const [k, st] of this.zones) zones.set(k, st.served);
    this.view = {
      zones, recursion: conf.options.recursion ?? true, allowQuery: conf.options.allowQuery,
      allowRecursion: conf.options.allowRecursion, allowTransfer: conf.options.allowTransfer,
      acl: this.aclContext(), hostname: this.proc.host.hostname, cookieSecret: this.cookieSecret, cache: this.cache,
    };
    this.generation++;
  }

  private loadHints(zc: ZoneConfig): void {
    const file = zc.file ?? '';
    const text = this.readFile(file);
    if (text === null) {
      this.log(`could not configure root hints from '${file}': file not found`, 'err');
      return;
    }
    const parsed = parseZoneFile(text, { origin: '.', file, readFile: (p) => this.readFile(p) });
    const ns = new Set(parsed.records.filter((r) => r.type === DNS_TYPE_NS && r.name === '.').map((r) => (r.data.kind === 'NS' ? lowerName(r.data.target) : '')));
    this.rootHints = parsed.records.filter((r) => r.type === DNS_TYPE_A && ns.has(lowerName(r.name))).map((r) => (r.data.kind === 'A' ? r.data.address : 0));
  }

  private fullPath(path: string): string {
    return path.startsWith('/') ? path : `${this.directory}/${path}`;
  }

  /** A zone file as the unprivileged user reads it: its text, or BIND's result text. */
  private readZoneFile(path: string): string | { error: string } {
    const r = this.proc.host.fs.readFile(this.fullPath(path), this.runAs);
    if (r.ok) return dec.decode(r.value);
    return { error: r.errno === 'EACCES' ? 'permission denied' : 'file not found' };
  }

  /**
   * Loads (or reloads) a primary zone from its file. `force`: even if the file did not change.
   * Returns 'up-to-date' when nothing was read.
   */
  loadPrimary(st: ZoneState, force: boolean): 'loaded' | 'failed' | 'up-to-date' {
    const file = st.config.file ?? '';
    const mtime = this.mtimeOf(file);
    if (!force && st.served.db !== null && mtime !== null && st.loadedMtime !== null && mtime <= st.loadedMtime) return 'up-to-date';
    const origin = st.served.name;
    const first = this.readZoneFile(file);
    if (typeof first !== 'string' && first.error === 'permission denied') {
      const z = zoneLogName(origin);
      this.log(`${z}: loading from master file ${file} failed: permission denied`, 'err');
      this.log(`${z}: not loaded due to errors.`, 'err');
      st.loadedMtime = mtime;
      return 'failed';
    }
    const report = loadZone(origin, file, (p) => this.readFile(p));
    const z = zoneLogName(origin);
    const lines = report.log.slice();
    const old = st.served.db;
    if (report.zone !== null && old !== null && lines.length > 0) {
      const serial = report.zone.serial;
      // zone.c zone_postload: the serial must grow when the file changed (RFC 1982 order).
      const note = serial === old.serial
        ? `${z}: zone serial (${serial}) unchanged. zone may fail to transfer to secondaries.`
        : serialGt(old.serial, serial) ? `${z}: zone serial (${serial}/${old.serial}) has gone backwards` : null;
      if (note !== null) lines.splice(lines.length - 1, 0, note);
    }
    for (const l of lines) {
      const level: Severity = / failed| not loaded|: has |illegal|CNAME and other data|no address records/.test(l) ? 'err' : 'info';
      this.log(l, level);
    }
    st.loadedMtime = mtime;
    if (report.zone === null) return 'failed';
    st.served.db = new ZoneDb(origin, report.zone.records);
    st.lastLoadedMs = this.proc.host.wallTimeMs();
    this.generation++;
    this.onZoneLoaded(st);
    return 'loaded';
  }

  /** Loads every zone: primaries from their files, secondaries from their copy then a refresh. */
  loadAllZones(force: boolean): void {
    for (const st of this.zones.values()) {
      if (st.served.kind === 'primary') this.loadPrimary(st, force || st.served.db === null);
      else if (st.served.kind === 'secondary') this.startSecondary(st);
    }
  }

  private startSecondary(st: ZoneState): void {
    if (st.served.db === null && st.config.file !== null) {
      const text = this.readFile(st.config.file);
      if (text !== null) {
        const report = loadZone(st.served.name, st.config.file, (p) => this.readFile(p));
        for (const l of report.log) this.log(l);
        if (report.zone !== null) {
          st.served.db = new ZoneDb(st.served.name, report.zone.records);
          st.lastLoadedMs = this.proc.host.wallTimeMs();
          this.generation++;
        }
      }
    }
    if (st.cancelRefresh === null) this.onSecondaryZone(st);
  }

  /** Stores a transferred zone and writes its file (text format; BIND 9.18 writes raw). */
  installTransfer(st: ZoneState, records: DnsRecord[]): void {
    st.served.db = new ZoneDb(st.served.name, records);
    this.generation++;
    st.lastLoadedMs = this.proc.host.wallTimeMs();
    if (st.config.file !== null) {
      const full = this.fullPath(st.config.file);
      const lines = records.map((r) => `${r.name}\t${r.ttl}\tIN\t${typeText(r.type)}\t${rdataText(r)}`);
      const w = this.proc.host.fs.writeFile(full, `$ORIGIN .\n${lines.join('\n')}\n`, this.runAs);
      if (!w.ok) {
        // BIND dumps to a temporary file beside the target first: that open is what fails
        // (the classic secondary `file "/etc/bind/..."`, a directory bind may not write).
        const dir = full.slice(0, full.lastIndexOf('/')) || '/';
        const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
        const rng = this.proc.host.rng.fork(`tmp:${full}`);
        const tmp = Array.from({ length: 10 }, () => chars[rng.int(0, chars.length - 1)]).join('');
        const why = w.errno === 'EACCES' ? 'permission denied' : 'file not found';
        this.log(`dumping master file: ${dir}/tmp-${tmp}: open: ${why}`, 'err');
        this.log(`zone ${nameForLog(st.served.name)}/IN: dump failed: ${why}`, 'warning');
      }
    }
  }

  // ------------------------------------------------------------ operations (rndc, signals)

  /** Forwarders for `name`: the deepest forward zone above it, else the global options. */
  forwardersFor(name: string): { forwarders: Ipv4[]; only: boolean } {
    for (let n: string | null = lowerName(name); n !== null; n = parentName(n)) {
      const z = this.forwardZones.get(n);
      if (z !== undefined) return z;
    }
    const o = this.conf?.options;
    return { forwarders: addressesOf(o?.forwarders ?? []), only: o?.forward === 'only' };
  }

  /** `rndc reload` / SIGHUP: configuration then changed zones. */
  reloadAll(): ReloadResult {
    const ok = this.readConfiguration();
    if (!ok) {
      this.log('reloading configuration failed: failure', 'err');
      return { ok: false, text: '' };
    }
    this.applyConfiguration(false);
    this.log("configuring command channel from '/etc/bind/rndc.key'");
    this.log("configuring command channel from '/etc/bind/rndc.key'");
    this.log('reloading configuration succeeded');
    this.log('reloading zones succeeded');
    this.lastConfiguredMs = this.proc.host.wallTimeMs();
    this.loadAllZones(false);
    this.log('all zones loaded');
    this.log('running');
    return { ok: true, text: 'server reload successful' };
  }

  /** `rndc reconfig`: the configuration and new zones only. */
  reconfig(): ReloadResult {
    const before = new Set(this.zones.keys());
    if (!this.readConfiguration()) {
      this.log('reloading configuration failed: failure', 'err');
      return { ok: false, text: '' };
    }
    this.applyConfiguration(false);
    this.log("configuring command channel from '/etc/bind/rndc.key'");
    this.log("configuring command channel from '/etc/bind/rndc.key'");
    this.log('reloading configuration succeeded');
    this.log('scheduled loading new zones');
    this.lastConfiguredMs = this.proc.host.wallTimeMs();
    for (const [k, st] of this.zones) {
      if (before.has(k)) continue;
      if (st.served.kind === 'primary') this.loadPrimary(st, true);
      else this.startSecondary(st);
    }
    this.log('any newly configured zones are now loaded');
    this.log('running');
    return { ok: true, text: '' };
  }

  findZoneState(name: string): ZoneState | undefined {
    return this.zones.get(lowerName(absolute(name.trim())));
  }

  /** `rndc reload ZONE`. */
  reloadZone(name: string): ReloadResult {
    const st = this.findZoneState(name);
    if (st === undefined) return { ok: false, text: `no matching zone '${name}' in any view` };
    if (st.served.kind === 'secondary') {
      this.onSecondaryZone(st);
      return { ok: true, text: 'zone refresh queued' };
    }
    const r = this.loadPrimary(st, false);
    return { ok: true, text: r === 'up-to-date' ? 'zone reload up-to-date' : 'zone reload queued' };
  }

  flush(): void {
    this.cache.clear();
    this.generation++;
    this.log('flushing caches in all views succeeded');
  }

  status(xfersRunning: number): string {
    const automatic = this.view.zones.size - this.zones.size;
    const total = this.view.zones.size + (this.rootHints.length > 0 ? 1 : 0);
    return [
      `version: ${NAMED_VERSION_LINE}`,
      `running on ${this.proc.host.hostname}: ${NAMED_RUNNING_ON}`,
      `boot time: ${httpDate(this.bootMs)}`,
      `last configured: ${httpDate(this.lastConfiguredMs)}`,
      `configuration file: ${this.confFile}`,
      'CPUs found: 2',
      'worker threads: 2',
      'UDP listeners per interface: 2',
      `number of zones: ${total} (${automatic} automatic)`,
      'debug level: 0',
      `xfers running: ${xfersRunning}`,
      'xfers deferred: 0',
      'soa queries in progress: 0',
      `query logging is ${this.queryLogging ? 'ON' : 'OFF'}`,
      'recursive clients: 0/900/1000',
      'tcp clients: 0/150',
      `TCP high-water: ${this.tcpHighWater}`,
      'server is up and running',
    ].join('\n');
  }

  zoneStatus(name: string): ReloadResult {
    const st = this.findZoneState(name);
    if (st === undefined) return { ok: false, text: `no matching zone '${name}' in any view` };
    const db = st.served.db;
    const lines = [`name: ${nameForLog(st.served.name)}`, `type: ${st.served.kind}`];
    if (st.config.file !== null) lines.push(`files: ${st.config.file}`);
    if (db !== null) {
      lines.push(`serial: ${db.serial}`, `nodes: ${db.nodeCount}`);
      if (st.lastLoadedMs !== null) lines.push(`last loaded: ${httpDate(st.lastLoadedMs)}`);
    } else {
      lines.push('serial: 0', 'nodes: 0', 'last loaded: not loaded');
    }
    lines.push('secure: no', 'dynamic: no', 'reconfigurable via modzone: no');
    return { ok: true, text: lines.join('\n') };
  }

  /** Addresses to NOTIFY for a zone: its NS targets' in-zone addresses that are not ours. */
  notifyTargets(st: ZoneState): Ipv4[] {
    const db = st.served.db;
    if (db === null) return [];
    const local = new Set(this.localAddresses().map((a) => a.address));
    const out: Ipv4[] = [];
    const soa = db.soa;
    const mname = soa !== undefined && soa.data.kind === 'SOA' ? lowerName(soa.data.mname) : '';
    for (const ns of db.rrset(db.origin, DNS_TYPE_NS) ?? []) {
      if (ns.data.kind !== 'NS' || lowerName(ns.data.target) === mname) continue;
      for (const a of db.addressesOf(ns.data.target)) if (a.data.kind === 'A' && !local.has(a.data.address) && !out.includes(a.data.address)) out.push(a.data.address);
    }
    return out;
  }
}

/** Forwarder addresses as written (`10.0.0.1`, `10.0.0.1 port 53`); 0.0.0.0 and junk dropped. */
export function addressesOf(list: readonly string[]): Ipv4[] {
  return list.map((f) => parseIpv4(f.split(/\s+/)[0])).filter((a): a is Ipv4 => a !== null && a !== 0);
}

function emptyZone(name: string): ServedZone {
  const soa: DnsRecord = {
    name, type: DNS_TYPE_SOA, class: DNS_CLASS_IN, ttl: 86400,
    data: { kind: 'SOA', mname: name, rname: '.', serial: 0, refresh: 28800, retry: 7200, expire: 604800, minimum: 86400 },
  };
  const ns: DnsRecord = { name, type: DNS_TYPE_NS, class: DNS_CLASS_IN, ttl: 86400, data: { kind: 'NS', target: name } };
  return { name, kind: 'empty', db: new ZoneDb(name, [soa, ns]), allowQuery: null, allowTransfer: null, primaries: [] };
}

/** RFC 1982 serial arithmetic: a > b. */
export function serialGt(a: number, b: number): boolean {
  return a !== b && ((a < b && b - a > 0x80000000) || (a > b && a - b < 0x80000000));
}

const TYPE_TEXT: Record<number, string> = { 1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV' };

function typeText(t: number): string {
  return TYPE_TEXT[t] ?? `TYPE${t}`;
}

function rdataText(r: DnsRecord): string {
  const d = r.data;
  switch (d.kind) {
    case 'A': return [d.address >>> 24, (d.address >>> 16) & 0xff, (d.address >>> 8) & 0xff, d.address & 0xff].join('.');
    case 'NS': case 'CNAME': case 'PTR': return d.target;
    case 'SOA': return `${d.mname} ${d.rname} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`;
    case 'MX': return `${d.preference} ${d.exchange}`;
    case 'SRV': return `${d.priority} ${d.weight} ${d.port} ${d.target}`;
    case 'TXT': return d.strings.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(' ');
    case 'AAAA': return formatIpv6(d.address);
    case 'raw': return `\\# ${d.data.length} ${[...d.data].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
  }
}

