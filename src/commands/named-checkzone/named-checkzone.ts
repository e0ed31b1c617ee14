// named-checkzone(1) from BIND 9.18: loads one zone file as named would and prints BIND's log
// lines, `zone NAME/IN: loaded serial N` and `OK` (exit 0), or `not loaded due to errors.` (exit 1).
// -D dumps the zone in canonical form. Like BIND's tools it logs to stdout.
import type { Process, Program } from '../../os/program.ts';
import { loadZone } from '../../services/bind/zone-load.ts';
import { dumpZone } from '../../services/bind/zone-dump.ts';
import { absoluteName } from '../../services/bind/dns-text.ts';

const VERSION = 'BIND 9.18.49-1~deb12u3-Debian (Extended Support Version) <id:>\n';
const USAGE =
  'usage: named-checkzone [-djqvD] [-c class] [-f inputformat] [-F outputformat] [-J filename] ' +
  '[-s (full|relative)] [-t directory] [-w directory] [-k (ignore|warn|fail)] [-m (ignore|warn|fail)] ' +
  '[-n (ignore|warn|fail)] [-r (ignore|warn|fail)] [-i (full|full-sibling|local|local-sibling|none)] ' +
  '[-M (ignore|warn|fail)] [-S (ignore|warn|fail)] [-W (ignore|warn)] [-o filename] zonename [ (filename|-) ]\n';

/** BIND tools parse options with isc_commandline_parse: POSIX, stopping at the first operand. */
const WITH_ARG = 'cfFiJkLmnorsStwWM';
const FLAGS = 'dhjqvD';

/** Reads a file of the host as text, or null when it cannot be read. */
export function hostFileReader(proc: Process): (path: string) => string | null {
  return (path) => {
    const r = proc.host.fs.readFile(path, proc.cred, proc.cwd);
    return r.ok ? new TextDecoder().decode(r.value) : null;
  };
}

export const namedCheckzone: Program = async (proc: Process) => {
  const out = (s: string) => proc.stdout.write(s);
  const args = proc.argv.slice(1);
  let dump = false;
  let quiet = false;
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
      if (WITH_ARG.includes(c)) {
        if (k + 1 === a.length && i + 1 >= args.length) {
          proc.stderr.write(`named-checkzone: option requires an argument -- ${c}\n${USAGE}`);
          return 1;
        }
        if (k + 1 === a.length) i++;
        break;
      }
      if (!FLAGS.includes(c)) {
        proc.stderr.write(`named-checkzone: illegal option -- ${c}\n${USAGE}`);
        return 1;
      }
      if (c === 'D') dump = true;
      else if (c === 'q') quiet = true;
      else if (c === 'v') {
        out(VERSION);
        return 0;
      } else if (c === 'h') {
        proc.stderr.write(USAGE);
        return 0;
      }
    }
  }
  const operands = args.slice(i);
  if (operands.length !== 2) {
    proc.stderr.write(USAGE);
    return 1;
  }
  const [zonename, file] = operands;
  const origin = absoluteName(zonename, '.');
  if (origin === null) {
    out(`named-checkzone: dns_name_fromtext() failed: label too long\n`);
    return 1;
  }
  const report = loadZone(origin, file, hostFileReader(proc));
  if (!quiet) for (const line of report.log) out(line + '\n');
  if (!report.zone) return 1;
  if (dump && !quiet) out(dumpZone(report.zone.records));
  if (!quiet) out('OK\n');
  return 0;
};
