// The shell's file descriptors: what fd 0, 1, 2 (and 3-9) refer to while a command runs.
// Redirections work on a copy, so `cmd > f 2>&1` and `cmd 2>&1 > f` differ as in bash.
import type { InputStream, OutputStream } from '../../os/program.ts';

export type Stream = InputStream | OutputStream;

export function isOutput(s: Stream | undefined): s is OutputStream {
  return s !== undefined && typeof (s as OutputStream).write === 'function';
}

export function isInput(s: Stream | undefined): s is InputStream {
  return s !== undefined && typeof (s as InputStream).read === 'function';
}

/** A stream that ignores everything: a closed fd (`>&-`) or nothing at all. */
const closedOutput: OutputStream = { tty: null, write() {}, close() {} };
const closedInput: InputStream = { tty: null, read: () => Promise.resolve(null) };

export class FdTable {
  private readonly fds: Map<number, Stream>;

  constructor(entries?: Iterable<[number, Stream]>) {
    this.fds = new Map(entries);
  }

  clone(): FdTable {
    return new FdTable(this.fds);
  }

  get(fd: number): Stream | undefined {
    return this.fds.get(fd);
  }

  set(fd: number, s: Stream): void {
    this.fds.set(fd, s);
  }

  close(fd: number): void {
    this.fds.delete(fd);
  }

  has(fd: number): boolean {
    return this.fds.has(fd);
  }

  /** For spawn: the stream at fd as input (a closed fd reads end of file). */
  input(fd = 0): InputStream {
    const s = this.fds.get(fd);
    return isInput(s) ? s : closedInput;
  }

  output(fd: number): OutputStream {
    const s = this.fds.get(fd);
    return isOutput(s) ? s : closedOutput;
  }

  get stdin(): InputStream {
    return this.input(0);
  }

  get stdout(): OutputStream {
    return this.output(1);
  }

  get stderr(): OutputStream {
    return this.output(2);
  }
}
