import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDovecotHeaders, stripDovecotHeaders, writeDovecotHeaders } from './dovecot-mbox-headers.ts';
import { parseMbox } from './mbox.ts';

const FIDELITY = new URL('../../../../shared/fidelity/', import.meta.url);
const messages = (file: string): Uint8Array[] =>
  parseMbox(new Uint8Array(readFileSync(new URL(file, FIDELITY)))).messages.map((m) => m.content);
const enc = new TextEncoder();
const dec = new TextDecoder('latin1');

// The same seven messages before Dovecot touched the file (as Postfix delivered them).
const before = messages('mailutils/var_mail_etudiant_before_reading.mbox');

describe("Dovecot's mbox headers", () => {
  it('reads X-IMAPbase, X-UID with its space reserve and Status as Dovecot wrote them', () => {
    const [first, second] = messages('pop3/var_mail_etudiant_after_pop3_dele_quit.mbox');
    expect(readDovecotHeaders(first ?? new Uint8Array())).toEqual({
      uidValidity: 1795319462,
      lastUid: 7,
      keywordNames: [],
      uid: 1,
      uidPadding: 40,
      status: 'O',
    });
    expect(readDovecotHeaders(second ?? new Uint8Array())).toEqual({ uid: 3, uidPadding: 40, status: 'O' });
  });

  for (const file of ['pop3/var_mail_etudiant_after_pop3_dele_quit.mbox', 'imap/var_mail_etudiant_after_dovecot_imap.mbox']) {
    it(`${file}: hiding them gives the message Postfix delivered, writing them back gives Dovecot's bytes`, () => {
      for (const after of messages(file)) {
        const plain = stripDovecotHeaders(after);
        const original = before.find((m) => dec.decode(m) === dec.decode(plain));
        expect(original, dec.decode(plain).slice(0, 200)).toBeDefined();
        expect(dec.decode(writeDovecotHeaders(original ?? new Uint8Array(), readDovecotHeaders(after)))).toBe(dec.decode(after));
      }
    });
  }

  it('writes flags and keywords in a header-only message and replaces old values', () => {
    const msg = enc.encode('Subject: x\nStatus: O\n');
    const out = writeDovecotHeaders(msg, { uid: 9, status: 'RO', xStatus: 'AF', xKeywords: 'work' });
    expect(dec.decode(out)).toBe('Subject: x\nX-UID: 9\nStatus: RO\nX-Status: AF\nX-Keywords: work\n');
    expect(dec.decode(stripDovecotHeaders(out))).toBe('Subject: x\n');
  });

  it('keeps folded continuation lines with their header', () => {
    const msg = enc.encode('X-Keywords: a\n b\nSubject: y\n\nbody\n');
    expect(readDovecotHeaders(msg).xKeywords).toBe('a\n b');
    expect(dec.decode(stripDovecotHeaders(msg))).toBe('Subject: y\n\nbody\n');
  });
});
