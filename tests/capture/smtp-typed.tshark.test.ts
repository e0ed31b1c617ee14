// SMTP typed by hand (seeds 000, 001, 003, 004: `nc`, `nc -C`, `telnet`, one line per TCP
// segment), captured on the client and read by real tshark 4.0 and by `netsim dissect`: the
// summary lines of `-Y smtp`, the SMTP/IMF part of every `-V` tree and a few field filters must
// be the same. Both read the same file, so nothing is normalized.
// What the sessions exercise (Wireshark's rules, not RFC 5321's): a line whose first word is not
// 4 letters (`hello`, `FOO bar`, `1234 x`) is a `DATA fragment` and joins the next message; the
// command is the line's first 4 characters; a `.` ends DATA only after CRLF (never with plain
// `nc`); IMF reads header names up to the next colon, across lines, and needs CRLF.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dissect } from '../../src/cli/dissect.ts';
import { bootScenario, playScript } from '../support/lab-session.ts';
import { requireTshark, tshark } from '../support/tshark.ts';

const FIXTURE = readFileSync(new URL('../scenarios/fixtures/mail-server.yaml', import.meta.url), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'smtp-typed-'));

const ENVELOPE = ['MAIL FROM:<etudiant@mail128.com>', 'RCPT TO:<toto@mail128.com>', 'DATA'];

/** Boots the mail lab, types `lines` on CLIENT, returns the pcapng of CLIENT:eth0. */
async function capture(name: string, lines: readonly string[]): Promise<string> {
  const sim = await bootScenario(FIXTURE, 'mail-server.yaml', { capture: ['CLIENT:eth0'] });
  await playScript(sim, ['@CLIENT', ...lines, '@wait 2']);
  const file = join(dir, `${name}.pcapng`);
  writeFileSync(file, sim.exportPcapng());
  return file;
}

async function ours(args: string[]): Promise<string> {
  const out: string[] = [];
  const status = await dissect(args, { out: (t) => out.push(t), err: (t) => out.push(`ERR ${t}`) });
  expect(status).toBe(0);
  return out.join('\n') + '\n';
}

/** The SMTP, IMF and text-lines parts of `-V` trees, each under its `Frame N:` line. */
function smtpParts(verbose: string): string[] {
  const kept: string[] = [];
  let keep = false;
  for (const line of verbose.split('\n')) {
    if (/^Frame \d+:/.test(line)) {
      kept.push(line);
      keep = false;
    } else if (/^\S/.test(line)) keep = /^(Simple Mail Transfer Protocol|Internet Message Format|Line-based text data|\[Malformed Packet)/.test(line);
    if (keep) kept.push(line);
  }
  return kept;
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

/** tshark and netsim dissect agree on the packet list, the trees and `filters`. */
async function expectSameAsTshark(file: string, filters: readonly string[] = []): Promise<void> {
  requireTshark();
  expect(lines(await ours(['-r', file, '-Y', 'smtp']))).toEqual(lines(tshark(file, ['-Y', 'smtp'])));
  expect(smtpParts(await ours(['-r', file, '-Y', 'smtp', '-V']))).toEqual(smtpParts(tshark(file, ['-Y', 'smtp', '-V'])));
  for (const filter of filters) expect(lines(await ours(['-r', file, '-Y', filter])), filter).toEqual(lines(tshark(file, ['-Y', filter])));
}

const FIELD_FILTERS = ['smtp.req.command', 'smtp.req.command == "MAIL"', 'smtp.req.parameter', 'smtp.data.fragment', 'smtp.eom', 'imf', 'imf.subject', 'imf.extension.type'];

describe('SMTP typed by hand, as tshark 4.0 shows it', () => {
  it('nc -C: unknown words are DATA fragments that join the message; commands are 4 characters', async () => {
    const file = await capture('crlf', [
      'nc -C 192.168.0.1 25',
      'hello',
      'EHLO client',
      'FOO bar',
      'HEL',
      'HELO',
      '1234 x',
      'X-EXPS foo',
      'noop',
      'mail from:<etudiant@mail128.com>',
      'rcpt to:<toto@mail128.com>',
      'data',
      'From: etudiant@mail128.com',
      'to: toto@mail128.com',
      'subject: x',
      '',
      'corps',
      '.',
      // An empty message: the `.` frame carries no IMF.
      ...ENVELOPE,
      '.',
      'QUIT',
    ]);
    await expectSameAsTshark(file, FIELD_FILTERS);
    // What a student sees: the typed words as fragments, the headers swallowed by the first one.
    const list = tshark(file, ['-Y', 'smtp']);
    expect(list).toContain('C: DATA fragment, 7 bytes');
    expect(list).not.toContain('C: hello');
    expect(list).toContain('C: DATA fragment, 2 bytes');
  });

  it('plain nc (LF only): the `.` never ends DATA, QUIT stays a fragment, no IMF', async () => {
    const file = await capture('lf', ['nc 192.168.0.1 25', 'EHLO client', ...ENVELOPE, 'Subject: x', '', 'corps', '.', 'QUIT']);
    await expectSameAsTshark(file, ['smtp.req.command', 'smtp.data.fragment', 'imf']);
    expect(tshark(file, ['-Y', 'imf'])).toBe('');
    expect(lines(tshark(file, ['-Y', 'smtp'])).at(-2)).toContain('C: DATA fragment, 5 bytes');
  });

  it('telnet (CRLF): one message, Info from the lower-case subject and the body', async () => {
    const file = await capture('telnet', [
      'telnet 192.168.0.1 25',
      'helo x',
      ...ENVELOPE, 'subject: test telnet', '', 'corps', '.',
      // Seed 003's capture: a command typed after DATA is message text, its colon makes a header.
      ...ENVELOPE,
      'RCPT TO: <etudiant@mail128.com>',
      'Cher étudiant que vous êtes bon, si bon que vous pouvez aller chercher un café pour le prof',
      '.',
      'quit',
    ]);
    await expectSameAsTshark(file, FIELD_FILTERS);
    const list = tshark(file, ['-Y', 'imf']);
    expect(list).toContain('SMTP/IMF 69 subject: test telnet, , corps  ');
    expect(list).toContain('SMTP/IMF 69 RCPT TO: <etudiant@mail128.com>  , Cher étudiant que vous êtes bon');
  });

  it('pipelined: commands and a whole message (CRLF . CRLF inside one segment)', async () => {
    const file = await capture('pipelined', [
      "printf 'EHLO x\\r\\nMAIL FROM:<etudiant@mail128.com>\\r\\nRCPT TO:<toto@mail128.com>\\r\\nDATA\\r\\n' > /tmp/a",
      "printf 'Subject: s\\r\\n\\r\\nbody\\r\\n.\\r\\nQUIT\\r\\n' > /tmp/b",
      '(cat /tmp/a; sleep 1; cat /tmp/b; sleep 1) | nc 192.168.0.1 25',
      '@wait 3',
    ]);
    await expectSameAsTshark(file, FIELD_FILTERS);
    expect(tshark(file, ['-Y', 'imf'])).toContain('subject: s, , body  ');
  });

  it('IMF quirks: a header alone loses 2 characters, `Subject:` alone is malformed, unknown and folded fields', async () => {
    const file = await capture('imf', [
      'nc -C 192.168.0.1 25',
      'EHLO x',
      ...ENVELOPE, 'Subject: seul', '.',
      ...ENVELOPE, 'Subject:', '.',
      ...ENVELOPE, 'subject: sans ligne vide', 'corps', '.',
      ...ENVELOPE,
      'X-Perso: valeur',
      'to: toto@mail128.com, etudiant@mail128.com',
      'Subject: sujet',
      ' suite pliee',
      'from: Etudiant <etudiant@mail128.com>',
      'Reply-To: groupe: a@b.fr, c@d.fr;',
      'sender: Moi <moi@ici.fr>',
      'Unknown-Extension: bizarre',
      '',
      'texte: avec deux points',
      '.',
      ...ENVELOPE, 'Subject: x', '.',
      ...ENVELOPE, '..ligne avec point', '.',
      'QUIT',
    ]);
    await expectSameAsTshark(file, [...FIELD_FILTERS, 'imf.to', 'imf.address', 'imf.display_name', 'imf.sender', '_ws.malformed']);
    const list = tshark(file, ['-Y', 'imf']);
    expect(list).toContain('subject: se, ');
    expect(list).toContain('SMTP/IMF 69 [Malformed Packet]');
  });

  it('accents, Content-Type, AUTH refused, BDAT chunks and long lines', async () => {
    const long = 'b'.repeat(1000);
    const file = await capture('varia', [
      'nc -C 192.168.0.1 25',
      'HELO été',
      // Refused (454 here): the session reads commands again, `hello` is one.
      'STARTTLS',
      'hello',
      'AUTH LOGIN',
      // After AUTH a line that is not a command is shown as one (the session reads commands).
      'dXNlcg==',
      `MAIL FROM:<${'a'.repeat(600)}@x.fr>`,
      ...ENVELOPE,
      'Subject: été',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'café au lait',
      '.',
      ...ENVELOPE,
      `Subject: ${long}`,
      'Content-Type: text/html; charset=utf-8',
      '',
      long,
      '.',
      'BDAT 4',
      'ab',
      'BDAT 4 LAST',
      'cd',
      'BDAT 0 LAST',
      'QUIT',
    ]);
    await expectSameAsTshark(file, [...FIELD_FILTERS, 'smtp.data.reassembled.in', 'imf.content.type.type', 'data-text-lines']);
    expect(tshark(file, ['-Y', 'smtp'])).toContain('C: dXNlcg==');
  });

  it('a long message typed line by line: Info stops at 4095 bytes, the fragment list at the label size', async () => {
    const body = Array.from({ length: 70 }, (_, i) => `ligne ${String(i + 1).padStart(2, '0')} ${'x'.repeat(60)}`);
    const file = await capture('long', ['nc -C 192.168.0.1 25', 'EHLO x', ...ENVELOPE, 'Subject: long', '', ...body, '.', 'QUIT']);
    await expectSameAsTshark(file, ['imf', 'smtp.data.fragment == 30']);
  });

  it('garbage and control bytes never break the dissection', async () => {
    const file = await capture('garbage', [
      "printf 'EHLO x\\r\\n\\x01\\x02\\xff\\r\\nDATA\\r\\n\\r\\n.\\r\\n\\x00\\x7f:\\r\\n\\r\\n.\\r\\nQUIT\\r\\n' | nc 192.168.0.1 25",
      '@wait 3',
    ]);
    await expectSameAsTshark(file, FIELD_FILTERS);
  });
});
