// Hostile and clumsy clients: segmentation, pipelining, long lines, NUL and 8-bit bytes, protocol
// errors, dropped connections. smtpd must answer as Postfix does and never queue half a message.

import { describe, expect, it } from 'vitest';
import { Smtpd } from './smtpd.ts';
import type { RecordingMachineOptions } from './testing.ts';
import { RecordingSink, recordingMachinePolicy } from './testing.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

function session(options: RecordingMachineOptions = {}) {
  const sink = new RecordingSink();
  const logs: string[] = [];
  const smtpd = new Smtpd({
    clientName: 'unknown',
    clientAddress: '192.168.0.28',
    policy: recordingMachinePolicy(options),
    sink,
    now: () => Date.UTC(2024, 5, 10, 14, 39, 57),
    log: (l) => logs.push(l),
  });
  const banner = dec.decode(smtpd.start());
  const send = (s: string | Uint8Array): string => dec.decode(smtpd.receive(typeof s === 'string' ? enc.encode(s) : s));
  return { smtpd, sink, logs, banner, send };
}

const lines = (s: string): string[] => s.split('\r\n').slice(0, -1);

const MESSAGE = 'EHLO client\r\nMAIL FROM:<toto@mail128.com>\r\nRCPT TO:<etudiant@mail128.com>\r\nDATA\r\nSubject: t\r\n\r\nhello\r\n.\r\nQUIT\r\n';

describe('smtpd input handling', () => {
  it('answers pipelined commands in one segment exactly as when they come one by one', () => {
    const a = session();
    const all = a.send(MESSAGE);
    const b = session();
    const oneByOne = MESSAGE.split(/(?<=\r\n)/).map((l) => b.send(l)).join('');
    expect(all).toBe(oneByOne);
    expect(lines(all).at(-2)).toBe('250 2.0.0 Ok: queued as 452F9160045');
    expect(lines(all).at(-1)).toBe('221 2.0.0 Bye');
    expect(a.smtpd.closed).toBe(true);
  });

  it('reassembles commands split byte by byte across segments', () => {
    const s = session();
    let out = '';
    for (const ch of MESSAGE) out += s.send(ch);
    expect(out).toBe(session().send(MESSAGE));
    expect(dec.decode(s.sink.queued[0]?.data)).toBe('Subject: t\n\nhello\n');
  });

  it('accepts bare LF line endings, and LF.LF ends DATA', () => {
    const s = session();
    const out = s.send(MESSAGE.replaceAll('\r\n', '\n'));
    expect(lines(out).at(-2)).toBe('250 2.0.0 Ok: queued as 452F9160045');
    expect(dec.decode(s.sink.queued[0]?.data)).toBe('Subject: t\n\nhello\n');
  });

  it('ignores input after QUIT', () => {
    const s = session();
    expect(s.send('QUIT\r\nNOOP\r\n')).toBe('221 2.0.0 Bye\r\n');
    expect(s.send('NOOP\r\n')).toBe('');
  });

  it('cuts a 1 MB command line at line_length_limit (2048), skips the rest and stays in sync', () => {
    // Postfix smtp_get(..., var_line_limit, SMTP_GET_FLAG_SKIP): the first 2048 bytes are the
    // command, the rest of the line is discarded, a warning is logged; no special reply exists.
    const s = session();
    const junk = 'X'.repeat(1024 * 1024);
    expect(s.send(`${junk}\r\nNOOP\r\n`)).toBe('500 5.5.2 Error: command not recognized\r\n250 2.0.0 Ok\r\n');
    expect(s.logs).toContain(`warning: unknown[192.168.0.28]: request longer than 2048: ${'X'.repeat(30)}...`);
    const noop = session();
    expect(noop.send(`NOOP ${junk}\r\n`)).toBe('250 2.0.0 Ok\r\n');
  });

  it('ends a command at a NUL byte, as the C string it is in Postfix', () => {
    const s = session();
    expect(s.send(new Uint8Array([...enc.encode('NOOP'), 0, 0xff, 0x41, 0x0d, 0x0a]))).toBe('250 2.0.0 Ok\r\n');
  });

  it('refuses 8-bit commands that are not UTF-8 (smtputf8_enable = yes)', () => {
    const s = session();
    expect(s.send(new Uint8Array([0x48, 0xe9, 0x4c, 0x4f, 0x0d, 0x0a]))).toBe('500 5.5.2 Error: bad UTF-8 syntax\r\n');
    expect(s.send('helo café\r\n')).toBe('250 vm\r\n');
  });

  it('keeps NUL and 8-bit bytes and a 1 MB line of message content intact', () => {
    const s = session();
    s.send('HELO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<toto>\r\nDATA\r\n');
    const body = new Uint8Array([0x00, 0xe9, 0xff, 0x41, 0x0d, 0x0a]);
    const big = 'y'.repeat(1024 * 1024);
    s.send(body);
    s.send(`${big}\r\n.\r\n`);
    const data = s.sink.queued[0]?.data ?? new Uint8Array();
    expect([...data.subarray(0, 5)]).toEqual([0x00, 0xe9, 0xff, 0x41, 0x0a]);
    expect(data.length).toBe(5 + big.length + 1);
  });

  it('removes dot-stuffing and ends only on a lone dot', () => {
    const s = session();
    s.send('HELO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<toto>\r\nDATA\r\n');
    expect(s.send('..\r\n...x\r\n. \r\n.x\r\n')).toBe('');
    expect(s.send('.\r\n')).toBe('250 2.0.0 Ok: queued as 452F9160045\r\n');
    expect(dec.decode(s.sink.queued[0]?.data)).toBe('.\n..x\n \nx\n');
  });

  it('refuses DATA before RCPT: 503 without MAIL, 554 with MAIL but no valid recipient', () => {
    const s = session();
    expect(s.send('DATA\r\n')).toBe('503 5.5.1 Error: need RCPT command\r\n');
    expect(s.send('MAIL FROM:<a@b>\r\nDATA\r\n')).toBe('250 2.1.0 Ok\r\n554 5.5.1 Error: no valid recipients\r\n');
    expect(s.sink.queued).toHaveLength(0);
  });

  it('queues nothing when the connection drops in the middle of DATA', () => {
    const s = session();
    s.send('EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<toto>\r\nDATA\r\nSubject: half\r\n\r\nhalf a mes');
    s.smtpd.peerClosed();
    expect(s.sink.queued).toHaveLength(0);
    expect(s.sink.discarded).toEqual(['452F9160045']);
    expect(s.logs.slice(-2)).toEqual([
      'lost connection after DATA (25 bytes) from unknown[192.168.0.28]',
      'disconnect from unknown[192.168.0.28] ehlo=1 mail=1 rcpt=1 data=0/1 commands=3/4',
    ]);
  });

  it('closes with 421 after 20 errors (smtpd_hard_error_limit)', () => {
    const s = session();
    const out = lines(s.send('foo\r\n'.repeat(25)));
    expect(out).toHaveLength(21);
    expect(out[19]).toBe('500 5.5.2 Error: command not recognized');
    expect(out[20]).toBe('421 4.7.0 vm Error: too many errors');
    expect(s.smtpd.closed).toBe(true);
    expect(s.logs.slice(-2)).toEqual([
      'too many errors after UNKNOWN from unknown[192.168.0.28]',
      'disconnect from unknown[192.168.0.28] unknown=0/20 commands=0/20',
    ]);
  });

  it('closes an idle session with 421 on timeout', () => {
    const s = session();
    s.send('EHLO c\r\n');
    expect(dec.decode(s.smtpd.timeout())).toBe('421 4.4.2 vm Error: timeout exceeded\r\n');
    expect(s.smtpd.closed).toBe(true);
    expect(s.logs.at(-2)).toBe('timeout after EHLO from unknown[192.168.0.28]');
  });

  it('answers an empty line with a syntax error', () => {
    expect(session().send('\r\n')).toBe('500 5.5.2 Error: bad syntax\r\n');
  });
});

describe('smtpd commands beyond the recordings', () => {
  it('requires HELO/EHLO before MAIL when smtpd_helo_required = yes', () => {
    const s = session({ heloRequired: true });
    expect(s.send('MAIL FROM:<a@b>\r\n')).toBe('503 5.5.1 Error: send HELO/EHLO first\r\n');
    expect(s.send('HELO x\r\nMAIL FROM:<a@b>\r\n')).toBe('250 vm\r\n250 2.1.0 Ok\r\n');
  });

  it('gives the Postfix syntax errors for MAIL, RCPT, DATA, RSET and VRFY', () => {
    const s = session();
    expect(s.send('MAIL\r\n')).toBe('501 5.5.4 Syntax: MAIL FROM:<address>\r\n');
    expect(s.send('MAIL FROM:<a@b\r\n')).toBe('501 5.1.7 Bad sender address syntax\r\n');
    expect(s.send('mail  FROM:<a@b>\r\n')).toBe('250 2.1.0 Ok\r\n');
    expect(s.send('RCPT etudiant\r\n')).toBe('501 5.5.4 Syntax: RCPT TO:<address>\r\n');
    expect(s.send('RCPT TO:<>\r\n')).toBe('501 5.1.3 Bad recipient address syntax\r\n');
    expect(s.send('RCPT TO:<toto>\r\nDATA now\r\n')).toBe('250 2.1.5 Ok\r\n501 5.5.4 Syntax: DATA\r\n');
    expect(s.send('RSET all\r\n')).toBe('501 5.5.4 Syntax: RSET\r\n');
    expect(s.send('VRFY\r\n')).toBe('501 5.5.4 Syntax: VRFY address\r\n');
  });

  it('refuses a message bigger than message_size_limit, before or after DATA', () => {
    const s = session({ messageSizeLimit: 100 });
    expect(s.send('EHLO c\r\nMAIL FROM:<a@b> SIZE=101\r\n')).toContain('552 5.3.4 Message size exceeds fixed limit\r\n');
    s.send('MAIL FROM:<a@b> SIZE=50\r\nRCPT TO:<toto>\r\nDATA\r\n');
    expect(s.send(`${'z'.repeat(300)}\r\n.\r\n`)).toBe('552 5.3.4 Error: message file too big\r\n');
    expect(s.sink.queued).toHaveLength(0);
  });

  it('refuses ETRN and STARTTLS as a Debian Postfix without fast flush nor working TLS does', () => {
    const s = session();
    expect(s.send('ETRN\r\n')).toBe('500 5.5.4 Syntax: ETRN domain\r\n');
    expect(s.send('ETRN mail128.com\r\n')).toBe('459 4.3.0 <mail128.com>: service unavailable\r\n');
    expect(s.send('STARTTLS\r\n')).toBe('454 4.7.0 TLS not available due to local problem\r\n');
  });

  it('hands the queue one message per transaction with its envelope', () => {
    const s = session();
    s.send(MESSAGE);
    const m = s.sink.queued[0];
    expect(m).toMatchObject({
      queueId: '452F9160045',
      heloName: 'client',
      clientName: 'unknown',
      clientAddress: '192.168.0.28',
      sender: 'toto@mail128.com',
      recipients: ['etudiant@mail128.com'],
      protocol: 'ESMTP',
    });
  });
});
