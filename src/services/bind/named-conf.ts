// named.conf as BIND 9.18's configuration parser (lib/isccfg) reads it: statements ending in `;`,
// blocks in braces, comments in C, C++ and shell style, `include` spliced in where it stands.
// Errors are reported as BIND prints them (`FILE:LINE: unknown option 'x'`, `missing ';' before
// '}'`) and the first one stops the parse, as BIND's parser does.
import { nameForLog } from './dns-text.ts';

export interface ConfWhere {
  readonly file: string;
  readonly line: number;
}

/** An address match list element as written: `any`, `!10.0.0.1`, `192.168.0.0/24`, an ACL name, `{ nested; }`. */
export type AddressMatchList = string[];

export type ZoneType = 'primary' | 'secondary' | 'hint' | 'forward' | 'stub' | 'static-stub' | 'redirect' | 'mirror' | 'delegation-only';

export interface ZoneConfig {
  /** As written, e.g. "mail128.com" or ".". */
  readonly name: string;
  readonly class: string;
  /** `master` reads as primary and `slave` as secondary (BIND 9.18 synonyms); null when absent. */
  type: ZoneType | null;
  file: string | null;
  /** `primaries` / `masters` addresses. */
  primaries: string[];
  allowTransfer: AddressMatchList | null;
  allowQuery: AddressMatchList | null;
  forwarders: string[] | null;
  forward: 'only' | 'first' | null;
  readonly where: ConfWhere;
}

export interface NamedOptions {
  directory: string | null;
  listenOn: AddressMatchList | null;
  listenOnV6: AddressMatchList | null;
  allowQuery: AddressMatchList | null;
  allowRecursion: AddressMatchList | null;
  allowTransfer: AddressMatchList | null;
  recursion: boolean | null;
  forwarders: string[];
  forward: 'only' | 'first' | null;
  dnssecValidation: 'yes' | 'no' | 'auto' | null;
}

export interface NamedConf {
  readonly options: NamedOptions;
  readonly zones: ZoneConfig[];
  readonly acls: Map<string, AddressMatchList>;
}

export interface NamedConfError extends ConfWhere {
  /** The whole line BIND prints: `FILE:LINE: message`. */
  readonly text: string;
}

export type NamedConfResult = { ok: true; conf: NamedConf } | { ok: false; error: NamedConfError };

/** Returns a file's text, or null when it cannot be opened. */
export type ConfFileReader = (path: string) => string | null;

interface Tok {
  readonly kind: 'word' | 'string' | 'punct' | 'eof';
  readonly text: string;
  readonly file: string;
  readonly line: number;
}

function tokenize(text: string, file: string): Tok[] | NamedConfError {
  const toks: Tok[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const start = line;
      i += 2;
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) {
        if (text[i] === '\n') line++;
        i++;
      }
      if (i >= text.length) return { file, line: start, text: `${file}:${start}: unterminated comment` };
      i += 2;
    } else if (c === '{' || c === '}' || c === ';' || c === '!') {
      toks.push({ kind: 'punct', text: c, file, line });
      i++;
    } else if (c === '"') {
      const start = line;
      let s = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        if (text[i] === '\n') line++;
        s += text[i++];
      }
      if (i >= text.length) return { file, line: start, text: `${file}:${start}: unterminated string` };
      i++;
      toks.push({ kind: 'string', text: s, file, line: start });
    } else {
      let s = '';
      while (i < text.length && !' \t\r\n{};!"#'.includes(text[i]) && !(text[i] === '/' && (text[i + 1] === '/' || text[i + 1] === '*'))) s += text[i++];
      toks.push({ kind: 'word', text: s, file, line });
    }
  }
  toks.push({ kind: 'eof', text: '', file, line });
  return toks;
}

class ConfError {
  constructor(readonly error: NamedConfError) {}
}

const ZONE_TYPES: Record<string, ZoneType> = {
  master: 'primary', primary: 'primary', slave: 'secondary', secondary: 'secondary', hint: 'hint',
  forward: 'forward', stub: 'stub', 'static-stub': 'static-stub', redirect: 'redirect', mirror: 'mirror',
  'delegation-only': 'delegation-only',
};

/** Options BIND knows that we accept without modelling (their value is skipped). */
const OTHER_OPTIONS = new Set([
  'listen-on-v6', 'auth-nxdomain', 'version', 'hostname', 'server-id', 'pid-file', 'dump-file', 'statistics-file',
  'notify', 'also-notify', 'querylog', 'max-cache-size', 'max-cache-ttl', 'max-ncache-ttl', 'empty-zones-enable',
  'minimal-responses', 'allow-update', 'allow-notify', 'allow-query-cache', 'blackhole', 'query-source',
  'transfer-source', 'notify-source', 'check-names', 'zone-statistics', 'key-directory', 'managed-keys-directory',
  'bindkeys-file', 'session-keyfile', 'rate-limit', 'allow-transfer', 'transfers-in', 'transfers-out',
  'transfer-format', 'max-transfer-time-in', 'recursive-clients', 'tcp-clients', 'edns-udp-size', 'max-udp-size',
  'notify-delay', 'response-policy', 'qname-minimization', 'minimal-any', 'prefetch', 'serial-query-rate',
  'check-integrity', 'check-mx', 'check-mx-cname', 'check-srv-cname', 'check-sibling', 'check-wildcard',
  'masterfile-format', 'ixfr-from-differences', 'request-ixfr', 'provide-ixfr', 'dnssec-policy', 'inline-signing',
  'interface-interval', 'lame-ttl', 'servfail-ttl', 'stale-answer-enable', 'allow-query-on', 'allow-recursion-on',
  'sortlist', 'memstatistics-file', 'geoip-directory', 'max-records',
]);
const OTHER_ZONE = new Set([
  'allow-update', 'also-notify', 'notify', 'check-names', 'masterfile-format', 'journal', 'max-journal-size',
  'update-policy', 'zone-statistics', 'inline-signing', 'dnssec-policy', 'key-directory', 'allow-notify',
  'check-integrity', 'check-mx', 'check-mx-cname', 'check-srv-cname', 'notify-source', 'transfer-source',
  'ixfr-from-differences', 'request-ixfr', 'max-refresh-time', 'min-refresh-time', 'max-retry-time',
  'min-retry-time', 'server-addresses', 'server-names', 'allow-update-forwarding', 'database', 'delegation-only',
  'dialup', 'in-view', 'max-records',
]);
/** Top-level statements we skip whole. */
const OTHER_STATEMENTS = new Set(['logging', 'controls', 'key', 'server', 'statistics-channels', 'trust-anchors', 'managed-keys', 'trusted-keys', 'masters', 'primaries', 'dnssec-policy', 'tls', 'http', 'plugin', 'view']);

class Parser {
  private readonly stack: { toks: Tok[]; pos: number }[] = [];

  constructor(first: Tok[], private readonly readFile: ConfFileReader) {
    this.stack.push({ toks: first, pos: 0 });
  }

  peek(): Tok {
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      const t = top.toks[top.pos];
      // The end of an included file continues the including one.
      if (t.kind === 'eof' && this.stack.length > 1) {
        this.stack.pop();
        continue;
      }
      return t;
    }
  }

  next(): Tok {
    const t = this.peek();
    if (t.kind !== 'eof') this.stack[this.stack.length - 1].pos++;
    return t;
  }

  fail(t: Tok, message: string): never {
    throw new ConfError({ file: t.file, line: t.line, text: `${t.file}:${t.line}: ${message}` });
  }

  static near(t: Tok): string {
    return t.kind === 'eof' ? 'near end of file' : `near '${t.text}'`;
  }

  semicolon(): void {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === ';') {
      this.next();
      return;
    }
    this.fail(t, `missing ';' before ${t.kind === 'eof' ? 'end of file' : `'${t.text}'`}`);
  }

  expect(p: string): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== p) this.fail(t, `'${p}' expected ${Parser.near(t)}`);
  }

  string(): string {
    const t = this.next();
    if (t.kind !== 'string' && t.kind !== 'word') this.fail(t, `expected quoted string ${Parser.near(t)}`);
    return t.text;
  }

  word(): Tok {
    const t = this.next();
    if (t.kind !== 'word' && t.kind !== 'string') this.fail(t, `unexpected token ${Parser.near(t)}`);
    return t;
  }

  boolean(): boolean {
    const t = this.next();
    const v = t.text.toLowerCase();
    if (t.kind === 'word' && ['yes', 'true', '1'].includes(v)) return true;
    if (t.kind === 'word' && ['no', 'false', '0'].includes(v)) return false;
    return this.fail(t, `boolean expected ${Parser.near(t)}`);
  }

  enumOf<T extends string>(values: readonly T[]): T {
    const t = this.next();
    if (t.kind === 'word' && (values as readonly string[]).includes(t.text)) return t.text as T;
    return this.fail(t, `'${t.text}' unexpected`);
  }

  /** `{ element; ... }` (address match lists, forwarders, primaries). */
  list(): string[] {
    this.expect('{');
    const out: string[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'punct' && t.text === '}') {
        this.next();
        return out;
      }
      if (t.kind === 'eof') this.fail(t, `'}' expected near end of file`);
      let elem = '';
      if (t.kind === 'punct' && t.text === '!') {
        this.next();
        elem = '!';
      }
      const u = this.peek();
      if (u.kind === 'punct' && u.text === '{') elem += `{ ${this.list().join('; ')}; }`;
      else {
        elem += this.word().text;
        // `10.0.0.1 port 53` / `key name` qualifiers.
        while (this.peek().kind === 'word' || this.peek().kind === 'string') elem += ' ' + this.next().text;
      }
      out.push(elem);
      this.semicolon();
    }
  }

  /** `[port N] { list }`, as listen-on, forwarders and primaries allow. */
  portList(): string[] {
    while (this.peek().kind === 'word') this.next();
    return this.list();
  }

  /** Skips a value we do not model: words and balanced braces up to the `;`. */
  skip(): void {
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof' || (t.kind === 'punct' && (t.text === ';' || t.text === '}'))) return;
      if (t.kind === 'punct' && t.text === '{') {
        this.next();
        let depth = 1;
        while (depth > 0) {
          const u = this.next();
          if (u.kind === 'eof') this.fail(u, `'}' expected near end of file`);
          if (u.kind === 'punct' && u.text === '{') depth++;
          if (u.kind === 'punct' && u.text === '}') depth--;
        }
        continue;
      }
      this.next();
    }
  }

  /** `include "file";` splices that file's tokens in here. */
  include(): void {
    const at = this.peek();
    const path = this.string();
    this.semicolon();
    const text = this.readFile(path);
    if (text === null) this.fail(at, `open: ${path}: file not found`);
    const toks = tokenize(text, path);
    if (!Array.isArray(toks)) throw new ConfError(toks);
    if (this.stack.length > 32) this.fail(at, `open: ${path}: too many nested includes`);
    this.stack.push({ toks, pos: 0 });
  }

  /** Clauses until `}` (in a block) or end of file (top level), each handled by `clause`. */
  clauses(inBlock: boolean, clause: (name: Tok) => boolean): void {
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') {
        if (inBlock) this.fail(t, `'}' expected near end of file`);
        return;
      }
      if (inBlock && t.kind === 'punct' && t.text === '}') {
        this.next();
        return;
      }
      if (t.kind !== 'word') this.fail(t, `unexpected token ${Parser.near(t)}`);
      this.next();
      if (t.text === 'include') {
        this.include();
        continue;
      }
      if (!clause(t)) this.fail(t, `unknown option '${t.text}'`);
      this.semicolon();
    }
  }
}

function parseOptions(p: Parser, o: NamedOptions): void {
  p.expect('{');
  p.clauses(true, (t) => {
    switch (t.text) {
      case 'directory': o.directory = p.string(); break;
      case 'listen-on': o.listenOn = p.portList(); break;
      case 'listen-on-v6': o.listenOnV6 = p.portList(); break;
      case 'allow-query': o.allowQuery = p.list(); break;
      case 'allow-recursion': o.allowRecursion = p.list(); break;
      case 'allow-transfer': o.allowTransfer = p.portList(); break;
      case 'recursion': o.recursion = p.boolean(); break;
      case 'forwarders': o.forwarders = p.portList(); break;
      case 'forward': o.forward = p.enumOf(['only', 'first'] as const); break;
      case 'dnssec-validation': {
        const v = p.word();
        const s = v.text.toLowerCase();
        o.dnssecValidation = s === 'auto' ? 'auto' : ['yes', 'true', '1'].includes(s) ? 'yes' : ['no', 'false', '0'].includes(s) ? 'no' : p.fail(v, `'${v.text}' unexpected`);
        break;
      }
      default:
        if (!OTHER_OPTIONS.has(t.text)) return false;
        p.skip();
    }
    return true;
  });
}

function parseZone(p: Parser, at: Tok): ZoneConfig {
  const name = p.string();
  let cls = 'IN';
  const c = p.peek();
  if (c.kind === 'word') cls = p.next().text.toUpperCase();
  const z: ZoneConfig = {
    name, class: cls, type: null, file: null, primaries: [], allowTransfer: null, allowQuery: null,
    forwarders: null, forward: null, where: { file: at.file, line: at.line },
  };
  p.expect('{');
  p.clauses(true, (t) => {
    switch (t.text) {
      case 'type': z.type = ZONE_TYPES[p.enumOf(Object.keys(ZONE_TYPES))]; break;
      case 'file': z.file = p.string(); break;
      case 'masters': case 'primaries': z.primaries = p.portList(); break;
      case 'allow-transfer': z.allowTransfer = p.portList(); break;
      case 'allow-query': z.allowQuery = p.list(); break;
      case 'forwarders': z.forwarders = p.portList(); break;
      case 'forward': z.forward = p.enumOf(['only', 'first'] as const); break;
      default:
        if (!OTHER_ZONE.has(t.text)) return false;
        p.skip();
    }
    return true;
  });
  return z;
}

/**
 * Parses named.conf (its text and name for messages); `include` reads through `readFile`.
 * Syntax only: see `checkNamedConf` for what named-checkconf verifies next.
 */
export function parseNamedConf(text: string, file: string, readFile: ConfFileReader): NamedConfResult {
  const toks = tokenize(text, file);
  if (!Array.isArray(toks)) return { ok: false, error: toks };
  const p = new Parser(toks, readFile);
  const options: NamedOptions = {
    directory: null, listenOn: null, listenOnV6: null, allowQuery: null, allowRecursion: null, allowTransfer: null,
    recursion: null, forwarders: [], forward: null, dnssecValidation: null,
  };
  const zones: ZoneConfig[] = [];
  const acls = new Map<string, AddressMatchList>();
  try {
    p.clauses(false, (t) => {
      switch (t.text) {
        case 'options': parseOptions(p, options); break;
        case 'zone': zones.push(parseZone(p, p.peek())); break;
        case 'acl': {
          const name = p.string();
          acls.set(name, p.list());
          break;
        }
        default:
          if (!OTHER_STATEMENTS.has(t.text)) return false;
          p.skip();
      }
      return true;
    });
  } catch (e) {
    if (e instanceof ConfError) return { ok: false, error: e.error };
    throw e;
  }
  return { ok: true, conf: { options, zones, acls } };
}

/** The semantic checks of named-checkconf (bind9_check_namedconf): one line per problem. */
export function checkNamedConf(conf: NamedConf): string[] {
  const errors: string[] = [];
  const seen = new Map<string, ZoneConfig>();
  for (const z of conf.zones) {
    const at = `${z.where.file}:${z.where.line}`;
    const display = nameForLog(z.name.endsWith('.') || z.name === '.' ? z.name : z.name + '.');
    const key = `${display.toLowerCase()}/${z.class}`;
    const prev = seen.get(key);
    if (prev) {
      errors.push(`${at}: zone '${display}': already exists previous definition: ${prev.where.file}:${prev.where.line}`);
      continue;
    }
    seen.set(key, z);
    if (z.type === null) errors.push(`${at}: zone '${display}': type not present`);
    else if ((z.type === 'primary' || z.type === 'hint') && z.file === null) errors.push(`${at}: zone '${display}': missing 'file' entry`);
    else if ((z.type === 'secondary' || z.type === 'stub') && z.primaries.length === 0) errors.push(`${at}: zone '${display}': missing 'primaries' entry`);
  }
  return errors;
}
