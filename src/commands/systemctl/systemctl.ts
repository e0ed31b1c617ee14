// systemctl(1) of systemd 252 (Debian 12) for service units: start, stop, restart, try-restart,
// reload, reload-or-restart, status, is-active, is-enabled, is-failed, enable, disable (with
// --now), list-units, list-unit-files, cat, daemon-reload, reset-failed. Errors and their exit
// statuses are systemd's: 5 for an unknown unit to start, 4 for status, 3 for an inactive one.
// A user other than root gets polkit's refusal (no agent answers in a terminal lab).
import type { Process, Program } from '../../os/program.ts';
import type { Credentials, FileSystem } from '../../os/fs/types.ts';
import { servicesOf } from '../../os/services/host-services.ts';
import type { JobResult, ServiceManager, UnitStatus } from '../../os/services/service-manager.ts';
import { normalizeUnitName, unitFileText, UNIT_DIR } from '../../os/services/unit.ts';
import { UserDb } from '../../os/users/user-db.ts';
import { getopt, long } from '../lib/getopt.ts';
import { localeOf } from '../lib/locale.ts';
import { glyph, HIGHLIGHT_RED, NORMAL, renderStatus, stateDot } from './status.ts';

export const SYSTEMD_VERSION =
  'systemd 252 (252.38-1~deb12u1)\n' +
  '+PAM +AUDIT +SELINUX +APPARMOR +IMA +SMACK +SECCOMP +GCRYPT -GNUTLS +OPENSSL +ACL +BLKID +CURL +ELFUTILS +FIDO2 +IDN2 -IDN +IPTC +KMOD +LIBCRYPTSETUP +LIBFDISK +PCRE2 -PWQUALITY +P11KIT +QRENCODE +TPM2 +BZIP2 +LZ4 +XZ +ZLIB +ZSTD -BPF_FRAMEWORK -XKBCOMMON +UTMP +SYSVINIT default-hierarchy=unified\n';

const HELP = `systemctl [OPTIONS...] COMMAND ...

Query or send control commands to the system manager.

Unit Commands:
  list-units [PATTERN...]             List units currently in memory
  status [PATTERN...|PID...]          Show runtime status of one or more units
  cat PATTERN...                      Show files and drop-ins of specified units
  start UNIT...                       Start (activate) one or more units
  stop UNIT...                        Stop (deactivate) one or more units
  reload UNIT...                      Reload one or more units
  restart UNIT...                     Start or restart one or more units
  try-restart UNIT...                 Restart one or more units if active
  reload-or-restart UNIT...           Reload one or more units if possible,
                                      otherwise start or restart
  is-active PATTERN...                Check whether units are active
  is-failed PATTERN...                Check whether units are failed
  reset-failed [PATTERN...]           Reset failed state for all, one, or more
                                      units

Unit File Commands:
  list-unit-files [PATTERN...]        List installed unit files
  enable [UNIT...|PATH...]            Enable one or more unit files
  disable UNIT...                     Disable one or more unit files
  is-enabled UNIT...                  Check whether unit files are enabled

Manager State Commands:
  daemon-reload                       Reload systemd manager configuration

Options:
  -h --help              Show this help
     --version           Show package version
  -t --type=TYPE         List units of a particular type
  -a --all               Show all properties/all units currently in memory,
                         including dead/empty ones
  -l --full              Don't ellipsize unit names on output
  -q --quiet             Suppress output
     --no-block          Do not wait until operation finished
     --no-legend         Do not print a legend (column headers and hints)
     --no-pager          Do not pipe output into a pager
  -n --lines=INTEGER     Number of journal entries to show
     --now               Start or stop unit after enabling or disabling it

See the systemctl(1) man page for details.
`;

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };

/** Verbs that change the system: polkit asks a non-root caller to authenticate. */
const PRIVILEGED = new Set(['start', 'stop', 'restart', 'try-restart', 'reload', 'reload-or-restart', 'enable', 'disable', 'daemon-reload', 'reset-failed']);

/** Job results systemctl explains with the unit's Result= (log_job_error_with_service_result). */
const EXPLANATIONS: Readonly<Record<string, string>> = {
  resources: 'of unavailable resources or another system error',
  timeout: 'a timeout was exceeded',
  'exit-code': 'the control process exited with error code',
  signal: 'a fatal signal was delivered to the control process',
  'core-dump': 'a fatal signal was delivered causing the control process to dump core',
};

interface Options {
  quiet: boolean;
  all: boolean;
  full: boolean;
  legend: boolean;
  now: boolean;
  lines: number;
  type: string | null;
}

class Out {
  constructor(readonly proc: Process) {}
  out(s: string): void {
    this.proc.stdout.write(s);
  }
  err(s: string): void {
    this.proc.stderr.write(s);
  }
}

export const systemctl: Program = (proc) => runSystemctl(proc, proc.argv.slice(1));

/** systemctl with these arguments, in this process (service(8) and the init scripts call it). */
export async function runSystemctl(proc: Process, args: readonly string[]): Promise<number> {
  const io = new Out(proc);
  const loc = localeOf(proc.env, 'LC_MESSAGES');
  const parsed = getopt(
    args,
    {
      short: 'ht:aqln:f',
      long: [
        long('help', 'none', 'h'), long('version'), long('type', 'required', 't'), long('all', 'none', 'a'),
        long('quiet', 'none', 'q'), long('full', 'none', 'l'), long('lines', 'required', 'n'), long('no-pager'),
        long('no-legend'), long('no-block'), long('now'), long('system'), long('force', 'none', 'f'), long('plain'),
        long('state', 'required'),
      ],
    },
    'systemctl',
    loc,
    proc.env,
  );
  if (!parsed.ok) {
    io.err(parsed.message);
    return 1;
  }
  const o: Options = { quiet: false, all: false, full: false, legend: true, now: false, lines: 10, type: null };
  for (const opt of parsed.options) {
    switch (opt.key) {
      case 'h':
        io.out(HELP);
        return 0;
      case 'version':
        io.out(SYSTEMD_VERSION);
        return 0;
      case 't':
        o.type = opt.arg ?? null;
        break;
      case 'a':
        o.all = true;
        break;
      case 'q':
        o.quiet = true;
        break;
      case 'l':
        o.full = true;
        break;
      case 'no-legend':
        o.legend = false;
        break;
      case 'now':
        o.now = true;
        break;
      case 'n': {
        const n = Number(opt.arg);
        if (!/^\d+$/.test(opt.arg ?? '')) {
          io.err(`Failed to parse lines '${opt.arg}'\n`);
          return 1;
        }
        o.lines = n;
        break;
      }
      default:
        break;
    }
  }
  const sm = servicesOf(proc.host);
  if (sm === null) {
    io.err("System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down\n");
    return 1;
  }
  const [verb = 'list-units', ...units] = parsed.operands;
  if (PRIVILEGED.has(verb) && proc.cred.uid !== 0) return denied(io, sm, verb, units);
  switch (verb) {
    case 'start':
    case 'stop':
    case 'restart':
    case 'try-restart':
    case 'reload':
    case 'reload-or-restart':
    case 'force-reload':
      return jobs(io, sm, verb, units, o);
    case 'status':
      return status(proc, io, sm, units, o);
    case 'is-active':
    case 'is-failed':
      return isActive(io, sm, verb, units, o);
    case 'is-enabled':
      return isEnabled(io, sm, units, o);
    case 'enable':
    case 'disable':
      return enableDisable(proc, io, sm, verb, units, o);
    case 'list-units':
      return listUnits(proc, io, sm, units, o);
    case 'list-unit-files':
      return listUnitFiles(io, sm, o);
    case 'cat':
      return cat(io, sm, units, proc.host.fs);
    case 'daemon-reload':
      return 0;
    case 'reset-failed':
      for (const u of units.length > 0 ? units : sm.list().map((s) => s.name)) sm.resetFailed(u);
      return 0;
    default:
      io.err(`Unknown command verb ${verb}.\n`);
      return 1;
  }
}

function needUnits(io: Out, verb: string, units: readonly string[]): boolean {
  if (units.length > 0) return true;
  io.err(`Too few arguments.\n`);
  void verb;
  return false;
}

function denied(io: Out, sm: ServiceManager, verb: string, units: readonly string[]): number {
  if (verb === 'enable' || verb === 'disable') {
    io.err(`Failed to ${verb} unit: Interactive authentication required.\n`);
    return 1;
  }
  if (verb === 'daemon-reload' || verb === 'reset-failed') {
    io.err(`Failed to ${verb === 'daemon-reload' ? 'reload daemon' : 'reset failed state'}: Interactive authentication required.\n`);
    return 1;
  }
  if (units.length === 0) {
    io.err('Too few arguments.\n');
    return 1;
  }
  const name = normalizeUnitName(units[0]);
  const action = verb === 'force-reload' || verb === 'reload-or-restart' ? 'reload-or-restart' : verb;
  // The unit is loaded before polkit is asked: an unknown one fails as for root.
  if (sm.resolve(name) === null) return notFound(io, verb, name);
  io.err(`Failed to ${action} ${name}: Interactive authentication required.\nSee system logs and 'systemctl status ${name}' for details.\n`);
  return 1;
}

function notFound(io: Out, verb: string, name: string): number {
  if (verb === 'stop') io.err(`Failed to stop ${name}: Unit ${name} not loaded.\n`);
  else io.err(`Failed to ${verb === 'force-reload' ? 'reload-or-restart' : verb} ${name}: Unit ${name} not found.\n`);
  return 5;
}

async function jobs(io: Out, sm: ServiceManager, verb: string, units: readonly string[], o: Options): Promise<number> {
  if (!needUnits(io, verb, units)) return 1;
  let rc = 0;
  for (const u of units) {
    const name = normalizeUnitName(u);
    const canonical = sm.resolve(name);
    if (canonical === null) {
      rc = notFound(io, verb, name);
      continue;
    }
    let r: JobResult;
    switch (verb) {
      case 'start':
        r = await sm.start(canonical);
        break;
      case 'stop':
        r = await sm.stop(canonical);
        break;
      case 'restart':
        r = await sm.restart(canonical);
        break;
      case 'try-restart':
        r = await sm.tryRestart(canonical);
        break;
      case 'reload':
        r = await sm.reload(canonical);
        break;
      default: {
        // reload-or-restart: reload when it is running and can, else (re)start.
        const def = sm.definition(canonical);
        const reloadable = def !== undefined && def.reloadSignal !== null;
        r = sm.isActive(canonical) && reloadable ? await sm.reload(canonical) : await sm.restart(canonical);
      }
    }
    const code = jobOutcome(io, sm, verb, name, canonical, r, o);
    if (code !== 0) rc = code;
  }
  return rc;
}

function jobOutcome(io: Out, sm: ServiceManager, verb: string, name: string, canonical: string, r: JobResult, o: Options): number {
  switch (r) {
    case 'done':
    case 'skipped':
      return 0;
    case 'not-found':
      return notFound(io, verb, name);
    case 'not-active':
      if (!o.quiet) io.err(`${canonical} is not active, cannot reload.\n`);
      return 1;
    case 'not-reloadable':
      io.err(`Failed to reload ${name}: Job type reload is not applicable for unit ${canonical}.\n`);
      return 1;
    case 'canceled':
      if (!o.quiet) io.err(`Job for ${canonical} canceled.\n`);
      return 1;
    case 'timeout':
      if (!o.quiet) io.err(`Job for ${canonical} timed out.\n`);
      return 1;
    default: {
      if (o.quiet) return 1;
      const result = sm.status(canonical)?.result ?? 'success';
      const why = EXPLANATIONS[result];
      const head = why !== undefined ? `Job for ${canonical} failed because ${why}.` : `Job for ${canonical} failed.`;
      io.err(`${head}\nSee "systemctl status ${canonical}" and "journalctl -xeu ${canonical}" for details.\n`);
      return 1;
    }
  }
}

function timeZone(proc: Process): string {
  const tz = proc.env.get('TZ');
  if (tz !== undefined && tz !== '') return tz.replace(/^:/, '');
  const r = proc.host.fs.readFile('/etc/timezone', ROOT);
  return r.ok ? new TextDecoder().decode(r.value).trim() || 'UTC' : 'UTC';
}

/** Root and the members of adm/systemd-journal read the system journal. */
function mayReadJournal(proc: Process): boolean {
  if (proc.cred.uid === 0) return true;
  const db = UserDb.load(proc.host.fs);
  const gids = [proc.cred.gid, ...proc.cred.groups];
  return ['adm', 'systemd-journal'].some((n) => {
    const g = db.groupByName(n);
    return g !== undefined && gids.includes(g.gid);
  });
}

/** Cuts each line to the terminal width as `less -S` (systemctl's pager) shows it. */
function chop(text: string, columns: number): string {
  return text
    .split('\n')
    .map((line) => {
      let visible = 0;
      let out = '';
      for (let i = 0; i < line.length; i++) {
        const esc = /^\x1b\[[0-9;]*m/.exec(line.slice(i));
        if (esc !== null) {
          out += esc[0];
          i += esc[0].length - 1;
          continue;
        }
        if (visible >= columns) continue;
        out += line[i];
        visible++;
      }
      return out;
    })
    .join('\n');
}

function status(proc: Process, io: Out, sm: ServiceManager, units: readonly string[], o: Options): number {
  const tty = proc.stdout.tty;
  const locCtype = localeOf(proc.env, 'LC_CTYPE');
  const locTime = localeOf(proc.env, 'LC_TIME');
  const style = {
    nowMs: proc.host.wallTimeMs(),
    color: tty !== null && proc.env.get('SYSTEMD_COLORS') !== '0' && proc.env.get('TERM') !== 'dumb',
    utf8: locCtype.utf8,
    fr: locTime.fr,
    zone: timeZone(proc),
    journal: mayReadJournal(proc),
    lines: o.lines,
  };
  if (units.length === 0) {
    io.out(systemStatus(proc, sm, style.color, style.utf8));
    return 0;
  }
  let rc = 0;
  let first = true;
  for (const u of units) {
    const name = normalizeUnitName(u);
    const st = sm.status(name);
    if (st === undefined) {
      io.err(`Unit ${name} could not be found.\n`);
      rc = 4;
      continue;
    }
    let text = renderStatus(st, style);
    if (tty !== null && !o.full) text = chop(text, tty.columns);
    if (!first) io.out('\n');
    first = false;
    io.out(text);
    if (rc === 0 && st.activeState !== 'active' && st.activeState !== 'reloading') rc = 3;
  }
  return rc;
}

/** `systemctl status` without a unit: the machine's summary. */
function systemStatus(proc: Process, sm: ServiceManager, color: boolean, utf8: boolean): string {
  const failed = sm.list().filter((s) => s.activeState === 'failed').length;
  const state = failed > 0 ? 'degraded' : 'running';
  const dot = failed > 0 ? (color ? `${HIGHLIGHT_RED}${glyph(utf8, 'black-circle')}${NORMAL}` : glyph(utf8, 'black-circle')) : stateDot('active', { color, utf8 });
  const stateText = failed > 0 && color ? `${HIGHLIGHT_RED}${state}${NORMAL}` : state;
  return (
    `${dot} ${proc.host.hostname}\n` +
    `    State: ${stateText}\n` +
    `    Units: ${sm.list().length} loaded (incl. loaded aliases)\n` +
    `     Jobs: 0 queued\n` +
    `   Failed: ${failed} units\n` +
    `  systemd: 252.38-1~deb12u1\n` +
    `   CGroup: /\n`
  );
}

function isActive(io: Out, sm: ServiceManager, verb: string, units: readonly string[], o: Options): number {
  if (!needUnits(io, verb, units)) return 1;
  let any = false;
  for (const u of units) {
    const state = sm.activeState(u);
    if (!o.quiet) io.out(state + '\n');
    if (verb === 'is-active' ? state === 'active' || state === 'reloading' : state === 'failed') any = true;
  }
  return any ? 0 : verb === 'is-active' ? 3 : 1;
}

function isEnabled(io: Out, sm: ServiceManager, units: readonly string[], o: Options): number {
  if (!needUnits(io, 'is-enabled', units)) return 1;
  let any = false;
  let rc = 0;
  for (const u of units) {
    const name = normalizeUnitName(u);
    if (sm.resolve(name) === null) {
      io.err(`Failed to get unit file state for ${name}: No such file or directory\n`);
      rc = 1;
      continue;
    }
    const enabled = sm.isEnabled(name);
    if (!o.quiet) io.out(`${enabled ? 'enabled' : 'disabled'}\n`);
    if (enabled) any = true;
  }
  return rc !== 0 ? rc : any ? 0 : 1;
}

async function enableDisable(proc: Process, io: Out, sm: ServiceManager, verb: 'enable' | 'disable', units: readonly string[], o: Options): Promise<number> {
  if (units.length === 0) {
    io.err('Too few arguments.\n');
    return 1;
  }
  const utf8 = localeOf(proc.env, 'LC_CTYPE').utf8;
  const names: string[] = [];
  for (const u of units) {
    const name = normalizeUnitName(u);
    const canonical = sm.resolve(name);
    if (canonical === null) {
      io.err(`Failed to ${verb} unit: Unit file ${name} does not exist.\n`);
      return 1;
    }
    names.push(canonical);
  }
  for (const name of names) {
    const def = sm.definition(name)!;
    if (def.initScript !== undefined && !o.quiet) {
      // Debian's systemctl keeps the SysV runlevel links in step (systemd-sysv-install).
      const script = def.initScript.slice(def.initScript.lastIndexOf('/') + 1);
      io.err(`Synchronizing state of ${name} with SysV service script with /lib/systemd/systemd-sysv-install.\n`);
      io.err(`Executing: /lib/systemd/systemd-sysv-install ${verb} ${script}\n`);
    }
    if (verb === 'enable') {
      for (const [link, target] of sm.enable(name) ?? []) {
        if (!o.quiet) io.err(`Created symlink ${link} ${glyph(utf8, 'arrow')} ${target}.\n`);
      }
    } else {
      for (const link of sm.disable(name) ?? []) if (!o.quiet) io.err(`Removed "${link}".\n`);
    }
  }
  if (o.now) return jobs(io, sm, verb === 'enable' ? 'start' : 'stop', names, o);
  return 0;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function listUnits(proc: Process, io: Out, sm: ServiceManager, patterns: readonly string[], o: Options): number {
  const color = proc.stdout.tty !== null;
  const utf8 = localeOf(proc.env, 'LC_CTYPE').utf8;
  const typeOk = o.type === null || o.type.split(',').includes('service');
  const rows: UnitStatus[] = typeOk
    ? sm.list().filter((s) => (o.all || s.activeState !== 'inactive') && matches(s.name, patterns))
    : [];
  if (rows.length > 0) {
    const w = [
      Math.max(4, ...rows.map((r) => r.name.length)),
      6,
      Math.max(6, ...rows.map((r) => r.activeState.length)),
      Math.max(3, ...rows.map((r) => r.subState.length)),
    ];
    if (o.legend) io.out(`  ${pad('UNIT', w[0])} ${pad('LOAD', w[1])} ${pad('ACTIVE', w[2])} ${pad('SUB', w[3])} DESCRIPTION\n`);
    for (const r of rows) {
      const failed = r.activeState === 'failed';
      const mark = failed ? (color ? `${HIGHLIGHT_RED}${glyph(utf8, 'black-circle')}${NORMAL} ` : `${glyph(utf8, 'black-circle')} `) : '  ';
      const cols = `${pad(r.name, w[0])} ${pad('loaded', w[1])} ${pad(r.activeState, w[2])} ${pad(r.subState, w[3])}`;
      io.out(`${mark}${failed && color ? HIGHLIGHT_RED + cols + NORMAL : cols} ${r.description}\n`);
    }
  }
  if (o.legend) {
    if (rows.length > 0) {
      io.out(
        '\nLOAD   = Reflects whether the unit definition was properly loaded.\n' +
          'ACTIVE = The high-level unit activation state, i.e. generalization of SUB.\n' +
          'SUB    = The low-level unit activation state, values depend on unit type.\n',
      );
    }
    io.out(`${rows.length} loaded units listed.${o.all ? '' : ' Pass --all to see loaded but inactive units, too.'}\n`);
    io.out("To show all installed unit files use 'systemctl list-unit-files'.\n");
  }
  return 0;
}

function matches(name: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((p) => {
    const re = new RegExp('^' + p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
    return re.test(name) || re.test(name.replace(/\.service$/, ''));
  });
}

function listUnitFiles(io: Out, sm: ServiceManager, o: Options): number {
  const rows = sm.list();
  const w0 = Math.max(9, ...rows.map((r) => r.name.length));
  if (o.legend) io.out(`${pad('UNIT FILE', w0)} STATE    PRESET \n`);
  for (const r of rows) io.out(`${pad(r.name, w0)} ${pad(r.unitFileState, 8)} ${r.preset}\n`);
  if (o.legend) io.out(`\n${rows.length} unit files listed.\n`);
  return 0;
}

function cat(io: Out, sm: ServiceManager, units: readonly string[], fs: FileSystem): number {
  if (units.length === 0) {
    io.err('Too few arguments.\n');
    return 1;
  }
  let rc = 0;
  units.forEach((u, i) => {
    const name = normalizeUnitName(u);
    const def = sm.definition(name);
    if (def === undefined) {
      io.err(`No files found for ${name}.\n`);
      rc = 1;
      return;
    }
    if (i > 0) io.out('\n');
    const path = `${UNIT_DIR}/${def.name}`;
    const file = fs.readFile(path, ROOT);
    io.out(`# ${path}\n${file.ok ? new TextDecoder().decode(file.value) : unitFileText(def)}`);
  });
  return rc;
}
