// apt (2.6.1): the interactive front end to the package system.
import type { Program } from '../../os/program.ts';
import { aptMain } from './apt-main.ts';

export const apt: Program = (proc) => aptMain(proc, 'apt');
