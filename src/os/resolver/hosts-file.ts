// The "files" source of nsswitch.conf's hosts database: /etc/hosts (hosts(5)), and the numeric
// forms getaddrinfo accepts before any lookup (inet_aton(3)).
import { parseIpv4, type Ipv4 } from '../../wire/addr.ts';
import type { Process } from '../program.ts';

/**
 * inet_aton(3) as getaddrinfo uses it for numeric hosts: 1 to 4 parts, decimal, octal (0...) or
 * hex (0x...), the last part filling the remaining bytes ("127.1" is 127.0.0.1).
 */
export function inetAton(s: string): Ipv4 | null {
  const strict = parseIpv4(s);
  if (strict !== null) return strict;
  const parts = s.split('.');
  if (parts.length < 1 || parts.length > 4) return null;
  const values: number[] = [];
  for (const p of parts) {
    let v: number;
    if (/^0[xX][0-9a-fA-F]+$/.test(p)) v = parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) v = parseInt(p, 8);
    else if (/^[1-9][0-9]*$/.test(p)) v = parseInt(p, 10);
    else return null;
    values.push(v);
  }
  const last = values.pop() as number;
  let addr = 0;
  for (const v of values) {
    if (v > 255) return null;
    addr = addr * 256 + v;
  }
  const lastBytes = 4 - values.length;
  if (last >= 2 ** (8 * lastBytes)) return null;
  return addr * 2 ** (8 * lastBytes) + last;
}

export interface HostsLine {
  address: Ipv4;
  names: string[];
}

/** The IPv4 lines of /etc/hosts (IPv6 ones are skipped: the stack has no IPv6). */
export function readHostsFile(proc: Process): HostsLine[] {
  const r = proc.host.fs.readFile('/etc/hosts', proc.cred);
  if (!r.ok) return [];
  const out: HostsLine[] = [];
  for (const raw of new TextDecoder().decode(r.value).split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    const address = parseIpv4(fields[0]);
    if (address === null || fields.length < 2) continue;
    out.push({ address, names: fields.slice(1) });
  }
  return out;
}

/** /etc/hosts entry for a name (case-insensitive, aliases too): the first name is canonical. */
export function hostsByName(proc: Process, name: string): HostsLine | null {
  const lower = name.toLowerCase().replace(/\.$/, '');
  for (const line of readHostsFile(proc)) {
    if (line.names.some((n) => n.toLowerCase() === lower)) return line;
  }
  return null;
}

/** The sources of nsswitch.conf's `hosts:` line, in order (glibc default without the file: dns files). */
export function hostsSources(proc: Process): ('files' | 'dns')[] {
  const r = proc.host.fs.readFile('/etc/nsswitch.conf', proc.cred);
  if (!r.ok) return ['dns', 'files'];
  for (const raw of new TextDecoder().decode(r.value).split('\n')) {
    const m = /^\s*hosts\s*:(.*)$/.exec(raw.replace(/#.*/, ''));
    if (m === null) continue;
    const out: ('files' | 'dns')[] = [];
    // "[NOTFOUND=return]" actions and other services (mdns4_minimal, myhostname) are ignored.
    for (const w of m[1].replace(/\[[^\]]*\]/g, ' ').trim().split(/\s+/)) {
      if ((w === 'files' || w === 'dns') && !out.includes(w)) out.push(w);
    }
    return out;
  }
  return ['dns', 'files'];
}
