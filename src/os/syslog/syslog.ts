// The host's syslog daemon: rsyslogd as Debian 12 runs it. Programs hand it messages (what
// they would send to /dev/log); it routes them by /etc/rsyslog.conf into /var/log/* through the
// file system, creating files as the config says (Debian: root:adm 0640), in rsyslog's formats:
//   RSYSLOG_FileFormat (default):   2026-11-22T03:33:55.272949+00:00 vm postfix/smtpd[16464]: connect from ...
//   RSYSLOG_TraditionalFileFormat:  Nov 22 03:33:55 vm postfix/smtpd[16464]: connect from ...
// Without /etc/rsyslog.conf (rsyslog not installed, journald only) nothing is written.
import type { Credentials, FileSystem } from '../fs/types.ts';
import { FACILITIES, SEVERITIES, loadRsyslogConfig, ruleMatches, type FileAction, type RsyslogConfig } from './rsyslog-conf.ts';
import { formatOffset, localTime } from './time-zone.ts';
import { UserDb } from '../users/user-db.ts';

export type Facility =
  | 'kern' | 'user' | 'mail' | 'daemon' | 'auth' | 'syslog' | 'lpr' | 'news' | 'uucp' | 'cron' | 'authpriv' | 'ftp'
  | 'local0' | 'local1' | 'local2' | 'local3' | 'local4' | 'local5' | 'local6' | 'local7';

export type Severity = 'emerg' | 'alert' | 'crit' | 'err' | 'warning' | 'notice' | 'info' | 'debug';

export interface SyslogMessage {
  readonly facility: Facility;
  readonly severity: Severity;
  /** The syslog tag without pid and colon: "postfix/smtpd", "dovecot", "kernel". */
  readonly tag: string;
  readonly pid?: number;
  readonly message: string;
}

export interface SyslogOptions {
  readonly fs: FileSystem;
  /** The host name as gethostname() gives it; rsyslog logs its first label. */
  readonly hostname: () => string;
  /** Wall-clock ms since the epoch; a fractional part gives the microseconds of the timestamps. */
  readonly now: () => number;
  /** 'UTC' (default), 'Europe/Paris'... (see time-zone.ts). */
  readonly timeZone?: string;
  /** Lines for `*.emerg :omusrmsg:*` (a wall message to every terminal), if the host wants them. */
  readonly onUserMessage?: (line: string) => void;
}

const ROOT: Credentials = { uid: 0, gid: 0, groups: [] };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const decoder = new TextDecoder();

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * What rsyslog does to a message on reception: one trailing LF dropped
 * ($DropTrailingLFOnReception), other control characters written as '#' and three octal digits
 * ($EscapeControlCharactersOnReceive, tabs included): "a\tb" -> "a#011b".
 */
export function sanitizeMessage(message: string): string {
  const m = message.endsWith('\n') ? message.slice(0, -1) : message;
  return m.replace(/[\x00-\x1f\x7f]/g, (c) => '#' + c.charCodeAt(0).toString(8).padStart(3, '0'));
}

/** date-rfc3339 with microseconds: 2026-11-22T03:33:55.272949+00:00 */
export function rfc3339Timestamp(ms: number, zone: string): string {
  const totalUs = Math.round(ms * 1000);
  const secondMs = Math.floor(totalUs / 1_000_000) * 1000;
  const micros = totalUs - secondMs * 1000;
  const t = localTime(zone, secondMs);
  return `${t.year}-${pad2(t.month + 1)}-${pad2(t.day)}T${pad2(t.hours)}:${pad2(t.minutes)}:${pad2(t.seconds)}.${String(micros).padStart(6, '0')}${formatOffset(t.offsetMinutes)}`;
}

/** RFC 3164 timestamp: "Nov  7 15:10:33" (day padded with a space). */
export function traditionalTimestamp(ms: number, zone: string): string {
  const t = localTime(zone, Math.floor(Math.round(ms * 1000) / 1_000_000) * 1000);
  return `${MONTHS[t.month]} ${String(t.day).padStart(2, ' ')} ${pad2(t.hours)}:${pad2(t.minutes)}:${pad2(t.seconds)}`;
}

export class Syslog {
  private readonly opts: SyslogOptions;
  private config: RsyslogConfig | null = null;
  /** rsyslog.service running; a stopped daemon drops messages (nothing buffers them here). */
  active = true;

  constructor(opts: SyslogOptions) {
    this.opts = opts;
    this.reload();
  }

  /** Re-read /etc/rsyslog.conf and its includes (systemctl restart/reload rsyslog, SIGHUP). */
  reload(): void {
    const fs = this.opts.fs;
    this.config = loadRsyslogConfig({
      readFile: (path) => {
        const r = fs.readFile(path, ROOT);
        return r.ok ? decoder.decode(r.value) : null;
      },
      listDir: (path) => {
        const r = fs.readdir(path, ROOT);
        return r.ok ? r.value.map((e) => e.name) : null;
      },
    });
  }

  /** Whether a configuration is loaded (rsyslog installed). */
  get configured(): boolean {
    return this.config !== null;
  }

  log(msg: SyslogMessage): void {
    if (!this.active || !this.config) return;
    const facility = FACILITIES[msg.facility] ?? FACILITIES.user;
    const severity = SEVERITIES[msg.severity] ?? SEVERITIES.notice;
    const host = this.opts.hostname().split('.')[0];
    const syslogtag = msg.pid === undefined ? `${msg.tag}:` : `${msg.tag}[${msg.pid}]:`;
    const text = sanitizeMessage(msg.message);
    // %msg:::sp-if-no-1st-sp%: the tag and the message are separated by exactly one added space.
    const body = `${syslogtag}${text.startsWith(' ') ? '' : ' '}${text}`;
    const props = { msg: text, programname: programName(msg.tag), syslogtag, hostname: host };
    const ms = this.opts.now();
    const zone = this.opts.timeZone ?? 'UTC';
    for (const rule of this.config.rules) {
      if (!ruleMatches(rule, facility, severity, props)) continue;
      const action = rule.action;
      if (action.kind === 'stop') break;
      if (action.kind === 'users') {
        this.opts.onUserMessage?.(`${traditionalTimestamp(ms, zone)} ${host} ${body}`);
        continue;
      }
      if (action.kind !== 'file') continue;
      const stamp = action.template === 'RSYSLOG_TraditionalFileFormat' ? traditionalTimestamp(ms, zone) : rfc3339Timestamp(ms, zone);
      this.append(action, `${stamp} ${host} ${body}\n`);
    }
  }

  private append(action: FileAction, line: string): void {
    const fs = this.opts.fs;
    // One path walk per line when the log exists (the common case, a hot path for busy daemons).
    if (fs.writeFile(action.path, line, ROOT, { append: true, noCreate: true }).ok) return;
    if (!fs.lstat(action.path, ROOT).ok) {
      // $CreateDirs on: missing directories are made with $DirCreateMode.
      const dir = action.path.slice(0, action.path.lastIndexOf('/')) || '/';
      fs.mkdir(dir, ROOT, { parents: true, mode: action.dirCreateMode });
      if (!fs.writeFile(action.path, '', ROOT, { mode: action.fileCreateMode }).ok) return;
      const db = UserDb.load(fs);
      const uid = idOf(action.fileOwner, (n) => db.userByName(n)?.uid);
      const gid = idOf(action.fileGroup, (n) => db.groupByName(n)?.gid);
      fs.chown(action.path, uid ?? -1, gid ?? -1, ROOT);
      // rsyslog sets the mode explicitly after open, so the umask does not narrow it.
      fs.chmod(action.path, action.fileCreateMode, ROOT);
    }
    fs.writeFile(action.path, line, ROOT, { append: true });
  }
}

/** A user or group name (or number) to its id, as rsyslog resolves $FileOwner/$FileGroup. */
function idOf(name: string, lookup: (name: string) => number | undefined): number | null {
  if (/^\d+$/.test(name)) return Number(name);
  return lookup(name) ?? null;
}

/** %programname%: the tag up to '[', ':' or '/' (parser.permitSlashInProgramName off). */
function programName(tag: string): string {
  const m = /^[^[:/]*/.exec(tag);
  return m ? m[0] : tag;
}
