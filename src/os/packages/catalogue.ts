// The package catalogue: every package apt can see (the bookworm archive data), with the files
// of its .deb and, for the packages the practicals use, their maintainer scripts as code.
// Built once per process (the data is shared by every host) and read-only.
import { BOOKWORM_PACKAGES } from './data/bookworm-packages.ts';
import { MANIFESTS } from './data/manifests.ts';
import { PACKAGE_CONTENTS } from './data/contents/index.ts';
import { STANDARD_SYSTEM } from './data/standard-system.ts';
import { field, parseStanzas } from './deb822.ts';
import { BEHAVIOURS } from './definitions/index.ts';
import type { Conffile, ManifestEntry, PackageDefinition } from './types.ts';

/** One alternative of a relationship: `name (op version)` (the version is not checked). */
export interface Relation {
  readonly name: string;
  readonly op: string | null;
  readonly version: string | null;
}

/** "a (>= 1), b | c" -> [[a], [b, c]]. */
export function parseRelations(text: string): Relation[][] {
  if (text.trim() === '') return [];
  return text.split(',').map((group) =>
    group.split('|').map((alt) => {
      const m = /^\s*([^\s(:]+)(?::\S+)?\s*(?:\(\s*([<>=]+)\s*([^)\s]+)\s*\))?/.exec(alt);
      return m === null ? { name: alt.trim(), op: null, version: null } : { name: m[1], op: m[2] ?? null, version: m[3] ?? null };
    }),
  );
}

/**
 * Executables Debian names after their package and reaches through update-alternatives: they
 * run the program of the command (the commands register "nc", "telnet", "mail"...).
 */
export const PROGRAM_ALIASES: Readonly<Record<string, string>> = {
  'nc.openbsd': 'nc',
  'inetutils-telnet': 'telnet',
  'vim.tiny': 'vim',
  'mail.mailutils': 'mail',
  'frm.mailutils': 'frm',
  'from.mailutils': 'from',
  'messages.mailutils': 'messages',
  'movemail.mailutils': 'movemail',
  'readmsg.mailutils': 'readmsg',
  'dotlock.mailutils': 'dotlock',
};

function parseMode(s: string): number {
  return parseInt(s, 8);
}

/** Parses a package's manifest lines (see data/manifests.ts). */
export function parseManifest(text: string, contents: Readonly<Record<string, string>> = {}): { files: ManifestEntry[]; conffiles: Conffile[]; triggers: string[] } {
  const files: ManifestEntry[] = [];
  const conffiles: Conffile[] = [];
  const triggers: string[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    switch (f[0]) {
      case 'd': {
        const [owner, group] = f[2].split(':');
        files.push({ kind: 'dir', mode: parseMode(f[1]), owner, group, path: f.slice(3).join(' ') });
        break;
      }
      case 'f': {
        const [owner, group] = f[2].split(':');
        const hasText = f[f.length - 1] === '+';
        const path = f.slice(4, hasText ? -1 : undefined).join(' ');
        files.push({ kind: 'file', mode: parseMode(f[1]), owner, group, size: Number(f[3]), path, content: hasText ? (contents[path] ?? '') : null });
        break;
      }
      case 'x': {
        const [owner, group] = f[2].split(':');
        const program = f.slice(5).join(' ');
        files.push({ kind: 'exec', mode: parseMode(f[1]), owner, group, size: Number(f[3]), path: f[4], program: PROGRAM_ALIASES[program] ?? program });
        break;
      }
      case 'l':
        files.push({ kind: 'symlink', path: f[1], target: f.slice(2).join(' ') });
        break;
      case 'h':
        files.push({ kind: 'hardlink', path: f[1], target: f.slice(2).join(' ') });
        break;
      case 'c':
        conffiles.push({ path: f[1], md5: f[2] });
        break;
      case 't':
        triggers.push(f[1]);
        break;
      default:
        break;
    }
  }
  return { files, conffiles, triggers };
}

export class Catalogue {
  private readonly packages = new Map<string, PackageDefinition>();
  /** Virtual package -> the real packages that provide it. */
  private readonly providers = new Map<string, string[]>();

  constructor(defs: Iterable<PackageDefinition>) {
    for (const d of defs) {
      this.packages.set(d.name, d);
      for (const group of parseRelations(d.provides)) {
        for (const r of group) {
          const list = this.providers.get(r.name) ?? [];
          list.push(d.name);
          this.providers.set(r.name, list);
        }
      }
    }
  }

  get(name: string): PackageDefinition | undefined {
    return this.packages.get(name);
  }

  has(name: string): boolean {
    return this.packages.has(name);
  }

  /** Real packages providing a virtual name (mail-transport-agent -> postfix). */
  providersOf(name: string): readonly string[] {
    return this.providers.get(name) ?? [];
  }

  all(): IterableIterator<PackageDefinition> {
    return this.packages.values();
  }

  names(): string[] {
    return [...this.packages.keys()];
  }
}

let shared: Catalogue | null = null;

/** The archive's packages with their files and behaviour (parsed once). */
export function bookworm(): Catalogue {
  if (shared !== null) return shared;
  const defs: PackageDefinition[] = [];
  for (const st of parseStanzas(BOOKWORM_PACKAGES)) {
    const name = field(st, 'Package');
    if (name === undefined) continue;
    const desc = field(st, 'Description') ?? '';
    const nl = desc.indexOf('\n');
    const manifest = MANIFESTS[name];
    const parsed = manifest !== undefined ? parseManifest(manifest, PACKAGE_CONTENTS[name]) : { files: [], conffiles: [], triggers: [] };
    const sources = field(st, 'APT-Sources') ?? 'http://deb.debian.org/debian bookworm/main amd64 Packages';
    defs.push({
      name,
      version: field(st, 'Version') ?? '',
      architecture: field(st, 'Architecture') ?? 'amd64',
      maintainer: field(st, 'Maintainer') ?? '',
      installedSize: Number(field(st, 'Installed-Size') ?? '0'),
      downloadSize: Number(field(st, 'Size') ?? '0'),
      section: field(st, 'Section') ?? '',
      priority: field(st, 'Priority') ?? 'optional',
      essential: field(st, 'Essential') === 'yes',
      source: field(st, 'Source') ?? null,
      multiArch: field(st, 'Multi-Arch') ?? null,
      homepage: field(st, 'Homepage') ?? null,
      tag: field(st, 'Tag') ?? null,
      preDepends: field(st, 'Pre-Depends') ?? '',
      depends: field(st, 'Depends') ?? '',
      recommends: field(st, 'Recommends') ?? '',
      suggests: field(st, 'Suggests') ?? '',
      provides: field(st, 'Provides') ?? '',
      conflicts: field(st, 'Conflicts') ?? '',
      breaks: field(st, 'Breaks') ?? '',
      replaces: field(st, 'Replaces') ?? '',
      description: nl < 0 ? desc : desc.slice(0, nl),
      longDescription: nl < 0 ? '' : desc.slice(nl + 1),
      archive: sources.replace(/ amd64 Packages$/, ''),
      files: parsed.files,
      conffiles: parsed.conffiles,
      triggers: parsed.triggers,
      ...(BEHAVIOURS[name] ?? {}),
    });
  }
  shared = new Catalogue(defs);
  return shared;
}

/** The packages of a standard Debian 12 install (what every host has at boot). */
export function standardSystem(): readonly string[] {
  return STANDARD_SYSTEM;
}
