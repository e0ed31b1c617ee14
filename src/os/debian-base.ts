// The file tree of a fresh Debian 12 netinst ("standard system utilities"), as every simulated
// host starts. Package files are the real ones (src/os/debian-base/*.ts, verbatim) with their
// package's mtime; files the installer wrote (accounts, hostname, hosts...) get "now".
//
// Decision: rsyslog is preinstalled. A stock Debian 12 logs to journald only, but the labs'
// machines (seeds) and the recordings (fidelity/) have /var/log/syslog and /var/log/mail.log,
// so /etc/rsyslog.conf (Debian 12's, verbatim) is here; `rsyslog: false` leaves it out.
//
// Speed: the static part is described once, with its file contents encoded once and shared by
// every host (MemoryFileSystem.install never copies them; a write makes a private copy).
import type { Rng } from '../engine/rng.ts';
import { Rng as SeededRng } from '../engine/rng.ts';
import type { MemoryFileSystem, InstallEntry } from './fs/memory-fs.ts';
import type { SpecialFile } from './fs/types.ts';
import { daysSinceEpoch } from './users/shadow.ts';
import { INSTALLER_UID, debianAccounts, type InstallerUser } from './debian-base/accounts.ts';
import { ETC_ADDUSER_CONF, ETC_DELUSER_CONF } from './debian-base/etc-adduser.ts';
import { ETC_DEFAULT_USERADD, ETC_LOGIN_DEFS } from './debian-base/etc-login-defs.ts';
import { ETC_PROTOCOLS, ETC_RPC } from './debian-base/etc-protocols.ts';
import {
  DEBIAN_VERSION,
  ETC_HOST_CONF,
  ETC_ISSUE,
  ETC_ISSUE_NET,
  ETC_MOTD,
  ETC_NETWORKS,
  ETC_NSSWITCH_CONF,
  OS_RELEASE,
} from './debian-base/etc-release.ts';
import { ETC_LOGROTATE_RSYSLOG, ETC_RSYSLOG_CONF } from './debian-base/etc-rsyslog.ts';
import { ETC_SERVICES } from './debian-base/etc-services.ts';
import {
  ETC_BASH_BASHRC,
  ETC_PROFILE,
  ROOT_BASHRC,
  ROOT_PROFILE,
  SKEL_BASHRC,
  SKEL_BASH_LOGOUT,
  SKEL_PROFILE,
} from './debian-base/shell-files.ts';

export interface DebianBaseOptions {
  readonly hostname: string;
  readonly domain?: string;
  /**
   * The account debian-installer creates (uid 1000, in cdrom, audio, users...). Default
   * `{ name: 'debian' }`: with it the first user a lab adds gets 1001, as in the seeds and
   * the recordings. `null` for none.
   */
  readonly installerUser?: InstallerUser | null;
  /** /etc/shadow hash fields (default '*': no password until the simulation sets one). */
  readonly rootHash?: string;
  readonly installerUserHash?: string;
  /** /etc/timezone and /etc/localtime (default 'Etc/UTC'). */
  readonly timeZone?: string;
  /** Written to /etc/default/locale as LANG if given (e.g. 'fr_FR.UTF-8'). */
  readonly locale?: string;
  /** Default true: see the decision above. */
  readonly rsyslog?: boolean;
  /** Feeds /dev/urandom and /etc/machine-id (default: a stream derived from the host name). */
  readonly rng?: Rng;
}

const encoder = new TextEncoder();

// Package mtimes (seconds), from the Debian 12.11 packages.
const T_BASE_FILES = 1746802200; // base-files 12.4+deb12u11
const T_BASH = 1745016454; // bash 5.2.15-2+b8
const T_LOGIN = 1744022326; // login 1:4.13+dfsg1-1+deb12u1
const T_ADDUSER = 1685030075; // adduser 3.134
const T_NETBASE_SERVICES = 1616884377; // netbase 6.4
const T_NETBASE = 1666045145;
const T_RPC = 1666045462;
const T_PROFILE = 1618084800; // /etc/profile and root's .bashrc of base-files
const T_DOT_PROFILE = 1562666750;
const T_HOST_CONF = 1154970849;
const T_NETWORKS = 1750775814;
const T_RSYSLOG = 1736359985; // rsyslog 8.2302.0-1+deb12u2

type Spec = readonly [kind: 'd', path: string, mode: number, gid?: number] | readonly [kind: 'l', path: string, target: string] | readonly [kind: 'f', path: string, mode: number, content: string, mtimeS: number];

const GID_TTY = 5;
const GID_MAIL = 8;
const GID_SHADOW = 42;
const GID_UTMP = 43;
const GID_STAFF = 50;
const GID_JOURNAL = 999;

/** The static tree: FHS directories, merged-/usr links, package files. */
const STATIC: readonly Spec[] = [
  ['d', '/boot', 0o755], ['d', '/dev', 0o755], ['d', '/dev/pts', 0o755], ['d', '/dev/shm', 0o1777],
  ['l', '/dev/fd', '/proc/self/fd'], ['l', '/dev/stdin', '/proc/self/fd/0'], ['l', '/dev/stdout', '/proc/self/fd/1'], ['l', '/dev/stderr', '/proc/self/fd/2'],
  ['d', '/etc', 0o755], ['d', '/home', 0o755], ['d', '/media', 0o755], ['d', '/mnt', 0o755], ['d', '/opt', 0o755],
  ['d', '/proc', 0o555], ['d', '/root', 0o700], ['d', '/run', 0o755], ['d', '/run/lock', 0o1777], ['d', '/srv', 0o755],
  ['d', '/sys', 0o555], ['d', '/tmp', 0o1777],
  ['d', '/usr', 0o755], ['d', '/usr/bin', 0o755], ['d', '/usr/games', 0o755], ['d', '/usr/include', 0o755],
  ['d', '/usr/lib', 0o755], ['d', '/usr/lib64', 0o755], ['d', '/usr/libexec', 0o755], ['d', '/usr/sbin', 0o755],
  ['d', '/usr/share', 0o755], ['d', '/usr/share/doc', 0o755], ['d', '/usr/share/man', 0o755], ['d', '/usr/src', 0o755],
  ['d', '/usr/local', 0o755], ['d', '/usr/local/bin', 0o755], ['d', '/usr/local/etc', 0o755], ['d', '/usr/local/games', 0o755],
  ['d', '/usr/local/include', 0o755], ['d', '/usr/local/lib', 0o755], ['d', '/usr/local/sbin', 0o755],
  ['d', '/usr/local/share', 0o755], ['d', '/usr/local/src', 0o755], ['l', '/usr/local/man', 'share/man'],
  // Debian 12 has a merged /usr: the old top-level directories are links.
  ['l', '/bin', 'usr/bin'], ['l', '/sbin', 'usr/sbin'], ['l', '/lib', 'usr/lib'], ['l', '/lib64', 'usr/lib64'],
  ['d', '/var', 0o755], ['d', '/var/backups', 0o755], ['d', '/var/cache', 0o755], ['d', '/var/cache/apt', 0o755],
  ['d', '/var/cache/man', 0o755], ['d', '/var/lib', 0o755], ['d', '/var/lib/apt', 0o755], ['d', '/var/lib/apt/lists', 0o755],
  ['d', '/var/lib/dpkg', 0o755], ['d', '/var/lib/dpkg/info', 0o755], ['d', '/var/lib/misc', 0o755],
  // isc-dhcp-client's lease directory (a standard-system package).
  ['d', '/var/lib/dhcp', 0o755],
  ['d', '/var/local', 0o2775, GID_STAFF], ['l', '/var/lock', '/run/lock'], ['d', '/var/log', 0o755],
  ['d', '/var/log/apt', 0o755], ['d', '/var/log/journal', 0o2755, GID_JOURNAL], ['d', '/var/log/private', 0o700],
  ['d', '/var/mail', 0o2775, GID_MAIL], ['d', '/var/opt', 0o755], ['l', '/var/run', '/run'], ['d', '/var/spool', 0o755],
  ['l', '/var/spool/mail', '../mail'], ['d', '/var/tmp', 0o1777],
  ['d', '/etc/default', 0o755], ['d', '/etc/network', 0o755], ['d', '/etc/network/interfaces.d', 0o755],
  ['d', '/etc/skel', 0o755], ['d', '/etc/init.d', 0o755], ['d', '/etc/systemd', 0o755], ['d', '/etc/systemd/system', 0o755],
  ['d', '/etc/logrotate.d', 0o755], ['d', '/etc/apt', 0o755],
  ['f', '/etc/services', 0o644, ETC_SERVICES, T_NETBASE_SERVICES],
  ['f', '/etc/protocols', 0o644, ETC_PROTOCOLS, T_NETBASE],
  ['f', '/etc/rpc', 0o644, ETC_RPC, T_RPC],
  ['f', '/etc/login.defs', 0o644, ETC_LOGIN_DEFS, T_LOGIN],
  ['f', '/etc/default/useradd', 0o644, ETC_DEFAULT_USERADD, T_LOGIN],
  ['f', '/etc/adduser.conf', 0o644, ETC_ADDUSER_CONF, T_ADDUSER],
  ['f', '/etc/deluser.conf', 0o644, ETC_DELUSER_CONF, T_ADDUSER],
  ['f', '/etc/skel/.bashrc', 0o644, SKEL_BASHRC, T_BASH],
  ['f', '/etc/skel/.profile', 0o644, SKEL_PROFILE, T_BASH],
  ['f', '/etc/skel/.bash_logout', 0o644, SKEL_BASH_LOGOUT, T_BASH],
  ['f', '/etc/bash.bashrc', 0o644, ETC_BASH_BASHRC, T_BASH],
  ['f', '/etc/profile', 0o644, ETC_PROFILE, T_PROFILE],
  ['f', '/root/.bashrc', 0o644, ROOT_BASHRC, T_PROFILE],
  ['f', '/root/.profile', 0o644, ROOT_PROFILE, T_DOT_PROFILE],
  ['f', '/usr/lib/os-release', 0o644, OS_RELEASE, T_BASE_FILES],
  ['l', '/etc/os-release', '../usr/lib/os-release'],
  ['f', '/etc/debian_version', 0o644, DEBIAN_VERSION, T_BASE_FILES],
  ['f', '/etc/issue', 0o644, ETC_ISSUE, T_BASE_FILES],
  ['f', '/etc/issue.net', 0o644, ETC_ISSUE_NET, T_BASE_FILES],
  ['f', '/etc/motd', 0o644, ETC_MOTD, T_BASE_FILES],
  ['f', '/etc/host.conf', 0o644, ETC_HOST_CONF, T_HOST_CONF],
  ['f', '/etc/networks', 0o644, ETC_NETWORKS, T_NETWORKS],
];

const RSYSLOG: readonly Spec[] = [
  ['f', '/etc/rsyslog.conf', 0o644, ETC_RSYSLOG_CONF, T_RSYSLOG],
  ['d', '/etc/rsyslog.d', 0o755],
  ['f', '/etc/logrotate.d/rsyslog', 0o644, ETC_LOGROTATE_RSYSLOG, T_RSYSLOG],
  ['d', '/var/spool/rsyslog', 0o700],
];

/** Specs turned into install entries once; file bytes encoded once and shared by every host. */
const compiled = new Map<readonly Spec[], InstallEntry[]>();

function compile(specs: readonly Spec[]): InstallEntry[] {
  let out = compiled.get(specs);
  if (out) return out;
  out = specs.map((s): InstallEntry => {
    if (s[0] === 'd') return { path: s[1], type: 'dir', mode: s[2], gid: s[3] ?? 0 };
    if (s[0] === 'l') return { path: s[1], type: 'symlink', target: s[2] };
    return { path: s[1], type: 'file', mode: s[2], content: encoder.encode(s[3]), mtimeMs: s[4] * 1000 };
  });
  compiled.set(specs, out);
  return out;
}

/** The Debian 12 tree of a freshly installed machine, as root-owned files with Debian's modes. */
export function populateDebianBase(fs: MemoryFileSystem, opts: DebianBaseOptions): void {
  const rng = opts.rng ?? new SeededRng(`debian-base:${opts.hostname}`);
  for (const e of compile(STATIC)) fs.install(e);
  if (opts.rsyslog !== false) for (const e of compile(RSYSLOG)) fs.install(e);

  const { hostname, domain } = opts;
  const put = (path: string, content: string, mode = 0o644, gid = 0) => fs.install({ path, type: 'file', mode, gid, content });
  put('/etc/hostname', `${hostname}\n`);
  // netcfg's /etc/hosts: the host's own name on 127.0.1.1 (Debian's convention for a host
  // without a permanent address), then the IPv6 block.
  const fqdn = domain ? `${hostname}.${domain}\t${hostname}` : hostname;
  put(
    '/etc/hosts',
    `127.0.0.1\tlocalhost\n127.0.1.1\t${fqdn}\n\n# The following lines are desirable for IPv6 capable hosts\n::1     localhost ip6-localhost ip6-loopback\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n`,
  );
  put('/etc/resolv.conf', domain ? `domain ${domain}\nsearch ${domain}\n` : '');
  put(
    '/etc/network/interfaces',
    '# This file describes the network interfaces available on your system\n# and how to activate them. For more information, see interfaces(5).\n\nsource /etc/network/interfaces.d/*\n\n# The loopback network interface\nauto lo\niface lo inet loopback\n',
  );
  put('/etc/nsswitch.conf', ETC_NSSWITCH_CONF);
  put('/etc/shells', '# /etc/shells: valid login shells\n/bin/sh\n/usr/bin/sh\n/bin/bash\n/usr/bin/bash\n/bin/rbash\n/usr/bin/rbash\n/bin/dash\n/usr/bin/dash\n');
  const zone = opts.timeZone ?? 'Etc/UTC';
  put('/etc/timezone', `${zone}\n`);
  fs.install({ path: '/etc/localtime', type: 'symlink', target: `/usr/share/zoneinfo/${zone}` });
  if (opts.locale) put('/etc/default/locale', `LANG=${opts.locale}\n`);
  let machineId = '';
  for (let i = 0; i < 32; i++) machineId += '0123456789abcdef'[rng.int(0, 15)];
  put('/etc/machine-id', `${machineId}\n`, 0o444);

  const user = opts.installerUser === undefined ? { name: 'debian' } : opts.installerUser;
  const accounts = debianAccounts({
    installerUser: user,
    rootHash: opts.rootHash ?? '*',
    installerUserHash: opts.installerUserHash ?? '*',
    installDay: daysSinceEpoch(fs.now()),
  });
  put('/etc/passwd', accounts.passwd);
  put('/etc/group', accounts.group);
  put('/etc/shadow', accounts.shadow, 0o640, GID_SHADOW);
  put('/etc/gshadow', accounts.gshadow, 0o640, GID_SHADOW);

  // Login records of a machine that has booted (wtmp/btmp/lastlog belong to group utmp).
  put('/var/log/wtmp', '', 0o664, GID_UTMP);
  put('/var/log/btmp', '', 0o660, GID_UTMP);
  put('/var/log/lastlog', '', 0o664, GID_UTMP);
  put('/var/log/faillog', '', 0o644);

  if (user) {
    // adduser with Debian 12's DIR_MODE=0700, /etc/skel copied in.
    const home = `/home/${user.name}`;
    fs.install({ path: home, type: 'dir', mode: 0o700, uid: INSTALLER_UID, gid: INSTALLER_UID });
    for (const [name, content] of [['.bashrc', SKEL_BASHRC], ['.profile', SKEL_PROFILE], ['.bash_logout', SKEL_BASH_LOGOUT]]) {
      fs.install({ path: `${home}/${name}`, type: 'file', mode: 0o644, uid: INSTALLER_UID, gid: INSTALLER_UID, content });
    }
  }
  mountDebianDevices(fs, rng.fork('dev'));
}

const CHUNK = 4096;

/**
 * The character devices of /dev (devtmpfs), as code: call again after restoring a serialized
 * file system, which keeps only their inodes. Reading a device gives one chunk (4 KiB) per read.
 * /dev/tty is a placeholder: the process layer gives each process its controlling terminal.
 */
export function mountDebianDevices(fs: MemoryFileSystem, rng: Rng): void {
  const discard: SpecialFile['write'] = () => null;
  fs.mountSpecial('/dev/null', { read: () => new Uint8Array(0), write: discard }, 0o666, { rdev: (1 << 8) | 3 });
  fs.mountSpecial('/dev/zero', { read: () => new Uint8Array(CHUNK), write: discard }, 0o666, { rdev: (1 << 8) | 5 });
  fs.mountSpecial('/dev/random', { read: () => rng.bytes(CHUNK), write: discard }, 0o666, { rdev: (1 << 8) | 8 });
  fs.mountSpecial('/dev/urandom', { read: () => rng.bytes(CHUNK), write: discard }, 0o666, { rdev: (1 << 8) | 9 });
  fs.mountSpecial('/dev/tty', { read: () => new Uint8Array(0), write: discard }, 0o666, { rdev: (5 << 8) | 0, gid: GID_TTY });
  fs.mountSpecial('/dev/console', { read: () => new Uint8Array(0), write: discard }, 0o600, { rdev: (5 << 8) | 1 });
}
