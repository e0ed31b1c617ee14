// apt-cache (2.6.1): show, search ("name - synopsis") and policy, from the same catalogue.
import { bookworm } from '../../os/packages/catalogue.ts';
import { DpkgDb } from '../../os/packages/dpkg-db.ts';
import type { Program } from '../../os/program.ts';
import { AptContext } from './apt-context.ts';
import { show } from './apt-info.ts';

export const aptCache: Program = async (proc) => {
  const [cmd, ...names] = proc.argv.slice(1).filter((a) => !a.startsWith('-'));
  const ctx = new AptContext(proc, 'apt-cache', { assumeYes: false, quiet: 0, recommends: true, purge: false, installed: false, upgradable: false, simulate: false });
  const cat = bookworm();
  switch (cmd) {
    case 'show':
      return show(ctx, names, cat);
    case 'search': {
      const res = names.map((t) => {
        try {
          return new RegExp(t, 'i');
        } catch {
          return new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
        }
      });
      for (const n of cat.names().sort()) {
        const p = cat.get(n)!;
        if (res.every((r) => r.test(`${n} ${p.description} ${p.longDescription}`))) proc.stdout.write(`${n} - ${p.description}\n`);
      }
      return 0;
    }
    case 'policy': {
      const db = DpkgDb.load(proc.host.fs);
      for (const n of names) {
        const p = cat.get(n);
        if (p === undefined) {
          proc.stderr.write(`N: Unable to locate package ${n}\n`);
          continue;
        }
        const inst = db.isInstalled(n) ? db.version(n) : null;
        let out = `${n}:\n  Installed: ${inst ?? '(none)'}\n  Candidate: ${p.version}\n  Version table:\n`;
        out += ` ${inst === p.version ? '***' : '   '} ${p.version} 500\n        500 ${p.archive} ${p.architecture === 'all' ? 'amd64' : p.architecture} Packages\n`;
        if (inst === p.version) out += '        100 /var/lib/dpkg/status\n';
        proc.stdout.write(out);
      }
      return 0;
    }
    default:
      ctx.error(ctx.m.invalidOperation(cmd ?? ''));
      return 100;
  }
};
