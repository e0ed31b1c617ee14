// The programs /bin/bash and /bin/sh. Both run this interpreter; as sh it speaks dash's
// dialect (Debian's /bin/sh): `sh: 1: foo: not found`, echo with escapes, no `source`.
//
// Invocation as bash(1) describes it: `-c STRING [NAME [ARGS]]`, a script file, or commands
// from standard input; interactive when stdin and stderr are terminals (or -i). A login shell
// (argv[0] starting with `-`, or -l) reads /etc/profile and the first of ~/.bash_profile,
// ~/.bash_login, ~/.profile; an interactive non-login bash reads /etc/bash.bashrc and ~/.bashrc.
//
// Deliberate difference: messages of an interactive login shell start with `bash:` where real
// bash writes `-bash:` (the lab's terminals say `bash: foo: command not found`, as a graphical
// terminal's non-login shell does); $0 is still `-bash`.
import type { Process, Program } from '../os/program.ts';
import type { ShellFlags } from './interp/api.ts';
import { ExitFlow } from './interp/control.ts';
import { Shell } from './interp/shell.ts';
import { DEBIAN_PS1 } from './prompt.ts';
import { Repl } from './repl.ts';

const USAGE = `Usage:\tbash [GNU long option] [option] ...
\tbash [GNU long option] [option] script-file ...
GNU long options:
\t--debug
\t--debugger
\t--dump-po-strings
\t--dump-strings
\t--help
\t--init-file
\t--login
\t--noediting
\t--noprofile
\t--norc
\t--posix
\t--pretty-print
\t--rcfile
\t--restricted
\t--verbose
\t--version
Shell options:
\t-ilrsD or -c command or -O shopt_option\t\t(invocation only)
\t-abefhkmnptuvxBCEHPT or -o option
`;

const VERSION = `GNU bash, version 5.2.15(1)-release (x86_64-pc-linux-gnu)
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>

This is free software; you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.
`;

const LETTERS: Record<string, keyof ShellFlags> = {
  e: 'errexit', u: 'nounset', x: 'xtrace', f: 'noglob', v: 'verbose', C: 'noclobber', a: 'allexport',
  m: 'monitor', n: 'noexec', h: 'hashall', B: 'braceexpand', H: 'histexpand', b: 'notify',
};

interface Invocation {
  login: boolean;
  interactive: boolean | null;
  command: string | null;
  readStdin: boolean;
  norc: boolean;
  noprofile: boolean;
  rcfile: string | null;
  flags: Partial<ShellFlags>;
  operands: string[];
}

type Parsed = { ok: true; inv: Invocation } | { ok: false; status: number };

function parseArgs(proc: Process, dash: boolean): Parsed {
  const argv = proc.argv;
  const name = dash ? 'sh' : 'bash';
  const inv: Invocation = {
    login: (argv[0] ?? '').startsWith('-'),
    interactive: null,
    command: null,
    readStdin: false,
    norc: false,
    noprofile: false,
    rcfile: null,
    flags: {},
    operands: [],
  };
  let wantCommand = false;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--' || a === '-') {
      i++;
      break;
    }
    if (!dash && a.startsWith('--')) {
      switch (a) {
        case '--login':
          inv.login = true;
          continue;
        case '--norc':
          inv.norc = true;
          continue;
        case '--noprofile':
          inv.noprofile = true;
          continue;
        case '--rcfile':
        case '--init-file':
          inv.rcfile = argv[++i] ?? null;
          continue;
        case '--posix':
          inv.flags.posix = true;
          continue;
        case '--noediting':
        case '--verbose':
        case '--debug':
        case '--restricted':
          continue;
        case '--version':
          proc.stdout.write(VERSION);
          return { ok: false, status: 0 };
        case '--help':
          proc.stdout.write(`GNU bash, version 5.2.15(1)-release-(x86_64-pc-linux-gnu)\n${USAGE}Type \`bash -c "help set"' for more information about shell options.\nType \`bash -c help' for more information about shell builtin commands.\nUse the \`bashbug' command to report bugs.\n\nbash home page: <http://www.gnu.org/software/bash>\nGeneral help using GNU software: <http://www.gnu.org/gethelp/>\n`);
          return { ok: false, status: 0 };
        default:
          proc.stderr.write(`bash: ${a}: invalid option\n${USAGE}`);
          return { ok: false, status: 2 };
      }
    }
    if (!/^[-+]./.test(a)) break;
    const on = a[0] === '-';
    for (let k = 1; k < a.length; k++) {
      const c = a[k];
      if (c === 'c' && on) wantCommand = true;
      else if (c === 'i' && on) inv.interactive = true;
      else if (c === 'l' && on && !dash) inv.login = true;
      else if (c === 's' && on) inv.readStdin = true;
      else if (c === 'o') {
        const opt = argv[++i];
        if (opt === 'pipefail') inv.flags.pipefail = on;
        else if (opt === 'errexit') inv.flags.errexit = on;
        else if (opt === 'nounset') inv.flags.nounset = on;
        else if (opt === 'xtrace') inv.flags.xtrace = on;
        else if (opt === 'posix') inv.flags.posix = on;
      } else if (c === 'O' && !dash) i++;
      else if (LETTERS[c]) inv.flags[LETTERS[c]] = on;
      else if (c === 'D' || c === 'r' || c === 'p' || c === 'k' || c === 't' || c === 'E' || c === 'T' || c === 'P') continue;
      else {
        if (dash) proc.stderr.write(`${name}: 0: Illegal option ${a[0]}${c}\n`);
        else proc.stderr.write(`bash: ${a[0]}${c}: invalid option\n${USAGE}`);
        return { ok: false, status: 2 };
      }
    }
  }
  inv.operands = argv.slice(i);
  if (wantCommand) {
    if (inv.operands.length === 0) {
      if (dash) proc.stderr.write(`${name}: 0: -c requires an argument\n`);
      else proc.stderr.write('bash: -c: option requires an argument\n');
      return { ok: false, status: 2 };
    }
    inv.command = inv.operands.shift()!;
  }
  return { ok: true, inv };
}

/** Reads a startup file if it exists and is readable (bash ignores missing ones silently). */
async function sourceIfPresent(sh: Shell, path: string): Promise<boolean> {
  const fs = sh.proc.host.fs;
  const st = fs.stat(path, sh.proc.cred, sh.cwd);
  if (!st.ok || st.value.type !== 'file') return false;
  if (!fs.access(path, 4, sh.proc.cred, sh.cwd).ok) return false;
  await sh.source(path, null, sh.fds);
  return true;
}

async function startupFiles(sh: Shell, inv: Invocation, dash: boolean): Promise<void> {
  const home = sh.vars.get('HOME') ?? sh.homeDir(null) ?? '/';
  const h = (f: string) => (home.endsWith('/') ? home + f : `${home}/${f}`);
  if (inv.login && !inv.noprofile) {
    await sourceIfPresent(sh, '/etc/profile');
    if (dash) await sourceIfPresent(sh, h('.profile'));
    else {
      for (const f of ['.bash_profile', '.bash_login', '.profile']) if (await sourceIfPresent(sh, h(f))) break;
    }
  } else if (!dash && sh.interactive && !inv.norc) {
    if (inv.rcfile) await sourceIfPresent(sh, inv.rcfile);
    else {
      await sourceIfPresent(sh, '/etc/bash.bashrc');
      await sourceIfPresent(sh, h('.bashrc'));
    }
  }
  if (dash && sh.interactive) {
    const env = sh.vars.get('ENV');
    if (env) await sourceIfPresent(sh, env);
  }
}

async function runShell(proc: Process, dash: boolean): Promise<number> {
  const parsed = parseArgs(proc, dash);
  if (!parsed.ok) return parsed.status;
  const inv = parsed.inv;
  const arg0 = proc.argv[0] ?? (dash ? 'sh' : 'bash');
  const fs = proc.host.fs;

  if (inv.command !== null) {
    const sh = new Shell({
      proc, dash, arg0: inv.operands[0] ?? arg0, positional: inv.operands.slice(1),
      interactive: inv.interactive === true, login: inv.login, source: 'command', flags: inv.flags,
    });
    return sh.runTopLevel(() => sh.runSource(inv.command!));
  }

  if (inv.operands.length > 0 && !inv.readStdin) {
    const path = inv.operands[0];
    const st = fs.stat(path, proc.cred, proc.cwd);
    const name = dash ? 'sh' : 'bash';
    if (st.ok && st.value.type === 'dir') {
      if (dash) proc.stderr.write(`${name}: 0: cannot open ${path}: Is a directory\n`);
      else proc.stderr.write(`${path}: ${path}: Is a directory\n`);
      return dash ? 2 : 126;
    }
    const r = fs.readFile(path, proc.cred, proc.cwd);
    if (!r.ok) {
      const text = r.errno === 'ENOENT' ? 'No such file or directory' : r.errno === 'EACCES' ? 'Permission denied' : r.errno;
      if (dash) proc.stderr.write(`${name}: 0: cannot open ${path}: ${r.errno === 'ENOENT' ? 'No such file' : text}\n`);
      else proc.stderr.write(`${name}: ${path}: ${text}\n`);
      return dash ? 2 : r.errno === 'ENOENT' ? 127 : 126;
    }
    const sh = new Shell({
      proc, dash, arg0: path, positional: inv.operands.slice(1), interactive: false, login: inv.login,
      source: 'file', scriptName: path, flags: inv.flags,
    });
    return sh.runTopLevel(() => sh.runSource(new TextDecoder().decode(r.value)));
  }

  const tty = proc.stdin.tty !== null && proc.stderr.tty !== null;
  const interactive = inv.interactive ?? tty;
  if (!interactive) {
    // Commands from standard input (`echo ls | bash`, `bash < script`).
    const chunks: Uint8Array[] = [];
    for (;;) {
      const c = await proc.stdin.read();
      if (c === null) break;
      chunks.push(c);
    }
    let n = 0;
    for (const c of chunks) n += c.length;
    const all = new Uint8Array(n);
    let o = 0;
    for (const c of chunks) {
      all.set(c, o);
      o += c.length;
    }
    const sh = new Shell({
      proc, dash, arg0, positional: inv.operands, interactive: false, login: inv.login, source: 'stdin',
      scriptName: dash ? 'sh' : 'bash', flags: inv.flags,
    });
    return sh.runTopLevel(() => sh.runSource(new TextDecoder().decode(all)));
  }

  const sh = new Shell({
    proc, dash, arg0, positional: inv.operands, interactive: true, login: inv.login, source: 'interactive', flags: inv.flags,
  });
  // Debian's prompt unless a startup file sets another (deliberate: a host without
  // /etc/bash.bashrc still shows `root@S54:~#`; real bash would show `bash-5.2#`).
  if (dash) sh.vars.set('PS1', proc.cred.uid === 0 ? '# ' : '$ ');
  else sh.vars.set('PS1', DEBIAN_PS1);
  try {
    await startupFiles(sh, inv, dash);
  } catch (e) {
    if (e instanceof ExitFlow) return e.status;
    throw e;
  }
  return new Repl(sh).run();
}

export const bashProgram: Program = (proc) => runShell(proc, false);
export const shProgram: Program = (proc) => runShell(proc, true);
