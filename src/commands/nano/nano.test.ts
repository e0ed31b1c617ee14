import { describe, it, expect } from 'vitest';
import { TestHost } from '../testing/host-run.ts';
import { VtScreen } from '../testing/vt.ts';
import { nano } from './nano.ts';

const ROOT = { uid: 0, gid: 0, groups: [0] };
const TTY = { columns: 80, rows: 24 };
const MAIN_CF =
  '# See /usr/share/postfix/main.cf.dist for a commented, more complete version\n\n\n' +
  'smtpd_banner = $myhostname ESMTP $mail_name (Debian/GNU)\nbiff = no\n\n' +
  "# appending .domain is the MUA's job.\nappend_dot_mydomain = no\nmyhostname = vm\n";

const UP = '\x1b[A';
const DOWN = '\x1b[B';
const END = '\x1b[F';

function lab(): TestHost {
  const t = new TestHost('vm');
  t.host.fs.mkdir('/tmp/nanot', ROOT, { parents: true });
  t.host.fs.writeFile('/tmp/nanot/main.cf', MAIN_CF, ROOT);
  return t;
}

async function screen(t: TestHost, keys: string[], opts: { file?: string; user?: string; env?: Record<string, string>; tty?: { columns: number; rows: number } } = {}) {
  const tty = opts.tty ?? TTY;
  const r = await t.run(nano, ['nano', opts.file ?? '/tmp/nanot/main.cf'], { tty, keys, user: opts.user, env: opts.env });
  const vt = new VtScreen(tty.columns, tty.rows);
  for (const b of r.screenBytes) vt.write(b);
  return { r, vt, lines: vt.lines() };
}

// Screens recorded from Debian 12's nano 7.2 in tmux (80x24, LANG=C.UTF-8, Debian's /etc/nanorc).
const MAIN_BARS = [
  '^G Help      ^O Write Out ^W Where Is  ^K Cut       ^T Execute   ^C Location',
  '^X Exit      ^R Read File ^\\ Replace   ^U Paste     ^J Justify   ^/ Go To Line',
];

describe('nano', () => {
  it('opens a file as nano 7.2 draws it', async () => {
    const { lines, r } = await screen(lab(), []);
    // The bars are reverse video, comments cyan (Debian's default.nanorc), as recorded.
    expect(r.screen).toContain('\x1b[0;7m  GNU nano 7.2                   /tmp/nanot/main.cf');
    expect(r.screen).toContain('\x1b[0;36m# See /usr/share/postfix/main.cf.dist');
    expect(lines).toEqual([
      '  GNU nano 7.2                   /tmp/nanot/main.cf',
      '# See /usr/share/postfix/main.cf.dist for a commented, more complete version',
      '',
      '',
      'smtpd_banner = $myhostname ESMTP $mail_name (Debian/GNU)',
      'biff = no',
      '',
      "# appending .domain is the MUA's job.",
      'append_dot_mydomain = no',
      'myhostname = vm',
      ...Array<string>(11).fill(''),
      '                                [ Read 9 lines ]',
      ...MAIN_BARS,
    ]);
  });

  it('edits, writes with ^O and leaves with ^X, restoring the screen', async () => {
    const t = lab();
    const typed = await screen(t, [DOWN, DOWN, DOWN, END, ' # hi']);
    expect(typed.lines[0]).toBe('  GNU nano 7.2                   /tmp/nanot/main.cf *');
    expect(typed.lines[4]).toBe('smtpd_banner = $myhostname ESMTP $mail_name (Debian/GNU) # hi');
    const t2 = lab();
    const saved = await screen(t2, [DOWN, DOWN, DOWN, END, ' # hi', '\x0f']);
    expect(saved.lines.slice(21)).toEqual([
      'File Name to Write: /tmp/nanot/main.cf',
      '^G Help             M-D DOS Format      M-A Append          M-B Backup File',
      '^C Cancel           M-M Mac Format      M-P Prepend         ^T Browse',
    ]);
    const done = await screen(lab(), [DOWN, DOWN, DOWN, END, ' # hi', '\x0f', '\r']);
    expect(done.lines[0]).toBe('  GNU nano 7.2                   /tmp/nanot/main.cf');
    expect(done.lines[21]).toBe('                               [ Wrote 9 lines ]');
    const t3 = lab();
    const r = await t3.run(nano, ['nano', '/tmp/nanot/main.cf'], { tty: TTY, keys: [DOWN, DOWN, DOWN, END, ' # hi', '\x0f', '\r', '\x18'] });
    expect(r.code).toBe(0);
    expect(t3.read('/tmp/nanot/main.cf')).toBe(MAIN_CF.replace('(Debian/GNU)\n', '(Debian/GNU) # hi\n'));
    expect(r.screen.endsWith('\x1b[?1049l\x1b[23;0;0t\r\x1b[?1l\x1b>\x1b[?2004l')).toBe(true);
  });

  it('asks "Save modified buffer?" on ^X and then the file name', async () => {
    const t = lab();
    const ask = await screen(t, ['x', '\x18']);
    expect(ask.lines.slice(21)).toEqual(['Save modified buffer?', ' Y Yes', ' N No           ^C Cancel']);
    const cancelled = await screen(lab(), ['x', '\x18', '\x03']);
    expect(cancelled.lines.slice(21)).toEqual(['                                 [ Cancelled ]', ...MAIN_BARS]);
    const t2 = lab();
    const r = await t2.run(nano, ['nano', '/tmp/nanot/main.cf'], { tty: TTY, keys: ['x', '\x18', 'y', '\r'] });
    expect(r.code).toBe(0);
    expect(t2.read('/tmp/nanot/main.cf')).toBe('x' + MAIN_CF);
    const t3 = lab();
    await t3.run(nano, ['nano', '/tmp/nanot/main.cf'], { tty: TTY, keys: ['x', '\x18', 'n'] });
    expect(t3.read('/tmp/nanot/main.cf')).toBe(MAIN_CF);
  });

  it('creates a new file with a final newline', async () => {
    const t = lab();
    const fresh = await screen(t, [], { file: '/tmp/nanot/newfile' });
    expect(fresh.lines[21]).toBe('                                  [ New File ]');
    const t2 = lab();
    await t2.run(nano, ['nano', '/tmp/nanot/newfile'], { tty: TTY, keys: ['hello', '\x18', 'y', '\r'] });
    expect(t2.read('/tmp/nanot/newfile')).toBe('hello\n');
  });

  it('keeps a lock file beside the file while it is open (Debian sets locking)', async () => {
    const t = lab();
    await screen(t, ['x']);
    const lock = t.host.fs.readFile('/tmp/nanot/.main.cf.swp', ROOT);
    expect(lock.ok && lock.value.length).toBe(1024);
    expect(lock.ok && new TextDecoder().decode(lock.value.subarray(0, 10))).toBe('b0nano 7.2');
    const t2 = lab();
    await t2.run(nano, ['nano', '/tmp/nanot/main.cf'], { tty: TTY, keys: ['\x18'] });
    expect(t2.host.fs.lstat('/tmp/nanot/.main.cf.swp', ROOT).ok).toBe(false);
  });

  it('reports permission problems as nano does', async () => {
    const t = lab();
    const ro = await screen(t, [], { file: '/etc/hostname', user: 'debian' });
    expect(ro.lines[21]).toBe("                     [ File '/etc/hostname' is unwritable ]");
    const w = await screen(lab(), ['x', '\x0f', '\r'], { file: '/etc/hostname', user: 'debian' });
    expect(w.lines[21]).toBe('               [ Error writing /etc/hostname: Permission denied ]');
    const unreadable = await screen(lab(), [], { file: '/etc/shadow', user: 'debian' });
    expect(unreadable.lines[0]).toBe('  GNU nano 7.2                       New Buffer');
    expect(unreadable.lines[21]).toBe('                [ Error reading /etc/shadow: Permission denied ]');
  });

  it('searches with ^W and reports the cursor position with ^C', async () => {
    const found = await screen(lab(), ['\x17']);
    expect(found.lines.slice(21)).toEqual([
      'Search:',
      '^G Help         M-C Case Sens   M-B Backwards   ^P Older        ^T Go To Line',
      '^C Cancel       M-R Reg.exp.    ^R Replace      ^N Newer',
    ]);
    const biff = await screen(lab(), ['\x17', 'biff', '\r', '\x03']);
    expect(biff.lines[21]).toBe('           [ line  5/10 (50%), col  1/10 ( 10%), char 136/226 (60%) ]');
    const missing = await screen(lab(), ['\x17', 'zzz', '\r']);
    expect(missing.lines[21]).toBe('                              [ "zzz" not found ]');
    const pos = await screen(lab(), [DOWN, DOWN, DOWN, END, ' # hi', '\x03']);
    // The same numbers as the recording (the recorded file had this line too).
    expect(pos.lines[21]).toBe('           [ line  4/10 (40%), col 62/62 (100%), char 140/231 (60%) ]');
  });

  it('cuts a line with ^K and pastes it back with ^U', async () => {
    const t = lab();
    await t.run(nano, ['nano', '/tmp/nanot/main.cf'], { tty: TTY, keys: [DOWN, DOWN, DOWN, DOWN, '\x0b', UP, UP, UP, UP, '\x15', '\x18', 'y', '\r'] });
    expect(t.read('/tmp/nanot/main.cf').split('\n').slice(0, 3)).toEqual(['biff = no', '# See /usr/share/postfix/main.cf.dist for a commented, more complete version', '']);
  });

  it('scrolls a long line sideways with < and > marks', async () => {
    const t = lab();
    t.host.fs.writeFile('/tmp/nanot/long.txt', 'a'.repeat(50) + 'B'.repeat(50) + 'c'.repeat(30) + '\nshort\n', ROOT);
    const start = await screen(t, [], { file: '/tmp/nanot/long.txt' });
    expect(start.lines[1]).toBe('a'.repeat(50) + 'B'.repeat(29) + '>');
    const end = await screen(t, [END], { file: '/tmp/nanot/long.txt' });
    expect(end.lines[1]).toBe('<' + 'B'.repeat(27) + 'c'.repeat(30));
  });

  it('speaks French under fr_FR.UTF-8', async () => {
    const { lines } = await screen(lab(), [], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(lines.slice(21)).toEqual([
      '                            [ Lecture de 9 lignes ]',
      '^G Aide      ^O Écrire    ^W Chercher  ^K Couper    ^T Exécuter  ^C Emplacement',
      '^X Quitter   ^R Lire fich.^\\ Remplacer ^U Coller    ^J Justifier ^/ Aller ligne',
    ]);
    const ask = await screen(lab(), ['x', '\x18'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(ask.lines.slice(21)).toEqual(["Sauver l'espace modifié ?", ' O Oui', ' N Non          ^C Annuler']);
  });

  it('redraws for the new size when the terminal is resized', async () => {
    const t = lab();
    const r = await t.run(nano, ['nano', '/tmp/nanot/main.cf'], { tty: TTY, keys: ['x', { resize: { columns: 60, rows: 20 } }] });
    const vt = new VtScreen(80, 24);
    for (const b of r.screenBytes) vt.write(b);
    vt.resize(60, 20);
    // Recorded: nano 7.2 in tmux resized from 80x24 to 60x20.
    const lines = vt.lines();
    expect(lines[0]).toBe('  GNU nano 7.2         /tmp/nanot/main.cf *');
    expect(lines[1]).toBe('x# See /usr/share/postfix/main.cf.dist for a commented, mor>');
    expect(lines.slice(18)).toEqual(['^G Help     ^O Write Out^W Where Is ^K Cut      ^T Execute', '^X Exit     ^R Read File^\\ Replace  ^U Paste    ^J Justify']);
  });

  it('lays out 16 shortcuts on a 132-column terminal', async () => {
    const wide = await screen(lab(), ['x'], { tty: { columns: 132, rows: 30 } });
    expect(wide.lines[0]).toBe('  GNU nano 7.2                                             /tmp/nanot/main.cf *');
    expect(wide.lines.slice(28)).toEqual([
      '^G Help         ^O Write Out    ^W Where Is     ^K Cut          ^T Execute      ^C Location     M-U Undo        M-A Set Mark',
      '^X Exit         ^R Read File    ^\\ Replace      ^U Paste        ^J Justify      ^/ Go To Line   M-E Redo        M-6 Copy',
    ]);
  });

  it('scrolls down one line at a time past the bottom of the window', async () => {
    const t = lab();
    t.host.fs.writeFile('/tmp/nanot/many', Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n') + '\n', ROOT);
    const keys = Array<string>(21).fill(DOWN);
    const s = await screen(t, keys, { file: '/tmp/nanot/many' });
    expect(s.lines[1]).toBe('line 3');
    expect(s.lines[20]).toBe('line 22');
    expect(s.vt.row).toBe(20);
  });
});
