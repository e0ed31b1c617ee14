// ps(1) of procps-ng 4.0.2 over the host's process table: `ps` (this terminal's processes),
// `ps aux`/`ps ax`/`ps x` (BSD), `ps -ef`/`-e`/`-f`/`-u USER`/`-p PID` (UNIX), `-o FIELDS`.
// Column widths follow procps on Debian 12 (pid_max 4194304: PID is 7 wide); lines are cut to
// the terminal width when stdout is a terminal. Memory figures are plausible constants per
// program (the simulation has no memory accounting); CPU time is always 0.
import type { Process, Program, ProcessInfo } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { UserDb } from '../../os/users/user-db.ts';
import { strftime } from '../lib/strftime.ts';
import { C_LOCALE } from '../lib/locale.ts';

/** MemTotal of the simulated machines, in kB (free and ps %MEM use it). */
export const MEM_TOTAL_KB = 2014948;

const MEMORY: Record<string, [number, number]> = {
  systemd: [168000, 12800], init: [168000, 12800], bash: [7236, 4096], sh: [2576, 924], login: [8736, 4992], sshd: [15404, 9216],
  master: [42724, 4572], pickup: [42780, 7168], qmgr: [42820, 7296], tlsmgr: [42980, 7424], smtpd: [43296, 7680], cleanup: [43136, 7552],
  local: [43256, 6912], dovecot: [7036, 2688], named: [220584, 28416], dhcpd: [7532, 4608], dhclient: [7440, 4480], rsyslogd: [222044, 3840],
  cron: [6688, 2688], ps: [11164, 4608], nc: [4556, 1664], telnet: [8000, 2176], ping: [7548, 1280], less: [6360, 2304], nano: [7508, 3712],
};

function mem(p: ProcessInfo): [number, number] {
  return MEMORY[p.comm] ?? [8192, 3200];
}

interface Column {
  header: string;
  width: number;
  left: boolean;
  value(p: ProcessInfo): string;
}

export const ps: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'ps', 'procps-ng');
  const args = ctx.args;
  const table = proc.host.processes.list();
  const db = UserDb.load(ctx.fs);
  const me = proc.host.processes.get(proc.pid);
  const myTty = me?.tty ?? proc.stdin.tty?.name ?? null;
  const nowMs = proc.host.wallTimeMs();
  const nowNs = proc.host.scheduler.now;
  const startMs = (p: ProcessInfo) => nowMs - Math.max(0, nowNs - p.startNs) / 1e6;

  // Parse: BSD letters without dash (aux), UNIX options with dash (-ef), or a mix.
  let all = false; // -e / -A / ax
  let bsdA = false;
  let bsdX = false;
  let full = false;
  let userFmt = false;
  let bsdStyle = false;
  const pids: number[] = [];
  const users: number[] = [];
  let fields: string[] | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '--version' || a === '-V' || a === 'V') {
      ctx.out(a.includes('help') ? '\nUsage:\n ps [options]\n\n Try \'ps --help <simple|list|output|threads|misc|all>\'\n  or \'ps --help <s|l|o|t|m|a>\'\n for additional help text.\n\nFor more details see ps(1).\n' : 'ps from procps-ng 4.0.2\n');
      return 0;
    }
    const takeArg = (): string | null => (i + 1 < args.length ? args[++i] : null);
    if (a.startsWith('-')) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === 'e' || c === 'A') all = true;
        else if (c === 'f') full = true;
        else if (c === 'a' || c === 'x' || c === 'l' || c === 'H' || c === 'w') {
          /* accepted, no visible effect here */
        } else if (c === 'p' || c === 'u' || c === 'U' || c === 'o') {
          const v = j + 1 < a.length ? a.slice(j + 1) : takeArg();
          if (v === null) {
            ctx.err(`error: list of ${c === 'o' ? 'format specifiers' : c === 'p' ? 'process IDs' : 'users'} must follow -${c}\n`);
            ctx.err('\nUsage:\n ps [options]\n\n Try \'ps --help <simple|list|output|threads|misc|all>\'\n  or \'ps --help <s|l|o|t|m|a>\'\n for additional help text.\n\nFor more details see ps(1).\n');
            return 1;
          }
          if (c === 'p') pids.push(...v.split(',').map(Number));
          else if (c === 'o') fields = [...(fields ?? []), ...v.split(',')];
          else for (const u of v.split(',')) users.push(db.userByName(u)?.uid ?? (/^\d+$/.test(u) ? Number(u) : -1));
          break;
        } else {
          ctx.err(`error: unsupported SysV option\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n`);
          return 1;
        }
      }
    } else {
      bsdStyle = true;
      for (const c of a) {
        if (c === 'a') bsdA = true;
        else if (c === 'x') bsdX = true;
        else if (c === 'u') userFmt = true;
        else if (c === 'w' || c === 'f' || c === 'e') {
          /* wide/forest/env: no visible effect here */
        } else if (/\d/.test(c)) {
          pids.push(Number(a));
          break;
        } else {
          ctx.err(`error: unsupported option (BSD syntax)\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n`);
          return 1;
        }
      }
    }
  }

  // Selection.
  let selected: ProcessInfo[];
  if (pids.length > 0) selected = table.filter((p) => pids.includes(p.pid));
  else if (users.length > 0) selected = table.filter((p) => users.includes(p.uid));
  else if (all || (bsdA && bsdX)) selected = table;
  else if (bsdA) selected = table.filter((p) => p.tty !== null);
  else if (bsdX) selected = table.filter((p) => p.uid === proc.cred.uid);
  else selected = table.filter((p) => p.uid === proc.cred.uid && p.tty === myTty);
  selected = [...selected].sort((a, b) => a.pid - b.pid);

  const userName = (uid: number) => {
    const n = db.userName(uid);
    return n.length > 8 ? n.slice(0, 7) + '+' : n;
  };
  const stat = (p: ProcessInfo) => (p.pid === proc.pid ? 'R' : p.state) + (p.sessionLeader ? 's' : '') + (p.foreground && p.tty ? '+' : '');
  const start = (p: ProcessInfo) => {
    const t = startMs(p);
    if (nowMs - t < 86_400_000) return strftime('%H:%M', t, C_LOCALE);
    return strftime(new Date(t).getUTCFullYear() === new Date(nowMs).getUTCFullYear() ? '%b%d' : ' %Y', t, C_LOCALE);
  };
  const cmd = (p: ProcessInfo) => (p.argv.length > 0 ? p.argv.join(' ') : `[${p.comm}]`);
  const col: Record<string, Column> = {
    user: { header: 'USER', width: 8, left: true, value: (p) => userName(p.uid) },
    uid: { header: 'UID', width: 8, left: true, value: (p) => userName(p.uid) },
    pid: { header: 'PID', width: 7, left: false, value: (p) => String(p.pid) },
    ppid: { header: 'PPID', width: 7, left: false, value: (p) => String(p.ppid) },
    pgid: { header: 'PGID', width: 7, left: false, value: (p) => String(p.pgid) },
    sid: { header: 'SID', width: 7, left: false, value: (p) => String(p.sid) },
    c: { header: 'C', width: 2, left: false, value: () => '0' },
    '%cpu': { header: '%CPU', width: 4, left: false, value: () => '0.0' },
    '%mem': { header: '%MEM', width: 4, left: false, value: (p) => ((mem(p)[1] / MEM_TOTAL_KB) * 100).toFixed(1) },
    vsz: { header: 'VSZ', width: 6, left: false, value: (p) => String(mem(p)[0]) },
    rss: { header: 'RSS', width: 5, left: false, value: (p) => String(mem(p)[1]) },
    tty: { header: 'TTY', width: 8, left: true, value: (p) => p.tty ?? '?' },
    tt: { header: 'TT', width: 8, left: true, value: (p) => p.tty ?? '?' },
    stat: { header: 'STAT', width: 4, left: true, value: stat },
    s: { header: 'S', width: 1, left: true, value: (p) => (p.pid === proc.pid ? 'R' : p.state) },
    start: { header: 'START', width: 5, left: false, value: start },
    stime: { header: 'STIME', width: 5, left: false, value: start },
    time: { header: 'TIME', width: 8, left: false, value: () => '00:00:00' },
    bsdtime: { header: 'TIME', width: 6, left: false, value: () => '0:00' },
    etime: { header: 'ELAPSED', width: 11, left: false, value: (p) => elapsed(Math.max(0, nowNs - p.startNs) / 1e9) },
    comm: { header: 'COMMAND', width: 0, left: true, value: (p) => p.comm },
    ucmd: { header: 'CMD', width: 0, left: true, value: (p) => p.comm },
    args: { header: 'COMMAND', width: 0, left: true, value: cmd },
    cmd: { header: 'CMD', width: 0, left: true, value: cmd },
    command: { header: 'COMMAND', width: 0, left: true, value: cmd },
  };
  let layout: string[];
  if (fields) layout = fields;
  else if (userFmt) layout = ['user', 'pid', '%cpu', '%mem', 'vsz', 'rss', 'tty', 'stat', 'start', 'bsdtime', 'command'];
  else if (bsdStyle) layout = ['pid', 'tty', 'stat', 'bsdtime', 'command'];
  else if (full) layout = ['uid', 'pid', 'ppid', 'c', 'stime', 'tty', 'time', 'cmd'];
  else layout = ['pid', 'tty', 'time', 'ucmd'];
  const columns: Column[] = [];
  for (const f of layout) {
    const [name, header] = f.split('=');
    const c = col[name.toLowerCase()];
    if (!c) {
      ctx.err(`error: unknown user-defined format specifier "${name}"\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n`);
      return 1;
    }
    columns.push(header !== undefined ? { ...c, header } : c);
  }
  const render = (cells: string[]) =>
    cells
      .map((v, k) => {
        const c = columns[k];
        const last = k === columns.length - 1;
        if (c.left) return last && c.width === 0 ? v : v.padEnd(Math.max(c.width, c.header.length));
        return v.padStart(Math.max(c.width, c.header.length));
      })
      .join(' ')
      .replace(/\s+$/, '');
  const width = proc.stdout.tty ? proc.stdout.tty.columns : Infinity;
  const cut = (line: string) => (line.length > width ? line.slice(0, width) : line);
  let out = cut(render(columns.map((c) => c.header))) + '\n';
  for (const p of selected) out += cut(render(columns.map((c) => c.value(p)))) + '\n';
  ctx.out(out);
  return selected.length > 0 ? 0 : 1;
};

function elapsed(sec: number): string {
  const s = Math.floor(sec);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (d > 0 ? `${d}-${pad(h)}:` : h > 0 ? `${pad(h)}:` : '') + `${pad(m)}:${pad(s % 60)}`;
}
