// The IMAP commands students and mail clients use beyond the recorded sessions: authentication,
// mailbox management, APPEND/COPY/MOVE, flags that persist in the mbox, new mail while selected
// and IDLE. Texts not in ../fidelity follow Dovecot 2.3's source (marked "not recorded" there).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appendMessages, deliveryMessage, parseMbox } from '../../mail/mbox.ts';
import { ImapTestClient, imapMachine } from './testing.ts';

const FIDELITY = new URL('../../../../../shared/fidelity/', import.meta.url);
const BEFORE = new Uint8Array(readFileSync(new URL('mailutils/var_mail_etudiant_before_reading.mbox', FIDELITY)));
const T = (s: string): string => s.replace(/\(\d+\.\d{3} \+ \d+\.\d{3} secs\)/g, '(T secs)');
const latin1 = new TextDecoder('latin1');
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

function session(inbox: Uint8Array | null = BEFORE) {
  const m = imapMachine(inbox);
  const c = new ImapTestClient(m.store);
  c.send('a login etudiant etudiant');
  return { ...m, c };
}

describe('IMAP authentication', () => {
  it('accepts AUTHENTICATE PLAIN with an initial response (SASL-IR)', () => {
    const { store } = imapMachine(BEFORE);
    const c = new ImapTestClient(store);
    expect(c.send(`a authenticate plain ${b64('\0etudiant\0etudiant')}`)).toMatch(/^a OK \[CAPABILITY IMAP4rev1 .* SPECIAL-USE\] Logged in\r\n$/);
    expect(c.engine.loggedInUser).toBe('etudiant');
    expect(c.engine.loginMethod).toBe('PLAIN');
  });

  it('asks for the response with "+ " and accepts "*" to abort', () => {
    const { store } = imapMachine(BEFORE);
    const c = new ImapTestClient(store);
    expect(c.send('a authenticate PLAIN')).toBe('+ \r\n');
    expect(c.send('*')).toBe('a BAD Authentication aborted by client.\r\n');
    expect(c.send('b authenticate PLAIN')).toBe('+ \r\n');
    expect(c.send(b64('\0etudiant\0wrong'))).toBe('b NO [AUTHENTICATIONFAILED] Authentication failed.\r\n');
    expect(c.engine.authFailures).toBe(1);
    expect(c.send('c authenticate cram-md5')).toBe('c NO Unsupported authentication mechanism.\r\n');
    expect(c.send('d authenticate PLAIN')).toBe('+ \r\n');
    expect(c.send(b64('\0toto\0toto'))).toMatch(/^d OK \[CAPABILITY .*\] Logged in\r\n$/);
    expect(c.engine.loggedInUser).toBe('toto');
  });

  it('refuses a wrong password and LOGIN with quoted strings and literals', () => {
    const { store } = imapMachine(BEFORE);
    const c = new ImapTestClient(store);
    expect(c.send('a login etudiant nope')).toBe('a NO [AUTHENTICATIONFAILED] Authentication failed.\r\n');
    expect(c.send('b login "etudiant" {8}')).toBe('+ OK\r\n');
    expect(c.send('etudiant')).toMatch(/^b OK \[CAPABILITY .*\] Logged in\r\n$/);
  });

  it('answers CAPABILITY, ID, NOOP, ENABLE and STARTTLS before login', () => {
    const { store } = imapMachine(BEFORE);
    const c = new ImapTestClient(store);
    expect(c.greeting).toBe('* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN] Dovecot (Debian) ready.\r\n');
    expect(c.send('a capability')).toBe('* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN\r\na OK Pre-login capabilities listed, post-login capabilities have more.\r\n');
    expect(c.send('b id nil')).toBe('* ID ("name" "Dovecot")\r\nb OK ID completed.\r\n');
    expect(c.send('c noop')).toBe('c OK NOOP completed.\r\n');
    expect(c.send('d enable condstore')).toBe('* ENABLED\r\nd OK ENABLE ignored in non-authenticated state.\r\n');
    expect(c.send('e starttls')).toBe("e BAD TLS support isn't enabled.\r\n");
  });

  it('says "Disconnected for inactivity" on the idle timeout', () => {
    const { c } = session();
    expect(latin1.decode(c.engine.timeout())).toBe('* BYE Disconnected for inactivity.\r\n');
    expect(c.engine.closed).toBe(true);
  });
});

describe('IMAP mailboxes', () => {
  it('creates, lists, renames, subscribes and deletes folders in ~/mail', () => {
    const { c, files } = session();
    expect(T(c.send('b create Sent'))).toBe('b OK Create completed (T secs).\r\n');
    expect(T(c.send('c create Archives/2026'))).toBe('c OK Create completed (T secs).\r\n');
    expect(T(c.send('d create Sent'))).toBe('d NO [ALREADYEXISTS] Mailbox already exists (T secs).\r\n');
    expect(T(c.send('e list "" "*"'))).toBe(
      '* LIST (\\HasNoChildren) "/" INBOX\r\n* LIST (\\Noselect \\HasChildren) "/" Archives\r\n* LIST (\\NoInferiors \\UnMarked) "/" Archives/2026\r\n* LIST (\\NoInferiors \\UnMarked \\Sent) "/" Sent\r\ne OK List completed (T secs).\r\n',
    );
    expect(T(c.send('f list "" %'))).toBe('* LIST (\\HasNoChildren) "/" INBOX\r\n* LIST (\\Noselect \\HasChildren) "/" Archives\r\n* LIST (\\NoInferiors \\UnMarked \\Sent) "/" Sent\r\nf OK List completed (T secs).\r\n');
    expect(T(c.send('g list "" ""'))).toBe('* LIST (\\Noselect) "/" ""\r\ng OK List completed (T secs).\r\n');
    expect(T(c.send('h rename Sent "Sent Items"'))).toBe('h OK Rename completed (T secs).\r\n');
    expect(files.kind('etudiant', '/home/etudiant/mail/Sent Items')).toBe('file');
    expect(T(c.send('i subscribe "Sent Items"'))).toBe('i OK Subscribe completed (T secs).\r\n');
    expect(T(c.send('j lsub "" *'))).toBe('* LSUB () "/" "Sent Items"\r\nj OK Lsub completed (T secs).\r\n');
    expect(T(c.send('k delete "Sent Items"'))).toBe('k OK Delete completed (T secs).\r\n');
    expect(T(c.send('l delete nothing'))).toBe("l NO [NONEXISTENT] Mailbox doesn't exist: nothing (T secs).\r\n");
    expect(T(c.send('m delete inbox'))).toBe("m NO [CANNOT] INBOX can't be deleted (T secs).\r\n");
  });

  it('gives STATUS in Dovecot\'s order whatever the order asked, with the name as the client wrote it', () => {
    const { c } = session();
    expect(T(c.send('b status inbox (unseen uidvalidity messages recent uidnext)'))).toBe('* STATUS inbox (MESSAGES 7 RECENT 7 UIDNEXT 8 UIDVALIDITY 1795319425 UNSEEN 7)\r\nb OK Status completed (T secs).\r\n');
    expect(T(c.send('c status inbox (bogus)'))).toBe('c BAD Error in IMAP command STATUS: Invalid status item BOGUS (T secs).\r\n');
  });

  it('appends with flags and date, and reports APPENDUID / TRYCREATE', () => {
    const { c, files } = session();
    const msg = 'Subject: hi\r\n\r\nFrom here';
    expect(c.send(`b append inbox (\\Seen \\Flagged $Label1) " 5-Nov-2026 10:00:00 +0100" {${msg.length}}`)).toBe('+ OK\r\n');
    expect(T(c.send(msg))).toBe('b OK [APPENDUID 1795319425 8] Append completed (T secs).\r\n');
    const text = latin1.decode(files.files.get('/var/mail/etudiant'));
    expect(text).toContain('From MAILER-DAEMON  Thu Nov  5 09:00:00 2026\nSubject: hi\nX-UID: 8');
    expect(text).toContain('Status: RO\nX-Status: F\nX-Keywords: $Label1\n\n>From here\n');
    expect(text).toMatch(/^From [^\n]*\n(?:[^\n]+\n)*X-IMAPbase: 1795319425 0000000008 \$Label1\n/);
    c.send('c select inbox');
    expect(c.send('d fetch 8 (flags internaldate rfc822.size)')).toMatch(/^\* 8 FETCH \(FLAGS \(\\Flagged \\Seen \$Label1\) INTERNALDATE "05-Nov-2026 09:00:00 \+0000" RFC822.SIZE 27\)/);
    expect(T(c.send('e append nowhere {1+}\r\nx'))).toBe("e NO [TRYCREATE] Mailbox doesn't exist: nowhere (T secs).\r\n");
  });

  it('serves parts of a MIME message by number, and BINARY decodes their transfer encoding', () => {
    const { c } = session(null);
    const msg = 'Subject: mime\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nCaf=C3=A9 =\r\nnoir\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC\r\n--b--\r\n';
    c.send(`b append inbox {${msg.length}+}\r\n${msg}`);
    c.send('c select inbox');
    expect(c.send('d fetch 1 (body.peek[1] body.peek[2.mime])')).toBe(
      '* 1 FETCH (BODY[1] {17}\r\nCaf=C3=A9 =\r\nnoir BODY[2.MIME] {77}\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n)\r\n' +
        'd OK Fetch completed (0.001 + 0.000 secs).\r\n',
    );
    expect(c.send('e fetch 1 (binary.peek[1] binary.size[2] binary.peek[2])')).toBe('* 1 FETCH (BINARY[1] {10}\r\nCaf\xc3\xa9 noir BINARY.SIZE[2] 3 BINARY[2] ~{3}\r\n\x00\x01\x02)\r\ne OK Fetch completed (0.001 + 0.000 secs).\r\n');
  });

  it('copies and moves with COPYUID, and UID commands answer with UIDs', () => {
    const { c } = session();
    c.send('b create Archive');
    c.send('c select inbox');
    expect(T(c.send('d uid copy 2:3 Archive'))).toBe('d OK [COPYUID 1795319425 2:3 1:2] Copy completed (T secs).\r\n');
    expect(T(c.send('e uid move 5 Archive'))).toBe('* OK [COPYUID 1795319425 5 3] Moved UIDs.\r\n* 5 EXPUNGE\r\ne OK Move completed (T secs).\r\n');
    expect(T(c.send('f uid store 6 +flags (\\Answered)'))).toBe('* 5 FETCH (UID 6 FLAGS (\\Answered \\Recent))\r\nf OK Store completed (T secs).\r\n');
    expect(T(c.send('g uid search answered'))).toBe('* SEARCH 6\r\ng OK Search completed (T secs).\r\n');
    expect(T(c.send('g2 uid search return (min max count all) all'))).toBe('* ESEARCH (TAG "g2") UID MIN 1 MAX 7 COUNT 6 ALL 1:4,6:7\r\ng2 OK Search completed (T secs).\r\n');
    expect(T(c.send('g3 sort (reverse arrival) utf-8 all'))).toBe('* SORT 6 5 4 3 2 1\r\ng3 OK Sort completed (T secs).\r\n');
    expect(T(c.send('h copy 1 nowhere'))).toBe("h NO [TRYCREATE] Mailbox doesn't exist: nowhere (T secs).\r\n");
    expect(T(c.send('i status Archive (messages)'))).toBe('* STATUS Archive (MESSAGES 3)\r\ni OK Status completed (T secs).\r\n');
  });

  it('expunges only \\Deleted messages, UID EXPUNGE only those asked, CLOSE silently', () => {
    const { c, files } = session();
    c.send('b select inbox');
    c.send('c store 2,4,6 +flags.silent (\\Deleted)');
    expect(T(c.send('d uid expunge 4:5'))).toBe('* 4 EXPUNGE\r\nd OK Expunge completed (T secs).\r\n');
    expect(T(c.send('e expunge'))).toBe('* 5 EXPUNGE\r\n* 2 EXPUNGE\r\ne OK Expunge completed (T secs).\r\n');
    c.send('f store 1 +flags (\\Deleted)');
    expect(T(c.send('g close'))).toBe('g OK Close completed (T secs).\r\n');
    expect(parseMbox(files.files.get('/var/mail/etudiant') ?? new Uint8Array()).messages).toHaveLength(3);
  });

  it('does not mark messages \\Seen in a mailbox opened with EXAMINE', () => {
    const { c, files } = session();
    c.send('b select inbox');
    c.send('c close');
    const before = files.files.get('/var/mail/etudiant');
    c.send('d examine inbox');
    expect(c.send('e fetch 1 body[text]')).toMatch(/^\* 1 FETCH \(BODY\[TEXT\] \{65\}\r\n/);
    expect(T(c.send('f store 1 +flags (\\Seen)'))).toBe('f OK Store ignored with read-only mailbox (T secs).\r\n');
    expect(files.files.get('/var/mail/etudiant')).toBe(before);
  });

  it('keeps flags and keywords across sessions in Status, X-Status and X-Keywords', () => {
    const { c, store } = session();
    c.send('b select inbox');
    c.send('c store 3 +flags (\\Answered \\Flagged \\Draft $Work)');
    c.send('d logout');
    const c2 = new ImapTestClient(store);
    c2.send('a login etudiant etudiant');
    const sel = c2.send('b select inbox');
    expect(sel).toContain('* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work)\r\n');
    expect(sel).toContain('* 0 RECENT\r\n');
    expect(c2.send('c fetch 3 flags')).toMatch(/^\* 3 FETCH \(FLAGS \(\\Answered \\Flagged \\Draft \$Work\)\)/);
  });

  it('shows mail delivered while selected at the next command and during IDLE', () => {
    const { c, files } = session();
    c.send('b select inbox');
    const deliver = (subject: string): void => {
      const msg = new TextEncoder().encode(`From: toto@mail128.com\nSubject: ${subject}\n\nnew\n`);
      const file = files.files.get('/var/mail/etudiant') ?? new Uint8Array();
      files.files.set('/var/mail/etudiant', appendMessages(file, [deliveryMessage('toto@mail128.com', Date.UTC(2026, 10, 22, 4), msg)]));
    };
    deliver('one');
    expect(T(c.send('c noop'))).toBe('* 8 EXISTS\r\n* 8 RECENT\r\nc OK NOOP completed (T secs).\r\n');
    expect(c.send('d idle')).toBe('+ idling\r\n');
    deliver('two');
    expect(latin1.decode(c.engine.poll())).toBe('* 9 EXISTS\r\n* 9 RECENT\r\n');
    expect(latin1.decode(c.engine.keepalive())).toBe('* OK Still here\r\n');
    expect(T(c.send('DONE'))).toBe('d OK Idle completed (T secs).\r\n');
    expect(c.send('e fetch 9 envelope')).toContain('"two"');
  });

  it('makes a message appended to the selected mailbox \\Recent for this session', () => {
    const { c } = session();
    c.send('b select inbox');
    expect(T(c.send('c append inbox {14+}\r\nSubject: x\r\n\r\n'))).toBe('* 8 EXISTS\r\n* 8 RECENT\r\nc OK [APPENDUID 1795319425 8] Append completed (T secs).\r\n');
    expect(c.send('d fetch 8 flags')).toMatch(/^\* 8 FETCH \(FLAGS \(\\Recent\)\)/);
  });

  it('reports messages expunged by another session', () => {
    const { c, store } = session();
    c.send('b select inbox');
    const other = new ImapTestClient(store);
    other.send('a login etudiant etudiant');
    other.send('b select inbox');
    other.send('c store 2 +flags (\\Deleted)');
    other.send('d expunge');
    expect(T(c.send('c noop'))).toBe('* 2 EXPUNGE\r\nc OK NOOP completed (T secs).\r\n');
  });
});
