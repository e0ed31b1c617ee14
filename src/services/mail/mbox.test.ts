import { readFileSync, readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appendMessages, ctimeDate, deliveryMessage, emitMbox, fromLine, isWellFormed, parseMbox } from './mbox.ts';

const FIDELITY = new URL('../../../../shared/fidelity/', import.meta.url);
const enc = new TextEncoder();
const dec = new TextDecoder('latin1');

function mboxFiles(dir: URL, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const url = new URL(name, dir);
    if (statSync(url).isDirectory()) out.push(...mboxFiles(new URL(`${name}/`, dir), `${prefix}${name}/`));
    else if (name.endsWith('.mbox')) out.push(`${prefix}${name}`);
  }
  return out;
}

const files = mboxFiles(FIDELITY);

describe('mbox files written by Postfix, Dovecot, popa3d and mail(1)', () => {
  it('finds the recorded mailboxes of every folder', () => {
    expect(files.length).toBeGreaterThanOrEqual(13);
    for (const dir of ['smtp/', 'pop3/', 'imap/', 'telnet/', 'mailutils/']) expect(files.some((f) => f.startsWith(dir))).toBe(true);
  });

  for (const file of files) {
    it(`${file}: parse then write gives back every byte`, () => {
      const bytes = new Uint8Array(readFileSync(new URL(file, FIDELITY)));
      const mbox = parseMbox(bytes);
      expect(isWellFormed(mbox)).toBe(true);
      expect(mbox.messages).toHaveLength(dec.decode(bytes).match(/^From /gm)?.length ?? 0);
      expect(emitMbox(mbox)).toEqual(bytes);
    });
  }
});

describe('delivery as Postfix local(8) appends it', () => {
  it('writes /var/mail/etudiant byte for byte from the two delivered messages', () => {
    const bytes = new Uint8Array(readFileSync(new URL('smtp/mbox/var_mail_etudiant.mbox', FIDELITY)));
    const recorded = parseMbox(bytes).messages;
    const dates = [Date.UTC(2026, 10, 22, 3, 33, 55), Date.UTC(2026, 10, 22, 3, 33, 59)];
    // Delivered over SMTP with CRLF line ends: local(8) stores LF.
    const delivered = recorded.map((m, i) =>
      deliveryMessage('toto@mail128.com', dates[i] ?? 0, enc.encode(dec.decode(m.content).replace(/\n/g, '\r\n'))),
    );
    expect(appendMessages(new Uint8Array(0), delivered)).toEqual(bytes);
  });

  it('uses two spaces and a ctime date in the From_ line, MAILER-DAEMON for the null sender', () => {
    expect(fromLine('client@mail128.com', Date.UTC(2024, 5, 10, 14, 43, 51))).toBe('From client@mail128.com  Mon Jun 10 14:43:51 2024');
    expect(fromLine('', Date.UTC(2026, 10, 22, 3, 34, 12))).toBe('From MAILER-DAEMON  Sun Nov 22 03:34:12 2026');
    expect(ctimeDate(Date.UTC(2026, 10, 2, 9, 5, 7))).toBe('Mon Nov  2 09:05:07 2026');
  });

  it('quotes body lines starting with "From " and nothing else, and ends the message with a blank line', () => {
    const m = deliveryMessage('a@b', 0, enc.encode('Subject: x\n\nFrom me\n>From you\nFromage\nfrom low\nlast'));
    const file = dec.decode(appendMessages(new Uint8Array(0), [m]));
    expect(file).toBe('From a@b  Thu Jan  1 00:00:00 1970\nSubject: x\n\n>From me\n>From you\nFromage\nfrom low\nlast\n\n');
    expect(parseMbox(enc.encode(file + file)).messages).toHaveLength(2);
  });
});

describe('damaged mailboxes are reported, never corrupted', () => {
  it('keeps the bytes before the first From_ line as a reported preamble', () => {
    const bytes = enc.encode('garbage line\n\nFrom a@b  Thu Jan  1 00:00:00 1970\nS: 1\n\nbody\n\n');
    const mbox = parseMbox(bytes);
    expect(dec.decode(mbox.preamble)).toBe('garbage line\n\n');
    expect(mbox.messages).toHaveLength(1);
    expect(isWellFormed(mbox)).toBe(false);
    expect(emitMbox(mbox)).toEqual(bytes);
  });

  it('treats a file with no From_ line at all as one preamble', () => {
    const bytes = enc.encode('Subject: hello\n\nno envelope\n');
    const mbox = parseMbox(bytes);
    expect(mbox.messages).toHaveLength(0);
    expect(emitMbox(mbox)).toEqual(bytes);
  });

  it('round-trips a file cut anywhere, even inside a From_ line', () => {
    const whole = new Uint8Array(readFileSync(new URL('smtp/mbox/var_mail_etudiant_after_alias.mbox', FIDELITY)));
    for (let cut = 0; cut <= whole.length; cut += 7) {
      const bytes = whole.slice(0, cut);
      expect(emitMbox(parseMbox(bytes))).toEqual(bytes);
    }
  });

  it('flags a last message that lost its separator line', () => {
    const mbox = parseMbox(enc.encode('From a@b  Thu Jan  1 00:00:00 1970\nS: 1\n\nbody\n'));
    expect(mbox.messages[0]?.separator).toBe(false);
    expect(isWellFormed(mbox)).toBe(false);
  });
});
