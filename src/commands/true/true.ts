// true(1): does nothing, successfully (`--help`/`--version` only when alone, as coreutils).
import type { Process, Program } from '../../os/program.ts';
import { coreutilsVersion } from '../lib/version.ts';

export const trueProgram: Program = async (proc: Process) => {
  if (proc.argv.length === 2 && proc.argv[1] === '--version') proc.stdout.write(coreutilsVersion('true'));
  else if (proc.argv.length === 2 && proc.argv[1] === '--help') {
    proc.stdout.write(`Usage: ${proc.argv[0]} [ignored command line arguments]\n  or:  ${proc.argv[0]} OPTION\nExit with a status code indicating success.\n`);
  }
  return 0;
};
