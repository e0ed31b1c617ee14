// The package system's programs (apt, dpkg, debconf, whiptail), in the shape of the other
// program tables (see system-programs.ts): the simulation registers each `program` under
// `name` and installs its executable at `path`. debconf-get-selections belongs to
// debconf-utils, which a Debian 12 system does not have: registered, no executable.
import type { Program } from '../os/program.ts';
import { aptCache } from './apt/apt-cache.ts';
import { aptGet } from './apt/apt-get.ts';
import { apt } from './apt/apt.ts';
import { debconfGetSelections } from './debconf-get-selections/debconf-get-selections.ts';
import { debconfSetSelections } from './debconf-set-selections/debconf-set-selections.ts';
import { debconfShow } from './debconf-show/debconf-show.ts';
import { dpkgReconfigure } from './dpkg-reconfigure/dpkg-reconfigure.ts';
import { dpkgQuery } from './dpkg/dpkg-query.ts';
import { dpkg } from './dpkg/dpkg.ts';
import { whiptail } from './whiptail/whiptail.ts';

export interface PackageProgram {
  readonly name: string;
  readonly path: string | null;
  readonly program: Program;
  readonly package: string;
}

export const PACKAGE_PROGRAMS: readonly PackageProgram[] = [
  { name: 'apt', path: '/usr/bin/apt', program: apt, package: 'apt' },
  { name: 'apt-get', path: '/usr/bin/apt-get', program: aptGet, package: 'apt' },
  { name: 'apt-cache', path: '/usr/bin/apt-cache', program: aptCache, package: 'apt' },
  { name: 'dpkg', path: '/usr/bin/dpkg', program: dpkg, package: 'dpkg' },
  { name: 'dpkg-query', path: '/usr/bin/dpkg-query', program: dpkgQuery, package: 'dpkg' },
  { name: 'dpkg-reconfigure', path: '/usr/sbin/dpkg-reconfigure', program: dpkgReconfigure, package: 'debconf' },
  { name: 'debconf-set-selections', path: '/usr/bin/debconf-set-selections', program: debconfSetSelections, package: 'debconf' },
  { name: 'debconf-show', path: '/usr/bin/debconf-show', program: debconfShow, package: 'debconf' },
  { name: 'debconf-get-selections', path: null, program: debconfGetSelections, package: 'debconf-utils' },
  { name: 'whiptail', path: '/usr/bin/whiptail', program: whiptail, package: 'whiptail' },
];
