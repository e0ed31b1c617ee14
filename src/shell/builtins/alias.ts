// alias and unalias: the table the parser consults for the first word of a command.
import type { Builtin } from '../interp/api.ts';

const quote = (v: string): string => `'${v.replace(/'/g, "'\\''")}'`;

export const aliasBuiltin: Builtin = (sh, argv, io) => {
  let args = argv.slice(1);
  if (args[0] === '-p') args = args.slice(1);
  if (args[0] === '--') args = args.slice(1);
  if (args.length === 0) {
    for (const name of [...sh.aliases.keys()].sort()) {
      io.stdout.write(sh.dash ? `${name}=${quote(sh.aliases.get(name)!)}\n` : `alias ${name}=${quote(sh.aliases.get(name)!)}\n`);
    }
    return 0;
  }
  let status = 0;
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq < 0) {
      const v = sh.aliases.get(a);
      if (v === undefined) {
        if (sh.dash) sh.error(io, `alias: ${a} not found`);
        else sh.builtinError(io, 'alias', sh.msg.t('%s: not found', a));
        status = 1;
      } else io.stdout.write(sh.dash ? `${a}=${quote(v)}\n` : `alias ${a}=${quote(v)}\n`);
      continue;
    }
    const name = a.slice(0, eq);
    if (name === '' || /[\s/$`=|&;()<>'"\\]/.test(name)) {
      sh.builtinError(io, 'alias', sh.msg.t("`%s': invalid alias name", name));
      status = 1;
      continue;
    }
    sh.aliases.set(name, a.slice(eq + 1));
  }
  return status;
};

export const unaliasBuiltin: Builtin = (sh, argv, io) => {
  const args = argv.slice(1);
  if (args[0] === '-a') {
    sh.aliases.clear();
    return 0;
  }
  if (args.length === 0) {
    sh.usage(io, 'unalias', 'unalias [-a] name [name ...]');
    return 2;
  }
  let status = 0;
  for (const a of args) {
    if (!sh.aliases.delete(a)) {
      if (sh.dash) sh.error(io, `unalias: ${a} not found`);
      else sh.builtinError(io, 'unalias', sh.msg.t('%s: not found', a));
      status = 1;
    }
  }
  return status;
};
