// apt install / remove / purge / autoremove: the plan as apt prints it (NEW, additional,
// suggested, REMOVED, the summary and sizes), the question, the downloads in virtual time
// (Get:, Fetched), debconf's preconfiguration, then dpkg's unpack, configure and triggers,
// with apt's progress bar on the last terminal row (Dpkg::Progress-Fancy) for `apt`.
import { bookworm, type Catalogue } from '../../os/packages/catalogue.ts';
import { Confmodule } from '../../os/packages/debconf/confmodule.ts';
import { DebconfDb } from '../../os/packages/debconf/database.ts';
import { Dpkg, type DebconfSession } from '../../os/packages/dpkg.ts';
import { readAutoInstalled, writeAutoInstalled } from '../../os/packages/extended-states.ts';
import { autoremovable, planInstall } from '../../os/packages/resolver.ts';
import type { PackageDefinition } from '../../os/packages/types.ts';
import { debconfSession, NoninteractiveFrontend } from '../debconf/session.ts';
import { dpkgHost } from '../dpkg/dpkg-host.ts';
import type { AptContext } from './apt-context.ts';
import { showList, sizeToStr, timeToStr } from './apt-messages.ts';

/** Virtual download speed of the mirror (bytes per second). */
const DOWNLOAD_RATE = 3_200_000;
const NS = 1_000_000_000;

/** Dpkg::Progress-Fancy: a status line kept on the terminal's last row by a scroll region. */
class FancyProgress {
  private done = 0;

  constructor(
    private readonly ctx: AptContext,
    private readonly total: number,
  ) {}

  private get rows(): number {
    return this.ctx.proc.stdout.tty?.rows ?? 24;
  }

  start(): void {
    this.ctx.out(`\n\x1b7\x1b[0;${this.rows - 1}r\x1b8\x1b[1A`);
  }

  tick(): void {
    const pct = Math.floor((this.done / this.total) * 100);
    this.done++;
    const cols = this.ctx.proc.stdout.tty?.columns ?? 80;
    const label = this.ctx.m.progress(pct);
    const size = cols - 4 - [...label].length;
    const barSize = size - 2;
    let bar = '';
    if (size >= 3) {
      const fill = Math.max(0, Math.min(barSize, Math.floor((pct / 100) * barSize)));
      bar = ` [${'#'.repeat(fill)}${'.'.repeat(barSize - fill)}] `;
    }
    this.ctx.out(`\x1b7\x1b[${this.rows};0f\x1b[42m\x1b[30m${label}\x1b[49m\x1b[39m${bar}\x1b8`);
  }

  stop(): void {
    this.ctx.out(`\n\x1b7\x1b[0;${this.rows}r\x1b8\x1b[1A\x1b[J`);
  }
}

function debconfDb(ctx: AptContext): DebconfDb {
  return DebconfDb.load(ctx.proc.host.fs);
}

function session(ctx: AptContext, db: DebconfDb): DebconfSession {
  return debconfSession(ctx.proc, { db });
}

/** Downloads with Get: lines, the time they take, and the Fetched line. */
async function download(ctx: AptContext, pkgs: readonly PackageDefinition[], after?: () => void): Promise<void> {
  let total = 0;
  let n = 0;
  for (const p of pkgs) {
    n++;
    const [uri, suite] = p.archive.split(' ');
    const size = `${sizeToStr(p.downloadSize, ctx.fr)}${ctx.fr ? 'o' : 'B'}`;
    ctx.out(`${ctx.m.get(n, `${uri} ${suite} amd64 ${p.name} ${p.architecture} ${p.version} [${size}]`)}\n`);
    // The transfer takes its time in steps of at most half a second (apt redraws its progress).
    let ns = Math.max(1, Math.round((p.downloadSize / DOWNLOAD_RATE) * NS));
    while (ns > 0) {
      const step = Math.min(ns, NS / 2);
      await ctx.proc.sleep(step);
      ns -= step;
    }
    total += p.downloadSize;
  }
  after?.();
  const secs = total / DOWNLOAD_RATE;
  ctx.out(ctx.m.fetched(sizeToStr(total, ctx.fr), timeToStr(secs), sizeToStr(secs > 0 ? total / secs : total, ctx.fr)));
}

export async function install(ctx: AptContext, names: readonly string[], cat: Catalogue = bookworm()): Promise<number> {
  if (!ctx.requireDpkgLock()) return 100;
  ctx.cliWarning();
  ctx.cacheSteps();
  const dpkgHostObj = dpkgHost(ctx.proc);
  const dpkg = new Dpkg(dpkgHostObj, cat);
  const plan = planInstall(cat, dpkg.db, names, { recommends: ctx.opts.recommends });
  if ('error' in plan) {
    if (plan.error === 'virtual') {
      ctx.out(ctx.m.virtualProvidedBy(plan.name));
      for (const p of plan.providers) ctx.out(`  ${p} ${cat.get(p)?.version ?? ''}\n`);
      ctx.out("You should explicitly select one to install.\n\n");
      ctx.error(ctx.m.noCandidate(plan.name));
    } else ctx.error(ctx.m.unableToLocate(plan.name));
    return 100;
  }
  const fs = ctx.proc.host.fs;
  const auto = readAutoInstalled(fs);
  for (const n of plan.notes) ctx.out(n);
  for (const p of plan.alreadyInstalled) {
    ctx.out(ctx.m.alreadyNewest(p.name, p.version));
    if (auto.delete(p.name)) ctx.out(ctx.m.setManual(p.name));
  }
  const requested = new Set(names.map((n) => (cat.has(n) ? n : (cat.providersOf(n)[0] ?? n))));
  const newNames = plan.install.map((p) => p.name).sort();
  const additional = newNames.filter((n) => !requested.has(n));
  ctx.out(showList(ctx.m.additional, additional, ctx.width));
  ctx.out(showList(ctx.m.suggested, plan.suggested, ctx.width));
  ctx.out(showList(ctx.m.recommended, plan.recommended, ctx.width));
  ctx.out(showList(ctx.m.removed, plan.remove, ctx.width));
  ctx.out(showList(ctx.m.newPackages, newNames, ctx.width));
  ctx.out(ctx.m.summary(0, newNames.length, plan.remove.length, 0));
  if (newNames.length === 0 && plan.remove.length === 0) {
    writeAutoInstalled(fs, auto, (n) => cat.get(n)?.architecture ?? 'amd64');
    return 0;
  }
  const download_ = plan.install.reduce((a, p) => a + p.downloadSize, 0);
  const removedSize = plan.remove.reduce((a, n) => a + (cat.get(n)?.installedSize ?? 0), 0);
  const usedKiB = plan.install.reduce((a, p) => a + p.installedSize, 0) - removedSize;
  ctx.out(ctx.m.needToGet(sizeToStr(download_, ctx.fr)));
  if (usedKiB >= 0) ctx.out(ctx.m.afterUsed(sizeToStr(usedKiB * 1024, ctx.fr)));
  else ctx.out(ctx.m.afterFreed(sizeToStr(-usedKiB * 1024, ctx.fr)));
  if ((additional.length > 0 || plan.remove.length > 0) && !(await ctx.confirm())) return 1;

  const db = debconfDb(ctx);
  const withTemplates = plan.install.filter((p) => p.templates !== undefined);
  for (const p of withTemplates) db.loadTemplates(p.name, p.templates!);
  const aptUtils = dpkg.db.isInstalled('apt-utils');
  await download(ctx, plan.install, () => {
    if (!aptUtils && withTemplates.length > 0) {
      ctx.proc.stderr.write(ctx.fr ? "debconf: la configuration des paquets est différée, car apt-utils n'est pas installé\n" : 'debconf: delaying package configuration, since apt-utils is not installed\n');
    }
  });
  // Only a package that uses debconf starts a frontend (and its fallback warnings).
  const sess: DebconfSession = withTemplates.length > 0 ? session(ctx, db) : { db, frontend: new NoninteractiveFrontend(), priority: 'high', langs: [] };
  if (aptUtils && withTemplates.some((p) => p.config !== undefined)) {
    // dpkg-preconfigure: the questions come before anything is unpacked.
    ctx.out(ctx.m.preconfiguring);
    for (const p of withTemplates) {
      if (p.config === undefined) continue;
      const d = dpkg.context(p, new Confmodule({ db, frontend: sess.frontend, owner: p.name, priority: sess.priority, langs: sess.langs }), null);
      await p.config(d.debconf, { action: 'configure', oldVersion: null, fs, hostname: ctx.proc.host.hostname, fqdn: d.fqdn });
    }
    db.save(fs);
  }

  const fancy = ctx.tool === 'apt' && ctx.tty ? new FancyProgress(ctx, plan.install.length * 5 + plan.remove.length * 3) : null;
  fancy?.start();
  for (const n of plan.remove) {
    const def = cat.get(n);
    if (def !== undefined) {
      fancy?.tick();
      await dpkg.remove(def, false, db);
      fancy?.tick();
      fancy?.tick();
    }
  }
  for (const p of plan.install) {
    const before = fancy;
    before?.tick();
    dpkg.unpack(p);
    before?.tick();
  }
  for (const p of plan.install) {
    fancy?.tick();
    await dpkg.configure(p, sess);
    fancy?.tick();
    fancy?.tick();
  }
  dpkg.runTriggers();
  fancy?.stop();
  for (const p of plan.install) if (!requested.has(p.name)) auto.add(p.name);
  writeAutoInstalled(fs, auto, (n) => cat.get(n)?.architecture ?? 'amd64');
  return 0;
}

export async function remove(ctx: AptContext, names: readonly string[], purge: boolean, cat: Catalogue = bookworm()): Promise<number> {
  if (!ctx.requireDpkgLock()) return 100;
  ctx.cliWarning();
  ctx.cacheSteps();
  const dpkg = new Dpkg(dpkgHost(ctx.proc), cat);
  const targets: string[] = [];
  for (const n of names) {
    const e = dpkg.db.get(n);
    if (!cat.has(n) && e === undefined) {
      ctx.error(ctx.m.unableToLocate(n));
      return 100;
    }
    if (e === undefined || e.state === 'not-installed' || (e.state === 'config-files' && !purge)) {
      ctx.out(ctx.m.notInstalledNotRemoved(n));
      continue;
    }
    if (!targets.includes(n)) targets.push(n);
  }
  const fs = ctx.proc.host.fs;
  const auto = readAutoInstalled(fs);
  const installedNames = dpkg.db.list().filter((e) => dpkg.db.isInstalled(e.name)).map((e) => e.name);
  const remaining = installedNames.filter((n) => !targets.includes(n));
  const orphans = autoremovable(cat, remaining, (n) => auto.has(n));
  if (orphans.length > 0) {
    ctx.out(showList(ctx.m.noLongerRequired(orphans.length), orphans, ctx.width));
    ctx.out(ctx.m.useAutoremove(orphans.length, `${ctx.tool === 'apt-get' ? 'apt-get' : 'sudo apt'} autoremove`));
  }
  const shown = targets.map((n) => (purge ? `${n}*` : n)).sort();
  ctx.out(showList(ctx.m.removed, shown, ctx.width));
  const removing = targets.filter((n) => dpkg.db.isInstalled(n));
  ctx.out(ctx.m.summary(0, 0, targets.length, 0));
  if (targets.length === 0) return 0;
  const freed = removing.reduce((a, n) => a + (cat.get(n)?.installedSize ?? 0), 0);
  if (freed > 0) ctx.out(ctx.m.afterFreed(sizeToStr(freed * 1024, ctx.fr)));
  if (!(await ctx.confirm())) return 1;
  return runRemoval(ctx, dpkg, targets, purge, cat);
}

async function runRemoval(ctx: AptContext, dpkg: Dpkg, targets: readonly string[], purge: boolean, cat: Catalogue): Promise<number> {
  const db = debconfDb(ctx);
  const fancy = ctx.tool === 'apt' && ctx.tty ? new FancyProgress(ctx, targets.length * (purge ? 4 : 3)) : null;
  fancy?.start();
  for (const n of targets) {
    const def = cat.get(n);
    if (def === undefined) continue;
    fancy?.tick();
    await dpkg.remove(def, purge, db);
    fancy?.tick();
    fancy?.tick();
  }
  dpkg.runTriggers();
  fancy?.stop();
  const fs = ctx.proc.host.fs;
  const auto = readAutoInstalled(fs);
  for (const n of targets) auto.delete(n);
  writeAutoInstalled(fs, auto, (n) => cat.get(n)?.architecture ?? 'amd64');
  return 0;
}

export async function autoremove(ctx: AptContext, purge: boolean, cat: Catalogue = bookworm()): Promise<number> {
  if (!ctx.requireDpkgLock()) return 100;
  ctx.cliWarning();
  ctx.cacheSteps();
  const dpkg = new Dpkg(dpkgHost(ctx.proc), cat);
  const auto = readAutoInstalled(ctx.proc.host.fs);
  const installedNames = dpkg.db.list().filter((e) => dpkg.db.isInstalled(e.name)).map((e) => e.name);
  const orphans = autoremovable(cat, installedNames, (n) => auto.has(n));
  ctx.out(showList(ctx.m.removed, orphans.map((n) => (purge ? `${n}*` : n)), ctx.width));
  ctx.out(ctx.m.summary(0, 0, orphans.length, 0));
  if (orphans.length === 0) return 0;
  const freed = orphans.reduce((a, n) => a + (cat.get(n)?.installedSize ?? 0), 0);
  ctx.out(ctx.m.afterFreed(sizeToStr(freed * 1024, ctx.fr)));
  if (!(await ctx.confirm())) return 1;
  return runRemoval(ctx, dpkg, orphans, purge, cat);
}
