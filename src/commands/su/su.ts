// su(1) of util-linux 2.38.1 (Debian 12), setuid root: `su`, `su -`, `su USER`, `su - USER`,
// `su -c CMD USER`, -s SHELL, -m/-p. A caller other than root authenticates with the target's
// password through PAM ("Password: ", echo off; "su: Authentication failure" after the fail
// delay). The target's shell runs with its credentials: as a login shell ("-bash", HOME as cwd,
// a fresh environment with ENV_PATH/ENV_SUPATH) with `-`, else keeping the caller's environment.
import type { Credentials } from '../../os/fs/types.ts';
import { SIGHUP, SIGINT, SIGQUIT, SIGTERM, type Program } from '../../os/program.ts';
import { UserDb } from '../../os/users/user-db.ts';
import { loginDefs } from '../lib/accounts.ts';
import { LineInput } from '../lib/line-input.ts';
import { authLog, nameOfUid, pamAuthenticate, pamText, ttyOf } from '../lib/pam.ts';

const USAGE = `
Usage:
 su [options] [-] [<user> [<argument>...]]

Change the effective user ID and group ID to that of <user>.
A mere - implies -l.  If <user> is not given, root is assumed.

Options:
 -m, -p, --preserve-environment      do not reset environment variables
 -w, --whitelist-environment <list>  don't reset specified variables

 -g, --group <group>             specify the primary group
 -G, --supp-group <group>        specify a supplemental group

 -, -l, --login                  make the shell a login shell
 -c, --command <command>         pass a single command to the shell with -c
 --session-command <command>     pass a single command to the shell with -c
                                   and do not create a new session
 -f, --fast                      pass -f to the shell (for csh or tcsh)
 -s, --shell <shell>             run <shell> if /etc/shells allows it
 -P, --pty                       create a new pseudo-terminal

 -h, --help                      display this help
 -V, --version                   display version

For more details see su(1).
`;

interface SuArgs {
  login: boolean;
  preserve: boolean;
  command: string | null;
  shell: string | null;
  user: string;
  rest: string[];
}

function parse(args: readonly string[]): SuArgs | string {
  const a: SuArgs = { login: false, preserve: false, command: null, shell: null, user: 'root', rest: [] };
  let i = 0;
  for (; i < args.length; i++) {
    const x = args[i];
    if (x === '-' || x === '-l' || x === '--login') a.login = true;
    else if (x === '-m' || x === '-p' || x === '--preserve-environment') a.preserve = true;
    else if (x === '-f' || x === '--fast' || x === '-P' || x === '--pty') continue;
    else if (x === '-c' || x === '--command' || x === '--session-command') {
      if (i + 1 >= args.length) return `su: option requires an argument -- 'c'`;
      a.command = args[++i];
    } else if (x.startsWith('--command=')) a.command = x.slice(10);
    else if (x.startsWith('-c') && x.length > 2) a.command = x.slice(2);
    else if (x === '-s' || x === '--shell') {
      if (i + 1 >= args.length) return `su: option requires an argument -- 's'`;
      a.shell = args[++i];
    } else if (x.startsWith('--shell=')) a.shell = x.slice(8);
    else if (x === '-h' || x === '--help') return 'help';
    else if (x === '-V' || x === '--version') return 'version';
    else if (x === '--') {
      i++;
      break;
    } else if (x.startsWith('-') && x.length > 1) {
      // Bundled short flags such as -lc CMD or -lm.
      const flags = x.slice(1);
      if (/^[lmpf]+$/.test(flags)) {
        if (flags.includes('l')) a.login = true;
        if (/[mp]/.test(flags)) a.preserve = true;
        continue;
      }
      if (/^[lmpf]*c$/.test(flags)) {
        if (flags.includes('l')) a.login = true;
        if (i + 1 >= args.length) return `su: option requires an argument -- 'c'`;
        a.command = args[++i];
        continue;
      }
      return `su: invalid option -- '${flags.replace(/[lmpfc]/g, '')[0] ?? flags[0]}'`;
    } else break;
  }
  // A "-" after the user name still means a login shell (util-linux accepts `su root -`).
  if (i < args.length) {
    a.user = args[i++];
    if (args[i] === '-') {
      a.login = true;
      i++;
    }
  }
  a.rest = args.slice(i);
  return a;
}

export const su: Program = async (proc) => {
  const parsed = parse(proc.argv.slice(1));
  if (parsed === 'help') {
    proc.stdout.write(USAGE);
    return 0;
  }
  if (parsed === 'version') {
    proc.stdout.write('su from util-linux 2.38.1\n');
    return 0;
  }
  if (typeof parsed === 'string') {
    proc.stderr.write(`${parsed}\nTry 'su --help' for more information.\n`);
    return 1;
  }
  const fs = proc.host.fs;
  const db = UserDb.load(fs);
  const target = db.userByName(parsed.user);
  const cred: Credentials | null = db.credentialsOf(parsed.user);
  if (target === undefined || cred === null) {
    proc.stderr.write(`su: user ${parsed.user} does not exist or the user entry does not contain all the required fields\n`);
    return 1;
  }
  const callerUid = proc.realCred.uid;
  const caller = nameOfUid(proc, callerUid);
  const tty = ttyOf(proc);
  const on = tty ?? 'none';
  if (callerUid !== 0) {
    const input = new LineInput(proc.stdin);
    const r = await pamAuthenticate(proc, input, target.name);
    if (r !== 'ok') {
      authLog(proc, 'su', `pam_unix(su:auth): authentication failure; logname=${caller} uid=${callerUid} euid=0 tty=${tty !== null ? '/dev/' + tty : ''} ruser=${caller} rhost=  user=${target.name}`, 'authpriv', 'notice');
      authLog(proc, 'su', `FAILED SU (to ${target.name}) ${caller} on ${on}`, 'auth', 'notice');
      proc.stderr.write(`su: ${pamText(proc, 'Authentication failure')}\n`);
      return 1;
    }
  }
  authLog(proc, 'su', `(to ${target.name}) ${caller} on ${on}`, 'auth', 'notice');
  authLog(proc, 'su', `pam_unix(su:session): session opened for user ${target.name}(uid=${target.uid}) by ${caller}(uid=${callerUid})`, 'authpriv', 'info');

  let shell = target.shell !== '' ? target.shell : '/bin/sh';
  if (parsed.shell !== null) {
    // Only root, or a target with a standard shell, may ask for another one.
    const shells = fs.readFile('/etc/shells', { uid: 0, gid: 0, groups: [] });
    const list = shells.ok ? new TextDecoder().decode(shells.value).split('\n') : [];
    if (callerUid === 0 || list.includes(target.shell)) shell = parsed.shell;
    else proc.stderr.write(`su: using restricted shell ${shell}\n`);
  }
  const defs = loginDefs(fs);
  let env: Map<string, string>;
  let cwd = proc.cwd;
  if (parsed.login) {
    env = new Map();
    for (const k of ['TERM', 'COLORTERM', 'DISPLAY', 'XAUTHORITY']) {
      const v = proc.env.get(k);
      if (v !== undefined) env.set(k, v);
    }
    // pam_env (Debian's /etc/pam.d/su) reads /etc/default/locale.
    const loc = fs.readFile('/etc/default/locale', { uid: 0, gid: 0, groups: [] });
    const lang = loc.ok ? /^LANG=("?)([^"\n]*)\1$/m.exec(new TextDecoder().decode(loc.value))?.[2] : undefined;
    const keepLang = lang ?? proc.env.get('LANG');
    if (keepLang !== undefined) env.set('LANG', keepLang);
    env.set('HOME', target.home);
    env.set('SHELL', shell);
    env.set('USER', target.name);
    env.set('LOGNAME', target.name);
    env.set('PATH', target.uid === 0 ? defs.envSupath : defs.envPath);
    env.set('MAIL', `${defs.mailDir}/${target.name}`);
    const st = fs.stat(target.home, cred);
    if (st.ok && st.value.type === 'dir' && fs.access(target.home, 1, cred).ok) cwd = target.home;
    else {
      proc.stderr.write(`su: warning: cannot change directory to ${target.home}: ${st.ok ? (st.value.type === 'dir' ? 'Permission denied' : 'Not a directory') : 'No such file or directory'}\n`);
      cwd = '/';
    }
  } else {
    env = new Map(proc.env);
    if (!parsed.preserve) {
      env.set('HOME', target.home);
      env.set('SHELL', shell);
      if (target.uid !== 0) {
        env.set('USER', target.name);
        env.set('LOGNAME', target.name);
      }
    }
  }
  const base = shell.slice(shell.lastIndexOf('/') + 1);
  const argv = [parsed.login ? `-${base}` : base, ...(parsed.command !== null ? ['-c', parsed.command] : []), ...parsed.rest];
  const child = proc.spawn(argv, { path: shell, cred, env, cwd });
  if ('error' in child) {
    proc.stderr.write(`su: failed to execute ${shell}: ${child.error === 'ENOENT' ? 'No such file or directory' : 'Permission denied'}\n`);
    return child.error === 'ENOENT' ? 127 : 126;
  }
  // The terminal's ^C and ^\ reach the whole foreground group: the shell handles them, su waits.
  proc.onSignal(SIGINT, () => {});
  proc.onSignal(SIGQUIT, () => {});
  for (const sig of [SIGTERM, SIGHUP]) proc.onSignal(sig, (s) => child.kill(s));
  const status = await child.wait();
  authLog(proc, 'su', `pam_unix(su:session): session closed for user ${target.name}`, 'authpriv', 'info');
  return status;
};
