import { describe, expect, it } from 'vitest';
import { MboxMailStore } from './mbox-store.ts';
import { MemoryMailFiles } from './pop3/testing.ts';

const enc = new TextEncoder();
const dec = new TextDecoder('latin1');
const msg = (subject: string, extra = ''): string => `From a@b  Thu Jan  1 00:00:00 1970\nSubject: ${subject}\n${extra}\nbody\n\n`;

describe('INBOX in /var/mail/USER', () => {
  it('keeps UIDs Dovecot wrote and numbers new mail after the last UID of X-IMAPbase', () => {
    const files = new MemoryMailFiles(1234);
    files.files.set('u', enc.encode(msg('old', 'X-IMAPbase: 99 0000000005\nX-UID: 5\nStatus: RO\n') + msg('new')));
    const box = new MboxMailStore(files).open('u');
    expect(box.uidValidity).toBe(99);
    expect(box.messages.map((m) => [m.uid, m.seen, dec.decode(m.content)])).toEqual([
      [5, true, 'Subject: old\n\nbody\n'],
      [6, false, 'Subject: new\n\nbody\n'],
    ]);
  });

  it('gives a new mailbox a UIDVALIDITY and writes it at the first commit', () => {
    const files = new MemoryMailFiles(1234);
    files.files.set('u', enc.encode(msg('one') + msg('two')));
    const store = new MboxMailStore(files);
    store.open('u');
    expect(store.commit('u', { expunge: [1], seen: [] })).toBe(true);
    expect(dec.decode(files.files.get('u'))).toBe(msg('two', `X-IMAPbase: 1234 0000000002\nX-UID: 2${' '.repeat(40)}\nStatus: O\n`));
  });

  it('keeps bytes before the first From_ line when rewriting a damaged file', () => {
    const files = new MemoryMailFiles(7);
    files.files.set('u', enc.encode(`junk\n\n${msg('one')}`));
    const store = new MboxMailStore(files);
    expect(store.open('u').messages).toHaveLength(1);
    store.commit('u', { expunge: [], seen: [1] });
    expect(dec.decode(files.files.get('u')).startsWith('junk\n\nFrom a@b')).toBe(true);
  });
});
