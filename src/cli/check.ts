// `netsim check FILE.yaml... [--param NAME=VALUE]...`: validate scenario files the way the page
// would load them. Prints OK, or every problem as FILE:LINE:COL: PATH: MESSAGE, one per line.
import { readFile } from 'node:fs/promises';
import { formatScenarioError } from '../scenario/error.ts';
import { loadScenario } from '../scenario/loader.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io } from './io.ts';

export const CHECK_USAGE = 'check FILE.yaml... [--param NAME=VALUE]...   validate scenarios: print OK or every error';

const HELP = `Usage: netsim check FILE.yaml... [--param NAME=VALUE]...

Validate scenario files: YAML syntax, keys, addresses, references, params.
Prints OK (FILE: OK for each of several files) and exits 0, or prints every
problem, one per line, and exits 1.

Options:
  --param NAME=VALUE   give the param NAME this value instead of its default
                       (repeat for several params; also --param=NAME=VALUE)
  -h, --help           show this help`;

export async function check(args: readonly string[], io: Io): Promise<number> {
  const files: string[] = [];
  const params: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      io.out(HELP);
      return EXIT_OK;
    }
    if (arg === '--param' || arg.startsWith('--param=')) {
      const value = arg === '--param' ? args[++i] : arg.slice('--param='.length);
      const eq = value === undefined ? -1 : value.indexOf('=');
      if (value === undefined || eq <= 0) {
        io.err(`netsim check: --param expects NAME=VALUE${value === undefined ? '' : `, not '${value}'`}`);
        return EXIT_USAGE;
      }
      params[value.slice(0, eq)] = value.slice(eq + 1);
    } else if (arg.startsWith('-') && arg !== '-') {
      io.err(`netsim check: unknown option '${arg}'\n${HELP}`);
      return EXIT_USAGE;
    } else files.push(arg);
  }
  if (files.length === 0) {
    io.err(`netsim check: no scenario file given\n${HELP}`);
    return EXIT_USAGE;
  }

  let status = EXIT_OK;
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      io.err(`netsim check: cannot read '${file}': ${reason(e)}`);
      status = EXIT_FAILURE;
      continue;
    }
    const result = loadScenario(text, file, params);
    if (result.ok) io.out(files.length === 1 ? 'OK' : `${file}: OK`);
    else {
      for (const error of result.errors) io.err(formatScenarioError(error));
      status = EXIT_FAILURE;
    }
  }
  return status;
}

function reason(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}
