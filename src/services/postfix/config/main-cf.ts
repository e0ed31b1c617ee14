// /etc/postfix/main.cf as Postfix 3.7 reads it (dict_load_fp + readllines): logical lines (a
// line starting with whitespace continues the previous one), comments and blank lines skipped,
// `name = value`, the last assignment wins; values expand $parameters on use, falling back to
// the defaults of `postconf -d` (defaults.ts) and the host-dependent ones computed here.
import type { Credentials, FileSystem } from '../../../os/fs/types.ts';
import { POSTFIX_DEFAULTS } from './defaults.ts';
import { expandValue } from './expand.ts';

export const MAIN_CF = '/etc/postfix/main.cf';
const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };

export interface MainCfEntry {
  readonly name: string;
  readonly value: string;
  /** 1-based number of the logical line's first physical line. */
  readonly line: number;
}

export interface MainCfSyntaxError {
  readonly line: number;
  /** As Postfix words it: `missing '=' after attribute name: "smtpd_banner"`. */
  readonly message: string;
}

/** An IPv4 address of one of the host's interfaces (for the mynetworks default). */
export interface PostfixInterfaceAddress {
  readonly address: string;
  readonly prefix: number;
  /** Ethernet MAC "02:00:00:00:00:01": gives the interface's IPv6 link-local address. */
  readonly mac?: string;
}

/** What Postfix learns from the system rather than main.cf. */
export interface PostfixHostFacts {
  /** uname nodename; read from /proc/sys/kernel/hostname, then /etc/hostname, when absent. */
  readonly hostname?: string;
  /** Interfaces' IPv4 addresses, loopback included; only the loopback when absent. */
  readonly interfaces?: readonly PostfixInterfaceAddress[];
  readonly processId?: number;
  readonly processName?: string;
}

const DEFAULTS: ReadonlyMap<string, string> = new Map(POSTFIX_DEFAULTS);
/** The parameters every master.cf delivery service "xxx" gets as xxx_<suffix>. */
const SERVICE_SUFFIXES: readonly string[] = POSTFIX_DEFAULTS.filter(([n]) => n.startsWith('bsmtp_')).map(([n]) => n.slice('bsmtp_'.length));

/** Split main.cf text into entries; stops at the first syntax error, as Postfix is fatal there. */
export function parseMainCf(text: string): { entries: MainCfEntry[]; error: MainCfSyntaxError | null } {
  const lines = text.split('\n');
  const entries: MainCfEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = stripCr(lines[i]);
    if (/^\s/.test(l) || l.trim() === '' || l.startsWith('#')) continue;
    let value = l.trimEnd();
    const first = i + 1;
    while (i + 1 < lines.length) {
      const n = stripCr(lines[i + 1]);
      if (n.trim() === '' || /^\s*#/.test(n)) {
        // Comments and blank lines inside a logical line are skipped (readllines(3)).
        if (continuesLater(lines, i + 1)) {
          i++;
          continue;
        }
        break;
      }
      if (!/^\s/.test(n)) break;
      value += ' ' + n.trim();
      i++;
    }
    const m = /^([^\s=]*)\s*(=?)\s*([\s\S]*)$/.exec(value);
    if (m === null) continue;
    if (m[1] === '') return { entries, error: { line: first, message: `missing attribute name: "${value}"` } };
    if (m[2] === '') return { entries, error: { line: first, message: `missing '=' after attribute name: "${m[1]}"` } };
    entries.push({ name: m[1], value: m[3].trim(), line: first });
  }
  return { entries, error: null };
}

function stripCr(l: string): string {
  return l.endsWith('\r') ? l.slice(0, -1) : l;
}

/** After blank/comment lines at `from`, does an indented (continuation) line follow? */
function continuesLater(lines: readonly string[], from: number): boolean {
  for (let k = from; k < lines.length; k++) {
    const n = stripCr(lines[k]);
    if (n.trim() === '' || /^\s*#/.test(n)) continue;
    return /^\s/.test(n);
  }
  return false;
}

export class PostfixConfig {
  private readonly values = new Map<string, string>();
  private readonly computed = new Map<string, string>();

  constructor(
    readonly entries: readonly MainCfEntry[],
    /** The first syntax error, which makes every Postfix program exit (see `fatal`). */
    readonly error: MainCfSyntaxError | null,
    private readonly facts: PostfixHostFacts,
    private readonly fs: FileSystem | null = null,
    readonly path: string = MAIN_CF,
  ) {
    for (const e of entries) this.values.set(e.name, e.value);
    this.computeHostDefaults();
  }

  /** The line Postfix dies with: `/etc/postfix/main.cf, line 49: missing '=' ...`, or null. */
  get fatal(): string | null {
    return this.error === null ? null : `${this.path}, line ${this.error.line}: ${this.error.message}`;
  }

  /** The value main.cf gives (unexpanded), or undefined when main.cf does not set it. */
  raw(name: string): string | undefined {
    return this.values.get(name);
  }

  /** The default `postconf -d` shows for this host (unexpanded), or undefined if unknown. */
  defaultValue(name: string): string | undefined {
    return this.computed.get(name) ?? DEFAULTS.get(name);
  }

  /** main.cf's value or else the default, unexpanded: what `postconf NAME` prints. */
  value(name: string): string | undefined {
    return this.raw(name) ?? this.defaultValue(name);
  }

  /** A parameter Postfix knows (built in), whether or not main.cf sets it. */
  isKnown(name: string): boolean {
    return DEFAULTS.has(name);
  }

  /** `postconf -x NAME`: the value with $parameters expanded; "" for an unknown parameter. */
  expand(name: string): string {
    const v = this.value(name);
    return v === undefined ? '' : expandValue(v, (n) => this.value(n));
  }

  /** The value a daemon uses: expanded, and myorigin read from its file as Debian's Postfix does. */
  get(name: string): string {
    const out = this.expand(name);
    // Debian: a myorigin starting with "/" names a file whose first line is the origin.
    if (name === 'myorigin' && out.startsWith('/') && this.fs !== null) {
      const r = this.fs.readFile(out, ROOT);
      if (r.ok) return new TextDecoder().decode(r.value).split('\n')[0].trim();
    }
    return out;
  }

  /** The expanded value split as Postfix splits lists (commas and whitespace). */
  getList(name: string): string[] {
    return this.get(name)
      .split(/[\s,]+/)
      .filter((s) => s !== '');
  }

  /** An integer parameter (NaN when the value is not a number, where Postfix is fatal). */
  getNumber(name: string): number {
    const v = this.get(name).trim();
    return /^-?\d+$/.test(v) ? Number(v) : NaN;
  }

  /** yes/no (case-insensitive); anything else counts as no. */
  getBool(name: string): boolean {
    return this.get(name).trim().toLowerCase() === 'yes';
  }

  /** A time parameter in seconds: "300s", "5m", "1h", "5d", "1w"; a bare number uses `defaultUnit`. */
  getTime(name: string, defaultUnit: 's' | 'm' | 'h' | 'd' | 'w' = 's'): number {
    const m = /^(\d+)([smhdw]?)$/.exec(this.get(name).trim());
    if (m === null) return NaN;
    const seconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
    return Number(m[1]) * (seconds[m[2] === '' ? defaultUnit : m[2]] ?? 1);
  }

  /** `postconf -n`: the parameters main.cf sets, sorted by name as postconf prints them. */
  explicit(): Map<string, string> {
    return new Map([...this.values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** Every known parameter name, sorted (what `postconf` with no arguments lists). */
  knownNames(): string[] {
    return [...DEFAULTS.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /**
   * main.cf parameters Postfix would warn about ("unused parameter: name=value"): not built in,
   * not a per-service parameter of a master.cf service, and not referenced as $name anywhere.
   */
  unusedParameters(serviceNames: readonly string[] = [], otherValues: readonly string[] = []): MainCfEntry[] {
    const referenced = new Set<string>();
    const scan = (v: string): void => {
      for (const m of v.matchAll(/\$(?:\{|\()?([A-Za-z0-9_]+)/g)) referenced.add(m[1]);
    };
    for (const v of this.values.values()) scan(v);
    for (const v of otherValues) scan(v);
    const last = new Map<string, MainCfEntry>();
    for (const e of this.entries) last.set(e.name, e);
    return [...last.values()].filter((e) => {
      if (DEFAULTS.has(e.name) || referenced.has(e.name)) return false;
      return !serviceNames.some((s) => e.name.startsWith(s + '_') && SERVICE_SUFFIXES.includes(e.name.slice(s.length + 1)));
    });
  }

  /** The configuration with `name=value` settings laid over main.cf (postconf -o, master -o). */
  withOverrides(overrides: readonly (readonly [string, string])[]): PostfixConfig {
    const extra = overrides.map(([name, value]) => ({ name, value, line: 0 }));
    return new PostfixConfig([...this.entries, ...extra], this.error, this.facts, this.fs, this.path);
  }

  /** The same configuration without main.cf: what `postconf -d` reports. */
  defaults(): PostfixConfig {
    return new PostfixConfig([], null, this.facts, this.fs, this.path);
  }

  private computeHostDefaults(): void {
    const host = this.facts.hostname ?? 'localhost';
    const domain = this.raw('mydomain');
    const myhostname = host.includes('.') ? host : `${host}.${domain === undefined ? 'localdomain' : expandValue(domain, (n) => this.raw(n))}`;
    this.computed.set('myhostname', myhostname);
    const effective = this.get('myhostname');
    const dot = effective.indexOf('.');
    this.computed.set('mydomain', dot < 0 ? 'localdomain' : effective.slice(dot + 1));
    this.computed.set('process_id', String(this.facts.processId ?? 0));
    this.computed.set('process_name', this.facts.processName ?? 'postconf');
    this.computed.set('mynetworks', mynetworksFor(this.get('mynetworks_style'), this.get('inet_protocols'), this.facts.interfaces));
  }
}

/** The mynetworks default for mynetworks_style (host, subnet, class), IPv4 then IPv6 as getifaddrs lists them. */
export function mynetworksFor(style: string, protocols: string, interfaces: readonly PostfixInterfaceAddress[] | undefined): string {
  const ifs = interfaces ?? [{ address: '127.0.0.1', prefix: 8 }];
  const v4 = protocols.includes('all') || protocols.includes('ipv4') || protocols.trim() === '';
  const v6 = protocols.includes('all') || protocols.includes('ipv6');
  const out: string[] = [];
  if (v4) {
    for (const i of ifs) {
      const prefix = style === 'host' ? 32 : style === 'class' ? classfulPrefix(i.address) : i.prefix;
      const net = `${ipv4Network(i.address, prefix)}/${prefix}`;
      if (!out.includes(net)) out.push(net);
    }
  }
  if (v6) {
    out.push('[::1]/128');
    const macs = ifs.filter((i) => !i.address.startsWith('127.') && i.mac !== undefined).map((i) => i.mac ?? '');
    const seen = new Set<string>();
    for (const mac of macs) {
      if (seen.has(mac)) continue;
      seen.add(mac);
      if (style === 'host') out.push(`[${linkLocal(mac)}]/128`);
      else if (!out.includes('[fe80::]/64')) out.push('[fe80::]/64');
    }
  }
  return out.join(' ');
}

function ipv4Network(address: string, prefix: number): string {
  const parts = address.split('.').map((x) => Number(x) & 255);
  const n = ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const net = (n & mask) >>> 0;
  return [net >>> 24, (net >>> 16) & 255, (net >>> 8) & 255, net & 255].join('.');
}

function classfulPrefix(address: string): number {
  const a = Number(address.split('.')[0]);
  return a < 128 ? 8 : a < 192 ? 16 : 24;
}

/** fe80:: plus the modified EUI-64 of a MAC, written as inet_ntop does. */
function linkLocal(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16) & 255);
  const eui = [b[0] ^ 2, b[1], b[2], 0xff, 0xfe, b[3], b[4], b[5]];
  const groups = [0, 2, 4, 6].map((k) => ((eui[k] << 8) | eui[k + 1]).toString(16));
  return `fe80::${groups.join(':')}`;
}

/** The kernel host name as Postfix's get_hostname() sees it, from the file system. */
function hostnameFromFs(fs: FileSystem): string {
  for (const p of ['/proc/sys/kernel/hostname', '/etc/hostname']) {
    const r = fs.readFile(p, ROOT);
    if (r.ok) {
      const name = new TextDecoder().decode(r.value).split('\n')[0].trim();
      if (name !== '') return name;
    }
  }
  return 'localhost';
}

/**
 * Read /etc/postfix/main.cf (or `path`). A missing file reads as empty (Postfix itself then
 * fails elsewhere); a syntax error is kept in `error`/`fatal` with the entries before it.
 */
export function readMainCf(fs: FileSystem, facts: PostfixHostFacts = {}, path: string = MAIN_CF): PostfixConfig {
  const r = fs.readFile(path, ROOT);
  const text = r.ok ? new TextDecoder().decode(r.value) : '';
  const { entries, error } = parseMainCf(text);
  return new PostfixConfig(entries, error, { ...facts, hostname: facts.hostname ?? hostnameFromFs(fs) }, fs, path);
}

/** Whether main.cf exists (Postfix commands die without it). */
export function mainCfExists(fs: FileSystem, path: string = MAIN_CF): boolean {
  return fs.stat(path, ROOT).ok;
}

// ---- Editing (postconf -e, -#, -X), preserving the rest of the file byte for byte ----

export type MainCfEdit =
  | { readonly op: 'set'; readonly name: string; readonly value: string }
  | { readonly op: 'comment'; readonly name: string }
  | { readonly op: 'remove'; readonly name: string };

/**
 * Apply postconf edits as pcf_edit_main() does, line by line: every logical line of an edited
 * parameter becomes `name = value` (-e; its continuation lines dropped), gets "#" before each
 * physical line (-#), or goes (-X); comments and blank lines pass through; parameters main.cf
 * lacks are appended sorted by name. `warnings` are postconf's ("multiple entries for ...").
 */
export function editMainCfText(text: string, edits: readonly MainCfEdit[], path: string = MAIN_CF): { text: string; warnings: string[] } {
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  const byName = new Map<string, MainCfEdit>();
  for (const e of edits) byName.set(e.name, e);
  const found = new Map<string, number>();
  const warnings: string[] = [];
  const out: string[] = [];
  let current: MainCfEdit | undefined;
  for (const l of lines) {
    if (l.trim() === '' || /^\s*#/.test(l)) {
      out.push(l);
      continue;
    }
    if (/^\s/.test(l)) {
      if (current === undefined) out.push(l);
      else if (current.op === 'comment') out.push('#' + l);
      continue;
    }
    const key = /^[^\s=]*/.exec(l)?.[0] ?? '';
    current = byName.get(key);
    if (current === undefined) {
      out.push(l);
      continue;
    }
    const n = (found.get(key) ?? 0) + 1;
    found.set(key, n);
    if (n === 2) warnings.push(`${path}: multiple entries for "${key}"`);
    if (current.op === 'set') out.push(`${key} = ${current.value}`);
    else if (current.op === 'comment') out.push('#' + l);
  }
  const missing = [...byName.values()].filter((e) => e.op === 'set' && !found.has(e.name));
  missing.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of missing) if (e.op === 'set') out.push(`${e.name} = ${e.value}`);
  return { text: out.length === 0 ? '' : out.join('\n') + '\n', warnings };
}

/** Edit main.cf on `fs` in place (mode and owner kept); null when it cannot be read or written. */
export function editMainCf(fs: FileSystem, edits: readonly MainCfEdit[], cred: Credentials = ROOT, path: string = MAIN_CF): { warnings: string[] } | null {
  const r = fs.readFile(path, cred);
  if (!r.ok) return null;
  const next = editMainCfText(new TextDecoder().decode(r.value), edits, path);
  return fs.writeFile(path, next.text, cred).ok ? { warnings: next.warnings } : null;
}

// ---- What mail_params_init() checks when any Postfix program starts (postfix, master...) ----

/** Numeric parameters of Postfix's global tables (mail_params.c), in table order. */
const GLOBAL_NUMBERS = ['hash_queue_depth', 'fork_attempts', 'deliver_lock_attempts', 'default_process_limit', 'line_length_limit', 'duplicate_filter_limit', 'message_size_limit', 'queue_minfree'];
/** Boolean parameters of the same tables. */
const GLOBAL_BOOLS = ['disable_dns_lookups', 'soft_bounce', 'allow_min_user', 'smtputf8_enable'];

/**
 * The fatal error a Postfix program stops with for a malformed global parameter, or null:
 * "bad numerical configuration: message_size_limit = 10M", "bad boolean configuration: soft_bounce = oui".
 */
export function globalParameterError(cfg: PostfixConfig): string | null {
  for (const name of GLOBAL_NUMBERS) {
    if (cfg.raw(name) === undefined) continue;
    const v = cfg.get(name).trim();
    if (!/^[-+]?\d+$/.test(v)) return `bad numerical configuration: ${name} = ${v}`;
  }
  for (const name of GLOBAL_BOOLS) {
    if (cfg.raw(name) === undefined) continue;
    const v = cfg.get(name).trim();
    if (!/^(yes|no)$/i.test(v)) return `bad boolean configuration: ${name} = ${v}`;
  }
  return null;
}
