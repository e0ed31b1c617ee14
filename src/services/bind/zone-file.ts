// RFC 1035 §5.1 master files as BIND 9.18's dns_master_load reads them: $ORIGIN, $TTL, $INCLUDE,
// `@`, relative names, omitted owner/TTL/class, parentheses across lines, `;` comments, TTL units
// (1h 2d 1w), quoted strings. Errors carry BIND's own log line and result text, because students
// read them in named-checkzone and in syslog. The first fatal error stops the load, as in BIND
// without the many-errors option.
import type { DnsRData, DnsRecord } from '../../wire/dns.ts';
import {
  DNS_CLASS_IN, DNS_TYPE_A, DNS_TYPE_AAAA, DNS_TYPE_CNAME, DNS_TYPE_MX, DNS_TYPE_NS, DNS_TYPE_PTR,
  DNS_TYPE_SOA, DNS_TYPE_SRV, DNS_TYPE_TXT,
} from '../../wire/dns.ts';
import { parseIpv4 } from '../../wire/addr.ts';
import { parseTtl, absoluteName, nameForLog, parseIpv6 } from './dns-text.ts';

/** A record and where it was read. */
export interface ZoneRecord extends DnsRecord {
  readonly file: string;
  readonly line: number;
}

export interface ZoneDiagnostic {
  readonly file: string;
  readonly line: number;
  /** The line BIND logs, or null where it logs nothing (a bad `$TTL`). */
  readonly message: string | null;
  /** isc_result_totext() of a fatal error ("bad ttl", "not a valid number"); null for a warning. */
  readonly result: string | null;
}

export interface ZoneFile {
  readonly records: ZoneRecord[];
  /** Warnings and at most one fatal error (the last entry), in the order BIND logs them. */
  readonly diagnostics: ZoneDiagnostic[];
  /** The fatal error's result text ("loading from master file X failed: <this>"), else null. */
  readonly failure: string | null;
}

/** Returns a file's text, or null when it does not exist ($INCLUDE). */
export type ZoneFileReader = (path: string) => string | null;

export interface ZoneFileOptions {
  /** The zone's origin, absolute with its trailing dot. */
  readonly origin: string;
  /** The name printed in messages. */
  readonly file: string;
  readonly readFile?: ZoneFileReader;
}

interface Token {
  readonly text: string;
  readonly quoted: boolean;
  readonly line: number;
}

/** One logical line: parentheses joined, comments dropped. */
interface Entry {
  readonly tokens: Token[];
  /** The line began with a blank: the owner is the previous one (RFC 1035 §5.1). */
  readonly blankOwner: boolean;
  readonly line: number;
}

type LexResult = { entries: Entry[]; error: null } | { entries: Entry[]; error: { line: number; result: string } };

/** Splits a master file into logical lines (RFC 1035 §5.1: `(` `)` continue a line, `;` comments). */
function lex(text: string): LexResult {
  const entries: Entry[] = [];
  let line = 1;
  let depth = 0;
  let tokens: Token[] = [];
  let blankOwner = false;
  let entryLine = 1;
  const flush = () => {
    if (tokens.length > 0) entries.push({ tokens, blankOwner, line: entryLine });
    tokens = [];
  };
  const push = (tok: Token) => {
    if (tokens.length === 0) entryLine = tok.line;
    tokens.push(tok);
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (i === 0 || text[i - 1] === '\n') {
      // A physical line that starts with a blank has no owner field, unless it continues a parenthesis.
      if (depth === 0) blankOwner = c === ' ' || c === '\t';
    }
    if (c === '\n') {
      line++;
      i++;
      if (depth === 0) flush();
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === ';') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '(') {
      depth++;
      i++;
      continue;
    }
    if (c === ')') {
      if (depth === 0) return { entries, error: { line, result: 'unbalanced parentheses' } };
      depth--;
      i++;
      continue;
    }
    if (c === '"') {
      let s = '';
      const start = line;
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) {
          s += text[i] + text[i + 1];
          i += 2;
          continue;
        }
        if (text[i] === '\n') return { entries, error: { line, result: 'unbalanced quotes' } };
        s += text[i++];
      }
      if (i >= text.length) return { entries, error: { line, result: 'unbalanced quotes' } };
      i++;
      push({ text: s, quoted: true, line: start });
      continue;
    }
    // A word runs to the next delimiter; a backslash takes the next character with it.
    const start = i;
    for (;;) {
      if (i >= text.length) break;
      const ch = text.charCodeAt(i);
      if (ch === 0x20 || ch === 0x09 || ch === 0x0d || ch === 0x0a || ch === 0x3b || ch === 0x28 || ch === 0x29 || ch === 0x22) break;
      i += ch === 0x5c && i + 1 < text.length ? 2 : 1;
    }
    push({ text: text.slice(start, i), quoted: false, line });
  }
  if (depth !== 0) return { entries, error: { line, result: 'unbalanced parentheses' } };
  flush();
  return { entries, error: null };
}

const TYPES: Record<string, number> = {
  A: DNS_TYPE_A, NS: DNS_TYPE_NS, CNAME: DNS_TYPE_CNAME, SOA: DNS_TYPE_SOA, PTR: DNS_TYPE_PTR,
  MX: DNS_TYPE_MX, TXT: DNS_TYPE_TXT, AAAA: DNS_TYPE_AAAA, SRV: DNS_TYPE_SRV,
};
const CLASSES = new Set(['IN', 'CH', 'HS', 'CS']);

/** An rdata error as dns_rdata_fromtext() reports it: the token it choked on and the result. */
class RdataError {
  constructor(readonly near: Token | null, readonly result: string) {}
}

class RdataReader {
  private i = 0;
  constructor(private readonly tokens: Token[], private readonly origin: string) {}

  private next(): Token {
    const t = this.tokens[this.i];
    if (!t) throw new RdataError(null, 'unexpected end of input');
    this.i++;
    return t;
  }

  name(): string {
    const t = this.next();
    const n = absoluteName(t.text, this.origin);
    if (n === null) throw new RdataError(t, 'label too long');
    return n;
  }

  number(max: number): number {
    const t = this.next();
    if (!/^[0-9]+$/.test(t.text)) throw new RdataError(t, 'not a valid number');
    const v = Number(t.text);
    if (v > max) throw new RdataError(t, 'out of range');
    return v;
  }

  /** SOA timers accept TTL syntax (BIND's dns_counter_fromtext). */
  period(): number {
    const t = this.next();
    if (/^[0-9]+$/.test(t.text)) {
      const v = Number(t.text);
      if (v > 0xffffffff) throw new RdataError(t, 'out of range');
      return v;
    }
    const v = parseTtl(t.text);
    if (v === null) throw new RdataError(t, 'not a valid number');
    return v;
  }

  token(): Token {
    return this.next();
  }

  more(): boolean {
    return this.i < this.tokens.length;
  }

  end(): void {
    const t = this.tokens[this.i];
    if (t) throw new RdataError(t, 'extra input text');
  }
}

function parseRdata(type: number, r: RdataReader): DnsRData {
  switch (type) {
    case DNS_TYPE_A: {
      const t = r.token();
      const a = /^[0-9]{1,3}(\.[0-9]{1,3}){3}$/.test(t.text) ? parseIpv4(t.text) : null;
      if (a === null) throw new RdataError(t, 'bad dotted quad');
      return { kind: 'A', address: a };
    }
    case DNS_TYPE_AAAA: {
      const t = r.token();
      const a = parseIpv6(t.text);
      if (a === null) throw new RdataError(t, 'bad IPv6 address');
      return { kind: 'AAAA', address: a };
    }
    case DNS_TYPE_NS:
      return { kind: 'NS', target: r.name() };
    case DNS_TYPE_CNAME:
      return { kind: 'CNAME', target: r.name() };
    case DNS_TYPE_PTR:
      return { kind: 'PTR', target: r.name() };
    case DNS_TYPE_SOA: {
      const mname = r.name();
      const rname = r.name();
      const serial = r.number(0xffffffff);
      return { kind: 'SOA', mname, rname, serial, refresh: r.period(), retry: r.period(), expire: r.period(), minimum: r.period() };
    }
    case DNS_TYPE_MX: {
      const preference = r.number(0xffff);
      return { kind: 'MX', preference, exchange: r.name() };
    }
    case DNS_TYPE_SRV: {
      const priority = r.number(0xffff);
      const weight = r.number(0xffff);
      const port = r.number(0xffff);
      return { kind: 'SRV', priority, weight, port, target: r.name() };
    }
    case DNS_TYPE_TXT: {
      const strings: string[] = [];
      do {
        const t = r.token();
        const s = unescapeText(t.text);
        if (s.length > 255) throw new RdataError(t, 'text too long');
        strings.push(s);
      } while (r.more());
      return { kind: 'TXT', strings };
    }
  }
  throw new Error(`zone-file: no rdata parser for type ${type}`);
}

/** `\"`, `\\` and `\DDD` in a <character-string> (RFC 1035 §5.1), one char per byte. */
function unescapeText(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\' || i + 1 >= s.length) {
      out += s[i];
      continue;
    }
    const d = s.slice(i + 1, i + 4);
    if (/^[0-9]{3}$/.test(d)) {
      out += String.fromCharCode(Number(d) & 0xff);
      i += 3;
    } else out += s[++i];
  }
  return out;
}

/** Parses a master file for the zone `origin`. Never throws on bad input. */
export function parseZoneFile(text: string, opts: ZoneFileOptions): ZoneFile {
  const records: ZoneRecord[] = [];
  const diagnostics: ZoneDiagnostic[] = [];
  const zone = opts.origin;
  let failure: string | null = null;
  // Per-file state pushed and popped around $INCLUDE (RFC 1035 §5.1: origin reverts after it).
  let defaultTtl: number | null = null;
  let lastTtl: number | null = null;
  let warned1035 = false;
  let lastOwner: string | null = null;
  // Per owner: 1 = has a CNAME, 2 = has other data (RFC 1034 §3.6.2 check), cheap for big zones.
  const typesAt = new Map<string, number>();
  const zoneKey = zone.toLowerCase();

  const fatal = (file: string, line: number, message: string | null, result: string) => {
    diagnostics.push({ file, line, message, result });
    failure = result;
  };

  const load = (body: string, file: string, originIn: string, depth: number): boolean => {
    let origin = originIn;
    const lexed = lex(body);
    const entries = lexed.entries;
    for (const e of entries) {
      const t = e.tokens;
      const first = t[0];
      if (!e.blankOwner && first.text.startsWith('$') && !first.quoted) {
        const directive = first.text.toUpperCase();
        if (directive === '$ORIGIN') {
          const o = t[1] ? absoluteName(t[1].text, origin) : null;
          if (o === null) {
            fatal(file, e.line, `dns_master_load: ${file}:${e.line}: unexpected end of line`, 'unexpected end of input');
            return false;
          }
          origin = o;
          continue;
        }
        if (directive === '$TTL') {
          const v = t[1] ? parseTtl(t[1].text) : null;
          // BIND logs nothing for a bad $TTL value: the load just fails with "bad ttl".
          if (v === null) {
            fatal(file, e.line, null, 'bad ttl');
            return false;
          }
          defaultTtl = v;
          continue;
        }
        if (directive === '$INCLUDE') {
          const path = t[1]?.text;
          const inner = path === undefined || !opts.readFile ? null : opts.readFile(path);
          if (path === undefined || inner === null) {
            fatal(file, e.line, `dns_master_load: ${file}:${e.line}: file not found`, 'file not found');
            return false;
          }
          const incOrigin = t[2] ? absoluteName(t[2].text, origin) ?? origin : origin;
          if (depth > 20 || !load(inner, path, incOrigin, depth + 1)) return false;
          continue;
        }
        fatal(file, e.line, `dns_master_load: ${file}:${e.line}: unknown $ directive '${first.text}'`, 'syntax error');
        return false;
      }
      let k = 0;
      let owner: string | null;
      if (e.blankOwner) owner = lastOwner;
      else {
        owner = absoluteName(t[0].text, origin);
        k = 1;
      }
      if (owner === null) {
        fatal(file, e.line, `dns_master_load: ${file}:${e.line}: ${e.blankOwner ? 'no current owner name' : 'label too long'}`, e.blankOwner ? 'no owner' : 'label too long');
        return false;
      }
      lastOwner = owner;
      let ttl: number | null = null;
      let cls: string | null = null;
      for (let n = 0; n < 2 && k < t.length; n++) {
        const w = t[k].text;
        if (ttl === null && /^[0-9]/.test(w)) {
          const v = parseTtl(w);
          if (v === null) break;
          ttl = v;
          k++;
        } else if (cls === null && CLASSES.has(w.toUpperCase())) {
          cls = w.toUpperCase();
          k++;
        } else break;
      }
      const typeTok = t[k];
      if (!typeTok) {
        fatal(file, e.line, `dns_master_load: ${file}:${e.line}: unexpected end of line`, 'unexpected end of input');
        return false;
      }
      const type = TYPES[typeTok.text.toUpperCase()];
      if (type === undefined) {
        fatal(file, typeTok.line, `${file}:${typeTok.line}: unknown RR type '${typeTok.text}'`, 'unknown class/type');
        return false;
      }
      if (cls !== null && cls !== 'IN') {
        fatal(file, e.line, `dns_master_load: ${file}:${e.line}: class '${cls}' != zone class 'IN'`, 'bad class');
        return false;
      }
      const reader = new RdataReader(t.slice(k + 1), origin);
      let data: DnsRData;
      try {
        data = parseRdata(type, reader);
        reader.end();
      } catch (err) {
        if (!(err instanceof RdataError)) throw err;
        const line = err.near?.line ?? e.line;
        const near = err.near ? `'${err.near.text}'` : 'eol';
        fatal(file, line, `dns_rdata_fromtext: ${file}:${line}: near ${near}: ${err.result}`, err.result);
        return false;
      }
      // TTL: explicit, else $TTL, else the SOA minimum for the SOA, else the last one (RFC 1035).
      if (ttl === null) {
        if (defaultTtl !== null) ttl = defaultTtl;
        else if (data.kind === 'SOA') {
          diagnostics.push({ file, line: e.line, message: `dns_master_load: ${file}:${e.line}: no TTL specified; using SOA MINTTL instead`, result: null });
          ttl = defaultTtl = data.minimum;
        } else if (lastTtl !== null) {
          if (!warned1035) diagnostics.push({ file, line: e.line, message: `dns_master_load: ${file}:${e.line}: using RFC1035 TTL semantics`, result: null });
          warned1035 = true;
          ttl = lastTtl;
        } else {
          fatal(file, e.line, `dns_master_load: ${file}:${e.line}: no TTL specified; zone rejected`, 'no ttl');
          return false;
        }
      } else lastTtl = ttl;
      const key = owner.toLowerCase();
      if (!(zoneKey === '.' || key === zoneKey || key.endsWith('.' + zoneKey))) {
        diagnostics.push({ file, line: e.line, message: `${file}:${e.line}: ignoring out-of-zone data (${nameForLog(owner)})`, result: null });
        continue;
      }
      // RFC 1034 §3.6.2: a CNAME owner has no other data.
      const seen = typesAt.get(key) ?? 0;
      const mine = type === DNS_TYPE_CNAME ? 1 : 2;
      if ((seen | mine) === 3) {
        fatal(file, e.line, `dns_master_load: ${file}:${e.line}: ${nameForLog(owner)}: CNAME and other data`, 'CNAME and other data');
        return false;
      }
      typesAt.set(key, seen | mine);
      records.push({ name: owner, type, class: DNS_CLASS_IN, ttl, data, file, line: e.line });
    }
    if (lexed.error) {
      const { line, result } = lexed.error;
      fatal(file, line, `dns_master_load: ${file}:${line}: isc_lex_gettoken() failed: ${result}`, result);
      return false;
    }
    return true;
  };

  load(text, opts.file, zone, 0);
  return { records, diagnostics, failure };
}
