// clear(1) from ncurses: home, erase screen, erase scrollback (xterm's E3), per $TERM.
import type { Process, Program } from '../../os/program.ts';

export const clear: Program = async (proc: Process) => {
  const term = proc.env.get('TERM');
  const args = proc.argv.slice(1);
  const keepScrollback = args.includes('-x');
  const bad = args.find((a) => a !== '-x');
  if (bad !== undefined) {
    const opt = bad.startsWith('-') ? bad.slice(1, 2) : '';
    if (opt && opt !== 'T' && opt !== 'V') proc.stderr.write(`${proc.argv[0] || 'clear'}: invalid option -- '${opt}'\n`);
    if (opt === 'V') {
      proc.stdout.write('ncurses 6.4.20221231\n');
      return 0;
    }
    proc.stderr.write(`Usage: clear [options]\n\nOptions:\n  -T TERM     use this instead of $TERM\n  -V          print curses-version\n  -x          do not try to clear scrollback\n`);
    return 1;
  }
  if (term === undefined || term === '') {
    proc.stderr.write('TERM environment variable not set.\n');
    return 1;
  }
  if (term === 'dumb') return 0;
  const eraseScreen = term === 'linux' ? '\x1b[H\x1b[J' : '\x1b[H\x1b[2J';
  proc.stdout.write(eraseScreen + (keepScrollback ? '' : '\x1b[3J'));
  return 0;
};
