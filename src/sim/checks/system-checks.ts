// Checks on a host's system, read from its files and its service manager as an administrator
// would see them: dpkg's status file, /etc/passwd, any file, a mailbox, Postfix's main.cf.
// Nothing is written and no access time moves (peekText), so checking never shows in `ls -lu`
// or turns "You have new mail" into "You have mail".
import { DpkgDb } from '../../os/packages/dpkg-db.ts';
import { servicesOf } from '../../os/services/host-services.ts';
import { parseMainCf, PostfixConfig, type PostfixInterfaceAddress } from '../../services/postfix/config/main-cf.ts';
import { formatIpv4, formatMac } from '../../wire/addr.ts';
import type { CheckSpec } from '../../scenario/steps.ts';
import type { SimHost } from '../simulation.ts';
import { DONE, notDone, peekText, type CheckResult } from './check-result.ts';

type Check<K extends CheckSpec['kind']> = Extract<CheckSpec, { kind: K }>;

// dpkg's status file is large (the whole base system): parsed again only when it changed.
const dpkgCache = new WeakMap<object, { stamp: string; db: DpkgDb }>();
const STATUS_FILE = '/var/lib/dpkg/status';

function dpkgDb(host: SimHost): DpkgDb {
  const st = host.machine.fs.stat(STATUS_FILE, ROOT);
  const stamp = st.ok ? `${st.value.ino}:${st.value.size}:${st.value.mtimeMs}:${st.value.ctimeMs}` : '';
  const cached = dpkgCache.get(host.machine);
  if (cached?.stamp === stamp) return cached.db;
  const db = DpkgDb.parse(peekText(host, STATUS_FILE) ?? '');
  dpkgCache.set(host.machine, { stamp, db });
  return db;
}

export function checkPackage(host: SimHost, c: Check<'package'>): CheckResult {
  const db = dpkgDb(host);
  // `ii` only: a package left unpacked or half-configured by a failed install is not done.
  return db.get(c.package)?.state === 'installed' ? DONE : notDone(`package ${c.package} is not installed on ${host.name}`);
}

export function checkService(host: SimHost, c: Check<'service'>): CheckResult {
  const services = servicesOf(host.machine);
  if (services?.resolve(c.service) == null) return notDone(`no unit ${c.service} on ${host.name}`);
  return services.isActive(c.service) ? DONE : notDone(`${c.service} is not running on ${host.name} (${services.activeState(c.service)})`);
}

export function checkUser(host: SimHost, c: Check<'user'>): CheckResult {
  const passwd = peekText(host, '/etc/passwd') ?? '';
  const found = passwd.split('\n').some((line) => line.split(':')[0] === c.user);
  return found ? DONE : notDone(`no user ${c.user} in /etc/passwd on ${host.name}`);
}

export function checkFile(host: SimHost, c: Check<'file'>): CheckResult {
  const text = peekText(host, c.path);
  if (!c.exists) return text === null && !exists(host, c.path) ? DONE : notDone(`${c.path} still exists on ${host.name}`);
  if (text === null) return notDone(`no file ${c.path} on ${host.name}`);
  if (c.contains !== null && !text.includes(c.contains)) return notDone(`${c.path} on ${host.name} does not contain ${JSON.stringify(c.contains)}`);
  if (c.matches !== null && !new RegExp(c.matches, 'm').test(text)) return notDone(`${c.path} on ${host.name} does not match /${c.matches}/`);
  return DONE;
}

const ROOT = { uid: 0, gid: 0, groups: [0] };

function exists(host: SimHost, path: string): boolean {
  return host.machine.fs.lstat(path, ROOT).ok;
}

export function checkMailbox(host: SimHost, c: Check<'mailbox'>): CheckResult {
  const path = `/var/mail/${c.user}`;
  const text = peekText(host, path);
  if (text === null || text === '') return notDone(`no mail in ${path} on ${host.name}`);
  if (c.contains !== null && !text.includes(c.contains)) return notDone(`${path} on ${host.name} has no mail containing ${JSON.stringify(c.contains)}`);
  return DONE;
}

/**
 * main.cf's parameter as `postconf -h` prints it (main.cf's text, else the default for this
 * host), compared as written or with its $parameters expanded (`postconf -hx`), so a teacher
 * may write either; `contains` asks for list items (`mynetworks` containing 192.168.0.0/24).
 */
export function checkPostconf(host: SimHost, c: Check<'postconf'>): CheckResult {
  const text = peekText(host, '/etc/postfix/main.cf');
  if (text === null) return notDone(`no /etc/postfix/main.cf on ${host.name}`);
  const { entries, error } = parseMainCf(text);
  const cfg = new PostfixConfig(entries, error, { hostname: host.hostname, interfaces: interfacesOf(host) }, null);
  if (cfg.fatal !== null) return notDone(`postconf: fatal: ${cfg.fatal}`);
  const raw = cfg.value(c.parameter);
  if (raw === undefined) return notDone(`postconf: warning: ${c.parameter}: unknown parameter`);
  const expanded = cfg.expand(c.parameter);
  const shown = `${c.parameter} = ${raw}`;
  if (c.value !== null && squeeze(c.value) !== squeeze(raw) && squeeze(c.value) !== squeeze(expanded)) return notDone(`${shown} on ${host.name}`);
  if (c.contains !== null) {
    const have = new Set([...items(raw), ...items(expanded)]);
    const missing = items(c.contains).filter((i) => !have.has(i));
    if (missing.length > 0) return notDone(`${shown} on ${host.name} (no ${missing.join(', ')})`);
  }
  return DONE;
}

function squeeze(s: string): string {
  return items(s).join(' ');
}

function items(s: string): string[] {
  return s.split(/[\s,]+/).filter((x) => x !== '');
}

// What Postfix learns from the kernel (postconf's hostFacts): for the mynetworks default.
function interfacesOf(host: SimHost): PostfixInterfaceAddress[] {
  const out: PostfixInterfaceAddress[] = [];
  for (const dev of host.stack.interfaces.values()) {
    if (!dev.up) continue;
    for (const a of dev.addresses) out.push({ address: formatIpv4(a.address), prefix: a.prefix, mac: dev.loopback ? undefined : formatMac(dev.mac) });
  }
  if (!out.some((i) => i.address.startsWith('127.'))) out.unshift({ address: '127.0.0.1', prefix: 8 });
  return out;
}
