// set, shopt and shift: shell options and positional parameters.
import type { Builtin, ShellApi, ShellFlags } from '../interp/api.ts';
import type { FdTable } from '../interp/fds.ts';
import { shellQuote } from '../interp/errors.ts';

const SET_USAGE = 'set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]';

/** `set -x` letters and the option each stands for. */
const LETTERS: Record<string, keyof ShellFlags> = {
  e: 'errexit', u: 'nounset', x: 'xtrace', f: 'noglob', v: 'verbose', C: 'noclobber', a: 'allexport',
  m: 'monitor', n: 'noexec', h: 'hashall', B: 'braceexpand', H: 'histexpand', b: 'notify',
};

/** `set -o` names in bash's listing order, with the flag they drive (null: accepted, always off). */
const OPTION_NAMES: [string, keyof ShellFlags | null][] = [
  ['allexport', 'allexport'], ['braceexpand', 'braceexpand'], ['emacs', 'emacs'], ['errexit', 'errexit'],
  ['errtrace', null], ['functrace', null], ['hashall', 'hashall'], ['histexpand', 'histexpand'], ['history', 'history'],
  ['ignoreeof', 'ignoreeof'], ['interactive-comments', null], ['keyword', null], ['monitor', 'monitor'],
  ['noclobber', 'noclobber'], ['noexec', 'noexec'], ['noglob', 'noglob'], ['nolog', null], ['notify', 'notify'],
  ['nounset', 'nounset'], ['onecmd', null], ['physical', null], ['pipefail', 'pipefail'], ['posix', 'posix'],
  ['privileged', null], ['verbose', 'verbose'], ['vi', 'vi'], ['xtrace', 'xtrace'],
];

function optionValue(sh: ShellApi, name: string, flag: keyof ShellFlags | null): boolean {
  if (name === 'interactive-comments') return true;
  return flag !== null && sh.flags[flag];
}

function setOption(sh: ShellApi, io: FdTable, name: string | undefined, on: boolean): boolean {
  const entry = OPTION_NAMES.find(([n]) => n === name);
  if (!entry) {
    sh.builtinError(io, 'set', sh.msg.t('%s: invalid option name', name ?? ''));
    return false;
  }
  const flag = entry[1];
  if (flag === null) return true;
  sh.flags[flag] = on;
  if (flag === 'emacs' && on) sh.flags.vi = false;
  if (flag === 'vi' && on) sh.flags.emacs = false;
  return true;
}

function listVariables(sh: ShellApi, io: FdTable): void {
  for (const name of sh.vars.names()) {
    const v = sh.vars.get(name);
    if (v === undefined) continue;
    io.stdout.write(sh.dash ? `${name}='${v.replace(/'/g, "'\\''")}'\n` : `${name}=${shellQuote(v)}\n`);
  }
}

export const setBuiltin: Builtin = (sh, argv, io) => {
  const args = argv.slice(1);
  if (args.length === 0) {
    listVariables(sh, io);
    return 0;
  }
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      sh.positional = args.slice(i + 1);
      return 0;
    }
    if (a === '-' || a === '+') {
      // `set -` turns off -x and -v and ends the options.
      sh.flags.xtrace = false;
      sh.flags.verbose = false;
      i++;
      break;
    }
    if (!/^[-+]/.test(a)) break;
    const on = a[0] === '-';
    for (let k = 1; k < a.length; k++) {
      const c = a[k];
      if (c === 'o') {
        const name = args[i + 1];
        if (name === undefined || /^[-+]/.test(name)) {
          for (const [n, flag] of OPTION_NAMES) {
            const v = optionValue(sh, n, flag);
            io.stdout.write(on ? `${n.padEnd(15)}\t${v ? 'on' : 'off'}\n` : `set ${v ? '-' : '+'}o ${n}\n`);
          }
          continue;
        }
        i++;
        if (!setOption(sh, io, name, on)) {
          sh.usage(io, 'set', SET_USAGE);
          return 2;
        }
        continue;
      }
      const flag = LETTERS[c];
      if (!flag && !'kpPtTE'.includes(c)) {
        sh.builtinError(io, 'set', sh.msg.t('%s: invalid option', `${a[0]}${c}`));
        sh.usage(io, 'set', SET_USAGE);
        return 2;
      }
      if (flag) sh.flags[flag] = on;
    }
  }
  if (i < args.length) sh.positional = args.slice(i);
  return 0;
};

export const shoptBuiltin: Builtin = (sh, argv, io) => {
  let args = argv.slice(1);
  const opts = new Set<string>();
  while (args.length && /^-[supqo]+$/.test(args[0])) {
    for (const c of args[0].slice(1)) opts.add(c);
    args = args.slice(1);
  }
  if (opts.has('o')) {
    let status = 0;
    for (const name of args) {
      const entry = OPTION_NAMES.find(([n]) => n === name);
      if (!entry) {
        sh.builtinError(io, 'shopt', sh.msg.t('%s: invalid option name', name));
        status = 1;
        continue;
      }
      if (opts.has('s') || opts.has('u')) setOption(sh, io, name, opts.has('s'));
      else if (!optionValue(sh, name, entry[1])) status = 1;
    }
    return status;
  }
  const names = args.length ? args : [...sh.shopts.keys()].sort();
  let status = 0;
  for (const name of names) {
    if (!sh.shopts.has(name)) {
      sh.builtinError(io, 'shopt', sh.msg.t('%s: invalid shell option name', name));
      status = 1;
      continue;
    }
    if (opts.has('s') || opts.has('u')) {
      if (args.length) sh.shopts.set(name, opts.has('s'));
      else if (sh.shopts.get(name) === opts.has('s')) io.stdout.write(`${name.padEnd(15)}\t${opts.has('s') ? 'on' : 'off'}\n`);
      continue;
    }
    const on = sh.shopts.get(name) === true;
    if (!on) status = 1;
    if (opts.has('q')) continue;
    io.stdout.write(opts.has('p') ? `shopt ${on ? '-s' : '-u'} ${name}\n` : `${name.padEnd(15)}\t${on ? 'on' : 'off'}\n`);
  }
  return opts.has('s') || opts.has('u') ? (args.length ? status : 0) : status;
};

export const shiftBuiltin: Builtin = (sh, argv, io) => {
  const arg = argv[1];
  let n = 1;
  if (arg !== undefined) {
    if (!/^\s*\d+\s*$/.test(arg)) {
      if (sh.dash) sh.error(io, `shift: Illegal number: ${arg}`);
      else sh.builtinError(io, 'shift', sh.msg.t('%s: numeric argument required', arg));
      return sh.dash ? 2 : 1;
    }
    n = Number(arg);
  }
  if (n > sh.positional.length) {
    if (sh.dash) {
      sh.error(io, "shift: can't shift that many");
      // A special builtin's error ends a non-interactive POSIX shell.
      if (!sh.interactive) return sh.exitShell(2);
      return 2;
    }
    return 1;
  }
  sh.positional = sh.positional.slice(n);
  return 0;
};
