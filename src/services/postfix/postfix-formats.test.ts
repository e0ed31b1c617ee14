// The small formats of the mail system, each against a recorded example (../fidelity/smtp):
// delays in status lines, bounce line wrapping, cleanup's header rules and message size, queue
// files read back, sendmail -t's header recipients.
import { describe, expect, it } from 'vitest';
import { wrapLine } from './bounce/bounce.ts';
import { cleanupMessage } from './cleanup/cleanup.ts';
import { formatDelay, statusLine } from './delivery-log.ts';
import { headerRecipients } from './pickup/maildrop-file.ts';
import { emitQueueFile, parseQueueFile, postfixSize, type QueuedMessage } from './queue/queue-file.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();
const ARRIVAL = Date.UTC(2026, 10, 22, 3, 33, 55);

describe('status lines', () => {
  it('formats delays as log_adhoc.c', () => {
    expect([0, 0.004, 0.01, 0.05, 0.06, 0.1, 0.26, 4.3, 4.25, 12.4].map(formatDelay)).toEqual(['0', '0', '0.01', '0.05', '0.06', '0.1', '0.26', '4.3', '4.3', '12']);
  });

  it('writes the recorded local delivery line', () => {
    const line = statusLine({
      queueId: '5AF7A16004D', recipient: 'etudiant@mail128.com', original: 'admin@mail128.com', relay: 'local',
      delays: { beforeQmgr: 0.05, inQmgr: 0.01, connSetup: 0, transmission: 0 }, dsn: '2.0.0', status: 'sent', text: 'delivered to mailbox',
    });
    expect(line).toBe('5AF7A16004D: to=<etudiant@mail128.com>, orig_to=<admin@mail128.com>, relay=local, delay=0.06, delays=0.05/0.01/0/0, dsn=2.0.0, status=sent (delivered to mailbox)');
  });
});

describe('bounce text wrapping', () => {
  it('wraps at 79 columns with a 4-space indent, as recorded', () => {
    expect(wrapLine('<quelquun@nowhere.etudiant541.iut>: Host or domain name not found. Name service error for name=nowhere.etudiant541.iut type=AAAA: Host not found')).toBe(
      '<quelquun@nowhere.etudiant541.iut>: Host or domain name not found. Name service\n    error for name=nowhere.etudiant541.iut type=AAAA: Host not found',
    );
  });
});

describe('cleanup', () => {
  const base = { queueId: '452F9160045', arrivalMs: ARRIVAL, zone: { offsetMinutes: 0, name: 'UTC' }, myhostname: 'vm', myorigin: 'mail128.com', sender: 'toto@mail128.com' };
  const received = 'Received: from 192.168.0.28 (localhost [127.0.0.1])\n\tby vm (Postfix) with ESMTP id 452F9160045\n\tfor <etudiant@mail128.com>; Sun, 22 Nov 2026 03:33:55 +0000 (UTC)';

  it('adds Message-Id and Date for a local client; the size counts CRLF line ends (size=395)', () => {
    const data = enc.encode('From: toto@mail128.com\nTo: etudiant@mail128.com\nSubject: Premier test\n\nBonjour etudiant,\nceci est un message de test envoye par SMTP.\n');
    const out = cleanupMessage({ ...base, received, data, local: true });
    expect(out.messageId).toBe('20261122033355.452F9160045@vm');
    expect(out.size).toBe(395);
    expect(dec.decode(out.content)).toContain('Subject: Premier test\nMessage-Id: <20261122033355.452F9160045@vm>\nDate: Sun, 22 Nov 2026 03:33:55 +0000 (UTC)\n\nBonjour');
  });

  it('adds nothing for a remote client and inserts the blank line before a body without headers', () => {
    const out = cleanupMessage({ ...base, received, data: enc.encode('Salut etudiant !\nMessage sans en-tetes tape a la main.\n'), local: false });
    expect(out.messageId).toBe('');
    expect(dec.decode(out.content)).toBe(`${received}\n\nSalut etudiant !\nMessage sans en-tetes tape a la main.\n`);
  });

  it('qualifies bare addresses of a local submission and adds From:', () => {
    const out = cleanupMessage({ ...base, sender: 'toto@vm', received: 'Received: by vm (Postfix, from userid 1002)', data: enc.encode('Subject: Test\nTo: etudiant\n\nx\n'), local: true });
    expect(dec.decode(out.content)).toContain('To: etudiant@mail128.com\n');
    expect(dec.decode(out.content)).toContain('From: toto@vm\n\nx\n');
  });
});

describe('queue files', () => {
  it('read back exactly, and refuse junk', () => {
    const m: QueuedMessage = {
      id: 'ABCDE160001', arrivalMs: ARRIVAL, sender: 'a@b', recipients: [{ address: 'c@d', original: 'c', done: false }], origin: { kind: 'local', uid: 1000 },
      messageId: 'x@y', content: new Uint8Array([0x41, 0x00, 0xff, 0x0a]), size: 5, reason: 'why', nextAttemptMs: 5, backoffSeconds: 300,
    };
    expect(parseQueueFile(emitQueueFile(m))).toEqual(m);
    expect(parseQueueFile(enc.encode('garbage\n\u0000'))).toBeNull();
    expect(parseQueueFile(new Uint8Array(0))).toBeNull();
    expect(postfixSize(enc.encode('a\nb'))).toBe(6);
  });
});

describe('sendmail -t recipients', () => {
  it('takes To, Cc and Bcc addresses, and drops the Bcc header', () => {
    const r = headerRecipients(enc.encode('To: Etudiant <etudiant@mail128.com>, toto\nCc: undisclosed-recipients:;\nBcc: cache@mail128.com\nSubject: s\n\nbody\nTo: not@header\n'));
    expect(r.recipients).toEqual(['etudiant@mail128.com', 'toto', 'cache@mail128.com']);
    expect(dec.decode(r.withoutBcc)).toBe('To: Etudiant <etudiant@mail128.com>, toto\nCc: undisclosed-recipients:;\nSubject: s\n\nbody\nTo: not@header\n');
  });
});
