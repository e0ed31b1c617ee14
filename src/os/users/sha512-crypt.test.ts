import { describe, it, expect } from 'vitest';
import { Rng } from '../../engine/rng.ts';
import { hashPassword, sha512Crypt, verifyPassword } from './sha512-crypt.ts';

// The test vectors of Drepper's SHA-crypt specification (also glibc's crypt/sha512c-test.c),
// plus a few checked against Debian 12's libxcrypt (python3 crypt.crypt) and openssl passwd -6.
const vectors: [string, string, string][] = [
  ['$6$saltstring', 'Hello world!', '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1'],
  ['$6$rounds=10000$saltstringsaltstring', 'Hello world!', '$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.'],
  ['$6$rounds=5000$toolongsaltstring', 'This is just a test', '$6$rounds=5000$toolongsaltstrin$lQ8jolhgVRVhY4b5pZKaysCLi0QBxGoNeKQzQ3glMhwllF7oGDZxUhx1yxdYcz/e1JSbq3y6JMxxl8audkUEm0'],
  ['$6$rounds=1400$anotherlongsaltstring', 'a very much longer text to encrypt.  This one even stretches over morethan one line.', '$6$rounds=1400$anotherlongsalts$POfYwTEok97VWcjxIiSOjiykti.o/pQs.wPvMxQ6Fm7I6IoYN3CmLs66x9t0oSwbtEW7o7UmJEiDwGqd8p4ur1'],
  ['$6$rounds=77777$short', 'we have a short salt string but not a short password', '$6$rounds=77777$short$WuQyW2YR.hBNpjjRhpYD/ifIw05xdfeEyQoMxIXbkvr0gge1a1x3yRULJ5CCaUeOxFmtlcGZelFl5CxtgfiAc0'],
  ['$6$rounds=10$roundstoolow', 'the minimum number is still observed', '$6$rounds=1000$roundstoolow$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4ZEQpyUNGc0dqbpBYYBaHHrsX.'],
  ['$6$abcdefgh', 'Etudiant1', '$6$abcdefgh$QQ/YYn.QE8UplPLRd7O15zSB9CPC6HFr1DoFfDWms6/zUp5p4BaYjepdd/ccDX.Rt/uASd19IL4vl5iMm98Ak0'],
  ['$6$x', 'é'.repeat(40), '$6$x$IwlBljoeW4PE2.S9T7azL.fcmKmQCDo7jbiVZIMuLrvMwVlztdQFp/obgdp2qwU9tBEgsLl/v9/.75gV1dpRG1'],
  ['$6$saltsalt', 'x'.repeat(130), '$6$saltsalt$yn/TfUr7jeCZCBNjprELMkLG6d/sZaOzU2NMDU.Bek1kXTYEO65IxWn3/mQ.z0oiOKMxFvZABOBCGerQ84LFv/'],
  ['$6$', '', '$6$$/chiBau24cE26QQVW3IfIe68Xu5.JQ4E8Ie7lcRLwqxO5cxGuBhqF2HmTL.zWJ9zjChg3yJYFXeGBQ2y3Ba1d1'],
];

describe('sha512Crypt', () => {
  for (const [setting, password, expected] of vectors) {
    it(`matches glibc for ${setting}`, () => {
      expect(sha512Crypt(password, setting)).toBe(expected);
    });
  }

  it('accepts a whole hash as the setting (how verification re-hashes)', () => {
    const [, password, expected] = vectors[0];
    expect(sha512Crypt(password, expected)).toBe(expected);
  });
});

describe('hashPassword / verifyPassword', () => {
  it('writes a $6$ hash with a 16-character salt from the seeded RNG, verifiable afterwards', () => {
    const hash = hashPassword('Etudiant1', new Rng(7));
    expect(hash).toMatch(/^\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
    expect(hashPassword('Etudiant1', new Rng(7))).toBe(hash);
    expect(verifyPassword('Etudiant1', hash)).toBe(true);
    expect(verifyPassword('etudiant1', hash)).toBe(false);
  });

  it('treats locked, disabled and unknown-scheme fields as never matching, an empty field as no password', () => {
    const hash = hashPassword('toto', new Rng(1));
    expect(verifyPassword('toto', '!' + hash)).toBe(false);
    expect(verifyPassword('', '*')).toBe(false);
    expect(verifyPassword('', '!')).toBe(false);
    expect(verifyPassword('toto', '$y$j9T$abc$def')).toBe(false);
    expect(verifyPassword('anything', '')).toBe(true);
  });
});
