// getent(1) of glibc 2.36 for the "files" databases of accounts: passwd, group, shadow, gshadow.
// Prints the entries (all, or those matching each key by name or number); exit 2 when a key is
// not found. shadow/gshadow need read access to the files, as NSS has.
import type { Program } from '../../os/program.ts';
import { entries } from '../../os/users/colon-file.ts';
import { formatGroupLine, parseGroup } from '../../os/users/group.ts';
import { formatGshadowLine, parseGshadow } from '../../os/users/gshadow.ts';
import { formatPasswdLine, parsePasswd } from '../../os/users/passwd.ts';
import { formatShadowLine, parseShadow } from '../../os/users/shadow.ts';

interface Db {
  file: string;
  lines(text: string): { key: string; id: number | null; line: string }[];
}

const DBS: Readonly<Record<string, Db>> = {
  passwd: { file: '/etc/passwd', lines: (t) => entries(parsePasswd(t)).map((e) => ({ key: e.name, id: e.uid, line: formatPasswdLine(e) })) },
  group: { file: '/etc/group', lines: (t) => entries(parseGroup(t)).map((e) => ({ key: e.name, id: e.gid, line: formatGroupLine(e) })) },
  shadow: { file: '/etc/shadow', lines: (t) => entries(parseShadow(t)).map((e) => ({ key: e.name, id: null, line: formatShadowLine(e) })) },
  gshadow: { file: '/etc/gshadow', lines: (t) => entries(parseGshadow(t)).map((e) => ({ key: e.name, id: null, line: formatGshadowLine(e) })) },
};

export const getent: Program = async (proc) => {
  const args = proc.argv.slice(1).filter((a) => a !== '-s' && !a.startsWith('--service'));
  if (args.length === 0 || args[0] === '--help' || args[0] === '-?') {
    const out = 'Usage: getent [OPTION...] database [key ...]\nGet entries from administrative database.\n\n' +
      'Supported databases:\nahosts ahostsv4 ahostsv6 aliases ethers group gshadow hosts initgroups\nnetgroup networks passwd protocols rpc services shadow\n';
    if (args.length === 0) {
      proc.stderr.write("getent: wrong number of arguments\nTry `getent --help' or `getent --usage' for more information.\n");
      return 1;
    }
    proc.stdout.write(out);
    return 0;
  }
  const db = DBS[args[0]];
  if (db === undefined) {
    proc.stderr.write(`Unknown database: ${args[0]}\nTry \`getent --help' or \`getent --usage' for more information.\n`);
    return 1;
  }
  const r = proc.host.fs.readFile(db.file, proc.cred);
  if (!r.ok) return 2;
  const rows = db.lines(new TextDecoder().decode(r.value));
  const keys = args.slice(1);
  if (keys.length === 0) {
    for (const row of rows) proc.stdout.write(row.line + '\n');
    return 0;
  }
  let rc = 0;
  for (const k of keys) {
    const row = rows.find((x) => x.key === k) ?? (/^\d+$/.test(k) ? rows.find((x) => x.id === Number(k)) : undefined);
    if (row === undefined) rc = 2;
    else proc.stdout.write(row.line + '\n');
  }
  return rc;
};
