// Small builtins: true, false, :, umask, let, getopts, times, trap.
import { parseSignal, signalName } from '../../os/process/signals.ts';
import type { Builtin } from '../interp/api.ts';

export const trueBuiltin: Builtin = () => 0;
export const falseBuiltin: Builtin = () => 1;

export const umaskBuiltin: Builtin = (sh, argv, io) => {
  let args = argv.slice(1);
  let symbolic = false;
  if (args[0] === '-S') {
    symbolic = true;
    args = args.slice(1);
  }
  if (args[0] === '-p') args = args.slice(1);
  if (args.length === 0) {
    if (symbolic) {
      const perms = (shift: number) => {
        const m = (~sh.umask >> shift) & 7;
        return `${m & 4 ? 'r' : ''}${m & 2 ? 'w' : ''}${m & 1 ? 'x' : ''}`;
      };
      io.stdout.write(`u=${perms(6)},g=${perms(3)},o=${perms(0)}\n`);
    } else io.stdout.write(sh.umask.toString(8).padStart(4, '0') + '\n');
    return 0;
  }
  const mode = args[0];
  if (!/^[0-7]{1,4}$/.test(mode)) {
    sh.builtinError(io, 'umask', sh.msg.t('%s: %s out of range', mode, sh.msg.t('octal number')));
    return 1;
  }
  sh.umask = parseInt(mode, 8) & 0o777;
  return 0;
};

export const letBuiltin: Builtin = (sh, argv, io) => {
  if (argv.length < 2) {
    sh.builtinError(io, 'let', sh.msg.t('expression expected'));
    return 1;
  }
  let v: bigint | null = 0n;
  for (const expr of argv.slice(1)) {
    v = sh.arith(io, expr);
    if (v === null) return 1;
  }
  return v === 0n ? 1 : 0;
};

export const timesBuiltin: Builtin = (_sh, _argv, io) => {
  io.stdout.write('0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n');
  return 0;
};

/** getopts OPTSTRING NAME [ARGS]: POSIX option parsing with OPTIND/OPTARG. */
export const getoptsBuiltin: Builtin = (sh, argv, io) => {
  if (argv.length < 3) {
    sh.usage(io, 'getopts', 'getopts optstring name [arg ...]');
    return 2;
  }
  const spec = argv[1];
  const name = argv[2];
  const args = argv.length > 3 ? argv.slice(3) : sh.positional;
  const silent = spec.startsWith(':');
  let optind = Number(sh.vars.get('OPTIND') ?? '1');
  if (!Number.isInteger(optind) || optind < 1) optind = 1;
  // Position inside a group of letters (-abc) is kept between calls in OPTIND's shadow.
  const pos = Number(sh.vars.get('__GETOPTS_POS') ?? '1');
  const arg = args[optind - 1];
  const done = () => {
    sh.assign(io, name, '?');
    sh.vars.unset('OPTARG');
    return 1;
  };
  if (arg === undefined || arg === '-' || !arg.startsWith('-')) return done();
  if (arg === '--') {
    sh.assign(io, 'OPTIND', String(optind + 1));
    return done();
  }
  const c = arg[pos];
  let nextPos = pos + 1;
  let nextInd = optind;
  if (nextPos >= arg.length) {
    nextPos = 1;
    nextInd++;
  }
  const at = spec.indexOf(c);
  if (c === ':' || at < 0) {
    if (silent) {
      sh.assign(io, 'OPTARG', c);
    } else {
      io.stderr.write(sh.msg.t('%s: illegal option -- %s\n', sh.arg0, c));
      sh.vars.unset('OPTARG');
    }
    sh.assign(io, name, '?');
  } else if (spec[at + 1] === ':') {
    let value: string | undefined;
    if (nextPos !== 1) {
      value = arg.slice(nextPos);
      nextPos = 1;
      nextInd++;
    } else {
      value = args[nextInd - 1];
      if (value !== undefined) nextInd++;
    }
    if (value === undefined) {
      if (silent) {
        sh.assign(io, name, ':');
        sh.assign(io, 'OPTARG', c);
      } else {
        io.stderr.write(sh.msg.t('%s: option requires an argument -- %s\n', sh.arg0, c));
        sh.assign(io, name, '?');
        sh.vars.unset('OPTARG');
      }
    } else {
      sh.assign(io, name, c);
      sh.assign(io, 'OPTARG', value);
    }
  } else {
    sh.assign(io, name, c);
    sh.vars.unset('OPTARG');
  }
  sh.vars.set('OPTIND', String(nextInd));
  if (nextPos === 1) sh.vars.unset('__GETOPTS_POS');
  else sh.vars.set('__GETOPTS_POS', String(nextPos));
  return 0;
};

const TRAP_NAMES: Record<string, string> = { '0': 'EXIT', EXIT: 'EXIT', ERR: 'ERR', DEBUG: 'DEBUG', RETURN: 'RETURN' };

/** A signal spec as trap understands it: EXIT, INT, SIGINT, 2... */
function trapName(spec: string): string | null {
  const up = spec.toUpperCase();
  if (TRAP_NAMES[up]) return TRAP_NAMES[up];
  const n = parseSignal(spec);
  if (n === undefined || n === 0) return n === 0 ? 'EXIT' : null;
  return signalName(n) ?? null;
}

export const trapBuiltin: Builtin = (sh, argv, io) => {
  let args = argv.slice(1);
  if (args[0] === '-l') {
    return sh.runArgv(['kill', '-l'], io, 'builtin');
  }
  const print = args.length === 0 || args[0] === '-p';
  if (args[0] === '-p' || args[0] === '--') args = args.slice(1);
  if (print) {
    for (const [name, action] of sh.traps) {
      if (args.length && !args.map(trapName).includes(name)) continue;
      io.stdout.write(`trap -- '${action.replace(/'/g, "'\\''")}' ${name === 'EXIT' ? 'EXIT' : `SIG${name}`}\n`);
    }
    return 0;
  }
  let action: string | null = args[0];
  let specs = args.slice(1);
  // `trap SIG...` (first word a signal) resets those signals.
  if (specs.length === 0 || (/^\d+$/.test(action) && trapName(action) !== null)) {
    specs = args;
    action = null;
  }
  if (action === '-') action = null;
  let status = 0;
  for (const spec of specs) {
    const name = trapName(spec);
    if (name === null) {
      sh.builtinError(io, 'trap', sh.msg.t('%s: invalid signal specification', spec));
      status = 1;
      continue;
    }
    if (action === null) sh.traps.delete(name);
    else sh.traps.set(name, action);
    sh.applyTrap(name);
  }
  return status;
};
