// dig's command line (bin/dig/dig.c parse_args of BIND 9.18): @server, -t/-c/-x/-p/-q, plain
// arguments that are a type, a class or the name, and the +[no]keyword query options. One
// lookup: a second name is kept in `extraNames` for the caller to refuse or run later.
import { parseIpv4 } from '../../wire/addr.ts';
import { DNS_CLASS_IN, DNS_TYPE_ANY, DNS_TYPE_AXFR, DNS_TYPE_IXFR, DNS_TYPE_NS, DNS_TYPE_PTR } from '../../wire/dns.ts';
import { parseDnsClass, parseDnsType } from './dns-text.ts';

export interface DigOptions {
  /** The text after '@', as typed (an address or a host name); undefined: resolv.conf's servers. */
  server?: string;
  port: number;
  /** Absolute query name (trailing dot). */
  name: string;
  type: number;
  class: number;
  /** The name came from -x (reverse lookup). */
  reverse: boolean;
  extraNames: string[];
  recurse: boolean;
  tcp: boolean;
  /** +tcp/+notcp was given: ANY then keeps the chosen transport. */
  tcpSet: boolean;
  edns: boolean;
  cookie: boolean;
  adflag: boolean;
  cdflag: boolean;
  short: boolean;
  /** The `; <<>> DiG` banner and `;; global options:` line. */
  cmd: boolean;
  comments: boolean;
  stats: boolean;
  question: boolean;
  answer: boolean;
  authority: boolean;
  additional: boolean;
  trace: boolean;
  /** +time: seconds to wait for a reply (default 5). */
  timeSeconds: number;
  /** +tries: attempts over UDP (default 3; +retry=N means N+1). */
  tries: number;
  /** `-v`: print the version and exit. */
  version: boolean;
  /** `-h`: print the help and exit. */
  help: boolean;
}

export type DigOptionsResult = { ok: true; options: DigOptions } | { ok: false; error: string };

function defaults(): DigOptions {
  return {
    port: 53,
    name: '',
    type: -1,
    class: -1,
    reverse: false,
    extraNames: [],
    recurse: true,
    tcp: false,
    tcpSet: false,
    edns: true,
    cookie: true,
    adflag: true,
    cdflag: false,
    short: false,
    cmd: true,
    comments: true,
    stats: true,
    question: true,
    answer: true,
    authority: true,
    additional: true,
    trace: false,
    timeSeconds: 5,
    tries: 3,
    version: false,
    help: false,
  };
}

/** The in-addr.arpa (RFC 1035 §3.5) or ip6.arpa (RFC 3596 §2.5) name of an address, or null. */
export function reverseName(address: string): string | null {
  const v4 = parseIpv4(address);
  if (v4 !== null) {
    return `${v4 & 0xff}.${(v4 >>> 8) & 0xff}.${(v4 >>> 16) & 0xff}.${v4 >>> 24}.in-addr.arpa.`;
  }
  const nibbles = ipv6Nibbles(address);
  return nibbles === null ? null : nibbles.reverse().join('.') + '.ip6.arpa.';
}

function ipv6Nibbles(text: string): string[] | null {
  if (!/^[0-9a-fA-F:]+$/.test(text) || !text.includes(':')) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const part = (s: string): string[] | null => {
    if (s === '') return [];
    const groups = s.split(':');
    return groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) ? groups : null;
  };
  const head = part(halves[0]);
  const tail = halves.length === 2 ? part(halves[1]) : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  return groups.flatMap((g) => g.toLowerCase().padStart(4, '0').split(''));
}

function absolute(name: string): string {
  return name.endsWith('.') ? name : name + '.';
}

type Flag = 'recurse' | 'tcp' | 'edns' | 'cookie' | 'adflag' | 'cdflag' | 'short' | 'cmd' | 'comments' | 'stats' | 'question' | 'answer' | 'authority' | 'additional' | 'trace';

// Keyword -> option. dig.c plus_option switches on the first letters, then accepts any prefix of
// the keyword (FULLCHECK): `min` is how many letters its switch needs (+sho is refused, +shor is +short).
const FLAGS: ReadonlyArray<[keyword: string, min: number, flag: Flag]> = [
  ['recurse', 3, 'recurse'],
  ['rdflag', 2, 'recurse'],
  ['tcp', 3, 'tcp'],
  ['vc', 1, 'tcp'],
  ['edns', 4, 'edns'],
  ['cookie', 3, 'cookie'],
  ['adflag', 2, 'adflag'],
  ['cdflag', 2, 'cdflag'],
  ['short', 4, 'short'],
  ['cmd', 2, 'cmd'],
  ['comments', 3, 'comments'],
  ['stats', 2, 'stats'],
  ['question', 2, 'question'],
  ['answer', 2, 'answer'],
  ['authority', 2, 'authority'],
  ['additional', 3, 'additional'],
  ['trace', 3, 'trace'],
];

function matches(word: string, keyword: string, min: number): boolean {
  return word.length >= min && keyword.startsWith(word);
}

/** One +[no]keyword[=value]; false when dig would say `Invalid option`. */
function applyPlus(o: DigOptions, text: string): boolean {
  let word = text.toLowerCase();
  let state = true;
  if (word.startsWith('no')) {
    state = false;
    word = word.slice(2);
  }
  const eq = word.indexOf('=');
  const value = eq === -1 ? undefined : word.slice(eq + 1);
  if (eq !== -1) word = word.slice(0, eq);
  if (matches(word, 'all', 2) && value === undefined) {
    // +[no]all: every section, the comments, the statistics and the command line (dig.c).
    o.question = o.answer = o.authority = o.additional = state;
    o.comments = o.stats = o.cmd = state;
    return true;
  }
  const num = value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
  if (state && matches(word, 'timeout', 2) && num !== null) {
    o.timeSeconds = Math.max(1, num);
    return true;
  }
  if (state && matches(word, 'tries', 3) && num !== null) {
    o.tries = Math.max(1, num);
    return true;
  }
  if (state && (matches(word, 'retry', 3) || matches(word, 'retries', 3)) && num !== null) {
    o.tries = num + 1;
    return true;
  }
  if (value !== undefined) return false;
  for (const [keyword, min, flag] of FLAGS) {
    if (!matches(word, keyword, min)) continue;
    o[flag] = state;
    if (flag === 'tcp') o.tcpSet = true;
    // +trace: dig.c turns off comments, stats, question and additional, keeps authority.
    if (flag === 'trace' && state) {
      o.recurse = o.authority = true;
      o.comments = o.stats = o.question = o.additional = false;
    }
    // +short also hides everything but the answer's rdata (dig.c): cmd, comments, stats, other sections.
    if (flag === 'short' && state) {
      o.cmd = o.comments = o.stats = o.question = o.authority = o.additional = false;
      o.answer = true;
    }
    return true;
  }
  return false;
}

/** dig's arguments (without argv[0]). */
export function parseDigOptions(args: readonly string[]): DigOptionsResult {
  const o = defaults();
  let named = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const next = (): string | undefined => (arg.length > 2 ? arg.slice(2) : args[++i]);
    if (arg.startsWith('@') && arg.length > 1) {
      o.server = arg.slice(1);
    } else if (arg.startsWith('+')) {
      if (!applyPlus(o, arg.slice(1))) return { ok: false, error: `Invalid option: ${arg}` };
    } else if (arg.startsWith('-') && arg.length > 1) {
      const letter = arg[1];
      if (letter === 'v' && arg.length === 2) o.version = true;
      else if (letter === 'h' && arg.length === 2) o.help = true;
      else if (letter === '4' || letter === '6') continue;
      else if ('tcxpq'.includes(letter)) {
        const value = next();
        if (value === undefined) return { ok: false, error: `option requires an argument -- '${letter}'` };
        if (letter === 't') {
          const t = parseDnsType(value);
          if (t === null) return { ok: false, error: `'${value}' is not a valid type` };
          o.type = t;
        } else if (letter === 'c') {
          const c = parseDnsClass(value);
          if (c === null) return { ok: false, error: `'${value}' is not a valid class` };
          o.class = c;
        } else if (letter === 'p') {
          if (!/^\d+$/.test(value) || Number(value) > 65535) return { ok: false, error: `invalid port number '${value}'` };
          o.port = Number(value);
        } else if (letter === 'x') {
          const rev = reverseName(value);
          if (rev === null) return { ok: false, error: `'${value}' is not a legal IPv4 or IPv6 address` };
          setName(o, rev, named);
          named = true;
          o.reverse = true;
          if (o.type === -1) o.type = DNS_TYPE_PTR;
          if (o.class === -1) o.class = DNS_CLASS_IN;
        } else {
          setName(o, absolute(value), named);
          named = true;
        }
      } else return { ok: false, error: `Invalid option: ${arg}` };
    } else {
      // A plain word is a type, else a class, else the name (dig.c tries them in that order).
      const t = parseDnsType(arg);
      const c = t === null ? parseDnsClass(arg) : null;
      if (t !== null) o.type = t;
      else if (c !== null) o.class = c;
      else {
        setName(o, absolute(arg), named);
        named = true;
      }
    }
  }
  if (!named) {
    // No name: dig asks the root's name servers (dig.c default lookup).
    o.name = '.';
    if (o.type === -1) o.type = DNS_TYPE_NS;
  }
  if (o.type === -1) o.type = 1;
  if (o.class === -1) o.class = DNS_CLASS_IN;
  return { ok: true, options: o };
}

function setName(o: DigOptions, name: string, named: boolean): void {
  if (named) o.extraNames.push(name);
  else o.name = name;
}

/**
 * dig.c sends ANY over TCP unless +[no]tcp was given (the ANY recording says TCP), and zone
 * transfers always over TCP.
 */
export function digUsesTcp(o: DigOptions): boolean {
  if (o.type === DNS_TYPE_AXFR || o.type === DNS_TYPE_IXFR) return true;
  if (o.type === DNS_TYPE_ANY && !o.tcpSet) return true;
  return o.tcp;
}
