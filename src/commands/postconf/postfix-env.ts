// What Postfix's administration commands share: the configuration as this host gives it (host
// name, interfaces for the mynetworks default), the config directory (-c, MAIL_CONFIG), and
// msg(3)-style messages: "PROGNAME: warning: ..." / "PROGNAME: fatal: ..." on stderr.
import type { Process } from '../../os/program.ts';
import { readMainCf, type PostfixConfig, type PostfixHostFacts, type PostfixInterfaceAddress } from '../../services/postfix/config/main-cf.ts';
import { formatIpv4, formatMac } from '../../wire/addr.ts';
import { getopt } from '../lib/getopt.ts';
import { localeOf } from '../lib/locale.ts';

export const DEFAULT_CONFIG_DIR = '/etc/postfix';

/** The host facts Postfix reads from the kernel: uname nodename and the interfaces' addresses. */
export function hostFacts(proc: Process): PostfixHostFacts {
  const interfaces: PostfixInterfaceAddress[] = [];
  for (const dev of proc.host.net.interfaces.values()) {
    if (!dev.up) continue;
    for (const a of dev.addresses) {
      interfaces.push({ address: formatIpv4(a.address), prefix: a.prefix, mac: dev.loopback ? undefined : formatMac(dev.mac) });
    }
  }
  if (!interfaces.some((i) => i.address.startsWith('127.'))) interfaces.unshift({ address: '127.0.0.1', prefix: 8 });
  const name = proc.argv[0] ?? 'postconf';
  return { hostname: proc.host.hostname, interfaces, processId: proc.pid, processName: name.slice(name.lastIndexOf('/') + 1) };
}

/** The configuration directory: -c DIR, else $MAIL_CONFIG, else /etc/postfix. */
export function configDir(proc: Process, fromOption: string | null): string {
  return fromOption ?? proc.env.get('MAIL_CONFIG') ?? DEFAULT_CONFIG_DIR;
}

export function loadMainCf(proc: Process, dir: string = DEFAULT_CONFIG_DIR): PostfixConfig {
  return readMainCf(proc.host.fs, hostFacts(proc), `${dir}/main.cf`);
}

/** Why main.cf in `dir` cannot be read by this process, or null (every Postfix command dies then). */
export function mainCfMissing(proc: Process, dir: string): string | null {
  const r = proc.host.fs.access(`${dir}/main.cf`, 4, proc.cred);
  if (r.ok) return null;
  return `open ${dir}/main.cf: ${r.errno === 'ENOENT' ? 'No such file or directory' : r.errno === 'EACCES' ? 'Permission denied' : 'Not a directory'}`;
}

export function warn(proc: Process, prog: string, message: string): void {
  proc.stderr.write(`${prog}: warning: ${message}\n`);
}

export function fatal(proc: Process, prog: string, message: string): number {
  proc.stderr.write(`${prog}: fatal: ${message}\n`);
  return 1;
}

/** What postalias and postmap read from their command line (their options are the same). */
export interface TableToolArgs {
  readonly dir: string | null;
  readonly query: string | null;
  readonly del: string | null;
  readonly dump: boolean;
  readonly fold: boolean;
  readonly specs: readonly string[];
}

/**
 * postalias/postmap's command line through glibc's getopt (letters up to the first operand),
 * then main.cf's presence; an exit status when they end the command (usage or fatal printed).
 */
export function tableToolArgs(proc: Process, prog: string, optstring: string, usage: string): TableToolArgs | number {
  const opts = getopt(proc.argv.slice(1), { short: optstring }, prog, localeOf(proc.env), proc.env);
  if (!opts.ok) {
    proc.stderr.write(opts.message);
    return fatal(proc, prog, usage);
  }
  let dir: string | null = null;
  let query: string | null = null;
  let del: string | null = null;
  let dump = false;
  let fold = true;
  for (const o of opts.options) {
    if (o.key === 'c') dir = o.arg ?? null;
    else if (o.key === 'd') del = o.arg ?? null;
    else if (o.key === 'q') query = o.arg ?? null;
    else if (o.key === 's') dump = true;
    else if (o.key === 'f') fold = false;
  }
  if (opts.operands.length === 0) return fatal(proc, prog, usage);
  const missing = mainCfMissing(proc, configDir(proc, dir));
  if (missing !== null) return fatal(proc, prog, missing);
  return { dir, query, del, dump, fold, specs: opts.operands };
}
