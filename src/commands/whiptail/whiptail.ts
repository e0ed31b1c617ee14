// whiptail (newt 0.52.23): the boxes a shell script can show, with whiptail's options; the
// answer (entry text, menu tag) goes to stderr unless --output-fd 1, the exit status says
// which button: 0 Ok/Yes, 1 Cancel/No, 255 Escape.
import type { Program } from '../../os/program.ts';
import { isFrench } from '../debconf/texts.ts';
import type { DialogKind, DialogSpec, MenuItem } from './dialogs.ts';
import { dialogTerminal, runDialog } from './run-dialog.ts';

const USAGE = `Box options: 
\t--msgbox <text> <height> <width>
\t--yesno  <text> <height> <width>
\t--infobox <text> <height> <width>
\t--inputbox <text> <height> <width> [init] 
\t--passwordbox <text> <height> <width> [init] 
\t--textbox <file> <height> <width>
\t--menu <text> <height> <width> <listheight> [tag item] ...
\t--checklist <text> <height> <width> <listheight> [tag item status]...
\t--radiolist <text> <height> <width> <listheight> [tag item status]...
\t--gauge <text> <height> <width> <percent>
Options: (depend on box-option)
\t--clear\t\t\t\tclear screen on exit
\t--defaultno\t\t\tdefault no button
\t--default-item <string>\t\tset default string
\t--fb\t\t\t\tuse full buttons
\t--nocancel\t\t\tno cancel button
\t--yes-button <text>\t\tset text of yes button
\t--no-button <text>\t\tset text of no button
\t--ok-button <text>\t\tset text of ok button
\t--cancel-button <text>\t\tset text of cancel button
\t--noitem\t\t\tdisplay tags only
\t--separate-output\t\toutput one line at a time
\t--output-fd <fd>\t\toutput to fd, not stdout
\t--title <title>\t\t\tdisplay title
\t--backtitle <backtitle>\t\tdisplay backtitle
\t--scrolltext\t\t\tforce vertical scrollbars
\t--topleft\t\t\tput window in top-left corner

`;

const MODES: Readonly<Record<string, DialogKind>> = {
  '--msgbox': 'msgbox',
  '--yesno': 'yesno',
  '--infobox': 'infobox',
  '--inputbox': 'inputbox',
  '--passwordbox': 'passwordbox',
  '--menu': 'menu',
  '--textbox': 'msgbox',
};

const WITH_ARG = new Set(['--title', '--backtitle', '--default-item', '--yes-button', '--no-button', '--ok-button', '--cancel-button', '--output-fd']);

export const whiptail: Program = async (proc) => {
  const opts = new Map<string, string>();
  const flags = new Set<string>();
  let mode: string | null = null;
  const pos: string[] = [];
  const args = proc.argv.slice(1);
  const usage = (): number => {
    proc.stderr.write(USAGE);
    return 255;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      pos.push(...args.slice(i + 1));
      break;
    }
    if (a === '-v' || a === '--version') {
      proc.stdout.write('whiptail (newt): 0.52.23\n');
      return 0;
    }
    if (a === '-h' || a === '--help') {
      proc.stdout.write(USAGE);
      return 0;
    }
    if (a in MODES) {
      if (mode !== null) return usage();
      mode = a;
      continue;
    }
    if (WITH_ARG.has(a)) {
      if (i + 1 >= args.length) return usage();
      opts.set(a, args[++i]);
      continue;
    }
    if (a.startsWith('--') && a.includes('=') && WITH_ARG.has(a.slice(0, a.indexOf('=')))) {
      opts.set(a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1));
      continue;
    }
    if (a.startsWith('--') && a.length > 2) {
      flags.add(a);
      continue;
    }
    pos.push(a);
  }
  if (mode === null || pos.length < 3) return usage();
  const height = Number(pos[1]);
  const width = Number(pos[2]);
  if (!/^\d+$/.test(pos[1]) || !/^\d+$/.test(pos[2])) return usage();
  let text = pos[0];
  if (mode === '--textbox') {
    const r = proc.host.fs.readFile(text, proc.cred, proc.cwd);
    if (!r.ok) {
      proc.stderr.write(`${text}: No such file or directory\n`);
      return 255;
    }
    text = new TextDecoder().decode(r.value);
  }
  const kind = MODES[mode];
  const fr = isFrench(proc.env);
  const spec: DialogSpec = {
    kind,
    text,
    height,
    width,
    title: opts.get('--title') ?? null,
    backtitle: opts.get('--backtitle') ?? null,
    defaultNo: flags.has('--defaultno'),
    noCancel: flags.has('--nocancel') || flags.has('--no-cancel'),
    scrollText: flags.has('--scrolltext'),
    noItem: flags.has('--noitem'),
    noTags: flags.has('--notags'),
    topLeft: flags.has('--topleft'),
    defaultItem: opts.get('--default-item') ?? null,
    buttons: {
      ok: opts.get('--ok-button') ?? 'Ok',
      cancel: opts.get('--cancel-button') ?? (fr ? 'Annuler' : 'Cancel'),
      yes: opts.get('--yes-button') ?? (fr ? 'Oui' : 'Yes'),
      no: opts.get('--no-button') ?? (fr ? 'Non' : 'No'),
    },
    ...(kind === 'inputbox' || kind === 'passwordbox' ? { init: pos[3] ?? '' } : {}),
    ...(kind === 'menu' ? menuArgs(pos.slice(3), flags.has('--noitem')) : {}),
  };
  if (kind === 'menu' && (spec.items === undefined || spec.items.length === 0)) return usage();
  const term = dialogTerminal(proc);
  if (term === null) {
    proc.stderr.write('whiptail: the terminal is not a tty\n');
    return 255;
  }
  const r = await runDialog(proc, term, spec);
  if (r.code === 0 && r.value !== null) {
    const fd = opts.get('--output-fd') ?? '2';
    (fd === '1' ? proc.stdout : proc.stderr).write(r.value);
  }
  return r.code;
};

function menuArgs(rest: readonly string[], noItem: boolean): { listHeight: number; items: MenuItem[] } {
  const listHeight = Number(rest[0] ?? '0');
  const items: MenuItem[] = [];
  const step = noItem ? 1 : 2;
  for (let i = 1; i + step - 1 < rest.length; i += step) items.push({ tag: rest[i], item: noItem ? '' : rest[i + 1] });
  return { listHeight: Number.isFinite(listHeight) ? listHeight : 0, items };
}
