// apt's decisions for install and remove: which packages an install pulls in (Pre-Depends and
// Depends, Recommends unless --no-install-recommends; the first alternative that exists, a
// virtual name through its provider), what conflicts must go (dovecot-pop3d and popa3d both
// provide pop3-server and conflict with it), the unpack/configure order (dependencies first)
// and what a removal leaves for autoremove. Version constraints hold within one archive.
import { parseRelations, type Catalogue, type Relation } from './catalogue.ts';
import type { PackageDefinition } from './types.ts';
import { satisfies } from './version.ts';

export interface InstallPlan {
  /** Packages to install, dependencies before dependents. */
  readonly install: PackageDefinition[];
  /** Installed packages that conflict with the new ones. */
  readonly remove: string[];
  /** Named on the command line but already installed ("is already the newest version"). */
  readonly alreadyInstalled: PackageDefinition[];
  /** "Note, selecting 'postfix' instead of 'mail-transport-agent'". */
  readonly notes: string[];
  /** Suggests (and skipped Recommends) of the new packages, as apt lists them. */
  readonly suggested: string[];
  readonly recommended: string[];
}

export type PlanError = { readonly error: 'not-found'; readonly name: string } | { readonly error: 'virtual'; readonly name: string; readonly providers: readonly string[] };

export interface InstalledView {
  isInstalled(name: string): boolean;
}

function firstAvailable(cat: Catalogue, installed: InstalledView, group: readonly Relation[], chosen: ReadonlySet<string>): string | null {
  for (const r of group) {
    if (installed.isInstalled(r.name) || chosen.has(r.name)) return null;
    for (const p of cat.providersOf(r.name)) if (installed.isInstalled(p) || chosen.has(p)) return null;
  }
  for (const r of group) {
    if (cat.has(r.name)) return r.name;
    const provs = cat.providersOf(r.name);
    if (provs.length > 0) return provs[0];
  }
  return null;
}

function provides(def: PackageDefinition): string[] {
  return parseRelations(def.provides).flat().map((r) => r.name);
}

/** The install set for `names` (apt install NAMES). */
export function planInstall(cat: Catalogue, installed: InstalledView, names: readonly string[], opts: { recommends: boolean }): InstallPlan | PlanError {
  const notes: string[] = [];
  const requested: string[] = [];
  for (const n of names) {
    if (cat.has(n)) requested.push(n);
    else {
      const provs = cat.providersOf(n);
      if (provs.length === 1) {
        notes.push(`Note, selecting '${provs[0]}' instead of '${n}'\n`);
        requested.push(provs[0]);
      } else if (provs.length > 1) return { error: 'virtual', name: n, providers: provs };
      else return { error: 'not-found', name: n };
    }
  }
  const chosen = new Set<string>();
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string): void => {
    if (chosen.has(name) || visiting.has(name) || installed.isInstalled(name)) return;
    const def = cat.get(name);
    if (def === undefined) return;
    visiting.add(name);
    chosen.add(name);
    // A Recommends is only followed through its first alternative when the archive has it.
    const recs = opts.recommends ? parseRelations(def.recommends).filter((g) => cat.has(g[0].name)) : [];
    const groups = [...parseRelations(def.preDepends), ...parseRelations(def.depends), ...recs];
    for (const g of groups) {
      const pick = firstAvailable(cat, installed, g, chosen);
      if (pick !== null) {
        chosen.delete(name);
        visit(pick);
        chosen.add(name);
      }
    }
    visiting.delete(name);
    order.push(name);
  };
  const already: PackageDefinition[] = [];
  for (const n of requested) {
    if (installed.isInstalled(n)) already.push(cat.get(n)!);
    else visit(n);
  }
  const install = order.map((n) => cat.get(n)!);
  const newNames = new Set(order);
  // Conflicts, both ways (Conflicts: pop3-server against its providers).
  const remove = new Set<string>();
  // A versioned conflict on a real package holds only for the versions it names.
  const hits = (r: Relation, def: PackageDefinition): boolean =>
    (r.name === def.name && satisfies(def.version, r.op, r.version)) || (r.op === null && provides(def).includes(r.name));
  for (const def of install) {
    for (const g of parseRelations(def.conflicts)) {
      for (const r of g) {
        for (const other of [r.name, ...cat.providersOf(r.name)]) {
          const o = cat.get(other);
          if (o !== undefined && o.name !== def.name && installed.isInstalled(o.name) && !newNames.has(o.name) && hits(r, o)) remove.add(o.name);
        }
      }
    }
  }
  for (const other of cat.all()) {
    if (!installed.isInstalled(other.name) || newNames.has(other.name)) continue;
    for (const g of parseRelations(other.conflicts)) {
      for (const r of g) {
        for (const def of install) if (def.name !== other.name && hits(r, def)) remove.add(other.name);
      }
    }
  }
  const suggested: string[] = [];
  const recommended: string[] = [];
  const listed = new Set<string>();
  const describe = (g: readonly Relation[]): string => g.map((r) => r.name).join(' | ');
  const satisfied = (g: readonly Relation[]): boolean => g.some((r) => installed.isInstalled(r.name) || newNames.has(r.name) || cat.providersOf(r.name).some((p) => installed.isInstalled(p) || newNames.has(p)));
  for (const def of [...install].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    for (const g of parseRelations(def.suggests)) {
      const s = describe(g);
      if (!satisfied(g) && !listed.has(s)) {
        listed.add(s);
        suggested.push(s);
      }
    }
    if (!opts.recommends) {
      for (const g of parseRelations(def.recommends)) {
        const s = describe(g);
        if (!satisfied(g) && !listed.has(s)) {
          listed.add(s);
          recommended.push(s);
        }
      }
    }
  }
  return { install, remove: [...remove].sort(), alreadyInstalled: already, notes, suggested, recommended };
}

/** Packages installed as dependencies that nothing installed needs any more (apt autoremove). */
export function autoremovable(cat: Catalogue, installedNames: readonly string[], isAuto: (name: string) => boolean): string[] {
  const installedSet = new Set(installedNames);
  const needed = new Set<string>();
  const mark = (name: string): void => {
    if (needed.has(name) || !installedSet.has(name)) return;
    needed.add(name);
    const def = cat.get(name);
    if (def === undefined) return;
    for (const g of [...parseRelations(def.preDepends), ...parseRelations(def.depends), ...parseRelations(def.recommends)]) {
      for (const r of g) {
        if (installedSet.has(r.name)) {
          mark(r.name);
          break;
        }
        const p = cat.providersOf(r.name).find((x) => installedSet.has(x));
        if (p !== undefined) {
          mark(p);
          break;
        }
      }
    }
  };
  for (const n of installedNames) if (!isAuto(n)) mark(n);
  return installedNames.filter((n) => !needed.has(n)).sort();
}
