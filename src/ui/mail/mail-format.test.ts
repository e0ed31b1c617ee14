import { describe, expect, it } from 'vitest';
import { errorLine, senderName, shortDate } from './mail-format.ts';
import { mailTexts } from './mail-i18n.ts';

describe('mail panel formatting', () => {
  it('shows an error with its kind in the page language and the server text as is', () => {
    expect(errorLine(mailTexts('fr'), { kind: 'auth', message: 'PASS **** -> -ERR [AUTH] Authentication failed.' })).toBe('Échec de l’authentification : PASS **** -> -ERR [AUTH] Authentication failed.');
    expect(errorLine(mailTexts('en'), { kind: 'settings', message: 'address, incomingPort' })).toBe('Wrong settings: invalid email address, invalid incoming server port');
  });

  it('names the sender and shortens the date', () => {
    expect(senderName('Toto <toto@mail128.com>')).toBe('Toto');
    expect(senderName('"Le Prof" <p@x>')).toBe('Le Prof');
    expect(senderName('<p@x>')).toBe('p@x');
    expect(senderName('toto@mail128.com')).toBe('toto@mail128.com');
    expect(shortDate('Sun, 22 Nov 2026 03:33:55 +0000 (UTC)')).toBe('2026-11-22 03:33');
    expect(shortDate('garbage')).toBe('garbage');
  });
});
