// debconf-set-selections (debconf 1.5.82): preseeds answers from stdin or files, one
// `owner question type value` per line, so that a later install (DEBIAN_FRONTEND=noninteractive
// or not) finds them; the questions are marked seen unless -u/--unseen.
import { DebconfDb } from '../../os/packages/debconf/database.ts';
import type { Program } from '../../os/program.ts';
import { readAll } from '../lib/io.ts';

const TYPES = new Set(['string', 'boolean', 'select', 'multiselect', 'note', 'text', 'password', 'title', 'error', 'seen']);

export const debconfSetSelections: Program = async (proc) => {
  let checkOnly = false;
  let unseen = false;
  const files: string[] = [];
  for (const a of proc.argv.slice(1)) {
    if (a === '-c' || a === '--checkonly') checkOnly = true;
    else if (a === '-u' || a === '--unseen') unseen = true;
    else if (a === '-v' || a === '--verbose') continue;
    else if (a.startsWith('-') && a !== '-') {
      proc.stderr.write('Usage: debconf-set-selections [-vcu] [file]\n');
      return 1;
    } else files.push(a);
  }
  const dec = new TextDecoder();
  let text = '';
  if (files.length === 0) text = dec.decode(await readAll(proc.stdin));
  for (const f of files) {
    if (f === '-') {
      text += dec.decode(await readAll(proc.stdin));
      continue;
    }
    const r = proc.host.fs.readFile(f, proc.cred, proc.cwd);
    if (!r.ok) {
      proc.stderr.write(`Can't open ${f}: ${r.errno === 'ENOENT' ? 'No such file or directory' : 'Permission denied'} at /usr/bin/debconf-set-selections line 173.\n`);
      return 2;
    }
    text += dec.decode(r.value);
  }
  const lines = text.split('\n');
  const db = DebconfDb.load(proc.host.fs);
  let bad = false;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (/^\s*(#|$)/.test(line)) return;
    const m = /^\s*(\S+)\s+(\S+)\s+(\S+)(?:[ \t](.*))?$/.exec(line);
    if (m === null) {
      proc.stderr.write(`debconf-set-selections: warning: Invalid line: ${line.replace(/\s+$/, '')} (line ${i + 1})\n`);
      bad = true;
      return;
    }
    const [, owner, name, type, valueRaw] = m;
    if (!TYPES.has(type)) {
      proc.stderr.write(`debconf-set-selections: warning: Unknown type ${type}, skipping line ${i + 1}\n`);
      bad = true;
      return;
    }
    if (checkOnly) return;
    const value = (valueRaw ?? '').replace(/\s+$/, '');
    if (type === 'seen') {
      db.fset(name, 'seen', value);
      return;
    }
    db.preseed(owner, name, type, value, !unseen);
  });
  if (!checkOnly) {
    if (proc.cred.uid !== 0) {
      proc.stderr.write('debconf: DbDriver "config": could not write /var/cache/debconf/config.dat-new: Permission denied\n');
      return 1;
    }
    db.save(proc.host.fs);
  }
  return bad && checkOnly ? 1 : 0;
};
