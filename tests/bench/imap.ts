// IMAP figure (issue 4, "Benchmarks"):
//   imap_fetch_1000_envelopes: wall-clock ms of one "FETCH 1:1000 (ENVELOPE)" on a 1,000-message
//     /var/mail/USER (messages as Postfix's local(8) delivers them, already synced by Dovecot),
//     in a freshly selected mailbox (nothing parsed yet), median of 5 after an unmeasured warm-up.
// Goal <= 100 ms.
import { MboxImapStore } from '../../src/services/dovecot/imap/mbox-imap-store.ts';
import { ImapTestClient, MemoryImapFiles } from '../../src/services/dovecot/imap/testing.ts';

function mailbox(n: number): Uint8Array {
  const parts: string[] = [];
  for (let i = 1; i <= n; i++) {
    parts.push(
      `From toto@mail128.com  Sun Nov 22 03:33:55 2026\nReturn-Path: <toto@mail128.com>\nX-Original-To: etudiant@mail128.com\nDelivered-To: etudiant@mail128.com\n` +
        `Received: from 192.168.0.28 (localhost [127.0.0.1])\n\tby vm (Postfix) with ESMTP id 452F916${String(i).padStart(4, '0')}\n\tfor <etudiant@mail128.com>; Sun, 22 Nov 2026 03:33:55 +0000 (UTC)\n` +
        `From: "Toto Dupont" <toto@mail128.com>\nTo: etudiant@mail128.com, "Autre" <autre@mail128.com>\nSubject: Message de test numero ${i}\n` +
        `Message-Id: <20261122033355.${i}@vm>\nDate: Sun, 22 Nov 2026 03:33:55 +0000 (UTC)\n\nBonjour etudiant,\nceci est le message ${i}.\n\n`,
    );
  }
  return new TextEncoder().encode(parts.join(''));
}

function fetchOnce(inbox: Uint8Array): number {
  const files = new MemoryImapFiles();
  files.files.set('/var/mail/etudiant', inbox);
  const c = new ImapTestClient(new MboxImapStore(files));
  c.send('a login etudiant etudiant');
  c.send('b select inbox');
  const t0 = performance.now();
  const reply = c.send('c fetch 1:1000 (envelope)');
  const ms = performance.now() - t0;
  if (!reply.includes('* 1000 FETCH (ENVELOPE (')) throw new Error('imap bench: FETCH did not answer 1000 envelopes');
  return ms;
}

export async function runImapBench(report: (name: string, value: number, unit: string) => void): Promise<void> {
  const inbox = mailbox(1000);
  // Dovecot's headers written once (as after the first session), like the recorded mailboxes.
  const files = new MemoryImapFiles();
  files.files.set('/var/mail/etudiant', inbox);
  const first = new ImapTestClient(new MboxImapStore(files));
  first.send('a login etudiant etudiant');
  first.send('b select inbox');
  const synced = files.files.get('/var/mail/etudiant') ?? inbox;
  for (let i = 0; i < 3; i++) fetchOnce(synced); // warm-up (JIT)
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) runs.push(fetchOnce(synced));
  runs.sort((a, b) => a - b);
  report('imap_fetch_1000_envelopes', runs[2] ?? 0, 'ms');
}
