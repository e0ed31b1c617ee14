// named-checkconf(8) from BIND 9.18: parses /etc/bind/named.conf (or the file given) with its
// includes, runs BIND's semantic checks and, with -z, loads every primary zone as named would,
// printing each zone's log lines. Silent and exit 0 when all is well; like BIND it logs to stdout.
import type { Process, Program } from '../../os/program.ts';
import { checkNamedConf, parseNamedConf } from '../../services/bind/named-conf.ts';
import { loadZone } from '../../services/bind/zone-load.ts';
import { absoluteName, nameForLog } from '../../services/bind/dns-text.ts';
import { resolvePath } from '../lib/path.ts';
import { hostFileReader } from '../named-checkzone/named-checkzone.ts';

const VERSION = 'BIND 9.18.49-1~deb12u3-Debian (Extended Support Version) <id:>\n';
const USAGE = 'usage: named-checkconf [-chijlvz] [-p [-x]] [-t directory] [named.conf]\n';

export const namedCheckconf: Program = async (proc: Process) => {
  const out = (s: string) => proc.stdout.write(s);
  const args = proc.argv.slice(1);
  let loadZones = false;
  let root = '';
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let k = 1; k < a.length; k++) {
      const c = a[k];
      if (c === 't') {
        const v = k + 1 < a.length ? a.slice(k + 1) : args[++i];
        if (v === undefined) {
          proc.stderr.write(`named-checkconf: option requires an argument -- t\n${USAGE}`);
          return 1;
        }
        root = v;
        break;
      }
      if (c === 'z') loadZones = true;
      else if (c === 'v') {
        out(VERSION);
        return 0;
      } else if (c === 'h') {
        proc.stderr.write(USAGE);
        return 0;
      } else if (!'cijlpx'.includes(c)) {
        proc.stderr.write(`named-checkconf: illegal option -- ${c}\n${USAGE}`);
        return 1;
      }
    }
  }
  const operands = args.slice(i);
  if (operands.length > 1) {
    proc.stderr.write(USAGE);
    return 1;
  }
  const file = operands[0] ?? '/etc/bind/named.conf';
  const host = hostFileReader(proc);
  // -t chroots: every path, the configuration's included, is then under that directory.
  const read = (path: string) => host(root ? resolvePath('/', `${root}/${path}`) : path);
  const text = read(file);
  if (text === null) {
    out(`open: ${file}: file not found\n`);
    return 1;
  }
  const parsed = parseNamedConf(text, file, read);
  if (!parsed.ok) {
    out(parsed.error.text + '\n');
    return 1;
  }
  const errors = checkNamedConf(parsed.conf);
  for (const e of errors) out(e + '\n');
  if (errors.length > 0) return 1;
  if (!loadZones) return 0;
  let status = 0;
  const directory = parsed.conf.options.directory ?? '/';
  for (const z of parsed.conf.zones) {
    if (z.type !== 'primary' || z.file === null || z.class !== 'IN') continue;
    const origin = absoluteName(z.name, '.');
    if (origin === null) continue;
    // Relative zone file names are relative to `directory`, where named runs.
    const report = loadZone(origin, z.file, (p) => read(resolvePath(directory, p)));
    for (const line of report.log) out(line + '\n');
    if (!report.zone) {
      out(`_default/${nameForLog(origin)}/IN: ${report.failure ?? 'bad zone'}\n`);
      status = 1;
    }
  }
  return status;
};
