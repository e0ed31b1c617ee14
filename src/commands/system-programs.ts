// The system-administration programs of a Debian 12 base system: service control (systemd,
// init-system-helpers), accounts (adduser, passwd, login, util-linux, coreutils, libc-bin) and
// the nano editor, with where the packages install them and their modes (passwd, chfn and su
// are setuid root). The host installs each at `path` and registers `program` under `name`.
// `init-script` has no path of its own: packages install /etc/init.d/NAME marked with it.
import type { Program } from '../os/program.ts';
import { adduser } from './adduser/adduser.ts';
import { chfn } from './chfn/chfn.ts';
import { chpasswd } from './chpasswd/chpasswd.ts';
import { getent } from './getent/getent.ts';
import { groups } from './groups/groups.ts';
import { initScript } from './init-script/init-script.ts';
import { nano } from './nano/nano.ts';
import { passwd } from './passwd/passwd.ts';
import { service } from './service/service.ts';
import { su } from './su/su.ts';
import { systemctl } from './systemctl/systemctl.ts';
import { useradd } from './useradd/useradd.ts';
import { userdel } from './userdel/userdel.ts';
import { usermod } from './usermod/usermod.ts';

export interface SystemProgram {
  /** The registry name (what the executable file is marked with). */
  readonly name: string;
  /** Where Debian 12 installs it; null for a program packages install under their own names. */
  readonly path: string | null;
  readonly program: Program;
  /** The Debian package that ships it. */
  readonly package: string;
  /** File mode when not 0755 (setuid root programs). */
  readonly mode?: number;
}

export const SYSTEM_PROGRAMS: readonly SystemProgram[] = [
  { name: 'systemctl', path: '/usr/bin/systemctl', program: systemctl, package: 'systemd' },
  { name: 'service', path: '/usr/sbin/service', program: service, package: 'init-system-helpers' },
  { name: 'init-script', path: null, program: initScript, package: 'init-system-helpers' },
  { name: 'adduser', path: '/usr/sbin/adduser', program: adduser, package: 'adduser' },
  { name: 'addgroup', path: '/usr/sbin/addgroup', program: adduser, package: 'adduser' },
  { name: 'useradd', path: '/usr/sbin/useradd', program: useradd, package: 'passwd' },
  { name: 'userdel', path: '/usr/sbin/userdel', program: userdel, package: 'passwd' },
  { name: 'usermod', path: '/usr/sbin/usermod', program: usermod, package: 'passwd' },
  { name: 'chpasswd', path: '/usr/sbin/chpasswd', program: chpasswd, package: 'passwd' },
  { name: 'passwd', path: '/usr/bin/passwd', program: passwd, package: 'passwd', mode: 0o4755 },
  { name: 'chfn', path: '/usr/bin/chfn', program: chfn, package: 'passwd', mode: 0o4755 },
  { name: 'su', path: '/usr/bin/su', program: su, package: 'util-linux', mode: 0o4755 },
  { name: 'groups', path: '/usr/bin/groups', program: groups, package: 'coreutils' },
  { name: 'getent', path: '/usr/bin/getent', program: getent, package: 'libc-bin' },
  { name: 'nano', path: '/usr/bin/nano', program: nano, package: 'nano' },
];
