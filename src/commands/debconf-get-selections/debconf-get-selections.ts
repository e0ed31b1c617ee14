// debconf-get-selections (debconf-utils 1.5.82): every answer in the format
// debconf-set-selections reads back, each after its question's text as a comment.
import { DebconfDb } from '../../os/packages/debconf/database.ts';
import type { Program } from '../../os/program.ts';

export const debconfGetSelections: Program = async (proc) => {
  const db = DebconfDb.load(proc.host.fs);
  let out = '';
  for (const name of [...db.questions.keys()].sort()) {
    const q = db.questions.get(name)!;
    const type = db.type(name);
    if (type === '' || type === 'title') continue;
    const fields = db.templateOf(name)?.fields;
    const desc = fields?.get('description');
    if (desc !== undefined && desc !== '') out += `# ${desc}\n`;
    const choices = fields?.get('choices');
    if (choices !== undefined && choices !== '') out += `# Choices: ${choices}\n`;
    const owner = [...q.owners][0] ?? 'unknown';
    out += `${owner}\t${name}\t${type}\t${type === 'password' ? '' : (db.get(name) ?? '')}\n`;
  }
  proc.stdout.write(out);
  return 0;
};
