// Choosing debconf's frontend as debconf does: DEBIAN_FRONTEND, else the debconf/frontend
// question (Dialog on a fresh system); Dialog needs a terminal and a usable TERM, Readline a
// terminal, otherwise debconf says why and falls back (Dialog -> Readline -> Teletype ->
// Noninteractive). Also the line editor the Readline frontend types into.
import type { DebconfFrontend, Priority } from '../../os/packages/debconf/confmodule.ts';
import { isPriority } from '../../os/packages/debconf/confmodule.ts';
import type { DebconfDb } from '../../os/packages/debconf/database.ts';
import { debconfLanguages } from '../../os/packages/debconf/template.ts';
import type { DebconfSession } from '../../os/packages/dpkg.ts';
import type { Process } from '../../os/program.ts';
import { parseKeys } from '../whiptail/keys.ts';
import { dialogTerminal, terminalDialogs } from '../whiptail/run-dialog.ts';
import { Utf8Stream } from '../whiptail/utf8-stream.ts';
import { DialogFrontend } from './dialog-frontend.ts';
import { ReadlineFrontend, type LineTerminal } from './readline-frontend.ts';
import { dialogTexts, isFrench, readlineTexts } from './texts.ts';
import { wrapperFor } from './wrap.ts';

export class NoninteractiveFrontend implements DebconfFrontend {
  readonly name = 'Noninteractive';
  readonly interactive = false;
  title = '';
  async ask(): Promise<string | null> {
    return null;
  }
}

/** A readline-like editor on the process's terminal: prompt, editable initial text, Enter. */
export function terminalLines(proc: Process): LineTerminal | null {
  const term = dialogTerminal(proc);
  if (term === null) return null;
  const out = (s: string): void => proc.stdout.write(s);
  return {
    get columns() {
      return term.columns;
    },
    get rows() {
      return term.rows;
    },
    write: out,
    async readLine(prompt: string, initial: string): Promise<string | null> {
      const wasRaw = !term.canonical;
      term.setRaw(true);
      const chars = [...initial];
      let pos = chars.length;
      out(prompt + initial);
      const dec = new Utf8Stream();
      try {
        for (;;) {
          const chunk = await proc.stdin.read();
          if (chunk === null) return null;
          for (const k of parseKeys(dec.decode(chunk))) {
            if ('char' in k) {
              if (k.char === '\x04' && chars.length === 0) return null;
              if (k.char === '\x15') {
                out('\b'.repeat(pos) + ' '.repeat(chars.length) + '\b'.repeat(chars.length));
                chars.length = 0;
                pos = 0;
                continue;
              }
              if (k.char.codePointAt(0)! < 0x20) continue;
              chars.splice(pos, 0, k.char);
              out(chars.slice(pos).join('') + '\b'.repeat(chars.length - pos - 1));
              pos++;
              continue;
            }
            switch (k.name) {
              case 'enter':
                out('\r\n');
                return chars.join('');
              case 'backspace':
                if (pos > 0) {
                  chars.splice(pos - 1, 1);
                  pos--;
                  out('\b' + chars.slice(pos).join('') + ' ' + '\b'.repeat(chars.length - pos + 1));
                }
                break;
              case 'left':
                if (pos > 0) {
                  pos--;
                  out('\b');
                }
                break;
              case 'right':
                if (pos < chars.length) {
                  out(chars[pos]);
                  pos++;
                }
                break;
              default:
                break;
            }
          }
        }
      } finally {
        if (!wasRaw) term.setRaw(false);
      }
    },
  };
}

export interface SessionOptions {
  readonly db: DebconfDb;
  /** dpkg-reconfigure: questions of every priority unless --default-priority, shown again. */
  readonly reconfigure?: boolean;
  readonly priority?: Priority;
  /** -f/--frontend on the command line. */
  readonly frontend?: string;
}

function frontendName(s: string): string {
  const l = s.toLowerCase();
  return l.charAt(0).toUpperCase() + l.slice(1);
}

/** Builds the debconf session of a program (apt, dpkg-reconfigure); warnings go to stderr. */
export function debconfSession(proc: Process, opts: SessionOptions): DebconfSession {
  const env = proc.env;
  const fr = isFrench(env);
  const wanted = frontendName(opts.frontend ?? env.get('DEBIAN_FRONTEND') ?? opts.db.get('debconf/frontend') ?? 'Dialog') || 'Dialog';
  const chain = ['Dialog', 'Readline', 'Teletype', 'Noninteractive'];
  let idx = chain.indexOf(wanted === 'Text' ? 'Readline' : wanted);
  if (idx < 0) idx = 0;
  const warn = (s: string): void => proc.stderr.write(`debconf: ${s}\n`);
  let frontend: DebconfFrontend | null = null;
  const term = dialogTerminal(proc);
  const stdinTty = proc.stdin.tty !== null;
  for (let i = idx; i < chain.length && frontend === null; i++) {
    const name = chain[i];
    let why: string | null = null;
    if (name === 'Dialog') {
      const t = env.get('TERM');
      const dialogs = terminalDialogs(proc);
      if (t === undefined || t === '') why = 'TERM is not set, so the dialog frontend is not usable.';
      else if (t === 'dumb' || t === 'unknown' || dialogs === null || !stdinTty) {
        why = fr
          ? "L'interface dialog ne fonctionnera pas avec un terminal rustique («\u00a0dumb\u00a0»), un tampon shell d'Emacs ou sans terminal de contrôle."
          : 'Dialog frontend will not work on a dumb terminal, an emacs shell buffer, or without a controlling terminal.';
      } else if (dialogs.rows < 13 || dialogs.columns < 31) why = 'Dialog frontend requires a screen at least 13 lines tall and 31 columns wide.';
      else frontend = new DialogFrontend(dialogs, wrapperFor(env), dialogTexts(env));
    } else if (name === 'Readline' || name === 'Teletype') {
      const lines = terminalLines(proc);
      if (lines === null || term === null || !stdinTty) why = 'This frontend requires a controlling tty.';
      else frontend = new ReadlineFrontend(lines, wrapperFor(env), readlineTexts(env));
    } else frontend = new NoninteractiveFrontend();
    if (frontend === null && i + 1 < chain.length) {
      warn(fr ? `Impossible d'initialiser l'interface\u00a0: ${name}` : `unable to initialize frontend: ${name}`);
      warn(`(${why})`);
      warn(fr ? `Utilisation de l'interface ${chain[i + 1]} en remplacement` : `falling back to frontend: ${chain[i + 1]}`);
    }
  }
  const envPriority = env.get('DEBIAN_PRIORITY') ?? '';
  const dbPriority = opts.db.get('debconf/priority') ?? 'high';
  const priority: Priority = opts.priority ?? (isPriority(envPriority) ? envPriority : isPriority(dbPriority) ? dbPriority : 'high');
  return { db: opts.db, frontend: frontend ?? new NoninteractiveFrontend(), priority, langs: debconfLanguages(env), reshow: opts.reconfigure };
}
