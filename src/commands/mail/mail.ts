// mail(1) of GNU Mailutils 3.15 (/usr/bin/mail.mailutils, /usr/bin/mail through alternatives):
// with addresses it sends a letter (compose.ts); without, it reads /var/mail/USER (or -f FILE)
// in the `? ` command loop (session.ts). Options as `mail --help` lists them (argp).
import type { Process } from '../../os/program.ts';
import { UserDb } from '../../os/users/user-db.ts';
import { getopt } from '../lib/getopt.ts';
import { localeOf } from '../lib/locale.ts';
import { strerror } from '../lib/errno.ts';
import { resolvePath } from '../lib/path.ts';
import { HeaderList, sendMail, type ComposeContext } from './compose.ts';
import { LineReader } from './line-reader.ts';
import { loadMailbox } from './mailbox.ts';
import { MailText } from './messages.ts';
import { MailSession } from './session.ts';

const SPEC = {
  short: 'A:a:b:c:E:eFf::HinNpqr:s:tu:V',
  long: [
    { name: 'attach', arg: 'required', key: 'A' },
    { name: 'append', arg: 'required', key: 'a' },
    { name: 'bcc', arg: 'required', key: 'b' },
    { name: 'cc', arg: 'required', key: 'c' },
    { name: 'exec', arg: 'required', key: 'E' },
    { name: 'exist', arg: 'none', key: 'e' },
    { name: 'byname', arg: 'none', key: 'F' },
    { name: 'file', arg: 'optional', key: 'f' },
    { name: 'headers', arg: 'none', key: 'H' },
    { name: 'ignore', arg: 'none', key: 'i' },
    { name: 'norc', arg: 'none', key: 'n' },
    { name: 'nosum', arg: 'none', key: 'N' },
    { name: 'print', arg: 'none', key: 'p' },
    { name: 'read', arg: 'none', key: 'p' },
    { name: 'quit', arg: 'none', key: 'q' },
    { name: 'return-address', arg: 'required', key: 'r' },
    { name: 'subject', arg: 'required', key: 's' },
    { name: 'to', arg: 'none', key: 't' },
    { name: 'user', arg: 'required', key: 'u' },
    { name: 'version', arg: 'none', key: 'V' },
    { name: 'help', arg: 'none', key: 'help' },
    { name: 'usage', arg: 'none', key: 'usage' },
  ],
} as const;

const VERSION = `mail (GNU Mailutils) 3.15
Copyright (C) 2007-2022 Free Software Foundation, inc.
License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.
`;

const USAGE = 'Usage: mail [OPTION...] [address...]\n  or:  mail [OPTION...] -f [OPTION...] [file]\n  or:  mail [OPTION...] --file [OPTION...] [file]\n  or:  mail [OPTION...] --file=file [OPTION...]\n';

export async function mail(proc: Process): Promise<number> {
  const loc = localeOf(proc.env, 'LC_MESSAGES');
  const text = new MailText(loc);
  const parsed = getopt(proc.argv.slice(1), { short: SPEC.short, long: SPEC.long }, 'mail', loc, proc.env);
  if (!parsed.ok) {
    proc.stderr.write(parsed.message);
    proc.stderr.write("Try 'mail --help' or 'mail --usage' for more information.\n");
    return 64;
  }
  const users = UserDb.load(proc.host.fs);
  const me = users.userByUid(proc.realCred.uid);
  const user = me?.name ?? String(proc.realCred.uid);
  const home = me?.home ?? proc.env.get('HOME') ?? '/';
  const headers = new HeaderList();
  let subjectGiven = false;
  // -s, -c, -b, -a and -t ask for sending even without an address (`mail -s Test` prompts To:).
  let sendOption = false;
  let file: string | null | undefined;
  let headersOnly = false;
  let exist = false;
  let noSummary = false;
  let mailboxUser = user;
  let sender = `${user}@${proc.host.hostname}`;
  for (const o of parsed.options) {
    const arg = o.arg ?? '';
    switch (o.key) {
      case 's':
        headers.set('Subject', arg);
        subjectGiven = true;
        sendOption = true;
        break;
      case 'c':
        headers.addAddress('Cc', arg);
        sendOption = true;
        break;
      case 'b':
        headers.addAddress('Bcc', arg);
        sendOption = true;
        break;
      case 'a': {
        const colon = arg.indexOf(':');
        if (colon < 0) proc.stderr.write(`mail: Invalid header: ${arg}\n`);
        else headers.append(arg.slice(0, colon), arg.slice(colon + 1).trim());
        sendOption = true;
        break;
      }
      case 'r':
        sender = arg;
        break;
      case 'f':
        file = o.arg ?? null;
        break;
      case 'H':
        headersOnly = true;
        break;
      case 'e':
        exist = true;
        break;
      case 'N':
        noSummary = true;
        break;
      case 'u':
        mailboxUser = arg;
        break;
      case 'V':
        proc.stdout.write(VERSION);
        return 0;
      case 'help': case 'usage':
        proc.stdout.write(USAGE);
        return 0;
      default:
        break;
    }
  }
  const reader = new LineReader(proc);
  const compose: ComposeContext = { proc, reader, text, sender, home };
  let operands = parsed.operands;
  if (file === null && operands.length > 0) {
    file = operands[0];
    operands = operands.slice(1);
  }
  if (file === undefined && (operands.length > 0 || sendOption)) return sendMail(compose, { headers, recipients: operands, subjectGiven });

  const systemPath = `/var/mail/${mailboxUser}`;
  const mboxPath = proc.env.get('MBOX') ?? `${home}/mbox`;
  let path = systemPath;
  if (file !== undefined) {
    const f = file ?? mboxPath;
    path = f.startsWith('~/') ? home + f.slice(1) : resolvePath(proc.cwd, f);
  }
  const read = proc.host.fs.readFile(path, proc.cred);
  if (!read.ok) {
    if (exist) return 1;
    proc.stderr.write(text.cannotOpen(path, strerror(read.errno, loc)));
    if (path === systemPath && read.errno === 'ENOENT') proc.stdout.write(text.noMailFor(mailboxUser));
    return 1;
  }
  const box = loadMailbox(path, read.value, Math.floor(proc.host.wallTimeMs() / 1000));
  if (box === null) {
    if (exist) return 1;
    proc.stderr.write(text.cannotRead(path));
    return 1;
  }
  if (exist) return box.messages.length > 0 ? 0 : 1;
  if (box.messages.length === 0) {
    proc.stdout.write(path === systemPath ? text.noMailFor(mailboxUser) : text.zeroMessages(path));
    return 1;
  }
  const session = new MailSession({ proc, reader, text, timeLoc: localeOf(proc.env, 'LC_TIME'), box, systemPath, mboxPath, compose });
  if (headersOnly) {
    for (let n = 1; n <= box.messages.length; n++) proc.stdout.write(session.headlineOf(n));
    return 0;
  }
  if (!noSummary) {
    proc.stdout.write(session.summary());
    proc.stdout.write(session.headersPage());
  }
  return session.run();
}
