// Every POP3 dialogue recorded from Debian 12's Dovecot 2.3.19 (../fidelity/pop3/sessions) replayed
// through the engine line by line, then the mailbox compared with the one Dovecot left.
//
// Normalized: UIDL values and UIDVALIDITY only. Dovecot's default pop3_uidl_format %08Xu%08Xv ends
// with the mailbox's UIDVALIDITY, which is the time the mbox was first opened, so two real runs give
// different ones (the recordings show 6b026681 and 6b0266a6 for the same file). Every other byte
// must match. "local" = 127.0.0.1 (secured for Dovecot), "remote" = 192.168.0.28 (not secured);
// session 04 ran after `disable_plaintext_auth = no` (see the fidelity README).

import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DovecotPop3 } from './pop3.ts';
import { RECORDED_INBOX, recordingMachine as machine } from './testing.ts';

const FIDELITY = new URL('../../../../../shared/fidelity/', import.meta.url);
const recordingMachine = (): ReturnType<typeof machine> => machine(new Uint8Array(readFileSync(new URL(RECORDED_INBOX, FIDELITY))));

const SESSIONS = new URL('pop3/sessions/', FIDELITY);
const dec = new TextDecoder('latin1');
const enc = new TextEncoder();

const normalizeUidl = (s: string): string => s.replace(/\b([0-9a-f]{8})[0-9a-f]{8}$/gm, '$1UIDVALID');

function replay(transcript: string, pop3: DovecotPop3): string {
  const out: string[] = [];
  const show = (bytes: Uint8Array): void => {
    const text = dec.decode(bytes);
    expect(text === '' || text.endsWith('\r\n')).toBe(true);
    for (const line of text.split('\r\n').slice(0, -1)) out.push(`S: ${line}`);
  };
  show(pop3.start());
  for (const line of transcript.split('\n')) {
    if (!line.startsWith('C: ')) continue;
    out.push(line);
    show(pop3.receive(enc.encode(`${line.slice(3)}\r\n`)));
  }
  if (pop3.closed) out.push('[connection closed by server]');
  return out.join('\n') + '\n';
}

/** Dovecot's pop3 "Disconnected: Logged out ..." lines of mail.log, in session order. */
const loggedOut = readFileSync(new URL('pop3/mail.log_dovecot.txt', FIDELITY), 'utf8')
  .split('\n')
  .map((l) => /pop3\(etudiant\)<\d+><[^>]+>: (Disconnected: .*)$/.exec(l)?.[1])
  .filter((l): l is string => l !== undefined);

const files = readdirSync(SESSIONS).filter((f) => f.endsWith('.txt')).sort();

describe('Dovecot POP3 replays the Debian 12 recordings', () => {
  it('covers every recorded session', () => {
    expect(files).toEqual([
      'pop3_01_remote_default_plaintext_refused.txt',
      'pop3_02_local_full.txt',
      'pop3_04_remote_after_config_full.txt',
      'pop3_05_remote_dele_quit.txt',
    ]);
  });

  // Sessions that logged in, in the order of their "Logged out" lines in mail.log.
  const LOG_LINE: Record<string, number> = { pop3_02_local_full: 0, pop3_04_remote_after_config_full: 2, pop3_05_remote_dele_quit: 3 };

  for (const file of files) {
    const name = file.replace(/\.txt$/, '');
    it(`${name}: every server line as recorded`, () => {
      const transcript = readFileSync(new URL(file, SESSIONS), 'utf8');
      const { store, auth } = recordingMachine();
      const logs: string[] = [];
      const pop3 = new DovecotPop3({
        store,
        auth,
        secured: name.includes('_local_'),
        disablePlaintextAuth: !name.includes('after_config') && !name.includes('05_remote'),
        log: (l) => logs.push(l),
      });
      expect(normalizeUidl(replay(transcript, pop3))).toBe(normalizeUidl(transcript));
      const line = LOG_LINE[name];
      expect(logs).toEqual(line === undefined ? [] : [loggedOut[line]]);
    });
  }

  it('DELE 2 then QUIT leaves /var/mail/etudiant as Dovecot rewrote it', () => {
    const { store, auth, files: mail } = recordingMachine();
    const pop3 = new DovecotPop3({ store, auth, secured: false, disablePlaintextAuth: false });
    pop3.start();
    pop3.receive(enc.encode('USER etudiant\r\nPASS etudiant\r\nDELE 2\r\nQUIT\r\n'));
    const recorded = readFileSync(new URL('pop3/var_mail_etudiant_after_pop3_dele_quit.mbox', FIDELITY), 'latin1');
    // UIDVALIDITY is the time of the first open (normalized as above).
    const norm = (s: string): string => s.replace(/^X-IMAPbase: \d+/m, 'X-IMAPbase: UIDVALIDITY');
    expect(norm(dec.decode(mail.files.get('etudiant')))).toBe(norm(recorded));
  });

  it('a session without DELE or RETR leaves the mailbox file untouched', () => {
    const { store, auth, files: mail } = recordingMachine();
    const pop3 = new DovecotPop3({ store, auth, secured: true });
    pop3.start();
    expect(dec.decode(pop3.receive(enc.encode('USER etudiant\r\nPASS etudiant\r\nTOP 1 0\r\nQUIT\r\n')))).toContain('+OK Logging out.\r\n');
    expect(mail.writes).toBe(0);
  });
});
