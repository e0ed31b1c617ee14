// ENVELOPE, BODYSTRUCTURE and the argument/sequence parsers on messages and lines the recordings
// do not cover (multipart, message/rfc822, groups, quoted names, literals, 8-bit text).
import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.ts';
import { parsePart } from './message.ts';
import { formatUidSet, parseSequenceSet, resolveSequence, sequenceSetValid } from './sequence-set.ts';
import { bodyStructure, envelope, imapString } from './structure.ts';
import { threadMessages } from './thread.ts';

const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

const MULTIPART =
  'From: "Dupont, Jean" <jean@ex.com>\r\nTo: a@b.c, Group: x@y.z, "Q \\"t\\"" <q@r.s>;, bare\r\nSubject: essai\r\nMessage-ID: <x@y>\r\n' +
  'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="XX"\r\n\r\npreamble\r\n--XX\r\nContent-Type: text/plain; charset=utf-8\r\n' +
  'Content-Transfer-Encoding: quoted-printable\r\n\r\nhello\r\nworld\r\n--XX\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\nFrom: i@j.k\r\n\r\ninner body\r\n' +
  '--XX\r\nContent-Type: application/pdf; name="a.pdf"\r\nContent-Disposition: attachment; filename="a.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA\r\n--XX--\r\nepilogue\r\n';

describe('IMAP message structure', () => {
  it('writes BODYSTRUCTURE and BODY of a multipart with a message/rfc822 part', () => {
    const b = bytes(MULTIPART);
    const root = parsePart(b, 0, b.length);
    expect(bodyStructure(b, root, true)).toBe(
      '(("text" "plain" ("charset" "utf-8") NIL NIL "quoted-printable" 12 2 NIL NIL NIL NIL)' +
        '("message" "rfc822" NIL NIL NIL "7bit" 41 (NIL "inner" ((NIL NIL "i" "j.k")) ((NIL NIL "i" "j.k")) ((NIL NIL "i" "j.k")) NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 10 1 NIL NIL NIL NIL) 4 NIL NIL NIL NIL)' +
        '("application" "pdf" ("name" "a.pdf") NIL NIL "base64" 4 NIL ("attachment" ("filename" "a.pdf")) NIL NIL) "mixed" ("boundary" "XX") NIL NIL NIL)',
    );
    expect(bodyStructure(b, root, false)).toBe(
      '(("text" "plain" ("charset" "utf-8") NIL NIL "quoted-printable" 12 2)("message" "rfc822" NIL NIL NIL "7bit" 41 (NIL "inner" ((NIL NIL "i" "j.k")) ((NIL NIL "i" "j.k")) ((NIL NIL "i" "j.k")) NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 10 1) 4)("application" "pdf" ("name" "a.pdf") NIL NIL "base64" 4) "mixed")',
    );
  });

  it('writes the ENVELOPE with quoted names, groups and a missing domain', () => {
    const b = bytes(MULTIPART);
    expect(envelope(parsePart(b, 0, b.length).fields)).toBe(
      '(NIL "essai" (("Dupont, Jean" NIL "jean" "ex.com")) (("Dupont, Jean" NIL "jean" "ex.com")) (("Dupont, Jean" NIL "jean" "ex.com")) ' +
        '((NIL NIL "a" "b.c")(NIL NIL "Group" NIL)(NIL NIL "x" "y.z")("Q \\"t\\"" NIL "q" "r.s")(NIL NIL NIL NIL)(NIL NIL "bare" "MISSING_DOMAIN")) NIL NIL NIL "<x@y>")',
    );
  });

  it('sends 8-bit text as a literal, not a quoted string', () => {
    expect(imapString('Cher étudiant')).toBe('{13}\r\nCher étudiant');
    expect(imapString('a "b" \\')).toBe('"a \\"b\\" \\\\"');
  });
});

describe('IMAP arguments and sequence sets', () => {
  it('parses atoms, quoted strings, NIL, lists, literals and flags', () => {
    const r = parseArgs('"a \\"b\\"" NIL (\\Seen $x (y)) {3}', [
      { kind: 'literal', bytes: bytes('abc') },
      { kind: 'line', text: ' tail' },
    ]);
    expect(r).toEqual({
      args: [
        { kind: 'string', value: 'a "b"' },
        { kind: 'nil' },
        { kind: 'list', items: [{ kind: 'atom', value: '\\Seen' }, { kind: 'atom', value: '$x' }, { kind: 'list', items: [{ kind: 'atom', value: 'y' }] }] },
        { kind: 'string', value: 'abc', literal: bytes('abc') },
        { kind: 'atom', value: 'tail' },
      ],
    });
    expect(parseArgs('"open', [])).toEqual({ error: "Missing '\"'" });
    expect(parseArgs('{x}', [])).toEqual({ error: 'Invalid literal size' });
  });

  it('reads sequence sets as Dovecot does', () => {
    const set = parseSequenceSet('5:3,7,9:*');
    expect(set).not.toBeNull();
    expect(resolveSequence(set ?? [], 10)).toEqual([3, 4, 5, 7, 9, 10]);
    expect(sequenceSetValid(set ?? [], 10)).toBe(true);
    expect(sequenceSetValid(parseSequenceSet('11') ?? [], 10)).toBe(false);
    expect(sequenceSetValid(parseSequenceSet('1:*') ?? [], 0)).toBe(false);
    expect(parseSequenceSet('0')).toBeNull();
    expect(parseSequenceSet('1,,2')).toBeNull();
    expect(formatUidSet([1, 2, 3, 7, 9, 10])).toBe('1:3,7,9:10');
  });
});

describe('THREAD (RFC 5256)', () => {
  const m = (id: number, messageId: string, parents: string[], subject: string) => ({ id, date: id * 1000, subject, messageId, parents });
  const list = [m(1, '<a@x>', [], 'hello'), m(2, '<b@x>', ['<a@x>'], 'hello'), m(3, '<c@x>', ['<a@x>'], 'hello'), m(4, '<d@x>', ['<a@x>', '<b@x>'], 'hello'), m(5, '<e@x>', [], 'other')];
  it('links replies by References/In-Reply-To', () => {
    expect(threadMessages('REFERENCES', list)).toBe('(1 (2 4)(3))(5)');
  });
  it('groups by base subject under the oldest message', () => {
    expect(threadMessages('ORDEREDSUBJECT', list)).toBe('(1 (2)(3)(4))(5)');
    expect(threadMessages('BOGUS', list)).toBeNull();
  });
});
