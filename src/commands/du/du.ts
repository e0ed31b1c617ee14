// du(1): disk usage in 1K blocks of ext4 (4K per started block, 4 for a directory), each
// directory after its contents; -s summary, -a all files, -h human, -c total, -d/--max-depth.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { diskBlocks1K } from '../lib/file-mode.ts';
import { humanSize } from '../lib/human.ts';
import { joinPath } from '../lib/path.ts';
import { coreutilsVersion } from '../lib/version.ts';

export const du: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'du');
  const p = ctx.getopt({
    short: 'acd:hksSx',
    long: [
      long('all', 'none', 'a'), long('total', 'none', 'c'), long('max-depth', 'required', 'd'), long('human-readable', 'none', 'h'),
      long('summarize', 'none', 's'), long('separate-dirs', 'none', 'S'), long('one-file-system', 'none', 'x'), long('help'), long('version'),
    ],
  });
  if (!p) return 1;
  let all = false;
  let total = false;
  let human = false;
  let maxDepth = Infinity;
  for (const o of p.options) {
    if (o.key === 'a') all = true;
    else if (o.key === 'c') total = true;
    else if (o.key === 'h') human = true;
    else if (o.key === 's') maxDepth = 0;
    else if (o.key === 'd') maxDepth = Number(o.arg) || 0;
    else if (o.key === 'help') {
      ctx.out(`Usage: ${ctx.name} [OPTION]... [FILE]...\n  or:  ${ctx.name} [OPTION]... --files0-from=F\nSummarize device usage of the set of FILEs, recursively for directories.\n`);
      return 0;
    } else if (o.key === 'version') {
      ctx.out(coreutilsVersion('du'));
      return 0;
    }
  }
  const fmt = (k: number) => (human ? humanSize(k * 1024) : String(k));
  let status = 0;
  let out = '';
  let grand = 0;
  const walk = (path: string, depth: number): number => {
    const st = ctx.fs.lstat(path, proc.cred, proc.cwd);
    if (!st.ok) {
      ctx.error(ctx._('cannot access %s', ctx.qaf(path)), st.errno);
      status = 1;
      return 0;
    }
    let size = diskBlocks1K(st.value.type, st.value.size);
    if (st.value.type === 'dir') {
      const list = ctx.fs.readdir(path, proc.cred, proc.cwd);
      if (!list.ok) {
        ctx.error(ctx._('cannot read directory %s', ctx.qaf(path)), list.errno);
        status = 1;
      } else for (const e of list.value) if (e.name !== '.' && e.name !== '..') size += walk(joinPath(path, e.name), depth + 1);
      if (depth <= maxDepth) out += `${fmt(size)}\t${path}\n`;
    } else if ((all && depth <= maxDepth) || depth === 0) out += `${fmt(size)}\t${path}\n`;
    return size;
  };
  for (const name of p.operands.length ? p.operands : ['.']) grand += walk(name, 0);
  if (total) out += `${fmt(grand)}\t${ctx._('total')}\n`;
  ctx.out(out);
  return status;
};
