// The mbox store under the IMAP engine: UIDs, flags and the space reserve written as Dovecot does,
// folders and subscriptions under ~/mail, and files that stay intact.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDovecotHeaders } from '../../mail/dovecot-mbox-headers.ts';
import { parseMbox } from '../../mail/mbox.ts';
import { imapMachine } from './testing.ts';

const FIDELITY = new URL('../../../../../shared/fidelity/', import.meta.url);
const BEFORE = new Uint8Array(readFileSync(new URL('mailutils/var_mail_etudiant_before_reading.mbox', FIDELITY)));
const latin1 = new TextDecoder('latin1');
const states = (b: Uint8Array | undefined) => parseMbox(b ?? new Uint8Array()).messages.map((m) => readDovecotHeaders(m.content));

describe('mbox store for IMAP', () => {
  it('numbers new mail, writes X-IMAPbase/X-UID with 40 spaces and Status: O on the first SELECT', () => {
    const { store, files } = imapMachine(BEFORE);
    const h = store.open('etudiant', 'inbox', false);
    if ('error' in h) throw new Error(h.error);
    const snap = h.sync();
    if ('error' in snap) throw new Error(snap.error);
    expect(snap.messages.map((m) => [m.uid, m.recent])).toEqual([1, 2, 3, 4, 5, 6, 7].map((u) => [u, true]));
    const s = states(files.files.get('/var/mail/etudiant'));
    expect(s[0]).toMatchObject({ uidValidity: 1795319425, lastUid: 7, uid: 1, uidPadding: 40, status: 'O' });
    expect(s.every((x) => x.status === 'O' && x.uidPadding === 40)).toBe(true);
  });

  it('takes the room for a new Status letter from the X-UID padding, and gives it back', () => {
    const { store, files } = imapMachine(BEFORE);
    const h = store.open('etudiant', 'INBOX', false);
    if ('error' in h) throw new Error(h.error);
    h.sync();
    const size = files.files.get('/var/mail/etudiant')?.length;
    h.setFlags(new Map([[2, ['\\Seen']]]));
    expect(states(files.files.get('/var/mail/etudiant'))[1]).toMatchObject({ status: 'RO', uidPadding: 39 });
    expect(files.files.get('/var/mail/etudiant')?.length).toBe(size);
    h.setFlags(new Map([[2, []]]));
    expect(states(files.files.get('/var/mail/etudiant'))[1]).toMatchObject({ status: 'O', uidPadding: 40 });
  });

  it('gives a fresh UID to a message whose X-UID is missing or goes backwards', () => {
    const text = latin1.decode(BEFORE).replace('Subject: Premier test\n', 'Subject: Premier test\nX-UID: 9\n').replace('Subject: Test\n', 'Subject: Test\nX-UID: 3\n');
    const { store } = imapMachine(Uint8Array.from(text, (c) => c.charCodeAt(0)));
    const st = store.status('etudiant', 'INBOX');
    expect(st).toMatchObject({ messages: 7, uidNext: 16 });
  });

  it('treats a missing /var/mail/USER as an empty INBOX and a missing folder as nonexistent', () => {
    const { store } = imapMachine(null);
    expect(store.status('etudiant', 'INBOX')).toMatchObject({ messages: 0, uidNext: 1 });
    expect(store.status('etudiant', 'Drafts')).toEqual({ error: "Mailbox doesn't exist: Drafts", code: 'NONEXISTENT' });
    expect(store.create('etudiant', '../etc/passwd')).toMatchObject({ code: 'CANNOT' });
  });

  it('writes ~/mail/.subscriptions in Dovecot\'s version 2 format', () => {
    const { store, files } = imapMachine(BEFORE);
    store.create('etudiant', 'Sent');
    store.setSubscribed('etudiant', 'INBOX', true);
    store.setSubscribed('etudiant', 'Sent', true);
    expect(latin1.decode(files.files.get('/home/etudiant/mail/.subscriptions'))).toBe('V\t2\n\nINBOX\nSent\n');
    store.setSubscribed('etudiant', 'INBOX', false);
    expect(store.subscriptions('etudiant')).toEqual(['Sent']);
  });

  it('moves the messages of INBOX on RENAME INBOX and leaves it empty', () => {
    const { store, files } = imapMachine(BEFORE);
    expect(store.rename('etudiant', 'INBOX', 'Old')).toBeNull();
    expect(files.files.get('/home/etudiant/mail/Old')).toEqual(BEFORE);
    expect(files.files.get('/var/mail/etudiant')).toHaveLength(0);
  });
});
