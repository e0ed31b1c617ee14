// The builtin commands by name (bash(1) "SHELL BUILTIN COMMANDS"), and those dash lacks.
import type { Builtin } from '../interp/api.ts';
import { aliasBuiltin, unaliasBuiltin } from './alias.ts';
import { cdBuiltin, pwdBuiltin } from './cd.ts';
import { builtinBuiltin, commandBuiltin, evalBuiltin, execBuiltin, hashBuiltin, sourceBuiltin, typeBuiltin } from './commands.ts';
import { echoBuiltin } from './echo.ts';
import { breakBuiltin, continueBuiltin, exitBuiltin, logoutBuiltin, returnBuiltin } from './flow.ts';
import { historyBuiltin } from './history.ts';
import { disownBuiltin, fgBuiltin, jobsBuiltin, killBuiltin, waitBuiltin } from './jobs.ts';
import { falseBuiltin, getoptsBuiltin, letBuiltin, timesBuiltin, trapBuiltin, trueBuiltin, umaskBuiltin } from './misc.ts';
import { printfBuiltin } from './printf.ts';
import { readBuiltin } from './read.ts';
import { setBuiltin, shiftBuiltin, shoptBuiltin } from './set.ts';
import { testBuiltin } from './test.ts';
import { declareBuiltin, exportBuiltin, localBuiltin, readonlyBuiltin, unsetBuiltin } from './variables.ts';

export const BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  [':', trueBuiltin],
  ['true', trueBuiltin],
  ['false', falseBuiltin],
  ['echo', echoBuiltin],
  ['printf', printfBuiltin],
  ['cd', cdBuiltin],
  ['pwd', pwdBuiltin],
  ['export', exportBuiltin],
  ['readonly', readonlyBuiltin],
  ['unset', unsetBuiltin],
  ['local', localBuiltin],
  ['declare', declareBuiltin],
  ['typeset', declareBuiltin],
  ['exit', exitBuiltin],
  ['logout', logoutBuiltin],
  ['return', returnBuiltin],
  ['break', breakBuiltin],
  ['continue', continueBuiltin],
  ['eval', evalBuiltin],
  ['source', sourceBuiltin],
  ['.', sourceBuiltin],
  ['exec', execBuiltin],
  ['command', commandBuiltin],
  ['builtin', builtinBuiltin],
  ['type', typeBuiltin],
  ['hash', hashBuiltin],
  ['history', historyBuiltin],
  ['alias', aliasBuiltin],
  ['unalias', unaliasBuiltin],
  ['test', testBuiltin],
  ['[', testBuiltin],
  ['read', readBuiltin],
  ['set', setBuiltin],
  ['shopt', shoptBuiltin],
  ['shift', shiftBuiltin],
  ['jobs', jobsBuiltin],
  ['wait', waitBuiltin],
  ['kill', killBuiltin],
  ['fg', fgBuiltin],
  ['bg', fgBuiltin],
  ['disown', disownBuiltin],
  ['umask', umaskBuiltin],
  ['let', letBuiltin],
  ['getopts', getoptsBuiltin],
  ['times', timesBuiltin],
  ['trap', trapBuiltin],
]);

/** bash builtins that dash (Debian's /bin/sh) does not have: `sh -c 'source x'` is "not found". */
export const DASH_MISSING: ReadonlySet<string> = new Set([
  'source', 'declare', 'typeset', 'shopt', 'let', 'history', 'disown', 'builtin', 'logout',
]);
