// Faults a student or a client library can cause. Texts not in ../fidelity come from Dovecot
// 2.3's source (src/pop3/pop3-commands.c get_msgnum/get_size, src/pop3-login/client.c).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMbox } from '../../mail/mbox.ts';
import { DovecotPop3, POP3_LOGIN_MAX_LINE } from './pop3.ts';
import { RECORDED_INBOX, recordingMachine as machine } from './testing.ts';

const FIDELITY = new URL('../../../../../shared/fidelity/', import.meta.url);
const recordingMachine = (): ReturnType<typeof machine> => machine(new Uint8Array(readFileSync(new URL(RECORDED_INBOX, FIDELITY))));

const enc = new TextEncoder();
const dec = new TextDecoder('latin1');

function session(opts: { secured?: boolean } = {}): { pop3: DovecotPop3; say: (s: string) => string; mail: ReturnType<typeof recordingMachine>['files'] } {
  const { store, auth, files } = recordingMachine();
  const pop3 = new DovecotPop3({ store, auth, secured: opts.secured ?? true });
  pop3.start();
  return { pop3, say: (s) => dec.decode(pop3.receive(enc.encode(s))), mail: files };
}

function loggedIn(): ReturnType<typeof session> {
  const s = session();
  expect(s.say('USER etudiant\r\nPASS etudiant\r\n')).toBe('+OK\r\n+OK Logged in.\r\n');
  return s;
}

describe('POP3 input in any segmentation', () => {
  it('answers pipelined commands in one segment in order (RFC 2449 PIPELINING)', () => {
    const s = session();
    expect(s.say('USER etudiant\r\nPASS etudiant\r\nSTAT\r\nLIST 7\r\nNOOP\r\n')).toBe('+OK\r\n+OK Logged in.\r\n+OK 7 2898\r\n+OK 7 367\r\n+OK\r\n');
  });

  it('gives the same bytes when every byte arrives in its own segment', () => {
    const script = 'user etudiant\npass etudiant\r\nRETR 1\r\nuidl 2\r\nTOP 3 0\r\nquit\r\n';
    const whole = session().say(script);
    const s = session();
    let split = '';
    for (const b of enc.encode(script)) split += s.say(String.fromCharCode(b));
    expect(split).toBe(whole);
    expect(whole).toContain('+OK 501 octets\r\n');
    expect(whole.endsWith('+OK Logging out.\r\n')).toBe(true);
  });

  it('accepts bare LF line ends, as Dovecot does', () => {
    expect(session().say('CAPA\n').startsWith('+OK\r\nCAPA\r\n')).toBe(true);
  });

  it('stops reading after QUIT: later pipelined commands get no reply', () => {
    const s = loggedIn();
    expect(s.say('QUIT\r\nSTAT\r\n')).toBe('+OK Logging out.\r\n');
    expect(s.pop3.closed).toBe(true);
  });
});

describe('POP3 bad input', () => {
  it('disconnects a 1 MB line before login without buffering it', () => {
    const s = session();
    const reply = s.say('x'.repeat(1 << 20));
    expect(reply).toBe('-ERR Input buffer full, aborting\r\n');
    expect(s.pop3.closed).toBe(true);
  });

  it('accepts a line that just fits the login buffer', () => {
    const s = session();
    expect(s.say(`USER ${'a'.repeat(POP3_LOGIN_MAX_LINE - 7)}\r\n`)).toBe('+OK\r\n');
  });

  it('disconnects a 1 MB line after login, mailbox untouched', () => {
    const s = loggedIn();
    expect(s.say(`NOOP ${'y'.repeat(1 << 20)}\r\n`)).toBe('-ERR Input line too long.\r\n');
    expect(s.pop3.closed).toBe(true);
    expect(s.mail.writes).toBe(0);
  });

  it('treats NUL and 8-bit bytes as part of an unknown command', () => {
    const s = loggedIn();
    expect(s.say('NO\0OP\r\n')).toBe('-ERR Unknown command: NO\0OP\r\n');
    // Latin-1 "été": only ASCII letters are upper-cased, the 8-bit bytes come back as sent.
    const reply = s.pop3.receive(new Uint8Array([0xe9, 0x74, 0xe9, 0x0d, 0x0a]));
    expect(dec.decode(reply)).toBe('-ERR Unknown command: \xe9T\xe9\r\n');
  });

  it('answers malformed message numbers as get_msgnum() does', () => {
    const s = loggedIn();
    expect(s.say('RETR\r\n')).toBe('-ERR Invalid message number: \r\n');
    expect(s.say('RETR x\r\n')).toBe('-ERR Invalid message number: x\r\n');
    expect(s.say('DELE 1x\r\n')).toBe('-ERR Noise after message number: x\r\n');
    expect(s.say('LIST 0\r\n')).toBe("-ERR There's no message 0.\r\n");
    expect(s.say('TOP 1\r\n')).toBe('-ERR Noise after message number: \r\n');
    expect(s.say('TOP 1 x\r\n')).toBe('-ERR Invalid size: x\r\n');
    expect(s.say('TOP 1 2 3\r\n')).toBe('-ERR Noise after size:  3\r\n');
    expect(s.say('LIST    2\r\n')).toBe('+OK 2 345\r\n');
  });

  it('disconnects after 21 bad commands in a row', () => {
    const s = loggedIn();
    expect(s.say('bad\r\n'.repeat(20))).toBe('-ERR Unknown command: BAD\r\n'.repeat(20));
    expect(s.say('bad\r\n')).toBe('-ERR Unknown command: BAD\r\n-ERR Too many bad commands.\r\n');
    expect(s.pop3.closed).toBe(true);
  });

  it('refuses PASS without USER and a wrong password, then accepts the right one', () => {
    const s = session();
    expect(s.say('PASS etudiant\r\n')).toBe('-ERR No username given.\r\n');
    expect(s.say('USER etudiant\r\nPASS wrong\r\n')).toBe('+OK\r\n-ERR [AUTH] Authentication failed.\r\n');
    expect(s.say('PASS etudiant\r\n')).toBe('+OK Logged in.\r\n');
  });

  it('answers commands of the other state as unknown', () => {
    expect(session().say('STAT\r\n')).toBe('-ERR Unknown command.\r\n');
    expect(loggedIn().say('USER toto\r\n')).toBe('-ERR Unknown command: USER\r\n');
  });

  it('applies nothing when the client drops the connection after DELE', () => {
    const s = loggedIn();
    s.say('DELE 1\r\nDELE 2\r\n');
    s.pop3.peerClosed();
    expect(s.mail.writes).toBe(0);
  });

  it('marks retrieved messages read at QUIT and keeps the others unread', () => {
    const s = loggedIn();
    expect(s.say('RETR 2\r\nTOP 3 1\r\nQUIT\r\n').endsWith('+OK Logging out.\r\n')).toBe(true);
    const file = s.mail.files.get('etudiant') ?? new Uint8Array();
    const statuses = parseMbox(file).messages.map((m) => /^Status: (\w+)$/m.exec(dec.decode(m.content))?.[1]);
    expect(statuses).toEqual(['O', 'RO', 'O', 'O', 'O', 'O', 'O']);
  });

  it('byte-stuffs a message line that starts with a dot', () => {
    const { store, auth, files } = recordingMachine();
    files.files.set('etudiant', enc.encode('From a@b  Thu Jan  1 00:00:00 1970\nSubject: dot\n\n.\n..x\n\n'));
    const pop3 = new DovecotPop3({ store, auth, secured: true });
    pop3.start();
    const reply = dec.decode(pop3.receive(enc.encode('USER etudiant\r\nPASS etudiant\r\nRETR 1\r\n')));
    expect(reply).toBe('+OK\r\n+OK Logged in.\r\n+OK 24 octets\r\nSubject: dot\r\n\r\n..\r\n...x\r\n.\r\n');
  });

  it('serves an empty INBOX when /var/mail/USER does not exist', () => {
    const { store, auth } = recordingMachine();
    const pop3 = new DovecotPop3({ store, auth, secured: true });
    pop3.start();
    expect(dec.decode(pop3.receive(enc.encode('USER toto\r\nPASS toto\r\nSTAT\r\nLIST\r\nUIDL\r\n')))).toBe(
      '+OK\r\n+OK Logged in.\r\n+OK 0 0\r\n+OK 0 messages:\r\n.\r\n+OK\r\n.\r\n',
    );
  });
});
