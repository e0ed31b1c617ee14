// Test doubles shared by the IMAP tests: an in-memory file tree behind ImapMboxFiles (INBOX in
// /var/mail/USER, folders in /home/USER/mail), the recording machine's users (etudiant/etudiant,
// toto/toto) and a small driver that speaks to the engine line by line.

import { DovecotImap } from './imap.ts';
import type { ImapOptions } from './imap.ts';
import type { ImapMboxFiles } from './mbox-imap-store.ts';
import { MboxImapStore } from './mbox-imap-store.ts';

export class MemoryImapFiles implements ImapMboxFiles {
  readonly files = new Map<string, Uint8Array>();
  readonly dirs = new Set<string>();
  writes = 0;
  /** When false, every write fails (a full disk). */
  writable = true;
  constructor(private readonly uidValidity = 1795319425) {}
  inboxPath(user: string): string {
    return `/var/mail/${user}`;
  }
  folderRoot(user: string): string {
    return `/home/${user}/mail`;
  }
  read(_user: string, path: string): Uint8Array | null {
    return this.files.get(path) ?? null;
  }
  write(_user: string, path: string, bytes: Uint8Array): boolean {
    if (!this.writable) return false;
    this.writes += 1;
    this.files.set(path, bytes);
    return true;
  }
  remove(_user: string, path: string): boolean {
    this.dirs.delete(path);
    return this.files.delete(path) || true;
  }
  rename(_user: string, from: string, to: string): boolean {
    const f = this.files.get(from);
    if (f === undefined) return false;
    this.files.delete(from);
    this.files.set(to, f);
    return true;
  }
  list(_user: string, dir: string): { name: string; directory: boolean }[] | null {
    if (!this.dirs.has(dir)) return null;
    const out = new Map<string, boolean>();
    for (const p of [...this.files.keys(), ...this.dirs]) {
      if (!p.startsWith(`${dir}/`)) continue;
      const rest = p.slice(dir.length + 1);
      const slash = rest.indexOf('/');
      const name = slash < 0 ? rest : rest.slice(0, slash);
      out.set(name, (out.get(name) ?? false) || slash >= 0 || this.dirs.has(`${dir}/${name}`));
    }
    return [...out].map(([name, directory]) => ({ name, directory }));
  }
  mkdir(_user: string, path: string): boolean {
    const parts = path.split('/');
    for (let i = 2; i <= parts.length; i++) this.dirs.add(parts.slice(0, i).join('/'));
    return true;
  }
  kind(_user: string, path: string): 'file' | 'directory' | null {
    if (this.files.has(path)) return 'file';
    return this.dirs.has(path) ? 'directory' : null;
  }
  newUidValidity(): number {
    return this.uidValidity;
  }
}

export const PASSWORDS = new Map([
  ['etudiant', 'etudiant'],
  ['toto', 'toto'],
]);

/** 2026-11-22 03:50:49 UTC, when the local IMAP session was recorded. */
export const RECORDING_TIME = Date.UTC(2026, 10, 22, 3, 50, 49);

export function imapMachine(inbox: Uint8Array | null, uidValidity?: number): { files: MemoryImapFiles; store: MboxImapStore } {
  const files = new MemoryImapFiles(uidValidity);
  if (inbox !== null) files.files.set('/var/mail/etudiant', inbox);
  return { files, store: new MboxImapStore(files, 'Etc/UTC', () => RECORDING_TIME) };
}

const latin1 = new TextDecoder('latin1');
const encode = (s: string): Uint8Array => {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
};

/** A connection to the engine: `send` a line (CRLF added), read back the text it answered. */
export class ImapTestClient {
  readonly engine: DovecotImap;
  readonly greeting: string;
  constructor(store: MboxImapStore, opts: Partial<ImapOptions> = {}) {
    this.engine = new DovecotImap({
      store,
      auth: { verify: (u, p) => PASSWORDS.get(u) === p },
      secured: true,
      now: () => RECORDING_TIME,
      ...opts,
    });
    this.greeting = latin1.decode(this.engine.start());
  }
  send(line: string): string {
    return latin1.decode(this.engine.receive(encode(`${line}\r\n`)));
  }
  raw(bytes: string | Uint8Array): string {
    return latin1.decode(this.engine.receive(typeof bytes === 'string' ? encode(bytes) : bytes));
  }
}
