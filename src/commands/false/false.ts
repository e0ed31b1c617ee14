// false(1): does nothing, unsuccessfully (exit 1, even for --help).
import type { Process, Program } from '../../os/program.ts';
import { coreutilsVersion } from '../lib/version.ts';

export const falseProgram: Program = async (proc: Process) => {
  if (proc.argv.length === 2 && proc.argv[1] === '--version') proc.stdout.write(coreutilsVersion('false'));
  else if (proc.argv.length === 2 && proc.argv[1] === '--help') {
    proc.stdout.write(`Usage: ${proc.argv[0]} [ignored command line arguments]\n  or:  ${proc.argv[0]} OPTION\nExit with a status code indicating failure.\n`);
  }
  return 1;
};
