// Postfix's sendmail(1) (/usr/sbin/sendmail, also /usr/bin/mailq and /usr/bin/newaliases by
// argv[0]) and postdrop(1). sendmail reads the message from stdin (up to a lone "." unless -i/-oi),
// takes recipients from the command line and/or the headers (-t), and hands it to postdrop, which
// leaves it in maildrop/ and wakes pickup. What mailutils' `mail` runs to send.
import type { Process } from '../../../os/program.ts';
import { UserDb } from '../../../os/users/user-db.ts';
import { readMainCf } from '../config/main-cf.ts';
import { mailSystemOf } from '../master/mail-system.ts';
import { emitMaildrop } from '../pickup/maildrop-file.ts';
import { QUEUE_DIRECTORY, QueueStore } from '../queue/queue-store.ts';
import { flushQueue, listQueue } from './postqueue.ts';

const EX_USAGE = 64;
const EX_TEMPFAIL = 75;

interface SendOptions {
  sender: string | null;
  fullName: string;
  extract: boolean;
  dotEnds: boolean;
  recipients: string[];
}

async function readAll(proc: Process): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let n = 0;
  for (let c = await proc.stdin.read(); c !== null; c = await proc.stdin.read()) {
    chunks.push(c);
    n += c.length;
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The message as postdrop stores it: LF line ends, input cut at a lone "." unless -i. */
function messageLines(input: Uint8Array, dotEnds: boolean): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < input.length) {
    let lf = input.indexOf(0x0a, i);
    const last = lf < 0;
    if (last) lf = input.length;
    let end = lf;
    if (end > i && input[end - 1] === 0x0d) end -= 1;
    if (dotEnds && end - i === 1 && input[i] === 0x2e) break;
    for (let k = i; k < end; k++) out.push(input[k] ?? 0);
    out.push(0x0a);
    i = lf + 1;
  }
  return new Uint8Array(out);
}

/** postdrop: the maildrop file, owned by the submitter, then the pickup trigger. */
export function postdropWrite(proc: Process, o: SendOptions & { sender: string }, content: Uint8Array): number {
  const store = new QueueStore(proc.host.fs);
  const now = proc.host.wallTimeMs();
  const id = store.allocateId(now, 'maildrop');
  if (id === null) {
    proc.stderr.write(`postdrop: warning: mail_queue_enter: create file maildrop/${id ?? 'XXXXX'}: No such file or directory\n`);
    return EX_TEMPFAIL;
  }
  const root = { uid: 0, gid: 0, groups: [0] };
  const path = `${QUEUE_DIRECTORY}/maildrop/${id}`;
  proc.host.fs.writeFile(path, emitMaildrop({ uid: proc.realCred.uid, sender: o.sender, recipients: o.recipients, extract: o.extract, fullName: o.fullName, arrivalMs: now, content }), root, { mode: 0o744 });
  const postdropGid = UserDb.load(proc.host.fs).groupByName('postdrop')?.gid ?? 0;
  proc.host.fs.chown(path, proc.realCred.uid, postdropGid, root);
  const sys = mailSystemOf(proc.host);
  if (sys === null) proc.stderr.write('postdrop: warning: unable to look up public/pickup: No such file or directory\n');
  else sys.pickup.trigger();
  return 0;
}

/** newaliases / sendmail -bi: Postfix's sendmail runs postalias on each $alias_database table. */
async function newaliases(proc: Process, prog: string): Promise<number> {
  const config = readMainCf(proc.host.fs);
  if (config.fatal !== null) {
    proc.stderr.write(`${prog}: fatal: ${config.fatal}\n`);
    return 1;
  }
  const tables = config.getList('alias_database');
  if (tables.length === 0) return 0;
  const child = proc.spawn(['/usr/sbin/postalias', ...tables], { path: '/usr/sbin/postalias' });
  if ('error' in child) {
    proc.stderr.write(`${prog}: fatal: execvp /usr/sbin/postalias: No such file or directory\n`);
    return 1;
  }
  return child.wait();
}

export async function sendmail(proc: Process): Promise<number> {
  const argv0 = proc.argv[0] ?? 'sendmail';
  const name = argv0.slice(argv0.lastIndexOf('/') + 1);
  if (name === 'mailq') return listQueue(proc);
  if (name === 'newaliases') return newaliases(proc, 'newaliases');
  const o: SendOptions = { sender: null, fullName: '', extract: false, dotEnds: true, recipients: [] };
  const args = proc.argv.slice(1);
  let mode: 'send' | 'list' | 'aliases' | 'flush' = 'send';
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') {
      o.recipients.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      o.recipients.push(a);
      continue;
    }
    const flag = a.slice(1, 2);
    const attached = a.slice(2);
    const value = (): string => {
      if (attached !== '') return attached;
      i += 1;
      return args[i] ?? '';
    };
    switch (flag) {
      case 't':
        o.extract = true;
        break;
      case 'i':
        o.dotEnds = false;
        break;
      case 'o':
        if (attached === 'i') o.dotEnds = false;
        else if (attached === '') i += 1;
        break;
      case 'f':
      case 'r':
        o.sender = value().replace(/^<(.*)>$/, '$1');
        break;
      case 'F':
        o.fullName = value();
        break;
      case 'b': {
        const b = value();
        if (b === 'p') mode = 'list';
        else if (b === 'i') mode = 'aliases';
        else if (b !== 'm') {
          proc.stderr.write(`sendmail: fatal: unsupported: -b${b}\n`);
          return EX_USAGE;
        }
        break;
      }
      case 'q':
        mode = 'flush';
        break;
      case 'B':
      case 'C':
      case 'N':
      case 'O':
      case 'R':
      case 'V':
      case 'X':
      case 'h':
      case 'e':
      case 'p':
      case 'L':
        if (attached === '') i += 1;
        break;
      default:
        break;
    }
  }
  if (mode === 'list') return listQueue(proc);
  if (mode === 'aliases') return newaliases(proc, 'sendmail');
  if (mode === 'flush') return flushQueue(proc, 'sendmail');
  if (!o.extract && o.recipients.length === 0) {
    proc.stderr.write('sendmail: fatal: Recipient addresses must be specified on the command line or via the -t option\n');
    return EX_USAGE;
  }
  const user = UserDb.load(proc.host.fs).userByUid(proc.realCred.uid);
  const sender = o.sender ?? user?.name ?? String(proc.realCred.uid);
  const content = messageLines(await readAll(proc), o.dotEnds);
  if (o.extract && o.recipients.length === 0 && !/^(to|cc|bcc|resent-to|resent-cc|resent-bcc)[ \t]*:/im.test(headerSection(content))) {
    proc.stderr.write('sendmail: fatal: No recipient addresses found in message header\n');
    return EX_USAGE;
  }
  return postdropWrite(proc, { ...o, sender }, content);
}

function headerSection(content: Uint8Array): string {
  const text = new TextDecoder('latin1').decode(content);
  const end = text.indexOf('\n\n');
  return end < 0 ? text : text.slice(0, end);
}

/** postdrop run by hand reads a queue file on stdin; Postfix's own record format is not simulated. */
export async function postdrop(proc: Process): Promise<number> {
  proc.stderr.write('postdrop: fatal: uid=' + String(proc.realCred.uid) + ': unexpected or malformed record type 0\n');
  return 1;
}
