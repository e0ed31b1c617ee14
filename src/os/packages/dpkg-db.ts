// dpkg's database as files: /var/lib/dpkg/status (one stanza per package with its Status:
// `install ok installed`, `deinstall ok config-files` after a remove) and
// /var/lib/dpkg/info/PKG.list (every path the package installed, "/." first). `dpkg -l`,
// `dpkg -L`, apt and dpkg-reconfigure all read these files; nothing else holds the truth.
import type { Credentials, FileSystem } from '../fs/types.ts';
import { field, formatStanza, parseStanzas, type Stanza } from './deb822.ts';
import type { PackageDefinition } from './types.ts';

export const STATUS_FILE = '/var/lib/dpkg/status';
export const INFO_DIR = '/var/lib/dpkg/info';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
const dec = new TextDecoder();

export type Want = 'unknown' | 'install' | 'hold' | 'deinstall' | 'purge';
export type State = 'not-installed' | 'config-files' | 'half-installed' | 'unpacked' | 'half-configured' | 'triggers-awaited' | 'triggers-pending' | 'installed';

export interface StatusEntry {
  readonly name: string;
  want: Want;
  state: State;
  /** Every other field, in dpkg's order. */
  fields: Stanza;
}

/** dpkg's field order in the status file (lib/dpkg/parse.c fieldinfos). */
const ORDER = [
  'Package', 'Essential', 'Status', 'Priority', 'Section', 'Installed-Size', 'Origin', 'Maintainer', 'Bugs',
  'Architecture', 'Multi-Arch', 'Source', 'Version', 'Config-Version', 'Replaces', 'Provides', 'Depends',
  'Pre-Depends', 'Recommends', 'Suggests', 'Breaks', 'Conflicts', 'Enhances', 'Conffiles', 'Description', 'Homepage',
];

/** The status stanza of a package installed from the catalogue. */
export function statusFields(def: PackageDefinition): Stanza {
  const st: Stanza = new Map();
  const put = (k: string, v: string | null | undefined): void => {
    if (v !== null && v !== undefined && v !== '') st.set(k, v);
  };
  if (def.essential) put('Essential', 'yes');
  put('Priority', def.priority);
  put('Section', def.section);
  put('Installed-Size', String(def.installedSize));
  put('Maintainer', def.maintainer);
  put('Architecture', def.architecture);
  put('Multi-Arch', def.multiArch);
  put('Source', def.source);
  put('Version', def.version);
  put('Replaces', def.replaces);
  put('Provides', def.provides);
  put('Depends', def.depends);
  put('Pre-Depends', def.preDepends);
  put('Recommends', def.recommends);
  put('Suggests', def.suggests);
  put('Breaks', def.breaks);
  put('Conflicts', def.conflicts);
  if (def.conffiles.length > 0) st.set('Conffiles', '\n' + def.conffiles.map((c) => `${c.path} ${c.md5}`).join('\n'));
  put('Description', def.longDescription === '' ? def.description : `${def.description}\n${def.longDescription}`);
  put('Homepage', def.homepage);
  return st;
}

export class DpkgDb {
  private readonly entries = new Map<string, StatusEntry>();

  static parse(text: string): DpkgDb {
    const db = new DpkgDb();
    for (const st of parseStanzas(text)) {
      const name = field(st, 'Package');
      if (name === undefined) continue;
      const [want, , state] = (field(st, 'Status') ?? 'unknown ok not-installed').split(' ');
      st.delete('Package');
      st.delete('Status');
      db.entries.set(name, { name, want: want as Want, state: (state ?? 'not-installed') as State, fields: st });
    }
    return db;
  }

  static load(fs: FileSystem): DpkgDb {
    const r = fs.readFile(STATUS_FILE, ROOT);
    return DpkgDb.parse(r.ok ? dec.decode(r.value) : '');
  }

  format(): string {
    const names = [...this.entries.keys()].sort();
    return names
      .map((n) => {
        const e = this.entries.get(n)!;
        const all = new Map<string, string>([['Package', n], ['Status', `${e.want} ok ${e.state}`], ...e.fields]);
        const ordered: [string, string][] = [];
        for (const k of ORDER) if (all.has(k)) ordered.push([k, all.get(k)!]);
        for (const [k, v] of all) if (!ORDER.includes(k)) ordered.push([k, v]);
        return formatStanza(ordered);
      })
      .join('\n');
  }

  save(fs: FileSystem): void {
    fs.mkdir(INFO_DIR, ROOT, { parents: true, mode: 0o755 });
    fs.writeFile(STATUS_FILE, this.format(), ROOT, { mode: 0o644 });
  }

  get(name: string): StatusEntry | undefined {
    return this.entries.get(name);
  }

  /** Installed (ii) or half-installed: what apt counts as present. */
  isInstalled(name: string): boolean {
    const e = this.entries.get(name);
    return e !== undefined && e.state !== 'not-installed' && e.state !== 'config-files';
  }

  version(name: string): string | null {
    const e = this.entries.get(name);
    return e === undefined ? null : (field(e.fields, 'Version') ?? null);
  }

  set(entry: StatusEntry): void {
    this.entries.set(entry.name, entry);
  }

  delete(name: string): void {
    this.entries.delete(name);
  }

  list(): StatusEntry[] {
    return [...this.entries.keys()].sort().map((n) => this.entries.get(n)!);
  }
}

/** The `.list` file name: libraries of Multi-Arch: same carry the architecture. */
export function listFile(name: string, multiArch: string | null | undefined, arch: string): string {
  return multiArch === 'same' ? `${INFO_DIR}/${name}:${arch}.list` : `${INFO_DIR}/${name}.list`;
}

export function readList(fs: FileSystem, name: string, entry: StatusEntry | undefined): string[] {
  const arch = entry ? (field(entry.fields, 'Architecture') ?? 'amd64') : 'amd64';
  const ma = entry ? field(entry.fields, 'Multi-Arch') : undefined;
  const r = fs.readFile(listFile(name, ma, arch), ROOT);
  if (!r.ok) return [];
  return dec.decode(r.value).split('\n').filter((l) => l !== '');
}
