// Replays the real Dovecot 2.3.19 IMAP dialogues of ../fidelity/imap/sessions against the engine
// and compares every reply line, then the mbox bytes Dovecot left behind.
// Normalized (they differ between any two real runs, fidelity README "Things to know"):
//  - the timing suffix "(0.001 + 0.000 secs)" / "(0.002 + 0.000 + 0.002 secs)" -> "(T secs)";
//  - UIDVALIDITY (the mailbox creation time): each test gives the engine the recorded value instead.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImapTestClient, imapMachine } from './testing.ts';

const FIDELITY = new URL('../../../../../shared/fidelity/', import.meta.url);
const read = (file: string): Uint8Array => new Uint8Array(readFileSync(new URL(file, FIDELITY)));
const text = (file: string): string => new TextDecoder('latin1').decode(read(file));

const BEFORE = 'mailutils/var_mail_etudiant_before_reading.mbox';
const timing = (s: string): string => s.replace(/\(\d+\.\d{3} \+ \d+\.\d{3}(?: \+ \d+\.\d{3})? secs\)/g, '(T secs)');

interface Exchange {
  readonly client: string | null;
  readonly server: string[];
  closed: boolean;
}

/** "S: "/"C: " lines grouped as (client line, the server lines that followed). */
function transcript(file: string): Exchange[] {
  const out: Exchange[] = [{ client: null, server: [], closed: false }];
  const lines = text(file).split('\n');
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k] ?? '';
    const cur = out[out.length - 1];
    if (cur === undefined) break;
    if (line.startsWith('C: ')) out.push({ client: line.slice(3), server: [], closed: false });
    else if (line.startsWith('S: ')) cur.server.push(line.slice(3));
    else if (line === 'S:') cur.server.push('');
    else if (line.startsWith('[connection closed')) cur.closed = true;
    else if (line !== '' && cur.server.length > 0) cur.server[cur.server.length - 1] += `\n${line}`;
  }
  return out;
}

function replay(file: string, client: ImapTestClient): void {
  for (const ex of transcript(file)) {
    const got = ex.client === null ? client.greeting : client.send(ex.client);
    const expected = ex.server.map((l) => `${l}\r\n`).join('');
    // Literal bodies keep their CRLF line ends inside the transcript's single "S:" lines.
    expect(timing(got.replace(/\r\n/g, '\n'))).toBe(timing(expected.replace(/\r\n/g, '\n')));
    expect(client.engine.closed).toBe(ex.closed);
  }
}

/** The mailbox as the earlier POP3/IMAP sessions left it: every message seen by Dovecot once (Status: O). */
function touched(uidValidity: number): ReturnType<typeof imapMachine> {
  const machine = imapMachine(read(BEFORE), uidValidity);
  const c = new ImapTestClient(machine.store);
  c.send('a login etudiant etudiant');
  c.send('b select inbox');
  c.send('c logout');
  return machine;
}

describe('Dovecot IMAP against the recordings', () => {
  it('refuses plaintext LOGIN from a remote client (imap_01)', () => {
    const { store } = imapMachine(read(BEFORE));
    replay('imap/sessions/imap_01_remote_default_plaintext_refused.txt', new ImapTestClient(store, { secured: false }));
  });

  it('replays the local session of the brief (imap_02), with the log counters', () => {
    const machine = touched(1795319425);
    const logs: string[] = [];
    const client = new ImapTestClient(machine.store, { log: (l) => logs.push(l) });
    replay('imap/sessions/imap_02_local_full.txt', client);
    // mail.log: "Disconnected: Logged out in=218 out=2738 deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0 body_count=1 body_bytes=501"
    expect(logs).toEqual(['Disconnected: Logged out in=218 out=2738 deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0 body_count=1 body_bytes=501']);
  });

  it('leaves the mbox byte for byte as Dovecot did after reading, deleting and expunging', () => {
    const machine = touched(1795319425);
    replay('imap/sessions/imap_02_local_full.txt', new ImapTestClient(machine.store));
    // The unrecorded "errors" session of the recording read message 2's text and expunged message 3
    // (mail.log: deleted=1 expunged=1 body_count=1 body_bytes=57).
    const logs: string[] = [];
    const c = new ImapTestClient(machine.store, { log: (l) => logs.push(l) });
    c.send('1 login etudiant etudiant');
    c.send('2 select inbox');
    expect(c.send('3 fetch 2 body[text]')).toContain('BODY[TEXT] {57}');
    expect(c.send('4 store 3 +flags (\\Deleted)')).toMatch(/^\* 3 FETCH \(FLAGS \(\\Deleted\)\)\r\n4 OK Store completed/);
    expect(c.send('5 expunge')).toMatch(/^\* 3 EXPUNGE\r\n5 OK Expunge completed/);
    c.send('6 logout');
    expect(logs[0]).toMatch(/deleted=1 expunged=1 trashed=0 hdr_count=0 hdr_bytes=0 body_count=1 body_bytes=57$/);
    expect(new TextDecoder('latin1').decode(machine.files.files.get('/var/mail/etudiant'))).toBe(text('imap/var_mail_etudiant_after_dovecot_imap.mbox'));
  });

  it('replays the remote session after disable_plaintext_auth = no (imap_04): new mail is \\Recent', () => {
    const machine = imapMachine(read(BEFORE), 1795319466);
    const logs: string[] = [];
    const client = new ImapTestClient(machine.store, { secured: false, disablePlaintextAuth: false, log: (l) => logs.push(l) });
    replay('imap/sessions/imap_04_remote_after_config_full.txt', client);
    // Recorded out=1849: its LIST reply had a third timing term "+ 0.002" (8 bytes) the engine never sends.
    expect(logs).toEqual(['Disconnected: Logged out in=121 out=1841 deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0 body_count=1 body_bytes=501']);
  });

  it('replays the telnet session typed on the server (telnet_pop3_imap_on_server)', () => {
    // The mailbox as it was then: the file recorded after that telnet session (IMAP changed nothing).
    const inbox = read('telnet/var_mail_etudiant_after_telnet.mbox');
    const machine = imapMachine(inbox, 1795319738);
    const screen = text('telnet/telnet_pop3_imap_on_server.txt');
    const start = screen.indexOf('telnet localhost 143');
    const block = screen.slice(screen.indexOf("Escape character is '^]'.\n", start) + 26, screen.indexOf('Connection closed by foreign host.', start));
    const typed = /^[a-d] (login|select|fetch|logout)/;
    const client = new ImapTestClient(machine.store);
    // tmux shows TABs as spaces up to the next multiple of 8.
    const expand = (s: string): string => s.split('\n').map((l) => l.replace(/([^\t]*)\t/g, (_m, pre: string) => pre + ' '.repeat(8 - (pre.length % 8)))).join('\n');
    let got = client.greeting;
    for (const line of block.split('\n')) if (typed.test(line)) got += `${line}\r\n${client.send(line)}`;
    expect(timing(expand(got.replace(/\r\n/g, '\n')))).toBe(timing(block));
    expect(new TextDecoder('latin1').decode(machine.files.files.get('/var/mail/etudiant'))).toBe(new TextDecoder('latin1').decode(inbox));
  });

  it('answers the untagged "logout" of seed 003 before login too', () => {
    const { store } = imapMachine(read(BEFORE));
    const c = new ImapTestClient(store);
    expect(c.send('logout')).toBe('logout BAD Error in IMAP command received by server.\r\n');
    expect(c.send('5 logout')).toBe('* BYE Logging out\r\n5 OK Logout completed.\r\n');
    expect(c.engine.closed).toBe(true);
  });
});
