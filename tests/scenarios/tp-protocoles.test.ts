// Walkthrough of seed 003 (TP Protocoles SMTP, POP3, IMAP4) through `netsim run`: enp0s9 gets
// 192.168.56.x only when the student runs dhclient, then the student installs Postfix ("Local
// uniquement"), speaks SMTP with telnet bound to that address, reads /var/mail, and speaks POP3
// (popa3d) and IMAP4 (dovecot-imapd) on lo as the seed's transcripts show.
// Normalized: queue IDs, dates, UIDVALIDITY and the leased host number (they differ between runs).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { complaints, requireTshark, summary } from '../support/tshark.ts';
import { readFileSync } from 'node:fs';
import { evaluateSteps } from '../../src/sim/index.ts';
import { bootScenario, playScript } from '../support/lab-session.ts';

const dir = mkdtempSync(join(tmpdir(), 'tp-protocoles-'));

function run(name: string, lines: string[], options: string[] = []): { status: number; stdout: string; stderr: string } {
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  const r = spawnSync('node', ['src/cli/netsim.mjs', 'run', 'scenarios/tp-protocoles.yaml', '--script', file, ...options], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The transcript without the terminal's 80-column wrapping. */
function unwrapped(text: string): string {
  return text.replace(/(.{80})\n/g, '$1');
}

// As root: what the seed has the student do before speaking the protocols.
const SETUP = [
  '@VM',
  'dhclient enp0s9',
  "echo 'postfix postfix/main_mailer_type select Local only' | debconf-set-selections",
  'DEBIAN_FRONTEND=noninteractive apt-get install -y postfix > /dev/null',
];

const SMTP = [
  'telnet localhost 25 -b 192.168.56.101',
  '@expect 220 debian-12-GNS3.lan ESMTP Postfix (Debian/GNU)',
  'HELO Bonjour je suis un etudiant',
  '@expect 250 debian-12-GNS3.lan',
  'MAIL FROM:<mbappe@fft.fr>',
  '@expect 250 2.1.0 Ok',
  'RCPT TO:<etudiant@debian-12-GNS3.lan>',
  '@expect 250 2.1.5 Ok',
  'DATA',
  '@expect 354 End data with <CR><LF>.<CR><LF>',
  'Cher etudiant que vous etes bon, si bon que vous pouvez aller chercher un cafe pour le prof',
  '.',
  '@expect 250 2.0.0 Ok: queued as ',
  'QUIT',
  '@expect 221 2.0.0 Bye',
  '@wait 2',
];

describe('scenarios/tp-protocoles.yaml (seed 003)', () => {
  it('passes netsim check', () => {
    const r = spawnSync('node', ['src/cli/netsim.mjs', 'check', 'scenarios/tp-protocoles.yaml'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('OK');
  });

  it('leases 192.168.56.x on dhclient, then carries the seed SMTP and POP3 sessions on lo', () => {
    requireTshark();
    const pcap = join(dir, 'lo.pcap');
    const r = run('smtp-pop.txt', [
      '@VM',
      'hostname',
      '@expect debian-12-GNS3',
      // enp0s9 has no address until the student asks for one.
      'ip -4 -br addr show enp0s9',
      'dhclient enp0s9',
      'ip -4 -br addr show enp0s9',
      '@expect 192.168.56.101/24',
      // "Ça ne marche pas ? Vous êtes root ?"
      'su - etudiant',
      'apt install postfix',
      '@expect Impossible d\'obtenir le verrou de dpkg',
      'exit',
      // As root, through debconf's dialog: past the note, then "Local only" (3 below the default
      // "Internet Site"), then the default mail name.
      'apt install postfix',
      'O',
      '@wait 1',
      '@key Tab',
      '@key Enter',
      '@wait 1',
      '@key Down',
      '@key Down',
      '@key Down',
      '@key Enter',
      '@wait 1',
      '@key Enter',
      '@wait 3',
      'postconf inet_interfaces',
      '@expect inet_interfaces = loopback-only',
      'ss -lnt4',
      '@expect 127.0.0.1:25',
      'su - etudiant',
      ...SMTP,
      'ls -al /var/mail',
      'rm /var/mail/etudiant',
      '@expect Permission non accordée',
      'exit',
      'DEBIAN_FRONTEND=noninteractive apt-get install -y popa3d > /dev/null',
      'ss -lnt4',
      '@expect 0.0.0.0:110',
      'su - etudiant',
      'telnet localhost 110 -b 192.168.56.101',
      '@expect +OK',
      'user etudiant',
      'pass Etudiant1',
      'stat',
      '@expect +OK 1 ',
      'list',
      'top 1 1',
      'QUIT',
      '@expect Connection closed by foreign host.',
    ], ['--pcap', pcap, '--capture', 'VM:lo']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = unwrapped(r.stdout);
    // Before dhclient: no IPv4 address on enp0s9 (ip prints nothing).
    expect(out).toContain('root@debian-12-GNS3:~# ip -4 -br addr show enp0s9\nroot@debian-12-GNS3:~# dhclient enp0s9\n');
    expect(out).toMatch(/enp0s9 +UP +192\.168\.56\.101\/24 ?\n/);
    expect(out).toContain('setting inet_interfaces: loopback-only\n');
    expect(out).toMatch(/-rw------- +1 etudiant mail +\d+ +[^\n]+ etudiant\n/);
    // The seed's 419 bytes, less the 3 accents its body had (typed here without them) plus one
    // queue ID digit (Postfix 3.7's IDs are one longer): mail from a client that is not an
    // $inet_interfaces address gets no Message-Id/Date/From from cleanup
    // (local_header_rewrite_clients = permit_inet_interfaces).
    expect(out).toContain('Connected to localhost.\nEscape character is \'^]\'.\n+OK\nuser etudiant\n+OK\npass Etudiant1\n+OK\nstat\n+OK 1 417\n');
    expect(out).toMatch(/top 1 1\n\+OK\nReturn-Path: <mbappe@fft\.fr>\nX-Original-To: etudiant@debian-12-GNS3\.lan\nDelivered-To: etudiant@debian-12-GNS3\.lan\nReceived: from Bonjour\?je\?suis\?un\?etudiant \(unknown \[192\.168\.56\.101\]\)\n\s+by debian-12-GNS3\.lan \(Postfix\) with SMTP id [0-9A-F]+\n\s+for <etudiant@debian-12-GNS3\.lan>;/);
    expect(out).toContain('Cher etudiant que vous etes bon, si bon que vous pouvez aller chercher un cafe pour le prof\n.\nQUIT\n+OK\nConnection closed by foreign host.\n');
    // The seed's Wireshark view of the SMTP session on lo (frame sizes as in the seed's table;
    // ports and times differ between runs).
    expect(complaints(pcap)).toEqual([]);
    const tcp = summary(pcap, 'tcp.port == 25').map((l) => l.replace(/^\s*\d+\s+\S+\s+/, ''));
    expect(tcp[0]).toMatch(/^192\.168\.56\.101 → 127\.0\.0\.1 +TCP 74 \d+ → 25 \[SYN\] Seq=0 Win=65495 Len=0 MSS=65495 SACK_PERM/);
    expect(tcp[1]).toMatch(/^127\.0\.0\.1 → 192\.168\.56\.101 TCP 74 25 → \d+ \[SYN, ACK\] Seq=0 Ack=1 Win=65483 Len=0 MSS=65495 SACK_PERM/);
    expect(tcp[2]).toMatch(/^192\.168\.56\.101 → 127\.0\.0\.1 +TCP 66 \d+ → 25 \[ACK\] Seq=1 Ack=1 Win=65536 Len=0/);
    const smtp = summary(pcap, 'smtp').map((l) => l.replace(/^\s*\d+\s+\S+\s+/, '').replace(/\s+/g, ' '));
    expect(smtp).toContain('127.0.0.1 → 192.168.56.101 SMTP 117 S: 220 debian-12-GNS3.lan ESMTP Postfix (Debian/GNU)');
    expect(smtp).toContain('192.168.56.101 → 127.0.0.1 SMTP 100 C: HELO Bonjour je suis un etudiant');
    expect(smtp).toContain('127.0.0.1 → 192.168.56.101 SMTP 90 S: 250 debian-12-GNS3.lan');
    expect(smtp).toContain('192.168.56.101 → 127.0.0.1 SMTP 72 C: QUIT');
    expect(smtp).toContain('127.0.0.1 → 192.168.56.101 SMTP 81 S: 221 2.0.0 Bye');
  });

  it('carries the seed IMAP4 session with dovecot-imapd, including the untagged logout', () => {
    const r = run('imap.txt', [
      ...SETUP,
      'DEBIAN_FRONTEND=noninteractive apt-get install -y dovecot-imapd > /dev/null',
      'ss -lnt4',
      '@expect 0.0.0.0:143',
      'su - etudiant',
      ...SMTP,
      // Without -b: from 127.0.0.1 Dovecot counts the connection as secured and allows LOGIN.
      'telnet localhost 143',
      '@expect Dovecot (Debian) ready.',
      '1 login etudiant Etudiant1',
      '@expect Logged in',
      '2 list "" "*"',
      '3 examine inbox',
      '4 fetch 1 body[]',
      'logout',
      '5 logout',
      '@expect Connection closed by foreign host.',
      // Bound to 192.168.56.101 the client is not local: Dovecot refuses the plaintext LOGIN.
      'telnet localhost 143 -b 192.168.56.101',
      '1 login etudiant Etudiant1',
      '@expect 1 NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.',
      '2 logout',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = unwrapped(r.stdout);
    expect(out).toContain('2 list "" "*"\n* LIST (\\HasNoChildren) "/" INBOX\n2 OK List completed (');
    expect(out).toMatch(/3 examine inbox\n\* FLAGS \(\\Answered \\Flagged \\Deleted \\Seen \\Draft\)\n\* OK \[PERMANENTFLAGS \(\)\] Read-only mailbox\.\n\* 1 EXISTS\n\* 1 RECENT\n\* OK \[UNSEEN 1\] First unseen\.\n\* OK \[UIDVALIDITY \d+\] UIDs valid\n\* OK \[UIDNEXT 2\] Predicted next UID\n3 OK \[READ-ONLY\] Examine completed \(/);
    expect(out).toMatch(/4 fetch 1 body\[\]\n\* 1 FETCH \(BODY\[\] \{\d+\}\nReturn-Path: <mbappe@fft\.fr>\n/);
    expect(out).toContain('logout\nlogout BAD Error in IMAP command: Invalid command name (');
    expect(out).toContain('5 logout\n* BYE Logging out\n5 OK Logout completed (');
  });

  it("checks the steps: none done at boot, every one after the seed's walkthrough", async () => {
    const sim = await bootScenario(readFileSync('scenarios/tp-protocoles.yaml', 'utf8'), 'tp-protocoles.yaml', { capture: ['VM:lo'] });
    const steps = sim.scenario.steps;
    expect(evaluateSteps(sim, steps).filter((r) => r.done)).toEqual([]);
    await playScript(sim, [
      ...SETUP,
      'DEBIAN_FRONTEND=noninteractive apt-get install -y popa3d dovecot-imapd > /dev/null',
      'su - etudiant',
      ...SMTP,
      'telnet localhost 110 -b 192.168.56.101',
      '@expect +OK',
      'user etudiant',
      'pass Etudiant1',
      'top 1 1',
      'quit',
      '@expect Connection closed by foreign host.',
      'telnet localhost 143',
      '@expect Dovecot (Debian) ready.',
      '1 login etudiant Etudiant1',
      '@expect Logged in',
      '3 examine inbox',
      '4 fetch 1 body[]',
      '5 logout',
      '@expect Connection closed by foreign host.',
    ]);
    expect(evaluateSteps(sim, steps)).toEqual(steps.map((s) => ({ id: s.id, done: true })));
  }, 120_000);
});
