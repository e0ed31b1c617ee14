// Bad input against the IMAP engine: huge lines, lying literals, NUL bytes, garbage and floods of
// bad commands, segmentation, thousands of messages, broken mailboxes and failing writes. The
// engine must answer as Dovecot does, never throw, and never damage /var/mail/USER.
// Replies marked "not recorded" follow Dovecot's source (imap-login-client.c, imap-client.c).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMbox } from '../../mail/mbox.ts';
import { ImapTestClient, imapMachine } from './testing.ts';

const FIDELITY = new URL('../../../../../shared/fidelity/', import.meta.url);
const BEFORE = new Uint8Array(readFileSync(new URL('mailutils/var_mail_etudiant_before_reading.mbox', FIDELITY)));
const timing = (s: string): string => s.replace(/\(\d+\.\d{3} \+ \d+\.\d{3} secs\)/g, '(T secs)');
const latin1 = new TextDecoder('latin1');

function loggedIn(inbox: Uint8Array | null = BEFORE): { c: ImapTestClient; files: ReturnType<typeof imapMachine>['files'] } {
  const m = imapMachine(inbox);
  const c = new ImapTestClient(m.store);
  c.send('a login etudiant etudiant');
  return { c, files: m.files };
}

function bigMailbox(n: number): Uint8Array {
  const parts: string[] = [];
  for (let i = 1; i <= n; i++) {
    parts.push(`From toto@mail128.com  Sun Nov 22 03:33:55 2026\nFrom: toto@mail128.com\nTo: etudiant@mail128.com\nSubject: message ${i}\nMessage-Id: <${i}@vm>\nDate: Sun, 22 Nov 2026 03:33:55 +0000\n\nbody ${i}\n\n`);
  }
  const s = parts.join('');
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

describe('IMAP bad input', () => {
  it('drops a client sending a 1 MB line before login', () => {
    const { store } = imapMachine(BEFORE);
    const c = new ImapTestClient(store);
    expect(c.raw(`a login ${'x'.repeat(1 << 20)}\r\n`)).toBe('* BYE Input buffer full, aborting\r\n');
    expect(c.engine.closed).toBe(true);
    expect(c.engine.disconnectReason).toBe('Input buffer full');
  });

  it('refuses a 1 MB line after login with "Too long argument." and goes on', () => {
    const { c, files } = loggedIn();
    c.send('b select inbox');
    const before = files.files.get('/var/mail/etudiant');
    const reply = c.raw(`c fetch 1:* (${'FLAGS '.repeat(200_000)})\r\nd noop\r\n`);
    expect(timing(reply)).toBe('c BAD Error in IMAP command FETCH: Too long argument (T secs).\r\nd OK NOOP completed (T secs).\r\n');
    expect(files.files.get('/var/mail/etudiant')).toBe(before);
    expect(timing(c.raw(`${'x'.repeat(1 << 20)}\r\n`))).toBe('* BAD Error in IMAP tag: Too long argument (T secs).\r\n');
    expect(timing(c.raw(`e ${'x'.repeat(1 << 20)}\r\n`))).toBe('e BAD Error in IMAP command: Too long argument (T secs).\r\n');
  });

  it('waits for the octets a literal announced, however the client splits them', () => {
    const { c, files } = loggedIn();
    expect(c.send('b append inbox {18}')).toBe('+ OK\r\n');
    // Fewer octets than announced: nothing happens yet.
    expect(c.raw('Subject: x\r\n\r\nab')).toBe('');
    expect(timing(c.raw('cd\r\n'))).toBe('b OK [APPENDUID 1795319425 8] Append completed (T secs).\r\n');
    const mbox = parseMbox(files.files.get('/var/mail/etudiant') ?? new Uint8Array());
    expect(mbox.messages).toHaveLength(8);
    expect(latin1.decode(mbox.messages[7]?.content)).toContain('Subject: x\n');
  });

  it('eats the next lines of a client whose literal lies about its size, then parses on', () => {
    const { c, files } = loggedIn();
    c.send('b append inbox {28}');
    // 10 octets of message then the next command: the command becomes part of the literal.
    expect(c.raw('Subject: x\r\nc noop\r\n')).toBe('');
    expect(timing(c.raw('12345678\r\n'))).toBe('b OK [APPENDUID 1795319425 8] Append completed (T secs).\r\n');
    expect(parseMbox(files.files.get('/var/mail/etudiant') ?? new Uint8Array()).messages).toHaveLength(8);
    expect(timing(c.send('d noop'))).toBe('d OK NOOP completed (T secs).\r\n');
  });

  it('disconnects on a literal larger than Dovecot accepts', () => {
    const { store } = imapMachine(BEFORE);
    const pre = new ImapTestClient(store);
    expect(pre.send('a login {9000}')).toBe('* BYE Literal size too large\r\n');
    expect(pre.engine.closed).toBe(true);
    const { c } = loggedIn();
    expect(c.send('b select {100000}')).toBe('* BYE Literal size too large\r\n');
    expect(c.engine.closed).toBe(true);
  });

  it('answers NUL bytes and 8-bit garbage without throwing', () => {
    const { store } = imapMachine(BEFORE);
    const pre = new ImapTestClient(store);
    expect(pre.raw('\0\0\0\r\n')).toBe('* BAD Error in IMAP command received by server.\r\n');
    expect(pre.raw('a\xff\xfe login\r\n')).toBe('a\xff\xfe BAD Error in IMAP command received by server.\r\n');
    const { c } = loggedIn();
    expect(timing(c.raw('b select "in\0box"\r\n'))).toBe('b BAD Error in IMAP command SELECT: NULs not allowed in strings (T secs).\r\n');
    expect(timing(c.raw('c select in\xe9box\r\n'))).toBe('c BAD Error in IMAP command SELECT: 8bit data in atom (T secs).\r\n');
    expect(timing(c.send('d list "" ("*"'))).toBe("d BAD Error in IMAP command LIST: Missing ')' (T secs).\r\n");
    expect(timing(c.send('e noop )'))).toBe("e BAD Error in IMAP command NOOP: Unexpected ')' (T secs).\r\n");
  });

  it('hangs up after 3 bad commands before login and 20 after', () => {
    const { store } = imapMachine(BEFORE);
    const pre = new ImapTestClient(store);
    expect(pre.send('a select inbox')).toBe('a BAD Error in IMAP command received by server.\r\n');
    expect(pre.send('b foo')).toBe('b BAD Error in IMAP command received by server.\r\n');
    expect(pre.send('c bar')).toBe('* BYE Too many invalid IMAP commands.\r\n');
    expect(pre.engine.closed).toBe(true);
    const { c } = loggedIn();
    for (let i = 1; i < 20; i++) expect(timing(c.send(`t${i} frobnicate`))).toBe(`t${i} BAD Error in IMAP command FROBNICATE: Unknown command (T secs).\r\n`);
    expect(timing(c.send('t20 frobnicate'))).toBe('t20 BAD Error in IMAP command FROBNICATE: Unknown command (T secs).\r\n* BYE Too many invalid IMAP commands.\r\n');
    expect(c.engine.closed).toBe(true);
  });

  it('tells a user who forgot the tag how to write the command', () => {
    const { store } = imapMachine(BEFORE);
    const c = new ImapTestClient(store);
    expect(c.send('login etudiant etudiant')).toBe("login BAD First parameter in line is IMAP's command tag, not the command name. Add that before the command, like: a login user pass\r\n");
  });

  it('gives the same bytes whatever the segmentation', () => {
    const script = 'a login etudiant etudiant\r\nb select inbox\r\nc fetch 1:3 (flags envelope body.peek[header.fields (subject)])\r\nd store 2 +flags (\\Flagged)\r\ne search flagged\r\nf logout\r\n';
    const whole = loggedIn(BEFORE);
    const one = new ImapTestClient(imapMachine(BEFORE).store);
    const expected = timing(one.raw(script));
    const split = new ImapTestClient(imapMachine(BEFORE).store);
    let got = '';
    for (const ch of script) got += split.raw(ch);
    expect(timing(got)).toBe(expected);
    expect(expected).toContain('* SEARCH 2\r\n');
    void whole;
  });

  it('serves and rewrites a mailbox of 3,000 messages', () => {
    const { c, files } = loggedIn(bigMailbox(3000));
    expect(c.send('b select inbox')).toContain('* 3000 EXISTS\r\n');
    const fetched = c.send('c fetch 2990:* (uid flags envelope)');
    expect(fetched.split('\r\n').filter((l) => l.startsWith('* '))).toHaveLength(11);
    c.send('d store 1:* +flags (\\Seen)');
    expect(timing(c.send('e search unseen'))).toBe('* SEARCH\r\ne OK Search completed (T secs).\r\n');
    const mbox = parseMbox(files.files.get('/var/mail/etudiant') ?? new Uint8Array());
    expect(mbox.messages).toHaveLength(3000);
    expect(mbox.messages.every((m) => m.separator)).toBe(true);
  });

  it('keeps the bytes of a damaged mailbox (text before the first From_ line)', () => {
    const damaged = new Uint8Array([...new TextEncoder().encode('garbage line\n\n'), ...BEFORE]);
    const { c, files } = loggedIn(damaged);
    expect(c.send('b select inbox')).toContain('* 7 EXISTS');
    c.send('c store 1 +flags (\\Seen)');
    expect(latin1.decode(files.files.get('/var/mail/etudiant')).startsWith('garbage line\n\nFrom toto@mail128.com')).toBe(true);
  });

  it('reports a failed write and leaves the file as it was', () => {
    const { c, files } = loggedIn();
    c.send('b select inbox');
    const before = files.files.get('/var/mail/etudiant');
    files.writable = false;
    expect(timing(c.send('c store 1 +flags (\\Seen)'))).toBe('c NO [SERVERBUG] Internal error occurred. Refer to server log for more information (T secs).\r\n');
    expect(files.files.get('/var/mail/etudiant')).toBe(before);
  });

  it('never throws on random command lines (deterministic fuzz)', () => {
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    const words = ['a', 'fetch', 'store', 'search', 'uid', 'select', 'inbox', '1:*', '*', '(', ')', '"', '{3}', '{2+}', 'body[', 'body[1.2.mime]<0.5>', '\\Seen', 'NIL', 'or', 'not', 'header', 'list', '%', 'append', 'copy', 'move', 'idle', 'DONE', 'status', '(messages)', 'expunge', '\0', '\xff', 'rename', 'create', 'x/y'];
    const machine = imapMachine(BEFORE);
    const files = machine.files;
    let c = new ImapTestClient(machine.store);
    let sessions = 0;
    for (let k = 0; k < 4000; k++) {
      if (c.engine.closed || k % 200 === 0) {
        c = new ImapTestClient(machine.store);
        c.send('a login etudiant etudiant');
        c.send('b select inbox');
        sessions += 1;
      }
      const n = 1 + rnd(6);
      const line = Array.from({ length: n }, () => words[rnd(words.length)]).join(rnd(4) === 0 ? '' : ' ');
      expect(() => c.raw(`${line}\r\n`)).not.toThrow();
    }
    expect(sessions).toBeGreaterThan(10);
    const mbox = parseMbox(files.files.get('/var/mail/etudiant') ?? new Uint8Array());
    expect(mbox.preamble).toHaveLength(0);
    expect(mbox.messages.every((m) => m.separator)).toBe(true);
  });

  it('answers commands that need a mailbox or a login', () => {
    const { c } = loggedIn();
    expect(timing(c.send('b fetch 1 flags'))).toBe('b BAD No mailbox selected (T secs).\r\n');
    c.send('c select inbox');
    expect(timing(c.send('d fetch 8 flags'))).toBe('d BAD Error in IMAP command FETCH: Invalid messageset (T secs).\r\n');
    expect(timing(c.send('e fetch 0:2 flags'))).toBe('e BAD Error in IMAP command FETCH: Invalid messageset (T secs).\r\n');
    expect(timing(c.send('f fetch 1 (flags bogus)'))).toBe('f BAD Error in IMAP command FETCH: Unknown parameter BOGUS (T secs).\r\n');
    expect(timing(c.send('g fetch 1'))).toBe('g BAD Error in IMAP command FETCH: Invalid arguments (T secs).\r\n');
    expect(timing(c.send('h search bogus'))).toBe('h BAD Error in IMAP command SEARCH: Unknown argument BOGUS (T secs).\r\n');
    expect(timing(c.send('i store 1 +flags (\\Bogus)'))).toBe('i BAD Error in IMAP command STORE: Invalid system flag \\BOGUS (T secs).\r\n');
    expect(timing(c.send('j select nowhere'))).toBe("* OK [CLOSED] Previous mailbox closed.\r\nj NO [NONEXISTENT] Mailbox doesn't exist: nowhere (T secs).\r\n");
  });
});
