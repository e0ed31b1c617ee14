// postalias(1) of Postfix 3.7.11 and newaliases (sendmail -bi, i.e. postalias on every table of
// alias_database): build FILE.db from an aliases(5) file, -q KEY look a key up in the .db (not
// the source: an edit shows only after a rebuild, as in the recording aliases_newaliases.txt),
// -s dump, -d KEY delete. Only hash: (and btree:, same file) tables exist here.
import type { Process, Program } from '../../os/program.ts';
import { syslogOf } from '../../os/services/host-services.ts';
import { buildAliasesDb, decodeHashDb, encodeHashDb, errnoText } from '../../services/postfix/config/aliases.ts';
import { configDir, fatal, loadMainCf, mainCfMissing, tableToolArgs } from '../postconf/postfix-env.ts';

const USAGE = 'usage: postalias [-Nfinoprsuvw] [-c config_dir] [-d key] [-q key] [map_type:]file...';
/** Map types Debian ships as separate postfix-TYPE packages (dynamicmaps.cf). */
const PLUGIN_TYPES = ['cdb', 'ldap', 'lmdb', 'mysql', 'pcre', 'pgsql', 'sqlite'];

/** "hash:/etc/aliases" or "/etc/aliases" -> its file, or the fatal message. */
export function hashTableFile(spec: string, defaultType = 'hash'): { file: string } | { error: string } {
  const colon = spec.indexOf(':');
  const type = colon > 0 && !spec.startsWith('/') ? spec.slice(0, colon) : defaultType;
  const file = colon > 0 && !spec.startsWith('/') ? spec.slice(colon + 1) : spec;
  if (type === 'hash' || type === 'btree') return { file };
  if (PLUGIN_TYPES.includes(type)) return { error: `unsupported dictionary type: ${type}. Is the postfix-${type} package installed?` };
  return { error: `unsupported dictionary type: ${type}` };
}

function logWarning(proc: Process, tag: string, message: string): void {
  syslogOf(proc.host)?.log({ facility: 'mail', severity: 'warning', tag, pid: proc.pid, message: `warning: ${message}` });
}

/** Build the .db of each table; warnings and fatal errors as postalias prints them. */
function build(proc: Process, prog: string, specs: readonly string[]): number {
  for (const spec of specs) {
    const t = hashTableFile(spec);
    if ('error' in t) return fatal(proc, prog, t.error);
    const r = buildAliasesDb(proc.host.fs, t.file, proc.cred);
    for (const w of r.warnings) {
      proc.stderr.write(`${prog}: warning: ${w}\n`);
      logWarning(proc, 'postfix/postalias', w);
    }
    if (!r.ok) {
      syslogOf(proc.host)?.log({ facility: 'mail', severity: 'crit', tag: 'postfix/postalias', pid: proc.pid, message: `fatal: ${r.error}` });
      return fatal(proc, prog, r.error);
    }
  }
  return 0;
}

function readDb(proc: Process, file: string): Map<string, string> | string {
  const r = proc.host.fs.readFile(`${file}.db`, proc.cred);
  if (!r.ok) return `open database ${file}.db: ${errnoText(r.errno)}`;
  // Berkeley DB refuses a file that is not one of its databases with EINVAL.
  return decodeHashDb(r.value) ?? `open database ${file}.db: Invalid argument`;
}

export const postalias: Program = async (proc) => {
  const prog = 'postalias';
  const args = tableToolArgs(proc, prog, '+c:d:fNinopq:rsuvw', USAGE);
  if (typeof args === 'number') return args;
  const { query, dump, fold, specs } = args;
  const del = args.del;

  if (query !== null || dump || del !== null) {
    for (const spec of specs) {
      const t = hashTableFile(spec);
      if ('error' in t) return fatal(proc, prog, t.error);
      const db = readDb(proc, t.file);
      if (typeof db === 'string') return fatal(proc, prog, db);
      if (dump) {
        for (const [key, value] of db) proc.stdout.write(`${key}: ${value}\n`);
        continue;
      }
      const key = fold ? (query ?? del ?? '').toLowerCase() : (query ?? del ?? '');
      if (query !== null) {
        const v = db.get(key);
        if (v !== undefined) {
          proc.stdout.write(`${v}\n`);
          return 0;
        }
        continue;
      }
      if (db.delete(key)) {
        const w = proc.host.fs.writeFile(`${t.file}.db`, encodeHashDb([...db].map(([kk, v]) => ({ key: kk, value: v }))), proc.cred);
        if (!w.ok) return fatal(proc, prog, `open database ${t.file}.db: ${errnoText(w.errno)}`);
        return 0;
      }
    }
    return dump ? 0 : 1;
  }
  return build(proc, prog, specs);
};

/**
 * newaliases (sendmail -bi, or /usr/bin/newaliases, a symlink to sendmail): postalias on each
 * table of alias_database. The sendmail program calls this when argv[0] is newaliases or -bi is given.
 */
export async function runNewaliases(proc: Process): Promise<number> {
  const dir = configDir(proc, null);
  const missing = mainCfMissing(proc, dir);
  if (missing !== null) return fatal(proc, 'newaliases', missing);
  const cfg = loadMainCf(proc, dir);
  if (cfg.fatal !== null) return fatal(proc, 'newaliases', cfg.fatal);
  return build(proc, 'postalias', cfg.getList('alias_database'));
}
