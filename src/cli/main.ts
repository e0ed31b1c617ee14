// `netsim COMMAND ...`: a thin dispatcher, one file per sub-command.
import { bridgeCommand, BRIDGE_USAGE } from './bridge.ts';
import { check, CHECK_USAGE } from './check.ts';
import { dissect, DISSECT_USAGE } from './dissect.ts';
import { grade, GRADE_USAGE } from './grade.ts';
import { run, RUN_USAGE } from './run.ts';
import { EXIT_OK, EXIT_USAGE, processIo, type Io } from './io.ts';

type Command = (args: readonly string[], io: Io) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = { bridge: bridgeCommand, check, dissect, grade, run };

export const USAGE = `Usage: netsim <command> [arguments]

Commands:
  ${BRIDGE_USAGE}
  ${CHECK_USAGE}
  ${DISSECT_USAGE}
  ${GRADE_USAGE}
  ${RUN_USAGE}

Run 'netsim <command> --help' for the details of a command.`;

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.err(USAGE);
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return EXIT_OK;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    io.err(`netsim: unknown command '${name}'\n${USAGE}`);
    return EXIT_USAGE;
  }
  return command(args, io);
}
