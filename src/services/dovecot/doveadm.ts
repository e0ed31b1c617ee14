// /usr/bin/doveadm, the commands of the practicals (../fidelity/pop3/dovecot_config/doveadm_misc.txt):
// reload, stop, who, mailbox list -u USER, fetch -u USER 'FIELDS' mailbox NAME.
import { SIGHUP, SIGTERM, type Process, type Program } from '../../os/program.ts';
import { UserDb } from '../../os/users/user-db.ts';
import { readDovecotHeaders, stripDovecotHeaders, blankLineAt } from '../mail/dovecot-mbox-headers.ts';
import { parseMbox } from '../mail/mbox.ts';
import { livePid } from './dovecot-command.ts';
import { loadHostConfig } from './host-config.ts';
import { HostMailFiles } from './host-mail-files.ts';
import { EXIT_FATAL, MASTER_PID_FILE, runningMaster } from './master.ts';
import { dovecotSettings } from './settings.ts';

const ROOT = { uid: 0, gid: 0, groups: [0] };
/** doveadm's EX_NOUSER / EX_TEMPFAIL-like exit codes. */
const EXIT_NOUSER = 67;
const EXIT_USAGE = 64;

/** `doveadm reload|stop`, `dovecot reload|stop`: a signal to the master named by its pid file. */
export function signalMaster(proc: Process, signal: number): number {
  const pid = livePid(proc);
  if (pid === null) {
    proc.stderr.write(`Fatal: Dovecot is not running (read from ${MASTER_PID_FILE})\n`);
    return EXIT_FATAL;
  }
  const err = proc.kill(pid, signal);
  if (err !== null) {
    proc.stderr.write(`Fatal: kill(${pid}, ${signal}) failed: ${err === 'EPERM' ? 'Operation not permitted' : 'No such process'}\n`);
    return EXIT_FATAL;
  }
  return 0;
}

/** Columns as doveadm's table formatter lays them out: each as wide as its widest cell. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join(' ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

function who(proc: Process): number {
  const sessions = runningMaster(proc.host)?.sessions() ?? [];
  const grouped = new Map<string, { user: string; proto: string; pids: number[]; ips: string[] }>();
  for (const s of sessions) {
    const key = `${s.user}\0${s.protocol}`;
    const g = grouped.get(key) ?? { user: s.user, proto: s.protocol, pids: [], ips: [] };
    g.pids.push(s.pid);
    if (!g.ips.includes(s.ip)) g.ips.push(s.ip);
    grouped.set(key, g);
  }
  const rows = [...grouped.values()].map((g) => [g.user, String(g.pids.length), g.proto, `(${g.pids.join(' ')})`, `(${g.ips.join(' ')})`]);
  proc.stdout.write(table(['username', '#', 'proto', '(pids)', '(ips)'], rows));
  return 0;
}

function mailFiles(proc: Process): HostMailFiles {
  const cfg = loadHostConfig(proc.host.fs);
  const inbox = cfg.ok ? dovecotSettings(cfg.root).inboxPath : '/var/mail/%u';
  return new HostMailFiles(proc.host.fs, inbox, () => proc.host.wallTimeMs());
}

function userOption(proc: Process, args: string[]): string | null {
  const i = args.indexOf('-u');
  if (i < 0 || i + 1 >= args.length) return null;
  const user = args[i + 1];
  args.splice(i, 2);
  if (UserDb.load(proc.host.fs).userByName(user) === undefined) {
    proc.stderr.write(`doveadm(${user}): Error: User doesn't exist\n`);
    return '';
  }
  return user;
}

function mailboxList(proc: Process, args: string[]): number {
  const user = userOption(proc, args);
  if (user === '') return EXIT_NOUSER;
  if (user === null) {
    proc.stderr.write('doveadm mailbox list: Error: USER environment is missing and -u option not used\n');
    return EXIT_USAGE;
  }
  const names = ['INBOX'];
  // Other folders: mbox files under ~/mail (mail_location mbox:~/mail).
  const home = UserDb.load(proc.host.fs).userByName(user)?.home ?? '';
  const dir = proc.host.fs.readdir(`${home}/mail`, ROOT);
  if (dir.ok) for (const e of dir.value) if (e.type === 'file' && !e.name.startsWith('.') && e.name !== 'INBOX') names.push(e.name);
  proc.stdout.write(names.map((n) => `${n}\n`).join(''));
  return 0;
}

const FLAG_LETTERS: readonly [string, string][] = [['A', '\\Answered'], ['F', '\\Flagged'], ['D', '\\Deleted'], ['T', '\\Draft']];

function headerValue(content: Uint8Array, name: string): string {
  const end = blankLineAt(content);
  const text = new TextDecoder('latin1').decode(end < 0 ? content : content.subarray(0, end));
  const re = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:[ \\t]*(.*(?:\\n[ \\t].*)*)`, 'im');
  const m = re.exec(text);
  return m === null ? '' : m[1].replace(/\n[ \t]*/g, ' ');
}

function fetch(proc: Process, args: string[]): number {
  const user = userOption(proc, args);
  if (user === '') return EXIT_NOUSER;
  if (user === null || args.length < 1) {
    proc.stderr.write('doveadm fetch: Error: USER environment is missing and -u option not used\n');
    return EXIT_USAGE;
  }
  const fields = args[0].split(/\s+/).filter((f) => f !== '');
  const query = args.slice(1);
  if (query[0] !== 'mailbox' || query[1] === undefined || query[1].toUpperCase() !== 'INBOX') {
    if (query[0] === 'mailbox') {
      proc.stderr.write(`doveadm(${user}): Error: Mailbox ${query[1] ?? ''} doesn't exist\n`);
      return EXIT_NOUSER;
    }
  }
  const bytes = mailFiles(proc).read(user) ?? new Uint8Array(0);
  const mbox = parseMbox(bytes);
  const states = mbox.messages.map((m) => readDovecotHeaders(m.content));
  let last = states[0]?.lastUid ?? 0;
  const blocks: string[] = [];
  mbox.messages.forEach((m, i) => {
    const st = states[i];
    const uid = st.uid !== undefined && st.uid > 0 ? st.uid : ++last;
    last = Math.max(last, uid);
    const content = stripDovecotHeaders(m.content);
    const lines = fields.map((f) => {
      if (f === 'uid') return `uid: ${uid}`;
      if (f === 'seq') return `seq: ${i + 1}`;
      if (f === 'flags') {
        const flags: string[] = [];
        for (const [letter, flag] of FLAG_LETTERS) if ((st.xStatus ?? '').includes(letter)) flags.push(flag);
        if ((st.status ?? '').includes('R')) flags.push('\\Seen');
        return `flags: ${flags.join(' ')}`;
      }
      if (f === 'mailbox') return 'mailbox: INBOX';
      if (f === 'user') return `user: ${user}`;
      if (f === 'size.physical') return `size.physical: ${content.length}`;
      if (f.startsWith('hdr.')) return `${f}: ${headerValue(content, f.slice(4))}`;
      return `${f}: `;
    });
    blocks.push(lines.join('\n'));
  });
  // doveadm's flow formatter separates messages with a form feed line.
  proc.stdout.write(blocks.length === 0 ? '' : blocks.join('\n\f\n') + '\n');
  return 0;
}

export const doveadm: Program = async (proc) => {
  const args = proc.argv.slice(1);
  const cmd = args.shift();
  switch (cmd) {
    case 'reload':
      return signalMaster(proc, SIGHUP);
    case 'stop':
      return signalMaster(proc, SIGTERM);
    case 'who':
      return who(proc);
    case 'mailbox':
      if (args[0] === 'list') return mailboxList(proc, args.slice(1));
      break;
    case 'fetch':
      return fetch(proc, args);
    default:
      break;
  }
  proc.stderr.write(cmd === undefined ? 'usage: doveadm [-Dv] [-f <formatter>] <command> [<args>]\n' : `doveadm: Unknown command '${[cmd, ...args].join(' ')}'\n`);
  return EXIT_USAGE;
};
