// Reading a scenario file and `--param NAME=VALUE` options, shared by the sub-commands.
import { readFile } from 'node:fs/promises';
import { formatScenarioError } from '../scenario/error.ts';
import { loadScenario } from '../scenario/loader.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Io } from './io.ts';

/** Parses `--param NAME=VALUE` (or `--param=NAME=VALUE`) at args[i]; returns the new index or an error. */
export function takeParam(args: readonly string[], i: number, params: Record<string, string>, command: string): { next: number } | { error: string } {
  const arg = args[i];
  const value = arg === '--param' ? args[i + 1] : arg.slice('--param='.length);
  const eq = value === undefined ? -1 : value.indexOf('=');
  if (value === undefined || eq <= 0) return { error: `netsim ${command}: --param expects NAME=VALUE${value === undefined ? '' : `, not '${value}'`}` };
  params[value.slice(0, eq)] = value.slice(eq + 1);
  return { next: arg === '--param' ? i + 1 : i };
}

export async function readScenario(file: string, params: Record<string, string>, io: Io, command: string): Promise<Scenario | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    io.err(`netsim ${command}: cannot read '${file}': ${fileErrorReason(e)}`);
    return null;
  }
  const result = loadScenario(text, file, params);
  if (result.ok) return result.scenario;
  for (const error of result.errors) io.err(formatScenarioError(error));
  return null;
}

export function fileErrorReason(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}
