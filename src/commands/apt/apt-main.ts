// The command line of apt and apt-get: options anywhere (-y, -q, --no-install-recommends,
// --allow-releaseinfo-change...), then the subcommand and its package names.
import type { Process } from '../../os/program.ts';
import { AptContext, type AptOptions, type AptTool } from './apt-context.ts';
import { list, search, show } from './apt-info.ts';
import { autoremove, install, remove } from './apt-install.ts';
import { update } from './apt-update.ts';

const USAGE_APT = `apt 2.6.1 (amd64)
Usage: apt [options] command

apt is a commandline package manager and provides commands for
searching and managing as well as querying information about packages.
It provides the same functionality as the specialized APT tools,
like apt-get and apt-cache, but enables options more suitable for
interactive use by default.

Most used commands:
  list - list packages based on package names
  search - search in package descriptions
  show - show package details
  install - install packages
  reinstall - reinstall packages
  remove - remove packages
  autoremove - automatically remove all unused packages
  update - update list of available packages
  upgrade - upgrade the system by installing/upgrading packages
  full-upgrade - upgrade the system by removing/installing/upgrading packages
  edit-sources - edit the source information file
  satisfy - satisfy dependency strings

See apt(8) for more information about the available commands.
Configuration options and syntax is detailed in apt.conf(5).
Information about how to configure sources can be found in sources.list(5).
Package and version choices can be expressed via apt_preferences(5).
Security details are available in apt-secure(8).
                                        This APT has Super Cow Powers.
`;

const USAGE_APT_GET = `apt 2.6.1 (amd64)
Usage: apt-get [options] command
       apt-get [options] install|remove pkg1 [pkg2 ...]
       apt-get [options] source pkg1 [pkg2 ...]

apt-get is a command line interface for retrieval of packages
and information about them from authenticated sources and
for management of packages and their dependencies.

Most used commands:
  update - Retrieve new lists of packages
  upgrade - Perform an upgrade
  install - Install new packages (pkg is libc6 not libc6.deb)
  reinstall - Reinstall packages (pkg is libc6 not libc6.deb)
  remove - Remove packages
  purge - Remove packages and config files
  autoremove - Remove automatically all unused packages
  dist-upgrade - Distribution upgrade, see apt-get(8)
  dselect-upgrade - Follow dselect selections
  build-dep - Configure build-dependencies for source packages
  satisfy - Satisfy dependency strings
  clean - Erase downloaded archive files
  autoclean - Erase old downloaded archive files
  check - Verify that there are no broken dependencies
  source - Download source archives
  download - Download the binary package into the current directory
  changelog - Download and display the changelog for the given package

See apt-get(8) for more information about the available commands.
Configuration options and syntax is detailed in apt.conf(5).
Information about how to configure sources can be found in sources.list(5).
Package and version choices can be expressed via apt_preferences(5).
Security details are available in apt-secure(8).
                                        This APT has Super Cow Powers.
`;

/** Long options that take no argument and change nothing here. */
const IGNORED = new Set([
  'allow-releaseinfo-change', 'allow-unauthenticated', 'allow-downgrades', 'allow-change-held-packages',
  'fix-broken', 'fix-missing', 'no-upgrade', 'only-upgrade', 'reinstall', 'show-progress', 'auto-remove',
  'autoremove', 'force-yes', 'ignore-missing', 'with-new-pkgs', 'list-cleanup', 'verbose-versions', 'full',
]);

export async function aptMain(proc: Process, tool: AptTool): Promise<number> {
  const opts: AptOptions = { assumeYes: false, quiet: 0, recommends: true, purge: false, installed: false, upgradable: false, simulate: false };
  const words: string[] = [];
  let bad: string | null = null;
  for (const a of proc.argv.slice(1)) {
    if (a.startsWith('--')) {
      const name = a.slice(2).split('=')[0];
      if (name === 'yes' || name === 'assume-yes') opts.assumeYes = true;
      else if (name === 'quiet') opts.quiet++;
      else if (name === 'no-install-recommends') opts.recommends = false;
      else if (name === 'install-recommends') opts.recommends = true;
      else if (name === 'purge') opts.purge = true;
      else if (name === 'installed') opts.installed = true;
      else if (name === 'upgradable') opts.upgradable = true;
      else if (name === 'simulate' || name === 'dry-run') opts.simulate = true;
      else if (name === 'help') {
        proc.stdout.write(tool === 'apt' ? USAGE_APT : USAGE_APT_GET);
        return 0;
      } else if (name === 'version') {
        proc.stdout.write('apt 2.6.1 (amd64)\n');
        return 0;
      } else if (!IGNORED.has(name) && !name.startsWith('option')) bad = `Command line option '${a}' is not understood in combination with the other options`;
      continue;
    }
    if (a.length > 1 && a.startsWith('-')) {
      for (const c of a.slice(1)) {
        if (c === 'y') opts.assumeYes = true;
        else if (c === 'q') opts.quiet++;
        else if (c === 's') opts.simulate = true;
        else if (c === 'f' || c === 'm' || c === 'u' || c === 'V') continue;
        else if (c === 'h') {
          proc.stdout.write(tool === 'apt' ? USAGE_APT : USAGE_APT_GET);
          return 0;
        } else bad = `Command line option '${c}' [from -${c}] is not understood in combination with the other options.`;
      }
      continue;
    }
    words.push(a);
  }
  const ctx = new AptContext(proc, tool, opts);
  if (bad !== null) {
    ctx.error(bad);
    return 100;
  }
  const [cmd, ...names] = words;
  if (cmd === undefined) {
    proc.stdout.write(tool === 'apt' ? USAGE_APT : USAGE_APT_GET);
    return 1;
  }
  switch (cmd) {
    case 'update':
      return update(ctx);
    case 'install':
    case 'reinstall':
      if (names.length === 0) {
        if (!ctx.requireDpkgLock()) return 100;
        ctx.cliWarning();
        ctx.cacheSteps();
        ctx.out(ctx.m.summary(0, 0, 0, 0));
        return 0;
      }
      return install(ctx, names);
    case 'remove':
      return remove(ctx, names, opts.purge);
    case 'purge':
      return remove(ctx, names, true);
    case 'autoremove':
    case 'autopurge':
      return autoremove(ctx, opts.purge || cmd === 'autopurge');
    case 'upgrade':
    case 'full-upgrade':
    case 'dist-upgrade':
      if (!ctx.requireDpkgLock()) return 100;
      ctx.cliWarning();
      ctx.cacheSteps();
      if (tool === 'apt-get') ctx.out('Calculating upgrade... Done\n');
      else ctx.out('Calculating upgrade... Done\n');
      ctx.out(ctx.m.summary(0, 0, 0, 0));
      return 0;
    case 'clean':
    case 'autoclean':
      return ctx.requireDpkgLock() ? 0 : 100;
    case 'show':
      if (tool === 'apt-get') break;
      return show(ctx, names);
    case 'list':
      if (tool === 'apt-get') break;
      return list(ctx, names);
    case 'search':
      if (tool === 'apt-get') break;
      return search(ctx, names);
    default:
      break;
  }
  ctx.error(ctx.m.invalidOperation(cmd));
  return 100;
}
