// apt show, apt list and apt search (apt-cache show / search for apt-get users): the package
// records as apt 2.6 prints them, read from the catalogue and the dpkg status file.
import { bookworm, type Catalogue } from '../../os/packages/catalogue.ts';
import { DpkgDb } from '../../os/packages/dpkg-db.ts';
import { readAutoInstalled } from '../../os/packages/extended-states.ts';
import type { PackageDefinition } from '../../os/packages/types.ts';
import type { AptContext } from './apt-context.ts';
import { sizeToStr } from './apt-messages.ts';

/** The suite apt lists show (`postfix/stable`). */
const SUITE = 'stable';

function globToRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`);
}

/** apt show: one record per package, then a blank line. */
export function show(ctx: AptContext, names: readonly string[], cat: Catalogue = bookworm()): number {
  ctx.cliWarning();
  const db = DpkgDb.load(ctx.proc.host.fs);
  const auto = readAutoInstalled(ctx.proc.host.fs);
  let bad = false;
  for (const n of names) {
    const p = cat.get(n);
    if (p === undefined) {
      const provs = cat.providersOf(n);
      if (provs.length > 0) {
        ctx.out(`Package: ${n}\nState: not a real package (virtual)\n`);
        continue;
      }
      ctx.error(`No packages found`);
      bad = true;
      continue;
    }
    ctx.out(record(ctx, p, db.isInstalled(n), auto.has(n)));
  }
  return bad ? 100 : 0;
}

function record(ctx: AptContext, p: PackageDefinition, installed: boolean, auto: boolean): string {
  const lines: string[] = [`Package: ${p.name}`, `Version: ${p.version}`];
  if (p.essential) lines.push('Essential: yes');
  lines.push(`Priority: ${p.priority}`, `Section: ${p.section}`);
  if (p.source !== null) lines.push(`Source: ${p.source}`);
  lines.push(`Maintainer: ${p.maintainer}`, `Installed-Size: ${sizeToStr(p.installedSize * 1024, ctx.fr)}B`);
  const rel: [string, string][] = [
    ['Provides', p.provides], ['Pre-Depends', p.preDepends], ['Depends', p.depends], ['Recommends', p.recommends],
    ['Suggests', p.suggests], ['Conflicts', p.conflicts], ['Breaks', p.breaks], ['Replaces', p.replaces],
  ];
  for (const [k, v] of rel) if (v !== '') lines.push(`${k}: ${v}`);
  if (p.homepage !== null) lines.push(`Homepage: ${p.homepage}`);
  if (p.tag !== null) lines.push(`Tag: ${p.tag.split('\n').join('\n ')}`);
  lines.push(`Download-Size: ${sizeToStr(p.downloadSize, ctx.fr)}B`);
  if (installed) lines.push(`APT-Manual-Installed: ${auto ? 'no' : 'yes'}`);
  lines.push(`APT-Sources: ${p.archive} ${p.architecture === 'all' ? 'amd64' : p.architecture} Packages`);
  lines.push(`Description: ${p.description}`);
  if (p.longDescription !== '') lines.push(...p.longDescription.split('\n').map((l) => ` ${l}`));
  return lines.join('\n') + '\n\n';
}

/** apt list [--installed|--upgradable] [PATTERN...]. */
export function list(ctx: AptContext, patterns: readonly string[], cat: Catalogue = bookworm()): number {
  ctx.cliWarning();
  ctx.out(ctx.tty ? `${ctx.m.listing}${ctx.m.done}\n` : `${ctx.m.listing}\n`);
  if (ctx.opts.upgradable) return 0;
  const db = DpkgDb.load(ctx.proc.host.fs);
  const auto = readAutoInstalled(ctx.proc.host.fs);
  const res = patterns.map(globToRegExp);
  const names = cat.names().filter((n) => (res.length === 0 || res.some((r) => r.test(n))) && (!ctx.opts.installed || db.isInstalled(n)));
  // apt sorts with the package name and its suffix "/suite" together.
  names.sort((a, b) => (`${a}/` < `${b}/` ? -1 : 1));
  for (const n of names) {
    const p = cat.get(n)!;
    const inst = db.isInstalled(n);
    const name = ctx.tty ? `\x1b[32m${n}\x1b[0m` : n;
    const tag = inst ? ` ${auto.has(n) ? ctx.m.installedAutoTag : ctx.m.installedTag}` : '';
    ctx.out(`${name}/${SUITE}${inst ? ',now' : ''} ${p.version} ${p.architecture}${tag}\n`);
  }
  return 0;
}

/** apt search REGEX...: names and descriptions matching every term. */
export function search(ctx: AptContext, terms: readonly string[], cat: Catalogue = bookworm()): number {
  ctx.cliWarning();
  ctx.out(ctx.tty ? `${ctx.m.sorting}${ctx.m.done}\n${ctx.m.fullTextSearch}${ctx.m.done}\n` : `${ctx.m.sorting}\n${ctx.m.fullTextSearch}\n`);
  const db = DpkgDb.load(ctx.proc.host.fs);
  const res: RegExp[] = [];
  for (const t of terms) {
    try {
      res.push(new RegExp(t, 'i'));
    } catch {
      res.push(new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'));
    }
  }
  const names = cat.names().sort();
  for (const n of names) {
    const p = cat.get(n)!;
    const text = `${n} ${p.description} ${p.longDescription}`;
    if (!res.every((r) => r.test(text))) continue;
    const inst = db.isInstalled(n);
    const name = ctx.tty ? `\x1b[32m${n}\x1b[0m` : n;
    ctx.out(`${name}/${SUITE}${inst ? ',now' : ''} ${p.version} ${p.architecture}${inst ? ` ${ctx.m.installedTag}` : ''}\n  ${p.description}\n\n`);
  }
  return 0;
}
