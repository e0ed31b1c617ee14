// apt-get (2.6.1): the scriptable front end (no progress bar, no colours).
import type { Program } from '../../os/program.ts';
import { aptMain } from './apt-main.ts';

export const aptGet: Program = (proc) => aptMain(proc, 'apt-get');
