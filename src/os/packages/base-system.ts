// The packages a host has when it boots: a Debian 12 install with "standard system utilities"
// (data/standard-system.ts), recorded in /var/lib/dpkg/status and PKG.list, with the files of
// the packages the labs use from the terminal (nc, ping, ip, telnet, nano, dig...) and their
// update-alternatives links. Two choices differ from a stock install and say so: the OpenBSD
// netcat replaces netcat-traditional (the labs' `nc` is OpenBSD's, as the recordings are), and
// a scenario may add or leave out packages.
import type { Credentials, FileSystem } from '../fs/types.ts';
import { alternativeEntries } from './alternatives.ts';
import { bookworm, type Catalogue } from './catalogue.ts';
import { DpkgDb, listFile, statusFields } from './dpkg-db.ts';
import type { Alternative } from './types.ts';
import { MemoryFileSystem, type InstallEntry } from '../fs/memory-fs.ts';
import { executableFile } from '../process/executable.ts';
import { STANDARD_SYSTEM } from './data/standard-system.ts';
import { planInstall } from './resolver.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };

/** Standard packages whose files are written at boot (the rest is the Debian base tree's). */
export const BASE_PACKAGES_WITH_FILES: readonly string[] = [
  'iproute2', 'iputils-ping', 'netcat-openbsd', 'inetutils-telnet', 'nano', 'vim-tiny', 'isc-dhcp-client',
  'isc-dhcp-common', 'bind9-dnsutils', 'bind9-host', 'procps', 'whiptail', 'traceroute', 'apt', 'dpkg', 'debconf',
];

export interface BaseSystemOptions {
  /**
   * Extra packages (with what they depend on) marked installed without running their scripts;
   * a scenario's preinstalled services should be installed with apt's code instead.
   */
  readonly add?: readonly string[];
  /** rsyslog is there by default, as the Debian base tree decides (src/os/debian-base.ts). */
  readonly rsyslog?: boolean;
  /** Packages of the standard set to leave out. */
  readonly remove?: readonly string[];
  /** Whose files to write (default BASE_PACKAGES_WITH_FILES). */
  readonly withFiles?: readonly string[];
}

/** A standard install, with the OpenBSD netcat in place of netcat-traditional. */
const STANDARD: readonly string[] = STANDARD_SYSTEM.filter((n) => n !== 'netcat-traditional').concat('netcat-openbsd');

/** The package names of the boot-time system. */
export function basePackageNames(opts: BaseSystemOptions = {}, cat: Catalogue = bookworm()): string[] {
  const names = new Set(STANDARD.filter((n) => cat.has(n)));
  const extra = [...(opts.rsyslog === false ? [] : ['rsyslog']), ...(opts.add ?? [])];
  if (extra.length > 0) {
    const plan = planInstall(cat, { isInstalled: (n) => names.has(n) }, extra.filter((n) => cat.has(n)), { recommends: false });
    if (!('error' in plan)) for (const p of plan.install) names.add(p.name);
  }
  for (const n of opts.remove ?? []) names.delete(n);
  return [...names].sort();
}

interface BaseImage {
  readonly key: string;
  /** Written on every host: the status file and the .list files. */
  readonly db: readonly InstallEntry[];
  /** Written where nothing is yet: programs, links and texts of the file-bearing packages. */
  readonly files: readonly InstallEntry[];
}

/** Built once per set of names and shared by every host (MemoryFileSystem copies on write). */
let cached: BaseImage | null = null;

function image(names: readonly string[], withFiles: ReadonlySet<string>): BaseImage {
  const key = `${names.join(' ')}|${[...withFiles].join(' ')}`;
  if (cached !== null && cached.key === key) return cached;
  const cat = bookworm();
  const enc = new TextEncoder();
  const db = new DpkgDb();
  const dbEntries: InstallEntry[] = [];
  const files: InstallEntry[] = [];
  const alternatives: Alternative[] = [];
  const programs = new Map<string, Uint8Array>();
  for (const n of names) {
    const def = cat.get(n)!;
    db.set({ name: n, want: 'install', state: 'installed', fields: statusFields(def) });
    // Only packages whose files the simulator knows get a .list (the others' files are the
    // Debian base tree's; writing 290 lists per host would cost more than the rest of a boot).
    const list = ['/.', ...def.files.map((f) => f.path)].join('\n') + '\n';
    if (def.files.length > 0) dbEntries.push({ path: listFile(n, def.multiArch, def.architecture), type: 'file', mode: 0o644, content: enc.encode(list) });
    if (!withFiles.has(n)) continue;
    for (const f of def.files) {
      if (f.kind === 'exec') {
        let bytes = programs.get(f.program);
        if (bytes === undefined) {
          bytes = executableFile(f.program);
          programs.set(f.program, bytes);
        }
        files.push({ path: f.path, type: 'file', mode: f.mode, content: bytes });
      } else if (f.kind === 'file' && f.content !== null) files.push({ path: f.path, type: 'file', mode: f.mode, content: enc.encode(f.content) });
      else if (f.kind === 'symlink') files.push({ path: f.path, type: 'symlink', target: f.target });
    }
    alternatives.push(...(def.alternatives ?? []));
  }
  for (const a of alternativeEntries(alternatives)) {
    files.push(a.target !== undefined ? { path: a.path, type: 'symlink', target: a.target } : { path: a.path, type: 'file', mode: 0o644, content: enc.encode(a.text ?? '') });
  }
  dbEntries.unshift({ path: '/var/lib/dpkg/status', type: 'file', mode: 0o644, content: enc.encode(db.format()) });
  cached = { key, db: dbEntries, files };
  return cached;
}

function write(fs: FileSystem, e: InstallEntry, onlyIfMissing: boolean): void {
  if (onlyIfMissing && fs.lstat(e.path, ROOT).ok) return;
  if (fs instanceof MemoryFileSystem) {
    try {
      fs.install(e);
      return;
    } catch {
      // A path through something that is not a directory: the ordinary calls say why.
    }
  }
  const dir = e.path.slice(0, e.path.lastIndexOf('/')) || '/';
  if (!fs.stat(dir, ROOT).ok) fs.mkdir(dir, ROOT, { parents: true, mode: 0o755 });
  if (e.type === 'symlink') {
    fs.unlink(e.path, ROOT);
    fs.symlink(e.target ?? '', e.path, ROOT);
  } else {
    fs.writeFile(e.path, e.content ?? '', ROOT, { mode: e.mode });
    fs.chmod(e.path, e.mode ?? 0o644, ROOT);
  }
}

/**
 * Writes the dpkg database of the base system and the files of the packages the labs use.
 * Cheap enough for fifty hosts: built once, shared bytes, files already there are kept.
 */
export function installBaseSystem(fs: FileSystem, opts: BaseSystemOptions = {}): void {
  const names = basePackageNames(opts, bookworm());
  const img = image(names, new Set(opts.withFiles ?? BASE_PACKAGES_WITH_FILES));
  for (const e of img.db) write(fs, e, false);
  for (const e of img.files) write(fs, e, true);
}
