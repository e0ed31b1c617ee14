// The account files of a fresh Debian 12 netinst: base-passwd 3.6.1's static users and groups
// (/usr/share/base-passwd/passwd.master and group.master, in that order), the ids systemd's
// sysusers and adduser --system handed out during the install (counting down from 999 and up
// from 100), and the user the installer asked for (uid 1000), a member of the installer's
// usual groups. Hash fields default to '*' (no password); the simulation sets real ones.

/** name, uid, gid, gecos, home, shell of base-passwd's passwd.master. */
const BASE_USERS: readonly [string, number, number, string, string, string][] = [
  ['root', 0, 0, 'root', '/root', '/bin/bash'],
  ['daemon', 1, 1, 'daemon', '/usr/sbin', '/usr/sbin/nologin'],
  ['bin', 2, 2, 'bin', '/bin', '/usr/sbin/nologin'],
  ['sys', 3, 3, 'sys', '/dev', '/usr/sbin/nologin'],
  ['sync', 4, 65534, 'sync', '/bin', '/bin/sync'],
  ['games', 5, 60, 'games', '/usr/games', '/usr/sbin/nologin'],
  ['man', 6, 12, 'man', '/var/cache/man', '/usr/sbin/nologin'],
  ['lp', 7, 7, 'lp', '/var/spool/lpd', '/usr/sbin/nologin'],
  ['mail', 8, 8, 'mail', '/var/mail', '/usr/sbin/nologin'],
  ['news', 9, 9, 'news', '/var/spool/news', '/usr/sbin/nologin'],
  ['uucp', 10, 10, 'uucp', '/var/spool/uucp', '/usr/sbin/nologin'],
  ['proxy', 13, 13, 'proxy', '/bin', '/usr/sbin/nologin'],
  ['www-data', 33, 33, 'www-data', '/var/www', '/usr/sbin/nologin'],
  ['backup', 34, 34, 'backup', '/var/backups', '/usr/sbin/nologin'],
  ['list', 38, 38, 'Mailing List Manager', '/var/list', '/usr/sbin/nologin'],
  ['irc', 39, 39, 'ircd', '/run/ircd', '/usr/sbin/nologin'],
  ['_apt', 42, 65534, '', '/nonexistent', '/usr/sbin/nologin'],
  ['nobody', 65534, 65534, 'nobody', '/nonexistent', '/usr/sbin/nologin'],
];

/** Users created by package scripts during the install; shadow field 2 as each tool writes it. */
const INSTALL_USERS: readonly [string, number, number, string, string, string, string][] = [
  ['systemd-network', 998, 998, 'systemd Network Management', '/', '/usr/sbin/nologin', '!*'],
  ['systemd-timesync', 997, 997, 'systemd Time Synchronization', '/', '/usr/sbin/nologin', '!*'],
  ['messagebus', 100, 106, '', '/nonexistent', '/usr/sbin/nologin', '!'],
];

const BASE_GROUPS: readonly [string, number][] = [
  ['root', 0], ['daemon', 1], ['bin', 2], ['sys', 3], ['adm', 4], ['tty', 5], ['disk', 6], ['lp', 7], ['mail', 8],
  ['news', 9], ['uucp', 10], ['man', 12], ['proxy', 13], ['kmem', 15], ['dialout', 20], ['fax', 21], ['voice', 22],
  ['cdrom', 24], ['floppy', 25], ['tape', 26], ['sudo', 27], ['audio', 29], ['dip', 30], ['www-data', 33],
  ['backup', 34], ['operator', 37], ['list', 38], ['irc', 39], ['src', 40], ['shadow', 42], ['utmp', 43],
  ['video', 44], ['sasl', 45], ['plugdev', 46], ['staff', 50], ['games', 60], ['users', 100], ['nogroup', 65534],
];

const INSTALL_GROUPS: readonly [string, number, string][] = [
  ['systemd-journal', 999, '!*'],
  ['systemd-network', 998, '!*'],
  ['systemd-timesync', 997, '!*'],
  ['input', 101, '!*'],
  ['sgx', 102, '!*'],
  ['kvm', 103, '!*'],
  ['render', 104, '!*'],
  ['netdev', 105, '!'],
  ['messagebus', 106, '!'],
];

/** Groups debian-installer's user-setup puts the first user in. */
const INSTALLER_USER_GROUPS = new Set(['cdrom', 'floppy', 'audio', 'dip', 'video', 'plugdev', 'users', 'netdev']);

export interface InstallerUser {
  readonly name: string;
  /** The "Full name" question of the installer; GECOS becomes "Full name,,,". */
  readonly fullName?: string;
}

export interface AccountOptions {
  readonly installerUser: InstallerUser | null;
  readonly rootHash: string;
  readonly installerUserHash: string;
  /** Day of the installation (days since the epoch): shadow's last-change field. */
  readonly installDay: number;
}

export interface AccountFiles {
  readonly passwd: string;
  readonly group: string;
  readonly shadow: string;
  readonly gshadow: string;
}

export const INSTALLER_UID = 1000;

export function debianAccounts(opts: AccountOptions): AccountFiles {
  const day = opts.installDay;
  const user = opts.installerUser;
  const passwd: string[] = [];
  const shadow: string[] = [];
  for (const [name, uid, gid, gecos, home, shell] of BASE_USERS) {
    passwd.push(`${name}:x:${uid}:${gid}:${gecos}:${home}:${shell}`);
    shadow.push(`${name}:${name === 'root' ? opts.rootHash : '*'}:${day}:0:99999:7:::`);
  }
  for (const [name, uid, gid, gecos, home, shell, hash] of INSTALL_USERS) {
    passwd.push(`${name}:x:${uid}:${gid}:${gecos}:${home}:${shell}`);
    shadow.push(`${name}:${hash}:${day}::::::`);
  }
  const group: string[] = [];
  const gshadow: string[] = [];
  for (const [name, gid] of BASE_GROUPS) {
    const members = user && INSTALLER_USER_GROUPS.has(name) ? user.name : '';
    group.push(`${name}:x:${gid}:${members}`);
    gshadow.push(`${name}:*::${members}`);
  }
  for (const [name, gid, hash] of INSTALL_GROUPS) {
    const members = user && INSTALLER_USER_GROUPS.has(name) ? user.name : '';
    group.push(`${name}:x:${gid}:${members}`);
    gshadow.push(`${name}:${hash}::${members}`);
  }
  if (user) {
    passwd.push(`${user.name}:x:${INSTALLER_UID}:${INSTALLER_UID}:${user.fullName ?? user.name},,,:/home/${user.name}:/bin/bash`);
    shadow.push(`${user.name}:${opts.installerUserHash}:${day}:0:99999:7:::`);
    group.push(`${user.name}:x:${INSTALLER_UID}:`);
    gshadow.push(`${user.name}:!::`);
  }
  const text = (lines: string[]) => lines.join('\n') + '\n';
  return { passwd: text(passwd), group: text(group), shadow: text(shadow), gshadow: text(gshadow) };
}
