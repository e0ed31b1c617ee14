// Test support for mail(1): a Debian host with the users of the recordings (etudiant 1001,
// toto 1002), /var/mail, a stand-in for Postfix's sendmail that records what it was given, and a
// screen renderer that turns terminal bytes into the lines tmux captured (CR, BS, EL handled,
// other escape sequences dropped, scrollback kept).
import { installProgram } from '../../os/process/executable.ts';
import type { Process } from '../../os/program.ts';
import { adduser } from '../adduser/adduser.ts';
import { readAll } from '../lib/io.ts';
import { packageHost, ROOT } from '../testing/package-host.ts';
import type { TestHost } from '../testing/host-run.ts';

export const FIDELITY = '/work/shared/fidelity/mailutils';

export interface SentMail {
  argv: readonly string[];
  uid: number;
  message: string;
}

export async function mailHost(lang?: string): Promise<{ t: TestHost; sent: SentMail[] }> {
  const t = packageHost({}, 'vm', lang);
  t.register('adduser', adduser);
  for (const u of ['etudiant', 'toto']) await t.run(adduser, ['adduser', '--disabled-password', '--gecos', '', u]);
  const fs = t.host.fs;
  fs.mkdir('/var/mail', ROOT, { parents: true, mode: 0o2775 });
  const sent: SentMail[] = [];
  const sendmail = async (proc: Process): Promise<number> => {
    const data = await readAll(proc.stdin);
    sent.push({ argv: proc.argv, uid: proc.realCred.uid, message: new TextDecoder().decode(data) });
    return 0;
  };
  t.register('sendmail', sendmail);
  installProgram(fs, '/usr/sbin/sendmail', 'sendmail');
  return { t, sent };
}

/** Puts a mailbox in place as local(8) creates it: USER:mail 0600. */
export function putMailbox(t: TestHost, path: string, data: Uint8Array | string, user: string): void {
  const fs = t.host.fs;
  fs.writeFile(path, data, ROOT, { mode: 0o600 });
  const c = t.credentials(user);
  const mailGid = path.startsWith('/var/mail/') ? 8 : c.gid;
  fs.chown(path, c.uid, mailGid, ROOT);
}

export function readBytes(t: TestHost, path: string): Uint8Array {
  const r = t.host.fs.readFile(path, ROOT);
  return r.ok ? r.value : new Uint8Array(0);
}

/** Terminal output as the lines a screen capture shows (with scrollback). */
export function renderScreen(screen: string): string[] {
  const lines: string[][] = [[]];
  let row = 0;
  let col = 0;
  for (let i = 0; i < screen.length; i++) {
    const ch = screen[i];
    if (ch === '\x1b') {
      const m = /^\x1b(\[[0-9;?]*[A-Za-z@]|[()][A-Z0-9]|[=>78])/.exec(screen.slice(i));
      if (m) {
        if (m[1] === '[K') lines[row].length = Math.min(lines[row].length, col);
        i += m[0].length - 1;
      }
      continue;
    }
    if (ch === '\r') col = 0;
    else if (ch === '\n') {
      row++;
      if (lines.length <= row) lines.push([]);
    } else if (ch === '\b') col = Math.max(0, col - 1);
    else if (ch === '\x07') continue;
    else if (ch === '\t') {
      // The terminal moves to the next tab stop; tmux shows the cells passed over as spaces.
      const line = lines[row];
      const stop = (Math.floor(col / 8) + 1) * 8;
      while (col < stop) line[col++] ??= ' ';
    }
    else {
      const line = lines[row];
      while (line.length < col) line.push(' ');
      line[col++] = ch;
    }
  }
  return lines.map((l) => l.join(''));
}

/**
 * A recorded terminal session cut at each shell prompt: the command typed and the lines it
 * printed (the echo of the command line itself excluded).
 */
export function recordedCommands(text: string, prompt: RegExp): { command: string; lines: string[] }[] {
  const out: { command: string; lines: string[] }[] = [];
  for (const line of text.replace(/\n$/, '').split('\n')) {
    const m = prompt.exec(line);
    if (m) out.push({ command: line.slice(m[0].length), lines: [] });
    else if (out.length > 0) out[out.length - 1].lines.push(line);
  }
  return out.filter((c) => c.command !== '');
}
