// /etc/dhcp/dhcpd.conf (dhcpd.conf(5)): the subset a lab writes (global parameters and options,
// subnet declarations with range, host declarations with hardware ethernet and fixed-address),
// parsed the way dhcpd's conflex/confpars do, so mistakes are reported with dhcpd's own words,
// line number, offending line and caret. Unknown but well-formed parameters are kept aside.
import { formatIpv4, maskToPrefix, parseIpv4, parseMac, type Ipv4, type Mac } from '../../wire/addr.ts';

/** Option values by dhcpd option name, kept as the typed value the server sends. */
export interface DhcpdOptions {
  'subnet-mask'?: Ipv4;
  routers?: Ipv4[];
  'domain-name-servers'?: Ipv4[];
  'domain-name'?: string;
  'broadcast-address'?: Ipv4;
  'host-name'?: string;
  'domain-search'?: string[];
  'ntp-servers'?: Ipv4[];
  'dhcp-renewal-time'?: number;
  'dhcp-rebinding-time'?: number;
}

export interface DhcpdParams {
  defaultLeaseTime?: number;
  maxLeaseTime?: number;
  minLeaseTime?: number;
  authoritative?: boolean;
  pingCheck?: boolean;
  options: DhcpdOptions;
}

export interface DhcpdRange {
  low: Ipv4;
  high: Ipv4;
}

export interface DhcpdSubnet extends DhcpdParams {
  net: Ipv4;
  mask: Ipv4;
  prefix: number;
  ranges: DhcpdRange[];
}

export interface DhcpdHost extends DhcpdParams {
  name: string;
  mac: Mac | null;
  fixedAddress: Ipv4 | null;
}

export interface DhcpdConfig extends DhcpdParams {
  subnets: DhcpdSubnet[];
  hosts: DhcpdHost[];
}

/** One parse_warn: the first line, then the offending line and the caret line. */
export interface DhcpdConfError {
  line: number;
  message: string;
  /** The line as in the file and the caret under the offending token (none past column 80). */
  text: string;
  caret: string | null;
}

export type DhcpdConfResult =
  | { ok: true; config: DhcpdConfig }
  /** Syntax errors (parse_warn): "Configuration file errors encountered -- exiting". */
  | { ok: false; errors: DhcpdConfError[]; fatal: null }
  /** A log_fatal during parsing (bad range): that one line, then exit. */
  | { ok: false; errors: DhcpdConfError[]; fatal: string };

interface Token {
  kind: 'name' | 'string' | 'punct' | 'eof';
  text: string;
  line: number;
  /** 0-based column of the token's first character. */
  col: number;
}

const NAME_CHAR = /[A-Za-z0-9_.:\-]/;

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let line = 1;
  let col = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      col = 0;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      col++;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '"') {
      const start = col;
      let s = '';
      i++;
      col++;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') {
        if (text[i] === '\\' && i + 1 < text.length) {
          i++;
          col++;
        }
        s += text[i];
        i++;
        col++;
      }
      if (text[i] === '"') {
        i++;
        col++;
      }
      out.push({ kind: 'string', text: s, line, col: start });
      continue;
    }
    if (NAME_CHAR.test(c)) {
      const start = col;
      let s = '';
      while (i < text.length && NAME_CHAR.test(text[i])) {
        s += text[i];
        i++;
        col++;
      }
      out.push({ kind: 'name', text: s, line, col: start });
      continue;
    }
    out.push({ kind: 'punct', text: c, line, col });
    i++;
    col++;
  }
  out.push({ kind: 'eof', text: '', line, col });
  return out;
}

/** parse_warn's caret line: a space per character before the token, tabs to the next stop of 8. */
function caretFor(lineText: string, col: number): string {
  let s = '';
  for (let i = 0; i < col && i < lineText.length; i++) {
    s += ' ';
    if (lineText[i] === '\t') while (s.length & 7) s += ' ';
  }
  return s + '^';
}

class FatalParse extends Error {}

class Parser {
  private pos = 0;
  readonly errors: DhcpdConfError[] = [];
  private readonly lines: string[];
  /** Set once a declaration (subnet, host) was read: later unknown words are "expecting a declaration". */
  private declared = false;

  constructor(
    text: string,
    private readonly toks: Token[],
  ) {
    this.lines = text.split('\n');
  }

  private peek(): Token {
    return this.toks[this.pos];
  }

  private next(): Token {
    const t = this.toks[this.pos];
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  /**
   * parse_warn: the lexer keeps 80 characters of the current line, and the caret line is only
   * printed for a token that starts within them.
   */
  warn(t: Token, message: string): void {
    const text = (this.lines[t.line - 1] ?? '').replace(/\r$/, '').slice(0, 80);
    this.errors.push({ line: t.line, message, text, caret: t.col < 80 ? caretFor(text, t.col) : null });
  }

  /**
   * skip_to_semi (skip_to_rbrace with no open brace): past the next `;` at this level, past a
   * whole `{ ... }` block, or past a `}` closing the enclosing scope (consumed, as dhcpd does).
   */
  private skipToSemi(): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return;
      this.next();
      if (t.kind === 'punct' && t.text === '}' && depth === 0) return;
      if (t.kind === 'punct' && t.text === '{') depth++;
      else if (t.kind === 'punct' && t.text === '}') {
        depth--;
        if (depth === 0) return;
      } else if (t.kind === 'punct' && t.text === ';' && depth === 0) return;
    }
  }

  /** parse_semi. */
  private semi(): boolean {
    const t = this.next();
    if (t.kind === 'punct' && t.text === ';') return true;
    this.warn(t, 'semicolon expected.');
    this.skipToSemi();
    return false;
  }

  private ipAddr(): Ipv4 | null {
    const t = this.next();
    const a = t.kind === 'name' ? parseIpv4(t.text) : null;
    if (a === null) {
      this.warn(t, t.kind === 'eof' ? 'unexpected end of file' : `${t.text} (${t.kind === 'name' ? 262 : t.text.charCodeAt(0)}): expecting IP address or hostname`);
      this.skipToSemi();
      return null;
    }
    return a;
  }

  private number(message = 'expecting number.'): number | null {
    const t = this.next();
    if (t.kind !== 'name' || !/^\d+$/.test(t.text)) {
      this.warn(t, message);
      this.skipToSemi();
      return null;
    }
    return Number(t.text);
  }

  /**
   * parse_ip_addr_or_hostname: an address, or a host name dhcpd looks up when it sends the
   * option ('name' here: the lab has no resolver for dhcpd, the name is kept aside).
   */
  private ipOrHost(): Ipv4 | 'name' | null {
    const t = this.peek();
    if (t.kind === 'name' && parseIpv4(t.text) === null && /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?$/.test(t.text)) {
      this.next();
      return 'name';
    }
    return this.ipAddr();
  }

  private ipList(): Ipv4[] | null {
    const out: Ipv4[] = [];
    for (;;) {
      const a = this.ipOrHost();
      if (a === null) return null;
      if (a !== 'name') out.push(a);
      const t = this.peek();
      if (t.kind === 'punct' && t.text === ',') {
        this.next();
        continue;
      }
      return out;
    }
  }

  private stringValue(): string | null {
    const t = this.next();
    if (t.kind !== 'string') {
      this.warn(t, 'expecting string.');
      this.skipToSemi();
      return null;
    }
    return t.text;
  }

  /** `option NAME VALUE;` (the `option` keyword already read). */
  private option(into: DhcpdParams): void {
    const nameTok = this.next();
    if (nameTok.kind !== 'name') {
      this.warn(nameTok, 'expecting identifier after option keyword.');
      this.skipToSemi();
      return;
    }
    const name = nameTok.text.toLowerCase();
    const o = into.options;
    switch (name) {
      case 'subnet-mask':
      case 'broadcast-address': {
        const a = this.ipAddr();
        if (a === null) return;
        o[name] = a;
        break;
      }
      case 'routers':
      case 'domain-name-servers':
      case 'ntp-servers': {
        const l = this.ipList();
        if (l === null) return;
        if (l.length > 0) o[name] = l;
        break;
      }
      case 'domain-name':
      case 'host-name': {
        const s = this.stringValue();
        if (s === null) return;
        o[name] = s;
        break;
      }
      case 'domain-search': {
        const list: string[] = [];
        for (;;) {
          const s = this.stringValue();
          if (s === null) return;
          list.push(s);
          const t = this.peek();
          if (t.kind === 'punct' && t.text === ',') this.next();
          else break;
        }
        o['domain-search'] = list;
        break;
      }
      case 'dhcp-renewal-time':
      case 'dhcp-rebinding-time': {
        const n = this.number();
        if (n === null) return;
        o[name] = n;
        break;
      }
      default:
        if (!KNOWN_OPTIONS.has(name)) {
          this.warn(nameTok, `no option named ${nameTok.text} in space dhcp`);
          this.skipToSemi();
          return;
        }
        // A real option we do not send: read its value up to the semicolon.
        while (this.peek().kind !== 'eof' && !(this.peek().kind === 'punct' && /[;{}]/.test(this.peek().text))) this.next();
    }
    this.semi();
  }

  /** One statement in a scope; false at the scope's end. */
  private statement(into: DhcpdParams, scope: 'root' | 'subnet' | 'host', subnet: DhcpdSubnet | null, config: DhcpdConfig): void {
    const t = this.next();
    if (t.kind !== 'name') {
      if (t.kind === 'punct' && t.text === ';') return; // an empty statement
      this.warn(t, this.declared ? 'expecting a declaration' : 'expecting a parameter or declaration');
      this.skipToSemi();
      return;
    }
    const word = t.text.toLowerCase();
    switch (word) {
      case 'option':
        this.option(into);
        return;
      case 'default-lease-time':
      case 'max-lease-time':
      case 'min-lease-time': {
        const n = this.number('Expecting numeric lease time');
        if (n === null) return;
        if (word === 'default-lease-time') into.defaultLeaseTime = n;
        else if (word === 'max-lease-time') into.maxLeaseTime = n;
        else into.minLeaseTime = n;
        this.semi();
        return;
      }
      case 'authoritative':
        into.authoritative = true;
        this.semi();
        return;
      case 'not': {
        const n = this.next();
        if (n.kind === 'name' && n.text.toLowerCase() === 'authoritative') {
          into.authoritative = false;
          this.semi();
        } else {
          this.warn(n, 'expecting "authoritative"');
          this.skipToSemi();
        }
        return;
      }
      case 'ping-check': {
        const v = this.next();
        into.pingCheck = !(v.kind === 'name' && /^(false|off)$/i.test(v.text));
        this.semi();
        return;
      }
      case 'ddns-update-style':
      case 'log-facility':
      case 'ping-timeout':
      case 'one-lease-per-client':
      case 'update-static-leases':
      case 'use-host-decl-names':
      case 'get-lease-hostnames':
      case 'allow':
      case 'deny':
      case 'ignore':
      case 'next-server':
      case 'filename':
      case 'server-name':
      case 'server-identifier':
      case 'lease-file-name':
      case 'pid-file-name':
        while (this.peek().kind !== 'eof' && !(this.peek().kind === 'punct' && /[;{}]/.test(this.peek().text))) this.next();
        this.semi();
        return;
      case 'range':
        if (scope !== 'subnet' || subnet === null) {
          this.warn(t, 'range declaration not allowed here.');
          this.skipToSemi();
          return;
        }
        this.range(subnet);
        return;
      case 'hardware':
      case 'fixed-address':
        if (scope !== 'host') {
          this.warn(t, word === 'hardware' ? 'hardware address parameter not allowed here.' : 'fixed-address parameter not allowed here.');
          this.skipToSemi();
          return;
        }
        if (word === 'hardware') this.hardware(into as DhcpdHost);
        else {
          const a = this.ipOrHost();
          if (a === null) return;
          if (a !== 'name') (into as DhcpdHost).fixedAddress = a;
          this.semi();
        }
        return;
      case 'subnet':
        if (scope === 'subnet') {
          this.warn(t, 'subnet declarations not allowed here.');
          this.skipToSemi();
          return;
        }
        this.declared = true;
        this.subnet(config);
        return;
      case 'host':
        this.declared = true;
        this.host(config);
        return;
      case 'shared-network':
      case 'group':
      case 'pool': {
        // Scopes we flatten: their statements apply to the enclosing subnet or the root.
        this.declared = true;
        if (word === 'shared-network') this.next();
        const open = this.next();
        if (!(open.kind === 'punct' && open.text === '{')) {
          this.warn(open, 'expecting left brace.');
          this.skipToSemi();
          return;
        }
        this.block(into, scope, subnet, config);
        return;
      }
      default:
        this.warn(t, this.declared ? 'expecting a declaration' : 'expecting a parameter or declaration');
        this.skipToSemi();
    }
  }

  /** Statements up to the closing brace (the opening one already read). */
  private block(into: DhcpdParams, scope: 'root' | 'subnet' | 'host', subnet: DhcpdSubnet | null, config: DhcpdConfig): void {
    for (;;) {
      const t = this.peek();
      if (t.kind === 'punct' && t.text === '}') {
        this.next();
        return;
      }
      if (t.kind === 'eof') {
        this.warn(t, 'unexpected end of file');
        return;
      }
      this.statement(into, scope, subnet, config);
    }
  }

  private subnet(config: DhcpdConfig): void {
    const net = this.ipAddr();
    if (net === null) return;
    const kw = this.next();
    if (!(kw.kind === 'name' && kw.text.toLowerCase() === 'netmask')) {
      this.warn(kw, 'Expecting netmask');
      this.skipToSemi();
      return;
    }
    const mask = this.ipAddr();
    if (mask === null) return;
    const prefix = maskToPrefix(mask);
    if (prefix === null || (net & ~mask) >>> 0 !== 0) {
      this.warn(this.toks[this.pos - 1], `subnet ${formatIpv4(net)} netmask ${formatIpv4(mask)}: bad subnet number/mask combination.`);
    }
    const subnet: DhcpdSubnet = { net, mask, prefix: prefix ?? 0, ranges: [], options: {} };
    const open = this.next();
    if (!(open.kind === 'punct' && open.text === '{')) {
      this.warn(open, 'expecting left brace.');
      this.skipToSemi();
      return;
    }
    this.block(subnet, 'subnet', subnet, config);
    config.subnets.push(subnet);
  }

  private range(subnet: DhcpdSubnet): void {
    let t = this.peek();
    if (t.kind === 'name' && t.text.toLowerCase() === 'dynamic-bootp') {
      this.next();
      t = this.peek();
    }
    const low = this.ipAddr();
    if (low === null) return;
    t = this.peek();
    let high = low;
    if (!(t.kind === 'punct' && t.text === ';')) {
      const h = this.ipAddr();
      if (h === null) return;
      high = h;
    }
    if (!this.semi()) return;
    if ((low & subnet.mask) >>> 0 !== subnet.net) {
      throw new FatalParse(`bad range, address ${formatIpv4(low)} not in subnet ${formatIpv4(subnet.net)} netmask ${formatIpv4(subnet.mask)}`);
    }
    if ((high & subnet.mask) >>> 0 !== subnet.net) {
      throw new FatalParse(`bad range, address ${formatIpv4(high)} not in subnet ${formatIpv4(subnet.net)} netmask ${formatIpv4(subnet.mask)}`);
    }
    // dhcpd swaps a range given high to low.
    subnet.ranges.push(low >>> 0 <= high >>> 0 ? { low, high } : { low: high, high: low });
  }

  private hardware(host: DhcpdHost): void {
    const kind = this.next();
    if (!(kind.kind === 'name' && kind.text.toLowerCase() === 'ethernet')) {
      this.warn(kind, 'expecting a network hardware type');
      this.skipToSemi();
      return;
    }
    const mac = this.next();
    const m = mac.kind === 'name' ? parseMac(normalizeMac(mac.text)) : null;
    if (m === null) {
      this.warn(mac, 'expecting hexadecimal number.');
      this.skipToSemi();
      return;
    }
    host.mac = m;
    this.semi();
  }

  private host(config: DhcpdConfig): void {
    const name = this.next();
    if (name.kind !== 'name' && name.kind !== 'string') {
      this.warn(name, 'expecting a name for host declaration.');
      this.skipToSemi();
      return;
    }
    const host: DhcpdHost = { name: name.text, mac: null, fixedAddress: null, options: {} };
    const open = this.next();
    if (!(open.kind === 'punct' && open.text === '{')) {
      this.warn(open, 'expecting left brace.');
      this.skipToSemi();
      return;
    }
    this.block(host, 'host', null, config);
    config.hosts.push(host);
  }

  parse(): DhcpdConfig {
    const config: DhcpdConfig = { subnets: [], hosts: [], options: {} };
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return config;
      if (t.kind === 'punct' && t.text === '}') {
        this.next();
        this.warn(t, this.declared ? 'expecting a declaration' : 'expecting a parameter or declaration');
        continue;
      }
      this.statement(config, 'root', null, config);
    }
  }
}

/** dhcpd reads each MAC byte as hex of one or two digits ("0:0:c0:5d:bd:95"). */
function normalizeMac(s: string): string {
  const parts = s.split(':');
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) return '';
  return parts.map((p) => p.padStart(2, '0')).join(':');
}

/** Names of dhcp options dhcpd knows but the lab's server does not send. */
const KNOWN_OPTIONS = new Set([
  'time-offset', 'time-servers', 'ien116-name-servers', 'log-servers', 'cookie-servers', 'lpr-servers', 'impress-servers',
  'resource-location-servers', 'boot-size', 'merit-dump', 'swap-server', 'root-path', 'extensions-path', 'ip-forwarding',
  'non-local-source-routing', 'policy-filter', 'max-dgram-reassembly', 'default-ip-ttl', 'path-mtu-aging-timeout',
  'path-mtu-plateau-table', 'interface-mtu', 'all-subnets-local', 'perform-mask-discovery', 'mask-supplier',
  'router-discovery', 'router-solicitation-address', 'static-routes', 'trailer-encapsulation', 'arp-cache-timeout',
  'ieee802-3-encapsulation', 'default-tcp-ttl', 'tcp-keepalive-interval', 'tcp-keepalive-garbage', 'nis-domain',
  'nis-servers', 'vendor-encapsulated-options', 'netbios-name-servers', 'netbios-dd-server', 'netbios-node-type',
  'netbios-scope', 'font-servers', 'x-display-manager', 'dhcp-lease-time', 'dhcp-max-message-size', 'dhcp-message',
  'vendor-class-identifier', 'dhcp-client-identifier', 'nisplus-domain', 'nisplus-servers', 'tftp-server-name',
  'bootfile-name', 'smtp-server', 'pop-server', 'nntp-server', 'www-server', 'finger-server', 'irc-server',
  'streettalk-server', 'streettalk-directory-assistance-server', 'user-class', 'slp-directory-agent',
  'slp-service-scope', 'fqdn', 'domain-search', 'classless-static-routes', 'dhcp-server-identifier', 'ntp-servers',
]);

export function parseDhcpdConf(text: string): DhcpdConfResult {
  const parser = new Parser(text, tokenize(text));
  try {
    const config = parser.parse();
    if (parser.errors.length > 0) return { ok: false, errors: parser.errors, fatal: null };
    return { ok: true, config };
  } catch (e) {
    if (e instanceof FatalParse) return { ok: false, errors: parser.errors, fatal: e.message };
    throw e;
  }
}

/** The lines dhcpd logs for a failed parse (before the bug-report trailer). */
export function confErrorLines(path: string, r: Extract<DhcpdConfResult, { ok: false }>): string[] {
  const out: string[] = [];
  for (const e of r.errors) {
    out.push(`${path} line ${e.line}: ${e.message}`, e.text);
    if (e.caret !== null) out.push(e.caret);
  }
  out.push(r.fatal ?? 'Configuration file errors encountered -- exiting');
  return out;
}
