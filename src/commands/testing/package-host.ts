// A simulated Debian 12 host for the package tests: the standard system in the dpkg database,
// apt/dpkg/debconf programs registered, every other catalogue program as the "not implemented"
// stub, and optionally postfix installed the way the fidelity recordings' machine had it.
import { installBaseSystem, type BaseSystemOptions } from '../../os/packages/base-system.ts';
import { registerMissingPrograms } from '../../os/packages/not-implemented.ts';
import type { Credentials } from '../../os/fs/types.ts';
import { aptCache } from '../apt/apt-cache.ts';
import { aptGet } from '../apt/apt-get.ts';
import { apt } from '../apt/apt.ts';
import { debconfGetSelections } from '../debconf-get-selections/debconf-get-selections.ts';
import { debconfSetSelections } from '../debconf-set-selections/debconf-set-selections.ts';
import { debconfShow } from '../debconf-show/debconf-show.ts';
import { dpkgReconfigure } from '../dpkg-reconfigure/dpkg-reconfigure.ts';
import { dpkgQuery } from '../dpkg/dpkg-query.ts';
import { dpkg } from '../dpkg/dpkg.ts';
import { whiptail } from '../whiptail/whiptail.ts';
import { TestHost } from './host-run.ts';

export const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };

export function packageHost(opts: BaseSystemOptions = {}, hostname = 'vm', lang?: string): TestHost {
  const t = new TestHost(hostname, { lang });
  installBaseSystem(t.host.fs, opts);
  t.register('apt-get', aptGet)
    .register('apt', apt)
    .register('apt-cache', aptCache)
    .register('dpkg', dpkg)
    .register('dpkg-query', dpkgQuery)
    .register('dpkg-reconfigure', dpkgReconfigure)
    .register('debconf-set-selections', debconfSetSelections)
    .register('debconf-show', debconfShow)
    .register('debconf-get-selections', debconfGetSelections)
    .register('whiptail', whiptail);
  registerMissingPrograms(t.registry);
  return t;
}

/** Keeps daemons from starting, as the recording machine's /usr/sbin/policy-rc.d did. */
export function denyServiceStarts(t: TestHost): void {
  t.host.fs.writeFile('/usr/sbin/policy-rc.d', '#!/bin/sh\nexit 101\n', ROOT, { mode: 0o755 });
}
