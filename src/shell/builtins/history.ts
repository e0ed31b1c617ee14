// history: the numbered list bash prints (`%5d  %s`), -c, -d N, -w/-a/-r with $HISTFILE, -s.
import type { Builtin } from '../interp/api.ts';

export const historyBuiltin: Builtin = (sh, argv, io) => {
  const h = sh.history;
  const args = argv.slice(1);
  if (!h) return 0;
  const file = (arg: string | undefined) => arg ?? sh.vars.get('HISTFILE') ?? `${sh.vars.get('HOME') ?? '/'}/.bash_history`;
  const fs = sh.proc.host.fs;
  const cred = sh.proc.cred;
  const fileSize = Number(sh.vars.get('HISTFILESIZE') ?? '500');
  if (args[0] !== undefined && /^-/.test(args[0]) && !/^-\d+$/.test(args[0])) {
    const opt = args[0];
    switch (opt) {
      case '-c':
        h.clear();
        return 0;
      case '-d': {
        const n = Number(args[1]);
        if (!Number.isInteger(n) || !h.delete(n < 0 ? h.base + h.length + n : n)) {
          sh.builtinError(io, 'history', sh.msg.t('%s: history position out of range', args[1] ?? ''));
          return 1;
        }
        return 0;
      }
      case '-w':
        h.save(fs, file(args[1]), cred, false, fileSize);
        return 0;
      case '-a':
        h.save(fs, file(args[1]), cred, true, fileSize);
        return 0;
      case '-r':
        h.load(fs, file(args[1]), cred, Number(sh.vars.get('HISTSIZE') ?? '500'));
        return 0;
      case '-s':
        h.add(args.slice(1).join(' '), undefined, Number(sh.vars.get('HISTSIZE') ?? '500'));
        return 0;
      default:
        sh.builtinError(io, 'history', sh.msg.t('%s: invalid option', opt));
        sh.usage(io, 'history', 'history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]');
        return 2;
    }
  }
  let entries = h.all().map((text, i) => ({ n: h.base + i, text }));
  if (args[0] !== undefined) {
    if (!/^\d+$/.test(args[0])) {
      sh.builtinError(io, 'history', sh.msg.t('%s: numeric argument required', args[0]));
      return 1;
    }
    entries = entries.slice(Math.max(0, entries.length - Number(args[0])));
  }
  io.stdout.write(entries.map((e) => `${String(e.n).padStart(5)}  ${e.text}\n`).join(''));
  return 0;
};
