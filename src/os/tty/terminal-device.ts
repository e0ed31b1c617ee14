// A pseudo-terminal (/dev/pts/N) as its two sides see it. Outside (xterm.js, `netsim run`):
// `input()` for keys typed, `onOutput` for bytes to draw (ANSI included), `resize()`, and
// `readerWaiting` to know the foreground program waits for the keyboard. Inside (programs):
// the `Terminal` of program.ts behind `stdin.tty`/`stdout.tty`, and the streams a login shell
// is given. Output processing is OPOST|ONLCR: a program's "\n" reaches the screen as "\r\n".
import { Emitter } from '../../engine/events.ts';
import type { Scheduler } from '../../engine/scheduler.ts';
import { SIGHUP, SIGWINCH, type Terminal } from '../program.ts';
import { concatBytes, readVia, toBytes, type Chunk, type ReaderInfo, type SharedInput, type SharedOutput } from '../process/streams.ts';
import { LineDiscipline } from './line-discipline.ts';

export interface TerminalDeviceOptions {
  /** "pts/0". */
  name: string;
  scheduler: Scheduler;
  /** The kernel's kill_pgrp: ^C, ^\, SIGWINCH, SIGHUP go to a whole process group. */
  signalGroup: (pgid: number, signal: number) => void;
  columns?: number;
  rows?: number;
}

interface Waiter {
  readonly deliver: (chunk: Chunk) => void;
  readonly reader: ReaderInfo | undefined;
}

const ESC = 0x1b;

export class TerminalDevice implements Terminal {
  readonly name: string;
  /** Bytes for the screen, after output processing. */
  readonly onOutput = new Emitter<Uint8Array>();
  readonly onResize = new Emitter<{ columns: number; rows: number }>();
  /** The host fires it when the session's shell exits (the terminal window may close). */
  readonly onSessionEnd = new Emitter<number>();
  /** What processes read and write: fds 0, 1 and 2 of the login shell. */
  readonly inputStream: SharedInput;
  readonly outputStream: SharedOutput;
  /** The session leader's pid (the login shell), 0 before a login. */
  sessionLeader = 0;

  private cols: number;
  private rowCount: number;
  private fg = 0;
  private hungUp = false;
  private readonly ldisc: LineDiscipline;
  private readonly waiters: Waiter[] = [];
  private readonly scheduler: Scheduler;
  private readonly signalGroup: (pgid: number, signal: number) => void;
  /** Cursor column as far as output tells (for erasing a TAB) and escape-sequence state. */
  private col = 0;
  private escState: 0 | 1 | 2 | 3 = 0;
  /** Echo collected during one input() (null outside it). */
  private echoing: Uint8Array[] | null = null;

  constructor(opts: TerminalDeviceOptions) {
    this.name = opts.name;
    this.scheduler = opts.scheduler;
    this.signalGroup = opts.signalGroup;
    this.cols = opts.columns ?? 80;
    this.rowCount = opts.rows ?? 24;
    this.ldisc = new LineDiscipline({
      echo: (bytes) => this.write(bytes),
      column: () => this.col,
      signal: (sig) => {
        if (this.fg > 0) this.signalGroup(this.fg, sig);
      },
    });
    const input: SharedInput = {
      tty: this,
      take: (deliver, reader) => this.take(deliver, reader),
      read: () => readVia(input, this.scheduler),
      dup: () => input,
      close() {},
    };
    this.inputStream = input;
    const output: SharedOutput = {
      tty: this,
      write: (data) => this.write(data),
      dup: () => output,
      close() {},
    };
    this.outputStream = output;
  }

  // ---- the outside: keyboard, screen, window ----------------------------------------------

  /** Keys typed (UTF-8 text or bytes; Enter is "\r" as a terminal sends it). */
  input(data: Uint8Array | string): void {
    if (this.hungUp) return;
    // The echo of one input goes out as one write (a UTF-8 character stays whole).
    this.echoing = [];
    this.ldisc.receive(toBytes(data));
    const echoed = this.echoing;
    this.echoing = null;
    if (echoed.length > 0) this.onOutput.fire(concatBytes(echoed));
    this.pump();
  }

  /** The window changed size: SIGWINCH to the foreground group (full-screen programs redraw). */
  resize(columns: number, rows: number): void {
    if (columns === this.cols && rows === this.rowCount) return;
    this.cols = columns;
    this.rowCount = rows;
    this.onResize.fire({ columns, rows });
    if (this.fg > 0) this.signalGroup(this.fg, SIGWINCH);
  }

  /** A process of the foreground group is blocked reading: the terminal waits for the user. */
  get readerWaiting(): boolean {
    return this.waiters.some((w) => this.eligible(w));
  }

  /** The terminal went away (window closed): SIGHUP to the session, reads see end of file. */
  hangup(): void {
    if (this.hungUp) return;
    this.hungUp = true;
    if (this.sessionLeader > 0) this.signalGroup(this.sessionLeader, SIGHUP);
    if (this.fg > 0 && this.fg !== this.sessionLeader) this.signalGroup(this.fg, SIGHUP);
    // Readers see end of file after the signal (queued first) has had its effect, as a signal
    // pending when read(2) returns is delivered before the program sees the result.
    this.scheduler.after(0, () => {
      const waiters = this.waiters.splice(0);
      for (const w of waiters) w.deliver(null);
      if (waiters.length > 0) this.scheduler.noteAsyncWake();
    });
  }

  get closed(): boolean {
    return this.hungUp;
  }

  // ---- Terminal (what programs see) -------------------------------------------------------

  get columns(): number {
    return this.cols;
  }

  get rows(): number {
    return this.rowCount;
  }

  get foregroundPgid(): number {
    return this.fg;
  }

  set foregroundPgid(pgid: number) {
    this.fg = pgid;
    this.pump(); // readers of the new foreground group may have input waiting
  }

  get canonical(): boolean {
    return this.ldisc.termios.icanon;
  }

  set canonical(on: boolean) {
    this.ldisc.setCanonical(on);
    this.pump();
  }

  get echo(): boolean {
    return this.ldisc.termios.echo;
  }

  set echo(on: boolean) {
    this.ldisc.termios.echo = on;
  }

  get isig(): boolean {
    return this.ldisc.termios.isig;
  }

  set isig(on: boolean) {
    this.ldisc.termios.isig = on;
  }

  /** ICRNL: Enter arrives as "\n" (on) or "\r" (off, raw mode: readline and nano see CR). */
  get icrnl(): boolean {
    return this.ldisc.termios.icrnl;
  }

  set icrnl(on: boolean) {
    this.ldisc.termios.icrnl = on;
  }

  /**
   * cfmakeraw's input side (no ICANON, ECHO, ISIG, ICRNL, IEXTEN: bytes arrive unchanged, one
   * read per keystroke burst); `false` is `stty sane`. Output keeps ONLCR, as ncurses' raw() does.
   */
  setRaw(raw: boolean): void {
    const t = this.ldisc.termios;
    t.echo = !raw;
    t.isig = !raw;
    t.icrnl = !raw;
    t.iexten = !raw;
    this.ldisc.setCanonical(!raw);
    this.pump();
  }

  /** Program output: NL becomes CR NL (ONLCR) on its way to the screen. */
  write(data: Uint8Array | string): void {
    if (this.hungUp) return;
    const bytes = toBytes(data);
    if (bytes.length === 0) return;
    let nl = 0;
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) nl++;
    let out = bytes;
    if (nl > 0) {
      out = new Uint8Array(bytes.length + nl);
      let j = 0;
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] === 0x0a) out[j++] = 0x0d;
        out[j++] = bytes[i];
      }
    } else {
      out = bytes.slice(); // listeners may keep it; the writer may reuse its buffer
    }
    this.track(out);
    if (this.echoing !== null) this.echoing.push(out);
    else this.onOutput.fire(out);
  }

  // ---- reads ------------------------------------------------------------------------------

  private eligible(w: Waiter): boolean {
    return w.reader === undefined || this.fg === 0 || w.reader.pgid === this.fg;
  }

  private take(deliver: (chunk: Chunk) => void, reader: ReaderInfo | undefined): () => void {
    if (this.hungUp) {
      deliver(null);
      return () => {};
    }
    const w: Waiter = { deliver, reader };
    this.waiters.push(w);
    this.pump(w);
    return () => {
      const i = this.waiters.indexOf(w);
      if (i >= 0) this.waiters.splice(i, 1);
    };
  }

  /** Hands queued input to eligible readers, oldest first. `sync` is served without a wake. */
  private pump(sync?: Waiter): void {
    let woke = false;
    while (this.ldisc.hasInput) {
      const i = this.waiters.findIndex((w) => this.eligible(w));
      if (i < 0) break;
      const [w] = this.waiters.splice(i, 1);
      const chunk = this.ldisc.take();
      if (chunk === undefined) break;
      w.deliver(chunk);
      if (w !== sync) woke = true;
    }
    if (woke) this.scheduler.noteAsyncWake();
  }

  /** Follows the cursor column through output: printable characters, CR, BS, TAB; skips ANSI sequences. */
  private track(bytes: Uint8Array): void {
    let col = this.col;
    for (const b of bytes) {
      switch (this.escState) {
        case 1: // after ESC
          this.escState = b === 0x5b ? 2 : b === 0x5d ? 3 : 0;
          continue;
        case 2: // CSI: parameters until a final byte
          if (b >= 0x40 && b <= 0x7e) this.escState = 0;
          continue;
        case 3: // OSC: until BEL (or ST, whose ESC restarts the machine)
          if (b === 0x07) this.escState = 0;
          else if (b === ESC) this.escState = 1;
          continue;
      }
      if (b === ESC) this.escState = 1;
      else if (b === 0x0d || b === 0x0a) col = 0;
      else if (b === 0x08) col = col > 0 ? col - 1 : 0;
      else if (b === 0x09) col = (col | 7) + 1;
      else if (b >= 0x20 && b !== 0x7f && (b < 0x80 || b >= 0xc0)) col++;
      if (col >= this.cols) col = col % this.cols;
    }
    this.col = col;
  }
}
