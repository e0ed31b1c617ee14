// Packages a scenario wants installed before the student arrives (`packages: [postfix]`,
// `debconf: {postfix/mailname: ...}`): apt's own steps (resolution, unpack, configure with the
// package's scripts, units registered) with the answers preseeded, no questions and no output,
// as a teacher's `DEBIAN_FRONTEND=noninteractive apt-get install -y` would have left the host.
import type { ServiceManager } from '../services/service-manager.ts';
import type { FileSystem } from '../fs/types.ts';
import { bookworm } from './catalogue.ts';
import type { DebconfFrontend } from './debconf/confmodule.ts';
import { DebconfDb } from './debconf/database.ts';
import { Dpkg } from './dpkg.ts';
import { readAutoInstalled, writeAutoInstalled } from './extended-states.ts';
import { planInstall } from './resolver.ts';

export interface PreinstallOptions {
  readonly fs: FileSystem;
  readonly hostname: string;
  now(): number;
  /** The host's service manager: units are registered, and started unless `start` is false. */
  readonly services: ServiceManager | null;
  readonly packages: readonly string[];
  /** debconf answers by question name ("postfix/main_mailer_type": "Internet Site"). */
  readonly debconf?: Readonly<Record<string, string>>;
  /** Run a host program (postfix's postinst runs newaliases); default: none. */
  run?(argv: readonly string[]): Promise<number | null>;
  /** Whether invoke-rc.d may start the services (default true). */
  readonly start?: boolean;
  /** French messages (they are discarded, but the scripts may write localized files). */
  readonly fr?: boolean;
}

const SILENT: DebconfFrontend = { name: 'Noninteractive', interactive: false, title: '', ask: async () => null };

/** Installs the packages; returns the names that do not exist in the catalogue. */
export async function preinstallPackages(opts: PreinstallOptions): Promise<string[]> {
  const cat = bookworm();
  const unknown = opts.packages.filter((n) => !cat.has(n) && cat.providersOf(n).length === 0);
  const wanted = opts.packages.filter((n) => !unknown.includes(n));
  const dpkg = new Dpkg(
    {
      fs: opts.fs,
      hostname: opts.hostname,
      now: () => opts.now(),
      services: opts.services,
      run: opts.run ?? (async () => null),
      out: () => {},
      fr: opts.fr ?? false,
      tty: false,
    },
    cat,
  );
  const plan = planInstall(cat, dpkg.db, wanted, { recommends: true });
  if ('error' in plan) return [...unknown, plan.name];
  const db = DebconfDb.load(opts.fs);
  for (const p of plan.install) if (p.templates !== undefined) db.loadTemplates(p.name, p.templates);
  for (const [name, value] of Object.entries(opts.debconf ?? {})) {
    const owner = name.split('/')[0];
    db.preseed(owner, name, db.type(name) || 'string', value);
  }
  const policy = '/usr/sbin/policy-rc.d';
  const hadPolicy = opts.fs.lstat(policy, { uid: 0, gid: 0, groups: [0] }).ok;
  const root = { uid: 0, gid: 0, groups: [0] };
  if (opts.start === false && !hadPolicy) opts.fs.writeFile(policy, '#!/bin/sh\nexit 101\n', root, { mode: 0o755 });
  const session = { db, frontend: SILENT, priority: 'high' as const, langs: [] };
  for (const n of plan.remove) {
    const def = cat.get(n);
    if (def !== undefined) await dpkg.remove(def, false, db);
  }
  for (const p of plan.install) dpkg.unpack(p);
  for (const p of plan.install) await dpkg.configure(p, session);
  dpkg.runTriggers();
  db.save(opts.fs);
  if (opts.start === false && !hadPolicy) opts.fs.unlink(policy, root);
  const auto = readAutoInstalled(opts.fs);
  for (const p of plan.install) if (!wanted.includes(p.name)) auto.add(p.name);
  writeAutoInstalled(opts.fs, auto, (n) => cat.get(n)?.architecture ?? 'amd64');
  return unknown;
}
