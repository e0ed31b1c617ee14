// A real IMAP client library (imapflow, written against real servers) talking to the engine over a
// loopback socket inside the test process: login with SASL-IR, LIST, STATUS, SELECT, FETCH of
// envelopes/bodystructure/sources, flags, SEARCH, APPEND, COPY/MOVE, EXPUNGE and LOGOUT.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, it } from 'vitest';
import { DovecotImap } from './imap.ts';
import { imapMachine, PASSWORDS, RECORDING_TIME } from './testing.ts';

const FIDELITY = new URL('../../../../../shared/fidelity/', import.meta.url);
const BEFORE = new Uint8Array(readFileSync(new URL('mailutils/var_mail_etudiant_before_reading.mbox', FIDELITY)));

let server: Server | null = null;

afterEach(async () => {
  await new Promise<void>((resolve) => (server === null ? resolve() : server.close(() => resolve())));
  server = null;
});

async function serve(store: ReturnType<typeof imapMachine>['store']): Promise<number> {
  server = createServer((sock) => {
    const engine = new DovecotImap({ store, auth: { verify: (u, p) => PASSWORDS.get(u) === p }, secured: true, now: () => RECORDING_TIME });
    sock.write(engine.start());
    sock.on('data', (data: Buffer) => {
      const out = engine.receive(new Uint8Array(data));
      if (out.length > 0) sock.write(out);
      if (engine.closed) sock.end();
    });
    sock.on('close', () => engine.peerClosed());
    sock.on('error', () => engine.peerClosed());
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server?.address() as AddressInfo).port;
}

describe('imapflow against the engine', () => {
  it('reads, flags, searches, appends, copies, moves and expunges', async () => {
    const machine = imapMachine(BEFORE);
    const port = await serve(machine.store);
    const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth: { user: 'etudiant', pass: 'etudiant' }, logger: false });
    await client.connect();
    const boxes = await client.list();
    expect(boxes.map((b) => b.path)).toEqual(['INBOX']);
    const st = await client.status('INBOX', { messages: true, unseen: true, uidNext: true });
    expect(st).toMatchObject({ messages: 7, unseen: 7, uidNext: 8 });
    const lock = await client.getMailboxLock('INBOX');
    try {
      const subjects: string[] = [];
      for await (const m of client.fetch('1:*', { envelope: true, uid: true, flags: true, bodyStructure: true, size: true })) subjects.push(`${m.uid} ${m.envelope?.subject ?? ''}`);
      expect(subjects[0]).toBe('1 Premier test');
      expect(subjects).toHaveLength(7);
      const one = await client.fetchOne('1', { source: true });
      expect(one && new TextDecoder().decode(one.source)).toContain('ceci est un message de test envoye par SMTP.');
      await client.messageFlagsAdd('2', ['\\Seen', '$Important']);
      expect(await client.search({ seen: false })).toEqual([1, 3, 4, 5, 6, 7]);
      await client.mailboxCreate('Archive');
      const copied = await client.messageCopy('3', 'Archive');
      expect(copied && copied.uidMap?.get(3)).toBe(1);
      await client.messageMove('4', 'Archive');
      await client.messageDelete('1');
      const appended = await client.append('INBOX', 'From: a@b.c\r\nSubject: appended\r\n\r\nhello\r\n', ['\\Seen']);
      expect(appended && appended.uid).toBe(8);
      const left: number[] = [];
      for await (const m of client.fetch('1:*', { uid: true })) left.push(m.uid);
      expect(left).toEqual([2, 3, 5, 6, 7, 8]);
    } finally {
      lock.release();
    }
    const archive = await client.status('Archive', { messages: true });
    expect(archive.messages).toBe(2);
    await client.logout();
  });
});
