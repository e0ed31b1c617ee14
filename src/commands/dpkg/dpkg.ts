// dpkg (1.21): the queries go to dpkg-query (-l, -L, -s, -S, --get-selections), -r/-P remove
// and purge installed packages with their scripts, and a normal user gets dpkg's refusal.
import { bookworm } from '../../os/packages/catalogue.ts';
import { DebconfDb } from '../../os/packages/debconf/database.ts';
import { Dpkg } from '../../os/packages/dpkg.ts';
import type { Program } from '../../os/program.ts';
import { dpkgHost } from './dpkg-host.ts';
import { dpkgQueryMain } from './dpkg-query.ts';

const QUERIES = new Set(['-l', '--list', '-L', '--listfiles', '-s', '--status', '-S', '--search', '--get-selections', '-W', '--show']);

export const dpkg: Program = async (proc) => {
  const args = proc.argv.slice(1);
  const op = args[0];
  if (op === undefined) {
    proc.stderr.write('dpkg: error: need an action option\n\nType dpkg --help for help about installing and deinstalling packages [*];\nUse \'apt\' or \'aptitude\' for user-friendly package management;\nType dpkg -Dhelp for a list of dpkg debug flag values;\nType dpkg --force-help for a list of forcing options;\nType dpkg-deb --help for help about manipulating *.deb files;\n\nOptions marked [*] produce a lot of output - pipe it through \'less\' or \'more\' !\n');
    return 2;
  }
  if (QUERIES.has(op)) return dpkgQueryMain(proc, args, 'dpkg');
  if (op === '--version') {
    proc.stdout.write("Debian 'dpkg' package management program version 1.21.23 (amd64).\nThis is free software; see the GNU General Public License version 2 or\nlater for copying conditions. There is NO warranty.\n");
    return 0;
  }
  if (op === '--print-architecture') {
    proc.stdout.write('amd64\n');
    return 0;
  }
  if (op === '-r' || op === '--remove' || op === '-P' || op === '--purge' || op === '--configure' || op === '-i' || op === '--install') {
    if (proc.cred.uid !== 0) {
      proc.stderr.write('dpkg: error: requested operation requires superuser privilege\n');
      return 2;
    }
    if (op === '--configure') return 0;
    if (op === '-i' || op === '--install') {
      for (const f of args.slice(1)) proc.stderr.write(`dpkg: error: cannot access archive '${f}': No such file or directory\n`);
      return 2;
    }
    const purge = op === '-P' || op === '--purge';
    const cat = bookworm();
    const engine = new Dpkg(dpkgHost(proc), cat);
    const db = DebconfDb.load(proc.host.fs);
    for (const name of args.slice(1)) {
      const e = engine.db.get(name);
      const def = cat.get(name);
      if (e === undefined || def === undefined || e.state === 'not-installed') {
        proc.stderr.write(`dpkg: warning: ignoring request to remove ${name} which isn't installed\n`);
        continue;
      }
      await engine.remove(def, purge, db);
    }
    engine.runTriggers();
    return 0;
  }
  proc.stderr.write(`dpkg: error: unknown option ${op}\n\nType dpkg --help for help about installing and deinstalling packages [*];\nUse 'apt' or 'aptitude' for user-friendly package management;\nType dpkg -Dhelp for a list of dpkg debug flag values;\nType dpkg --force-help for a list of forcing options;\nType dpkg-deb --help for help about manipulating *.deb files;\n\nOptions marked [*] produce a lot of output - pipe it through 'less' or 'more' !\n`);
  return 2;
};
