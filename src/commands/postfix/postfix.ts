// postfix(1) of Postfix 3.7.11 with Debian's postfix-script: start, stop, reload, abort, flush,
// check, status, set-permissions, upgrade-configuration. postfix-script speaks through
// postlog(1): its lines ("postfix/postfix-script: starting the Postfix mail system") reach
// stderr only when stderr is a terminal, and mail.log always. The postfix command's own fatal
// errors (bad main.cf) go to stderr and to syslog as "postfix[PID]: fatal: ...".
// "Is the master running" (master -t) is the pid in $queue_directory/pid/master.pid naming a
// live process, or the postfix.service unit being active; start/stop go through the unit.
import type { Credentials, FileSystem } from '../../os/fs/types.ts';
import { postfixCreateMissing } from '../../os/packages/definitions/postfix-postinst.ts';
import { SIGHUP, SIGTERM, type Process, type Program } from '../../os/program.ts';
import { servicesOf, syslogOf } from '../../os/services/host-services.ts';
import type { Severity } from '../../os/syslog/syslog.ts';
import { compareLevels } from '../../services/postfix/config/expand.ts';
import { globalParameterError, type PostfixConfig } from '../../services/postfix/config/main-cf.ts';
import { readMasterCf } from '../../services/postfix/config/master-cf.ts';
import { unusedWarnings } from '../postconf/postconf.ts';
import { configDir, loadMainCf, mainCfMissing } from '../postconf/postfix-env.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
const UNIT = 'postfix.service';
const POSTCONF = '/usr/sbin/postconf';
const USAGE = 'usage: postfix [-c config_dir] [-Dv] command';
const UNKNOWN =
  "Usage: postfix start (or stop, reload, abort, flush, check, status, set-permissions, upgrade-configuration, logrotate)";
/** How many postconf runs postfix-script makes (each repeats main.cf's "unused parameter" warnings). */
const POSTCONF_RUNS_CHECK = 20;
/** Postfix 3.7's LAST_COMPAT_LEVEL: lower levels make the postfix command say so. */
const LAST_COMPAT_LEVEL = '3.6';

/** postlog -t postfix/postfix-script -p LEVEL: stderr on a terminal, syslog always. */
function postlog(proc: Process, level: 'info' | 'warn' | 'fatal', text: string): void {
  const prefix = level === 'info' ? '' : level === 'warn' ? 'warning: ' : 'fatal: ';
  const severity: Severity = level === 'info' ? 'info' : level === 'warn' ? 'warning' : 'crit';
  if (proc.stderr.tty !== null) proc.stderr.write(`postfix/postfix-script: ${prefix}${text}\n`);
  syslogOf(proc.host)?.log({ facility: 'mail', severity, tag: 'postfix/postfix-script', pid: proc.pid, message: prefix + text });
}

/** The postfix command's own msg(3) output: stderr, and syslog (it opens the log as "postfix"). */
function commandMessage(proc: Process, severity: Severity, text: string): void {
  proc.stderr.write(`postfix: ${text}\n`);
  syslogOf(proc.host)?.log({ facility: 'mail', severity, tag: 'postfix', pid: proc.pid, message: text });
}

function commandFatal(proc: Process, text: string): number {
  commandMessage(proc, 'crit', `fatal: ${text}`);
  return 1;
}

/** `master -t`: the running master's pid, or null. */
export function runningMasterPid(proc: Process, queueDirectory = '/var/spool/postfix'): number | null {
  const r = proc.host.fs.readFile(`${queueDirectory}/pid/master.pid`, ROOT);
  if (r.ok) {
    const pid = Number.parseInt(new TextDecoder().decode(r.value).trim(), 10);
    const p = Number.isFinite(pid) && pid > 0 ? proc.host.processes.get(pid) : undefined;
    // A stale file may name a pid reused by another program: only a live master counts.
    if (p !== undefined && p.state !== 'Z' && p.comm === 'master') return pid;
  }
  const sm = servicesOf(proc.host);
  if (sm !== null && sm.isActive(UNIT)) {
    const pid = sm.status(UNIT)?.mainPid ?? 0;
    if (pid > 0) return pid;
  }
  return null;
}

interface Parsed {
  readonly dir: string | null;
  readonly command: string | null;
  readonly rest: readonly string[];
}

/** Options as getopt("c:Dv") reads them; a string is glibc getopt's complaint. */
function parseArgs(argv: readonly string[]): Parsed | string {
  let dir: string | null = null;
  let k = 1;
  for (; k < argv.length; k++) {
    const a = argv[k];
    if (a === '--') {
      k++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let c = 1; c < a.length; c++) {
      const ch = a[c];
      if (ch === 'c') {
        const v = c + 1 < a.length ? a.slice(c + 1) : argv[++k];
        if (v === undefined) return "option requires an argument -- 'c'";
        dir = v;
        break;
      }
      if (ch !== 'D' && ch !== 'v') return `invalid option -- '${ch}'`;
    }
  }
  return { dir, command: argv[k] ?? null, rest: argv.slice(k + 1) };
}

export const postfix: Program = async (proc) => {
  const parsed = parseArgs(proc.argv);
  if (typeof parsed === 'string') {
    proc.stderr.write(`postfix: ${parsed}\n`);
    return commandFatal(proc, USAGE);
  }
  if (parsed.dir !== null && !parsed.dir.startsWith('/')) return commandFatal(proc, '-c requires absolute pathname');
  const dir = configDir(proc, parsed.dir);
  const missing = mainCfMissing(proc, dir);
  if (missing !== null) return commandFatal(proc, missing);
  const cfg = loadMainCf(proc, dir);
  if (cfg.fatal !== null) return commandFatal(proc, cfg.fatal);
  if (proc.realCred.uid !== 0) {
    commandMessage(proc, 'err', 'error: to submit mail, use the Postfix sendmail command');
    return commandFatal(proc, 'the postfix command is reserved for the superuser');
  }
  if (compareLevels(cfg.get('compatibility_level'), LAST_COMPAT_LEVEL) < 0) {
    commandMessage(proc, 'info', 'Postfix is using backwards-compatible default settings');
    commandMessage(proc, 'info', 'See https://www.postfix.org/COMPATIBILITY_README.html for details');
    commandMessage(proc, 'info', `To disable backwards compatibility use "postconf compatibility_level=${LAST_COMPAT_LEVEL}" and "postfix reload"`);
  }
  const queue = cfg.get('queue_directory') || '/var/spool/postfix';

  // The script's prologue runs postconf: master.cf problems and unused parameters show here.
  const master = readMasterCf(proc.host.fs, `${dir}/master.cf`);
  const postconfWarnings = (runs: number): void => {
    const lines = unusedWarnings(cfg, master.services, dir);
    for (let r = 0; r < runs; r++) for (const l of lines) proc.stderr.write(`${POSTCONF}: warning: ${l}\n`);
  };
  if (!master.ok) {
    if (master.error.startsWith('open ')) proc.stderr.write(`${POSTCONF}: warning: ${master.error}\n`);
    else {
      proc.stderr.write(`${POSTCONF}: fatal: ${master.error}\n`);
      postlog(proc, 'fatal', `cannot execute ${POSTCONF}!`);
      return 1;
    }
  }

  const command = parsed.command ?? '';
  // postsuper, run by check-fatal and reload, dies on what mail_params_init() rejects.
  const postsuperOk = (): boolean => {
    const bad = globalParameterError(cfg);
    if (bad === null) return true;
    proc.stderr.write(`postsuper: fatal: ${bad}\n`);
    syslogOf(proc.host)?.log({ facility: 'mail', severity: 'crit', tag: 'postfix/postsuper', pid: proc.pid, message: `fatal: ${bad}` });
    return false;
  };
  const running = (): number | null => runningMasterPid(proc, queue);
  switch (command) {
    case 'status': {
      postconfWarnings(1);
      const pid = running();
      if (pid === null) {
        postlog(proc, 'info', 'the Postfix mail system is not running');
        return 1;
      }
      postlog(proc, 'info', `the Postfix mail system is running: PID: ${pid}`);
      return 0;
    }
    case 'start':
    case 'start-fg': {
      if (running() !== null) {
        postconfWarnings(1);
        postlog(proc, 'fatal', 'the Postfix mail system is already running');
        return 1;
      }
      postconfWarnings(POSTCONF_RUNS_CHECK);
      if (!checkFatal(proc, dir, queue) || !postsuperOk()) {
        postlog(proc, 'fatal', 'Postfix integrity check failed!');
        return 1;
      }
      checkWarn(proc, cfg, dir, queue);
      postlog(proc, 'info', 'starting the Postfix mail system');
      const sm = servicesOf(proc.host);
      const result = sm === null ? 'failed' : await sm.start(UNIT);
      if (result !== 'done' || running() === null) {
        postlog(proc, 'fatal', 'mail system startup failed');
        return 1;
      }
      return 0;
    }
    case 'stop':
    case 'abort':
    case 'drain':
    case 'quick-stop': {
      postconfWarnings(1);
      const pid = running();
      if (pid === null) {
        postlog(proc, 'fatal', 'the Postfix mail system is not running');
        return 1;
      }
      postlog(proc, 'info', command === 'abort' ? 'aborting the Postfix mail system' : 'stopping the Postfix mail system');
      const sm = servicesOf(proc.host);
      if (sm !== null && sm.isActive(UNIT) && sm.status(UNIT)?.mainPid === pid) await sm.stop(UNIT);
      else proc.kill(pid, command === 'drain' ? 9 : SIGTERM);
      if (command === 'quick-stop') proc.host.fs.writeFile(`${queue}/quick-start`, '', ROOT, { append: true });
      return 0;
    }
    case 'reload': {
      postconfWarnings(1);
      const pid = running();
      if (pid === null) {
        postlog(proc, 'fatal', 'the Postfix mail system is not running');
        return 1;
      }
      postlog(proc, 'info', 'refreshing the Postfix mail system');
      if (!postsuperOk()) return 1;
      proc.kill(pid, SIGHUP);
      return 0;
    }
    case 'flush': {
      postconfWarnings(1);
      const child = proc.spawn(['/usr/sbin/postqueue', '-f'], { path: '/usr/sbin/postqueue' });
      return 'error' in child ? 1 : child.wait();
    }
    case 'check': {
      postconfWarnings(POSTCONF_RUNS_CHECK);
      if (!checkFatal(proc, dir, queue) || !postsuperOk()) return 1;
      checkWarn(proc, cfg, dir, queue);
      return 0;
    }
    case 'logrotate': {
      postconfWarnings(1);
      if (parsed.rest.length > 0) {
        postlog(proc, 'fatal', `usage postfix ${command} (no arguments)`);
        return 1;
      }
      // Debian logs through rsyslog: maillog_file is empty, so there is nothing to rotate.
      for (const name of ['maillog_file', 'maillog_file_compressor', 'maillog_file_rotate_suffix']) {
        if (cfg.get(name) === '') {
          postlog(proc, 'fatal', `empty '${name}' parameter value - logfile rotation failed`);
          return 1;
        }
      }
      if (cfg.get('maillog_file').startsWith('/dev/')) {
        postlog(proc, 'fatal', `not rotating '${cfg.get('maillog_file')}'`);
        return 1;
      }
      return 0;
    }
    case 'set-permissions':
    case 'upgrade-configuration':
      postconfWarnings(1);
      postfixCreateMissing(proc.host.fs, command === 'set-permissions', queue);
      return 0;
    default:
      postconfWarnings(1);
      postlog(proc, 'fatal', `unknown command: '${command}'. ${UNKNOWN}`);
      return 1;
  }
};

/** postfix-script check-fatal: create missing queue directories, master.cf must exist. */
function checkFatal(proc: Process, dir: string, queue: string): boolean {
  postfixCreateMissing(proc.host.fs, false, queue);
  if (!proc.host.fs.stat(`${dir}/master.cf`, ROOT).ok) {
    postlog(proc, 'fatal', `no ${dir}/master.cf file found`);
    return false;
  }
  return true;
}

interface Found {
  readonly path: string;
  readonly uid: number;
  readonly gid: number;
  readonly mode: number;
  readonly type: string;
}

/** find PATH... (no -prune: recursive), paths printed as find prints them. */
function find(fs: FileSystem, start: string, recurse: boolean): Found[] {
  const out: Found[] = [];
  const walk = (path: string): void => {
    const st = fs.lstat(path, ROOT);
    if (!st.ok) return;
    out.push({ path, uid: st.value.uid, gid: st.value.gid, mode: st.value.mode, type: st.value.type });
    if (!recurse || st.value.type !== 'dir') return;
    const entries = fs.readdir(path, ROOT);
    if (!entries.ok) return;
    for (const e of entries.value) if (e.name !== '.' && e.name !== '..') walk(`${path}/${e.name}`);
  };
  walk(start);
  return out;
}

function idOf(fs: FileSystem, file: string, name: string): number | null {
  const r = fs.readFile(file, ROOT);
  if (!r.ok) return null;
  const row = new TextDecoder().decode(r.value).split('\n').find((l) => l.startsWith(`${name}:`));
  return row === undefined ? null : Number(row.split(':')[2]);
}

/** postfix-script check-warn: ownership and permission warnings, damaged messages. */
function checkWarn(proc: Process, cfg: PostfixConfig, dir: string, queue: string): void {
  const fs = proc.host.fs;
  const w = (text: string): void => postlog(proc, 'warn', text);
  const owner = cfg.get('mail_owner') || 'postfix';
  const group = cfg.get('setgid_group') || 'postdrop';
  const ownerUid = idOf(fs, '/etc/passwd', owner);
  const groupGid = idOf(fs, '/etc/group', group);
  const writable = (f: Found): boolean => (f.mode & 0o022) !== 0;

  const top = [...find(fs, `${queue}/.`, false), ...find(fs, `${queue}/pid`, false)];
  for (const f of top) if (f.uid !== 0) w(`not owned by root: ${f.path}`);
  for (const f of top) if (writable(f)) w(`group or other writable: ${f.path}`);

  const conf = find(fs, `${dir}/.`, true);
  for (const f of conf) if (f.uid !== 0) w(`not owned by root: ${f.path}`);
  for (const f of conf) if (f.type !== 'symlink' && writable(f)) w(`group or other writable: ${f.path}`);

  const data = cfg.get('data_directory') || '/var/lib/postfix';
  const dataTree = find(fs, `${data}/.`, true);
  for (const f of dataTree) if (f.uid !== ownerUid) w(`not owned by ${owner}: ${f.path}`);
  for (const f of dataTree) if (writable(f)) w(`group or other writable: ${f.path}`);

  const owned = ['active', 'bounce', 'corrupt', 'defer', 'deferred', 'flush', 'hold', 'incoming', 'private', 'public', 'saved', 'trace'];
  for (const name of owned) {
    for (const f of find(fs, `${queue}/${name}`, true)) if (f.uid !== ownerUid) w(`not owned by ${owner}: ${f.path}`);
  }
  const maildrop = fs.lstat(`${queue}/maildrop`, ROOT);
  if (maildrop.ok && maildrop.value.uid !== ownerUid) w(`not owned by ${owner}: ${queue}/maildrop`);

  for (const p of ['/usr/sbin/postqueue', '/usr/sbin/postdrop', `${queue}/public`, `${queue}/maildrop`]) {
    const st = fs.lstat(p, ROOT);
    if (st.ok && st.value.gid !== groupGid) w(`not owned by group ${group}: ${p}`);
  }
  for (const p of ['/usr/sbin/postqueue', '/usr/sbin/postdrop']) {
    const st = fs.lstat(p, ROOT);
    if (st.ok && (st.value.mode & 0o2111) !== 0o2111) w(`not set-gid or not owner+group+world executable: ${p}`);
  }
  for (const f of find(fs, `${queue}/corrupt`, true)) if (f.type === 'file') w(`damaged message: ${f.path.slice(queue.length + 1)}`);
}
