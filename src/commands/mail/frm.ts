// frm(1) and from(1) of GNU Mailutils 3.15 (frm/frm.c, frm/common.c): one line per message of
// the user's mailbox (or of each one named), the From: header's personal name (else the whole
// header) and the Subject:, separated by a TAB (mail_headers_132cols_C.txt); a missing field
// prints nothing, a missing mailbox counts as empty. -s new|unread|old|read selects messages,
// -S prints a summary, -q only says whether there is mail. Exit status as frm.c documents it:
// 0 when messages matching -s exist, 1 when there are messages but none selected (always the
// case without -s), 2 for no messages at all, 3 on errors.
import type { Process } from '../../os/program.ts';
import { UserDb } from '../../os/users/user-db.ts';
import { localeOf } from '../lib/locale.ts';
import { strerror } from '../lib/errno.ts';
import { resolvePath } from '../lib/path.ts';
import { decodeRfc2047 } from './headline.ts';
import { binaryToText, headerValue, parseMailbox } from './mailbox.ts';

function personal(from: string): string {
  const lt = from.indexOf('<');
  if (lt > 0) {
    const name = from.slice(0, lt).trim().replace(/^"(.*)"$/, '$1');
    if (name !== '') return name;
  }
  return from;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export async function frm(proc: Process): Promise<number> {
  const name = (proc.argv[0] ?? 'frm').split('/').pop() ?? 'frm';
  const loc = localeOf(proc.env, 'LC_CTYPE');
  let summary = false;
  let query = false;
  let select: 'new' | 'unread' | 'read' | null = null;
  const targets: string[] = [];
  const args = proc.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-S' || a === '--summary') summary = true;
    else if (a === '-q' || a === '--query') query = true;
    else if (a === '-s' || a.startsWith('--status=') || (a.startsWith('-s') && a.length > 2)) {
      const v = a === '-s' ? (args[++i] ?? '') : a.startsWith('--') ? a.slice(9) : a.slice(2);
      if ('new'.startsWith(v) && v !== '') select = 'new';
      else if ('unread'.startsWith(v) && v !== '') select = 'unread';
      else if ('old'.startsWith(v) && v !== '') select = 'unread';
      else if ('read'.startsWith(v) && v !== '') select = 'read';
    } else if (!a.startsWith('-')) targets.push(a);
  }
  const me = UserDb.load(proc.host.fs).userByUid(proc.realCred.uid);
  const decode = (s: string): string => (loc.utf8 ? decodeRfc2047(binaryToText(s)) : binaryToText(s));
  let status = 2;
  for (const target of targets.length === 0 ? [undefined] : targets) {
    if (targets.length > 1) proc.stdout.write(`${target}:\n`);
    const path = target === undefined ? `/var/mail/${me?.name ?? proc.realCred.uid}` : resolvePath(proc.cwd, target.replace(/^mbox:/, ''));
    const r = proc.host.fs.readFile(path, proc.cred);
    if (!r.ok && r.errno !== 'ENOENT') {
      proc.stderr.write(`${name}: could not open mailbox \`${path}': ${strerror(r.errno, localeOf(proc.env))}\n`);
      return 3;
    }
    const parsed = r.ok ? parseMailbox(r.value) : { ok: true as const, messages: [], imapbase: null };
    if (!parsed.ok) {
      proc.stderr.write(`${name}: could not scan mailbox \`${path}': Parse error\n`);
      return 3;
    }
    let out = '';
    let selected = 0;
    const counter = { fresh: 0, unread: 0, read: 0 };
    for (const m of parsed.messages) {
      if (m.read) counter.read++;
      else if (m.seen) counter.unread++;
      else counter.fresh++;
      if ((select === 'read' && !m.read) || (select === 'new' && m.seen) || (select === 'unread' && !m.seen)) continue;
      if (select !== null) selected++;
      if (query) continue;
      const fields: string[] = [];
      const from = headerValue(m, 'From');
      fields.push(from === null ? '' : decode(personal(from)));
      const subject = headerValue(m, 'Subject');
      if (subject !== null) fields.push(decode(subject));
      out += fields.join('\t') + '\n';
    }
    const total = parsed.messages.length;
    if (summary) {
      if (total === 0) out += 'Folder contains no messages.\n';
      else {
        const parts: string[] = [];
        if (counter.fresh) parts.push(plural(counter.fresh, 'new message', 'new messages'));
        if (counter.unread) parts.push(plural(counter.unread, 'unread message', 'unread messages'));
        if (counter.read) parts.push(plural(counter.read, 'read message', 'read messages'));
        out += `Folder contains ${parts.join(', ')}.\n`;
      }
    } else if (query) out += total > 0 ? 'There are messages in that folder.\n' : 'No messages in that folder!\n';
    proc.stdout.write(out);
    status = selected > 0 ? 0 : total > 0 ? 1 : 2;
  }
  return status;
}
