// The core programs of a Debian 12 system and where the packages put them (coreutils, grep, sed,
// findutils, procps, debianutils, hostname, ncurses-bin, less, util-linux, man-db): the host
// installs each at `path` (/bin is a symlink to usr/bin on Debian 12) and registers `program`
// under `name`.
import type { Program } from '../os/program.ts';
import { basename } from './basename/basename.ts';
import { cat } from './cat/cat.ts';
import { chgrp } from './chgrp/chgrp.ts';
import { chmod } from './chmod/chmod.ts';
import { chown } from './chown/chown.ts';
import { clear } from './clear/clear.ts';
import { cp } from './cp/cp.ts';
import { cut } from './cut/cut.ts';
import { date } from './date/date.ts';
import { df } from './df/df.ts';
import { dirname } from './dirname/dirname.ts';
import { du } from './du/du.ts';
import { echo } from './echo/echo.ts';
import { env } from './env/env.ts';
import { falseProgram } from './false/false.ts';
import { find } from './find/find.ts';
import { free } from './free/free.ts';
import { grep } from './grep/grep.ts';
import { head } from './head/head.ts';
import { hostname } from './hostname/hostname.ts';
import { id } from './id/id.ts';
import { kill } from './kill/kill.ts';
import { less } from './less/less.ts';
import { ln } from './ln/ln.ts';
import { ls } from './ls/ls.ts';
import { man } from './man/man.ts';
import { mkdir } from './mkdir/mkdir.ts';
import { more } from './more/more.ts';
import { mv } from './mv/mv.ts';
import { printf } from './printf/printf.ts';
import { ps } from './ps/ps.ts';
import { pwd } from './pwd/pwd.ts';
import { rm } from './rm/rm.ts';
import { rmdir } from './rmdir/rmdir.ts';
import { sed } from './sed/sed.ts';
import { seq } from './seq/seq.ts';
import { sleep } from './sleep/sleep.ts';
import { sort } from './sort/sort.ts';
import { stat } from './stat/stat.ts';
import { tail } from './tail/tail.ts';
import { tee } from './tee/tee.ts';
import { bracket, test } from './test/test.ts';
import { touch } from './touch/touch.ts';
import { tr } from './tr/tr.ts';
import { trueProgram } from './true/true.ts';
import { uname } from './uname/uname.ts';
import { uniq } from './uniq/uniq.ts';
import { uptime } from './uptime/uptime.ts';
import { wc } from './wc/wc.ts';
import { which } from './which/which.ts';
import { whoami } from './whoami/whoami.ts';
import { xargs } from './xargs/xargs.ts';
import { yes } from './yes/yes.ts';

export interface ProgramEntry {
  /** The registry name (what the executable file is marked with). */
  readonly name: string;
  /** Where Debian 12 installs it. */
  readonly path: string;
  readonly program: Program;
}

export const CORE_PROGRAMS: readonly ProgramEntry[] = [
  // coreutils
  { name: 'basename', path: '/usr/bin/basename', program: basename },
  { name: 'cat', path: '/usr/bin/cat', program: cat },
  { name: 'chgrp', path: '/usr/bin/chgrp', program: chgrp },
  { name: 'chmod', path: '/usr/bin/chmod', program: chmod },
  { name: 'chown', path: '/usr/bin/chown', program: chown },
  { name: 'cp', path: '/usr/bin/cp', program: cp },
  { name: 'cut', path: '/usr/bin/cut', program: cut },
  { name: 'date', path: '/usr/bin/date', program: date },
  { name: 'df', path: '/usr/bin/df', program: df },
  { name: 'dirname', path: '/usr/bin/dirname', program: dirname },
  { name: 'du', path: '/usr/bin/du', program: du },
  { name: 'echo', path: '/usr/bin/echo', program: echo },
  { name: 'env', path: '/usr/bin/env', program: env },
  { name: 'false', path: '/usr/bin/false', program: falseProgram },
  { name: 'head', path: '/usr/bin/head', program: head },
  { name: 'id', path: '/usr/bin/id', program: id },
  { name: 'ln', path: '/usr/bin/ln', program: ln },
  { name: 'ls', path: '/usr/bin/ls', program: ls },
  { name: 'mkdir', path: '/usr/bin/mkdir', program: mkdir },
  { name: 'mv', path: '/usr/bin/mv', program: mv },
  { name: 'printf', path: '/usr/bin/printf', program: printf },
  { name: 'pwd', path: '/usr/bin/pwd', program: pwd },
  { name: 'rm', path: '/usr/bin/rm', program: rm },
  { name: 'rmdir', path: '/usr/bin/rmdir', program: rmdir },
  { name: 'seq', path: '/usr/bin/seq', program: seq },
  { name: 'sleep', path: '/usr/bin/sleep', program: sleep },
  { name: 'sort', path: '/usr/bin/sort', program: sort },
  { name: 'stat', path: '/usr/bin/stat', program: stat },
  { name: 'tail', path: '/usr/bin/tail', program: tail },
  { name: 'tee', path: '/usr/bin/tee', program: tee },
  { name: 'test', path: '/usr/bin/test', program: test },
  { name: '[', path: '/usr/bin/[', program: bracket },
  { name: 'touch', path: '/usr/bin/touch', program: touch },
  { name: 'tr', path: '/usr/bin/tr', program: tr },
  { name: 'true', path: '/usr/bin/true', program: trueProgram },
  { name: 'uname', path: '/usr/bin/uname', program: uname },
  { name: 'uniq', path: '/usr/bin/uniq', program: uniq },
  { name: 'wc', path: '/usr/bin/wc', program: wc },
  { name: 'whoami', path: '/usr/bin/whoami', program: whoami },
  { name: 'yes', path: '/usr/bin/yes', program: yes },
  // grep, sed, findutils
  { name: 'grep', path: '/usr/bin/grep', program: grep },
  { name: 'sed', path: '/usr/bin/sed', program: sed },
  { name: 'find', path: '/usr/bin/find', program: find },
  { name: 'xargs', path: '/usr/bin/xargs', program: xargs },
  // procps
  { name: 'ps', path: '/usr/bin/ps', program: ps },
  { name: 'kill', path: '/usr/bin/kill', program: kill },
  { name: 'free', path: '/usr/bin/free', program: free },
  { name: 'uptime', path: '/usr/bin/uptime', program: uptime },
  // debianutils, hostname, ncurses-bin, less, util-linux, man-db
  { name: 'which', path: '/usr/bin/which', program: which },
  { name: 'hostname', path: '/usr/bin/hostname', program: hostname },
  { name: 'clear', path: '/usr/bin/clear', program: clear },
  { name: 'less', path: '/usr/bin/less', program: less },
  { name: 'more', path: '/usr/bin/more', program: more },
  { name: 'man', path: '/usr/bin/man', program: man },
];
