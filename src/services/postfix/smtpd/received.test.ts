import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mailDate, receivedHeader } from './received.ts';

const mbox = readFileSync(new URL('../../../../../shared/fidelity/smtp/mbox/var_mail_etudiant.mbox', import.meta.url), 'utf8');

describe('Received: header', () => {
  it('is byte for byte the one in /var/mail/etudiant after an EHLO session from localhost', () => {
    const header = receivedHeader({
      heloName: '192.168.0.28',
      clientName: 'localhost',
      clientAddress: '127.0.0.1',
      myhostname: 'vm',
      protocol: 'ESMTP',
      queueId: '452F9160045',
      recipients: ['etudiant@mail128.com'],
      date: mailDate(Date.UTC(2026, 10, 22, 3, 33, 55, 123)),
    });
    expect(mbox).toContain(`${header}\n`);
  });

  it('shows a HELO with spaces as Postfix stores it, with SMTP', () => {
    const header = receivedHeader({
      heloName: 'Bonjour?je?suis?un?etudiant',
      clientName: 'unknown',
      clientAddress: '192.168.0.28',
      myhostname: 'vm',
      protocol: 'SMTP',
      queueId: '4FBEB160046',
      recipients: ['etudiant@mail128.com'],
      date: mailDate(Date.UTC(2026, 10, 22, 3, 33, 59)),
    });
    expect(mbox).toContain(`${header}\n`);
  });

  it('puts the date on its own line for several recipients and brackets IPv6 addresses', () => {
    const header = receivedHeader({
      heloName: null,
      clientName: 'localhost',
      clientAddress: '::1',
      myhostname: 'vm',
      protocol: 'SMTP',
      queueId: 'ABC',
      recipients: ['a@vm', 'b@vm'],
      date: 'D',
    });
    expect(header).toBe('Received: from localhost (localhost [IPv6:::1])\n\tby vm (Postfix) with SMTP id ABC;\n\tD');
  });

  it('pads single-digit days with a space and prints the zone offset and name (strftime %e, %Z)', () => {
    expect(mailDate(Date.UTC(2022, 10, 7, 14, 10, 33), { offsetMinutes: 60, name: 'CET' })).toBe('Mon,  7 Nov 2022 15:10:33 +0100 (CET)');
  });
});
