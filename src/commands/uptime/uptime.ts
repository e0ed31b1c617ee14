// uptime(1) of procps-ng: ` 05:10:38 up  1:01,  1 user,  load average: 0.00, 0.00, 0.00`, from
// /proc/uptime and /proc/loadavg; -p pretty, -s since. Users are the login sessions on terminals.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { decode } from '../lib/io.ts';
import { strftime } from '../lib/strftime.ts';
import { C_LOCALE } from '../lib/locale.ts';

export const uptime: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'uptime', 'procps-ng');
  const root = { uid: 0, gid: 0, groups: [] };
  const read = (p: string) => {
    const r = ctx.fs.readFile(p, root);
    return r.ok ? decode(r.value) : '';
  };
  const up = Number(read('/proc/uptime').split(' ')[0]) || 0;
  const load = read('/proc/loadavg').split(' ');
  const now = proc.host.wallTimeMs();
  const arg = ctx.args[0];
  if (arg === '-s' || arg === '--since') {
    ctx.out(strftime('%Y-%m-%d %H:%M:%S', now - up * 1000, C_LOCALE) + '\n');
    return 0;
  }
  const minutes = Math.floor(up / 60);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (arg === '-p' || arg === '--pretty') {
    const parts: string[] = [];
    if (days) parts.push(`${days} ${days === 1 ? 'day' : 'days'}`);
    if (hours) parts.push(`${hours} ${hours === 1 ? 'hour' : 'hours'}`);
    if (mins || parts.length === 0) parts.push(`${mins} ${mins === 1 ? 'minute' : 'minutes'}`);
    ctx.out(`up ${parts.join(', ')}\n`);
    return 0;
  }
  if (arg === '-V' || arg === '--version') {
    ctx.out('uptime from procps-ng 4.0.2\n');
    return 0;
  }
  if (arg !== undefined) {
    ctx.err(`${ctx.name}: invalid option -- '${arg.replace(/^-+/, '').slice(0, 1)}'\n\nUsage:\n uptime [options]\n\nOptions:\n -p, --pretty   show uptime in pretty format\n -h, --help     display this help and exit\n -s, --since    system up since\n -V, --version  output version information and exit\n\nFor more details see uptime(1).\n`);
    return 1;
  }
  let since = '';
  if (days) since += `${days} ${days === 1 ? 'day' : 'days'}, `;
  since += hours ? `${String(hours).padStart(2)}:${String(mins).padStart(2, '0')}` : `${mins} min`;
  const users = new Set(proc.host.processes.list().filter((p) => p.tty !== null && p.sessionLeader).map((p) => p.tty)).size;
  const avg = (s: string | undefined) => Number(s ?? 0).toFixed(2);
  ctx.out(` ${strftime('%H:%M:%S', now, C_LOCALE)} up ${since},  ${users} ${users === 1 ? 'user' : 'users'},  load average: ${avg(load[0])}, ${avg(load[1])}, ${avg(load[2])}\n`);
  return 0;
};
