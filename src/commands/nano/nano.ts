// nano(1), GNU nano 7.2 as Debian 12 ships it: `nano [+LINE[,COLUMN]] [FILE]`, full screen on
// the terminal in raw mode. Opening says "[ Read 42 lines ]", "[ New File ]" or the error;
// Debian's /etc/nanorc `set locking` puts a vim-style lock file .NAME.swp beside the file while
// it is open, and `set historylog` keeps the search strings in ~/.local/share/nano/.
import type { Credentials, Errno } from '../../os/fs/types.ts';
import type { Process, Program } from '../../os/program.ts';
import { strerror } from '../lib/errno.ts';
import { localeOf } from '../lib/locale.ts';
import { dirName, resolvePath } from '../lib/path.ts';
import { Editor, lineCount, type EditorIo } from './editor.ts';
import { KeyDecoder, type Key } from './keys.ts';
import { Messages } from './messages.ts';
import { ENTER_SCREEN, LEAVE_SCREEN, Renderer, type Frame } from './screen.ts';

const USAGE = `Usage: nano [OPTIONS] [[+LINE[,COLUMN]] FILE]...\n\nTo place the cursor on a specific line of a file, put the line number with\na '+' before the filename.  The column number can be added after a comma.\nWhen a filename is '-', nano reads data from standard input.\n\n`;

interface Args {
  file: string;
  line?: number;
  column?: number;
}

function parseArgs(argv: readonly string[]): Args | 'help' | 'version' {
  const a: Args = { file: '' };
  for (const arg of argv) {
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '-V' || arg === '--version') return 'version';
    const plus = /^\+(\d*)(?:,(\d+))?$/.exec(arg);
    if (plus !== null) {
      if (plus[1] !== '') a.line = Number(plus[1]);
      if (plus[2] !== undefined) a.column = Number(plus[2]);
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') continue; // options nano has and this one ignores
    if (a.file === '') a.file = arg;
  }
  return a;
}

/** The 1024-byte lock file nano writes (vim's swap-file header: "b0nano 7.2", pid, user, host, file). */
function lockFile(pid: number, user: string, host: string, file: string, modified: boolean): Uint8Array {
  const b = new Uint8Array(1024);
  const enc = new TextEncoder();
  const put = (at: number, s: string, max: number) => b.set(enc.encode(s).subarray(0, max), at);
  put(0, 'b0', 2);
  put(2, 'nano 7.2', 10);
  b[24] = pid & 0xff;
  b[25] = (pid >> 8) & 0xff;
  b[26] = (pid >> 16) & 0xff;
  b[27] = (pid >> 24) & 0xff;
  put(28, user, 40);
  put(68, host, 40);
  put(108, file, 768);
  if (modified) b[1007] = 0x55;
  return b;
}

export const nano: Program = async (proc: Process) => {
  const parsed = parseArgs(proc.argv.slice(1));
  if (parsed === 'help') {
    proc.stdout.write(USAGE);
    return 0;
  }
  if (parsed === 'version') {
    proc.stdout.write(' GNU nano, version 7.2\n (C) 2023 the Free Software Foundation and various contributors\n Compiled options: --disable-libmagic --enable-utf8\n');
    return 0;
  }
  const tty = proc.stdin.tty;
  if (tty === null || proc.stdout.tty === null) {
    proc.stderr.write('Too many errors from stdin\n');
    return 1;
  }
  const fs = proc.host.fs;
  const cred: Credentials = proc.cred;
  const msg = new Messages(localeOf(proc.env, 'LC_MESSAGES').fr);
  const err = (e: Errno) => strerror(e, localeOf(proc.env, 'LC_MESSAGES'));

  // ---- open the file ----------------------------------------------------------------------
  let filename = parsed.file;
  let text: string | null = null;
  let message: { text: string; kind: 'info' | 'error' } | null = null;
  const abs = filename !== '' ? resolvePath(proc.cwd, filename) : '';
  let lockPath: string | null = null;
  if (filename !== '') {
    const st = fs.stat(abs, cred);
    if (st.ok && st.value.type === 'dir') {
      message = { text: msg.t('"%s" is a directory', filename), kind: 'error' };
      filename = '';
    } else if (st.ok) {
      const r = fs.readFile(abs, cred);
      if (!r.ok) {
        message = { text: msg.t('Error reading %s: %s', filename, err(r.errno)), kind: 'error' };
        filename = '';
      } else {
        text = new TextDecoder().decode(r.value);
        if (fs.access(abs, 2, cred).ok) {
          message = { text: msg.n('Read %zu line', lineCount(text)), kind: 'info' };
          lockPath = `${dirName(abs)}/.${abs.slice(abs.lastIndexOf('/') + 1)}.swp`;
        } else message = { text: msg.t("File '%s' is unwritable", filename), kind: 'error' };
      }
    } else {
      const dir = dirName(abs);
      const d = fs.stat(dir, cred);
      if (!d.ok || d.value.type !== 'dir') message = { text: msg.t("Directory '%s' does not exist", dirName(filename)), kind: 'error' };
      else {
        message = { text: msg.t('New File'), kind: 'info' };
        lockPath = `${dir}/.${abs.slice(abs.lastIndexOf('/') + 1)}.swp`;
      }
    }
  }
  const user = proc.env.get('USER') ?? String(cred.uid);
  const writeLock = (modified: boolean): boolean => {
    if (lockPath === null) return true;
    const r = fs.writeFile(lockPath, lockFile(proc.pid, user, proc.host.hostname, abs, modified), cred);
    if (!r.ok) {
      message = { text: msg.t('Error writing lock file %s: %s', lockPath, err(r.errno)), kind: 'error' };
      lockPath = null;
      return false;
    }
    return true;
  };
  writeLock(false);

  // ---- the terminal -----------------------------------------------------------------------
  const renderer = new Renderer();
  const decoder = new KeyDecoder();
  const queue: Key[] = [];
  let pendingRead: Promise<Uint8Array | null> | null = null;
  let resized = false;
  let wake: (() => void) | null = null;
  const sub = tty.onResize.on(() => {
    resized = true;
    wake?.();
  });
  const write = (s: string) => proc.stdout.write(s);
  tty.setRaw(true);
  write(ENTER_SCREEN.replace('{rows}', String(tty.rows)));

  const io: EditorIo = {
    async nextKey() {
      for (;;) {
        if (resized) {
          resized = false;
          renderer.invalidate();
          write('\x1b[H\x1b[2J');
          return 'resize';
        }
        const k = queue.shift();
        if (k !== undefined) return k;
        pendingRead ??= proc.stdin.read();
        const resize = new Promise<'resize'>((resolve) => {
          wake = () => resolve('resize');
        });
        const got = await Promise.race([pendingRead, resize]);
        wake = null;
        if (got === 'resize') continue;
        pendingRead = null;
        if (got === null) return null;
        queue.push(...decoder.decode(got));
      }
    },
    draw(frame: Frame, cursor, full) {
      if (full) renderer.invalidate();
      write(renderer.render(frame, cursor));
    },
    size: () => ({ cols: Math.max(1, tty.columns), rows: Math.max(4, tty.rows) }),
    writeFile(path, data) {
      const target = resolvePath(proc.cwd, path);
      const r = fs.writeFile(target, data, cred);
      return r.ok ? null : err(r.errno);
    },
    readFile(path) {
      const r = fs.readFile(resolvePath(proc.cwd, path), cred);
      return r.ok ? { text: new TextDecoder().decode(r.value) } : { error: err(r.errno) };
    },
    exists: (path) => fs.lstat(resolvePath(proc.cwd, path), cred).ok,
    onModified: () => void writeLock(true),
  };

  const editor = new Editor(io, msg, { filename, text, message, line: parsed.line, column: parsed.column });
  try {
    await editor.run();
  } finally {
    sub.dispose();
    if (lockPath !== null) fs.unlink(lockPath, cred);
    saveHistory(proc, editor.searches);
    write(LEAVE_SCREEN.replace('{rows}', String(tty.rows)));
    tty.setRaw(false);
  }
  return 0;
};

/** `set historylog`: the search strings go to ~/.local/share/nano/search_history. */
function saveHistory(proc: Process, searches: readonly string[]): void {
  if (searches.length === 0) return;
  const home = proc.env.get('HOME');
  if (home === undefined || home === '') return;
  const fs = proc.host.fs;
  const dir = `${home}/.local/share/nano`;
  if (!fs.stat(dir, proc.cred).ok) fs.mkdir(dir, proc.cred, { parents: true, mode: 0o700 });
  const path = `${dir}/search_history`;
  const old = fs.readFile(path, proc.cred);
  const prev = old.ok ? new TextDecoder().decode(old.value).split('\n').filter((l) => l !== '') : [];
  const all = [...prev.filter((p) => !searches.includes(p)), ...searches.filter((s, i) => searches.lastIndexOf(s) === i)];
  fs.writeFile(path, all.slice(-100).join('\n') + '\n', proc.cred, { mode: 0o600 });
}
