// Field-by-field reading of a templated scenario tree into the typed model. Every key, type and
// value format is checked here; relations between fields (references, duplicates, subnets) are
// checked afterwards in consistency.ts. A field that fails is reported and left out, so the
// other fields still get checked.
import { parseCidr, parseIpv4, formatIpv4, networkOf, unusableHostAddress, type Cidr } from './ipv4.ts';
import { parseMac } from './mac.ts';
import { childPath, type Reader } from './reader.ts';
import { readLocalized, readSteps } from './steps.ts';
import { readTraffic } from './traffic.ts';
import {
  LOCALES,
  NETWORK_KINDS,
  RESERVED_KEYS,
  ROLES,
  type HostSpec,
  type InterfaceSpec,
  type NetworkSpec,
  type ParamSpec,
  type PlainValue,
  type ReservedKey,
  type RouteSpec,
  type Scenario,
  type UserSpec,
} from './schema.ts';
import type { TreeNode } from './tree.ts';

/** The model plus what consistency checks need: where each part came from, and what is missing. */
export interface ReadScenario {
  readonly scenario: Scenario;
  /** Source path of each network, host, interface, route and user object (`hosts[2]`). */
  readonly paths: ReadonlyMap<object, string>;
  /** Hosts whose interfaces were not all read: their subnets are unknown. */
  readonly incompleteHosts: ReadonlySet<HostSpec>;
  /** A network entry was unreadable: "unknown network" could be a consequence. */
  readonly networksIncomplete: boolean;
}

const TOP_KEYS = ['name', 'description', 'locale', 'params', 'networks', 'hosts', 'steps', 'traffic', ...RESERVED_KEYS];
const HOST_KEYS = ['name', 'hostname', 'role', 'forwarding', 'gateway', 'dns', 'routes', 'interfaces', 'packages', 'debconf', 'services', 'users', 'files', 'boot'];
const INTERFACE_KEYS = ['name', 'network', 'address', 'dhcp', 'mac'];
const NETWORK_KEYS = ['name', 'kind', 'color', 'description'];
const USER_KEYS = ['name', 'password', 'gecos', 'groups', 'shell'];

// Host names become `@NAME` in session scripts and, lower-cased, the default /etc/hostname.
const HOST_NAME = /^[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const LABEL = '[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOSTNAME = new RegExp(`^(?=.{1,253}$)${LABEL}(\\.${LABEL})*$`); // RFC 1123 2.1
const NETWORK_NAME = /^[\p{L}\p{N}][\p{L}\p{N}_.-]*$/u;
const INTERFACE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,14}$/; // IFNAMSIZ is 16 with the NUL
const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/; // Debian Policy 5.6.1
const UNIT_NAME = /^[A-Za-z0-9@_.:-]+$/;
const USER_NAME = /^[a-z][a-z0-9_-]{0,31}$/; // adduser's default NAME_REGEX
const DEBCONF_QUESTION = /^[a-z0-9][a-z0-9+.-]*\/\S+$/;
const COLOR = /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const MAX_NAMESERVERS = 3; // glibc MAXNS: resolv.conf lines past the third are ignored

export function readScenario(root: TreeNode, params: readonly ParamSpec[], reader: Reader): ReadScenario | undefined {
  const top = reader.fields(root, '', TOP_KEYS, ['name', 'hosts']);
  if (!top) return undefined;
  const paths = new Map<object, string>();
  const incompleteHosts = new Set<HostSpec>();
  let networksIncomplete = false;

  const name = optional(top, 'name', (n) => nonEmpty(reader, n, 'name')) ?? '';
  const description = optional(top, 'description', (n) => readLocalized(n, 'description', reader)) ?? { fr: '', en: '' };
  const locale = optional(top, 'locale', (n) => reader.oneOf(n, 'locale', LOCALES, 'locale')) ?? 'en';

  const networks: NetworkSpec[] = [];
  const networkList = top.get('networks');
  if (networkList) {
    const list = reader.seq(networkList, 'networks');
    if (!list) networksIncomplete = true;
    list?.items.forEach((item, i) => {
      const path = childPath('networks', i);
      const network = readNetwork(item, path, reader);
      if (network) networks.push(network);
      if (network) paths.set(network, path);
      else networksIncomplete = true;
    });
  }

  const hosts: HostSpec[] = [];
  const hostList = top.get('hosts');
  if (hostList) {
    const list = reader.seq(hostList, 'hosts');
    if (list && list.items.length === 0) reader.error('hosts', 'a scenario needs at least one host');
    list?.items.forEach((item, i) => {
      let complete = true;
      const host = readHost(item, childPath('hosts', i), reader, paths, () => (complete = false));
      if (!host) return;
      hosts.push(host);
      if (!complete) incompleteHosts.add(host);
    });
  }

  const steps = optional(top, 'steps', (n) => readSteps(n, reader, new Set(hosts.map((h) => h.name)))) ?? [];
  const traffic = optional(top, 'traffic', (n) => readTraffic(n, reader, new Set(hosts.map((h) => h.name)))) ?? [];

  const reserved: Partial<Record<ReservedKey, PlainValue>> = {};
  for (const key of RESERVED_KEYS) {
    const node = top.get(key);
    if (node) reserved[key] = plain(node);
  }
  return { scenario: { name, description: description.fr, descriptionEn: description.en, locale, params, networks, hosts, steps, traffic, reserved }, paths, incompleteHosts, networksIncomplete };
}

function readNetwork(node: TreeNode, path: string, reader: Reader): NetworkSpec | undefined {
  const f = reader.fields(node, path, NETWORK_KEYS, ['name']);
  if (!f) return undefined;
  const name = optional(f, 'name', (n) => reader.word(n, childPath(path, 'name'), NETWORK_NAME, 'network name', 'letters, digits, _ . and -, no spaces'));
  const kind = optional(f, 'kind', (n) => reader.oneOf(n, childPath(path, 'kind'), NETWORK_KINDS, 'network kind')) ?? 'switch';
  const color = optional(f, 'color', (n) => reader.word(n, childPath(path, 'color'), COLOR, 'colour', 'expected #rgb or #rrggbb'));
  const description = optional(f, 'description', (n) => reader.string(n, childPath(path, 'description')));
  if (name === undefined) return undefined;
  return { name, kind, color: color ?? null, description: description ?? '' };
}

function readHost(node: TreeNode, path: string, reader: Reader, paths: Map<object, string>, markIncomplete: () => void): HostSpec | undefined {
  const f = reader.fields(node, path, HOST_KEYS, ['name']);
  if (!f) return undefined;
  const at = (key: string): string => childPath(path, key);
  // '' marks a name already reported as bad: later checks skip it.
  const name = optional(f, 'name', (n) => reader.word(n, at('name'), HOST_NAME, 'host name', 'letters, digits and -, starting with a letter')) ?? '';
  const hostname = optional(f, 'hostname', (n) => reader.word(n, at('hostname'), HOSTNAME, 'hostname', 'letters, digits and -, dot-separated labels')) ?? name.toLowerCase();
  const role = optional(f, 'role', (n) => reader.oneOf(n, at('role'), ROLES, 'role')) ?? 'client';
  const forwarding = optional(f, 'forwarding', (n) => reader.boolean(n, at('forwarding'))) ?? false;
  const gateway = optional(f, 'gateway', (n) => readHostAddress(n, at('gateway'), reader)) ?? null;

  const dns = optional(f, 'dns', (n) => reader.strings(n, at('dns'), (item, p) => readHostAddress(item, p, reader))) ?? [];
  if (dns.length > MAX_NAMESERVERS) reader.error(at('dns'), `at most ${MAX_NAMESERVERS} nameservers (glibc ignores the others)`);

  const routes: RouteSpec[] = [];
  const routeList = optional(f, 'routes', (n) => reader.seq(n, at('routes')));
  routeList?.items.forEach((item, i) => {
    const route = readRoute(item, childPath(at('routes'), i), reader);
    if (route) routes.push(route);
    if (route) paths.set(route, childPath(at('routes'), i));
  });

  const interfaces: InterfaceSpec[] = [];
  const interfaceNode = f.get('interfaces');
  if (interfaceNode) {
    const list = reader.seq(interfaceNode, at('interfaces'));
    if (!list) markIncomplete();
    list?.items.forEach((item, i) => {
      const iface = readInterface(item, childPath(at('interfaces'), i), reader, markIncomplete);
      if (iface) interfaces.push(iface);
      if (iface) paths.set(iface, childPath(at('interfaces'), i));
    });
  }

  const packages = optional(f, 'packages', (n) => reader.strings(n, at('packages'), (item, p) => reader.word(item, p, PACKAGE_NAME, 'package name', 'Debian package names are lower case'))) ?? [];
  const debconf = optional(f, 'debconf', (n) => readDebconf(n, at('debconf'), reader)) ?? {};
  const services = optional(f, 'services', (n) => reader.strings(n, at('services'), (item, p) => reader.word(item, p, UNIT_NAME, 'service name'))) ?? [];

  const users: UserSpec[] = [];
  optional(f, 'users', (n) => reader.seq(n, at('users')))?.items.forEach((item, i) => {
    const user = readUser(item, childPath(at('users'), i), reader);
    if (user) users.push(user);
    if (user) paths.set(user, childPath(at('users'), i));
  });

  const files = optional(f, 'files', (n) => readFiles(n, at('files'), reader)) ?? {};
  const boot = optional(f, 'boot', (n) => reader.strings(n, at('boot'))) ?? [];
  const host = { name, hostname, role, forwarding, gateway, dns, routes, interfaces, packages, debconf, services, users, files, boot };
  paths.set(host, path);
  return host;
}

function readInterface(node: TreeNode, path: string, reader: Reader, markIncomplete: () => void): InterfaceSpec | undefined {
  const f = reader.fields(node, path, INTERFACE_KEYS, ['name', 'network']);
  if (!f) {
    markIncomplete();
    return undefined;
  }
  const at = (key: string): string => childPath(path, key);
  const name = optional(f, 'name', (n) => {
    const text = reader.word(n, at('name'), INTERFACE_NAME, 'interface name', 'like eth0, at most 15 characters');
    if (text === 'lo') reader.error(at('name'), "'lo' is the loopback interface, which every host has already");
    return text === 'lo' ? undefined : text;
  });
  const network = optional(f, 'network', (n) => reader.string(n, at('network')));
  const dhcp = optional(f, 'dhcp', (n) => reader.boolean(n, at('dhcp'))) ?? false;
  const addressNode = f.get('address');
  const address = addressNode ? readInterfaceAddress(addressNode, at('address'), reader) : null;
  if (address === undefined) markIncomplete();
  const mac = optional(f, 'mac', (n) => {
    const text = reader.string(n, at('mac'));
    if (text === undefined) return undefined;
    const parsed = parseMac(text);
    if (!parsed.ok) reader.error(at('mac'), `bad MAC address ${JSON.stringify(text)}: ${parsed.reason}`);
    return parsed.ok ? parsed.value : undefined;
  });
  // Debian's ifupdown has one method per stanza (`inet dhcp` or `inet static`): not both.
  if (dhcp && addressNode) reader.error(path, 'dhcp: true and a static address exclude each other (keep one)');
  return { name: name ?? '', network: network ?? '', address: address ?? null, dhcp, mac: mac ?? null };
}

function readInterfaceAddress(node: TreeNode, path: string, reader: Reader): Cidr | undefined {
  const text = reader.string(node, path);
  if (text === undefined) return undefined;
  const cidr = parseCidr(text);
  if (!cidr.ok) {
    reader.error(path, `bad CIDR ${JSON.stringify(text)}: ${cidr.reason}`);
    return undefined;
  }
  const unusable = unusableHostAddress(ipv4(cidr.value.address), cidr.value.prefix);
  if (unusable) {
    reader.error(path, `${JSON.stringify(text)} ${unusable}`);
    return undefined;
  }
  return cidr.value;
}

/** A unicast IPv4 address a host can use (gateway, route via, nameserver). */
function readHostAddress(node: TreeNode, path: string, reader: Reader): string | undefined {
  const text = reader.string(node, path);
  if (text === undefined) return undefined;
  const parsed = parseIpv4(text);
  if (!parsed.ok) {
    reader.error(path, `bad IPv4 address ${JSON.stringify(text)}: ${parsed.reason}` + (text.includes('/') ? ' (no /prefix here)' : ''));
    return undefined;
  }
  const unusable = unusableHostAddress(parsed.value, 32);
  if (unusable) {
    reader.error(path, `${JSON.stringify(text)} ${unusable}`);
    return undefined;
  }
  return formatIpv4(parsed.value);
}

function readRoute(node: TreeNode, path: string, reader: Reader): RouteSpec | undefined {
  const f = reader.fields(node, path, ['to', 'via'], ['to', 'via']);
  if (!f) return undefined;
  const to = optional(f, 'to', (n) => {
    const p = childPath(path, 'to');
    const text = reader.string(n, p);
    if (text === undefined) return undefined;
    const cidr = parseCidr(text);
    if (!cidr.ok) {
      reader.error(p, `bad CIDR ${JSON.stringify(text)}: ${cidr.reason}`);
      return undefined;
    }
    // `ip route add 10.0.0.1/8` fails with "Invalid prefix for given prefix length".
    const net = formatIpv4(networkOf(ipv4(cidr.value.address), cidr.value.prefix));
    if (net !== cidr.value.address) {
      reader.error(p, `bad route destination ${JSON.stringify(text)}: host bits are set (did you mean ${net}/${cidr.value.prefix}?)`);
      return undefined;
    }
    return cidr.value;
  });
  const via = optional(f, 'via', (n) => readHostAddress(n, childPath(path, 'via'), reader));
  return to && via ? { to, via } : undefined;
}

function readUser(node: TreeNode, path: string, reader: Reader): UserSpec | undefined {
  const f = reader.fields(node, path, USER_KEYS, ['name']);
  if (!f) return undefined;
  const at = (key: string): string => childPath(path, key);
  const name = optional(f, 'name', (n) => reader.word(n, at('name'), USER_NAME, 'user name', 'lower-case letters, digits, _ and -, starting with a letter'));
  const password = optional(f, 'password', (n) => reader.string(n, at('password')));
  const gecos = optional(f, 'gecos', (n) => {
    const text = reader.string(n, at('gecos'));
    // ':' separates /etc/passwd fields, a newline separates entries.
    if (text !== undefined && /[:\n]/.test(text)) reader.error(at('gecos'), 'gecos may not contain ":" or a line break');
    return text;
  });
  const groups = optional(f, 'groups', (n) => reader.strings(n, at('groups'), (item, p) => reader.word(item, p, USER_NAME, 'group name', 'lower-case letters, digits, _ and -, starting with a letter'))) ?? [];
  const shell = optional(f, 'shell', (n) => reader.word(n, at('shell'), /^\/\S+$/, 'shell', 'expected an absolute path like /bin/bash'));
  if (name === undefined) return undefined;
  return { name, password: password ?? null, gecos: gecos ?? null, groups, shell: shell ?? null };
}

function readFiles(node: TreeNode, path: string, reader: Reader): Record<string, string> | undefined {
  const map = reader.map(node, path);
  if (!map) return undefined;
  const files: Record<string, string> = {};
  for (const entry of map.entries) {
    const at = childPath(path, entry.key);
    reader.visit(at, entry.value);
    const segments = entry.key.split('/').slice(1);
    if (!entry.key.startsWith('/') || segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\0'))) {
      reader.error(at, `bad file path ${JSON.stringify(entry.key)} (expected an absolute path like /etc/motd)`, entry.keyPos);
      continue;
    }
    const content = entry.value.kind === 'scalar' && entry.value.isNull ? '' : reader.string(entry.value, at);
    if (content !== undefined) files[entry.key] = content;
  }
  return files;
}

function readDebconf(node: TreeNode, path: string, reader: Reader): Record<string, string> | undefined {
  const map = reader.map(node, path);
  if (!map) return undefined;
  const answers: Record<string, string> = {};
  for (const entry of map.entries) {
    const at = childPath(path, entry.key);
    reader.visit(at, entry.value);
    if (!DEBCONF_QUESTION.test(entry.key)) {
      reader.error(at, `bad debconf question ${JSON.stringify(entry.key)} (expected package/question, like postfix/mailname)`, entry.keyPos);
      continue;
    }
    const answer = entry.value.kind === 'scalar' && entry.value.isNull ? '' : reader.string(entry.value, at);
    if (answer !== undefined) answers[entry.key] = answer;
  }
  return answers;
}

function optional<T>(fields: ReadonlyMap<string, TreeNode>, key: string, read: (node: TreeNode) => T | undefined): T | undefined {
  const node = fields.get(key);
  return node === undefined ? undefined : read(node);
}

function nonEmpty(reader: Reader, node: TreeNode, path: string): string | undefined {
  const text = reader.string(node, path);
  if (text !== undefined && text.trim() === '') reader.error(path, 'may not be empty');
  return text;
}

function ipv4(text: string): number {
  const parsed = parseIpv4(text);
  if (!parsed.ok) throw new Error(`not a normalised IPv4 address: ${text}`);
  return parsed.value;
}

function plain(node: TreeNode): PlainValue {
  if (node.kind === 'scalar') return node.isNull ? null : node.value;
  if (node.kind === 'seq') return node.items.map(plain);
  const out: { [key: string]: PlainValue } = {};
  for (const entry of node.entries) out[entry.key] = plain(entry.value);
  return out;
}
