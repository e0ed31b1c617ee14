// free(1) of procps-ng 4.0.2 with the figures of a small Debian 12 VM (2 GiB, 1 GiB swap): the
// simulation has no memory accounting, so used memory grows a little with the process count.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { MEM_TOTAL_KB } from '../ps/ps.ts';

const SWAP_KB = 998396;

function human(kb: number, si: boolean): string {
  const base = si ? 1000 : 1024;
  const units = si ? ['B', 'K', 'M', 'G', 'T'] : ['B', 'Ki', 'Mi', 'Gi', 'Ti'];
  let v = kb * 1024;
  let u = 0;
  while (v >= base && u < units.length - 1) {
    v /= base;
    u++;
  }
  if (u === 0) return `${Math.round(v)}B`;
  return (v < 10 ? v.toFixed(1) : String(Math.round(v))) + units[u];
}

export const free: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'free', 'procps-ng');
  let unit: 'k' | 'm' | 'g' | 'b' | 'h' = 'k';
  let totals = false;
  for (const a of ctx.args) {
    if (a === '-h' || a === '--human') unit = 'h';
    else if (a === '-m' || a === '--mebi') unit = 'm';
    else if (a === '-g' || a === '--gibi') unit = 'g';
    else if (a === '-b' || a === '--bytes') unit = 'b';
    else if (a === '-k' || a === '--kibi') unit = 'k';
    else if (a === '-t' || a === '--total') totals = true;
    else if (a === '-V' || a === '--version') {
      ctx.out('free from procps-ng 4.0.2\n');
      return 0;
    } else {
      ctx.err(`${ctx.name}: invalid option -- '${a.replace(/^-+/, '').slice(0, 1)}'\n\nUsage:\n free [options]\n\nFor more details see free(1).\n`);
      return 1;
    }
  }
  const procs = proc.host.processes.list().length;
  const used = 148000 + procs * 2100;
  const shared = 1120;
  const cache = 262000;
  const freeMem = MEM_TOTAL_KB - used - cache;
  const available = MEM_TOTAL_KB - used - 38000;
  const fmt = (kb: number) => {
    const v = unit === 'h' ? human(kb, false) : unit === 'm' ? String(Math.floor(kb / 1024)) : unit === 'g' ? String(Math.floor(kb / 1048576)) : unit === 'b' ? String(kb * 1024) : String(kb);
    return v.padStart(11);
  };
  // First column 8 wide (label) + 12, then 12 per column: the header lines up with procps.
  const row = (label: string, values: number[]) => label.padEnd(8) + ' ' + values.map(fmt).join(' ') + '\n';
  let out = '               total        used        free      shared  buff/cache   available\n';
  out += row('Mem:', [MEM_TOTAL_KB, used, freeMem, shared, cache, available]);
  out += row('Swap:', [SWAP_KB, 0, SWAP_KB]);
  if (totals) out += row('Total:', [MEM_TOTAL_KB + SWAP_KB, used, freeMem + SWAP_KB]);
  ctx.out(out);
  return 0;
};
