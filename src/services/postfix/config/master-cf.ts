// /etc/postfix/master.cf as postconf(1) and master(8) read it: logical lines (indented lines
// continue an entry), eight fields (service type private unpriv chroot wakeup maxproc command)
// then the command's arguments, "-o name=value" overrides split out, and postconf's checks with
// its exact fatal messages ("file /etc/postfix/master.cf: line 12: bad field count").
import type { Credentials, FileSystem } from '../../../os/fs/types.ts';

export const MASTER_CF = '/etc/postfix/master.cf';
const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
const TYPES = ['unix', 'unix-dgram', 'fifo', 'inet', 'pass'];
/** Daemon options that take a value (postconf's pcf_daemon_options_expecting_value). */
const OPTIONS_WITH_VALUE = 'o';

export interface MasterService {
  /** "smtp", or "127.0.0.1:2525" for an inet service bound to an address. */
  readonly service: string;
  readonly type: string;
  /** "-" means the built-in default (private y, unpriv y, chroot y before 3.5 / n after; wakeup 0; maxproc $default_process_limit). */
  readonly private: string;
  readonly unpriv: string;
  readonly chroot: string;
  /** "60", "1000?" (? = wake only when in use) or "-". */
  readonly wakeup: string;
  readonly maxproc: string;
  /** The daemon program name, relative to daemon_directory ("smtpd", "pipe"). */
  readonly command: string;
  /** Everything after the command, options normalized ("-o" "name=value"). */
  readonly args: readonly string[];
  /** -o overrides in order. */
  readonly overrides: readonly (readonly [string, string])[];
  /** The last physical line of the entry, as postconf counts it. */
  readonly line: number;
}

export type MasterCfResult = { readonly ok: true; readonly services: MasterService[] } | { readonly ok: false; readonly services: MasterService[]; readonly error: string };

/** Parse master.cf text; `error` is postconf's fatal message (without "postconf: fatal: "). */
export function parseMasterCf(text: string, path: string = MASTER_CF): MasterCfResult {
  const lines = text.split('\n');
  const services: MasterService[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].replace(/\r$/, '');
    if (/^\s/.test(l) || l.trim() === '' || l.startsWith('#')) continue;
    let logical = l;
    while (i + 1 < lines.length) {
      const n = lines[i + 1].replace(/\r$/, '');
      if (n.trim() === '' || /^\s*#/.test(n) || !/^\s/.test(n)) break;
      logical += ' ' + n.trim();
      i++;
    }
    const raw = logical.trim();
    const argv = raw.split(/[ \t\r\n]+/).filter((s) => s !== '');
    if (argv.length < 8) return { ok: false, services, error: `file ${path}: line ${i + 1}: bad field count` };
    const bad = checkEntry(argv, raw);
    if (bad !== null) return { ok: false, services, error: bad };
    const args = normalizeOptions(argv.slice(8));
    services.push({
      service: argv[0],
      type: argv[1],
      private: argv[2],
      unpriv: argv[3],
      chroot: argv[4],
      wakeup: argv[5],
      maxproc: argv[6],
      command: argv[7],
      args,
      overrides: overridesOf(args),
      line: i + 1,
    });
  }
  return { ok: true, services };
}

/** postconf's pcf_check_master_entry, with its messages (including a missing quote it really prints). */
function checkEntry(argv: readonly string[], raw: string): string | null {
  if (!TYPES.includes(argv[1])) return `invalid type field "${argv[1]}" in "${raw}"`;
  const names = ['private', 'unprivileged', 'chroot'];
  for (let f = 2; f <= 4; f++) {
    if (argv[f].length !== 1 || !'yn-'.includes(argv[f])) return `invalid ${names[f - 2]} field ${argv[f]}" in "${raw}"`;
  }
  const w = argv[5].endsWith('?') ? argv[5].slice(0, -1) : argv[5];
  if (!(argv[5][0] === '-' && w.length === 1) && !/^\d*$/.test(w)) return `invalid wakeup field ${argv[5]}" in "${raw}"`;
  if (argv[6] !== '-' && !/^\d*$/.test(argv[6])) return `invalid process_limit field ${argv[6]}" in "${raw}"`;
  return null;
}

/** "-oname=value" -> "-o" "name=value"; "-vo x" -> "-v" "-o" "x", as postconf normalizes. */
function normalizeOptions(args: readonly string[]): string[] {
  const out = [...args];
  for (let k = 0; k < out.length; k++) {
    const a = out[k];
    if (!a.startsWith('-') || a === '--') break;
    for (let c = 2; c < a.length; c++) {
      if (OPTIONS_WITH_VALUE.includes(a[c])) {
        out.splice(k, 1, a.slice(0, c), '-' + a.slice(c));
        break;
      }
    }
    const opt = out[k];
    if (!OPTIONS_WITH_VALUE.includes(opt[1])) continue;
    if (opt.length > 2) out.splice(k, 1, opt.slice(0, 2), opt.slice(2));
    if (k + 1 < out.length) k++;
  }
  return out;
}

function overridesOf(args: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let k = 0; k + 1 < args.length; k++) {
    if (args[k] === '--' || !args[k].startsWith('-')) break;
    if (args[k] !== '-o') continue;
    const v = args[++k];
    const eq = v.indexOf('=');
    if (eq > 0) out.push([v.slice(0, eq).trim(), v.slice(eq + 1).trim()]);
  }
  return out;
}

/** Read master.cf; a missing file is postconf's "open /etc/postfix/master.cf: No such file or directory". */
export function readMasterCf(fs: FileSystem, path: string = MASTER_CF): MasterCfResult {
  const r = fs.readFile(path, ROOT);
  if (!r.ok) return { ok: false, services: [], error: `open ${path}: ${r.errno === 'ENOENT' ? 'No such file or directory' : 'Permission denied'}` };
  return parseMasterCf(new TextDecoder().decode(r.value), path);
}

/** Whether a y/n/- flag is on, "-" taking `dflt`. */
export function masterFlag(value: string, dflt: boolean): boolean {
  return value === '-' ? dflt : value === 'y';
}
