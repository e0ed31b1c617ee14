// Where a sub-command writes: the real streams in `netsim`, anything else in a caller.
export interface Io {
  /** One line (or several) of normal output, without the final newline. */
  out(text: string): void;
  /** Errors and usage problems, without the final newline. */
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text + '\n'),
  err: (text) => void process.stderr.write(text + '\n'),
};

/** Exit statuses: 0 all good, 1 the input has problems, 2 the command line is wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
