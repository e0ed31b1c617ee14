// chfn(1) of shadow 4.13: the GECOS field as "Full Name,Room,Work Phone,Home Phone[,Other]".
// Interactive (as adduser runs it) or with -f/-r/-w/-h/-o. A user other than root authenticates
// first and may change only what CHFN_RESTRICT allows (Debian: rwh, not the full name).
import type { Process, Program } from '../../os/program.ts';
import { Accounts } from '../lib/accounts.ts';
import { getopt, long } from '../lib/getopt.ts';
import { localeOf } from '../lib/locale.ts';
import { acctText, authLog, nameOfUid, pamAuthenticate, pamText } from '../lib/pam.ts';
import { ask, LineInput } from '../lib/line-input.ts';
import { loginDefs } from '../lib/accounts.ts';

export interface Gecos {
  full: string;
  room: string;
  work: string;
  home: string;
  other: string;
}

export function parseGecos(g: string): Gecos {
  const f = g.split(',');
  return { full: f[0] ?? '', room: f[1] ?? '', work: f[2] ?? '', home: f[3] ?? '', other: f.slice(4).join(',') };
}

/** chfn writes the four fields always, the fifth only when it is set. */
export function formatGecos(g: Gecos): string {
  const base = `${g.full},${g.room},${g.work},${g.home}`;
  return g.other !== '' ? `${base},${g.other}` : base;
}

const LABELS: readonly [keyof Gecos, string, string][] = [
  ['full', 'f', 'Full Name'],
  ['room', 'r', 'Room Number'],
  ['work', 'w', 'Work Phone'],
  ['home', 'h', 'Home Phone'],
  ['other', 'o', 'Other'],
];

/** valid_field(): no ':', ',', '=' or control characters. */
function invalid(v: string): boolean {
  return /[:,=\x00-\x1f]/.test(v);
}

/**
 * The interactive part: "Changing the user information for NAME", a prompt per field the caller
 * may change ([default] in brackets), a plain line for the others. Null at end of input or on
 * an invalid answer (already reported).
 */
export async function chfnDialog(proc: Process, input: LineInput, name: string, current: Gecos, root: boolean, restrict: string): Promise<Gecos | null> {
  const out = proc.stdout;
  out.write(acctText(proc, 'shadow', 'Changing the user information for %s\n', name) + acctText(proc, 'shadow', 'Enter the new value, or press ENTER for the default') + '\n');
  const next: Gecos = { ...current };
  for (const [key, letter, label] of LABELS) {
    if (key === 'other' && !root) continue;
    if (!root && !restrict.includes(letter)) {
      out.write(`\t${acctText(proc, 'shadow', label)}: ${current[key]}\n`);
      continue;
    }
    const a = await ask(input, out, `\t${acctText(proc, 'shadow', label)} [${current[key]}]: `);
    if (a === null) return null;
    const v = a.trim();
    if (v === '') continue;
    if (invalid(v)) {
      proc.stderr.write(`chfn: invalid ${key === 'full' ? 'name' : key === 'room' ? 'room number' : key === 'work' ? 'work phone' : key === 'home' ? 'home phone' : 'other'}: "${v}"\n`);
      return null;
    }
    // A lone space clears a field, as in chfn.
    next[key] = v === ' ' ? '' : v;
  }
  return next;
}

export const chfn: Program = async (proc) => {
  const r = getopt(
    proc.argv.slice(1),
    { short: 'f:r:w:h:o:u', long: [long('full-name', 'required', 'f'), long('room', 'required', 'r'), long('work-phone', 'required', 'w'), long('home-phone', 'required', 'h'), long('other', 'required', 'o'), long('help', 'none', 'u')] },
    'chfn',
    localeOf(proc.env),
  );
  if (!r.ok) {
    proc.stderr.write(r.message);
    return 1;
  }
  const realUid = proc.realCred.uid;
  const root = realUid === 0;
  const name = r.operands[0] ?? nameOfUid(proc, realUid);
  const acc = Accounts.load(proc.host.fs);
  const user = acc.user(name);
  if (user === undefined) {
    proc.stderr.write(`chfn: user '${name}' does not exist\n`);
    return 1;
  }
  if (!root && user.uid !== realUid) {
    proc.stderr.write(`chfn: You may not change the user information for ${name}.\n`);
    return 1;
  }
  const input = new LineInput(proc.stdin);
  const restrict = loginDefs(proc.host.fs).raw.get('CHFN_RESTRICT') ?? 'rwh';
  if (!root) {
    const a = await pamAuthenticate(proc, input, name);
    if (a !== 'ok') {
      proc.stderr.write(`chfn: PAM: ${pamText(proc, 'Authentication failure')}\n`);
      return 1;
    }
  }
  let next: Gecos | null;
  const given = r.options.filter((o) => 'frwho'.includes(o.key));
  if (given.length > 0) {
    next = parseGecos(user.gecos);
    for (const o of given) {
      const entry = LABELS.find((l) => l[1] === o.key)!;
      if (!root && !restrict.includes(o.key)) {
        proc.stderr.write('chfn: Permission denied.\n');
        return 1;
      }
      if (invalid(o.arg ?? '')) {
        proc.stderr.write(`chfn: invalid ${entry[2].toLowerCase()}: "${o.arg}"\n`);
        return 1;
      }
      next[entry[0]] = o.arg ?? '';
    }
  } else {
    next = await chfnDialog(proc, input, name, parseGecos(user.gecos), root, restrict);
    if (next === null) return 1;
  }
  const gecos = formatGecos(next);
  if (gecos !== user.gecos) {
    user.gecos = gecos;
    acc.touch('passwd');
    acc.save();
    authLog(proc, 'chfn', `changed user '${name}' information`);
  }
  return 0;
};
