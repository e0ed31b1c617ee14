// The settings the simulated Dovecot acts on, read from the parsed configuration with Dovecot
// 2.3.19's built-in defaults (Debian's patch makes the greeting "Dovecot (Debian) ready."), and
// what doveconf prints: `doveconf -n` (settings that differ from the defaults, sorted, sections
// that have any) and `doveconf NAME...`.
import { sectionsIn, settingIn, type ConfEntry, type ConfSection } from './config.ts';

export const DOVECOT_VERSION = '2.3.19.1 (9b53102964)';

/** Built-in defaults of the settings doveconf is asked about in the practicals (and -n hides). */
export const DEFAULTS: Readonly<Record<string, string>> = {
  auth_cache_size: '0',
  auth_debug: 'no',
  auth_failure_delay: '2 secs',
  auth_mechanisms: 'plain',
  auth_username_format: '%Lu',
  auth_verbose: 'no',
  base_dir: '/run/dovecot',
  disable_plaintext_auth: 'yes',
  first_valid_gid: '1',
  first_valid_uid: '500',
  hostname: '',
  instance_name: 'dovecot',
  last_valid_gid: '0',
  last_valid_uid: '0',
  listen: '*, ::',
  log_path: 'syslog',
  login_greeting: 'Dovecot (Debian) ready.',
  login_trusted_networks: '',
  mail_debug: 'no',
  mail_location: '',
  mail_max_userip_connections: '10',
  mail_privileged_group: '',
  pop3_uidl_format: '%08Xu%08Xv',
  protocols: 'imap pop3 lmtp',
  shutdown_clients: 'yes',
  ssl: 'yes',
  ssl_cert: '',
  ssl_client_ca_dir: '',
  ssl_dh: '',
  ssl_key: '',
  ssl_min_protocol: 'TLSv1.2',
  syslog_facility: 'mail',
  verbose_proctitle: 'no',
};

/** Printed as "# hidden, use -P to show it" unless -P. */
const HIDDEN = new Set(['ssl_key', 'ssl_dh', 'ssl_key_password', 'ssl_client_key']);

/** Section settings whose default doveconf -n also hides. */
const SECTION_DEFAULTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  inet_listener: { port: '0', ssl: 'no', address: '', reuse_port: 'no', haproxy: 'no' },
  namespace: { inbox: 'no', hidden: 'no', list: 'yes', subscriptions: 'yes', separator: '', type: 'private' },
  mailbox: { auto: 'no', special_use: '' },
};

/** Listener ports Dovecot's services have built in (10-master.conf only comments them). */
export const DEFAULT_PORTS: Readonly<Record<string, number>> = { imap: 143, imaps: 993, pop3: 110, pop3s: 995 };

export interface DovecotSettings {
  readonly protocols: readonly string[];
  /** listen = "*, ::" */
  readonly listen: string;
  readonly disablePlaintextAuth: boolean;
  readonly ssl: 'yes' | 'no' | 'required';
  readonly authMechanisms: readonly string[];
  readonly trustedNetworks: readonly string[];
  /** INBOX path template from mail_location (Debian: /var/mail/%u). */
  readonly inboxPath: string;
  readonly firstValidUid: number;
  readonly lastValidUid: number;
  /** Seconds (auth_failure_delay). */
  readonly authFailureDelay: number;
  /** inet_listener name -> port ("pop3" -> 110); 0 = disabled. */
  readonly ports: ReadonlyMap<string, number>;
}

/** The value doveconf reports: the configured one, else the default; undefined if unknown. */
export function effectiveValue(root: ConfSection, key: string): string | undefined {
  return settingIn(root, key) ?? DEFAULTS[key];
}

const yes = (v: string | undefined): boolean => v !== undefined && /^(yes|y|1|true)$/i.test(v.trim());

/** "2 secs", "1 min", "5" -> seconds. */
export function parseSeconds(v: string): number {
  const m = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(v);
  if (m === null) return 2;
  const n = Number(m[1]);
  const unit = m[2].toLowerCase();
  if (unit.startsWith('m') && !unit.startsWith('ms')) return n * 60;
  if (unit.startsWith('h')) return n * 3600;
  if (unit.startsWith('ms')) return n / 1000;
  return n;
}

export function dovecotSettings(root: ConfSection): DovecotSettings {
  const get = (k: string): string => effectiveValue(root, k) ?? '';
  const ssl = get('ssl').trim();
  const location = get('mail_location');
  const inbox = /(?:^|:)INBOX=([^:]+)/.exec(location);
  const ports = new Map<string, number>(Object.entries(DEFAULT_PORTS));
  for (const service of sectionsIn(root, 'service')) {
    for (const l of sectionsIn(service, 'inet_listener')) {
      const port = settingIn(l, 'port');
      if (port !== undefined && /^\d+$/.test(port.trim())) ports.set(l.name, Number(port.trim()));
    }
  }
  return {
    protocols: get('protocols').split(/\s+/).filter((p) => p !== ''),
    listen: get('listen'),
    disablePlaintextAuth: yes(get('disable_plaintext_auth')),
    ssl: ssl === 'no' ? 'no' : ssl === 'required' ? 'required' : 'yes',
    authMechanisms: get('auth_mechanisms').toLowerCase().split(/\s+/).filter((m) => m !== ''),
    trustedNetworks: get('login_trusted_networks').split(/[\s,]+/).filter((n) => n !== ''),
    inboxPath: inbox !== null ? inbox[1] : '/var/mail/%u',
    firstValidUid: Number(get('first_valid_uid')) || 0,
    lastValidUid: Number(get('last_valid_uid')) || 0,
    authFailureDelay: parseSeconds(get('auth_failure_delay')),
    ports,
  };
}

// ---- doveconf output ------------------------------------------------------------------------------

function quoteValue(v: string): string {
  return v !== v.trim() ? `"${v}"` : v;
}

function quoteName(n: string): string {
  return /\s/.test(n) ? `"${n}"` : n;
}

function printValue(key: string, value: string, showHidden: boolean): string {
  if (HIDDEN.has(key) && !showHidden && value !== '') return `${key} = # hidden, use -P to show it`;
  return `${key} = ${quoteValue(value)}`;
}

function sortKey(e: ConfEntry): string {
  return e.kind === 'setting' ? e.key : e.type;
}

/** Lines of `doveconf -n` for a section's entries (indented two spaces per level); [] if all defaults. */
function nonDefaultLines(section: ConfSection, depth: number, showHidden: boolean): string[] {
  const pad = '  '.repeat(depth);
  const defaults = depth === 0 ? DEFAULTS : (SECTION_DEFAULTS[section.type] ?? {});
  const items: { key: string; lines: string[] }[] = [];
  for (const e of section.entries) {
    if (e.kind === 'setting') {
      let def = defaults[e.key];
      if (section.type === 'inet_listener' && e.key === 'port') def = String(DEFAULT_PORTS[section.name] ?? 0);
      if (def !== undefined && def === e.value) continue;
      if (depth === 0 && def === undefined && e.value === '') continue;
      items.push({ key: e.key, lines: [`${pad}${printValue(e.key, e.value, showHidden)}`] });
      continue;
    }
    const inner = nonDefaultLines(e, depth + 1, showHidden);
    if (inner.length === 0) continue;
    const head = e.name === '' ? e.type : `${e.type} ${quoteName(e.name)}`;
    items.push({ key: sortKey(e) + ' ' + e.name, lines: [`${pad}${head} {`, ...inner, `${pad}}`] });
  }
  if (section.type === 'namespace' && items.length > 0) {
    // doveconf always shows a namespace's location and prefix.
    for (const k of ['location', 'prefix']) {
      if (!section.entries.some((x) => x.kind === 'setting' && x.key === k)) items.push({ key: k, lines: [`${pad}${k} = `] });
    }
  }
  items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return items.flatMap((i) => i.lines);
}

export interface DoveconfHost {
  readonly hostname: string;
  /** "Linux 6.1.0-35-amd64 x86_64 Debian 12.11" as doveconf's "# OS:" line has it. */
  readonly os: string;
}

/** `doveconf -n` (and `dovecot -n`): header lines then the non-default settings. */
export function doveconfN(root: ConfSection, host: DoveconfHost, showHidden = false, path = '/etc/dovecot/dovecot.conf'): string {
  const head = [
    `# ${DOVECOT_VERSION}: ${path}`,
    '# Pigeonhole version 0.5.19 (4eae2f79)',
    `# OS: ${host.os} `,
    `# Hostname: ${host.hostname}`,
  ];
  return [...head, ...nonDefaultLines(root, 0, showHidden)].join('\n') + '\n';
}
