// whiptail as a script uses it: the chosen menu tag or typed text on stderr, the exit status of
// the button, the box drawn on the terminal and redrawn centred when the terminal is resized.
import { describe, expect, it } from 'vitest';
import { packageHost } from '../testing/package-host.ts';
import { VtScreen } from '../testing/vt.ts';
import { Dialog } from './dialogs.ts';
import { parseKeys } from './keys.ts';
import { whiptail } from './whiptail.ts';

const ENV = { LANG: 'C.UTF-8', TERM: 'xterm' };

describe('whiptail', () => {
  it('--menu: Down then Enter prints the second tag on stderr, status 0', async () => {
    const t = packageHost();
    const r = await t.run(whiptail, ['whiptail', '--title', 'Choix', '--menu', 'Protocole ?', '15', '40', '3', 'smtp', 'Envoi', 'pop3', 'Lecture', 'imap', 'Dossiers'], {
      tty: { columns: 80, rows: 24 },
      env: ENV,
      keys: ['\x1b[B', '\r'],
    });
    expect(r.code).toBe(0);
    const vt = new VtScreen(80, 24);
    for (const b of r.screenBytes) vt.write(b);
    // After the box, the alternate screen is left and the answer is what remains.
    expect(vt.text()).toBe('pop3');
  });

  it('--yesno: Tab to No then Enter gives status 1; Escape on Yes gives 255', async () => {
    const t = packageHost();
    const no = await t.run(whiptail, ['whiptail', '--yesno', 'Continuer ?', '8', '30'], { tty: { columns: 80, rows: 24 }, env: ENV, keys: ['\t', '\r'] });
    expect(no.code).toBe(1);
    const esc = await t.run(whiptail, ['whiptail', '--yesno', 'Continuer ?', '8', '30'], { tty: { columns: 80, rows: 24 }, env: ENV, keys: ['\x1b'] });
    expect(esc.code).toBe(255);
  });

  it('--inputbox: typing with Backspace edits the initial text; --output-fd 1 prints it on stdout', async () => {
    const t = packageHost();
    const r = await t.run(whiptail, ['whiptail', '--output-fd', '1', '--inputbox', 'Nom ?', '8', '40', 'mail1'], {
      tty: { columns: 80, rows: 24 },
      env: ENV,
      keys: ['\x7f', '28.com', '\r'],
    });
    expect(r.code).toBe(0);
    const vt = new VtScreen(80, 24);
    for (const b of r.screenBytes) vt.write(b);
    expect(vt.text()).toBe('mail28.com');
  });

  it('draws the box the real whiptail draws (--title T --msgbox Hello 7 20 on 40x12), centred again when resized', () => {
    const d = new Dialog({ kind: 'msgbox', text: 'Hello', height: 7, width: 20, title: 'T' }, 40, 12);
    const rows = (cols: number) => {
      const s = d.draw();
      return Array.from({ length: s.rows }, (_, r) => s.rowText(r).replace(/ +$/, '')).slice(0, 10).join('\n').slice(0, cols * 10);
    };
    expect(rows(40)).toBe(['', '', '          ┌──────┤ T ├───────┐', '          │                  │', '          │ Hello            │', '          │                  │', '          │      <Ok>        │', '          │                  │', '          └──────────────────┘', ''].join('\n'));
    d.resize(60, 12);
    expect(d.draw().rowText(2).indexOf('┌')).toBe(20);
    expect(d.key(parseKeys('\r')[0])).toEqual({ code: 0, value: null });
  });
});
