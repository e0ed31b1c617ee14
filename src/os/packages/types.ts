// What the package system knows about a package: the archive's metadata (as `apt show` prints
// it), the files its .deb holds, and what its maintainer scripts do, written as code: system
// accounts, debconf templates and config script, the postinst's configure step, the services
// it registers and whether invoke-rc.d starts them.
import type { UnitDefinition } from '../services/unit.ts';
import type { Confmodule } from './debconf/confmodule.ts';
import type { FileSystem } from '../fs/types.ts';

/** One entry of a .deb's data (see data/manifests.ts for the text form). */
export type ManifestEntry =
  | { readonly kind: 'dir'; readonly path: string; readonly mode: number; readonly owner: string; readonly group: string }
  | { readonly kind: 'file'; readonly path: string; readonly mode: number; readonly owner: string; readonly group: string; readonly size: number; readonly content: string | null }
  | { readonly kind: 'exec'; readonly path: string; readonly mode: number; readonly owner: string; readonly group: string; readonly size: number; readonly program: string }
  | { readonly kind: 'symlink'; readonly path: string; readonly target: string }
  | { readonly kind: 'hardlink'; readonly path: string; readonly target: string };

export interface Conffile {
  readonly path: string;
  readonly md5: string;
}

/** adduser --system / addgroup --system as a maintainer script runs them. */
export type SystemAccount =
  | { readonly kind: 'group'; readonly name: string; readonly quiet?: boolean }
  | {
      readonly kind: 'user';
      readonly name: string;
      readonly home: string;
      /** --ingroup NAME, or --group (a group of the user's name). */
      readonly group: string;
      readonly createHome: boolean;
      readonly gecos?: string;
      readonly quiet?: boolean;
    };

/** update-alternatives --install LINK NAME PATH PRIORITY (slaves that matter: extra links). */
export interface Alternative {
  readonly link: string;
  readonly name: string;
  readonly path: string;
  readonly priority: number;
  readonly slaves?: readonly { readonly link: string; readonly name: string; readonly path: string }[];
}

/** What a maintainer script can do on the host while dpkg runs it. */
export interface MaintainerContext {
  readonly pkg: PackageDefinition;
  readonly fs: FileSystem;
  /** The host name as `hostname` prints it, and the FQDN `hostname --fqdn` finds in /etc/hosts. */
  readonly hostname: string;
  fqdn(): string;
  /** dpkg's output (the terminal of apt or dpkg-reconfigure). */
  out(text: string): void;
  /** The debconf protocol for this package (db_get, db_fset...). */
  readonly debconf: Confmodule;
  /** The installed version being upgraded or reconfigured, null on a fresh install. */
  readonly oldVersion: string | null;
  /** French system messages (adduser's) under LANG=fr_FR.UTF-8. */
  readonly fr: boolean;
  /** Creates a system account as adduser does (printing its lines unless quiet). */
  addAccount(account: SystemAccount): void;
  /** Runs another program of the host (newaliases); null when it is not available. */
  run(argv: readonly string[]): Promise<number | null>;
  /** invoke-rc.d NAME ACTION: respects /usr/sbin/policy-rc.d, then asks the service manager. */
  invokeRcD(service: string, action: 'start' | 'restart' | 'stop'): Promise<void>;
  /** deb-systemd-helper enable: the unit's wants link ("Created symlink ..." when new). */
  enableUnit(unit: string): void;
  /** Wall-clock ms of the host. */
  now(): number;
}

export type MaintainerScript = (ctx: MaintainerContext) => Promise<void>;

/** debconf config script: asks its questions through the confmodule. */
export type ConfigScript = (debconf: Confmodule, ctx: { readonly action: 'configure' | 'reconfigure'; readonly oldVersion: string | null; readonly fs: FileSystem; readonly hostname: string; fqdn(): string }) => Promise<void>;

/** Behaviour a package adds to its archive data (maintainer scripts as code). */
export interface PackageBehaviour {
  readonly accounts?: readonly SystemAccount[];
  /** The templates control file (debconf). */
  readonly templates?: string;
  readonly config?: ConfigScript;
  /** preinst install/upgrade (dpkg-reconfigure runs `preinst upgrade VERSION` too). */
  readonly preinst?: (ctx: MaintainerContext, action: 'install' | 'upgrade') => Promise<void>;
  /** postinst configure, after the accounts were created. */
  readonly postinst?: MaintainerScript;
  /** postrm remove/purge (files of the package are already gone). */
  readonly postrm?: (ctx: MaintainerContext, action: 'remove' | 'purge') => Promise<void>;
  /** Services registered with the service manager once configured. */
  readonly units?: readonly UnitDefinition[];
  /** dh_installinit: invoke-rc.d starts (restarts on reconfigure) the first unit after configure. */
  readonly startOnInstall?: boolean;
  /** update-alternatives --install calls of its postinst, in order. */
  readonly alternatives?: readonly Alternative[];
  /** Triggers it activates ("man-db": "Processing triggers for man-db (2.11.2-2) ..."). */
  readonly triggers?: readonly string[];
}

export interface PackageDefinition extends PackageBehaviour {
  readonly name: string;
  readonly version: string;
  readonly architecture: string;
  readonly maintainer: string;
  /** KiB, as dpkg counts (apt prints it in kB). */
  readonly installedSize: number;
  /** Bytes of the .deb. */
  readonly downloadSize: number;
  readonly section: string;
  readonly priority: string;
  readonly essential: boolean;
  readonly source: string | null;
  readonly multiArch: string | null;
  readonly homepage: string | null;
  readonly tag: string | null;
  /** Relationship fields as written in the archive ('' when absent). */
  readonly preDepends: string;
  readonly depends: string;
  readonly recommends: string;
  readonly suggests: string;
  readonly provides: string;
  readonly conflicts: string;
  readonly breaks: string;
  readonly replaces: string;
  /** The synopsis, and the long description lines as in the control file (` .` for blank lines). */
  readonly description: string;
  readonly longDescription: string;
  /** "http://deb.debian.org/debian bookworm/main" (the Get: and APT-Sources lines). */
  readonly archive: string;
  /** Files of the .deb; empty when only the metadata is known. */
  readonly files: readonly ManifestEntry[];
  readonly conffiles: readonly Conffile[];
}
