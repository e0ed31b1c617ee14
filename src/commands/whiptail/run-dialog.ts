// Showing a whiptail box on the process's terminal: raw mode, the alternate screen (S-Lang's
// smcup/rmcup, so the shell's screen comes back afterwards), a full redraw after every key and
// on every resize (the box stays centred), until a button, Enter or Escape closes it.
import type { Process, Terminal } from '../../os/program.ts';
import { Dialog, type DialogResult, type DialogSpec } from './dialogs.ts';
import { parseKeys } from './keys.ts';
import { Utf8Stream } from './utf8-stream.ts';

const ENTER_ALT = '\x1b[?1049h\x1b[1;1H';
const LEAVE_ALT = '\x1b[0m\x1b[2J\x1b[?1049l';

/** The terminal a program's dialogs use: the one behind stdin, else stdout. */
export function dialogTerminal(proc: Process): Terminal | null {
  return proc.stdin.tty ?? proc.stdout.tty ?? null;
}

export interface DialogSession {
  readonly columns: number;
  readonly rows: number;
  run(spec: DialogSpec): Promise<DialogResult>;
}

/** A DialogRunner on the process's terminal (null without one). */
export function terminalDialogs(proc: Process): DialogSession | null {
  const term = dialogTerminal(proc);
  if (term === null) return null;
  return {
    get columns() {
      return term.columns;
    },
    get rows() {
      return term.rows;
    },
    run: (spec) => runDialog(proc, term, spec),
  };
}

export async function runDialog(proc: Process, term: Terminal, spec: DialogSpec): Promise<DialogResult> {
  const dialog = new Dialog(spec, term.columns, term.rows);
  const out = proc.stdout.tty !== null ? proc.stdout : proc.stderr;
  const redraw = (): void => out.write(dialog.draw().render());
  const wasRaw = !term.canonical;
  term.setRaw(true);
  out.write(ENTER_ALT);
  redraw();
  const sub = term.onResize.on(({ columns, rows }) => {
    dialog.resize(columns, rows);
    redraw();
  });
  const dec = new Utf8Stream();
  let result: DialogResult | null = null;
  try {
    while (result === null) {
      const chunk = await proc.stdin.read();
      if (chunk === null) {
        result = { code: 255, value: null };
        break;
      }
      for (const k of parseKeys(dec.decode(chunk))) {
        result = dialog.key(k);
        if (result !== null) break;
      }
      if (result === null) redraw();
    }
  } finally {
    sub.dispose();
    out.write(LEAVE_ALT);
    if (!wasRaw) term.setRaw(false);
  }
  return result;
}
