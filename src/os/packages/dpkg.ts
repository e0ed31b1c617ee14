// What dpkg does when apt hands it packages: unpack the files of each .deb (recording them in
// PKG.list), configure (system accounts, update-alternatives, the debconf config script, the
// postinst, the package's units), remove and purge, run the triggers, and keep
// /var/lib/dpkg/status up to date after every step. It prints dpkg's own lines, in English or
// French, and calls back for the progress apt draws.
import type { Credentials, FileSystem } from '../fs/types.ts';
import type { ServiceManager } from '../services/service-manager.ts';
import { installAlternative, removeAlternative } from './alternatives.ts';
import type { Catalogue } from './catalogue.ts';
import { Confmodule, type DebconfFrontend, type Priority } from './debconf/confmodule.ts';
import type { DebconfDb } from './debconf/database.ts';
import { field } from './deb822.ts';
import { DpkgDb, listFile, readList, statusFields } from './dpkg-db.ts';
import { installProgram } from '../process/executable.ts';
import { addSystemAccount } from './system-accounts.ts';
import type { MaintainerContext, ManifestEntry, PackageDefinition } from './types.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
const dec = new TextDecoder();

/** The dpkg lines a student sees, in English and French (dpkg.mo of Debian 12). */
const MSG = {
  en: {
    selecting: (p: string) => `Selecting previously unselected package ${p}.\n`,
    preparing: (f: string) => `Preparing to unpack ${f} ...\n`,
    unpacking: (p: string, v: string) => `Unpacking ${p} (${v}) ...\n`,
    settingUp: (p: string, v: string) => `Setting up ${p} (${v}) ...\n`,
    removing: (p: string, v: string) => `Removing ${p} (${v}) ...\n`,
    purging: (p: string, v: string) => `Purging configuration files for ${p} (${v}) ...\n`,
    triggers: (p: string, v: string) => `Processing triggers for ${p} (${v}) ...\n`,
    readingDb: '(Reading database ... ',
    filesInstalled: (n: number) => `${n} files and directories currently installed.)\n`,
  },
  fr: {
    selecting: (p: string) => `Sélection du paquet ${p} précédemment désélectionné.\n`,
    preparing: (f: string) => `Préparation du dépaquetage de ${f} ...\n`,
    unpacking: (p: string, v: string) => `Dépaquetage de ${p} (${v}) ...\n`,
    settingUp: (p: string, v: string) => `Paramétrage de ${p} (${v}) ...\n`,
    removing: (p: string, v: string) => `Suppression de ${p} (${v}) ...\n`,
    purging: (p: string, v: string) => `Purge des fichiers de configuration de ${p} (${v})\u00a0...\n`,
    triggers: (p: string, v: string) => `Traitement des actions différées («\u00a0triggers\u00a0») pour ${p} (${v})\u00a0...\n`,
    readingDb: '(Lecture de la base de données... ',
    filesInstalled: (n: number) => `${n} fichiers et répertoires déjà installés.)\n`,
  },
};

/** How debconf questions are asked during this run (the caller owns the frontend). */
export interface DebconfSession {
  readonly db: DebconfDb;
  readonly frontend: DebconfFrontend;
  readonly priority: Priority;
  readonly langs: readonly string[];
  /** dpkg-reconfigure: show questions already seen. */
  readonly reshow?: boolean;
}

/** The host as dpkg needs it. */
export interface DpkgHost {
  readonly fs: FileSystem;
  readonly hostname: string;
  now(): number;
  readonly services: ServiceManager | null;
  /** Runs a program of the host (newaliases); null when it is not available. */
  run(argv: readonly string[]): Promise<number | null>;
  out(text: string): void;
  readonly fr: boolean;
  /** The terminal is a tty: "(Reading database ..." redraws its percentage with CR. */
  readonly tty: boolean;
}

/** hostname --fqdn: the canonical name of the /etc/hosts line naming the host. */
export function hostFqdn(fs: FileSystem, hostname: string): string {
  const r = fs.readFile('/etc/hosts', ROOT);
  if (r.ok) {
    for (const line of dec.decode(r.value).split('\n')) {
      const names = line.replace(/#.*/, '').trim().split(/\s+/).slice(1);
      if (names.includes(hostname)) return names[0];
    }
  }
  return hostname;
}

export class Dpkg {
  readonly db: DpkgDb;
  private readonly m: typeof MSG.en;
  private dbRead = false;
  private readonly pendingTriggers: string[] = [];

  constructor(
    private readonly host: DpkgHost,
    private readonly catalogue: Catalogue,
  ) {
    this.db = DpkgDb.load(host.fs);
    this.m = host.fr ? MSG.fr : MSG.en;
  }

  private get fs(): FileSystem {
    return this.host.fs;
  }

  /** "(Reading database ... N files and directories currently installed.)" once per run. */
  private readDatabase(): void {
    if (this.dbRead) return;
    this.dbRead = true;
    const paths = new Set<string>();
    for (const e of this.db.list()) {
      if (e.state === 'not-installed') continue;
      for (const p of readList(this.fs, e.name, e)) paths.add(p);
    }
    // dpkg redraws the percentage with CR whether or not it writes to a terminal.
    const sep = '\r';
    let s = this.m.readingDb;
    for (let pct = 5; pct <= 100; pct += 5) s += `${sep}${this.m.readingDb}${pct}%`;
    s += `${sep}${this.m.readingDb}${this.m.filesInstalled(paths.size)}`;
    this.host.out(s);
  }

  /** dpkg --unpack of one package: its files, its .list, status "unpacked". */
  unpack(def: PackageDefinition): void {
    const old = this.db.get(def.name);
    const fresh = old === undefined || old.state === 'not-installed' || old.state === 'config-files';
    if (fresh && (old === undefined || old.state === 'not-installed')) this.host.out(this.m.selecting(def.name));
    this.readDatabase();
    this.host.out(this.m.preparing(`.../${debFileName(def)}`));
    this.host.out(this.m.unpacking(def.name, def.version));
    const listed = installFiles(this.fs, def, fresh);
    this.fs.mkdir('/var/lib/dpkg/info', ROOT, { parents: true, mode: 0o755 });
    this.fs.writeFile(listFile(def.name, def.multiArch, def.architecture), listed.join('\n') + '\n', ROOT, { mode: 0o644 });
    this.db.set({ name: def.name, want: 'install', state: 'unpacked', fields: statusFields(def) });
    this.db.save(this.fs);
    for (const t of def.triggers ?? []) if (!this.pendingTriggers.includes(t)) this.pendingTriggers.push(t);
  }

  /** dpkg --configure: "Setting up", accounts, alternatives, config + postinst, units. */
  async configure(def: PackageDefinition, debconf: DebconfSession, action: 'configure' | 'reconfigure' = 'configure', oldVersion: string | null = null): Promise<void> {
    if (action === 'configure') this.host.out(this.m.settingUp(def.name, def.version));
    const confmodule = new Confmodule({
      db: debconf.db,
      frontend: debconf.frontend,
      owner: def.name,
      priority: debconf.priority,
      reshow: debconf.reshow,
      langs: debconf.langs,
    });
    const ctx = this.context(def, confmodule, oldVersion);
    for (const a of def.accounts ?? []) ctx.addAccount(a);
    for (const alt of def.alternatives ?? []) this.host.out(installAlternative(this.fs, alt, this.host.fr));
    for (const u of def.units ?? []) this.host.services?.register(u);
    if (def.config !== undefined) {
      await def.config(confmodule, { action, oldVersion, fs: this.fs, hostname: this.host.hostname, fqdn: () => ctx.fqdn() });
    }
    if (def.postinst !== undefined) await def.postinst(ctx);
    debconf.db.save(this.fs);
    const e = this.db.get(def.name);
    if (e !== undefined) {
      e.state = 'installed';
      this.db.save(this.fs);
    }
  }

  /** dpkg --remove / --purge. */
  async remove(def: PackageDefinition, purge: boolean, debconf: DebconfDb | null): Promise<void> {
    const e = this.db.get(def.name);
    if (e === undefined) return;
    const version = field(e.fields, 'Version') ?? def.version;
    if (e.state !== 'config-files') {
      this.readDatabase();
      this.host.out(this.m.removing(def.name, version));
      for (const u of def.units ?? []) {
        const sm = this.host.services;
        if (sm !== null && sm.resolve(u.name) !== null) {
          await sm.stop(u.name);
          sm.disable(u.name);
          sm.unregister(u.name);
        }
      }
      for (const alt of def.alternatives ?? []) removeAlternative(this.fs, alt.name, alt.path);
      const conffiles = new Set(def.conffiles.map((c) => c.path));
      removeFiles(this.fs, readList(this.fs, def.name, e), conffiles);
      this.fs.unlink(listFile(def.name, field(e.fields, 'Multi-Arch'), field(e.fields, 'Architecture') ?? 'amd64'), ROOT);
      for (const t of def.triggers ?? []) if (t !== def.name && !this.pendingTriggers.includes(t)) this.pendingTriggers.push(t);
      if (conffiles.size > 0 && !purge) {
        e.want = 'deinstall';
        e.state = 'config-files';
        e.fields.set('Config-Version', version);
      } else if (!purge) this.db.delete(def.name);
    }
    if (purge) {
      if (e.state === 'config-files' || def.conffiles.length > 0) this.host.out(this.m.purging(def.name, version));
      for (const c of def.conffiles) this.fs.unlink(c.path, ROOT);
      if (def.postrm !== undefined && debconf !== null) {
        // postrm purge forgets the debconf answers.
      }
      debconf?.purgeOwner(def.name);
      if (debconf !== null) debconf.save(this.fs);
      this.db.delete(def.name);
    }
    this.db.save(this.fs);
  }

  /** dpkg's deferred triggers: "Processing triggers for man-db (2.11.2-2) ...". */
  runTriggers(): void {
    const order = ['man-db', 'libc-bin', 'dovecot-core', 'rsyslog'];
    const list = [...this.pendingTriggers].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    for (const t of list) {
      const v = this.db.isInstalled(t) ? this.db.version(t) : null;
      if (v !== null) this.host.out(this.m.triggers(t, v));
    }
    this.pendingTriggers.length = 0;
  }

  /** The context a maintainer script runs in. */
  context(def: PackageDefinition, debconf: Confmodule, oldVersion: string | null): MaintainerContext {
    const host = this.host;
    const fs = this.fs;
    return {
      pkg: def,
      fs,
      hostname: host.hostname,
      fqdn: () => hostFqdn(fs, host.hostname),
      out: (t) => host.out(t),
      debconf,
      oldVersion,
      fr: host.fr,
      addAccount: (a) => host.out(addSystemAccount(fs, a, { fr: host.fr, nowMs: host.now() })),
      run: (argv) => host.run(argv),
      invokeRcD: (service, action) => invokeRcD(host, service, action),
      enableUnit: (unit) => {
        const links = host.services?.enable(unit) ?? null;
        for (const [link, target] of links ?? []) host.out(`Created symlink ${link} → ${target}.\n`);
      },
      now: () => host.now(),
    };
  }
}

/** "postfix_3.7.11-0+deb12u1_amd64.deb" (an epoch's colon is %3a in the file name). */
export function debFileName(def: PackageDefinition): string {
  return `${def.name}_${def.version.replace(/^\d+:/, '')}_${def.architecture}.deb`;
}

/** invoke-rc.d: /usr/sbin/policy-rc.d exiting 101 forbids it (containers, chroots). */
export async function invokeRcD(host: DpkgHost, service: string, action: 'start' | 'restart' | 'stop'): Promise<void> {
  const policy = host.fs.readFile('/usr/sbin/policy-rc.d', ROOT);
  if (policy.ok && /exit\s+101/.test(dec.decode(policy.value))) {
    host.out('invoke-rc.d: could not determine current runlevel\n');
    host.out(`invoke-rc.d: policy-rc.d denied execution of ${action}.\n`);
    return;
  }
  const sm = host.services;
  if (sm === null || sm.resolve(service) === null) return;
  const result = action === 'start' ? await sm.start(service) : action === 'restart' ? await sm.restart(service) : await sm.stop(service);
  if (result === 'failed' || result === 'timeout') {
    const unit = sm.resolve(service)!;
    host.out(`Job for ${unit} failed because the control process exited with error code.\n`);
    host.out(`See "systemctl status ${unit}" and "journalctl -xeu ${unit}" for details.\n`);
    host.out(`invoke-rc.d: initscript ${service}, action "${action}" failed.\n`);
  }
}

/** Creates what the .deb holds; returns the paths for PKG.list ("/." first). */
export function installFiles(fs: FileSystem, def: PackageDefinition, fresh: boolean): string[] {
  const listed: string[] = ['/.'];
  const conffiles = new Set(def.conffiles.map((c) => c.path));
  const ownerIds = (owner: string, group: string): [number, number] => [owner === 'root' ? 0 : 0, group === 'root' ? 0 : 0];
  for (const f of def.files) {
    listed.push(f.path);
    installEntry(fs, f, fresh || !conffiles.has(f.path), ownerIds);
  }
  return listed;
}

function ensureParent(fs: FileSystem, path: string): void {
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  if (!fs.stat(dir, ROOT).ok) fs.mkdir(dir, ROOT, { parents: true, mode: 0o755 });
}

/** One .deb entry; a conffile the user may have edited is kept when `overwrite` is false. */
export function installEntry(fs: FileSystem, f: ManifestEntry, overwrite: boolean, ownerIds: (o: string, g: string) => [number, number]): void {
  switch (f.kind) {
    case 'dir': {
      const st = fs.stat(f.path, ROOT);
      if (!st.ok) {
        fs.mkdir(f.path, ROOT, { parents: true, mode: f.mode });
        fs.chmod(f.path, f.mode, ROOT);
      }
      return;
    }
    case 'file': {
      if (!overwrite && fs.lstat(f.path, ROOT).ok) return;
      ensureParent(fs, f.path);
      fs.writeFile(f.path, f.content ?? '', ROOT, { mode: f.mode });
      fs.chmod(f.path, f.mode, ROOT);
      const [u, g] = ownerIds(f.owner, f.group);
      fs.chown(f.path, u, g, ROOT);
      return;
    }
    case 'exec':
      installProgram(fs, f.path, f.program, f.mode);
      return;
    case 'symlink':
      ensureParent(fs, f.path);
      fs.unlink(f.path, ROOT);
      fs.symlink(f.target, f.path, ROOT);
      return;
    case 'hardlink': {
      ensureParent(fs, f.path);
      fs.unlink(f.path, ROOT);
      if (!fs.link(f.target, f.path, ROOT).ok) {
        const r = fs.readFile(f.target, ROOT);
        if (r.ok) fs.writeFile(f.path, r.value, ROOT, { mode: 0o755 });
      }
      return;
    }
  }
}

/** Removes a package's paths, deepest first; directories only when empty; conffiles stay. */
export function removeFiles(fs: FileSystem, paths: readonly string[], keep: ReadonlySet<string>): void {
  const sorted = [...paths].filter((p) => p !== '/.' && !keep.has(p)).sort((a, b) => b.length - a.length);
  for (const p of sorted) {
    const st = fs.lstat(p, ROOT);
    if (!st.ok) continue;
    if (st.value.type === 'dir') fs.rmdir(p, ROOT);
    else fs.unlink(p, ROOT);
  }
}
