// The `steps` key of a scenario: the lab's guided steps, each with bilingual texts and an
// automatic check (src/sim/checks evaluates them on a live simulation). A check is a small
// mapping named by its one kind key (`{ host: SMTP, package: postfix }`), or a combinator
// (`all`, `any`, `not`) of checks. Everything here is read with the Reader, so a teacher's
// mistake is reported with its path (`steps[2].check.all[0].listening`) like any other field.
import { parseCidr, parseIpv4, formatIpv4 } from './ipv4.ts';
import { childPath, type Reader } from './reader.ts';
import type { TreeNode } from './tree.ts';

/** A text in both languages of the page; a plain string in the file gives the same text twice. */
export interface Localized {
  readonly fr: string;
  readonly en: string;
}

export const DNS_CHECK_TYPES = ['A', 'AAAA', 'NS', 'CNAME', 'SOA', 'PTR', 'MX', 'TXT', 'SRV'] as const;
export type DnsCheckType = (typeof DNS_CHECK_TYPES)[number];

export type CheckSpec =
  | { readonly kind: 'all'; readonly checks: readonly CheckSpec[] }
  | { readonly kind: 'any'; readonly checks: readonly CheckSpec[] }
  | { readonly kind: 'not'; readonly check: CheckSpec }
  /** Installed per /var/lib/dpkg/status. */
  | { readonly kind: 'package'; readonly host: string; readonly package: string }
  /** A unit active per the host's service manager (`postfix`, `bind9`, `named.service`). */
  | { readonly kind: 'service'; readonly host: string; readonly service: string }
  /** A socket listening (TCP) or bound (UDP) on `port`, on `address` or any address when null. */
  | { readonly kind: 'listening'; readonly host: string; readonly port: number; readonly address: string | null; readonly proto: 'tcp' | 'udp' }
  /** An account in /etc/passwd. */
  | { readonly kind: 'user'; readonly host: string; readonly user: string }
  /** A file: present (or absent when `exists` is false), containing a text, matching a regex. */
  | { readonly kind: 'file'; readonly host: string; readonly path: string; readonly exists: boolean; readonly contains: string | null; readonly matches: string | null }
  /** /var/mail/USER exists, and contains `contains` when given. */
  | { readonly kind: 'mailbox'; readonly host: string; readonly user: string; readonly contains: string | null }
  /** A main.cf parameter as `postconf -h` gives it: equal to `value`, or containing `contains`. */
  | { readonly kind: 'postconf'; readonly host: string; readonly parameter: string; readonly value: string | null; readonly contains: string | null }
  /** An interface (any when `iface` is null) has `address` (with `prefix` when given). */
  | { readonly kind: 'address'; readonly host: string; readonly address: string; readonly prefix: number | null; readonly iface: string | null }
  /** net.ipv4.ip_forward is `value`. */
  | { readonly kind: 'forwarding'; readonly host: string; readonly value: boolean }
  /** A route to `to` ("default" or a network), through `via` and `dev` when given. */
  | { readonly kind: 'route'; readonly host: string; readonly to: string; readonly via: string | null; readonly dev: string | null }
  /** The host's running named answers `name`/`type` with authority, with a record `value` when given. */
  | { readonly kind: 'dns'; readonly host: string; readonly name: string; readonly type: DnsCheckType; readonly value: string | null }
  /** At least `count` captured frames (on `host`, `iface` when given) match a display filter. */
  | { readonly kind: 'capture'; readonly filter: string; readonly count: number; readonly host: string | null; readonly iface: string | null };

export type CheckKind = CheckSpec['kind'];

export interface StepSpec {
  /** Unique in the scenario; the column name of `netsim grade`. */
  readonly id: string;
  readonly title: Localized;
  /** What to do; empty when the file gives none. */
  readonly do: Localized;
  readonly hint: Localized;
  readonly check: CheckSpec;
}

/** Each kind's key and the other keys it takes; `host` is required except for `capture`. */
const CHECK_KEYS: Readonly<Record<Exclude<CheckKind, 'all' | 'any' | 'not'>, readonly string[]>> = {
  package: ['host'],
  service: ['host'],
  listening: ['host', 'address', 'proto'],
  user: ['host'],
  file: ['host', 'exists', 'contains', 'matches'],
  mailbox: ['host', 'contains'],
  postconf: ['host', 'value', 'contains'],
  address: ['host', 'iface'],
  forwarding: ['host'],
  route: ['host', 'via', 'dev'],
  dns: ['host'],
  capture: ['count', 'host', 'iface'],
};
const COMBINATORS = ['all', 'any', 'not'] as const;

function optionsOf(kind: CheckKind): readonly string[] {
  return kind === 'all' || kind === 'any' || kind === 'not' ? [] : CHECK_KEYS[kind];
}
export const CHECK_KINDS: readonly CheckKind[] = [...(Object.keys(CHECK_KEYS) as CheckKind[]), ...COMBINATORS];
const ALL_CHECK_KEYS = [...new Set([...CHECK_KINDS, ...Object.values(CHECK_KEYS).flat()])];

const STEP_KEYS = ['id', 'title', 'do', 'hint', 'check'];
const STEP_ID = /^[\p{L}\p{N}][\p{L}\p{N}_.-]*$/u;
const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;
const UNIT_NAME = /^[A-Za-z0-9@_.:-]+$/;
const USER_NAME = /^[a-z][a-z0-9_-]{0,31}$/;
const PARAMETER = /^[a-z0-9_]+$/;
const INTERFACE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,14}$/;
const DOMAIN = /^([A-Za-z0-9_*]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)*[A-Za-z0-9_*]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.?$|^\.$/;
/** Deep enough for any hand-written check, shallow enough that a runaway file cannot blow the stack. */
const MAX_DEPTH = 16;

/** The `steps` list; `hosts` are the scenario's host names (a check naming another is an error). */
export function readSteps(node: TreeNode, reader: Reader, hosts: ReadonlySet<string>): StepSpec[] | undefined {
  const list = reader.seq(node, 'steps');
  if (!list) return undefined;
  const steps: StepSpec[] = [];
  const ids = new Set<string>();
  list.items.forEach((item, i) => {
    const path = childPath('steps', i);
    const step = readStep(item, path, reader, hosts);
    if (!step) return;
    if (ids.has(step.id)) reader.error(childPath(path, 'id'), `duplicate step id '${step.id}'`);
    ids.add(step.id);
    steps.push(step);
  });
  return steps;
}

function readStep(node: TreeNode, path: string, reader: Reader, hosts: ReadonlySet<string>): StepSpec | undefined {
  const f = reader.fields(node, path, STEP_KEYS, ['id', 'title', 'check']);
  if (!f) return undefined;
  const at = (key: string): string => childPath(path, key);
  const idNode = f.get('id');
  const id = idNode && reader.word(idNode, at('id'), STEP_ID, 'step id', 'letters, digits, _ . and -, no spaces');
  const titleNode = f.get('title');
  const title = titleNode && readLocalized(titleNode, at('title'), reader);
  const doNode = f.get('do');
  const todo = doNode ? readLocalized(doNode, at('do'), reader) : EMPTY;
  const hintNode = f.get('hint');
  const hint = hintNode ? readLocalized(hintNode, at('hint'), reader) : EMPTY;
  const checkNode = f.get('check');
  const check = checkNode && readCheck(checkNode, at('check'), reader, hosts, 0);
  if (!id || !title || !todo || !hint || !check) return undefined;
  return { id, title, do: todo, hint, check };
}

const EMPTY: Localized = { fr: '', en: '' };

/** `text` or `{ fr, en }`; a pair with one language gives it for both. */
export function readLocalized(node: TreeNode, path: string, reader: Reader): Localized | undefined {
  if (node.kind !== 'map') {
    const text = reader.string(node, path);
    return text === undefined ? undefined : { fr: text, en: text };
  }
  const f = reader.fields(node, path, ['fr', 'en']);
  if (!f) return undefined;
  const fr = f.has('fr') ? reader.string(f.get('fr')!, childPath(path, 'fr')) : undefined;
  const en = f.has('en') ? reader.string(f.get('en')!, childPath(path, 'en')) : undefined;
  if (!f.has('fr') && !f.has('en')) {
    reader.error(path, "expected a text, or { fr: ..., en: ... } with at least one of 'fr' and 'en'");
    return undefined;
  }
  if ((f.has('fr') && fr === undefined) || (f.has('en') && en === undefined)) return undefined;
  return { fr: fr ?? en ?? '', en: en ?? fr ?? '' };
}

function readCheck(node: TreeNode, path: string, reader: Reader, hosts: ReadonlySet<string>, depth: number): CheckSpec | undefined {
  if (depth > MAX_DEPTH) {
    reader.error(path, `checks nest too deep (at most ${MAX_DEPTH} levels)`);
    return undefined;
  }
  const before = reader.errors.length;
  const f = reader.fields(node, path, ALL_CHECK_KEYS);
  if (!f) return undefined;
  // `address` is a kind and also an option of `listening`: a key another present kind takes is that kind's option.
  const present = CHECK_KINDS.filter((k) => f.has(k));
  const kinds = present.filter((k) => !present.some((o) => o !== k && optionsOf(o).includes(k)));
  // A misspelt kind key was just reported with its did-you-mean: saying "found none" adds nothing.
  if (kinds.length === 0 && reader.errors.length > before) return undefined;
  if (kinds.length !== 1) {
    const present = kinds.length === 0 ? 'none' : kinds.map((k) => `'${k}'`).join(' and ');
    reader.error(path, `a check needs exactly one of ${CHECK_KINDS.join(', ')} (found ${present})`);
    return undefined;
  }
  const kind = kinds[0];
  const at = (key: string): string => childPath(path, key);
  const allowed = optionsOf(kind);
  let ok = true;
  for (const key of f.keys()) {
    if (key !== kind && !allowed.includes(key)) {
      reader.error(at(key), `'${key}' does not apply to ${/^[aeiou]/.test(kind) ? 'an' : 'a'} '${kind}' check` + (allowed.length > 0 ? ` (it takes ${allowed.map((k) => `'${k}'`).join(', ')})` : ''));
      ok = false;
    }
  }
  const main = f.get(kind)!;
  if (kind === 'all' || kind === 'any') {
    const list = reader.seq(main, at(kind));
    if (!list) return undefined;
    if (list.items.length === 0) reader.error(at(kind), `'${kind}' needs at least one check`);
    const checks = list.items.map((item, i) => readCheck(item, childPath(at(kind), i), reader, hosts, depth + 1));
    if (!ok || list.items.length === 0 || checks.some((c) => c === undefined)) return undefined;
    return { kind, checks: checks as CheckSpec[] };
  }
  if (kind === 'not') {
    const inner = readCheck(main, at('not'), reader, hosts, depth + 1);
    return ok && inner ? { kind, check: inner } : undefined;
  }

  // Leaf checks: a host (capture: optional), the kind's own value, its options.
  const hostNode = f.get('host');
  let host: string | null | undefined = null;
  if (hostNode) {
    host = reader.string(hostNode, at('host'));
    if (host !== undefined && !hosts.has(host)) {
      reader.error(at('host'), `unknown host '${host}'` + (hosts.size > 0 ? ` (hosts: ${[...hosts].join(', ')})` : ''));
      host = undefined;
    }
  } else if (kind !== 'capture') {
    reader.error(path, `missing key 'host' (the host this '${kind}' check looks at)`);
    host = undefined;
  }
  const opt = <T>(key: string, read: (n: TreeNode, p: string) => T | undefined): T | null | undefined => {
    const n = f.get(key);
    return n === undefined ? null : read(n, at(key));
  };
  const text = (n: TreeNode, p: string): string | undefined => reader.string(n, p);
  const iface = opt('iface', (n, p) => reader.word(n, p, INTERFACE_NAME, 'interface name', 'like eth0'));
  const check = ((): CheckSpec | undefined => {
    switch (kind) {
      case 'package': {
        const name = reader.word(main, at(kind), PACKAGE_NAME, 'package name', 'Debian package names are lower case');
        return name && host ? { kind, host, package: name } : undefined;
      }
      case 'service': {
        const name = reader.word(main, at(kind), UNIT_NAME, 'service name');
        return name && host ? { kind, host, service: name } : undefined;
      }
      case 'user': {
        const name = reader.word(main, at(kind), USER_NAME, 'user name', 'lower-case letters, digits, _ and -, starting with a letter');
        return name && host ? { kind, host, user: name } : undefined;
      }
      case 'listening': {
        const port = readPort(main, at(kind), reader);
        const address = opt('address', (n, p) => readAddress(n, p, reader));
        const proto = opt('proto', (n, p) => reader.oneOf(n, p, ['tcp', 'udp'] as const, 'protocol'));
        if (port === undefined || address === undefined || proto === undefined || !host) return undefined;
        return { kind, host, port, address, proto: proto ?? 'tcp' };
      }
      case 'file': {
        const p = reader.word(main, at(kind), /^\/\S*$/, 'file path', 'expected an absolute path like /etc/postfix/main.cf');
        const exists = opt('exists', (n, q) => reader.boolean(n, q));
        const contains = opt('contains', text);
        const matches = opt('matches', (n, q) => readRegex(n, q, reader));
        if (exists === false && (contains !== null || matches !== null)) reader.error(path, "'exists: false' excludes 'contains' and 'matches'");
        if (!p || exists === undefined || contains === undefined || matches === undefined || !host || (exists === false && (contains !== null || matches !== null))) return undefined;
        return { kind, host, path: p, exists: exists ?? true, contains, matches };
      }
      case 'mailbox': {
        const user = reader.word(main, at(kind), USER_NAME, 'user name', 'lower-case letters, digits, _ and -, starting with a letter');
        const contains = opt('contains', text);
        return user && contains !== undefined && host ? { kind, host, user, contains } : undefined;
      }
      case 'postconf': {
        const parameter = reader.word(main, at(kind), PARAMETER, 'Postfix parameter', 'like mydestination');
        const value = opt('value', text);
        const contains = opt('contains', text);
        if (value === null && contains === null) reader.error(path, "a 'postconf' check needs 'value' or 'contains'");
        if (!parameter || value === undefined || contains === undefined || (value === null && contains === null) || !host) return undefined;
        return { kind, host, parameter, value, contains };
      }
      case 'address': {
        const a = readAddressMaybePrefix(main, at(kind), reader);
        return a && iface !== undefined && host ? { kind, host, address: a.address, prefix: a.prefix, iface } : undefined;
      }
      case 'forwarding': {
        const value = reader.boolean(main, at(kind));
        return value !== undefined && host ? { kind, host, value } : undefined;
      }
      case 'route': {
        const to = readRouteDest(main, at(kind), reader);
        const via = opt('via', (n, p) => readAddress(n, p, reader));
        const dev = opt('dev', (n, p) => reader.word(n, p, INTERFACE_NAME, 'interface name', 'like eth0'));
        return to && via !== undefined && dev !== undefined && host ? { kind, host, to, via, dev } : undefined;
      }
      case 'dns': {
        const q = readDnsQuestion(main, at(kind), reader);
        return q && host ? { kind, host, ...q } : undefined;
      }
      case 'capture': {
        const filter = reader.string(main, at(kind));
        const count = opt('count', (n, p) => {
          const v = reader.integer(n, p);
          if (v !== undefined && v < 1) reader.error(p, `count must be at least 1, found ${v}`);
          return v !== undefined && v >= 1 ? v : undefined;
        });
        if (filter === undefined || count === undefined || host === undefined || iface === undefined) return undefined;
        if (iface !== null && host === null) {
          reader.error(at('iface'), "'iface' needs 'host' (the host of that interface)");
          return undefined;
        }
        return { kind, filter, count: count ?? 1, host, iface };
      }
    }
  })();
  return ok && iface !== undefined ? check : undefined;
}

function readPort(node: TreeNode, path: string, reader: Reader): number | undefined {
  const port = reader.integer(node, path);
  if (port !== undefined && (port < 1 || port > 65535)) {
    reader.error(path, `bad port ${port} (expected 1 to 65535)`);
    return undefined;
  }
  return port;
}

function readAddress(node: TreeNode, path: string, reader: Reader): string | undefined {
  const text = reader.string(node, path);
  if (text === undefined) return undefined;
  const ip = parseIpv4(text);
  if (!ip.ok) reader.error(path, `bad IPv4 address ${JSON.stringify(text)}: ${ip.reason}`);
  return ip.ok ? formatIpv4(ip.value) : undefined;
}

function readAddressMaybePrefix(node: TreeNode, path: string, reader: Reader): { address: string; prefix: number | null } | undefined {
  const text = reader.string(node, path);
  if (text === undefined) return undefined;
  if (!text.includes('/')) {
    const address = readAddress(node, path, reader);
    return address === undefined ? undefined : { address, prefix: null };
  }
  const cidr = parseCidr(text);
  if (!cidr.ok) reader.error(path, `bad CIDR ${JSON.stringify(text)}: ${cidr.reason}`);
  return cidr.ok ? { address: cidr.value.address, prefix: cidr.value.prefix } : undefined;
}

/** "default", or a network as `ip route` names it ("10.0.0.0/8"; a bare address is a /32). */
function readRouteDest(node: TreeNode, path: string, reader: Reader): string | undefined {
  const text = reader.string(node, path);
  if (text === undefined) return undefined;
  if (text === 'default' || text === '0.0.0.0/0') return 'default';
  const cidr = parseCidr(text.includes('/') ? text : `${text}/32`);
  if (!cidr.ok) reader.error(path, `bad route destination ${JSON.stringify(text)}: ${cidr.reason} (expected default or a network like 10.0.0.0/8)`);
  return cidr.ok ? `${cidr.value.address}/${cidr.value.prefix}` : undefined;
}

function readRegex(node: TreeNode, path: string, reader: Reader): string | undefined {
  const text = reader.string(node, path);
  if (text === undefined) return undefined;
  try {
    new RegExp(text, 'm');
    return text;
  } catch (e) {
    reader.error(path, `bad regular expression ${JSON.stringify(text)}: ${(e as Error).message}`);
    return undefined;
  }
}

function readDnsQuestion(node: TreeNode, path: string, reader: Reader): { name: string; type: DnsCheckType; value: string | null } | undefined {
  const f = reader.fields(node, path, ['name', 'type', 'value'], ['name']);
  if (!f) return undefined;
  const at = (key: string): string => childPath(path, key);
  const name = f.has('name') ? reader.word(f.get('name')!, at('name'), DOMAIN, 'domain name', 'like mail54.com or www.mail54.com.') : undefined;
  const typeText = f.has('type') ? reader.string(f.get('type')!, at('type')) : 'A';
  const type = typeText === undefined ? undefined : DNS_CHECK_TYPES.find((t) => t === typeText.toUpperCase());
  if (typeText !== undefined && type === undefined) reader.error(at('type'), `unknown record type ${JSON.stringify(typeText)} (expected ${DNS_CHECK_TYPES.join(', ')})`);
  const value = f.has('value') ? reader.string(f.get('value')!, at('value')) : null;
  if (!name || !type || value === undefined) return undefined;
  return { name, type, value };
}
