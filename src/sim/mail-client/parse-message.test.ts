import { describe, expect, it } from 'vitest';
import { decodeHeader, parseMessage, unflow } from './parse-message.ts';

describe('reading a received message', () => {
  it('reads the recorded Postfix message (seed lab, imap_04): folded Received, body as is', () => {
    const raw = 'Return-Path: <toto@mail128.com>\r\nReceived: from 192.168.0.28 (localhost [127.0.0.1])\r\n\tby vm (Postfix) with ESMTP id 452F9160045\r\nFrom: toto@mail128.com\r\nTo: etudiant@mail128.com\r\nSubject: Premier test\r\nDate: Sun, 22 Nov 2026 03:33:55 +0000 (UTC)\r\n\r\nBonjour etudiant,\r\nceci est un message de test envoye par SMTP.\r\n';
    const m = parseMessage(raw);
    expect(m).toMatchObject({ from: 'toto@mail128.com', to: 'etudiant@mail128.com', subject: 'Premier test', date: 'Sun, 22 Nov 2026 03:33:55 +0000 (UTC)' });
    expect(m.headers[1]).toEqual(['Received', 'from 192.168.0.28 (localhost [127.0.0.1]) by vm (Postfix) with ESMTP id 452F9160045']);
    expect(m.body).toBe('Bonjour etudiant,\nceci est un message de test envoye par SMTP.');
  });

  it('decodes encoded words, quoted-printable, base64 and flowed text', () => {
    expect(decodeHeader('=?UTF-8?Q?R=C3=A9union_demain?= =?ISO-8859-1?B?4A==?= ok')).toBe('Réunion demainà ok');
    expect(parseMessage('Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n=C3=A9t=\n=C3=A9\n').body).toBe('été');
    expect(parseMessage('Content-Transfer-Encoding: base64\n\nw6l0w6k=\n').body).toBe('été');
    expect(unflow('un long \nparagraphe\n >cite\n', false)).toBe('un long paragraphe\n>cite\n');
  });

  it('shows the text part of a multipart message and survives garbage', () => {
    const mp = 'Content-Type: multipart/alternative; boundary="xx"\n\n--xx\nContent-Type: text/plain\n\ntexte\n--xx\nContent-Type: text/html\n\n<b>x</b>\n--xx--\n';
    expect(parseMessage(mp).body).toBe('texte');
    expect(parseMessage('').body).toBe('');
    expect(parseMessage('\u0000garbage without headers').subject).toBe('');
    expect(parseMessage('Content-Type: multipart/mixed\n\nno boundary').body).toBe('no boundary');
  });
});
