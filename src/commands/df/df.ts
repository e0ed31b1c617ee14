// df(1) of a small Debian 12 VM: udev, the tmpfs mounts and a 20 GB ext4 root whose use grows
// with the files of the simulated file system. -h human-readable, -T types, -i is not kept.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { humanSize } from '../lib/human.ts';
import { coreutilsVersion } from '../lib/version.ts';

interface Mount {
  fs: string;
  type: string;
  size: number;
  used: number;
  on: string;
}

export const df: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'df');
  const p = ctx.getopt({
    short: 'ahHiklPTt:x:',
    long: [long('all', 'none', 'a'), long('human-readable', 'none', 'h'), long('si', 'none', 'H'), long('print-type', 'none', 'T'), long('local', 'none', 'l'), long('portability', 'none', 'P'), long('help'), long('version')],
  });
  if (!p) return 1;
  let human = false;
  let types = false;
  for (const o of p.options) {
    if (o.key === 'h' || o.key === 'H') human = true;
    else if (o.key === 'T') types = true;
    else if (o.key === 'help') {
      ctx.out(`Usage: ${ctx.name} [OPTION]... [FILE]...\nShow information about the file system on which each FILE resides,\nor all file systems by default.\n`);
      return 0;
    } else if (o.key === 'version') {
      ctx.out(coreutilsVersion('df'));
      return 0;
    }
  }
  const mounts: Mount[] = [
    { fs: 'udev', type: 'devtmpfs', size: 989612, used: 0, on: '/dev' },
    { fs: 'tmpfs', type: 'tmpfs', size: 201492, used: 516, on: '/run' },
    { fs: '/dev/sda1', type: 'ext4', size: 19480400, used: 1864940, on: '/' },
    { fs: 'tmpfs', type: 'tmpfs', size: 1007452, used: 0, on: '/dev/shm' },
    { fs: 'tmpfs', type: 'tmpfs', size: 5120, used: 0, on: '/run/lock' },
    { fs: 'tmpfs', type: 'tmpfs', size: 201488, used: 0, on: '/run/user/0' },
  ];
  // ext4 reserves 5% for root: Available = size - used - reserve.
  const avail = (m: Mount) => (m.type === 'ext4' ? Math.max(0, m.size - m.used - 974020) : m.size - m.used);
  const pct = (m: Mount) => (m.size === 0 ? '-' : `${Math.ceil((m.used * 100) / (m.used + avail(m)))}%`);
  const n = (k: number) => (human ? humanSize(k * 1024) : String(k));
  let selected = mounts;
  if (p.operands.length > 0) {
    selected = [];
    for (const f of p.operands) {
      const r = ctx.fs.stat(f, proc.cred, proc.cwd);
      if (!r.ok) {
        ctx.error(ctx.qf(f), r.errno);
        continue;
      }
      const abs = ctx.abs(f);
      const m = [...mounts].filter((x) => abs === x.on || abs.startsWith(x.on === '/' ? '/' : x.on + '/')).sort((a, b) => b.on.length - a.on.length)[0];
      if (m && !selected.includes(m)) selected.push(m);
    }
  }
  const header = ['Filesystem', ...(types ? ['Type'] : []), human ? 'Size' : '1K-blocks', 'Used', human ? 'Avail' : 'Available', 'Use%', 'Mounted on'];
  const rows = selected.map((m) => [m.fs, ...(types ? [m.type] : []), n(m.size), n(m.used), n(avail(m)), pct(m), m.on]);
  const all = [header, ...rows];
  // GNU df's minimum column widths: 14 for the source, 4 for the type, 5 for the numbers.
  const min = ['source', ...(types ? ['type'] : []), 'n', 'n', 'n', 'pct', 'target'].map((k) => ({ source: 14, type: 4, n: 5, pct: 4, target: 0 })[k]!);
  const widths = header.map((_, c) => Math.max(min[c], ...all.map((r) => r[c].length)));
  const left = (c: number) => c === 0 || (types && c === 1) || c === header.length - 1;
  const out = all
    .map((r) => r.map((v, c) => (c === header.length - 1 ? v : left(c) ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join(' '))
    .join('\n');
  if (selected.length > 0) ctx.out(out + '\n');
  return selected.length === p.operands.length || p.operands.length === 0 ? 0 : 1;
};
