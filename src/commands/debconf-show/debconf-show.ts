// debconf-show (debconf 1.5.82): a package's questions and answers, `*` for the ones seen.
import { DebconfDb } from '../../os/packages/debconf/database.ts';
import type { Program } from '../../os/program.ts';

export const debconfShow: Program = async (proc) => {
  const args = proc.argv.slice(1);
  const listOwners = args.includes('--listowners');
  const pkgs = args.filter((a) => !a.startsWith('-'));
  if (!listOwners && pkgs.length === 0) {
    proc.stderr.write('Usage: \n    debconf-show packagename [...] [--db=dbname]\n    debconf-show --listowners [--db=dbname]\n    debconf-show --listdbs\n');
    return 1;
  }
  if (proc.cred.uid !== 0) {
    proc.stderr.write('debconf: DbDriver "passwords" warning: could not open /var/cache/debconf/passwords.dat: Permission denied\n');
  }
  const db = DebconfDb.load(proc.host.fs);
  let out = '';
  if (listOwners) {
    const seen = new Set<string>();
    for (const q of db.questions.values()) {
      for (const o of q.owners) {
        if (!seen.has(o)) {
          seen.add(o);
          out += `${o}\n`;
        }
      }
    }
  } else {
    for (const [name, q] of db.questions) {
      for (const p of pkgs) {
        if (!q.owners.has(p)) continue;
        const value = db.get(name) ?? '';
        const shown = db.type(name) === 'password' ? ' (password omitted)' : value.length > 0 ? ` ${value}` : '';
        out += `${q.flags.has('seen') ? '* ' : '  '}${name}:${shown}\n`;
      }
    }
  }
  proc.stdout.write(out);
  return 0;
};
