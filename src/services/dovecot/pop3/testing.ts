// Test doubles shared by the POP3 tests: the recording machine's /var/mail/etudiant (the seven
// messages of ../fidelity/mailutils/var_mail_etudiant_before_reading.mbox, which give exactly the
// sizes of the recorded LIST) behind an MboxMailStore, and its passwords (etudiant/etudiant).

import { MboxMailStore } from '../mbox-store.ts';
import type { Pop3Authenticator } from './mailbox.ts';

/** Path of the recorded mailbox, relative to ../fidelity (tests read it: no Node API here). */
export const RECORDED_INBOX = 'mailutils/var_mail_etudiant_before_reading.mbox';

export class MemoryMailFiles {
  readonly files = new Map<string, Uint8Array>();
  writes = 0;
  constructor(private readonly uidValidity = 0x6b026681) {}
  read(user: string): Uint8Array | null {
    return this.files.get(user) ?? null;
  }
  write(user: string, bytes: Uint8Array): boolean {
    this.writes += 1;
    this.files.set(user, bytes);
    return true;
  }
  newUidValidity(): number {
    return this.uidValidity;
  }
}

export function recordingMachine(inbox: Uint8Array): { files: MemoryMailFiles; store: MboxMailStore; auth: Pop3Authenticator } {
  const files = new MemoryMailFiles();
  files.files.set('etudiant', inbox);
  const passwords = new Map([
    ['etudiant', 'etudiant'],
    ['toto', 'toto'],
  ]);
  return { files, store: new MboxMailStore(files), auth: { verify: (u, p) => passwords.get(u) === p } };
}
