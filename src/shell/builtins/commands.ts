// Builtins about running commands: eval, source and `.`, exec, command, builtin, type, hash.
import type { Builtin, CommandKind, ShellApi } from '../interp/api.ts';
import type { FdTable } from '../interp/fds.ts';
import { printFunction } from '../syntax/printer.ts';

export const evalBuiltin: Builtin = (sh, argv, io) => {
  const text = argv.slice(1).join(' ');
  if (text.trim() === '') return 0;
  return sh.evalString(text, io);
};

export const sourceBuiltin: Builtin = (sh, argv, io) => {
  const args = argv[1] === '--' ? argv.slice(2) : argv.slice(1);
  if (args.length === 0) {
    if (sh.dash) return 0;
    sh.builtinError(io, argv[0], sh.msg.t('filename argument required'));
    sh.usage(io, argv[0], `${argv[0]} filename [arguments]`);
    return 2;
  }
  return sh.source(args[0], args.length > 1 ? args.slice(1) : null, io);
};

export const execBuiltin: Builtin = (sh, argv, io) => {
  let args = argv.slice(1);
  while (args.length && /^-[cla]+$/.test(args[0])) args = args.slice(1);
  if (args[0] === '--') args = args.slice(1);
  if (args.length === 0) {
    sh.keepFds(io);
    return 0;
  }
  return sh.exec(args, io);
};

function describeLine(sh: ShellApi, name: string, k: CommandKind): string {
  switch (k.kind) {
    case 'alias':
      return sh.msg.t("%s is aliased to `%s'\n", name, k.value);
    case 'keyword':
      return sh.msg.t('%s is a shell keyword\n', name);
    case 'function':
      return sh.dash ? sh.msg.t('%s is a shell function\n', name) : sh.msg.t('%s is a function\n', name) + printFunction(name, k.body) + '\n';
    case 'builtin':
      return sh.msg.t('%s is a shell builtin\n', name);
    case 'file': {
      const h = sh.hashed.get(name);
      if (h && h.path === k.path && !sh.dash) return sh.msg.t('%s is hashed (%s)\n', name, k.path);
      return sh.msg.t('%s is %s\n', name, k.path);
    }
  }
}

function notFound(sh: ShellApi, io: FdTable, builtin: string, name: string): void {
  if (sh.dash) io.stdout.write(`${name}: not found\n`);
  else sh.builtinError(io, builtin, sh.msg.t('%s: not found', name));
}

export const typeBuiltin: Builtin = (sh, argv, io) => {
  let args = argv.slice(1);
  const opts = new Set<string>();
  while (args.length && /^-[afptP]+$/.test(args[0])) {
    for (const c of args[0].slice(1)) opts.add(c);
    args = args.slice(1);
  }
  if (args[0] === '--') args = args.slice(1);
  let status = 0;
  for (const name of args) {
    let kinds = sh.describe(name, opts.has('a'));
    if (opts.has('P')) kinds = sh.describe(name, true).filter((k) => k.kind === 'file').slice(0, opts.has('a') ? undefined : 1);
    if (opts.has('f')) kinds = kinds.filter((k) => k.kind !== 'function');
    if (kinds.length === 0) {
      if (!opts.has('t') && !opts.has('p') && !opts.has('P')) notFound(sh, io, 'type', name);
      status = sh.dash ? 127 : 1;
      continue;
    }
    for (const k of kinds) {
      if (opts.has('t')) io.stdout.write(`${k.kind}\n`);
      else if (opts.has('p') || opts.has('P')) {
        if (k.kind === 'file') io.stdout.write(`${k.path}\n`);
      } else io.stdout.write(describeLine(sh, name, k));
    }
  }
  return status;
};

export const commandBuiltin: Builtin = async (sh, argv, io) => {
  let args = argv.slice(1);
  let mode: 'run' | 'v' | 'V' = 'run';
  while (args.length && /^-[pvV]+$/.test(args[0])) {
    if (args[0].includes('V')) mode = 'V';
    else if (args[0].includes('v')) mode = 'v';
    args = args.slice(1);
  }
  if (args[0] === '--') args = args.slice(1);
  if (args.length === 0) return 0;
  if (mode === 'run') return sh.runArgv(args, io, 'command');
  let found = false;
  for (const name of args) {
    const [k] = sh.describe(name, false);
    if (!k) {
      if (mode === 'V') notFound(sh, io, 'command', name);
      continue;
    }
    found = true;
    if (mode === 'V') io.stdout.write(describeLine(sh, name, k));
    else if (k.kind === 'alias') io.stdout.write(`alias ${name}='${k.value.replace(/'/g, "'\\''")}'\n`);
    else if (k.kind === 'file') io.stdout.write(`${k.path}\n`);
    else io.stdout.write(`${name}\n`);
  }
  return found ? 0 : 1;
};

export const builtinBuiltin: Builtin = (sh, argv, io) => {
  if (argv.length < 2) return 0;
  return sh.runArgv(argv.slice(1), io, 'builtin');
};

export const hashBuiltin: Builtin = (sh, argv, io) => {
  const args = argv.slice(1);
  if (args[0] === '-r') {
    sh.hashed.clear();
    return 0;
  }
  if (args.length === 0) {
    if (sh.hashed.size === 0) {
      io.stdout.write(sh.dash ? '' : sh.msg.t('%s: hash table empty\n', 'hash'));
      return 0;
    }
    io.stdout.write('hits\tcommand\n');
    for (const { path, hits } of sh.hashed.values()) io.stdout.write(`${String(hits).padStart(4)}\t${path}\n`);
    return 0;
  }
  let status = 0;
  for (const name of args) {
    const k = sh.describe(name, true).find((d) => d.kind === 'file');
    if (!k || k.kind !== 'file') {
      sh.builtinError(io, 'hash', sh.msg.t('%s: not found', name));
      status = 1;
      continue;
    }
    sh.hashed.set(name, { path: k.path, hits: 0 });
  }
  return status;
};
