import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng.ts';
import { composeMessage, encodeHeaderWord, flowedBody, splitAddresses, thunderbirdDate } from './compose-message.ts';

describe('the message Thunderbird writes', () => {
  it('has its header order, CRLF line ends, 7bit for ASCII', () => {
    const { text, messageId } = composeMessage({ from: 'toto@mail128.com', to: 'etudiant@mail128.com', subject: 'Test', body: 'Bonjour\n' }, Date.UTC(2026, 10, 2, 9, 5, 3), new Rng(1));
    expect(messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}@mail128\.com$/);
    expect(text).toBe([
      `Message-ID: <${messageId}>`, 'Date: Mon, 2 Nov 2026 09:05:03 +0000', 'MIME-Version: 1.0', 'User-Agent: Mozilla Thunderbird',
      'Content-Language: fr', 'To: etudiant@mail128.com', 'From: toto@mail128.com', 'Subject: Test',
      'Content-Type: text/plain; charset=UTF-8; format=flowed', 'Content-Transfer-Encoding: 7bit', '', 'Bonjour', '',
    ].join('\r\n'));
  });

  it('is the same for the same seed', () => {
    const draft = { from: 'a@b.c', to: 'd@e.f', subject: 's', body: 'b' };
    expect(composeMessage(draft, 0, new Rng(7))).toEqual(composeMessage(draft, 0, new Rng(7)));
  });

  it('encodes a non-ASCII subject (RFC 2047 Q) and an 8-bit body', () => {
    expect(encodeHeaderWord('Réunion à 10h')).toBe('=?UTF-8?Q?R=C3=A9union_=C3=A0_10h?=');
    expect(encodeHeaderWord('plain')).toBe('plain');
    const { text } = composeMessage({ from: 'a@b.c', to: 'd@e.f', subject: 'x', body: 'été' }, 0, new Rng(1));
    expect(text).toContain('Content-Transfer-Encoding: 8bit\r\n\r\nété\r\n');
  });

  it('writes format=flowed: stuffed lines, soft breaks before 72 columns, trailing spaces dropped', () => {
    expect(flowedBody('From here\n>quoted\n ok  \n')).toBe(' From here\r\n >quoted\r\n  ok\r\n');
    const long = 'mot '.repeat(30).trim();
    const lines = flowedBody(long).split('\r\n');
    expect(lines[0].length).toBeLessThanOrEqual(72);
    expect(lines[0].endsWith(' ')).toBe(true);
    expect(lines.join('')).toBe(long);
  });

  it('splits a To field', () => {
    expect(splitAddresses(' a@b.c, Toto <t@b.c>;; ')).toEqual(['a@b.c', 't@b.c']);
    expect(thunderbirdDate(Date.UTC(2026, 10, 22, 3, 33, 55))).toBe('Sun, 22 Nov 2026 03:33:55 +0000');
  });
});
