// /etc/resolv.conf as glibc 2.36's res_init reads it (resolv.conf(5)): up to 3 IPv4 nameservers
// (none = the local host), the search list (`domain` and `search` replace each other, the last
// one wins; without either, the domain part of the host name), and the options that matter to
// a stub resolver. LOCALDOMAIN and RES_OPTIONS in the environment override the file.
import { parseIpv4, type Ipv4 } from '../../wire/addr.ts';
import type { Process } from '../program.ts';

export const MAXNS = 3;
const MAXDNSRCH = 6;
const LOCALHOST = 0x7f000001;

export interface ResolverConfig {
  nameservers: Ipv4[];
  search: string[];
  ndots: number;
  /** Seconds to wait for the first server (RES_TIMEOUT). */
  timeout: number;
  /** Rounds over the servers (RES_DFLRETRY). */
  attempts: number;
  rotate: boolean;
  /** use-vc: queries over TCP. */
  useVc: boolean;
  /** no-tld-query: a single-label name is never tried as is. */
  noTldQuery: boolean;
}

function applyOptions(c: ResolverConfig, words: string[]): void {
  for (const w of words) {
    const m = /^(ndots|timeout|attempts):(\d+)$/.exec(w);
    if (m !== null) {
      const n = parseInt(m[2], 10);
      if (m[1] === 'ndots') c.ndots = Math.min(n, 15);
      else if (m[1] === 'timeout') c.timeout = Math.min(Math.max(n, 1), 30);
      else c.attempts = Math.min(Math.max(n, 1), 5);
    } else if (w === 'rotate') c.rotate = true;
    else if (w === 'use-vc') c.useVc = true;
    else if (w === 'no-tld-query') c.noTldQuery = true;
  }
}

export function parseResolvConf(text: string, hostname: string): ResolverConfig {
  const c: ResolverConfig = { nameservers: [], search: [], ndots: 1, timeout: 5, attempts: 2, rotate: false, useVc: false, noTldQuery: false };
  let searchSet = false;
  for (const raw of text.split('\n')) {
    if (/^\s*[;#]/.test(raw)) continue;
    const words = raw.trim().split(/\s+/);
    const key = words[0];
    if (key === 'nameserver' && words.length > 1) {
      const a = parseIpv4(words[1]);
      if (a !== null && c.nameservers.length < MAXNS) c.nameservers.push(a);
    } else if (key === 'domain' && words.length > 1) {
      c.search = [words[1]];
      searchSet = true;
    } else if (key === 'search' && words.length > 1) {
      c.search = words.slice(1, 1 + MAXDNSRCH);
      searchSet = true;
    } else if (key === 'options') {
      applyOptions(c, words.slice(1));
    }
  }
  if (c.nameservers.length === 0) c.nameservers.push(LOCALHOST);
  if (!searchSet) {
    const dot = hostname.indexOf('.');
    if (dot > 0 && dot < hostname.length - 1) c.search = [hostname.slice(dot + 1)];
  }
  c.search = c.search.map((d) => d.replace(/\.$/, '')).filter((d) => d !== '');
  return c;
}

/** The configuration a process's resolver uses now (glibc rereads the file when it changes). */
export function resolverConfig(proc: Process): ResolverConfig {
  const r = proc.host.fs.readFile('/etc/resolv.conf', proc.cred);
  const text = r.ok ? new TextDecoder().decode(r.value) : '';
  const c = parseResolvConf(text, proc.host.hostname);
  const local = proc.env.get('LOCALDOMAIN');
  if (local !== undefined) c.search = local.trim().split(/\s+/).filter((d) => d !== '').slice(0, MAXDNSRCH);
  const opts = proc.env.get('RES_OPTIONS');
  if (opts !== undefined) applyOptions(c, opts.trim().split(/\s+/));
  return c;
}
